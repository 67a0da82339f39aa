//! Paged lists on pages: which page a request asks for, and the links to the pages
//! around it.
//!
//! Every paged list takes the same two query parameters, `after` (the "Older" link)
//! and `before` (the "Newer" link), each an opaque [`Cursor`] from the store's keyset
//! pagination. A handler extracts [`Paging`], asks the store for
//! [`Paging::request`], and gives the template [`Paging::links`] for the page it got,
//! which the `page_nav` macro of `macros.html` shows:
//!
//! ```text
//! let page = state.store.search_users(&query.q, &paging.request(PAGE_SIZE)).await?;
//! let links = paging.links(&page, &["q"]);
//! ```
//! ```text
//! {% import "macros.html" as f %} … {% call f::page_nav(ctx, links) %}{% endcall %}
//! ```

use altto_store::{Cursor, Page, PageRequest};
use axum::{
    extract::{FromRequestParts, OriginalUri},
    http::request::Parts,
};

use crate::error::AppError;

/// The message shown when a page link's cursor cannot be read.
pub const BAD_CURSOR_MESSAGE: &str = "error-page-cursor";

/// The query parameter of the "Older" link.
const AFTER: &str = "after";
/// The query parameter of the "Newer" link.
const BEFORE: &str = "before";

/// The page a request asks for, with the rest of its address for the links to the
/// other pages.
///
/// As an extractor it refuses, with a 400 that says the page link is broken, a cursor
/// that cannot be read, a repeated one, or `after` and `before` together. An empty
/// `after=` or `before=` counts as absent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paging {
    path: String,
    pairs: Vec<(String, String)>,
    after: Option<Cursor>,
    before: Option<Cursor>,
}

impl Paging {
    /// The page that the request for `path` with the query string `query` asks for.
    pub fn parse(path: &str, query: Option<&str>) -> Result<Self, AppError> {
        let bad = || AppError::BadInput(BAD_CURSOR_MESSAGE);
        let mut paging = Paging { path: path.to_owned(), pairs: Vec::new(), after: None, before: None };
        for (name, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let slot = match name.as_ref() {
                AFTER => &mut paging.after,
                BEFORE => &mut paging.before,
                _ => {
                    paging.pairs.push((name.into_owned(), value.into_owned()));
                    continue;
                }
            };
            if value.is_empty() {
                continue;
            }
            if slot.is_some() {
                return Err(bad());
            }
            *slot = Some(value.parse().map_err(|_| bad())?);
        }
        if paging.after.is_some() && paging.before.is_some() {
            return Err(bad());
        }
        Ok(paging)
    }

    /// The store's request for this page, of `limit` rows.
    pub fn request(&self, limit: i64) -> PageRequest {
        PageRequest { after: self.after, before: self.before, limit: limit.max(1) }
    }

    /// The links to the pages newer and older than `page`, at the same path and keeping
    /// the query parameters named in `keep` (the list's own, such as a search's `q`),
    /// when they are not empty. Others, such as a one-time notice, are left behind.
    pub fn links<T>(&self, page: &Page<T>, keep: &[&str]) -> PageLinks {
        let link = |name: &str, cursor: Cursor| {
            let mut query = url::form_urlencoded::Serializer::new(String::new());
            for (key, value) in &self.pairs {
                if keep.contains(&key.as_str()) && !value.is_empty() {
                    query.append_pair(key, value);
                }
            }
            query.append_pair(name, &cursor.to_string());
            format!("{}?{}", self.path, query.finish())
        };
        PageLinks {
            newer: page.newer.map(|cursor| link(BEFORE, cursor)),
            older: page.older.map(|cursor| link(AFTER, cursor)),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Paging {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // Inside nested routers `parts.uri` is shortened; the links need the full path.
        let uri = parts.extensions.get::<OriginalUri>().map_or(&parts.uri, |original| &original.0);
        Paging::parse(uri.path(), uri.query())
    }
}

/// The addresses of the pages around one page of a list, for the `page_nav` macro.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageLinks {
    /// The page of newer rows, if there are any.
    pub newer: Option<String>,
    /// The page of older rows, if there are any.
    pub older: Option<String>,
}

impl PageLinks {
    /// Whether there is another page to go to (else the macro shows nothing).
    pub fn any(&self) -> bool {
        self.newer.is_some() || self.older.is_some()
    }
}

#[cfg(test)]
mod tests {
    use axum::{http::StatusCode, response::IntoResponse as _};

    use super::*;

    fn page(newer: Option<Cursor>, older: Option<Cursor>) -> Page<()> {
        Page { items: Vec::new(), newer, older }
    }

    #[test]
    fn the_cursors_of_a_request_become_the_stores_page_request() {
        let first = Paging::parse("/admin/users", Some("q=x&page=3")).unwrap();
        assert_eq!(first.request(50), PageRequest::first(50));
        let older = Paging::parse("/admin/users", Some("after=17&q=x")).unwrap();
        assert_eq!(older.request(50), PageRequest::after(Cursor::at_id(17), 50));
        let newer = Paging::parse("/admin/mail", Some("before=1700000000000.4")).unwrap();
        assert_eq!(newer.request(50), PageRequest::before(Cursor::new(1_700_000_000_000, 4), 50));
        assert_eq!(
            Paging::parse("/admin/mail", Some("after=&before=")).unwrap().request(9),
            PageRequest::first(9)
        );
        assert_eq!(Paging::parse("/admin/mail", None).unwrap().request(9), PageRequest::first(9));
    }

    #[test]
    fn an_unreadable_repeated_or_contradictory_cursor_is_a_bad_request_that_says_so() {
        for query in [
            "after=abc",
            "after=1.",
            "before=99999999999999999999999",
            "after=1&after=2",
            "after=1&before=2",
            "after=%00",
            "before=1.2.3",
        ] {
            let refused = Paging::parse("/admin/users", Some(query)).unwrap_err().into_response();
            assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{query}");
            let detail = refused.extensions().get::<crate::web::errors::ErrorDetail>().map(|d| d.0);
            assert_eq!(detail, Some(BAD_CURSOR_MESSAGE), "{query}");
        }
    }

    #[test]
    fn links_keep_the_lists_own_parameters_and_leave_the_rest_behind() {
        let paging =
            Paging::parse("/admin/users", Some("q=Ann+%26+Bo%E3%81%82&requeued=true&page=2&after=9"))
                .unwrap();
        let links = paging.links(&page(Some(Cursor::at_id(8)), Some(Cursor::new(5, 4))), &["q"]);
        assert_eq!(links.newer.as_deref(), Some("/admin/users?q=Ann+%26+Bo%E3%81%82&before=8"));
        assert_eq!(links.older.as_deref(), Some("/admin/users?q=Ann+%26+Bo%E3%81%82&after=5.4"));
        let bare = Paging::parse("/admin/users", Some("q=")).unwrap();
        let links = bare.links(&page(None, Some(Cursor::at_id(3))), &["q"]);
        assert_eq!(links, PageLinks { newer: None, older: Some("/admin/users?after=3".to_owned()) });
        assert!(links.any() && !bare.links(&page(None, None), &["q"]).any());
    }
}
