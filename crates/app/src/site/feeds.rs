//! Atom feeds (RFC 4287) of the news, the library and each library category, written
//! with the `atom_syndication` crate, and [`atom`], which any list of the site can use
//! for its own feed (the newsletter's, for one). Every address in a feed is absolute
//! (the `public_url` setting); entries are identified by a `tag:` URI that names the
//! document, not its address, so a renamed article is not a new entry to readers.

use std::collections::HashMap;

use altto_store::Person;
use atom_syndication::{Category, Entry, Feed, FixedDateTime, Generator, Link, Text};
use axum::{
    extract::{Path, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};

use crate::{
    content::reading::Reading,
    error::{AppError, AppResult},
    i18n::Lang,
    library::{Shelf, cache::Card, pages::name_of},
    state::AppState,
    web::meta::absolute,
};

/// The `Content-Type` of an Atom feed.
pub const ATOM_TYPE: &str = "application/atom+xml; charset=utf-8";

/// One entry of a feed: everything in it as plain text, addresses absolute.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FeedEntry {
    /// Its permanent id: a `tag:` URI or an absolute address.
    pub id: String,
    /// Title.
    pub title: String,
    /// The page it is about (absolute).
    pub url: String,
    /// When it was first public (unix ms).
    pub published: i64,
    /// When what it shows last changed (unix ms).
    pub updated: i64,
    /// Its authors' names.
    pub authors: Vec<String>,
    /// One or two sentences.
    pub summary: String,
    /// Category terms.
    pub categories: Vec<String>,
    /// Its licence, e.g. `CC BY 4.0 https://creativecommons.org/licenses/by/4.0/`.
    pub rights: Option<String>,
}

/// An Atom feed titled `title` at `self_url` (absolute) of `entries`: newest first, its
/// `updated` the newest entry's (or the epoch for an empty feed, so the feed does not
/// change while nothing does), in English unless [`in_language`] says otherwise. Send
/// it with [`feed_response`].
pub fn atom(title: &str, self_url: &str, mut entries: Vec<FeedEntry>) -> Feed {
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    let updated = entries.iter().map(|entry| entry.updated).max().unwrap_or(0);
    Feed {
        title: Text::plain(title),
        id: self_url.to_owned(),
        updated: date(updated),
        links: vec![link(self_url, "self", Some("application/atom+xml"))],
        lang: Some(Lang::En.code().to_owned()),
        generator: Some(Generator { value: "altto".into(), uri: None, version: None }),
        entries: entries.into_iter().map(entry).collect(),
        ..Feed::default()
    }
}

/// `feed` in `lang`, following the page at `alternate` (absolute), if it follows one.
pub fn in_language(mut feed: Feed, lang: Lang, alternate: Option<&str>) -> Feed {
    feed.lang = Some(lang.code().to_owned());
    if let Some(page) = alternate {
        feed.links.push(link(page, "alternate", Some("text/html")));
    }
    feed
}

/// `feed` as a response, with the Atom type.
pub fn feed_response(feed: &Feed) -> Response {
    let mut response = feed.to_string().into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ATOM_TYPE));
    // Feeds follow the reader's language like pages do.
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Language, Cookie"));
    response
}

fn entry(item: FeedEntry) -> Entry {
    Entry {
        title: Text::plain(item.title),
        id: item.id,
        updated: date(item.updated),
        published: Some(date(item.published)),
        authors: item
            .authors
            .into_iter()
            .map(|name| atom_syndication::Person { name, ..atom_syndication::Person::default() })
            .collect(),
        summary: Some(Text::plain(item.summary)),
        links: vec![link(&item.url, "alternate", Some("text/html"))],
        categories: item
            .categories
            .into_iter()
            .map(|term| Category { term, ..Category::default() })
            .collect(),
        rights: item.rights.map(Text::plain),
        ..Entry::default()
    }
}

fn link(href: &str, rel: &str, mime_type: Option<&str>) -> Link {
    Link {
        href: href.to_owned(),
        rel: rel.to_owned(),
        mime_type: mime_type.map(str::to_owned),
        ..Link::default()
    }
}

/// The feed's time of a unix-millisecond timestamp (UTC).
fn date(millis: i64) -> FixedDateTime {
    chrono::DateTime::from_timestamp_millis(millis).unwrap_or_default().fixed_offset()
}

/// A permanent id for document `kind`/`id` first published at `published` on the
/// site at `site`: a `tag:` URI (RFC 4151) when the site has a domain name, else the
/// page's address.
pub fn entry_id(site: &str, kind: &str, id: i64, published: i64, page: &str) -> String {
    let host = url::Url::parse(site).ok().and_then(|url| url.domain().map(str::to_owned));
    match host {
        Some(host) if host.contains('.') => {
            format!("tag:{host},{}:{kind}/{id}", crate::web::format::day_of(published))
        }
        _ => page.to_owned(),
    }
}

/// The entry of a published article or post for a reader of `lang`.
pub fn card_entry(site: &str, card: &Card, lang: Lang, people: &HashMap<String, Person>) -> FeedEntry {
    let reading = Reading::new(lang, card.language);
    let url = absolute(site, &card.url());
    FeedEntry {
        id: entry_id(site, card.shelf.kind().as_str(), card.doc.id, card.date, &url),
        title: reading.text(&card.title, &card.title_ja).text,
        published: card.date,
        updated: card.updated.max(card.date),
        authors: card
            .authors
            .iter()
            .map(|slug| people.get(slug).map_or_else(|| slug.clone(), |person| name_of(person, lang)))
            .collect(),
        summary: reading.text(&card.summary, &card.summary_ja).text,
        categories: std::iter::once(card.category.clone()).chain(card.tags.iter().cloned()).collect(),
        rights: Some(format!("{} {}", card.licence.name(), card.licence.url())),
        url,
    }
}

/// The feed of `shelf` (only `category`, if given).
async fn shelf_feed(
    state: &AppState,
    lang: Lang,
    shelf: Shelf,
    category: Option<&str>,
) -> AppResult<Response> {
    let site = state.settings.base_url();
    let people: HashMap<String, Person> =
        state.store.people().await?.into_iter().map(|person| (person.slug.clone(), person)).collect();
    let cards = state.library.shelf(&state.store, shelf).await?;
    let entries = cards
        .iter()
        .filter(|card| category.is_none_or(|category| card.category == category))
        .map(|card| card_entry(&site, card, lang, &people))
        .collect();
    let shelf_title = lang.t(&format!("{}-title", shelf.name()));
    let (title, path, page) = match category {
        Some(category) => (
            format!("{} · {} · {}", lang.t(&shelf.category_key(category)), shelf_title, lang.t("site-name")),
            format!("/{}/category/{category}/feed.xml", shelf.name()),
            format!("/{}?category={category}", shelf.name()),
        ),
        None => (
            format!("{shelf_title} · {}", lang.t("site-name")),
            format!("/{}/feed.xml", shelf.name()),
            format!("/{}", shelf.name()),
        ),
    };
    let page = format!("{}{page}", site.trim_end_matches('/'));
    let feed = atom(&title, &absolute(&site, &path), entries);
    Ok(feed_response(&in_language(feed, lang, Some(&page))))
}

/// `GET /news/feed.xml`.
pub async fn news_feed(State(state): State<AppState>, lang: Lang) -> AppResult<Response> {
    shelf_feed(&state, lang, Shelf::News, None).await
}

/// `GET /library/feed.xml`.
pub async fn library_feed(State(state): State<AppState>, lang: Lang) -> AppResult<Response> {
    shelf_feed(&state, lang, Shelf::Library, None).await
}

/// `GET /library/category/{category}/feed.xml`: one category of the library.
pub async fn library_category_feed(
    State(state): State<AppState>,
    lang: Lang,
    Path(category): Path<String>,
) -> AppResult<Response> {
    if !Shelf::Library.categories().contains(&category.as_str()) {
        return Err(AppError::NotFound);
    }
    shelf_feed(&state, lang, Shelf::Library, Some(&category)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_is_newest_first_and_updated_with_its_newest_entry() {
        let entry = |id: &str, updated: i64| FeedEntry {
            id: id.into(),
            title: id.into(),
            url: format!("https://a.example/{id}"),
            published: updated,
            updated,
            ..FeedEntry::default()
        };
        let feed =
            atom("T", "https://a.example/feed.xml", vec![entry("old", 1_000), entry("new", 86_400_000)]);
        let feed = in_language(feed, Lang::Ja, None);
        let back: Feed = feed.to_string().parse().unwrap();
        assert_eq!(back.entries[0].id, "new");
        assert_eq!(back.updated, date(86_400_000));
        assert_eq!(back.lang.as_deref(), Some("ja"));
        assert_eq!(back.links[0].rel, "self");
    }

    #[test]
    fn entries_have_tag_ids_on_a_named_site_and_addresses_otherwise() {
        let id =
            entry_id("https://altto.example.org", "article", 7, 0, "https://altto.example.org/library/x");
        assert_eq!(id, "tag:altto.example.org,1970-01-01:article/7");
        assert_eq!(
            entry_id("http://127.0.0.1:8080", "post", 7, 0, "http://127.0.0.1:8080/news/x"),
            "http://127.0.0.1:8080/news/x"
        );
    }
}
