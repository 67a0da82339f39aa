//! The editors' pages: the list of issues (with the subscriber counts and the
//! addresses that keep bouncing), composing an issue from an introduction and picked
//! content, its preview as HTML and plain text, a test copy to oneself, and sending to
//! every confirmed subscriber after a confirmation step.

use altto_store::{Issue, IssueDraft, StoreError, SubscriberCounts};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    picks::{self, Pick},
    render::{self, IssueContent},
    sending::{self, Outcome},
};
use crate::{
    auth::{RequestAuth, audit},
    content::markdown::{self, Profile},
    error::{AppError, AppResult},
    state::AppState,
    web::{
        Ctx,
        format::day_of,
        forms::{FormState, Pairs, clean_text, field},
    },
};

/// The longest subject.
const SUBJECT_MAX: usize = 150;

/// One issue in the editors' list.
pub struct IssueRow {
    id: i64,
    subject: String,
    state: String,
    date: String,
    copies: i64,
}

/// `/author/newsletter`.
#[derive(Template)]
#[template(path = "newsletter/issues.html")]
pub struct IssuesPage {
    ctx: Ctx,
    rows: Vec<IssueRow>,
    counts: SubscriberCounts,
    bouncing: Vec<String>,
}

/// A pick as the editor's checkbox list shows it.
pub struct PickRow {
    pick: Pick,
    checked: bool,
}

/// Composing (or looking at) one issue.
#[derive(Template)]
#[template(path = "newsletter/edit.html")]
pub struct EditPage {
    ctx: Ctx,
    form: FormState,
    picks: Vec<PickRow>,
    /// `None` for a new issue.
    issue_id: Option<i64>,
    /// `draft`, `sending` or `sent`.
    state: String,
    preview_html: String,
    preview_text: String,
    notice: Option<String>,
}

/// The confirmation step before sending.
#[derive(Template)]
#[template(path = "newsletter/send.html")]
pub struct SendPage {
    ctx: Ctx,
    issue_id: i64,
    subject: String,
    recipients: i64,
}

/// What the issue page confirms after an action.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NoticeQuery {
    notice: String,
}

/// `GET /author/newsletter`.
pub async fn list_issues(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let mut rows = Vec::new();
    for issue in state.store.all_issues().await? {
        rows.push(IssueRow {
            id: issue.id,
            state: ctx.t(render::state_key(&issue.state)),
            date: day_of(issue.sent_at.unwrap_or(issue.updated_at)),
            copies: state.store.delivery_count(issue.id).await?,
            subject: issue.subject,
        });
    }
    let counts = state.store.subscriber_counts().await?;
    let bouncing = state.store.bouncing_subscribers().await?.into_iter().map(|s| s.email).collect();
    Ok(ctx.render(&IssuesPage { ctx: ctx.clone(), rows, counts, bouncing }))
}

/// The picker's rows: `chosen` (what the issue has) first, then recent content.
async fn pick_rows(state: &AppState, chosen: &[Pick]) -> AppResult<Vec<PickRow>> {
    let mut rows: Vec<PickRow> =
        chosen.iter().map(|pick| PickRow { pick: pick.clone(), checked: true }).collect();
    for pick in picks::recent(state).await? {
        if !chosen.iter().any(|c| c.url == pick.url) {
            rows.push(PickRow { pick, checked: false });
        }
    }
    Ok(rows)
}

/// `GET /author/newsletter/new`.
pub async fn new_issue(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let picks = pick_rows(&state, &[]).await?;
    Ok(ctx.render(&EditPage {
        ctx: ctx.clone(),
        form: FormState::new(),
        picks,
        issue_id: None,
        state: "draft".to_owned(),
        preview_html: String::new(),
        preview_text: String::new(),
        notice: None,
    }))
}

/// What the editor sent, checked; the form with its messages when it fails.
pub(super) struct Checked {
    subject: String,
    subject_ja: Option<String>,
    intro: String,
    items: Vec<Pick>,
}

impl Checked {
    pub(super) fn items_json(&self) -> String {
        serde_json::to_string(&self.items).unwrap_or_else(|_| "[]".to_owned())
    }

    pub(super) fn draft<'a>(&'a self, items: &'a str) -> IssueDraft<'a> {
        IssueDraft {
            subject: &self.subject,
            subject_ja: self.subject_ja.as_deref(),
            intro: &self.intro,
            items,
        }
    }
}

/// Checks an issue as its editor sent it (`subject`, `subject_ja`, `intro` and a
/// `pick` per chosen item's address, from the recent content or the issue's `saved`
/// picks): the browser's form and the API's body go through here.
pub(super) async fn check(
    state: &AppState,
    pairs: &Pairs,
    saved: &[Pick],
) -> AppResult<Result<Checked, (FormState, Vec<Pick>)>> {
    let mut form = FormState::new();
    let (subject, subject_ja, intro) =
        (field(pairs, "subject"), field(pairs, "subject_ja"), field(pairs, "intro"));
    form.keep("subject", subject.trim()).keep("subject_ja", subject_ja.trim()).keep("intro", intro);
    let subject = clean_text(subject, SUBJECT_MAX).filter(|s| !s.chars().any(char::is_control));
    match &subject {
        Some(s) if s.is_empty() => form.fail("subject", "newsletter-subject-required"),
        None => form.fail("subject", "newsletter-subject-too-long"),
        _ => &mut form,
    };
    let subject_ja = clean_text(subject_ja, SUBJECT_MAX).filter(|s| !s.chars().any(char::is_control));
    if subject_ja.is_none() {
        form.fail("subject_ja", "newsletter-subject-too-long");
    }
    if intro.trim().is_empty() {
        form.fail("intro", "newsletter-intro-required");
    } else if markdown::check(intro, &Profile::Authors).is_err() {
        form.fail("intro", "newsletter-intro-invalid");
    }
    let wanted: Vec<&str> =
        pairs.iter().filter(|(name, _)| name == "pick").map(|(_, v)| v.as_str()).collect();
    let mut offered = saved.to_vec();
    offered.extend(picks::recent(state).await?);
    let mut items: Vec<Pick> = Vec::new();
    for pick in offered {
        if wanted.contains(&pick.url.as_str()) && !items.iter().any(|p| p.url == pick.url) {
            items.push(pick);
        }
    }
    Ok(match (subject, subject_ja, form.has_errors()) {
        (Some(subject), Some(subject_ja), false) => Ok(Checked {
            subject,
            subject_ja: Some(subject_ja).filter(|s| !s.is_empty()),
            intro: intro.to_owned(),
            items,
        }),
        _ => Err((form, items)),
    })
}

async fn rejected(
    state: &AppState,
    ctx: &Ctx,
    issue_id: Option<i64>,
    form: FormState,
    items: &[Pick],
) -> AppResult<Response> {
    let page = EditPage {
        ctx: ctx.clone(),
        form,
        picks: pick_rows(state, items).await?,
        issue_id,
        state: "draft".to_owned(),
        preview_html: String::new(),
        preview_text: String::new(),
        notice: None,
    };
    Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// `POST /author/newsletter`: creates a draft.
pub async fn create_issue(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let checked = match check(&state, &pairs, &[]).await? {
        Ok(checked) => checked,
        Err((form, items)) => return rejected(&state, &ctx, None, form, &items).await,
    };
    let items = checked.items_json();
    let id = state.store.create_issue(&checked.draft(&items), auth.actor.user_id()).await?;
    Ok(Redirect::to(&format!("/author/newsletter/{id}?notice=saved")).into_response())
}

fn saved_items(issue: &Issue) -> Vec<Pick> {
    serde_json::from_str(&issue.items).unwrap_or_default()
}

/// `GET /author/newsletter/{id}`: the issue's form (while a draft) and its preview.
pub async fn edit_issue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let issue = state.store.issue(id).await?;
    let mut form = FormState::new();
    form.keep("subject", issue.subject.as_str())
        .keep("subject_ja", issue.subject_ja.clone().unwrap_or_default())
        .keep("intro", issue.intro.as_str());
    let content = IssueContent::of(&state, &issue).await?;
    let base = state.settings.base_url();
    let unsubscribe = format!("{base}/newsletter/unsubscribe?token=…");
    let notice = match query.notice.as_str() {
        "" => None,
        key @ ("saved" | "test-sent" | "no-recipients" | "sent" | "sending" | "already-sent"
        | "no-address") => Some(ctx.t(&format!("newsletter-notice-{key}"))),
        _ => None,
    };
    let page = EditPage {
        ctx: ctx.clone(),
        form,
        picks: pick_rows(&state, &saved_items(&issue)).await?,
        issue_id: Some(id),
        preview_html: render::body_html(&content, ctx.lang, &base),
        preview_text: render::text(&content, ctx.lang, &base, &unsubscribe),
        state: issue.state,
        notice,
    };
    Ok(ctx.render(&page))
}

/// `POST /author/newsletter/{id}`: saves the draft.
pub async fn update_issue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let issue = state.store.issue(id).await?;
    let checked = match check(&state, &pairs, &saved_items(&issue)).await? {
        Ok(checked) => checked,
        Err((form, items)) => return rejected(&state, &ctx, Some(id), form, &items).await,
    };
    let items = checked.items_json();
    match state.store.update_issue(id, &checked.draft(&items)).await {
        Ok(()) => Ok(Redirect::to(&format!("/author/newsletter/{id}?notice=saved")).into_response()),
        Err(StoreError::Conflict(_)) => Err(AppError::NotYet("newsletter-not-a-draft")),
        Err(err) => Err(err.into()),
    }
}

/// `POST /author/newsletter/{id}/test`: one copy to the editor's own address.
pub async fn send_test(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let issue = state.store.issue(id).await?;
    let Some(email) = auth.actor.user().and_then(|user| user.email.clone()) else {
        return Ok(Redirect::to(&format!("/author/newsletter/{id}?notice=no-address")).into_response());
    };
    let content = IssueContent::of(&state, &issue).await?;
    sending::send_test(&state, &content, &email, ctx.lang).await?;
    Ok(Redirect::to(&format!("/author/newsletter/{id}?notice=test-sent")).into_response())
}

/// `GET /author/newsletter/{id}/send`: how many will get it, and the button.
pub async fn confirm_send(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let issue = state.store.issue(id).await?;
    if issue.state == "sent" {
        return Ok(Redirect::to(&format!("/author/newsletter/{id}?notice=already-sent")).into_response());
    }
    let counts = state.store.subscriber_counts().await?;
    let page = SendPage {
        ctx: ctx.clone(),
        issue_id: id,
        subject: issue.subject,
        recipients: counts.confirmed - counts.bouncing,
    };
    Ok(ctx.render(&page))
}

/// `POST /author/newsletter/{id}/send`: sends to every confirmed subscriber still
/// without a copy (so a second click, or a click after an interrupted send, mails
/// nobody twice).
pub async fn send_issue(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let notice = match sending::send_to_all(&state, id).await? {
        Outcome::Queued(copies) => {
            audit(&state, &auth, "newsletter_sent", None, &format!("issue {id}: {copies} copies")).await?;
            "sent"
        }
        Outcome::StillSending => "sending",
        Outcome::NoRecipients => "no-recipients",
        Outcome::AlreadySent => "already-sent",
    };
    Ok(Redirect::to(&format!("/author/newsletter/{id}?notice={notice}")).into_response())
}
