//! A WebDriver session on a local chromedriver (headless Chromium), its
//! JSON spoken over HTTP with ureq: open pages, run scripts, wait for
//! conditions, click and type. Shared by the browser tests.

use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};

pub fn chromedriver() -> Option<String> {
    super::tool(
        &["chromedriver", "/usr/lib/chromium/chromedriver"],
        "chromium and chromium-driver",
    )
}

/// A WebDriver session on a local chromedriver, its JSON spoken over HTTP
/// with ureq. chromedriver is killed, and the session ended, on drop.
pub struct Driver {
    child: std::process::Child,
    base: String,
    agent: ureq::Agent,
    session: String,
    _profile: tempfile::TempDir,
}

impl Driver {
    pub fn start(bin: &str) -> Driver {
        // a free port from the OS
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new(bin)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let mut d = Driver {
            child,
            base: format!("http://127.0.0.1:{port}"),
            agent,
            session: String::new(),
            _profile: tempfile::tempdir().unwrap(),
        };
        let t = Instant::now();
        while d.request("GET", "/status", None).is_err() {
            assert!(
                t.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
            .into_iter()
            .find(|p| Path::new(p).exists());
        let mut opts = json!({"args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--allow-file-access-from-files", "--disable-background-networking",
            format!("--user-data-dir={}", d._profile.path().display()),
        ]});
        if let Some(c) = chromium {
            opts["binary"] = json!(c);
        }
        let caps = json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": opts}}});
        let v = d.call("POST", "/session", caps);
        d.session = v["sessionId"].as_str().expect("a session").to_string();
        d
    }

    /// One WebDriver command: its JSON answer, or the transport's error.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, ureq::Error> {
        let url = format!("{}{path}", self.base);
        let mut resp = match (method, body) {
            ("POST", b) => self
                .agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(b.unwrap_or(&json!({})).to_string())?,
            ("DELETE", _) => self.agent.delete(&url).call()?,
            _ => self.agent.get(&url).call()?,
        };
        let text = resp.body_mut().read_to_string()?;
        Ok(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}")))
    }

    pub fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let v = self
            .request(method, path, Some(&body))
            .unwrap_or_else(|e| panic!("webdriver {path}: {e}"));
        assert!(v["value"]["error"].is_null(), "{path}: {v}");
        v["value"].clone()
    }

    pub fn s(&self, p: &str) -> String {
        format!("/session/{}{p}", self.session)
    }

    pub fn open(&self, url: &str) {
        self.call("POST", &self.s("/url"), json!({ "url": url }));
    }

    pub fn js(&self, script: &str) -> Value {
        self.call(
            "POST",
            &self.s("/execute/sync"),
            json!({"script": script, "args": []}),
        )
    }

    /// Poll `script` until it returns something truthy (20 s at most).
    pub fn wait(&self, script: &str) -> Value {
        let t = Instant::now();
        loop {
            let v = self.js(script);
            if !(v.is_null() || v == json!(false) || v == json!([]) || v == json!("")) {
                return v;
            }
            assert!(t.elapsed() < Duration::from_secs(20), "timed out: {script}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The `href`s of the elements `css` selects, once there are some.
    pub fn hrefs(&self, css: &str) -> Vec<String> {
        let script = format!(
            "var l = Array.from(document.querySelectorAll({css:?})).map(a => a.getAttribute('href')); return l.length ? l : null;"
        );
        serde_json::from_value(self.wait(&script)).unwrap()
    }

    /// The WebDriver id of the first element `css` selects.
    pub fn element(&self, css: &str) -> String {
        let el = self.call(
            "POST",
            &self.s("/element"),
            json!({"using": "css selector", "value": css}),
        );
        el.as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .expect("element")
            .to_string()
    }

    /// Click the first element `css` selects, as a user would.
    pub fn click(&self, css: &str) {
        let id = self.element(css);
        self.call("POST", &self.s(&format!("/element/{id}/click")), json!({}));
    }

    /// Run a Chrome DevTools Protocol command (`Emulation.setEmulatedMedia`…).
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.call(
            "POST",
            &self.s("/goog/cdp/execute"),
            json!({"cmd": cmd, "params": params}),
        )
    }

    pub fn type_into(&self, css: &str, text: &str) {
        self.click(css);
        let id = self.element(css);
        self.call(
            "POST",
            &self.s(&format!("/element/{id}/value")),
            json!({ "text": text }),
        );
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.request("DELETE", &self.s(""), None);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
