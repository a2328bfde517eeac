//! The `minutebook` command line: build, check, serve, init.

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use minutebook::config::{Config, Overrides};
use minutebook::diagnostics::{Diagnostic, Severity};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc: the build allocates many small strings on every thread; glibc's
/// allocator spent about 15% of a 5,000-note build in malloc and free.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long mimalloc keeps freed memory before it gives it back to the
/// system, in milliseconds (its default is 1,000). A build frees as fast as
/// it allocates: within a second's delay, the freed pages of many notes add
/// up. A 20,000-note build (the sources dropped after publish) peaked at
/// 545-570 MiB with the default and about 515 MiB with 100 ms, at the same
/// speed; 10 ms went lower but cost 7% at 5,000 notes.
/// `MIMALLOC_PURGE_DELAY` still wins.
const PURGE_DELAY_MS: std::ffi::c_long = 100;

/// `mi_option_purge_delay`: its place in mimalloc 3's `mi_option_e`
/// (`mimalloc.h`), which the Rust bindings do not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Sets mimalloc's options before the work starts; see [`PURGE_DELAY_MS`].
fn tune_allocator() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: mi_option_set only stores the value in mimalloc's option
        // table; it is read when freed memory is scheduled to be purged.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) }
    }
}

/// Turn an Obsidian-style vault of meeting notes into a static site.
#[derive(Parser)]
#[command(name = "minutebook", version, about, long_about = None)]
struct Cli {
    /// The site.toml to use (default: ./site.toml when present).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The vault folder (overrides `vault` in site.toml).
    #[arg(long, global = true, value_name = "DIR")]
    vault: Option<PathBuf>,
    /// The output folder (overrides `output` in site.toml).
    #[arg(long, global = true, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The publish profile to apply (overrides `default_profile`).
    #[arg(long, global = true, value_name = "NAME")]
    profile: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// `file:line:col: severity[code]: message`
    Human,
    /// The JSON report (notes, people, series, diagnostics).
    Json,
    /// GitHub Actions workflow annotations.
    Github,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        /// Print every diagnostic, not just the summary.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Check the vault: everything but the final write. Exit 1 on errors.
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Build, serve on localhost and rebuild on changes.
    Serve {
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; other machines can read the site unless it
        /// is a loopback address.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the browser once it is served.
        #[arg(long)]
        open: bool,
        /// Do not watch for changes (no rebuilds, no live reload).
        #[arg(long)]
        no_watch: bool,
    },
    /// Create a site.toml and a small starter vault in DIR.
    Init {
        /// Folder to create the site in.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Remove a previous site that a build swapped out (what `build` runs
    /// in the background, so the old site's removal does not hold it up).
    #[command(hide = true, name = "__remove-old-site")]
    RemoveOldSite {
        /// The set-aside folder.
        dir: PathBuf,
    },
}

/// Remove the previous site in a detached process, so the build returns
/// without waiting for it; inline when no process can be started.
fn remove_in_background(old: &std::path::Path) {
    let spawned = std::env::current_exe().and_then(|exe| {
        std::process::Command::new(exe)
            .arg("__remove-old-site")
            .arg(old)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
    });
    if spawned.is_err() {
        if let Err(e) = minutebook::write::remove_old(old) {
            eprintln!("warning: {e:#}");
        }
    }
}

fn main() -> ExitCode {
    tune_allocator();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match real_main(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn load_config(cli: &Cli) -> Result<Config> {
    let over = Overrides {
        vault: cli.vault.clone(),
        out: cli.out.clone(),
        profile: cli.profile.clone(),
    };
    Config::load(cli.config.as_deref(), &over)
}

fn spinner(cfg: &Config) -> Option<indicatif::ProgressBar> {
    if !cfg.progress || !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::new_spinner();
    pb.enable_steady_tick(std::time::Duration::from_millis(100));
    Some(pb)
}

fn real_main(cli: Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Init { dir } => {
            init(dir)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::RemoveOldSite { dir } => {
            minutebook::write::remove_old(dir)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Build { verbose } => build_command(&cli, *verbose),
        Command::Check { format, strict } => check_command(&cli, *format, *strict),
        Command::Serve {
            port,
            bind,
            open,
            no_watch,
        } => {
            let cfg = load_config(&cli)?;
            let file = cli.config.clone();
            let over = Overrides {
                vault: cli.vault.clone(),
                out: cli.out.clone(),
                profile: cli.profile.clone(),
            };
            let opts = minutebook::serve::Options {
                bind: *bind,
                port: *port,
                watch: !*no_watch,
                open: *open,
            };
            let load = Box::new(move || Config::load(file.as_deref(), &over));
            minutebook::serve::serve(cfg, load, &opts)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `minutebook build`: write the site, print the summary.
fn build_command(cli: &Cli, verbose: bool) -> Result<ExitCode> {
    let cfg = load_config(cli)?;
    let pb = spinner(&cfg);
    let started = std::time::Instant::now();
    let outcome = minutebook::build_keeping_old(&cfg, &|s| {
        if let Some(pb) = &pb {
            pb.set_message(s.to_string());
        }
    });
    if let Some(pb) = &pb {
        pb.finish_and_clear();
    }
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e:#}");
            return Ok(ExitCode::from(1));
        }
    };
    if verbose {
        for d in &outcome.diagnostics {
            eprintln!("{d}");
        }
        let t: Vec<String> = outcome
            .timings
            .iter()
            .map(|(s, d)| format!("{s} {:.2}s", d.as_secs_f64()))
            .collect();
        eprintln!("stages: {}", t.join(", "));
    }
    let site = outcome.published.site();
    eprintln!(
        "built {} notes, {} people, {} series, {} tags into {} ({} files) in {:.2}s",
        site.notes.len(),
        site.people.len(),
        site.series.len(),
        site.tags.len(),
        cfg.output.display(),
        outcome.written.files,
        started.elapsed().as_secs_f64()
    );
    if let Some(old) = &outcome.old_site {
        remove_in_background(old);
    }
    eprintln!("{}", minutebook::report::classification(site));
    if let Some(st) = &outcome.search {
        eprintln!(
            "search index: {} documents, {} terms in {} shards; {} files, {:.1} MB",
            st.docs,
            st.terms,
            st.shards,
            st.files,
            st.bytes as f64 / 1e6
        );
    }
    if let Some(g) = &outcome.guard {
        eprintln!(
            "leak guard: no output file holds any of {} thing(s) profile {:?} removes{}",
            g.len(),
            outcome.published.profile().unwrap_or(""),
            if g.set_aside > 0 {
                format!(" ({} set aside: the theme itself writes them)", g.set_aside)
            } else {
                String::new()
            }
        );
    }
    summarise(&outcome.diagnostics, verbose);
    exit_without_freeing(outcome);
    Ok(ExitCode::SUCCESS)
}

/// The process is about to exit and the system takes its memory back at
/// once: freeing the site piece by piece first (the notes, their links and
/// items, the index's leftovers) took about 0.2 s of a 5,000-note build
/// and 0.1 s of its `check`, on one thread, after the work was done.
/// Nothing in an [`minutebook::Outcome`] does more when dropped than free
/// memory and close the store's unlinked file, which the exit does too.
fn exit_without_freeing(outcome: minutebook::Outcome) {
    std::mem::forget(outcome);
}

/// `minutebook check`: run every stage but the write, print the diagnostics.
fn check_command(cli: &Cli, format: Format, strict: bool) -> Result<ExitCode> {
    let cfg = load_config(cli)?;
    let outcome = minutebook::check(&cfg)?;
    let diags = &outcome.diagnostics;
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let r = minutebook::report::report(&outcome.published, diags);
            serde_json::to_writer(&mut out, &r)?;
            writeln!(out)?;
        }
        Format::Human => {
            if let Some(name) = outcome.published.profile() {
                let ds = outcome.published.decisions();
                let out_n = ds.iter().filter(|d| !d.published).count();
                let mut reasons: std::collections::BTreeMap<&str, usize> = Default::default();
                for d in ds.iter().filter(|d| !d.published) {
                    *reasons.entry(d.reason.as_str()).or_default() += 1;
                }
                writeln!(
                    out,
                    "profile {name}: {} notes published, {out_n} removed",
                    ds.len() - out_n
                )?;
                for (r, n) in &reasons {
                    writeln!(out, "  {n:>5} removed: {r}")?;
                }
                for d in ds.iter().filter(|d| !d.published) {
                    writeln!(out, "  out: {} ({})", d.source, d.reason)?;
                }
            }
            for d in diags {
                writeln!(out, "{d}")?;
            }
            writeln!(
                out,
                "{}",
                minutebook::report::classification(outcome.published.site())
            )?;
            writeln!(
                out,
                "{} notes checked: {errors} error(s), {warnings} warning(s), {} note(s)",
                outcome.published.site().notes.len(),
                diags.len() - errors - warnings
            )?;
        }
        Format::Github => {
            for d in diags {
                writeln!(out, "{}", github(d, &cfg))?;
            }
            writeln!(out, "{errors} error(s), {warnings} warning(s)")?;
        }
    }
    drop(out);
    let failed = errors > 0 || (strict && warnings > 0);
    exit_without_freeing(outcome);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn summarise(diags: &[Diagnostic], verbose: bool) {
    if diags.is_empty() {
        return;
    }
    let mut by_code: std::collections::BTreeMap<(&str, Severity), usize> = Default::default();
    for d in diags {
        *by_code.entry((d.code, d.severity)).or_default() += 1;
    }
    let parts: Vec<String> = by_code
        .iter()
        .map(|((c, s), n)| format!("{n} {s}[{c}]"))
        .collect();
    eprintln!("diagnostics: {}", parts.join(", "));
    if !verbose {
        eprintln!("run `minutebook check` for the details");
    }
}

fn gh_escape(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_prop(s: &str) -> String {
    gh_escape(s).replace(':', "%3A").replace(',', "%2C")
}

fn github(d: &Diagnostic, cfg: &Config) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let file = if d.file.is_empty() {
        String::new()
    } else {
        let full = cfg.vault.join(&d.file);
        let shown = std::env::current_dir()
            .ok()
            .and_then(|c| full.strip_prefix(c).ok().map(|p| p.to_path_buf()))
            .unwrap_or(full);
        format!("file={},", gh_prop(&shown.to_string_lossy()))
    };
    format!(
        "::{level} {file}line={},col={},title={}::{}",
        d.line.max(1),
        d.col.max(1),
        gh_prop(d.code),
        gh_escape(&d.message)
    )
}

fn init(dir: &std::path::Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let site = dir.join("site.toml");
    if site.exists() {
        anyhow::bail!("{} already exists; not overwriting it", site.display());
    }
    let vault = dir.join("vault");
    let meeting = vault.join("Meetings/Team/Weekly Sync/2025-01-06 Weekly Sync.md");
    let person = vault.join("People/Ada Lovelace.md");
    for p in [&meeting, &person] {
        if p.exists() {
            anyhow::bail!("{} already exists; not overwriting it", p.display());
        }
    }
    std::fs::write(
        &site,
        "# minutebook site configuration; every key is optional.\n\
         title = \"Meeting notes\"\n\
         vault = \"vault\"\n\
         output = \"public\"\n\
         # an Obsidian vault: %%comments%%, #tags and [[links]] the Obsidian way\n\
         # (\"auto\" decides by a .obsidian/ folder in the vault)\n\
         obsidian = true\n\
         # people_fields = [\"counterpart\", \"attendees\"]\n",
    )?;
    if let Some(parent) = meeting.parent() {
        std::fs::create_dir_all(parent)?;
    }
    if let Some(parent) = person.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(
        &meeting,
        "---\ntype: team\ncreated: 2025-01-06\nseries: \"Team/Weekly Sync\"\nattendees:\n  - \"[[Ada Lovelace]]\"\n  - \"[[Charles Babbage]]\"\ntags: [meeting]\n---\n\
         # Weekly Sync — 2025-01-06\n\n> [!info] Purpose\n> Agree the week's priorities.\n\n## Decisions\n\n- Ship the analytical engine notes. #decision\n\n\
         ## Action items\n\n- [ ] Draft the notes on Bernoulli numbers @Ada Lovelace 🔼 📅 2025-01-13\n",
    )?;
    std::fs::write(
        &person,
        "---\ntype: person\nrole: \"Mathematician\"\naliases: [Ada]\n---\n# Ada Lovelace\n\nWrites the notes.\n",
    )?;
    eprintln!(
        "created {} and a starter vault in {}",
        site.display(),
        vault.display()
    );
    eprintln!("next: cd {} && minutebook build", dir.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option index is mimalloc's purge delay: it holds mimalloc's
    /// default (1,000 ms) until the build sets it.
    #[test]
    fn purge_delay_is_the_option_we_set() {
        // SAFETY: reads and writes mimalloc's option table only.
        let before = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(before, 1000);
        }
        tune_allocator();
        let after = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(after, PURGE_DELAY_MS);
        }
    }
}
