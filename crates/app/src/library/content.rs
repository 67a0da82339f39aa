//! What one revision of a library article or a news post holds, and the rules it must
//! keep to be saved. Articles and posts are two kinds of one thing: a titled text with
//! its authors, licence, category, tags, references and an optional Japanese version;
//! a post may also carry a video. Which kind it is decides the address and the list of
//! categories ([`Shelf`]).

use serde::{Deserialize, Serialize};

use crate::{
    content::markdown,
    courses::content::{Licence, Manifest, Video},
    i18n::Lang,
};

/// Where a text is kept: the library (articles) or the news (posts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shelf {
    /// The compendium of knowledge, at `/library`.
    Library,
    /// News and guest posts, at `/news`.
    News,
}

/// The library's categories, in the order the library page lists them.
pub const LIBRARY_CATEGORIES: [&str; 5] =
    ["educational-goals", "hiring-and-training", "international", "teaching-practice", "research"];

/// The news categories.
pub const NEWS_CATEGORIES: [&str; 4] = ["announcements", "events", "guest-posts", "updates"];

impl Shelf {
    /// Both shelves.
    pub const ALL: [Shelf; 2] = [Shelf::Library, Shelf::News];

    /// The kind of document kept on this shelf.
    pub fn kind(self) -> altto_store::DocumentKind {
        match self {
            Shelf::Library => altto_store::DocumentKind::Article,
            Shelf::News => altto_store::DocumentKind::Post,
        }
    }

    /// The shelf keeping documents of `kind`, if any does.
    pub fn of(kind: altto_store::DocumentKind) -> Option<Shelf> {
        Shelf::ALL.into_iter().find(|shelf| shelf.kind() == kind)
    }

    /// Its name in addresses: `library` or `news`.
    pub fn name(self) -> &'static str {
        match self {
            Shelf::Library => "library",
            Shelf::News => "news",
        }
    }

    /// The shelf named `name` in an address.
    pub fn parse(name: &str) -> Option<Shelf> {
        Shelf::ALL.into_iter().find(|shelf| shelf.name() == name)
    }

    /// Its categories.
    pub fn categories(self) -> &'static [&'static str] {
        match self {
            Shelf::Library => &LIBRARY_CATEGORIES,
            Shelf::News => &NEWS_CATEGORIES,
        }
    }

    /// The translation key of a category's name (`library-category-research`).
    pub fn category_key(self, category: &str) -> String {
        format!("{}-category-{category}", self.name())
    }

    /// The public address of the text at `slug`.
    pub fn url(self, slug: &str) -> String {
        format!("/{}/{slug}", self.name())
    }
}

/// A library article or a news post: what one revision holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Writing {
    /// Its address on its shelf.
    pub slug: String,
    /// Title, in the language it is written in.
    pub title: String,
    /// Japanese title (of an English text).
    #[serde(default)]
    pub title_ja: Option<String>,
    /// One or two sentences: shown in lists, feeds, search results and link previews.
    pub summary: String,
    /// Japanese summary.
    #[serde(default)]
    pub summary_ja: Option<String>,
    /// The language its main texts are written in.
    #[serde(default)]
    pub language: Lang,
    /// One of its shelf's categories.
    pub category: String,
    /// Tags: lowercase words joined by hyphens.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The text, in Markdown.
    pub body: String,
    /// The Japanese version of the whole text, in Markdown.
    #[serde(default)]
    pub body_ja: Option<String>,
    /// Works cited, in the order they are listed.
    #[serde(default)]
    pub references: Vec<Reference>,
    /// Site addresses of related lessons, articles and posts (`/library/…`).
    #[serde(default)]
    pub related: Vec<String>,
    /// When its facts were last checked (`YYYY-MM-DD`).
    #[serde(default)]
    pub last_reviewed: Option<String>,
    /// Licence.
    pub licence: Licence,
    /// The people credited, by their page's address (`/authors/{slug}`).
    #[serde(default)]
    pub authors: Vec<String>,
    /// Whether the first use of a glossary term links to its entry.
    #[serde(default = "yes")]
    pub glossary_links: bool,
    /// A video shown above the text: privacy-enhanced YouTube or Vimeo, or one of its
    /// files with captions and a transcript, as in lessons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video: Option<Video>,
    /// Its files (a video, captions, a transcript, images), by path (`media/…`), each
    /// found by the hash of its bytes: they change with a new revision, like the text.
    #[serde(default, skip_serializing_if = "Manifest::is_empty")]
    pub files: Manifest,
}

fn yes() -> bool {
    true
}

impl Writing {
    /// This text as written in a form (which holds no files), with the files of the
    /// working copy `working` — and its uploaded video, unless the form chose a YouTube
    /// or Vimeo one (files are managed on their own page).
    pub fn keeping_files_of(mut self, working: &Writing) -> Writing {
        self.files = working.files.clone();
        if self.video.is_none() {
            self.video = working.video.clone().filter(|video| video.file.is_some());
        }
        self
    }
}

/// A work cited, rendered the same way everywhere (author, year, title, venue, link).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// Its authors as they are cited: `Tajino, A. & Tajino, Y.`, or an organisation.
    pub authors: String,
    /// Year of publication.
    #[serde(default)]
    pub year: Option<i32>,
    /// Title.
    pub title: String,
    /// Where it appeared: journal with volume and pages, publisher, or website.
    #[serde(default)]
    pub venue: String,
    /// DOI, e.g. `10.1093/elt/54.1.3`.
    #[serde(default)]
    pub doi: String,
    /// Address, when it has no DOI or is also online.
    #[serde(default)]
    pub url: String,
}

impl Reference {
    /// The address a reader follows: the DOI's resolver, else the URL.
    pub fn link(&self) -> Option<String> {
        if !self.doi.is_empty() {
            Some(format!("https://doi.org/{}", self.doi))
        } else if !self.url.is_empty() {
            Some(self.url.clone())
        } else {
            None
        }
    }
}

/// The longest title and summary, in characters.
pub const MAX_TITLE: usize = 200;
/// The longest summary, in characters.
pub const MAX_SUMMARY: usize = 400;
/// The most references one text may list.
pub const MAX_REFERENCES: usize = 100;

/// Something a text must fix before it is saved: the form field, the translation key
/// of the message, and for a reference its number (from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The field's name in the form, e.g. `title` or `ref-2-title`.
    pub field: String,
    /// The message's translation key.
    pub key: &'static str,
    /// The reference's number, when it is about one.
    pub number: Option<usize>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.key)
    }
}

/// Whether `slug` is an address: lowercase letters, digits and single hyphens.
pub fn is_slug(slug: &str) -> bool {
    crate::courses::package::is_slug(slug)
}

/// Whether `day` is a date written `YYYY-MM-DD`.
pub fn is_day(day: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(day, &format).is_ok()
}

/// Every problem of `writing` on `shelf`, in the order of the form's fields.
pub fn check(shelf: Shelf, writing: &Writing) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut add = |field: &str, key: &'static str, number: Option<usize>| {
        problems.push(Problem { field: field.to_owned(), key, number });
    };
    if !is_slug(&writing.slug) {
        add("slug", "field-slug-invalid", None);
    }
    for (field, text, max) in [
        ("title", Some(&writing.title), MAX_TITLE),
        ("title_ja", writing.title_ja.as_ref(), MAX_TITLE),
        ("summary", Some(&writing.summary), MAX_SUMMARY),
        ("summary_ja", writing.summary_ja.as_ref(), MAX_SUMMARY),
    ] {
        match text {
            Some(text) if text.chars().count() > max => add(field, "field-too-long", None),
            Some(text) if text.trim().is_empty() && !field.ends_with("_ja") => {
                add(field, "library-field-required", None)
            }
            _ => {}
        }
    }
    if !shelf.categories().contains(&writing.category.as_str()) {
        add("category", "library-category-invalid", None);
    }
    if writing.tags.iter().any(|tag| !is_slug(tag)) || writing.tags.len() > 20 {
        add("tags", "library-tags-invalid", None);
    }
    if writing.body.trim().is_empty() {
        add("body", "library-field-required", None);
    }
    for (field, text) in [("body", Some(&writing.body)), ("body_ja", writing.body_ja.as_ref())] {
        if let Some(text) = text
            && markdown::check(text, &markdown::Profile::Authors).is_err()
        {
            add(field, "library-markdown-invalid", None);
        }
    }
    if writing.references.len() > MAX_REFERENCES {
        add("references", "library-references-too-many", None);
    }
    for (index, reference) in writing.references.iter().enumerate() {
        let number = Some(index + 1);
        let field = |name: &str| format!("ref-{}-{name}", index + 1);
        if reference.title.trim().is_empty() {
            add(&field("title"), "library-reference-title-required", number);
        }
        if reference.authors.trim().is_empty() {
            add(&field("authors"), "library-reference-authors-required", number);
        }
        if reference.year.is_some_and(|year| !(1000..=9999).contains(&year)) {
            add(&field("year"), "library-reference-year-invalid", number);
        }
        if !reference.doi.is_empty() && !reference.doi.starts_with("10.") {
            add(&field("doi"), "library-reference-doi-invalid", number);
        }
        if !reference.url.is_empty() && !is_web_address(&reference.url) {
            add(&field("url"), "library-reference-url-invalid", number);
        }
    }
    if writing.related.iter().any(|address| !is_site_address(address)) {
        add("related", "library-related-invalid", None);
    }
    if writing.last_reviewed.as_deref().is_some_and(|day| !is_day(day)) {
        add("last_reviewed", "library-day-invalid", None);
    }
    if writing.authors.iter().any(|slug| !is_slug(slug)) {
        add("authors", "library-authors-invalid", None);
    }
    if let Some(video) = &writing.video {
        let sources = [video.youtube.is_some(), video.vimeo.is_some(), video.file.is_some()];
        if sources.iter().filter(|source| **source).count() > 1 {
            add("video", "library-video-one-source", None);
        }
        let kinds: [(&Option<String>, &[&str]); 4] = [
            (&video.file, &["mp4", "webm"]),
            (&video.captions, &["vtt"]),
            (&video.captions_ja, &["vtt"]),
            (&video.transcript, &["txt", "md", "pdf"]),
        ];
        for (path, extensions) in kinds {
            if let Some(path) = path
                && (!writing.files.contains_key(path)
                    || !crate::courses::media::has_extension(path, extensions))
            {
                add("video", "library-video-file-missing", None);
            }
        }
    }
    problems
}

/// Whether `address` is an `http` or `https` address.
pub fn is_web_address(address: &str) -> bool {
    url::Url::parse(address).is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
}

/// Whether `address` is a page of this site: `/courses/…`, `/library/…`, `/news/…` or
/// `/glossary/…`.
pub fn is_site_address(address: &str) -> bool {
    let mut parts = address.strip_prefix('/').unwrap_or("!").split('/');
    matches!(parts.next(), Some("courses" | "library" | "news" | "glossary"))
        && parts.all(|part| !part.is_empty() && is_slug(part) || part == "lessons")
        && address.matches('/').count() >= 2
}

/// Minutes a reader takes, at about 200 English words or 500 Japanese characters a
/// minute; at least one.
pub fn reading_minutes(text: &str) -> u32 {
    let words = text.split_whitespace().filter(|word| word.chars().any(char::is_alphanumeric)).count();
    let japanese = text.chars().filter(|c| matches!(*c as u32, 0x3040..=0x30ff | 0x4e00..=0x9fff)).count();
    let minutes = words / 200 + japanese / 500;
    u32::try_from(minutes.max(1)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn article() -> Writing {
        Writing {
            slug: "team-teaching-research".into(),
            title: "What research says about team teaching".into(),
            title_ja: None,
            summary: "Findings.".into(),
            summary_ja: None,
            language: Lang::En,
            category: "research".into(),
            tags: vec!["team-teaching".into()],
            body: "Text.".into(),
            body_ja: None,
            references: vec![Reference {
                authors: "Tajino, A. & Tajino, Y.".into(),
                year: Some(2000),
                title: "Native and non-native".into(),
                venue: "ELT Journal".into(),
                doi: "10.1093/elt/54.1.3".into(),
                url: String::new(),
            }],
            related: vec!["/courses/alt-essentials/lessons/team-teaching-roles".into()],
            last_reviewed: Some("2026-12-01".into()),
            licence: Licence::CcBy,
            authors: vec!["altto-editors".into()],
            glossary_links: true,
            video: None,
            files: Manifest::new(),
        }
    }

    #[test]
    fn a_complete_article_has_no_problems() {
        assert_eq!(check(Shelf::Library, &article()), vec![]);
    }

    #[test]
    fn a_reference_without_a_title_is_refused_with_its_field_named() {
        let mut writing = article();
        writing.references.push(Reference { authors: "MEXT".into(), ..Reference::default() });
        let problems = check(Shelf::Library, &writing);
        assert_eq!(
            problems,
            vec![Problem {
                field: "ref-2-title".into(),
                key: "library-reference-title-required",
                number: Some(2)
            }]
        );
    }

    #[test]
    fn a_category_of_the_other_shelf_a_bad_day_and_a_foreign_related_address_are_refused() {
        let mut writing = article();
        writing.category = "announcements".into();
        writing.last_reviewed = Some("2026-13-01".into());
        writing.related = vec!["https://example.org/".into()];
        let fields: Vec<String> = check(Shelf::Library, &writing).into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["category", "related", "last_reviewed"]);
        assert!(check(Shelf::News, &Writing { category: "announcements".into(), ..article() }).is_empty());
    }

    #[test]
    fn a_reference_links_to_its_doi_before_its_address() {
        let mut reference = article().references.remove(0);
        assert_eq!(reference.link().as_deref(), Some("https://doi.org/10.1093/elt/54.1.3"));
        reference.doi.clear();
        assert_eq!(reference.link(), None);
        reference.url = "https://www.mext.go.jp/".into();
        assert_eq!(reference.link().as_deref(), Some("https://www.mext.go.jp/"));
    }

    #[test]
    fn reading_time_counts_english_words_and_japanese_characters() {
        assert_eq!(reading_minutes(""), 1);
        assert_eq!(reading_minutes(&"word ".repeat(1000)), 5);
        assert_eq!(reading_minutes(&"学".repeat(1500)), 3);
    }

    #[test]
    fn site_addresses_are_pages_of_this_site_only() {
        for good in
            ["/library/a-b", "/courses/alt-essentials/lessons/who-is-who", "/glossary/tannin", "/news/x"]
        {
            assert!(is_site_address(good), "{good}");
        }
        for bad in ["/library", "library/a", "//evil.example/x", "/admin/x", "/library/A B", "/library/../x"]
        {
            assert!(!is_site_address(bad), "{bad}");
        }
    }
}
