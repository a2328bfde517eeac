//! Write: rendered files to `--out`, atomically.
//!
//! Takes the rendered files and the attachments to copy; writes them into a
//! temporary folder beside the output folder, then swaps it in, so that a
//! failed build never leaves half a site. Refuses an output folder that is
//! the vault, lies inside it, contains it, or is a non-empty folder that
//! minutebook did not write (it leaves a marker file in what it writes).

use crate::render::OutFile;
use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

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

/// Write `files`, copy `copies` (vault path → output-relative path), and swap
/// the result into `out`.
pub fn write_site(
    out: &Path,
    vault: &Path,
    files: &[OutFile],
    copies: &[(PathBuf, String)],
) -> Result<()> {
    write_site_checked(out, vault, files, copies, &|_| Ok(()))
}

/// [`write_site`], with `check` run over the complete new site (its
/// temporary folder) before it is swapped in: an error from it discards the
/// new site and leaves the old one as it was.
pub fn write_site_checked(
    out: &Path,
    vault: &Path,
    files: &[OutFile],
    copies: &[(PathBuf, String)],
    check: &dyn Fn(&Path) -> Result<()>,
) -> Result<()> {
    check_output(out, vault)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = out
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.tmp-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)?;
    }
    std::fs::create_dir(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let result = (|| -> Result<()> {
        let mut dirs: Vec<PathBuf> = files
            .iter()
            .map(|f| f.path.as_str())
            .chain(copies.iter().map(|c| c.1.as_str()))
            .filter_map(|p| Path::new(p).parent().map(|d| tmp.join(d)))
            .collect();
        dirs.sort();
        dirs.dedup();
        for d in &dirs {
            std::fs::create_dir_all(d).with_context(|| format!("cannot create {}", d.display()))?;
        }
        files.par_iter().try_for_each(|f| -> Result<()> {
            safe_rel(&f.path)?;
            let p = tmp.join(&f.path);
            std::fs::write(&p, &f.bytes).with_context(|| format!("cannot write {}", p.display()))
        })?;
        copies.par_iter().try_for_each(|(src, rel)| -> Result<()> {
            safe_rel(rel)?;
            let p = tmp.join(rel);
            std::fs::copy(src, &p)
                .with_context(|| format!("cannot copy {} to {}", src.display(), p.display()))?;
            Ok(())
        })?;
        std::fs::write(
            tmp.join(MARKER),
            "This folder was written by minutebook; it replaces it on every build.\n",
        )?;
        check(&tmp)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if out.exists() {
        std::fs::rename(out, &old)
            .with_context(|| format!("cannot move the old {} aside", out.display()))?;
        if let Err(e) = std::fs::rename(&tmp, out) {
            let _ = std::fs::rename(&old, out);
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e)
                .with_context(|| format!("cannot move the new site into {}", out.display()));
        }
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("cannot remove {}", old.display()))?;
    } else {
        std::fs::rename(&tmp, out)
            .with_context(|| format!("cannot move the new site into {}", out.display()))?;
    }
    Ok(())
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
        let d = tempfile::tempdir().unwrap();
        let vault = d.path().join("vault");
        std::fs::create_dir_all(&vault).unwrap();
        let out = d.path().join("public");
        let f = |p: &str, b: &str| OutFile {
            path: p.into(),
            bytes: b.as_bytes().to_vec(),
        };
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
}
