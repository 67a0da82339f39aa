//! The layout context every page template receives, and rendering a template into a
//! response.

use askama::Template;
use axum::{
    extract::{FromRequestParts, OriginalUri},
    http::{HeaderMap, HeaderValue, StatusCode, Uri, header, request::Parts},
    response::{IntoResponse, Response},
};
use fluent_templates::fluent_bundle::FluentValue;

use crate::{
    i18n::{Lang, lang_of},
    web::assets::asset_url,
};

/// What the base layout needs to know about the request: the language, and where the
/// visitor is (for the language switch and the current-page marker in the navigation).
#[derive(Clone, Debug)]
pub struct Ctx {
    /// The language the page is rendered in.
    pub lang: Lang,
    /// The path of the page, e.g. `/about`.
    pub path: String,
    /// The path with its query, to come back to after switching language.
    pub path_and_query: String,
}

impl Ctx {
    /// The context for a request with these headers and URI.
    pub fn from_request(headers: &HeaderMap, uri: &Uri) -> Self {
        Self {
            lang: lang_of(headers),
            path: uri.path().to_owned(),
            path_and_query: uri.path_and_query().map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned()),
        }
    }

    /// The translation of `key` in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// The translation of `key` with one numeric or text argument.
    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        self.lang.t_args(key, &[(name, FluentValue::from(value))])
    }

    /// The URL of an embedded asset.
    pub fn asset(&self, name: &str) -> String {
        asset_url(name)
    }

    /// `aria-current="page"` for the navigation link of the page being shown.
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
            Ok(html) => {
                let mut response = (status, axum::response::Html(html)).into_response();
                let headers = response.headers_mut();
                headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(self.lang.code()));
                headers.insert(header::VARY, HeaderValue::from_static("Accept-Language, Cookie"));
                response
            }
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

    /// Renders `page` as a 200 HTML response.
    pub fn render(&self, page: &impl Template) -> Response {
        self.render_with_status(StatusCode::OK, page)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // Inside nested routers `parts.uri` is shortened; the original is what the visitor sees.
        let uri = parts.extensions.get::<OriginalUri>().map_or(&parts.uri, |original| &original.0);
        Ok(Ctx::from_request(&parts.headers, uri))
    }
}
