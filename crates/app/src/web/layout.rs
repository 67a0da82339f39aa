//! The layout context every page template receives, and rendering a template into a
//! response.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use askama::Template;
use axum::{
    body::Body,
    extract::{FromRequestParts, OriginalUri},
    http::{Extensions, HeaderMap, HeaderValue, StatusCode, Uri, header, request::Parts},
    response::{IntoResponse, Response},
};
use fluent_templates::fluent_bundle::FluentValue;

use crate::{
    auth::RequestAuth,
    i18n::{Lang, lang_of},
    policy::{self, Action},
    web::{
        assets::asset_url,
        cookie_header, csrf,
        meta::Meta,
        stitch::{Hole, Recorder},
    },
};

/// What the base layout needs to know about the request: the language, where the
/// visitor is (for the language switch and the navigation), who is signed in, and the
/// CSRF token for forms.
#[derive(Clone, Debug)]
pub struct Ctx {
    /// The language the page is rendered in.
    pub lang: Lang,
    /// The path of the page, e.g. `/about`.
    pub path: String,
    /// The path with its query, to come back to after switching language.
    pub path_and_query: String,
    /// The signed-in member's display name.
    pub user_name: Option<String>,
    /// Whether the policy lets the requester into the admin area (shows its link).
    pub may_administer: bool,
    /// Whether the policy lets the requester write courses (shows the authoring link).
    pub may_author: bool,
    /// How many notices the signed-in member has not seen (kept on their row, which
    /// the session lookup reads: no query of its own).
    pub unread_notices: i64,
    csrf_token: String,
    new_visitor_cookie: Option<String>,
    secure_cookies: bool,
    csrf_used: Arc<AtomicBool>,
    /// Set while rendering a shared skeleton: personal parts become holes recorded here.
    holes: Option<Arc<Recorder>>,
    /// What the page tells search engines and link previews about itself.
    meta: Option<Arc<Meta>>,
}

/// The account links of the page header.
#[derive(Template)]
#[template(path = "web/account_menu.html")]
struct AccountMenu<'a> {
    ctx: &'a Ctx,
}

impl Ctx {
    /// The context for a request with these headers, URI and extensions.
    pub fn from_request(headers: &HeaderMap, uri: &Uri, extensions: &Extensions) -> Self {
        let visitor = RequestAuth::default();
        let auth = extensions.get::<RequestAuth>().unwrap_or(&visitor);
        let user = auth.actor.user();
        Self {
            lang: lang_of(headers),
            path: uri.path().to_owned(),
            path_and_query: uri.path_and_query().map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned()),
            user_name: user.map(|user| user.display_name.clone()),
            may_administer: policy::allows(&auth.actor, Action::ManageUsers).is_ok(),
            may_author: policy::allows(&auth.actor, Action::Author).is_ok(),
            unread_notices: user.map_or(0, |user| user.unread_notices),
            csrf_token: auth.csrf_token.clone(),
            new_visitor_cookie: auth.new_visitor_cookie.clone(),
            secure_cookies: auth.secure_cookies,
            csrf_used: Arc::new(AtomicBool::new(false)),
            holes: None,
            meta: None,
        }
    }

    /// The same context for a page with metadata `meta` (canonical address,
    /// description, OpenGraph, JSON-LD), which the base layout puts in the head.
    pub fn with_meta(self, meta: Meta) -> Self {
        Self { meta: Some(Arc::new(meta)), ..self }
    }

    /// The tags of the page's metadata for its head (none if it has none).
    pub fn meta_head(&self) -> String {
        self.meta.as_ref().map(|meta| meta.head()).unwrap_or_default()
    }

    /// The page's description: its own, else the site's.
    pub fn description(&self) -> String {
        match &self.meta {
            Some(meta) if !meta.description.is_empty() => meta.description.clone(),
            _ => self.t("site-description"),
        }
    }

    /// A context for rendering the shared skeleton of a member's page (see
    /// [`crate::web::stitch`]): the same language and place, a member with no name, roles
    /// or token, and every personal part left as a hole, recorded in the returned
    /// recorder.
    pub fn skeleton(&self) -> (Self, Arc<Recorder>) {
        let recorder = Arc::new(Recorder::default());
        let ctx = Self {
            user_name: Some(String::new()),
            may_administer: false,
            may_author: false,
            unread_notices: 0,
            csrf_token: String::new(),
            new_visitor_cookie: None,
            csrf_used: Arc::new(AtomicBool::new(false)),
            holes: Some(recorder.clone()),
            ..self.clone()
        };
        (ctx, recorder)
    }

    /// A personal part of a page: `render()` in place, or a hole in a skeleton.
    pub fn personal(&self, hole: Hole, render: impl FnOnce() -> String) -> String {
        match &self.holes {
            Some(recorder) => recorder.hole(hole),
            None => render(),
        }
    }

    /// What fills `hole` of a skeleton for this request; the page fills its own parts
    /// with `page`.
    pub fn fill(&self, hole: Hole, page: impl FnOnce(u8) -> String) -> String {
        match hole {
            Hole::Csrf => self.csrf_field(),
            Hole::AccountMenu => self.account_menu(),
            Hole::Page(part) => page(part),
        }
    }

    /// The account links of the page header.
    pub fn account_menu(&self) -> String {
        self.personal(Hole::AccountMenu, || AccountMenu { ctx: self }.render().unwrap_or_default())
    }

    /// The accessible name of the header's unread count, e.g. "3 unread notices".
    pub fn unread_notices_label(&self) -> String {
        self.lang.t_args("notices-unread", &[("count", FluentValue::from(self.unread_notices))])
    }

    /// The translation of `key` in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// The translation of `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        self.lang.t_args(key, &[(name, FluentValue::from(value))])
    }

    /// The translation of `key` with two arguments.
    pub fn t2(&self, key: &str, name: &str, value: &str, other: &str, other_value: &str) -> String {
        self.lang.t_args(key, &[(name, FluentValue::from(value)), (other, FluentValue::from(other_value))])
    }

    /// The hidden CSRF field every form must contain.
    pub fn csrf_field(&self) -> String {
        self.personal(Hole::Csrf, || {
            self.csrf_used.store(true, Ordering::Relaxed);
            format!(r#"<input type="hidden" name="{}" value="{}">"#, csrf::FIELD, self.csrf_token)
        })
    }

    /// The CSRF token itself, for upload forms that carry it in their action's query.
    pub fn csrf_token(&self) -> String {
        self.csrf_used.store(true, Ordering::Relaxed);
        self.csrf_token.clone()
    }

    /// The URL of an embedded asset.
    pub fn asset(&self, name: &str) -> String {
        asset_url(name)
    }

    /// `aria-current` for the navigation link `href`: `page` on the page it names.
    pub fn current(&self, href: &str) -> &'static str {
        let here = if href == "/" { self.path == "/" } else { self.path.starts_with(href) };
        if here { "page" } else { "false" }
    }

    /// The languages the visitor can switch to, each with its switch URL.
    pub fn language_links(&self) -> Vec<(Lang, String)> {
        let next: String = url::form_urlencoded::byte_serialize(self.path_and_query.as_bytes()).collect();
        Lang::ALL
            .into_iter()
            .filter(|lang| *lang != self.lang)
            .map(|lang| (lang, format!("/lang/{}?next={next}", lang.code())))
            .collect()
    }

    /// Renders `page` as a complete HTML response with status `status`.
    pub fn render_with_status(&self, status: StatusCode, page: &impl Template) -> Response {
        match page.render() {
            Ok(html) => self.html_response(status, Body::from(html), false),
            Err(err) => {
                tracing::error!(error = %err, "template failed to render");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    "<!doctype html><title>Error</title><p>Something went wrong. / エラーが発生しました。",
                )
                    .into_response()
            }
        }
    }

    /// A page's HTML (`gzip`: already gzip-compressed) as a response with status
    /// `status` and the headers every page carries.
    pub fn html_response(&self, status: StatusCode, body: Body, gzip: bool) -> Response {
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        page_headers(headers, self.lang, gzip);
        // A visitor's first form needs the cookie its CSRF token is bound to.
        if let Some(visitor) =
            self.new_visitor_cookie.as_deref().filter(|_| self.csrf_used.load(Ordering::Relaxed))
        {
            let cookie =
                cookie_header(crate::auth::VISITOR_COOKIE, visitor, 365 * 86_400, self.secure_cookies);
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                headers.append(header::SET_COOKIE, value);
            }
        }
        if self.user_name.is_some() {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
        }
        response
    }

    /// Renders `page` as a 200 HTML response.
    pub fn render(&self, page: &impl Template) -> Response {
        self.render_with_status(StatusCode::OK, page)
    }
}

/// The headers of every HTML page: its type and language, and what it varies by (the
/// language asked for, the member, and whether the browser takes gzip); with `gzip`,
/// the body is already gzip-compressed.
fn page_headers(headers: &mut HeaderMap, lang: Lang, gzip: bool) {
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.code()));
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Language, Cookie, Accept-Encoding"));
    if gzip {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // Inside nested routers `parts.uri` is shortened; the original is what the visitor sees.
        let uri = parts.extensions.get::<OriginalUri>().map_or(&parts.uri, |original| &original.0);
        Ok(Ctx::from_request(&parts.headers, uri, &parts.extensions))
    }
}
