//! File names from members' uploads: a safe name to show (never used as a path: the
//! bytes are found by their hash), the plain name a download's address ends with, and
//! escaping for the announcement post's Markdown.

/// The longest display name kept, in characters (the extension is kept whole).
pub const MAX_NAME: usize = 120;

/// A safe display name for the uploaded file called `raw`: folders stripped (browsers
/// may send `C:\Users\…\plan.pdf`), control and invisible format characters removed,
/// spaces tidied, at most [`MAX_NAME`] characters; `file.{kind}` when nothing is left.
/// Markup in it stays as text: pages escape it on output.
pub fn safe_name(raw: &str, kind: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'))
        .collect();
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let cleaned = cleaned.trim_start_matches('.').trim();
    if cleaned.is_empty()
        || (cleaned.chars().count() <= kind.len() + 1 && cleaned.to_lowercase().ends_with(kind))
    {
        return format!("file.{kind}");
    }
    if cleaned.chars().count() <= MAX_NAME {
        return cleaned.to_owned();
    }
    let (stem, extension) = cleaned.rsplit_once('.').unwrap_or((cleaned, kind));
    let keep = MAX_NAME.saturating_sub(extension.chars().count() + 1);
    format!("{}.{extension}", stem.chars().take(keep).collect::<String>().trim_end())
}

/// The last segment of a download's address for a file named `name` of kind `kind`:
/// ASCII letters, digits, `-` and `_` from its stem, then `.{kind}` (`Unit 3 plan.pdf`
/// → `unit-3-plan.pdf`; a name in another script → `file.pdf`).
pub fn url_name(name: &str, kind: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let mut out = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let stem = out.trim_end_matches('-');
    format!("{}.{kind}", if stem.is_empty() { "file" } else { stem })
}

/// `text` as literal Markdown inline text: every ASCII punctuation character escaped,
/// line breaks made spaces (so a title cannot start a heading, a list or a link).
pub fn markdown_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The `Content-Disposition` of a download of the file `name`: an attachment, with an
/// ASCII name for old clients and the real one (RFC 5987) for the others.
pub fn disposition(name: &str, kind: &str) -> String {
    let encoded: String =
        url::form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>().replace('+', "%20");
    format!("attachment; filename=\"{}\"; filename*=UTF-8''{encoded}", url_name(name, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_display_name_loses_folders_and_control_characters_but_keeps_its_words() {
        assert_eq!(safe_name("C:\\Users\\emi\\Unit 3 plan.pdf", "pdf"), "Unit 3 plan.pdf");
        assert_eq!(safe_name("../../etc/passwd.pdf", "pdf"), "passwd.pdf");
        assert_eq!(safe_name("plan\u{0}\u{202E}fdp.exe.pdf", "pdf"), "planfdp.exe.pdf");
        assert_eq!(safe_name("  ワーク   シート.docx ", "docx"), "ワーク シート.docx");
        assert_eq!(safe_name("<img src=x onerror=alert(1)>.png", "png"), "<img src=x onerror=alert(1)>.png");
        assert_eq!(safe_name("<script>alert(1)</script>.png", "png"), "script>.png", "a slash ends a folder");
        assert_eq!(safe_name("", "pdf"), "file.pdf");
        assert_eq!(safe_name(".pdf", "pdf"), "file.pdf");
        let long = format!("{}.pptx", "a".repeat(300));
        let kept = safe_name(&long, "pptx");
        assert_eq!(kept.chars().count(), MAX_NAME);
        assert!(kept.ends_with(".pptx"));
    }

    #[test]
    fn a_download_address_ends_with_a_plain_name() {
        assert_eq!(url_name("Unit 3 plan.pdf", "pdf"), "unit-3-plan.pdf");
        assert_eq!(url_name("<script>alert(1)</script>.png", "png"), "script-alert-1-script.png");
        assert_eq!(url_name("ワークシート.docx", "docx"), "file.docx");
        assert_eq!(url_name("plan.PDF", "pdf"), "plan.pdf");
    }

    #[test]
    fn markdown_in_a_title_stays_text() {
        assert_eq!(markdown_literal("[a](b) *c*"), "\\[a\\]\\(b\\) \\*c\\*");
        assert_eq!(markdown_literal("# x\n- y"), "\\# x \\- y");
        assert_eq!(markdown_literal("日本語"), "日本語");
    }

    #[test]
    fn a_download_is_an_attachment_with_both_kinds_of_name() {
        assert_eq!(
            disposition("ワーク 1.pdf", "pdf"),
            "attachment; filename=\"1.pdf\"; filename*=UTF-8''%E3%83%AF%E3%83%BC%E3%82%AF%201.pdf"
        );
        assert!(!disposition("a\"b.pdf", "pdf").contains("a\"b"));
    }
}
