//! A glossary term as one revision holds it ([`Term`], stored as JSON), the rules a
//! term must keep before it is saved ([`check`]), and how terms are filed in the two
//! indexes: by the first letter of the English term, and by the gojūon row of the
//! first kana of the reading.

use serde::{Deserialize, Serialize};

use crate::content::markdown;

/// One term of the glossary of Japanese school terms.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// Address: `/glossary/{slug}`.
    pub slug: String,
    /// The term in Japanese, e.g. 担任.
    pub ja: String,
    /// Its reading in kana, e.g. たんにん.
    pub kana: String,
    /// Its reading in rōmaji (Hepburn, macrons allowed), e.g. tannin.
    pub romaji: String,
    /// The English term, e.g. homeroom teacher.
    pub en: String,
    /// What it means, in English (Markdown).
    pub explanation: String,
    /// What it means, in Japanese (Markdown; may be empty).
    #[serde(default)]
    pub explanation_ja: String,
    /// Addresses on this site of lessons and articles about it, e.g.
    /// `/courses/alt-essentials/lessons/who-is-who`.
    #[serde(default)]
    pub related: Vec<String>,
    /// The slugs of related terms.
    #[serde(default)]
    pub see_also: Vec<String>,
}

/// Something wrong with a term: the form field it is in and the translation key of the
/// message, which names the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The field (as named in the form and the starter file).
    pub field: &'static str,
    /// The message's translation key.
    pub key: &'static str,
}

/// The longest a one-line field may be, in characters.
const MAX_LINE: usize = 160;

/// The most related addresses or see-also terms a term may list.
const MAX_LINKS: usize = 20;

/// Whether `slug` is a term's address: lowercase ASCII letters, digits and inner hyphens.
pub fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 80
        && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

/// Whether `c` is a kana (hiragana or katakana, with the long-vowel mark and the
/// middle dot).
fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}')
}

/// Whether `reading` is written in kana: kana, with the spaces and brackets a reading
/// may have (ティーム・ティーチング, エーエルティー（がいこくご…）).
pub fn is_kana_reading(reading: &str) -> bool {
    reading.chars().any(is_kana)
        && reading.chars().all(|c| is_kana(c) || matches!(c, ' ' | '\u{3000}' | '（' | '）' | '、'))
}

/// Whether `address` is an address on this site a term may point to: a path from the
/// root, no scheme, no host, no spaces, no query tricks.
pub fn is_site_address(address: &str) -> bool {
    address.starts_with('/')
        && !address.starts_with("//")
        && address.len() <= 300
        && address.chars().all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '\\' | '`'))
}

/// The problems with `term` (none: it may be saved), in form order.
pub fn check(term: &Term) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut fail = |field, key| problems.push(Problem { field, key });
    if !is_slug(&term.slug) {
        fail("slug", "glossary-error-slug");
    }
    for (field, value, required) in [
        ("ja", &term.ja, "glossary-error-ja-required"),
        ("kana", &term.kana, "glossary-error-kana-required"),
        ("romaji", &term.romaji, "glossary-error-romaji-required"),
        ("en", &term.en, "glossary-error-en-required"),
    ] {
        if value.trim().is_empty() {
            fail(field, required);
        } else if value.chars().count() > MAX_LINE || value.contains(['\n', '\r']) {
            fail(field, "glossary-error-too-long");
        } else if field == "kana" && !is_kana_reading(value) {
            fail("kana", "glossary-error-kana-not-kana");
        }
    }
    if term.explanation.trim().is_empty() {
        fail("explanation", "glossary-error-explanation-required");
    } else if markdown::check(&term.explanation, &markdown::Profile::Authors).is_err() {
        fail("explanation", "glossary-error-explanation-markdown");
    }
    if markdown::check(&term.explanation_ja, &markdown::Profile::Authors).is_err() {
        fail("explanation_ja", "glossary-error-explanation-markdown");
    }
    if term.related.len() > MAX_LINKS || !term.related.iter().all(|a| is_site_address(a)) {
        fail("related", "glossary-error-related");
    }
    if term.see_also.len() > MAX_LINKS
        || !term.see_also.iter().all(|s| is_slug(s))
        || term.see_also.contains(&term.slug)
    {
        fail("see_also", "glossary-error-see-also");
    }
    problems
}

/// The gojūon rows the Japanese index is filed by, each with the kana it holds
/// (hiragana; katakana is read as hiragana, voiced and small kana with their row).
pub const ROWS: [(&str, &str); 10] = [
    ("あ", "あいうえおぁぃぅぇぉゔ"),
    ("か", "かきくけこがぎぐげごゕゖ"),
    ("さ", "さしすせそざじずぜぞ"),
    ("た", "たちつてとだぢづでどっ"),
    ("な", "なにぬねの"),
    ("は", "はひふへほばびぶべぼぱぴぷぺぽ"),
    ("ま", "まみむめも"),
    ("や", "やゆよゃゅょ"),
    ("ら", "らりるれろ"),
    ("わ", "わゐゑをんゎ"),
];

/// `c` as hiragana (katakana moved to the hiragana block; anything else as it is).
pub fn hiragana(c: char) -> char {
    match c {
        '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    }
}

/// The gojūon row (its first kana, e.g. `か`) of a reading, by its first kana.
pub fn row_of(kana: &str) -> Option<&'static str> {
    let first = kana.chars().find(|c| is_kana(*c) && *c != 'ー' && *c != '・').map(hiragana)?;
    ROWS.iter().find(|(_, members)| members.contains(first)).map(|(row, _)| *row)
}

/// The key a reading is sorted by within its row: hiragana throughout.
pub fn kana_sort_key(kana: &str) -> String {
    kana.chars().map(hiragana).collect()
}

/// The letter (`A`–`Z`) the English term is filed under, or `#` for anything else.
pub fn letter_of(en: &str) -> char {
    en.chars().find(|c| c.is_alphanumeric()).map_or('#', |c| {
        let c = c.to_ascii_uppercase();
        if c.is_ascii_uppercase() { c } else { '#' }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tannin() -> Term {
        Term {
            slug: "tannin".into(),
            ja: "担任".into(),
            kana: "たんにん".into(),
            romaji: "tannin".into(),
            en: "homeroom teacher".into(),
            explanation: "The teacher in charge of a class.".into(),
            explanation_ja: "学級を受け持つ教員。".into(),
            related: vec!["/courses/alt-essentials/lessons/who-is-who".into()],
            see_also: vec!["fuku-tannin".into()],
        }
    }

    #[test]
    fn a_complete_term_passes_and_each_empty_field_is_named() {
        assert_eq!(check(&tannin()), vec![]);
        let empty = Term { slug: "x".into(), ..Term::default() };
        let fields: Vec<_> = check(&empty).iter().map(|p| p.field).collect();
        assert_eq!(fields, ["ja", "kana", "romaji", "en", "explanation"]);
    }

    #[test]
    fn a_reading_must_be_kana_and_addresses_must_be_on_the_site() {
        let term = Term { kana: "tannin".into(), ..tannin() };
        assert_eq!(check(&term), [Problem { field: "kana", key: "glossary-error-kana-not-kana" }]);
        assert!(is_kana_reading("ティーム・ティーチング"));
        assert!(is_kana_reading("エーエルティー（がいこくごしどうじょしゅ）"));
        assert!(!is_kana_reading("担任"));
        for bad in ["https://evil.example/", "//evil.example", "courses/x", "/a b", "/a\"onclick"] {
            let term = Term { related: vec![bad.into()], ..tannin() };
            assert_eq!(check(&term)[0].field, "related", "{bad}");
        }
        let term = Term { see_also: vec!["Not A Slug".into()], ..tannin() };
        assert_eq!(check(&term)[0].field, "see_also");
    }

    #[test]
    fn readings_are_filed_by_gojuon_row_and_english_terms_by_letter() {
        assert_eq!(row_of("たんにん"), Some("た"));
        assert_eq!(row_of("がくしゅう"), Some("か"));
        assert_eq!(row_of("ジェーティーイー"), Some("さ"));
        assert_eq!(row_of("わ"), Some("わ"));
        assert_eq!(row_of("abc"), None);
        assert_eq!(letter_of("homeroom teacher"), 'H');
        assert_eq!(letter_of("JET Programme"), 'J');
        assert_eq!(letter_of("ümlaut"), '#');
    }
}
