//! The site's own pages: home, about, and the language switch.

use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use serde::Deserialize;

use crate::{
    error::AppError,
    i18n::{LANG_COOKIE, Lang},
    state::AppState,
    web::Ctx,
};

/// The site routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(show_home))
        .route("/about", get(show_about))
        .route("/lang/{code}", get(switch_language))
}

/// The home page.
#[derive(Template)]
#[template(path = "site/home.html")]
pub struct HomePage {
    ctx: Ctx,
}

/// The about page.
#[derive(Template)]
#[template(path = "site/about.html")]
pub struct AboutPage {
    ctx: Ctx,
}

/// `GET /`: what altto is and where to start.
pub async fn show_home(ctx: Ctx) -> Response {
    ctx.render(&HomePage { ctx: ctx.clone() })
}

/// `GET /about`: the mission and the people behind it.
pub async fn show_about(ctx: Ctx) -> Response {
    ctx.render(&AboutPage { ctx: ctx.clone() })
}

/// Query of the language switch.
#[derive(Deserialize)]
pub struct SwitchQuery {
    next: Option<String>,
}

/// `GET /lang/{code}?next=/path`: remembers the chosen language in a cookie and goes
/// back to the page the visitor was on. A plain link, so it works without JavaScript.
pub async fn switch_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<SwitchQuery>,
) -> Result<Response, AppError> {
    let lang = Lang::from_code(&code).filter(|lang| lang.code() == code).ok_or(AppError::NotFound)?;
    let next = query.next.as_deref().filter(|next| is_local_path(next)).unwrap_or("/");
    let secure = if state.settings.is_https() { "; Secure" } else { "" };
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}", lang.code());
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to(next)).into_response())
}

/// Whether `target` stays on this site: a path, not `//host` or `/\host`, which
/// browsers treat as another site.
fn is_local_path(target: &str) -> bool {
    target.starts_with('/')
        && !target.starts_with("//")
        && !target.starts_with("/\\")
        && !target.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_local_paths_are_followed_after_switching_language() {
        assert!(is_local_path("/about?x=1"));
        assert!(!is_local_path("//evil.example/"));
        assert!(!is_local_path("/\\evil.example"));
        assert!(!is_local_path("https://evil.example/"));
        assert!(!is_local_path("/a\r\nSet-Cookie: x"));
    }
}
