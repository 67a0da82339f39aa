//! The JSON API under `/api/v1/`, described by the OpenAPI document at
//! `/api/openapi.json`. Clients authenticate with a personal access token
//! (`Authorization: Bearer altto_…`); errors are RFC 9457 problem documents.

mod accounts;
mod courses;

use axum::{Json, response::IntoResponse};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::{policy::Action, web::routes::Routes};

/// The API routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/api/openapi.json", Action::ReadPublic, show_openapi)
        .get("/api/v1/me", Action::ManageOwnAccount, accounts::show_me)
        .get("/api/v1/me/progress", Action::TrackProgress, courses::show_progress)
        .get("/api/v1/courses", Action::ReadPublic, courses::list_courses)
        .get("/api/v1/courses/{slug}", Action::ReadPublic, courses::show_course)
        .get("/api/v1/lessons/{id}", Action::ReadPublic, courses::show_lesson)
        .post("/api/v1/lessons/{id}/complete", Action::TrackProgress, courses::complete_lesson)
        .post("/api/v1/quizzes/{id}/attempts", Action::TakeQuiz, courses::attempt_quiz)
        .get("/api/v1/certificates/{id}", Action::ReadPublic, courses::show_certificate)
}

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(title = "altto API", description = "Open training and community for Assistant Language Teachers in Japan."),
    paths(
        accounts::show_me,
        courses::list_courses,
        courses::show_course,
        courses::show_lesson,
        courses::show_progress,
        courses::complete_lesson,
        courses::attempt_quiz,
        courses::show_certificate,
    ),
    components(schemas(Problem)),
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

/// An RFC 9457 problem document (`application/problem+json`), the body of every error.
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

/// `GET /api/openapi.json`.
pub async fn show_openapi() -> impl IntoResponse {
    Json(ApiDoc::openapi())
}
