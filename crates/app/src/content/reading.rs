//! Which version of a document's texts a reader is shown, and in which language each
//! text is (WCAG 3.1.2: every part in a language other than the page's carries its own
//! `lang`): the one rule for every page that shows course content ([`Reading`]), and
//! the way between a lesson's Japanese version and its original (`?text=original`).

use crate::{i18n::Lang, web::Ctx};

/// A text of content as shown on a page, with the language it is written in when
/// that is not the page's, so that it carries its own `lang` (WCAG 3.1.2: screen
/// readers switch voice). Shown as its text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    /// The text.
    pub text: String,
    /// Its language, if it differs from the page's.
    pub lang: Option<Lang>,
}

impl Text {
    /// ` lang="…"` for the element holding the text, or nothing when the text is in
    /// the page's language.
    pub fn lang_attr(&self) -> &'static str {
        lang_attr(self.lang)
    }

    /// Whether there is no text.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// ` lang="…"` for content in `lang` (`None`: in the page's language, nothing).
pub fn lang_attr(lang: Option<Lang>) -> &'static str {
    match lang {
        Some(Lang::En) => r#" lang="en""#,
        Some(Lang::Ja) => r#" lang="ja""#,
        None => "",
    }
}

/// Which texts of a course a reader is shown, and in which language each is: the one
/// rule for every page that shows course content.
///
/// A course's main texts are written in its `language`; its `_ja`
/// texts are the Japanese version of an English course. A Japanese reader gets the
/// Japanese version of a text where there is one, unless they asked for the original;
/// everyone else gets the original.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    /// The page's (interface) language.
    pub page: Lang,
    /// The language the course's main texts are written in.
    pub written: Lang,
    /// Whether Japanese versions are shown where they exist.
    pub japanese: bool,
}

impl Reading {
    /// What a reader of a page in `page` is shown of a course written in `written`.
    pub fn new(page: Lang, written: Lang) -> Self {
        Self { page, written, japanese: page == Lang::Ja && written != Lang::Ja }
    }

    /// The same page showing the original texts.
    pub fn original(self) -> Self {
        Self { japanese: false, ..self }
    }

    /// The text shown of `main` (in the course's language) and its Japanese version `ja`.
    pub fn text(self, main: &str, ja: &Option<String>) -> Text {
        match ja {
            Some(ja) if self.japanese && !ja.trim().is_empty() => {
                Text { text: ja.clone(), lang: self.other(Lang::Ja) }
            }
            _ => Text { text: main.to_owned(), lang: self.other(self.written) },
        }
    }

    /// Whether the Japanese version `ja` of a text is the one shown.
    pub fn shows_japanese(self, ja: &Option<String>) -> bool {
        self.japanese && ja.as_ref().is_some_and(|ja| !ja.trim().is_empty())
    }

    /// The language of the original texts, if it is not the page's.
    pub fn original_lang(self) -> Option<Lang> {
        self.other(self.written)
    }

    /// `lang` if it is not the page's language.
    pub fn other(self, lang: Lang) -> Option<Lang> {
        (lang != self.page).then_some(lang)
    }
}

/// Where a lesson page's links go: the public lesson pages, or in a preview the
/// previews of the working copy (in the preview's language); either way keeping the
/// reader's choice of the original texts.
#[derive(Clone, Debug)]
pub struct Links {
    /// Before the lesson's slug, e.g. `/courses/alt-essentials/lessons/`.
    prefix: String,
    /// After it: nothing, or `/preview`.
    suffix: String,
    /// The course's own page.
    pub course: String,
    /// A preview's language, named in its links.
    preview: Option<Lang>,
}

impl Links {
    /// The public lesson pages of the course at `slug`.
    pub fn public(slug: &str) -> Self {
        Self {
            prefix: format!("/courses/{slug}/lessons/"),
            suffix: String::new(),
            course: format!("/courses/{slug}"),
            preview: None,
        }
    }

    /// The previews in `lang` of the lessons of the working copy of the course at `slug`.
    pub fn preview(slug: &str, lang: Lang) -> Self {
        Self {
            prefix: format!("/author/courses/{slug}/lessons/"),
            suffix: "/preview".into(),
            course: format!("/author/courses/{slug}"),
            preview: Some(lang),
        }
    }

    /// The page of the lesson at `slug`, showing the original texts if `original`.
    pub fn lesson(&self, slug: &str, original: bool) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if let Some(lang) = self.preview {
            query.append_pair("lang", lang.code());
        }
        if original {
            query.append_pair(ORIGINAL.0, ORIGINAL.1);
        }
        let query = query.finish();
        let sep = if query.is_empty() { "" } else { "?" };
        format!("{}{slug}{}{sep}{query}", self.prefix, self.suffix)
    }
}

/// The query that asks for a lesson's original texts instead of its Japanese version.
/// A query, not a cookie: the plain address stays the page every visitor in a language
/// shares (kept by the visitor page cache, stitched for members), and a page with a
/// query is simply rendered each time.
const ORIGINAL: (&str, &str) = ("text", "original");

/// Whether `ctx`'s address asks for the original texts.
pub fn asks_for_original(ctx: &Ctx) -> bool {
    let query = ctx.path_and_query.split_once('?').map_or("", |(_, query)| query);
    url::form_urlencoded::parse(query.as_bytes()).any(|(key, value)| key == ORIGINAL.0 && value == ORIGINAL.1)
}

/// The link between a lesson's Japanese version and its original.
pub struct Switch {
    /// Whether it leads to the original (else back to the Japanese version).
    pub to_original: bool,
    /// The language of the page it leads to.
    pub hreflang: Option<&'static str>,
    /// Its text.
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_text_is_shown_in_the_readers_language_where_it_can_be_and_says_its_own_otherwise() {
        let ja = Some("日本語".to_owned());
        let none = None;
        // An English course: Japanese readers get the Japanese version where there is one.
        let ja_reader = Reading::new(Lang::Ja, Lang::En);
        assert_eq!(ja_reader.text("English", &ja), Text { text: "日本語".into(), lang: None });
        assert_eq!(ja_reader.text("English", &none), Text { text: "English".into(), lang: Some(Lang::En) });
        assert_eq!(ja_reader.original().text("English", &ja).lang, Some(Lang::En));
        assert_eq!(
            Reading::new(Lang::En, Lang::En).text("English", &ja),
            Text { text: "English".into(), lang: None }
        );
        // A Japanese course: its main texts are Japanese, whoever reads them.
        assert_eq!(Reading::new(Lang::En, Lang::Ja).text("日本語", &none).lang, Some(Lang::Ja));
        assert_eq!(Reading::new(Lang::Ja, Lang::Ja).text("日本語", &none).lang, None);
        assert_eq!(Text { text: String::new(), lang: Some(Lang::En) }.lang_attr(), r#" lang="en""#);
        assert!(
            !Reading::new(Lang::Ja, Lang::En).shows_japanese(&Some("  ".into())),
            "a blank version is none"
        );
    }
}
