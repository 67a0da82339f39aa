//! Friendly error pages. Handlers and layers answer errors with a bare status; this
//! middleware gives such responses a page in the visitor's language, so a 404, a 413
//! from the body limit or a 500 from a panic all look the same.

use std::any::Any;

use askama::Template;
use axum::{
    body::Body,
    extract::{Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{error::AppError, state::AppState, web::Ctx};

/// Paths whose errors stay machine-readable (probes, metrics, the JSON API).
const PLAIN_PREFIXES: &[&str] = &["/healthz", "/readyz", "/metrics", "/api/"];

/// The error page.
#[derive(Template)]
#[template(path = "web/error.html")]
pub struct ErrorPage {
    ctx: Ctx,
    status: u16,
    title: String,
    message: String,
}

impl ErrorPage {
    /// The page for `status`, with the explanation that fits it.
    pub fn new(ctx: Ctx, status: StatusCode) -> Self {
        let key = match status.as_u16() {
            code @ (400 | 403 | 404 | 405 | 408 | 413 | 429 | 503) => code,
            code if code >= 500 => 500,
            _ => 400,
        };
        Self {
            title: ctx.t(&format!("error-{key}-title")),
            message: ctx.t(&format!("error-{key}-message")),
            status: status.as_u16(),
            ctx,
        }
    }
}

/// Replaces the body of error responses that are not already pages with the error page.
pub async fn error_pages(State(_state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if PLAIN_PREFIXES.iter().any(|prefix| path.starts_with(prefix)) {
        return next.run(request).await;
    }
    let ctx = Ctx::from_request(request.headers(), request.uri());
    let is_head = request.method() == axum::http::Method::HEAD;
    let response = next.run(request).await;
    let status = response.status();
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !(status.is_client_error() || status.is_server_error()) || is_html {
        return response;
    }
    let mut page = ctx.render_with_status(status, &ErrorPage::new(ctx.clone(), status));
    // Keep headers the page must not lose, such as `Allow` on 405 or `Retry-After`.
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(value) = response.headers().get(&name) {
            page.headers_mut().insert(name, value.clone());
        }
    }
    if is_head {
        *page.body_mut() = Body::empty();
    }
    page
}

/// The fallback for addresses no route matches.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// What a panicking handler answers: a bare 500 (turned into the error page), after
/// logging what happened.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = detail, "a handler panicked");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
