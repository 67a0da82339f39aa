//! Writing in the forum: starting a thread, replying, and editing a post (every
//! earlier version is kept). Bad input re-renders the form with 422 and each problem
//! on its field; nothing is saved.

use altto_store::{Category, NewThread, StoreError};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{MAX_TITLE, check_body, in_lang, prepare_post, show::render_thread};
use crate::accounts::profile::{PREFECTURES, prefecture_name};
use crate::community::directory::{prefecture_by_slug, prefecture_slug};
use crate::{
    auth::RequestAuth,
    error::{AppError, AppResult},
    policy,
    state::AppState,
    web::{
        Ctx,
        forms::{FormState, Pairs, field},
        paging::Paging,
    },
};

/// The signed-in member who may post now, or why not: a member whose address is not
/// confirmed is told to confirm it (409), not refused outright.
pub(super) fn poster(auth: &RequestAuth) -> AppResult<&altto_store::User> {
    let user = auth.actor.user().ok_or(AppError::Forbidden)?;
    if !policy::can_post(&auth.actor) {
        return Err(AppError::NotYet("forum-confirm-email"));
    }
    Ok(user)
}

/// `/community/new`.
#[derive(Template)]
#[template(path = "community/forum_new.html")]
pub struct NewThreadPage {
    ctx: Ctx,
    categories: Vec<Category>,
    form: FormState,
}

impl NewThreadPage {
    /// The prefectures a thread can be local to: (address, name in the reader's language).
    fn prefectures(&self) -> Vec<(String, &'static str)> {
        PREFECTURES
            .iter()
            .filter_map(|(code, _, _)| {
                Some((prefecture_slug(*code)?, prefecture_name(*code, self.ctx.lang)?))
            })
            .collect()
    }

    fn name<'a>(&self, category: &'a Category) -> &'a str {
        in_lang(self.ctx.lang, &category.name_en, &category.name_ja)
    }
}

/// The query of the new-thread form: the category to preselect.
#[derive(Debug, Default, Deserialize)]
pub struct NewThreadQuery {
    category: Option<String>,
    /// A prefecture's address (`nagano`): a local thread, from its directory page.
    prefecture: Option<String>,
}

/// `GET /community/new`.
pub async fn new_thread(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<NewThreadQuery>,
) -> AppResult<Response> {
    let mut form = FormState::new();
    form.keep("category", query.category.unwrap_or_default());
    form.keep(
        "prefecture",
        query.prefecture.filter(|slug| prefecture_by_slug(slug).is_some()).unwrap_or_default(),
    );
    let categories = state.store.forum_categories().await?;
    Ok(ctx.render(&NewThreadPage { ctx: ctx.clone(), categories, form }))
}

/// `POST /community/threads`: starts a thread with its first post.
pub async fn create_thread(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let user = poster(&auth)?;
    let mut form = FormState::new();
    let slug = field(&pairs, "category").trim().to_owned();
    form.keep("category", slug.clone());
    let category = match state.store.forum_category_by_slug(&slug).await {
        Ok(category) => Some(category),
        Err(StoreError::NotFound) => {
            form.fail("category", "forum-error-category");
            None
        }
        Err(err) => return Err(err.into()),
    };
    let title = field(&pairs, "title").trim().to_owned();
    form.keep("title", title.clone());
    if title.is_empty() {
        form.fail("title", "forum-error-title-empty");
    } else if title.chars().count() > MAX_TITLE {
        form.fail("title", "forum-error-title-long");
    }
    let region = field(&pairs, "prefecture").trim().to_owned();
    form.keep("prefecture", region.clone());
    let prefecture = prefecture_by_slug(&region);
    if !region.is_empty() && prefecture.is_none() {
        form.fail("prefecture", "forum-error-prefecture");
    }
    let is_question = !field(&pairs, "question").is_empty();
    form.keep("question", if is_question { "1" } else { "" });
    let body = check_body(&state, field(&pairs, "body"), "body", &mut form);
    let (Some(category), Some(body), false) = (category, body, form.has_errors()) else {
        let categories = state.store.forum_categories().await?;
        let page = NewThreadPage { ctx: ctx.clone(), categories, form };
        return Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    let since = altto_store::now_millis() - super::DOUBLE_SUBMIT_MS;
    if let Some(thread) = state.store.recent_forum_thread_like(user.id, &title, &body, since).await? {
        return Ok(Redirect::to(&format!("/community/t/{thread}")).into_response());
    }
    let post = prepare_post(&state, user, body).await?;
    let mentions = post.mentions.clone();
    let new = NewThread {
        category_id: Some(category.id),
        about: None,
        about_link: None,
        title,
        is_question,
        post,
        prefecture,
    };
    let (thread, post_id) = state.store.start_forum_thread(&new).await?;
    super::notify::posted(&state, user, None, &new.title, post_id, &mentions).await;
    Ok(Redirect::to(&format!("/community/t/{thread}")).into_response())
}

/// `POST /community/t/{id}/replies`.
pub async fn reply(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let user = poster(&auth)?;
    let thread = state.store.forum_thread(id, Some(user.id)).await?;
    if thread.merged_into.is_some() || !policy::can_read_thread(&auth.actor, thread.author_id, thread.listed)
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
    let mut form = FormState::new();
    let Some(body) = check_body(&state, field(&pairs, "body"), "body", &mut form) else {
        let paging = Paging::parse(&format!("/community/t/{id}"), None)?;
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return render_thread(&state, &auth.actor, &ctx, thread, &paging, form, status, None, None).await;
    };
    if let Some(same) = super::double_reply(&state, &thread, user.id, &body).await? {
        return Ok(Redirect::to(&format!("/community/posts/{same}")).into_response());
    }
    let post = prepare_post(&state, user, body).await?;
    let post_id = match state.store.reply_in_forum_thread(thread.id, &post).await {
        Ok(post_id) => post_id,
        Err(StoreError::Conflict(_)) => return Err(AppError::NotYet("forum-closed-notice")),
        Err(err) => return Err(err.into()),
    };
    super::notify::posted(&state, user, Some(&thread), &thread.title, post_id, &post.mentions).await;
    Ok(Redirect::to(&format!("/community/posts/{post_id}")).into_response())
}

/// `/community/posts/{id}/edit`.
#[derive(Template)]
#[template(path = "community/forum_edit.html")]
pub struct EditPostPage {
    ctx: Ctx,
    post_id: i64,
    title: String,
    form: FormState,
}

/// The post `id` and its thread, if `auth` may edit it (else 403).
async fn editable(
    state: &AppState,
    auth: &RequestAuth,
    id: i64,
) -> AppResult<(altto_store::PostView, altto_store::Thread)> {
    let reader = auth.actor.user_id();
    let post = state.store.forum_post(id, reader).await?;
    let thread = state.store.forum_thread(post.thread_id, reader).await?;
    if !policy::can_edit_post(&auth.actor, post.author_id, thread.locked) {
        return Err(AppError::Forbidden);
    }
    Ok((post, thread))
}

/// `GET /community/posts/{id}/edit`.
pub async fn edit_post(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (post, thread) = editable(&state, &auth, id).await?;
    let mut form = FormState::new();
    form.keep("body", post.body);
    Ok(ctx.render(&EditPostPage { ctx: ctx.clone(), post_id: id, title: thread.title, form }))
}

/// `POST /community/posts/{id}/edit`: saves the new text, keeping the old one.
pub async fn save_post(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let (post, thread) = editable(&state, &auth, id).await?;
    let editor = auth.actor.user().ok_or(AppError::Forbidden)?;
    let mut form = FormState::new();
    let Some(body) = check_body(&state, field(&pairs, "body"), "body", &mut form) else {
        let page = EditPostPage { ctx: ctx.clone(), post_id: id, title: thread.title, form };
        return Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    if body != post.body {
        // Mentions are counted for the post's writer, whoever edits it.
        let mut new = prepare_post(&state, editor, body).await?;
        new.mentions.retain(|member| Some(*member) != post.author_id);
        state.store.edit_forum_post(id, editor.id, &new).await?;
    }
    Ok(Redirect::to(&format!("/community/posts/{id}")).into_response())
}
