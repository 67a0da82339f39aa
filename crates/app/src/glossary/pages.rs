//! The public pages: the glossary with its two indexes, and one page per term.

use altto_store::{DocumentKind, DocumentRef};
use askama::Template;
use axum::{
    Extension,
    extract::{Path, State},
    response::Response,
};

use super::{
    Entry,
    content::{ROWS, kana_sort_key, letter_of, row_of},
};
use crate::{
    auth::RequestAuth,
    content::{
        page_cache::Cacheable,
        reading::{Reading, Text, lang_attr},
    },
    error::{AppError, AppResult},
    i18n::Lang,
    state::AppState,
    web::{
        Ctx,
        meta::{Meta, OgType},
    },
};

/// A term in an index.
pub struct IndexItem {
    slug: String,
    ja: String,
    kana: String,
    en: String,
}

/// One letter or gojūon row of an index, with its terms (none: shown unlinked in the
/// jump list and left out below it).
pub struct IndexGroup {
    /// The fragment id, e.g. `en-h` or `ja-ta`.
    id: String,
    /// `H`, `た`.
    label: String,
    items: Vec<IndexItem>,
}

/// `/glossary`.
#[derive(Template)]
#[template(path = "glossary/index.html")]
pub struct GlossaryPage {
    ctx: Ctx,
    letters: Vec<IndexGroup>,
    rows: Vec<IndexGroup>,
    count: usize,
    /// ` lang="ja"` for Japanese on an English page, and the reverse.
    ja_attr: &'static str,
    en_attr: &'static str,
}

/// The fragment name of a gojūon row.
fn row_id(row: &str) -> &'static str {
    match row {
        "あ" => "a",
        "か" => "ka",
        "さ" => "sa",
        "た" => "ta",
        "な" => "na",
        "は" => "ha",
        "ま" => "ma",
        "や" => "ya",
        "ら" => "ra",
        _ => "wa",
    }
}

/// `GET /glossary`: every published term, by English term and by reading.
pub async fn show_glossary(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let all = state.glossary.all(&state.store).await?;
    let item = |e: &Entry| IndexItem {
        slug: e.term.slug.clone(),
        ja: e.term.ja.clone(),
        kana: e.term.kana.clone(),
        en: e.term.en.clone(),
    };
    let mut by_en: Vec<&Entry> = all.iter().map(|e| e.as_ref()).collect();
    by_en.sort_by_key(|e| e.term.en.to_lowercase());
    let mut letters: Vec<IndexGroup> = ('A'..='Z')
        .chain(['#'])
        .map(|c| IndexGroup {
            id: format!("en-{}", if c == '#' { "other".into() } else { c.to_ascii_lowercase().to_string() }),
            label: c.to_string(),
            items: Vec::new(),
        })
        .collect();
    for entry in by_en {
        let letter = letter_of(&entry.term.en);
        if let Some(group) = letters.iter_mut().find(|g| g.label.starts_with(letter)) {
            group.items.push(item(entry));
        }
    }
    letters.retain(|g| g.label != "#" || !g.items.is_empty());
    let mut by_kana: Vec<&Entry> = all.iter().map(|e| e.as_ref()).collect();
    by_kana.sort_by_key(|e| kana_sort_key(&e.term.kana));
    let mut rows: Vec<IndexGroup> = ROWS
        .iter()
        .map(|(row, _)| IndexGroup {
            id: format!("ja-{}", row_id(row)),
            label: (*row).into(),
            items: Vec::new(),
        })
        .collect();
    for entry in by_kana {
        let row = row_of(&entry.term.kana).unwrap_or("わ");
        if let Some(group) = rows.iter_mut().find(|g| g.label == row) {
            group.items.push(item(entry));
        }
    }
    let reading = Reading::new(ctx.lang, Lang::En);
    let page = GlossaryPage {
        ctx: ctx.clone(),
        letters,
        rows,
        count: all.len(),
        ja_attr: lang_attr(reading.other(Lang::Ja)),
        en_attr: lang_attr(reading.other(Lang::En)),
    };
    Ok(ctx.render(&page))
}

/// A link from a term's page.
pub struct TermLink {
    href: String,
    text: Text,
}

/// `/glossary/{slug}`.
#[derive(Template)]
#[template(path = "glossary/term.html")]
pub struct TermPage {
    ctx: Ctx,
    ja: String,
    kana: String,
    romaji: String,
    en: String,
    /// The explanation in the reader's language where there is one (sanitised HTML).
    explanation: String,
    /// ` lang="…"` for the explanation when it is not in the page's language.
    explanation_attr: &'static str,
    ja_attr: &'static str,
    en_attr: &'static str,
    related: Vec<TermLink>,
    see_also: Vec<(String, String, String)>,
    /// schema.org `DefinedTerm`, escaped for a `<script>` element.
    json_ld: String,
    /// For `<meta name="description">`.
    description: String,
}

/// `GET /glossary/{slug}`: one published term; visitors' pages are kept by revision.
pub async fn show_term(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let entry = state.glossary.find(&state.store, &slug).await?.ok_or(AppError::NotFound)?;
    let rendered = state.glossary.rendered(&state.store, &entry).await?;
    let term = &entry.term;
    let reading = Reading::new(ctx.lang, Lang::En);
    let (explanation, explanation_lang, text) = match (&rendered.html_ja, ctx.lang) {
        (Some(html_ja), Lang::Ja) => (html_ja.clone(), reading.other(Lang::Ja), &term.explanation_ja),
        _ => (rendered.html.clone(), reading.other(Lang::En), &term.explanation),
    };
    let mut related = Vec::new();
    for address in &term.related {
        related.push(TermLink { href: address.clone(), text: title_of(&state, &ctx, address).await? });
    }
    let mut see_also = Vec::new();
    for other in &term.see_also {
        if let Some(other) = state.glossary.find(&state.store, other).await? {
            see_also.push((other.term.slug.clone(), other.term.ja.clone(), other.term.en.clone()));
        }
    }
    let site = state.settings.public_url.as_deref().unwrap_or_default().trim_end_matches('/');
    let description =
        format!("{} ({}, {}): {} — {}", term.ja, term.kana, term.romaji, term.en, plain(text, 150));
    // Canonical address and link previews (the term's JSON-LD is the page's own).
    let meta = Meta::new(
        &state.settings.base_url(),
        ctx.lang,
        &format!("/glossary/{}", term.slug),
        &format!("{} — {}", term.ja, term.en),
        &description,
    )
    .kind(OgType::Article);
    let ctx = ctx.with_meta(meta);
    let page = TermPage {
        ctx: ctx.clone(),
        ja: term.ja.clone(),
        kana: term.kana.clone(),
        romaji: term.romaji.clone(),
        en: term.en.clone(),
        explanation,
        explanation_attr: lang_attr(explanation_lang),
        ja_attr: lang_attr(reading.other(Lang::Ja)),
        en_attr: lang_attr(reading.other(Lang::En)),
        related,
        see_also,
        json_ld: json_ld(term, site, &ctx.t("glossary-title"), &plain(text, 300)),
        description,
    };
    let response = ctx.render(&page);
    Ok(match auth.actor.user() {
        None => Cacheable {
            doc: DocumentRef { kind: DocumentKind::Term, id: entry.doc_id },
            revision: entry.revision_id,
        }
        .mark(response),
        Some(_) => response,
    })
}

/// What a related address is called: a lesson's title in the reader's language when
/// it is a published lesson, else the address itself.
async fn title_of(state: &AppState, ctx: &Ctx, address: &str) -> AppResult<Text> {
    let parts: Vec<&str> = address.trim_matches('/').split('/').collect();
    if let ["courses", course, "lessons", lesson] = parts.as_slice()
        && let Some(course) = state.courses.published(&state.store, course).await?
        && let Some(lesson) = course.content.lesson(lesson)
    {
        return Ok(Reading::new(ctx.lang, course.content.language).text(&lesson.title, &lesson.title_ja));
    }
    Ok(Text { text: address.to_owned(), lang: None })
}

/// A Markdown text as plain words, cut at a word to at most `max` characters.
fn plain(markdown: &str, max: usize) -> String {
    let text: String = markdown
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`' | '#' | '>' | '[' | ']'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(at) if at > max / 2 => cut[..at].to_owned(),
        _ => cut,
    };
    format!("{cut}…")
}

/// The schema.org `DefinedTerm` of `term` as JSON-LD, safe inside `<script>`: `<`, `>`
/// and `&` are written as `\u` escapes, so no text can close the element.
fn json_ld(term: &super::Term, site: &str, set_name: &str, description: &str) -> String {
    let value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "@id": format!("{site}/glossary/{}", term.slug),
        "url": format!("{site}/glossary/{}", term.slug),
        "termCode": term.slug,
        "name": [
            { "@value": term.ja, "@language": "ja" },
            { "@value": term.en, "@language": "en" },
        ],
        "alternateName": [term.kana, term.romaji],
        "description": description,
        "inDefinedTermSet": {
            "@type": "DefinedTermSet",
            "@id": format!("{site}/glossary"),
            "url": format!("{site}/glossary"),
            "name": set_name,
        },
    });
    value.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let term = super::super::Term { slug: "x".into(), en: "</script><b>".into(), ..Default::default() };
        let ld = json_ld(&term, "", "Glossary", "a & b");
        assert!(!ld.contains('<') && !ld.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(back["name"][1]["@value"], "</script><b>");
        assert_eq!(back["inDefinedTermSet"]["@type"], "DefinedTermSet");
    }

    #[test]
    fn a_description_is_plain_and_short() {
        assert_eq!(plain("The **teacher** in `charge`.", 100), "The teacher in charge.");
        let long = plain(&"word ".repeat(100), 20);
        assert!(long.chars().count() <= 21 && long.ends_with('…'));
    }
}
