//! The newsletter as JSON: the public archive of sent issues (`/api/v1/newsletter/issues`)
//! and, for editors, drafts (`/api/v1/newsletter/drafts`) written with the same checks
//! as the editor in the browser. Sending stays in the browser, behind its confirmation
//! step.

use altto_store::{Issue, StoreError};
use axum::{
    Extension, Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    editor::{self, Checked},
    picks::Pick,
    public::issue_path,
};
use crate::{
    api::{FieldProblem, Invalid, Problem, invalid},
    auth::RequestAuth,
    error::{AppError, AppResult},
    i18n::Lang,
    state::AppState,
    web::{format::rfc3339, forms::Pairs},
};

/// One item an issue points to.
#[derive(Serialize, ToSchema)]
pub struct IssueItem {
    /// `course`, `article` or `post`.
    kind: String,
    /// English title.
    title: String,
    /// Japanese title, if it has one.
    title_ja: Option<String>,
    /// Its address on this site.
    url: String,
    /// English summary.
    summary: String,
    /// Japanese summary, if it has one.
    summary_ja: Option<String>,
}

/// An issue: sent (in the archive) or, for editors, a draft.
#[derive(Serialize, ToSchema)]
pub struct IssueOut {
    /// 1, 2, 3 … in the order issues were sent (absent for a draft).
    number: Option<i64>,
    /// Its address in the archive, `/newsletter/…` (absent for a draft).
    url: Option<String>,
    /// `draft`, `sending` or `sent`.
    state: String,
    /// English subject.
    subject: String,
    /// Japanese subject, if it has one.
    subject_ja: Option<String>,
    /// When it was sent (RFC 3339).
    sent_at: Option<String>,
    /// The introduction, in Markdown.
    intro: String,
    /// The courses, articles and posts it points to, in order.
    items: Vec<IssueItem>,
    /// Its page for editors (drafts only).
    editor: Option<String>,
}

impl IssueOut {
    fn of(issue: &Issue) -> Self {
        let picks: Vec<Pick> = serde_json::from_str(&issue.items).unwrap_or_default();
        let sent = issue.state == "sent";
        Self {
            number: issue.number,
            url: sent.then(|| issue_path(issue)),
            state: issue.state.clone(),
            subject: issue.subject.clone(),
            subject_ja: issue.subject_ja.clone(),
            sent_at: issue.sent_at.map(rfc3339),
            intro: issue.intro.clone(),
            items: picks
                .into_iter()
                .map(|pick| IssueItem {
                    kind: pick.kind,
                    title: pick.title,
                    title_ja: pick.title_ja,
                    url: pick.url,
                    summary: pick.summary,
                    summary_ja: pick.summary_ja,
                })
                .collect(),
            editor: (!sent).then(|| format!("/author/newsletter/{}", issue.id)),
        }
    }
}

/// A draft as its editor writes it.
#[derive(Deserialize, ToSchema)]
pub struct DraftIn {
    /// English subject (required, at most 150 characters).
    #[serde(default)]
    subject: String,
    /// Japanese subject.
    #[serde(default)]
    subject_ja: Option<String>,
    /// The introduction, in Markdown (required).
    #[serde(default)]
    intro: String,
    /// Addresses of the items to include, in order, chosen from recently published
    /// courses, articles and posts (or the draft's own items); others are ignored.
    #[serde(default)]
    items: Vec<String>,
}

impl DraftIn {
    fn pairs(self) -> Pairs {
        let mut pairs = vec![
            ("subject".to_owned(), self.subject),
            ("subject_ja".to_owned(), self.subject_ja.unwrap_or_default()),
            ("intro".to_owned(), self.intro),
        ];
        pairs.extend(self.items.into_iter().map(|url| ("pick".to_owned(), url)));
        pairs
    }
}

/// `input` checked against the issue's `saved` picks, or the 422 naming each field (in
/// `lang`).
async fn checked(
    state: &AppState,
    lang: Lang,
    input: DraftIn,
    saved: &[Pick],
) -> AppResult<Result<Checked, Response>> {
    Ok(editor::check(state, &input.pairs(), saved).await?.map_err(|(form, _)| {
        let problems = form
            .errors()
            .iter()
            .map(|(field, key)| FieldProblem { field: (*field).to_owned(), message: lang.t(key) })
            .collect();
        invalid(lang, problems)
    }))
}

/// `GET /api/v1/newsletter/issues`: the archive, newest first.
#[utoipa::path(get, path = "/api/v1/newsletter/issues", tag = "newsletter",
    responses((status = 200, description = "Sent issues, newest first", body = [IssueOut])))]
pub async fn list_issues(State(state): State<AppState>) -> AppResult<Json<Vec<IssueOut>>> {
    Ok(Json(state.store.sent_issues().await?.iter().map(IssueOut::of).collect()))
}

/// `GET /api/v1/newsletter/issues/{issue}`: one sent issue, by number or address.
#[utoipa::path(get, path = "/api/v1/newsletter/issues/{issue}", tag = "newsletter",
    params(("issue" = String, Path, description = "The issue's number or archive address (`2026-11`)")),
    responses(
        (status = 200, description = "The issue", body = IssueOut),
        (status = 404, description = "No such sent issue", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show_issue(
    State(state): State<AppState>,
    Path(issue): Path<String>,
) -> AppResult<Json<IssueOut>> {
    Ok(Json(IssueOut::of(&state.store.sent_issue(&issue).await?)))
}

/// `GET /api/v1/newsletter/drafts/{id}`: any issue, draft or sent, for its editors.
#[utoipa::path(get, path = "/api/v1/newsletter/drafts/{id}", tag = "newsletter", security(("token" = [])),
    params(("id" = i64, Path, description = "The issue's id (from `editor`)")),
    responses(
        (status = 200, description = "The issue", body = IssueOut),
        (status = 404, description = "No such issue", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show_draft(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<IssueOut>> {
    Ok(Json(IssueOut::of(&state.store.issue(id).await?)))
}

/// `POST /api/v1/newsletter/drafts`: a new draft issue.
#[utoipa::path(post, path = "/api/v1/newsletter/drafts", tag = "newsletter", security(("token" = [])),
    request_body = DraftIn,
    responses(
        (status = 201, description = "Saved as a draft; an editor sends it from its page in the browser", body = IssueOut),
        (status = 422, description = "Problems, each naming its field; nothing was saved", body = Invalid, content_type = "application/problem+json"),
    ))]
pub async fn create_draft(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    lang: Lang,
    Json(input): Json<DraftIn>,
) -> AppResult<Response> {
    let checked = match checked(&state, lang, input, &[]).await? {
        Ok(checked) => checked,
        Err(refused) => return Ok(refused),
    };
    let items = checked.items_json();
    let id = state.store.create_issue(&checked.draft(&items), auth.actor.user_id()).await?;
    Ok((StatusCode::CREATED, Json(IssueOut::of(&state.store.issue(id).await?))).into_response())
}

/// `PUT /api/v1/newsletter/drafts/{id}`: changes a draft (not an issue being sent or sent).
#[utoipa::path(put, path = "/api/v1/newsletter/drafts/{id}", tag = "newsletter", security(("token" = [])),
    params(("id" = i64, Path, description = "The issue's id")),
    request_body = DraftIn,
    responses(
        (status = 200, description = "Saved", body = IssueOut),
        (status = 404, description = "No such issue", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is being sent or was sent; nothing was saved", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Problems, each naming its field; nothing was saved", body = Invalid, content_type = "application/problem+json"),
    ))]
pub async fn update_draft(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    lang: Lang,
    Json(input): Json<DraftIn>,
) -> AppResult<Response> {
    let issue = state.store.issue(id).await?;
    let saved: Vec<Pick> = serde_json::from_str(&issue.items).unwrap_or_default();
    let checked = match checked(&state, lang, input, &saved).await? {
        Ok(checked) => checked,
        Err(refused) => return Ok(refused),
    };
    let items = checked.items_json();
    match state.store.update_issue(id, &checked.draft(&items)).await {
        Ok(()) => Ok(Json(IssueOut::of(&state.store.issue(id).await?)).into_response()),
        Err(StoreError::Conflict(_)) => Err(AppError::NotYet("newsletter-not-a-draft")),
        Err(err) => Err(err.into()),
    }
}
