//! `/sitemap.xml` (every public page — courses and lessons, articles and posts,
//! glossary terms, authors — with when it last changed) and `/robots.txt`.
//!
//! The site serves both languages at the same addresses (the language is negotiated
//! from the cookie or `Accept-Language`), so the sitemap lists each page once, without
//! `hreflang` alternates. Each kind of page is listed by one function of [`pages`]; a
//! new kind of content adds one there.

use std::io::Cursor;

use altto_store::DocumentRef;
use axum::{
    extract::State,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use quick_xml::{
    Writer,
    events::{BytesDecl, BytesText, Event},
};

use crate::{
    content::published,
    error::AppResult,
    library::people,
    state::AppState,
    web::{format::day_of, meta::absolute},
};

/// One page in the sitemap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SitemapUrl {
    /// Its path on the site, e.g. `/library/x`.
    pub path: String,
    /// When what it shows last changed (unix ms), if known.
    pub lastmod: Option<i64>,
}

impl SitemapUrl {
    fn new(path: impl Into<String>, lastmod: Option<i64>) -> Self {
        SitemapUrl { path: path.into(), lastmod }
    }
}

/// The sitemap of `urls` on the site at `site`, written by an XML writer (every text
/// escaped).
pub fn write(site: &str, urls: &[SitemapUrl]) -> std::io::Result<String> {
    let mut writer = Writer::new(Cursor::new(Vec::new()));
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("urlset")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .write_inner_content(|writer| {
            for url in urls {
                writer.create_element("url").write_inner_content(|writer| {
                    writer
                        .create_element("loc")
                        .write_text_content(BytesText::new(&absolute(site, &url.path)))?;
                    if let Some(lastmod) = url.lastmod {
                        writer
                            .create_element("lastmod")
                            .write_text_content(BytesText::new(&day_of(lastmod)))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    String::from_utf8(writer.into_inner().into_inner()).map_err(std::io::Error::other)
}

/// Every public page, kind by kind.
pub async fn pages(state: &AppState) -> AppResult<Vec<SitemapUrl>> {
    let mut urls = site_pages();
    urls.extend(courses(state).await?);
    urls.extend(library(state).await?);
    urls.extend(glossary(state).await?);
    urls.extend(authors(state).await?);
    urls.extend(community(state).await?);
    Ok(urls)
}

/// The site's own pages and lists.
fn site_pages() -> Vec<SitemapUrl> {
    [
        "/",
        "/about",
        "/courses",
        "/library",
        "/news",
        "/glossary",
        "/authors",
        "/videos",
        "/community",
        "/community/directory",
        "/community/resources",
    ]
    .into_iter()
    .map(|path| SitemapUrl::new(path, None))
    .collect()
}

/// Each published course and its lessons, as of its published revision.
async fn courses(state: &AppState) -> AppResult<Vec<SitemapUrl>> {
    let mut urls = Vec::new();
    for course in state.courses.all_published(&state.store).await? {
        let doc = DocumentRef::course(course.course_id);
        let (_, modified) = published::dates(&state.store, doc, course.revision_id).await?;
        let lastmod = Some(modified).filter(|at| *at > 0);
        let slug = &course.content.slug;
        urls.push(SitemapUrl::new(format!("/courses/{slug}"), lastmod));
        for (_, lesson) in course.content.lessons() {
            urls.push(SitemapUrl::new(format!("/courses/{slug}/lessons/{}", lesson.slug), lastmod));
        }
    }
    Ok(urls)
}

/// Each published article and post.
async fn library(state: &AppState) -> AppResult<Vec<SitemapUrl>> {
    let cards = state.library.cards(&state.store).await?;
    Ok(cards.iter().map(|card| SitemapUrl::new(card.url(), Some(card.updated.max(card.date)))).collect())
}

/// Each published glossary term (the index lists when a term last changed nowhere
/// cheaper than its history, so terms go without a date).
async fn glossary(state: &AppState) -> AppResult<Vec<SitemapUrl>> {
    let entries = state.glossary.all(&state.store).await?;
    Ok(entries.iter().map(|entry| SitemapUrl::new(format!("/glossary/{}", entry.term.slug), None)).collect())
}

/// The page of each person credited on something published.
async fn authors(state: &AppState) -> AppResult<Vec<SitemapUrl>> {
    let credited = people::credited(state).await?;
    Ok(credited.iter().map(|person| SitemapUrl::new(format!("/authors/{}", person.slug), None)).collect())
}

/// The forum's categories and threads (with their latest activity). The directory's
/// pages list people, so only its front page is named.
async fn community(state: &AppState) -> AppResult<Vec<SitemapUrl>> {
    let categories = state.store.forum_categories().await?;
    let threads = state.store.forum_thread_dates().await?;
    Ok(categories
        .iter()
        .map(|category| SitemapUrl::new(format!("/community/c/{}", category.slug), None))
        .chain(threads.into_iter().map(|(id, at)| SitemapUrl::new(format!("/community/t/{id}"), Some(at))))
        .collect())
}

/// `GET /sitemap.xml`.
pub async fn show_sitemap(State(state): State<AppState>) -> AppResult<Response> {
    let urls = pages(&state).await?;
    let xml = write(&state.settings.base_url(), &urls).map_err(anyhow::Error::from)?;
    let mut response = xml.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/xml; charset=utf-8"));
    Ok(response)
}

/// What robots may read: every public page; not the authoring, admin and account
/// areas or the API (except its description). Rules match by prefix and the longest
/// one wins, so `/authors` stays open beside a closed `/author`.
pub fn robots(site: &str) -> String {
    format!(
        "User-agent: *\nAllow: /\nAllow: /authors\nAllow: /api/openapi.json\nDisallow: /author\nDisallow: /admin\n\
         Disallow: /account\nDisallow: /api/\n\nSitemap: {}\n",
        absolute(site, "/sitemap.xml")
    )
}

/// `GET /robots.txt`.
pub async fn show_robots(State(state): State<AppState>) -> Response {
    let mut response = robots(&state.settings.base_url()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sitemap_escapes_addresses_and_dates_each_page() {
        let xml = write(
            "https://a.example",
            &[SitemapUrl::new("/library/a&b", Some(0)), SitemapUrl::new("/", None)],
        )
        .unwrap();
        assert!(
            xml.contains("<loc>https://a.example/library/a&amp;b</loc><lastmod>1970-01-01</lastmod>"),
            "{xml}"
        );
        assert!(xml.contains("<loc>https://a.example/</loc></url>"), "{xml}");
        roxmltree::Document::parse(&xml).unwrap();
    }

    #[test]
    fn robots_keep_out_of_private_areas_but_not_author_pages() {
        let robots = robots("https://a.example");
        assert!(robots.contains("Disallow: /author\n") && robots.contains("Allow: /authors\n"));
        assert!(robots.contains("Sitemap: https://a.example/sitemap.xml"));
    }
}
