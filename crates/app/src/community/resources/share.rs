//! Sharing a file: in a thread (a reply announcing it) or by starting a thread with it.
//! Checks run in this order, and the first refusal changes nothing: may post here, the
//! attachment limit, the form's fields and file; then the bytes are stored (once per
//! content) and the post with its resource is saved in one transaction.

use altto_store::{Category, NewThread, StoreError, Thread, Topic, User};

use crate::community::forum::posting::Poster;
use askama::Template;
use axum::{
    Extension,
    extract::{Multipart, Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{
    GRADES, LICENCES, MAX_FILE_BYTES,
    limits::{self, Allowance},
    names::{self, markdown_literal},
    upload::{self, CheckedFile, Fields},
};
use crate::{
    auth::RequestAuth,
    community::{forum, trust},
    content::files::{describe, human_size},
    error::{AppError, AppResult},
    policy,
    state::AppState,
    web::{
        Ctx,
        forms::{FormState, field},
    },
};

/// What stands for the resource's id in its post until the resource is saved.
const MARKER: &str = "resource-id-pending";

/// The share form: in a thread, or starting one.
#[derive(Template)]
#[template(path = "community/resource_share.html")]
pub struct SharePage {
    ctx: Ctx,
    /// The thread to share in: (id, title); `None` when starting a thread.
    thread: Option<(i64, String)>,
    /// The categories a new thread can go in (empty when sharing in a thread).
    categories: Vec<Category>,
    topics: Vec<Topic>,
    form: FormState,
    /// What is wrong with the file, naming it.
    file_error: Option<String>,
    /// Why no file may be shared now (the attachment limit), instead of the form.
    limit: Option<String>,
}

impl SharePage {
    fn licences(&self) -> Vec<(&'static str, String, Option<&'static str>)> {
        LICENCES.iter().map(|(code, deed)| (*code, super::licence_name(code, self.ctx.lang), *deed)).collect()
    }

    fn levels(&self) -> Vec<(&'static str, String)> {
        super::levels().map(|code| (code, super::level_name(code, self.ctx.lang))).collect()
    }

    fn grades(&self) -> Vec<String> {
        GRADES.map(|grade| grade.to_string()).collect()
    }

    fn topic_label<'a>(&self, topic: &'a Topic) -> &'a str {
        forum::in_lang(self.ctx.lang, &topic.label_en, &topic.label_ja)
    }

    fn category_name<'a>(&self, category: &'a Category) -> &'a str {
        forum::in_lang(self.ctx.lang, &category.name_en, &category.name_ja)
    }

    fn max_size(&self) -> String {
        human_size(MAX_FILE_BYTES as u64, self.ctx.lang)
    }

    fn action(&self) -> String {
        match &self.thread {
            Some((id, _)) => format!("/community/t/{id}/share?_csrf={}", self.ctx.csrf_token()),
            None => format!("/community/resources?_csrf={}", self.ctx.csrf_token()),
        }
    }
}

/// The thread `id`, if it is there for `poster` and takes replies now.
async fn open_thread(state: &AppState, id: i64, poster: &Poster<'_>) -> AppResult<Thread> {
    let thread = state.store.forum_thread(id, Some(poster.user.id)).await?;
    if thread.merged_into.is_some() || !policy::can_read_thread(poster.actor, thread.author_id, thread.listed)
    {
        return Err(AppError::NotFound);
    }
    if !thread.open() {
        return Err(AppError::NotYet(if thread.locked {
            "forum-locked-notice"
        } else {
            "forum-closed-notice"
        }));
    }
    Ok(thread)
}

/// Why `user` may not share a file now, in the page's language; `None` when they may.
async fn limit_message(
    state: &AppState,
    auth: &RequestAuth,
    ctx: &Ctx,
    user: &User,
) -> AppResult<Option<String>> {
    let now = altto_store::now_millis();
    let facts = state.store.trust_facts(user.id).await?;
    let trust = trust::trust(user, &facts, now);
    let (shared, earliest) = state.store.forum_resources_shared_since(user.id, now - limits::DAY_MS).await?;
    let allowance = limits::allowance(trust, facts.created_at, shared, earliest, now);
    if policy::can_share_file(&auth.actor, allowance) {
        return Ok(None);
    }
    let hours = |until: i64| limits::hours_until(until, now).to_string();
    Ok(Some(match allowance {
        Allowance::TooNew { until } => ctx.t1("resources-limit-too-new", "hours", &hours(until)),
        Allowance::DailyLimit { max, trusted, until } => {
            let key = if trusted { "resources-limit-daily" } else { "resources-limit-daily-new" };
            ctx.t2(key, "max", &max.to_string(), "hours", &hours(until))
        }
        Allowance::Allowed => ctx.t("forum-confirm-email"),
    }))
}

async fn page(state: &AppState, ctx: &Ctx, thread: Option<&Thread>) -> AppResult<SharePage> {
    let categories = if thread.is_none() { state.store.forum_categories().await? } else { Vec::new() };
    Ok(SharePage {
        ctx: ctx.clone(),
        thread: thread.map(|thread| (thread.id, thread.title.clone())),
        categories,
        topics: state.store.topics().await?,
        form: FormState::new(),
        file_error: None,
        limit: None,
    })
}

/// `GET /community/t/{id}/share`.
pub async fn share_form(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let poster = forum::posting::poster(&state, &auth).await?;
    let user = poster.user;
    let thread = open_thread(&state, id, &poster).await?;
    let mut page = page(&state, &ctx, Some(&thread)).await?;
    page.limit = limit_message(&state, &auth, &ctx, user).await?;
    Ok(ctx.render(&page))
}

/// `GET /community/resources/new`.
pub async fn new_thread_with_file(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
) -> AppResult<Response> {
    let poster = forum::posting::poster(&state, &auth).await?;
    let user = poster.user;
    let mut page = page(&state, &ctx, None).await?;
    page.limit = limit_message(&state, &auth, &ctx, user).await?;
    Ok(ctx.render(&page))
}

/// The announcement of a shared file: its title linked to the download, what it is,
/// and its description. The resource's id is [`MARKER`] until it is saved.
fn announcement(ctx: &Ctx, fields: &Fields, file: &CheckedFile, size: usize, topics: &[Topic]) -> String {
    let link = format!("/community/resources/{MARKER}/{}", names::url_name(&file.name, &file.kind));
    let mut facts = vec![
        markdown_literal(&file.name),
        markdown_literal(&describe(&file.name, size as u64, ctx.lang)),
        markdown_literal(&super::licence_name(&fields.licence, ctx.lang)),
        markdown_literal(&super::level_name(&fields.level, ctx.lang)),
    ];
    if let Some(grade) = fields.grade {
        facts.push(markdown_literal(&ctx.t1("resources-grade-n", "grade", &grade.to_string())));
    }
    if !fields.topic.is_empty() {
        let label = topics
            .iter()
            .find(|t| t.slug == fields.topic)
            .map_or(fields.topic.as_str(), |t| forum::in_lang(ctx.lang, &t.label_en, &t.label_ja));
        facts.push(markdown_literal(label));
    }
    let mut text = format!(
        "{} **[{}]({link})**\n\n{}",
        markdown_literal(&ctx.t("resources-post-shared")),
        markdown_literal(&fields.title),
        facts.join(" · ")
    );
    if !fields.description.is_empty() {
        text.push_str("\n\n");
        text.push_str(&fields.description);
    }
    text
}

/// Checks the description as the forum checks a post (its links and Markdown), since
/// it becomes part of one; its length is checked with the other fields.
fn check_description(state: &AppState, raw: &str, form: &mut FormState, trusted: bool) {
    if !raw.trim().is_empty() {
        let _ = forum::check_body(state, raw, "description", form, trusted);
    }
}

/// A refused form, shown again with what was typed (the file must be chosen again).
fn refuse(ctx: &Ctx, mut page: SharePage, form: FormState, file_error: Option<String>) -> Response {
    page.form = form;
    page.file_error = file_error;
    ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// `POST /community/t/{id}/share` (multipart): shares a file in the thread.
pub async fn share_file(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let poster = forum::posting::poster(&state, &auth).await?;
    let user = poster.user;
    let thread = open_thread(&state, id, &poster).await?;
    let mut shown = page(&state, &ctx, Some(&thread)).await?;
    if let Some(message) = limit_message(&state, &auth, &ctx, user).await? {
        shown.limit = Some(message);
        return Ok(ctx.render_with_status(StatusCode::TOO_MANY_REQUESTS, &shown));
    }
    let (pairs, upload) = upload::read_form(&mut multipart, state.settings.body_limit_bytes).await;
    let mut form = FormState::new();
    check_description(&state, field(&pairs, "description"), &mut form, poster.trusted);
    let fields = upload::check_fields(&pairs, "title", &shown.topics, &mut form);
    let file = upload::check_upload(&upload, ctx.lang);
    let (Some(fields), Ok(file), Ok(upload)) = (fields, &file, &upload) else {
        return Ok(refuse(&ctx, shown, form, file.err()));
    };
    let size = upload.bytes.len();
    let body = announcement(&ctx, &fields, file, size, &shown.topics);
    let sha256 = state.store.put_blob(&upload.bytes).await?;
    let post = forum::prepare_post(&state, &poster, body).await?;
    let resource = fields.resource(user.id, file, sha256, size);
    let told = forum::notify::told(&state, user, Some(&thread), None, &post.mentions, post.waiting).await;
    let tidings = told.tidings(&state, user, &thread.title);
    let (post_id, _) =
        match state.store.share_forum_resource(thread.id, &post, &resource, MARKER, &tidings).await {
            Ok(ids) => ids,
            Err(StoreError::Conflict(_)) => return Err(AppError::NotYet("forum-closed-notice")),
            Err(err) => return Err(err.into()),
        };
    told.saved(&state);
    Ok(Redirect::to(&format!("/community/posts/{post_id}")).into_response())
}

/// `POST /community/resources` (multipart): starts a thread that shares a file.
pub async fn create_thread_with_file(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let poster = forum::posting::poster(&state, &auth).await?;
    let user = poster.user;
    let mut shown = page(&state, &ctx, None).await?;
    if let Some(message) = limit_message(&state, &auth, &ctx, user).await? {
        shown.limit = Some(message);
        return Ok(ctx.render_with_status(StatusCode::TOO_MANY_REQUESTS, &shown));
    }
    let (pairs, upload) = upload::read_form(&mut multipart, state.settings.body_limit_bytes).await;
    let mut form = FormState::new();
    let slug = field(&pairs, "category").trim().to_owned();
    form.keep("category", slug.clone());
    let category = shown.categories.iter().find(|c| c.slug == slug).map(|c| c.id);
    if category.is_none() {
        form.fail("category", "forum-error-category");
    }
    let text = forum::check_body(&state, field(&pairs, "body"), "body", &mut form, poster.trusted);
    check_description(&state, field(&pairs, "description"), &mut form, poster.trusted);
    let fields = upload::check_fields(&pairs, "title", &shown.topics, &mut form);
    let file = upload::check_upload(&upload, ctx.lang);
    let (Some(category), Some(text), Some(fields), Ok(file), Ok(upload)) =
        (category, text, fields, &file, &upload)
    else {
        return Ok(refuse(&ctx, shown, form, file.err()));
    };
    let size = upload.bytes.len();
    let body = format!("{text}\n\n{}", announcement(&ctx, &fields, file, size, &shown.topics));
    let title = fields.title.clone();
    let sha256 = state.store.put_blob(&upload.bytes).await?;
    let post = forum::prepare_post(&state, &poster, body).await?;
    let resource = fields.resource(user.id, file, sha256, size);
    let told = forum::notify::told(&state, user, None, Some(category), &post.mentions, post.waiting).await;
    let new = NewThread {
        category_id: Some(category),
        about: None,
        about_link: None,
        title,
        is_question: false,
        post,
        prefecture: None,
    };
    let tidings = told.tidings(&state, user, &new.title);
    let (thread, _, _) =
        state.store.share_forum_resource_in_new_thread(&new, &resource, MARKER, &tidings).await?;
    told.saved(&state);
    Ok(Redirect::to(&format!("/community/t/{thread}")).into_response())
}
