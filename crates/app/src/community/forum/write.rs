//! Writing in the forum: starting a thread, replying, and editing a post (every
//! earlier version is kept). Bad input re-renders the form with 422 and each problem
//! on its field; nothing is saved.

use altto_store::Category;
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    in_lang,
    posting::{self, Refusal, ThreadInput},
    refused::refused,
    show::render_thread,
};
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
    let poster = posting::poster(&state, &auth).await?;
    let input = ThreadInput {
        category: field(&pairs, "category").to_owned(),
        title: field(&pairs, "title").to_owned(),
        body: field(&pairs, "body").to_owned(),
        prefecture: field(&pairs, "prefecture").to_owned(),
        is_question: !field(&pairs, "question").is_empty(),
    };
    match posting::start_thread(&state, &poster, input).await? {
        Ok(posted) => Ok(Redirect::to(&format!("/community/t/{}", posted.thread_id)).into_response()),
        Err(Refusal::Invalid(form)) => {
            let categories = state.store.forum_categories().await?;
            let page = NewThreadPage { ctx: ctx.clone(), categories, form };
            Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(refusal) => Ok(refused(&ctx, refusal, field(&pairs, "body"))),
    }
}

/// `POST /community/t/{id}/replies`.
pub async fn reply(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let poster = posting::poster(&state, &auth).await?;
    let thread = state.store.forum_thread(id, Some(poster.user.id)).await?;
    match posting::reply(&state, &poster, &thread, field(&pairs, "body")).await? {
        Ok(post_id) => Ok(Redirect::to(&format!("/community/posts/{post_id}")).into_response()),
        Err(Refusal::Invalid(form)) => {
            let paging = Paging::parse(&format!("/community/t/{id}"), None)?;
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render_thread(&state, &auth.actor, &ctx, thread, &paging, form, status, None, None).await
        }
        Err(refusal) => Ok(refused(&ctx, refusal, field(&pairs, "body"))),
    }
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

/// `GET /community/posts/{id}/edit`.
pub async fn edit_post(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (post, thread) = posting::editable(&state, &auth, id).await?;
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
    let (post, thread) = posting::editable(&state, &auth, id).await?;
    let editor = posting::poster(&state, &auth).await?;
    if let Err(refusal) = posting::edit(&state, &editor, &post, field(&pairs, "body")).await? {
        let Refusal::Invalid(form) = refusal else {
            return Ok(refused(&ctx, refusal, field(&pairs, "body")));
        };
        let page = EditPostPage { ctx: ctx.clone(), post_id: id, title: thread.title, form };
        return Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    Ok(Redirect::to(&format!("/community/posts/{id}")).into_response())
}
