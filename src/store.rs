//! Where notes' text waits between the stages.
//!
//! Transcripts are most of an archive's words (four fifths of a gen-vault
//! vault). Resolve parses them to learn who spoke when; render and the
//! search index need them again, note by note. Holding every note's text in
//! the [`Site`](crate::model::Site) would make memory grow with the archive,
//! so the stages put here, each in one piece, what is needed only when a
//! note is reached: load each source, resolve each body, plain text and
//! transcript's turns, search each note's postings; they keep a [`Span`] and
//! read it back when they reach that note.
//!
//! A store is a file in the build's staging folder ([`Store::in_dir`]),
//! unlinked as soon as it is opened (Linux and other Unix systems), so it
//! lives in the page cache rather than in the process and leaves nothing
//! behind; `check`, which has no staging folder, uses the system's temporary
//! folder (`TMPDIR`) the same way; memory ([`Store::memory`]) serves in-memory
//! builds, tests, and any build whose file cannot be made. Writes are
//! appended under a lock; reads of written text take no lock. An I/O error does not lose text: [`Store::put`] gives `None` and the
//! caller keeps the text itself; a failed read is remembered and reported by
//! [`Store::error`], which the build turns into an error.

use std::sync::Mutex;

/// Where a piece of text is in a [`Store`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Span {
    /// Byte offset of its first byte.
    pub at: u64,
    /// Its length in bytes.
    pub len: u64,
}

/// Appended text, in memory or in a file; see the [module docs](self).
pub struct Store {
    inner: Mutex<Inner>,
    #[cfg(unix)]
    file: Option<std::fs::File>,
    failed: Mutex<Option<String>>,
}

/// The part of the store behind the lock: text not yet written to the file
/// (all of it, for a memory store) and how much the file holds before it.
#[derive(Default)]
struct Inner {
    buf: Vec<u8>,
    flushed: u64,
}

/// Text is written to the file in pieces of about this size.
const CHUNK: usize = 4 << 20;

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("file", &self.is_file())
            .finish_non_exhaustive()
    }
}

impl Default for Store {
    fn default() -> Self {
        Store::memory()
    }
}

/// Stored bytes as text (what is stored is text; a byte that is not UTF-8
/// reads as U+FFFD).
pub fn utf8(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

impl Store {
    /// A store in memory.
    pub fn memory() -> Store {
        Store {
            inner: Mutex::new(Inner::default()),
            #[cfg(unix)]
            file: None,
            failed: Mutex::new(None),
        }
    }

    /// A store in a file of `dir`, removed from the folder as soon as it is
    /// open (the open handle keeps it). Elsewhere than Unix: a memory store.
    #[cfg(unix)]
    pub fn in_dir(dir: &std::path::Path) -> std::io::Result<Store> {
        // one name per store: builds in one process (tests) run side by side
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = dir.join(format!(".minutebook-text-{}-{n}", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        std::fs::remove_file(&path)?;
        Ok(Store {
            file: Some(file),
            ..Store::memory()
        })
    }

    /// A store in a file of `dir`. Elsewhere than Unix: a memory store.
    #[cfg(not(unix))]
    pub fn in_dir(_dir: &std::path::Path) -> std::io::Result<Store> {
        Ok(Store::memory())
    }

    /// Whether the text goes to a file.
    pub fn is_file(&self) -> bool {
        #[cfg(unix)]
        return self.file.is_some();
        #[cfg(not(unix))]
        false
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Append `bytes`; `None` when the file cannot be written (the caller
    /// keeps the text).
    pub fn put(&self, bytes: &[u8]) -> Option<Span> {
        let mut inner = self.lock();
        let span = Span {
            at: inner.flushed + inner.buf.len() as u64,
            len: bytes.len() as u64,
        };
        inner.buf.extend_from_slice(bytes);
        #[cfg(unix)]
        if let Some(file) = &self.file {
            if inner.buf.len() >= CHUNK {
                use std::os::unix::fs::FileExt;
                let at = inner.flushed;
                if let Err(e) = file.write_all_at(&inner.buf, at) {
                    // the piece just added is given back; what came before it stays
                    let keep = inner.buf.len() - bytes.len();
                    inner.buf.truncate(keep);
                    self.fail(format!("cannot write notes' text to the build folder: {e}"));
                    return None;
                }
                inner.flushed += inner.buf.len() as u64;
                inner.buf.clear();
            }
        }
        Some(span)
    }

    /// The bytes of `span`; `None` (and [`Store::error`] set) when they
    /// cannot be read.
    pub fn get(&self, span: Span) -> Option<Vec<u8>> {
        let len = usize::try_from(span.len).ok()?;
        {
            let inner = self.lock();
            if span.at >= inner.flushed {
                let from = usize::try_from(span.at - inner.flushed).ok()?;
                let got = from
                    .checked_add(len)
                    .and_then(|to| inner.buf.get(from..to))
                    .map(<[u8]>::to_vec);
                if got.is_none() {
                    drop(inner);
                    self.fail(format!("no stored text at {}+{}", span.at, span.len));
                }
                return got;
            }
        }
        #[cfg(unix)]
        if let Some(file) = &self.file {
            use std::os::unix::fs::FileExt;
            let mut out = vec![0; len];
            return match file.read_exact_at(&mut out, span.at) {
                Ok(()) => Some(out),
                Err(e) => {
                    self.fail(format!("cannot read stored text back: {e}"));
                    None
                }
            };
        }
        None
    }

    /// Append several texts in one piece (each its length in eight bytes,
    /// little-endian, then its bytes); read back with [`Store::get_texts`].
    pub fn put_texts<'a>(&self, texts: impl Iterator<Item = &'a str> + Clone) -> Option<Span> {
        let size: usize = texts.clone().map(|t| t.len() + 8).sum();
        let mut buf = Vec::with_capacity(size);
        for t in texts {
            buf.extend_from_slice(&(t.len() as u64).to_le_bytes());
            buf.extend_from_slice(t.as_bytes());
        }
        self.put(&buf)
    }

    /// The texts of a [`Store::put_texts`] span, in order; `None` (and
    /// [`Store::error`] set) when they cannot be read.
    pub fn get_texts(&self, span: Span) -> Option<Vec<String>> {
        let bytes = self.get(span)?;
        let mut out = Vec::new();
        let mut at = 0usize;
        while at < bytes.len() {
            let len = bytes
                .get(at..at.saturating_add(8))
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .and_then(|b| usize::try_from(u64::from_le_bytes(b)).ok())
                .unwrap_or(usize::MAX);
            let end = at.saturating_add(8).saturating_add(len);
            let Some(text) = bytes.get(at.saturating_add(8)..end) else {
                self.fail(format!("stored text at {} is cut short", span.at));
                return None;
            };
            out.push(utf8(text));
            at = end;
        }
        Some(out)
    }

    /// The text of `span` when there is one, else `here`; empty when the
    /// read fails (the store remembers the error).
    pub fn text_or<'a>(&self, span: Option<Span>, here: &'a str) -> std::borrow::Cow<'a, str> {
        use std::borrow::Cow;
        let Some(span) = span else {
            return Cow::Borrowed(here);
        };
        Cow::Owned(self.get(span).map(|b| utf8(&b)).unwrap_or_default())
    }

    /// Remember that text could not be read back (the first such error is
    /// what [`Store::error`] reports).
    pub fn fail(&self, message: String) {
        let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
        failed.get_or_insert(message);
    }

    /// The first read or write that failed, if any.
    pub fn error(&self) -> Option<String> {
        self.failed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Bytes held in memory (not yet in the file, or all of them).
    pub fn in_memory(&self) -> usize {
        self.lock().buf.len()
    }

    /// Bytes put so far.
    pub fn len(&self) -> u64 {
        let inner = self.lock();
        inner.flushed + inner.buf.len() as u64
    }

    /// Whether nothing was put yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(store: &Store) {
        let pieces: Vec<String> = (0..2000)
            .map(|i| format!("turn {i} {}", "é".repeat(i % 3000)))
            .collect();
        let spans: Vec<Span> = pieces
            .iter()
            .map(|p| store.put(p.as_bytes()).unwrap())
            .collect();
        for (p, s) in pieces.iter().zip(&spans).rev() {
            assert_eq!(store.get(*s).unwrap(), p.as_bytes());
        }
        assert_eq!(store.error(), None);
        // a span past the end is an error, not a panic
        assert_eq!(
            store.get(Span {
                at: u64::MAX - 1,
                len: 5
            }),
            None
        );
        assert!(store.error().is_some());
    }

    #[test]
    fn texts_come_back_in_order() {
        let store = Store::memory();
        let texts = ["", "one", "two words", "é\u{0}x"];
        let span = store.put_texts(texts.iter().copied()).unwrap();
        store.put(b"unrelated").unwrap();
        assert_eq!(store.get_texts(span).unwrap(), texts);
        // a piece that is not a list of texts is an error, not a panic
        let bad = store.put(&[200, 0, 0, 0, 0, 0, 0, 0, b'x']).unwrap();
        assert_eq!(store.get_texts(bad), None);
        assert!(store.error().is_some());
    }

    #[test]
    fn memory_store_gives_back_what_was_put() {
        round_trip(&Store::memory());
    }

    #[cfg(unix)]
    #[test]
    fn file_store_gives_back_what_was_put_and_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::in_dir(dir.path()).unwrap();
        assert!(store.is_file());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        round_trip(&store);
        // more than a chunk went to the file; memory holds less than a chunk
        assert!(store.in_memory() < CHUNK);
    }
}
