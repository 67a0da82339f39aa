//! Friendly error pages. Handlers and layers answer errors with a bare status; this
//! middleware gives such responses a page in the visitor's language, so a 404, a 413
//! from the body limit or a 500 from a panic all look the same.

use std::any::Any;

use askama::Template;
use axum::{
    Json,
    body::Body,
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{error::AppError, web::Ctx};

/// Paths whose errors stay plain text (probes and metrics).
const PLAIN_PREFIXES: &[&str] = &["/healthz", "/readyz", "/metrics"];

/// The error page.
#[derive(Template)]
#[template(path = "web/error.html")]
pub struct ErrorPage {
    ctx: Ctx,
    status: u16,
    title: String,
    message: String,
}

/// A response extension naming the message (a translation key) that explains an error
/// better than its status alone, e.g. which character a form may not contain.
#[derive(Clone, Copy, Debug)]
pub struct ErrorDetail(pub &'static str);

impl ErrorPage {
    /// The page for `status`, with the explanation that fits it: `detail` when given, and
    /// `retry_after` (seconds) makes a 429 page say how long to wait.
    pub fn new(ctx: Ctx, status: StatusCode, retry_after: Option<u64>, detail: Option<ErrorDetail>) -> Self {
        let key = status_key(status);
        let message = match (retry_after, detail) {
            (_, Some(ErrorDetail(detail))) => ctx.t(detail),
            (Some(secs), None) if key == 429 => {
                ctx.t1("error-429-wait", "minutes", &secs.div_ceil(60).max(1).to_string())
            }
            _ => ctx.t(&format!("error-{key}-message")),
        };
        Self { title: ctx.t(&format!("error-{key}-title")), message, status: status.as_u16(), ctx }
    }
}

/// The status whose texts explain `status`.
fn status_key(status: StatusCode) -> u16 {
    match status.as_u16() {
        code @ (400 | 401 | 403 | 404 | 405 | 408 | 409 | 413 | 429 | 503) => code,
        code if code >= 500 => 500,
        _ => 400,
    }
}

/// An RFC 9457 problem document for API clients.
fn problem(ctx: &Ctx, status: StatusCode, original: &Response) -> Response {
    let key = status_key(status);
    let detail = match original.extensions().get::<ErrorDetail>() {
        Some(ErrorDetail(detail)) => ctx.t(detail),
        None => ctx.t(&format!("error-{key}-message")),
    };
    let body = serde_json::json!({
        "type": "about:blank",
        "title": ctx.t(&format!("error-{key}-title")),
        "status": status.as_u16(),
        "detail": detail,
    });
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    for name in [header::WWW_AUTHENTICATE, header::RETRY_AFTER] {
        if let Some(value) = original.headers().get(&name) {
            response.headers_mut().insert(name, value.clone());
        }
    }
    response
}

/// Replaces the body of error responses that are not already pages with the error page
/// (or, under `/api/`, with a problem document).
pub async fn error_pages(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if PLAIN_PREFIXES.iter().any(|prefix| path.starts_with(prefix)) {
        return next.run(request).await;
    }
    let is_api = path.starts_with("/api/");
    let ctx = Ctx::from_request(request.headers(), request.uri(), request.extensions());
    let is_head = request.method() == axum::http::Method::HEAD;
    let response = next.run(request).await;
    let status = response.status();
    let content_type =
        response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let finished = if is_api { content_type.contains("json") } else { content_type.starts_with("text/html") };
    if !(status.is_client_error() || status.is_server_error()) || finished {
        return response;
    }
    if is_api {
        return problem(&ctx, status, &response);
    }
    let retry_after = response
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let detail = response.extensions().get::<ErrorDetail>().copied();
    let mut page = ctx.render_with_status(status, &ErrorPage::new(ctx.clone(), status, retry_after, detail));
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
