//! The article and post editor's form: every field of a [`Writing`], its references
//! as repeated fieldsets, and reading what was sent back into a `Writing` with each
//! problem named by its field, in the writer's language. Adding or removing a
//! reference is a submit button that changes only the form (no JavaScript needed).

use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;

use super::content::{Problem, Reference, Shelf, Writing, check};
use crate::{authoring::video_id, courses::content::Licence, i18n::Lang, web::forms::Pairs};

/// The single-valued fields of the form, in the order they are shown.
pub const FIELDS: [&str; 15] = [
    "title",
    "title_ja",
    "summary",
    "summary_ja",
    "language",
    "category",
    "tags",
    "body",
    "body_ja",
    "related",
    "last_reviewed",
    "licence",
    "youtube",
    "vimeo",
    "note",
];

/// The parts of one reference, as named in the form (`ref-2-title`).
pub const REFERENCE_PARTS: [&str; 6] = ["authors", "year", "title", "venue", "doi", "url"];

/// What the writer asked for with the button they pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intent {
    /// Save a new revision.
    Save,
    /// Show one more, empty, reference.
    AddReference,
    /// Take away reference `n` (from 1).
    RemoveReference(usize),
}

/// The button pressed (`action=save`, `add-reference`, `remove-reference-2`).
pub fn intent(pairs: &Pairs) -> Intent {
    let action = crate::web::forms::field(pairs, "action");
    if action == "add-reference" {
        return Intent::AddReference;
    }
    match action.strip_prefix("remove-reference-").and_then(|n| n.parse().ok()) {
        Some(n) => Intent::RemoveReference(n),
        None => Intent::Save,
    }
}

/// The editor's values and problems, for showing it again.
#[derive(Clone, Debug, Default)]
pub struct WriteForm {
    values: HashMap<String, String>,
    /// How many reference fieldsets it shows.
    pub references: usize,
    /// The people ticked as authors, by slug.
    pub authors: Vec<String>,
    /// Whether glossary terms are linked.
    pub glossary_links: bool,
    /// (field, message in the writer's language), in form order.
    errors: Vec<(String, String)>,
}

impl WriteForm {
    /// What the field `name` holds.
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    /// Part `part` of reference `n`.
    pub fn reference(&self, n: &usize, part: &str) -> &str {
        self.value(&format!("ref-{n}-{part}"))
    }

    /// The problem with the field `name`, if any.
    pub fn error(&self, name: &str) -> Option<&str> {
        self.errors.iter().find(|(field, _)| field == name).map(|(_, message)| message.as_str())
    }

    /// The problem with part `part` of reference `n`.
    pub fn reference_error(&self, n: &usize, part: &str) -> Option<&str> {
        self.error(&format!("ref-{n}-{part}"))
    }

    /// Every problem, in form order.
    pub fn errors(&self) -> &[(String, String)] {
        &self.errors
    }

    /// Whether anything is wrong.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Forgets the problems (after adding or removing a reference: nothing was saved).
    pub fn clear_errors(&mut self) {
        self.errors.clear();
    }

    /// The numbers of the reference fieldsets, from 1.
    pub fn numbers(&self) -> Vec<usize> {
        (1..=self.references).collect()
    }

    /// Whether `slug` is ticked as an author.
    pub fn has_author(&self, slug: &str) -> bool {
        self.authors.iter().any(|author| author == slug)
    }

    /// Whether the select `name` has `option` chosen.
    pub fn is(&self, name: &str, option: &str) -> bool {
        self.value(name) == option
    }

    fn set(&mut self, name: &str, value: impl Into<String>) {
        self.values.insert(name.to_owned(), value.into());
    }

    fn fail(&mut self, field: &str, message: String) {
        if self.error(field).is_none() {
            self.errors.push((field.to_owned(), message));
        }
    }
}

/// The form showing `writing`.
pub fn of_writing(writing: &Writing) -> WriteForm {
    let mut form = WriteForm {
        references: writing.references.len(),
        authors: writing.authors.clone(),
        glossary_links: writing.glossary_links,
        ..WriteForm::default()
    };
    let video = writing.video.clone().unwrap_or_default();
    for (name, value) in [
        ("title", writing.title.clone()),
        ("title_ja", writing.title_ja.clone().unwrap_or_default()),
        ("summary", writing.summary.clone()),
        ("summary_ja", writing.summary_ja.clone().unwrap_or_default()),
        ("language", writing.language.code().to_owned()),
        ("category", writing.category.clone()),
        ("tags", writing.tags.join(", ")),
        ("body", writing.body.clone()),
        ("body_ja", writing.body_ja.clone().unwrap_or_default()),
        ("related", writing.related.join("\n")),
        ("last_reviewed", writing.last_reviewed.clone().unwrap_or_default()),
        ("licence", writing.licence.spdx().to_owned()),
        ("youtube", video.youtube.unwrap_or_default()),
        ("vimeo", video.vimeo.unwrap_or_default()),
    ] {
        form.set(name, value);
    }
    for (index, reference) in writing.references.iter().enumerate() {
        let n = index + 1;
        let year = reference.year.map(|year| year.to_string()).unwrap_or_default();
        for (part, value) in [
            ("authors", reference.authors.as_str()),
            ("year", year.as_str()),
            ("title", reference.title.as_str()),
            ("venue", reference.venue.as_str()),
            ("doi", reference.doi.as_str()),
            ("url", reference.url.as_str()),
        ] {
            form.set(&format!("ref-{n}-{part}"), value);
        }
    }
    form
}

/// Where `field` comes in the form, for listing problems in that order: the fields
/// up to the Japanese text, the references, then the rest (the authors after the
/// licence).
fn place_in_form(field: &str) -> usize {
    const STEP: usize = 100_000;
    let fixed = |name: &str| FIELDS.iter().position(|f| *f == name);
    if let Some(rest) = field.strip_prefix("ref-") {
        let mut parts = rest.splitn(2, '-');
        let n: usize = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
        let part = parts.next().and_then(|part| REFERENCE_PARTS.iter().position(|p| *p == part)).unwrap_or(0);
        return 9 * STEP + n * 10 + part;
    }
    match (field, fixed(field)) {
        ("references", _) => 9 * STEP,
        ("authors", _) => 12 * STEP + 1,
        (_, Some(at)) if at <= 8 => at * STEP,
        (_, Some(at)) => (at + 1) * STEP,
        (_, None) => 20 * STEP,
    }
}

/// The message for `problem`, with its reference numbered `number` as the form shows it.
fn message(lang: Lang, key: &str, number: Option<usize>) -> String {
    match number {
        Some(n) => lang.t_args(key, &[("number", FluentValue::from(n))]),
        None => lang.t(key),
    }
}

/// Reads the form `pairs` for the text at `slug` on `shelf`: the form as sent (with
/// `intent` applied to its references) and the text it describes, with every problem
/// of the text (those of [`check`] included) named in the writer's language `lang`.
/// The text is `None` when it has a problem.
pub fn read(
    pairs: &Pairs,
    shelf: Shelf,
    slug: &str,
    lang: Lang,
    intent: Intent,
) -> (WriteForm, Option<Writing>) {
    let mut form = WriteForm::default();
    for name in FIELDS {
        form.set(name, crate::web::forms::field(pairs, name));
    }
    form.authors = pairs
        .iter()
        .filter(|(key, value)| key == "authors" && !value.is_empty())
        .map(|(_, v)| v.clone())
        .collect();
    form.glossary_links = !crate::web::forms::field(pairs, "glossary_links").is_empty();
    // The references as sent, by their number in the form; a fieldset left wholly
    // empty is not a reference.
    let sent = pairs
        .iter()
        .filter_map(|(key, _)| key.strip_prefix("ref-")?.split('-').next()?.parse::<usize>().ok())
        .max()
        .unwrap_or(0)
        .min(super::content::MAX_REFERENCES + 1);
    let mut rows: Vec<[String; 6]> = (1..=sent)
        .map(|n| {
            REFERENCE_PARTS
                .map(|part| crate::web::forms::field(pairs, &format!("ref-{n}-{part}")).trim().to_owned())
        })
        .collect();
    match intent {
        Intent::AddReference => rows.push(Default::default()),
        Intent::RemoveReference(n) if (1..=rows.len()).contains(&n) => {
            rows.remove(n - 1);
        }
        _ => {}
    }
    form.references = rows.len();
    for (index, row) in rows.iter().enumerate() {
        for (part, value) in REFERENCE_PARTS.iter().zip(row) {
            form.set(&format!("ref-{}-{part}", index + 1), value.clone());
        }
    }
    let typed = form.values.clone();
    let value = |name: &str| typed.get(name).map_or("", String::as_str);
    let text = |name: &str| value(name).trim().to_owned();
    let optional = |value: String| (!value.is_empty()).then_some(value);
    let body = |name: &str| value(name).replace("\r\n", "\n").trim_end().to_owned();
    // Which fieldset each reference of the text came from.
    let mut places = Vec::new();
    let mut references = Vec::new();
    for (index, [authors, year, title, venue, doi, url]) in rows.iter().enumerate() {
        if [authors, year, title, venue, doi, url].iter().all(|part| part.is_empty()) {
            continue;
        }
        let n = index + 1;
        let year = if year.is_empty() {
            None
        } else if let Ok(year) = year.parse::<i32>() {
            Some(year)
        } else {
            form.fail(&format!("ref-{n}-year"), message(lang, "library-reference-year-invalid", Some(n)));
            None
        };
        places.push(n);
        references.push(Reference {
            authors: authors.clone(),
            year,
            title: title.clone(),
            venue: venue.clone(),
            doi: doi.clone(),
            url: url.clone(),
        });
    }
    let licence = Licence::from_spdx(value("licence")).unwrap_or_else(|| {
        form.fail("licence", lang.t("library-writing-licence-invalid"));
        Licence::CcBy
    });
    let mut video_ids = Vec::new();
    for site in ["youtube", "vimeo"] {
        match video_id(site, value(site).trim()) {
            Some(id) => video_ids.push(optional(id)),
            None => {
                form.fail(site, lang.t("field-video-id-invalid"));
                video_ids.push(None);
            }
        }
    }
    let (youtube, vimeo) = (video_ids[0].clone(), video_ids[1].clone());
    if youtube.is_some() && vimeo.is_some() {
        form.fail("vimeo", lang.t("field-one-video"));
    }
    let video = (youtube.is_some() || vimeo.is_some()).then(|| crate::courses::content::Video {
        youtube,
        vimeo,
        ..Default::default()
    });
    let writing = Writing {
        slug: slug.to_owned(),
        title: text("title"),
        title_ja: optional(text("title_ja")),
        summary: text("summary"),
        summary_ja: optional(text("summary_ja")),
        language: Lang::from_code(form.value("language")).unwrap_or_default(),
        category: text("category"),
        tags: value("tags")
            .split(',')
            .map(|tag| tag.trim().to_lowercase())
            .filter(|tag| !tag.is_empty())
            .collect(),
        body: body("body"),
        body_ja: optional(body("body_ja")).filter(|body| !body.trim().is_empty()),
        references,
        related: value("related")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        last_reviewed: optional(text("last_reviewed")),
        licence,
        authors: form.authors.clone(),
        glossary_links: form.glossary_links,
        video,
        files: Default::default(),
    };
    for Problem { field, key, number } in check(shelf, &writing) {
        // A reference's problem names it by its place in the form, which counts the
        // empty fieldsets the text leaves out.
        match number {
            Some(n) => {
                let place = places.get(n - 1).copied().unwrap_or(n);
                let part = field.rsplit('-').next().unwrap_or_default();
                form.fail(&format!("ref-{place}-{part}"), message(lang, key, Some(place)));
            }
            None => form.fail(&field, message(lang, key, None)),
        }
    }
    form.errors.sort_by_key(|(field, _)| place_in_form(field));
    let writing = (!form.has_errors()).then_some(writing);
    (form, writing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Pairs {
        list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn article() -> Vec<(&'static str, &'static str)> {
        vec![
            ("title", "Team teaching"),
            ("summary", "What works."),
            ("language", "en"),
            ("category", "research"),
            ("tags", "team-teaching, Research"),
            ("body", "Text.\r\n"),
            ("licence", "CC-BY-4.0"),
            ("authors", "altto-editors"),
            ("glossary_links", "on"),
            ("ref-1-authors", "Tajino, A."),
            ("ref-1-year", "2000"),
            ("ref-1-title", "Native and non-native"),
            ("ref-2-authors", ""),
            ("ref-2-title", ""),
        ]
    }

    #[test]
    fn a_complete_form_reads_into_a_text_and_an_empty_reference_is_left_out() {
        let (form, writing) = read(&pairs(&article()), Shelf::Library, "t", Lang::En, Intent::Save);
        assert!(!form.has_errors(), "{:?}", form.errors());
        let writing = writing.unwrap();
        assert_eq!(writing.tags, ["team-teaching", "research"]);
        assert_eq!(writing.body, "Text.");
        assert_eq!(writing.references.len(), 1);
        assert_eq!(writing.references[0].year, Some(2000));
        assert!(writing.glossary_links);
        assert_eq!(of_writing(&writing).value("tags"), "team-teaching, research");
    }

    #[test]
    fn a_reference_without_a_title_is_named_by_its_place_in_the_form() {
        let mut sent = article();
        sent.retain(|(key, _)| !key.starts_with("ref-1"));
        sent.push(("ref-3-authors", "MEXT"));
        let (form, writing) = read(&pairs(&sent), Shelf::Library, "t", Lang::En, Intent::Save);
        assert!(writing.is_none());
        assert_eq!(form.reference_error(&3, "title"), Some("Reference 3: the title is required"));
    }

    #[test]
    fn adding_and_removing_references_changes_only_the_form() {
        let sent = pairs(&article());
        let (form, _) = read(&sent, Shelf::Library, "t", Lang::En, Intent::AddReference);
        assert_eq!(form.references, 3);
        let (form, _) = read(&sent, Shelf::Library, "t", Lang::En, Intent::RemoveReference(1));
        assert_eq!(form.references, 1);
        assert_eq!(form.reference(&1, "title"), "");
        assert_eq!(intent(&pairs(&[("action", "remove-reference-2")])), Intent::RemoveReference(2));
        assert_eq!(intent(&pairs(&[("action", "add-reference")])), Intent::AddReference);
        assert_eq!(intent(&pairs(&[("action", "save")])), Intent::Save);
    }
}
