//! Write: the site into `--out`, atomically, as it is rendered.
//!
//! Takes rendered files one at a time (a [`Staging`] folder is a
//! [`Sink`]: each page is written by the task that rendered it, so nothing
//! holds the whole output) and the attachments to copy; writes them into a
//! temporary folder beside the output folder, then swaps it in with one
//! rename (on Linux an atomic exchange of the two folders, so there is no
//! moment without an output folder), so a failed build never leaves half a
//! site. Gives back the previous site's folder, which the caller removes
//! off the critical path ([`remove_old`]). Temporary folders left by
//! crashed runs are removed at the next build. Refuses an output folder that
//! is the vault, lies inside it, contains it, or is a non-empty folder that
//! minutebook did not write (it leaves a marker file in what it writes).

use crate::render::{OutFile, Sink};
use anyhow::{Context, Result, bail};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};

/// The marker file minutebook leaves in every output folder it writes.
pub const MARKER: &str = ".minutebook-output";

/// The canonical form of a path that may not exist yet.
fn canonical_lenient(p: &Path) -> PathBuf {
    let mut existing = p.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut c = std::fs::canonicalize(&existing).unwrap_or(existing);
    for r in rest.into_iter().rev() {
        c.push(r);
    }
    c
}

/// Check that `out` may be written for a vault at `vault`.
pub fn check_output(out: &Path, vault: &Path) -> Result<()> {
    let o = canonical_lenient(out);
    let v = canonical_lenient(vault);
    if o == v {
        bail!(
            "refusing to write the site into the vault itself ({})",
            out.display()
        );
    }
    if o.starts_with(&v) {
        bail!(
            "refusing to write the site inside the vault ({} is in {})",
            out.display(),
            vault.display()
        );
    }
    if v.starts_with(&o) {
        bail!(
            "refusing to write the site into {}: it contains the vault",
            out.display()
        );
    }
    if o.parent().is_none() {
        bail!("refusing to write the site into the file system root");
    }
    if out.exists() {
        if !out.is_dir() {
            bail!("{} exists and is not a folder", out.display());
        }
        let non_empty = std::fs::read_dir(out)?.next().is_some();
        if non_empty && !out.join(MARKER).is_file() {
            bail!(
                "refusing to replace {}: it is not empty and minutebook did not write it (no {MARKER} file). Choose another --out or empty it",
                out.display()
            );
        }
    }
    Ok(())
}

const MARKER_TEXT: &str = "This folder was written by minutebook; it replaces it on every build.\n";

/// A new site being written into a temporary folder beside the output
/// folder. Dropped before [`Staging::finish`], it removes what it wrote.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    dirs: Mutex<HashSet<PathBuf>>,
    files: AtomicUsize,
    bytes: AtomicU64,
    done: bool,
}

/// What a finished [`Staging`] wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    /// Files written or copied.
    pub files: usize,
    /// Their bytes.
    pub bytes: u64,
}

impl Staging {
    /// Check that `out` may be written for a vault at `vault`, remove
    /// temporary folders of crashed runs beside it, and make a new one.
    pub fn begin(out: &Path, vault: &Path) -> Result<Staging> {
        check_output(out, vault)?;
        let (parent, name) = place(out);
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        remove_stale(&parent, &name);
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        std::fs::create_dir(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        // first, so that a crashed run's folder is recognisably ours
        std::fs::write(tmp.join(MARKER), MARKER_TEXT)?;
        Ok(Staging {
            out: out.to_path_buf(),
            tmp,
            dirs: Mutex::new(HashSet::new()),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            done: false,
        })
    }

    /// The temporary folder (what a check before the swap reads).
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// The folder that will hold `rel`, created once.
    fn target(&self, rel: &str) -> Result<PathBuf> {
        safe_rel(rel)?;
        let p = self.tmp.join(rel);
        if let Some(dir) = p.parent() {
            let known = self
                .dirs
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(dir);
            if !known {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
                self.dirs
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(dir.to_path_buf());
            }
        }
        Ok(p)
    }

    /// Copy the vault file `src` to the output-relative path `rel`.
    pub fn copy(&self, src: &Path, rel: &str) -> Result<()> {
        let p = self.target(rel)?;
        let n = std::fs::copy(src, &p)
            .with_context(|| format!("cannot copy {} to {}", src.display(), p.display()))?;
        self.files.fetch_add(1, Relaxed);
        self.bytes.fetch_add(n, Relaxed);
        Ok(())
    }

    /// What has been written so far.
    pub fn written(&self) -> Written {
        Written {
            files: self.files.load(Relaxed),
            bytes: self.bytes.load(Relaxed),
        }
    }

    /// Run `check` over the complete new site, then swap it in. An error
    /// from `check` or the swap discards the new site and leaves the old one
    /// as it was. Gives the folder now holding the previous site, if any,
    /// for [`remove_old`].
    pub fn finish(mut self, check: &dyn Fn(&Path) -> Result<()>) -> Result<Option<PathBuf>> {
        check(&self.tmp)?;
        let old = swap(&self.tmp, &self.out)?;
        self.done = true;
        Ok(old)
    }
}

impl Sink for Staging {
    fn put(&self, file: OutFile) -> Result<()> {
        let p = self.target(&file.path)?;
        std::fs::write(&p, &file.bytes).with_context(|| format!("cannot write {}", p.display()))?;
        self.files.fetch_add(1, Relaxed);
        self.bytes.fetch_add(file.bytes.len() as u64, Relaxed);
        Ok(())
    }

    fn scratch_dir(&self) -> Option<&Path> {
        Some(&self.tmp)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// The folder that holds `out`, and `out`'s own name.
fn place(out: &Path) -> (PathBuf, String) {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    (parent, name)
}

/// Whether the process `pid` may still be running (only knowable on Linux;
/// elsewhere every other process is assumed alive).
fn alive(pid: u32) -> bool {
    pid == std::process::id() || !Path::new("/proc/self").exists() || {
        Path::new(&format!("/proc/{pid}")).exists()
    }
}

/// Remove `.NAME.tmp-PID` and `.NAME.old-PID` folders beside the output
/// folder whose run has ended (a crash, a kill): they hold minutebook's
/// marker, and no running process owns them.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name();
        let file = file.to_string_lossy();
        let Some(pid) = [".tmp-", ".old-"].iter().find_map(|k| {
            file.strip_prefix(&format!(".{name}{k}"))
                .and_then(|p| p.parse::<u32>().ok())
        }) else {
            continue;
        };
        let path = e.path();
        if !alive(pid) && path.join(MARKER).is_file() {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Put `tmp` in place of `out` with one rename. When `out` exists, gives
/// the folder that now holds the previous site.
fn swap(tmp: &Path, out: &Path) -> Result<Option<PathBuf>> {
    if !out.exists() {
        std::fs::rename(tmp, out)
            .with_context(|| format!("cannot move the new site into {}", out.display()))?;
        return Ok(None);
    }
    if exchange(tmp, out)? {
        return Ok(Some(tmp.to_path_buf()));
    }
    // no atomic exchange here: two renames, the old site set aside first
    let (parent, name) = place(out);
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    std::fs::rename(out, &old)
        .with_context(|| format!("cannot move the old {} aside", out.display()))?;
    if let Err(e) = std::fs::rename(tmp, out) {
        let _ = std::fs::rename(&old, out);
        return Err(e).with_context(|| format!("cannot move the new site into {}", out.display()));
    }
    Ok(Some(old))
}

/// Exchange two folders atomically (Linux `renameat2(RENAME_EXCHANGE)`).
/// `Ok(false)` when the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<bool> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes());
    let (Ok(ca), Ok(cb)) = (c(a), c(b)) else {
        return Ok(false);
    };
    // SAFETY: both paths are NUL-terminated C strings that outlive the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EPERM) => Ok(false),
        _ => Err(e).with_context(|| format!("cannot swap {} into {}", a.display(), b.display())),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> Result<bool> {
    Ok(false)
}

/// Remove a previous site that [`Staging::finish`] swapped out. Refuses
/// anything that is not one of minutebook's set-aside folders (a hidden
/// `.NAME.tmp-PID` or `.NAME.old-PID` holding the marker).
pub fn remove_old(path: &Path) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ours = name.starts_with('.')
        && (name.contains(".tmp-") || name.contains(".old-"))
        && path.join(MARKER).is_file();
    if !ours {
        bail!(
            "refusing to remove {}: not a site minutebook set aside",
            path.display()
        );
    }
    std::fs::remove_dir_all(path).with_context(|| format!("cannot remove {}", path.display()))
}

/// Write `files`, copy `copies` (vault path → output-relative path), and
/// swap the result into `out`, removing the previous site: the whole write
/// stage in one call, for callers that hold their files in memory.
pub fn write_site(
    out: &Path,
    vault: &Path,
    files: &[OutFile],
    copies: &[(PathBuf, String)],
) -> Result<()> {
    use rayon::prelude::*;
    let staging = Staging::begin(out, vault)?;
    files.par_iter().try_for_each(|f| staging.put(f.clone()))?;
    copies
        .par_iter()
        .try_for_each(|(src, rel)| staging.copy(src, rel))?;
    if let Some(old) = staging.finish(&|_| Ok(()))? {
        remove_old(&old)?;
    }
    Ok(())
}

/// Replace one file of a built site in place, as `serve` does after an
/// edit: the new bytes go to a temporary file beside it, renamed over the
/// old one, so a reader never sees half a page. A file that already holds
/// these bytes is left alone. Gives whether the file was written.
pub fn replace_in(out: &Path, file: &OutFile) -> Result<bool> {
    safe_rel(&file.path)?;
    let p = out.join(&file.path);
    if std::fs::read(&p).is_ok_and(|old| old == file.bytes) {
        return Ok(false);
    }
    let dir = p.parent().unwrap_or(out);
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, &file.bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &p).with_context(|| format!("cannot replace {}", p.display()))?;
    Ok(true)
}

/// Copy the vault file `src` to `rel` in a built site unless a file is
/// already there (`serve`, when an edit makes a note link to an attachment
/// the site did not carry): through a temporary file renamed into place.
/// Gives whether it copied.
pub fn copy_in(out: &Path, src: &Path, rel: &str) -> Result<bool> {
    safe_rel(rel)?;
    let p = out.join(rel);
    if p.is_file() {
        return Ok(false);
    }
    let dir = p.parent().unwrap_or(out);
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let tmp = dir.join(format!(".copy.tmp-{}", std::process::id()));
    std::fs::copy(src, &tmp)
        .with_context(|| format!("cannot copy {} to {}", src.display(), tmp.display()))?;
    std::fs::rename(&tmp, &p).with_context(|| format!("cannot replace {}", p.display()))?;
    Ok(true)
}

/// A [`Sink`] that replaces each file it is given in a built site
/// ([`replace_in`]) and touches nothing else: `serve`, after an edit that
/// makes the same files with other bytes.
pub struct InPlace<'a> {
    out: &'a Path,
    given: AtomicUsize,
    written: AtomicUsize,
}

impl<'a> InPlace<'a> {
    /// Files will be replaced in the site in `out`.
    pub fn new(out: &'a Path) -> Self {
        InPlace {
            out,
            given: AtomicUsize::new(0),
            written: AtomicUsize::new(0),
        }
    }

    /// How many files it was given, and how many of those it wrote (the
    /// others held these bytes already).
    pub fn counts(&self) -> (usize, usize) {
        (self.given.load(Relaxed), self.written.load(Relaxed))
    }
}

impl Sink for InPlace<'_> {
    fn put(&self, file: OutFile) -> Result<()> {
        self.given.fetch_add(1, Relaxed);
        if replace_in(self.out, &file)? {
            self.written.fetch_add(1, Relaxed);
        }
        Ok(())
    }
}

/// A [`Sink`] that makes the folder `dir` of a built site hold exactly the
/// files it is given (their paths all under `dir/`, relative to `out`), as
/// `serve` refreshes the search index: each file replaced in place as it
/// comes when its bytes changed ([`replace_in`]), others left alone; once
/// all are given, [`Refresh::finish`] removes the files no longer made, and
/// the folders they leave empty. [`Refresh::whole`] does the same for the
/// whole site but the paths it is told to spare. Setting `cancel` makes the
/// next `put` fail, which stops a build streaming into it.
pub struct Refresh<'a> {
    /// Where each file given goes, counted.
    replaced: InPlace<'a>,
    dir: &'a str,
    cancel: &'a std::sync::atomic::AtomicBool,
    /// Output-relative paths (a file, or a folder ending in `/`) that
    /// [`Refresh::finish`] leaves alone.
    spare: Vec<String>,
    kept: Mutex<HashSet<PathBuf>>,
}

/// Files a [`Refresh`] wrote, removed, and was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refreshed {
    /// Files given ([`Sink::put`]), written or not.
    pub given: usize,
    pub written: usize,
    pub removed: usize,
    pub files: usize,
}

impl<'a> Refresh<'a> {
    /// Refresh `out/dir`, unless `cancel` is set.
    pub fn new(
        out: &'a Path,
        dir: &'a str,
        cancel: &'a std::sync::atomic::AtomicBool,
    ) -> Result<Self> {
        safe_rel(dir)?;
        Ok(Refresh {
            replaced: InPlace::new(out),
            dir,
            cancel,
            spare: Vec::new(),
            kept: Mutex::default(),
        })
    }

    /// Refresh the whole site in `out` but `spare` (output-relative paths:
    /// files, or folders ending in `/`) and the output marker, unless
    /// `cancel` is set.
    pub fn whole(
        out: &'a Path,
        cancel: &'a std::sync::atomic::AtomicBool,
        mut spare: Vec<String>,
    ) -> Self {
        spare.push(MARKER.to_string());
        Refresh {
            replaced: InPlace::new(out),
            dir: "",
            cancel,
            spare,
            kept: Mutex::default(),
        }
    }

    /// Remove what was not given, and the folders that leaves empty; say
    /// what was done.
    pub fn finish(self) -> Result<Refreshed> {
        let keep = self.kept.into_inner().unwrap_or_else(|e| e.into_inner());
        let out = self.replaced.out;
        let top = out.join(self.dir);
        let spared = |p: &Path| {
            let rel = p
                .strip_prefix(out)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            self.spare.iter().any(|s| match s.strip_suffix('/') {
                Some(d) => rel == d || rel.starts_with(s.as_str()),
                None => rel == *s,
            })
        };
        let mut removed = 0;
        let mut dirs = Vec::new();
        // the folders a removal may have left empty
        let mut emptied: HashSet<PathBuf> = HashSet::new();
        let walk = walkdir::WalkDir::new(&top)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| !spared(e.path()));
        for e in walk {
            let e = e?;
            if e.file_type().is_dir() {
                if e.depth() > 0 {
                    dirs.push(e.into_path());
                }
            } else if !keep.contains(e.path()) {
                std::fs::remove_file(e.path())
                    .with_context(|| format!("cannot remove {}", e.path().display()))?;
                removed += 1;
                emptied.extend(e.path().parent().map(Path::to_path_buf));
            }
        }
        // a folder the removals left empty goes too (a build makes none);
        // deepest first, as a folder comes before what it holds
        for d in dirs.iter().rev() {
            if emptied.contains(d) && std::fs::read_dir(d)?.next().is_none() {
                std::fs::remove_dir(d).with_context(|| format!("cannot remove {}", d.display()))?;
                emptied.extend(d.parent().map(Path::to_path_buf));
            }
        }
        let (given, written) = self.replaced.counts();
        Ok(Refreshed {
            given,
            written,
            removed,
            files: keep.len(),
        })
    }
}

impl Refresh<'_> {
    /// Keep the file at `rel` (output-relative) as it is: a page known not
    /// to have changed, not rendered again.
    pub fn keep(&self, rel: &str) -> Result<()> {
        safe_rel(rel)?;
        self.kept
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(self.replaced.out.join(rel));
        Ok(())
    }
}

impl Sink for Refresh<'_> {
    fn scratch_dir(&self) -> Option<&Path> {
        Some(self.replaced.out)
    }

    fn put(&self, file: OutFile) -> Result<()> {
        if self.cancel.load(Relaxed) {
            bail!("cancelled");
        }
        if !self.dir.is_empty() && !file.path.starts_with(&format!("{}/", self.dir)) {
            bail!("internal error: {} is not under {}/", file.path, self.dir);
        }
        self.keep(&file.path)?;
        self.replaced.put(file)
    }
}

/// An output-relative path must stay inside the output folder.
fn safe_rel(p: &str) -> Result<()> {
    let path = Path::new(p);
    if path.is_absolute()
        || path
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        bail!("internal error: output path {p:?} would leave the output folder");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A temporary folder with an empty vault in it, and `public` beside it.
    fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let d = tempfile::tempdir().unwrap();
        let vault = d.path().join("vault");
        std::fs::create_dir_all(&vault).unwrap();
        let out = d.path().join("public");
        (d, vault, out)
    }

    fn f(p: &str, b: &str) -> OutFile {
        OutFile {
            path: p.into(),
            bytes: b.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_whole_refresh_replaces_changed_files_and_removes_the_rest_but_what_it_spares() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path();
        for (p, b) in [
            (MARKER, "m"),
            ("index.html", "old"),
            ("same.html", "same"),
            ("gone/index.html", "gone"),
            ("search/idx/a.json", "{}"),
            ("files/kept.csv", "1"),
        ] {
            std::fs::create_dir_all(out.join(p).parent().unwrap()).unwrap();
            std::fs::write(out.join(p), b).unwrap();
        }
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let sink = Refresh::whole(
            out,
            &cancel,
            vec!["search/".into(), "files/kept.csv".into()],
        );
        for f in [
            f("index.html", "new"),
            f("same.html", "same"),
            f("new/index.html", "n"),
        ] {
            sink.put(f).unwrap();
        }
        let r = sink.finish().unwrap();
        assert_eq!(
            r,
            Refreshed {
                given: 3,
                written: 2,
                removed: 1,
                files: 3
            }
        );
        let mut left: Vec<String> = walkdir::WalkDir::new(out)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.depth() > 0)
            .map(|e| {
                e.path()
                    .strip_prefix(out)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                MARKER,
                "files",
                "files/kept.csv",
                "index.html",
                "new",
                "new/index.html",
                "same.html",
                "search",
                "search/idx",
                "search/idx/a.json"
            ],
            "the emptied folder goes too"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        cancel.store(true, Relaxed);
        let sink = Refresh::whole(out, &cancel, Vec::new());
        assert!(sink.put(f("index.html", "x")).is_err(), "cancelled");
    }

    #[test]
    fn refuses_vault_and_foreign_folders() {
        let d = tempfile::tempdir().unwrap();
        let vault = d.path().join("vault");
        std::fs::create_dir_all(vault.join("sub")).unwrap();
        assert!(check_output(&vault, &vault).is_err());
        assert!(check_output(&vault.join("sub/out"), &vault).is_err());
        assert!(check_output(d.path(), &vault).is_err());
        let foreign = d.path().join("foreign");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "x").unwrap();
        assert!(check_output(&foreign, &vault).is_err());
        assert!(check_output(&d.path().join("new"), &vault).is_ok());
    }

    #[test]
    fn swaps_in_and_replaces_its_own_output() {
        let (d, vault, out) = setup();
        write_site(
            &out,
            &vault,
            &[f("index.html", "1"), f("a/index.html", "a")],
            &[],
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "a"
        );
        write_site(&out, &vault, &[f("index.html", "2")], &[]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "2"
        );
        assert!(!out.join("a").exists());
        let leftovers: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    #[test]
    fn a_failed_check_keeps_the_old_site_and_leaves_nothing_behind() {
        let (d, vault, out) = setup();
        write_site(&out, &vault, &[f("index.html", "old")], &[]).unwrap();
        let staging = Staging::begin(&out, &vault).unwrap();
        staging.put(f("index.html", "new")).unwrap();
        assert!(staging.finish(&|_| bail!("no")).is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        // a build that fails while rendering (the staging dropped unfinished)
        let staging = Staging::begin(&out, &vault).unwrap();
        staging.put(f("a/b/index.html", "x")).unwrap();
        drop(staging);
        let names: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn the_swap_gives_the_previous_site_to_remove_later() {
        let (_d, vault, out) = setup();
        let first = Staging::begin(&out, &vault).unwrap();
        first.put(f("index.html", "1")).unwrap();
        assert_eq!(first.finish(&|_| Ok(())).unwrap(), None);
        let second = Staging::begin(&out, &vault).unwrap();
        second.put(f("index.html", "2")).unwrap();
        assert_eq!(second.written().files, 1);
        let old = second.finish(&|_| Ok(())).unwrap().expect("an old site");
        assert_eq!(
            std::fs::read_to_string(old.join("index.html")).unwrap(),
            "1"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "2"
        );
        // only minutebook's own set-aside folders may be removed this way
        assert!(remove_old(&vault).is_err());
        assert!(remove_old(&out).is_err());
        remove_old(&old).unwrap();
        assert!(!old.exists());
    }

    #[test]
    fn folders_of_crashed_runs_are_removed_at_the_next_build() {
        let (d, vault, out) = setup();
        // no process has pid 4000000000 (above Linux's pid_max)
        let stale = d.path().join(".public.tmp-4000000000");
        std::fs::create_dir_all(stale.join("meetings")).unwrap();
        std::fs::write(stale.join(MARKER), MARKER_TEXT).unwrap();
        // not ours: no marker
        let foreign = d.path().join(".public.old-4000000001");
        std::fs::create_dir_all(&foreign).unwrap();
        let staging = Staging::begin(&out, &vault).unwrap();
        staging.finish(&|_| Ok(())).unwrap();
        if cfg!(target_os = "linux") {
            assert!(!stale.exists());
        }
        assert!(foreign.exists());
    }
}
