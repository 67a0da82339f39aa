//! The JSON API under `/api/v1/`, described by the OpenAPI document at
//! `/api/openapi.json`. Clients authenticate with a personal access token
//! (`Authorization: Bearer altto_…`); errors are RFC 9457 problem documents.

use axum::{Extension, Json, response::IntoResponse};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::{
    accounts::profile::month_of,
    error::{AppError, AppResult},
    policy::Action,
    web::{auth::RequestAuth, routes::Routes},
};

/// The API routes.
pub fn routes() -> Routes {
    Routes::new().get("/api/openapi.json", Action::ReadPublic, show_openapi).get(
        "/api/v1/me",
        Action::ManageOwnAccount,
        show_me,
    )
}

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(title = "altto API", description = "Open training and community for Assistant Language Teachers in Japan."),
    paths(show_me),
    components(schemas(Me, Problem)),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A personal access token created at /account/tokens."))
                    .build(),
            ),
        );
    }
}

/// The caller's own account.
#[derive(Serialize, ToSchema)]
pub struct Me {
    /// Account id.
    id: i64,
    /// The caller's e-mail address.
    email: Option<String>,
    /// Name shown to others.
    display_name: String,
    /// `member`, `author` or `editor`.
    role: String,
    /// Moderator grant.
    moderator: bool,
    /// Admin grant.
    admin: bool,
    /// Short self-description.
    bio: String,
    /// Prefecture code 1–47 (JIS X 0401).
    prefecture: Option<i64>,
    /// `jet`, `dispatch`, `direct`, `private` or `other`.
    employer_type: Option<String>,
    /// School levels taught.
    school_levels: Vec<String>,
    /// Years teaching in Japan.
    years_in_japan: Option<i64>,
    /// Interests.
    interests: String,
    /// `public`, `members` or `hidden`.
    visibility: String,
    /// `en` or `ja`.
    language: String,
    /// Member since, `YYYY-MM`.
    member_since: String,
}

/// An RFC 9457 problem document.
#[derive(Serialize, ToSchema)]
pub struct Problem {
    /// `about:blank`.
    r#type: String,
    /// Short summary.
    title: String,
    /// HTTP status.
    status: u16,
    /// Explanation.
    detail: String,
}

/// `GET /api/v1/me`: the caller's profile.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "accounts",
    security(("token" = [])),
    responses(
        (status = 200, description = "The caller's account and profile", body = Me),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn show_me(Extension(auth): Extension<RequestAuth>) -> AppResult<Json<Me>> {
    let user = auth.actor.user().ok_or(AppError::Forbidden)?;
    Ok(Json(Me {
        id: user.id.0,
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        role: user.role.as_str().to_owned(),
        moderator: user.is_moderator,
        admin: user.is_admin,
        bio: user.bio.clone(),
        prefecture: user.prefecture,
        employer_type: user.employer_type.clone(),
        school_levels: user.school_levels.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        years_in_japan: user.years_in_japan,
        interests: user.interests.clone(),
        visibility: user.visibility.as_str().to_owned(),
        language: user.locale.clone(),
        member_since: month_of(user.created_at),
    }))
}

/// `GET /api/openapi.json`.
pub async fn show_openapi() -> impl IntoResponse {
    Json(ApiDoc::openapi())
}
