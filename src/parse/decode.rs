//! Decoding: bytes of a note file to clean UTF-8 text.
//!
//! Takes the raw bytes; gives LF-only text without a byte-order mark, and the
//! diagnostics of what had to be done: `invalid-utf8` when the file was not
//! UTF-8 and was read as Windows-1252.

use crate::diagnostics::Diagnostic;

/// Decoded text and what decoding found.
#[derive(Debug, Default)]
pub struct Decoded {
    /// The text, LF line ends, no BOM.
    pub text: String,
    /// Diagnostics about the decoding.
    pub diagnostics: Vec<Diagnostic>,
}

/// Decode a note's bytes. `file` is its vault-relative path, for diagnostics.
pub fn decode(bytes: &[u8], file: &str) -> Decoded {
    let mut diagnostics = Vec::new();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let col = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            diagnostics.push(
                Diagnostic::warning(
                    "invalid-utf8",
                    file,
                    line,
                    "the file is not valid UTF-8; it was read as Windows-1252. \
                     Re-save it as UTF-8 to silence this",
                )
                .at_col(col),
            );
            let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            cow.into_owned()
        }
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    Decoded { text, diagnostics }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf() {
        let d = decode(b"\xEF\xBB\xBF# T\r\n\r\nx\r\n", "a.md");
        assert_eq!(d.text, "# T\n\nx\n");
        assert!(d.diagnostics.is_empty());
    }

    #[test]
    fn latin1_is_read_as_windows_1252_with_a_diagnostic() {
        let d = decode(b"# Caf\xe9\n\nok \x93quoted\x94\n", "a.md");
        assert_eq!(d.text, "# Caf\u{e9}\n\nok \u{201c}quoted\u{201d}\n");
        assert_eq!(d.diagnostics.len(), 1);
        assert_eq!(d.diagnostics[0].code, "invalid-utf8");
        assert_eq!(d.diagnostics[0].line, 1);
        assert_eq!(d.diagnostics[0].col, 6);
    }
}
