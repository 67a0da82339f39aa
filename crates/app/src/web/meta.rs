//! What a page tells search engines, link previews and feed readers about itself: its
//! canonical address, description, OpenGraph and Twitter card, and schema.org JSON-LD.
//! One [`Meta`] per page, filled by the page's handler and rendered in the head by the
//! base layout (see [`crate::web::Ctx::with_meta`]). It depends only on what the page
//! shows (for a published document, its published revision), so cached visitors' pages
//! stay right.

use askama::Template;
use serde_json::{Value, json};

use crate::i18n::Lang;

/// The kind of thing a page is, for OpenGraph.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OgType {
    /// A list, the home page, a course.
    #[default]
    Website,
    /// An article, a post or a lesson.
    Article,
    /// A person's page.
    Profile,
}

impl OgType {
    /// The `og:type` value.
    pub fn as_str(self) -> &'static str {
        match self {
            OgType::Website => "website",
            OgType::Article => "article",
            OgType::Profile => "profile",
        }
    }
}

/// A page's metadata.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Meta {
    /// The page's title, without the site's name.
    pub title: String,
    /// What it is about in a sentence or two: the item's own summary.
    pub description: String,
    /// Its one address, absolute, without a query.
    pub canonical: String,
    /// What kind of page it is.
    pub og_type: OgType,
    /// An image to show with a link to it (absolute).
    pub image: Option<String>,
    /// schema.org data about what the page shows.
    pub json_ld: Option<Value>,
    /// The page's language.
    pub lang: Lang,
    /// The site's name in the page's language.
    pub site_name: String,
}

impl Meta {
    /// The metadata of the page at `path` (a path of this site, its query dropped) on
    /// the site at `site` (the `public_url`, e.g. `https://altto.example.org`), as a
    /// reader of `lang` sees it.
    pub fn new(site: &str, lang: Lang, path: &str, title: &str, description: &str) -> Self {
        Meta {
            title: title.to_owned(),
            description: description.to_owned(),
            canonical: absolute(site, path),
            og_type: OgType::Website,
            image: None,
            json_ld: None,
            lang,
            site_name: lang.t("site-name"),
        }
    }

    /// The same with `og:type` `kind`.
    pub fn kind(self, og_type: OgType) -> Self {
        Meta { og_type, ..self }
    }

    /// The same with schema.org data `json_ld` (an object with its `@type`).
    pub fn with_json_ld(self, mut json_ld: Value) -> Self {
        if let Some(object) = json_ld.as_object_mut() {
            object.insert("@context".into(), Value::from("https://schema.org"));
        }
        Meta { json_ld: Some(json_ld), ..self }
    }

    /// `og:locale`.
    pub fn locale(&self) -> &'static str {
        match self.lang {
            Lang::En => "en_US",
            Lang::Ja => "ja_JP",
        }
    }

    /// The other language's `og:locale`, for `og:locale:alternate`.
    pub fn locale_alternate(&self) -> &'static str {
        match self.lang {
            Lang::En => "ja_JP",
            Lang::Ja => "en_US",
        }
    }

    /// The JSON-LD to put inside `<script type="application/ld+json">`: serialised by
    /// serde_json, with `<`, `>` and `&` written as `\u003c`, `\u003e` and `\u0026`
    /// (the same JSON), so no text in it can close the script or open a comment.
    pub fn json_ld_script(&self) -> Option<String> {
        let json = serde_json::to_string(self.json_ld.as_ref()?).ok()?;
        Some(script_safe(&json))
    }

    /// The tags for the page's head.
    pub fn head(&self) -> String {
        MetaHead { meta: self }.render().unwrap_or_default()
    }
}

/// JSON made safe to put inside a `<script>` element (see [`Meta::json_ld_script`]).
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// `path` (of this site) as an absolute address on the site at `site`, without its
/// query or fragment.
pub fn absolute(site: &str, path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let path = if path.starts_with('/') { path.to_owned() } else { format!("/{path}") };
    format!("{}{path}", site.trim_end_matches('/'))
}

/// An ISO 8601 date-time of a unix-millisecond timestamp (schema.org dates).
pub fn iso_time(millis: i64) -> String {
    crate::web::format::rfc3339(millis)
}

/// An ISO 8601 duration of `minutes` (schema.org `timeRequired`): `PT1H5M`, `PT20M`.
pub fn iso_duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("PT{m}M"),
        (h, 0) => format!("PT{h}H"),
        (h, m) => format!("PT{h}H{m}M"),
    }
}

/// A schema.org `Person` named `name`, with their page at `url` if they have one.
pub fn person(name: &str, url: Option<String>) -> Value {
    let mut person = json!({ "@type": "Person", "name": name });
    if let Some(url) = url {
        person["url"] = Value::from(url);
    }
    person
}

/// The site as a schema.org `Organization` (publisher and provider).
pub fn organization(site: &str, name: &str) -> Value {
    json!({ "@type": "Organization", "name": name, "url": absolute(site, "/") })
}

/// The head tags of a page's [`Meta`].
#[derive(Template)]
#[template(path = "web/meta.html")]
struct MetaHead<'a> {
    meta: &'a Meta,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script_and_still_parses_to_the_same_text() {
        let meta = Meta::new("https://a.example", Lang::En, "/x", "t", "d").with_json_ld(
            json!({ "@type": "Article", "headline": "</script><script>alert(1)</script> & <!--" }),
        );
        let script = meta.json_ld_script().unwrap();
        assert!(!script.contains('<') && !script.contains('>'), "{script}");
        let back: Value = serde_json::from_str(&script).unwrap();
        assert_eq!(back["headline"], "</script><script>alert(1)</script> & <!--");
        assert_eq!(back["@context"], "https://schema.org");
    }

    #[test]
    fn canonical_addresses_are_absolute_and_drop_the_query() {
        assert_eq!(
            absolute("https://a.example/", "/library/x?text=original#top"),
            "https://a.example/library/x"
        );
        assert_eq!(absolute("http://127.0.0.1:8080", "/"), "http://127.0.0.1:8080/");
    }

    #[test]
    fn durations_are_iso_8601() {
        assert_eq!(iso_duration(20), "PT20M");
        assert_eq!(iso_duration(60), "PT1H");
        assert_eq!(iso_duration(95), "PT1H35M");
    }

    #[test]
    fn the_head_escapes_what_it_shows() {
        let head = Meta::new("https://a.example", Lang::Ja, "/x", "\"quoted\" <b>", "d").head();
        assert!(head.contains("og:locale\" content=\"ja_JP\""), "{head}");
        assert!(!head.contains("<b>"), "{head}");
    }
}
