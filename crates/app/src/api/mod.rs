//! The JSON API under `/api/v1/`, described by the OpenAPI document at
//! `/api/openapi.json`. Clients authenticate with a personal access token
//! (`Authorization: Bearer altto_…`); errors are RFC 9457 problem documents.

mod accounts;
mod community;
mod community_write;
mod courses;
mod library;
mod reading;

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::{i18n::Lang, policy::Action, web::routes::Routes};

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
        .get("/api/v1/articles", Action::ReadPublic, reading::list_articles)
        .get("/api/v1/articles/{slug}", Action::ReadPublic, reading::show_article)
        .get("/api/v1/posts", Action::ReadPublic, reading::list_posts)
        .get("/api/v1/posts/{slug}", Action::ReadPublic, reading::show_post)
        .post("/api/v1/articles", Action::Author, library::create_article)
        .put("/api/v1/articles/{slug}", Action::Author, library::update_article)
        .post("/api/v1/posts", Action::Author, library::create_post)
        .put("/api/v1/posts/{slug}", Action::Author, library::update_post)
        .get("/api/v1/community/categories", Action::ReadPublic, community::list_categories)
        .get("/api/v1/community/categories/{slug}/threads", Action::ReadPublic, community::list_threads)
        .get("/api/v1/community/threads/{id}", Action::ReadPublic, community::show_thread)
        .get("/api/v1/community/threads/{id}/posts", Action::ReadPublic, community::list_posts)
        .get("/api/v1/community/posts/{id}", Action::ReadPublic, community::show_post)
        .post("/api/v1/community/threads", Action::PostInForum, community_write::create_thread)
        .post("/api/v1/community/threads/{id}/posts", Action::PostInForum, community_write::create_post)
        .put("/api/v1/community/posts/{id}", Action::PostInForum, community_write::update_post)
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
        reading::list_articles,
        reading::show_article,
        reading::list_posts,
        reading::show_post,
        crate::glossary::api::list_terms,
        crate::glossary::api::show_term,
        library::create_article,
        library::update_article,
        library::create_post,
        library::update_post,
        crate::newsletter::api::list_issues,
        crate::newsletter::api::show_issue,
        crate::newsletter::api::show_draft,
        crate::newsletter::api::create_draft,
        crate::newsletter::api::update_draft,
        community::list_categories,
        community::list_threads,
        community::show_thread,
        community::list_posts,
        community::show_post,
        community_write::create_thread,
        community_write::create_post,
        community_write::update_post,
        crate::search::api::search,
    ),
    components(schemas(Problem)),
    modifiers(&BearerAuth, &CommonResponses),
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

/// Adds the answers every endpoint can give, so that the document lists each status a
/// client may see: 400 (a malformed parameter or query string, a NUL character), 500
/// and 503 (the database unreachable, the server too busy) everywhere; 401 where a
/// token is required and 403 where one is accepted (a token without the scope asked
/// for); 413, 415 and 422 where a request has a body.
struct CommonResponses;

impl utoipa::Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let problem = |description: &str| {
            let content = ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
            ResponseBuilder::new()
                .description(description)
                .content("application/problem+json", content)
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            let operations =
                [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
            for operation in operations.into_iter().flatten() {
                let security = serde_json::to_value(&operation.security).unwrap_or_default();
                let token_accepted = security.to_string().contains("\"token\"");
                let token_required = token_accepted && !security.to_string().contains("{}");
                let has_body = operation.request_body.is_some();
                let answers = [
                    (true, "400", "A parameter or the query string is malformed, or holds a NUL character"),
                    (token_required, "401", "No valid token"),
                    (token_accepted, "403", "The token lacks the scope this needs"),
                    (has_body, "413", "The body is larger than the server accepts"),
                    (has_body, "415", "The body is not JSON"),
                    (has_body, "422", "The JSON does not fit this request"),
                    (true, "500", "Something went wrong on the server"),
                    (
                        true,
                        "503",
                        "The database cannot be reached or the server is too busy: try again after Retry-After seconds",
                    ),
                ];
                for (applies, status, description) in answers {
                    if applies {
                        operation
                            .responses
                            .responses
                            .entry(status.to_owned())
                            .or_insert_with(|| problem(description).into());
                    }
                }
            }
        }
    }
}

/// One field's problem.
#[derive(Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field, e.g. `title` or `ref-2-title` (the second reference's title).
    pub field: String,
    /// What is wrong, in the language the request asks for (`Accept-Language`, or the
    /// site's language cookie; English otherwise).
    pub message: String,
}

/// A problem document listing what is wrong with each field.
#[derive(Serialize, ToSchema)]
pub struct Invalid {
    /// `about:blank`.
    r#type: String,
    /// Short summary.
    title: String,
    /// 422.
    status: u16,
    /// Explanation.
    detail: String,
    /// Each field's problem.
    problems: Vec<FieldProblem>,
}

/// The 422 answer listing `problems`, in `lang`.
pub fn invalid(lang: Lang, problems: Vec<FieldProblem>) -> Response {
    let body = Invalid {
        r#type: "about:blank".into(),
        title: lang.t("api-invalid-title"),
        status: 422,
        detail: lang.t("api-invalid-detail"),
        problems,
    };
    let mut response = (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    response
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
