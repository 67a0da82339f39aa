//! `/api/v1/me`: the caller's account.

use axum::{Extension, Json};
use serde::Serialize;
use utoipa::ToSchema;

use super::Problem;
use crate::{
    accounts::profile::month_of,
    auth::RequestAuth,
    error::{AppError, AppResult},
};

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
