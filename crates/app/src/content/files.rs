//! File types, checked by content as well as by name: what courses, library texts and
//! members' shared resources accept. A file's extension must be a known type and its
//! bytes must be that type: an image's or PDF's magic number, and for Office documents
//! (DOCX, PPTX, XLSX) a real ZIP archive holding the parts of that kind of document.
//! Sizes are shown to people here too.

use crate::i18n::Lang;

/// Whether a file's first bytes look like its type.
type Sniff = fn(&[u8]) -> bool;

/// File types a course (or a shared resource) may contain: extension, `Content-Type`,
/// and a check of the file's content.
const TYPES: &[(&str, &str, Sniff)] = &[
    ("png", "image/png", |b| b.starts_with(b"\x89PNG\r\n\x1a\n")),
    ("jpg", "image/jpeg", |b| b.starts_with(&[0xFF, 0xD8, 0xFF])),
    ("jpeg", "image/jpeg", |b| b.starts_with(&[0xFF, 0xD8, 0xFF])),
    ("gif", "image/gif", |b| b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a")),
    ("webp", "image/webp", |b| b.len() > 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP"),
    ("pdf", "application/pdf", |b| b.starts_with(b"%PDF-")),
    ("mp4", "video/mp4", |b| b.len() > 8 && &b[4..8] == b"ftyp"),
    ("webm", "video/webm", |b| b.starts_with(&[0x1A, 0x45, 0xDF, 0xA3])),
    ("mp3", "audio/mpeg", |b| b.starts_with(b"ID3") || (b.len() > 1 && b[0] == 0xFF && b[1] & 0xE0 == 0xE0)),
    ("vtt", "text/vtt; charset=utf-8", |b| {
        std::str::from_utf8(b).is_ok_and(|t| t.trim_start_matches('\u{feff}').starts_with("WEBVTT"))
    }),
    ("txt", "text/plain; charset=utf-8", |b| std::str::from_utf8(b).is_ok()),
    ("md", "text/markdown; charset=utf-8", |b| std::str::from_utf8(b).is_ok()),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", |b| {
        is_office_package(b, "word/")
    }),
    ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", |b| {
        is_office_package(b, "ppt/")
    }),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", |b| {
        is_office_package(b, "xl/")
    }),
    ("odt", "application/vnd.oasis.opendocument.text", |b| b.starts_with(b"PK\x03\x04")),
];

/// The kinds of file a lesson's video may be.
pub const VIDEO_KINDS: &[&str] = &["mp4", "webm", "mp3"];

/// The kinds of file captions may be.
pub const CAPTION_KINDS: &[&str] = &["vtt"];

/// The kinds of file a transcript may be: shown on the page (text, Markdown) or
/// offered as a download (PDF).
pub const TRANSCRIPT_KINDS: &[&str] = &["txt", "md", "pdf"];

/// The (lowercase) extension of `path`, or `""`.
pub fn extension(path: &str) -> String {
    path.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default()
}

/// Whether `path` ends with one of the (lowercase) extensions `kinds`.
pub fn has_extension(path: &str, kinds: &[&str]) -> bool {
    kinds.contains(&extension(path).as_str())
}

/// A file's kind and size as a person reads them in `lang`, e.g. `PDF, 240 KB`.
pub fn describe(path: &str, size: u64, lang: Lang) -> String {
    let extension = extension(path);
    let kind = if is_known_type(&extension) {
        lang.t(&format!("media-kind-{extension}"))
    } else {
        extension.to_ascii_uppercase()
    };
    lang.t_args("media-kind-size", &[("kind", kind.into()), ("size", human_size(size, lang).into())])
}

/// A size in bytes as a person reads it in `lang`: `512 bytes`, `240 KB`, `2.4 MB`.
pub fn human_size(size: u64, lang: Lang) -> String {
    const KB: u64 = 1024;
    let (key, number) = match size {
        s if s < KB => ("media-size-bytes", s.to_string()),
        s if s < KB * KB => ("media-size-kb", s.div_ceil(KB).to_string()),
        s => ("media-size-mb", format!("{:.1}", s as f64 / (KB * KB) as f64)),
    };
    lang.t_args(key, &[("size", number.into())])
}

/// Whether files named with this (lowercase) extension may be added to a course.
pub fn is_known_type(extension: &str) -> bool {
    TYPES.iter().any(|(ext, _, _)| *ext == extension)
}

/// Checks a file for a course: a known type whose content matches its name, within
/// `limit` bytes. Returns its `Content-Type`, or the translation key of the problem.
pub fn check_file(path: &str, bytes: &[u8], limit: usize) -> Result<&'static str, &'static str> {
    let extension = path.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    let Some((_, content_type, matches)) = TYPES.iter().find(|(ext, _, _)| *ext == extension) else {
        return Err("media-type-not-allowed");
    };
    if bytes.len() > limit {
        return Err("media-too-large");
    }
    if !matches(bytes) {
        return Err("media-content-mismatch");
    }
    Ok(content_type)
}

/// Whether `bytes` are an Office Open XML package of one kind: a ZIP archive whose
/// central directory can be read and names `[Content_Types].xml` and entries under
/// `folder` (`word/`, `ppt/`, `xl/`). Only the names are read; nothing is unpacked.
fn is_office_package(bytes: &[u8], folder: &str) -> bool {
    if !bytes.starts_with(b"PK\x03\x04") {
        return false;
    }
    let Ok(archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return false };
    let (mut types, mut part) = (false, false);
    for name in archive.file_names() {
        // A name that cannot be read is no package of ours.
        let Ok(name) = name else { return false };
        types |= name == "[Content_Types].xml";
        part |= name.starts_with(folder);
    }
    types && part
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    /// A ZIP archive (stored, not compressed) holding `names`, each with a little text.
    fn zip_of(names: &[&str]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut out);
        let options =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for name in names {
            writer.start_file(*name, options).unwrap();
            writer.write_all(b"<x/>").unwrap();
        }
        writer.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn office_documents_must_be_zip_archives_with_the_parts_of_their_kind() {
        let docx = zip_of(&["[Content_Types].xml", "_rels/.rels", "word/document.xml"]);
        let pptx = zip_of(&["[Content_Types].xml", "ppt/presentation.xml"]);
        let plain_zip = zip_of(&["notes.txt", "photo.jpg"]);
        assert!(check_file("plan.docx", &docx, 1 << 20).is_ok());
        assert!(check_file("slides.pptx", &pptx, 1 << 20).is_ok());
        assert_eq!(check_file("slides.pptx", &docx, 1 << 20), Err("media-content-mismatch"));
        assert_eq!(check_file("plan.docx", &pptx, 1 << 20), Err("media-content-mismatch"));
        assert_eq!(check_file("plan.docx", &plain_zip, 1 << 20), Err("media-content-mismatch"));
        // The right magic number with no central directory behind it.
        assert_eq!(
            check_file("plan.docx", b"PK\x03\x04 not really a zip", 1 << 20),
            Err("media-content-mismatch")
        );
        assert_eq!(check_file("sheet.xlsx", &docx, 1 << 20), Err("media-content-mismatch"));
    }

    #[test]
    fn disguised_files_are_refused_by_their_content() {
        assert_eq!(
            check_file("worksheet.pdf", b"MZ\x90\x00 a Windows program", 100),
            Err("media-content-mismatch")
        );
        assert_eq!(
            check_file("card.png", b"<html><script>alert(1)</script>", 100),
            Err("media-content-mismatch")
        );
        assert_eq!(check_file("card.png", b"\x89PNG\r\n\x1a\n....", 100), Ok("image/png"));
        assert_eq!(check_file("photo.JPG", &[0xFF, 0xD8, 0xFF, 0xE0], 100), Ok("image/jpeg"));
        assert_eq!(check_file("cards.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", 100), Ok("image/webp"));
        assert_eq!(check_file("plan.pdf", b"%PDF-1.7\n", 100), Ok("application/pdf"));
        assert_eq!(check_file("plan.pdf", b"%PDF-1.7\n", 4), Err("media-too-large"));
        assert_eq!(check_file("tool.exe", b"MZ", 100), Err("media-type-not-allowed"));
    }
}
