//! The visitor page cache, for the published page of any document.
//!
//! A visitor (no session, no token) sees the same page as every other visitor, so a
//! route registered with [`crate::web::routes::Routes::get_cached`] renders it once per
//! address and language, compresses it once (harder than on the fly) and keeps it with
//! the document and revision it shows. The handler says which: it marks its response
//! [`Cacheable`]. A kept page is served only while that revision is still the one the
//! public sees ([`Publications`]), so publishing, unpublishing or archiving never
//! leaves an old page behind, on this node at once and on others within a second.
//!
//! A page that is no document's revision — a forum thread, which changes with every
//! reply — is marked [`FreshFor`] instead: every visitor may be sent the same page for
//! that long after it was made, as a caching proxy in front would, on every node alike.
//!
//! Two places serve kept pages: [`serve`], outermost, before the middleware stack and
//! the router (as a caching proxy in front would), whenever this node already knows
//! the page is current; and [`keep`], on the route, after the policy check, which
//! reads what is published again when that is due, and keeps new pages. A response
//! that sets a cookie, is not `200 OK`, or is compressed already is never kept.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use altto_store::DocumentRef;
use axum::{
    body::{Body, Bytes},
    extract::{MatchedPath, Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{
    auth::RequestAuth,
    i18n::{Lang, lang_of},
    policy::{self, Action},
    state::AppState,
    web::compress::{accepts_gzip, gzip_best},
};

use super::published::Publications;

/// How many pages a node keeps: enough for every page a busy hour reads, few enough
/// that a crawler reading all of them in both languages does not grow the process (a
/// lesson page is ~14 KiB, with its gzip form ~18 KiB). When full, all are dropped:
/// cheaper than tracking use, and the next requests render them again.
const MOST_PAGES: usize = 256;

/// The largest page kept; a larger one is sent as it is, every time.
const LARGEST_PAGE: usize = 1 << 20;

/// The most bytes (plain and compressed) kept in all: 256 long thread pages would
/// otherwise hold ~15 MiB. When more, all are dropped, as when there are too many.
const MOST_BYTES: usize = 6 << 20;

/// A handler's mark on its response: this is the page every visitor sees of `doc`
/// while `revision` is published.
#[derive(Clone, Copy, Debug)]
pub struct Cacheable {
    /// The document the page shows.
    pub doc: DocumentRef,
    /// The published revision it shows.
    pub revision: i64,
}

impl Cacheable {
    /// `response`, marked as the visitors' page of `doc` at `revision`.
    pub fn mark(self, mut response: Response) -> Response {
        response.extensions_mut().insert(self);
        response
    }
}

/// A handler's mark on its response: every visitor may be sent this page for this long
/// after it was made (a page that is no document's revision, such as a forum thread).
#[derive(Clone, Copy, Debug)]
pub struct FreshFor(pub Duration);

impl FreshFor {
    /// `response`, marked as the page every visitor may be sent for this long.
    pub fn mark(self, mut response: Response) -> Response {
        response.extensions_mut().insert(self);
        response
    }
}

/// How long a kept page may be sent.
#[derive(Clone, Copy, Debug)]
enum Valid {
    /// While this revision of this document is the published one.
    While(Cacheable),
    /// Until then.
    Until(Instant),
}

impl Valid {
    /// Whether a page of `self` shows an older revision of the document `other` shows.
    fn is_older_than(self, other: Valid) -> bool {
        match (self, other) {
            (Valid::While(kept), Valid::While(new)) => kept.doc == new.doc && kept.revision != new.revision,
            _ => false,
        }
    }

    /// Whether the page may still be sent, given what is published now (`index`: only
    /// a page of a document's revision needs it).
    fn holds(self, index: Option<&super::published::Index>) -> bool {
        match self {
            Valid::While(shows) => {
                index.is_some_and(|index| index.revision_of(shows.doc) == Some(shows.revision))
            }
            Valid::Until(until) => Instant::now() < until,
        }
    }
}

/// A kept page: how long it is valid, the route it came from (for the metrics), its
/// headers, and its body plain and gzip-compressed.
struct Page {
    valid: Valid,
    route: Arc<str>,
    headers: HeaderMap,
    html: Bytes,
    gzip: Bytes,
}

/// Visitors' pages by language and address.
#[derive(Default)]
pub struct VisitorPages {
    pages: RwLock<HashMap<Lang, HashMap<String, Arc<Page>>>>,
}

impl VisitorPages {
    fn get(&self, lang: Lang, path: &str) -> Option<Arc<Page>> {
        self.pages.read().ok()?.get(&lang)?.get(path).cloned()
    }

    /// Keeps `page` for `path` in `lang`, dropping every page of an older revision of
    /// the same document.
    fn keep(&self, lang: Lang, path: &str, page: Page) -> Arc<Page> {
        let page = Arc::new(page);
        if let Ok(mut pages) = self.pages.write() {
            let valid = page.valid;
            for by_path in pages.values_mut() {
                by_path.retain(|_, kept| !kept.valid.is_older_than(valid));
            }
            let kept = || pages.values().flat_map(HashMap::values);
            let bytes: usize = kept().map(|kept| kept.html.len() + kept.gzip.len()).sum();
            if kept().count() >= MOST_PAGES || bytes + page.html.len() + page.gzip.len() > MOST_BYTES {
                pages.clear();
            }
            pages.entry(lang).or_default().insert(path.to_owned(), page.clone());
        }
        page
    }

    /// Forgets every kept page: for a change that shows on many pages but is not a
    /// document's revision (the labels of topics).
    pub fn forget_all(&self) {
        if let Ok(mut pages) = self.pages.write() {
            pages.clear();
        }
    }

    /// Forgets the pages kept for a while ([`FreshFor`]): after a change on this node
    /// (a reply, a hidden post), its visitors see it at once, not a moment later.
    fn forget_fresh(&self) {
        let fresh = |pages: &HashMap<Lang, HashMap<String, Arc<Page>>>| {
            pages.values().flat_map(HashMap::values).any(|page| matches!(page.valid, Valid::Until(_)))
        };
        if self.pages.read().is_ok_and(|pages| fresh(&pages))
            && let Ok(mut pages) = self.pages.write()
        {
            for by_path in pages.values_mut() {
                by_path.retain(|_, page| matches!(page.valid, Valid::While(_)));
            }
        }
    }

    /// The page kept for `path` in `lang`, if it shows what the public sees now.
    fn current(
        &self,
        publications: &Publications,
        store: &altto_store::Store,
        lang: Lang,
        path: &str,
    ) -> Option<Arc<Page>> {
        let page = self.get(lang, path)?;
        let index = match page.valid {
            Valid::While(_) => Some(publications.now(store)?),
            Valid::Until(_) => None,
        };
        page.valid.holds(index.as_deref()).then_some(page)
    }
}

/// Whether `request` is one every visitor gets the same answer to: a `GET` of a plain
/// address (no query) by someone not signed in, on a site open to visitors.
fn for_any_visitor(request: &Request) -> bool {
    let headers = request.headers();
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    request.method() == Method::GET
        && request.uri().query().is_none()
        && !cookies.contains(crate::auth::SESSION_COOKIE)
        && !headers.contains_key(header::AUTHORIZATION)
        && policy::allows(&crate::auth::Actor::Visitor, Action::ReadPublic).is_ok()
}

/// Middleware, outermost: answers a visitor's request for a page this node has kept
/// and knows to be current, skipping the rest of the stack. Anything else goes on,
/// carrying the state for [`keep`]; after a request that may change something, the
/// pages kept for a while are forgotten.
pub async fn serve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let response = next.run(request).await;
        state.pages.forget_fresh();
        state.thread_pages.forget();
        return response;
    }
    if !for_any_visitor(&request) {
        return next.run(request).await;
    }
    let started = std::time::Instant::now();
    let lang = lang_of(request.headers());
    let path = request.uri().path();
    if let Some(page) = state.pages.current(&state.published, &state.store, lang, path) {
        let mut response = respond(&page, accepts_gzip(request.headers()));
        crate::web::middleware::set_security_headers(response.headers_mut(), state.settings.is_https());
        state.metrics.observe("GET", &page.route, "200", started.elapsed().as_secs_f64());
        return response;
    }
    request.extensions_mut().insert(state);
    next.run(request).await
}

/// Middleware on a route registered with `get_cached`: serves the kept page for a
/// visitor if it is current (reading what is published again when due), else runs the
/// handler and keeps its page if the handler marked it [`Cacheable`].
pub async fn keep(request: Request, next: Next) -> Response {
    let Some(state) = request.extensions().get::<AppState>().cloned() else {
        return next.run(request).await;
    };
    let visitor = request.extensions().get::<RequestAuth>().is_none_or(|auth| auth.actor.user().is_none());
    // A query may ask for another page of the same address (`?after=` of a thread).
    if !visitor || request.uri().query().is_some() {
        return next.run(request).await;
    }
    let lang = lang_of(request.headers());
    let gzip = accepts_gzip(request.headers());
    let path = request.uri().path().to_owned();
    if let Some(page) = state.pages.get(lang, &path) {
        let holds = match page.valid {
            Valid::While(_) => {
                state.published.read(&state.store).await.is_ok_and(|index| page.valid.holds(Some(&index)))
            }
            Valid::Until(_) => page.valid.holds(None),
        };
        if holds {
            return respond(&page, gzip);
        }
    }
    let route: Arc<str> = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| Arc::from(path.as_str()), |m| Arc::from(m.as_str()));
    let response = next.run(request).await;
    let valid = if let Some(&shows) = response.extensions().get::<Cacheable>() {
        Valid::While(shows)
    } else if let Some(&FreshFor(fresh)) = response.extensions().get::<FreshFor>() {
        Valid::Until(Instant::now() + fresh)
    } else {
        return response;
    };
    if response.status() != StatusCode::OK
        || response.headers().contains_key(header::SET_COOKIE)
        || response.headers().contains_key(header::CONTENT_ENCODING)
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    let html = match axum::body::to_bytes(body, LARGEST_PAGE).await {
        Ok(html) => html,
        Err(err) => {
            tracing::error!(error = %err, "a page marked cacheable could not be read");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut kept_headers = parts.headers;
    kept_headers.remove(header::CONTENT_LENGTH);
    let compressed = gzip_best(&html).into();
    let page =
        state.pages.keep(lang, &path, Page { valid, route, headers: kept_headers, html, gzip: compressed });
    respond(&page, gzip)
}

/// A kept page, gzip-compressed when the browser accepts it (`gzip`).
fn respond(page: &Page, gzip: bool) -> Response {
    let body = if gzip { page.gzip.clone() } else { page.html.clone() };
    let mut response = (StatusCode::OK, Body::from(body)).into_response();
    let headers = response.headers_mut();
    for (name, value) in &page.headers {
        headers.insert(name, value.clone());
    }
    if gzip {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use altto_store::DocumentRef;

    fn page(doc: i64, revision: i64) -> Page {
        Page {
            valid: Valid::While(Cacheable { doc: DocumentRef::course(doc), revision }),
            route: Arc::from("/x"),
            headers: HeaderMap::new(),
            html: Bytes::new(),
            gzip: Bytes::new(),
        }
    }

    #[test]
    fn kept_pages_never_outgrow_their_bound_and_a_kept_page_is_found_again() {
        let pages = VisitorPages::default();
        for n in 0..(3 * MOST_PAGES as i64) {
            pages.keep(Lang::En, &format!("/p/{n}"), page(n, 1));
            let count: usize = pages.pages.read().unwrap().values().map(HashMap::len).sum();
            assert!(count <= MOST_PAGES);
        }
        pages.keep(Lang::Ja, "/p/7", page(7, 2));
        assert!(
            matches!(pages.get(Lang::Ja, "/p/7").map(|p| p.valid), Some(Valid::While(c)) if c.revision == 2)
        );
        assert!(pages.get(Lang::En, "/p/7").is_none(), "a page of the document's older revision is dropped");
    }

    #[test]
    fn kept_pages_never_hold_more_than_their_bytes() {
        let pages = VisitorPages::default();
        for n in 0..64 {
            let mut long = page(n, 1);
            long.html = Bytes::from(vec![b'x'; 400 << 10]);
            pages.keep(Lang::En, &format!("/t/{n}"), long);
            let bytes: usize =
                pages.pages.read().unwrap().values().flat_map(HashMap::values).map(|p| p.html.len()).sum();
            assert!(bytes <= MOST_BYTES);
        }
    }

    #[test]
    fn a_page_fresh_for_a_while_is_sent_until_then_and_not_after() {
        assert!(Valid::Until(Instant::now() + Duration::from_secs(60)).holds(None));
        assert!(!Valid::Until(Instant::now() - Duration::from_millis(1)).holds(None));
        let fresh = Valid::Until(Instant::now());
        let revision = Valid::While(Cacheable { doc: DocumentRef::course(1), revision: 1 });
        assert!(!fresh.is_older_than(revision) && !revision.is_older_than(fresh));
        let pages = VisitorPages::default();
        pages.keep(Lang::En, "/a", page(1, 1));
        pages.keep(
            Lang::En,
            "/t/1",
            Page { valid: Valid::Until(Instant::now() + Duration::from_secs(60)), ..page(2, 1) },
        );
        pages.forget_fresh();
        assert!(pages.get(Lang::En, "/a").is_some(), "a page of a revision stays");
        assert!(pages.get(Lang::En, "/t/1").is_none(), "a page kept for a while is forgotten after a change");
    }

    #[test]
    fn a_page_is_kept_per_language_and_address() {
        let pages = VisitorPages::default();
        pages.keep(Lang::En, "/a", page(1, 1));
        pages.keep(Lang::Ja, "/a", page(1, 1));
        pages.keep(Lang::En, "/b", page(1, 1));
        assert!(pages.get(Lang::En, "/a").is_some());
        assert!(pages.get(Lang::Ja, "/a").is_some());
        assert!(pages.get(Lang::Ja, "/b").is_none());
    }
}
