//! The discussion under every lesson, library article and news post: one thread per
//! item (unique by the item's kind and id), started by the first person who posts.
//!
//! Its address names the item as its own page does (`/community/about/lesson/{course}
//! /{lesson}`, `/community/about/library/{slug}`, `/community/about/news/{slug}`), so
//! the item's page links to it without knowing whether anyone has posted: that page
//! never changes when someone does, and stays in the visitor page cache. An item that
//! is not published (or does not exist) has no discussion: 404.

use altto_store::{About, DocumentKind, NewThread, StoreError};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{
    in_lang,
    posting::{self, Refusal},
    prepare_post,
    refused::refused,
    show::{AboutItem, ThreadQuery, render_thread},
};
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

/// A discussion no one has posted in yet: the item, and the form for the first post.
#[derive(Template)]
#[template(path = "community/thread_start.html")]
pub struct StartPage {
    ctx: Ctx,
    item: AboutItem,
    action: String,
    form: FormState,
    no_reply: Option<&'static str>,
    /// Whether its first post was written and waits for a moderator.
    waiting: bool,
}

/// The published lesson `lesson` of course `slug` as something to discuss (404 if
/// there is none).
async fn lesson_item(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    lesson: &str,
) -> AppResult<(About, AboutItem, String)> {
    let course = state.courses.published(&state.store, slug).await?.ok_or(AppError::NotFound)?;
    let found = course.content.lesson(lesson).ok_or(AppError::NotFound)?;
    let item = AboutItem {
        title: in_lang(ctx.lang, &found.title, found.title_ja.as_deref().unwrap_or_default()).to_owned(),
        link: format!("/courses/{slug}/lessons/{lesson}"),
        kind_key: "forum-discussion-of-lesson",
    };
    Ok((About { kind: "lesson", id: found.id }, item, found.title.clone()))
}

/// The published article (`shelf` `library`) or news post (`news`) at `slug` as
/// something to discuss (404 if there is none).
async fn text_item(
    state: &AppState,
    ctx: &Ctx,
    shelf: &str,
    slug: &str,
) -> AppResult<(About, AboutItem, String)> {
    let (kind, name) = match shelf {
        "library" => (DocumentKind::Article, "article"),
        "news" => (DocumentKind::Post, "post"),
        _ => return Err(AppError::NotFound),
    };
    let cards = state.library.cards(&state.store).await?;
    let card =
        cards.iter().find(|card| card.doc.kind == kind && card.slug == slug).ok_or(AppError::NotFound)?;
    let item = AboutItem {
        title: in_lang(ctx.lang, &card.title, card.title_ja.as_deref().unwrap_or_default()).to_owned(),
        link: card.url(),
        kind_key: "forum-discussion-of-article",
    };
    Ok((About { kind: name, id: card.doc.id }, item, card.title.clone()))
}

/// `GET /community/about/lesson/{slug}/{lesson}`.
pub async fn show_lesson_discussion(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((slug, lesson)): Path<(String, String)>,
    paging: Paging,
    Query(query): Query<ThreadQuery>,
) -> AppResult<Response> {
    let (about, item, _) = lesson_item(&state, &ctx, &slug, &lesson).await?;
    show_discussion(&state, &auth, &ctx, about, item, &paging, query, FormState::new(), StatusCode::OK).await
}

/// `GET /community/about/{shelf}/{slug}`.
pub async fn show_text_discussion(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((shelf, slug)): Path<(String, String)>,
    paging: Paging,
    Query(query): Query<ThreadQuery>,
) -> AppResult<Response> {
    let (about, item, _) = text_item(&state, &ctx, &shelf, &slug).await?;
    show_discussion(&state, &auth, &ctx, about, item, &paging, query, FormState::new(), StatusCode::OK).await
}

/// The discussion about `about`: its thread's page, or the form for the first post.
#[allow(clippy::too_many_arguments)]
async fn show_discussion(
    state: &AppState,
    auth: &RequestAuth,
    ctx: &Ctx,
    about: About,
    item: AboutItem,
    paging: &Paging,
    query: ThreadQuery,
    form: FormState,
    status: StatusCode,
) -> AppResult<Response> {
    match state.store.forum_thread_about(about, auth.actor.user_id()).await? {
        // Its first post waits for a moderator: the others see that, and may reply once
        // it is approved.
        Some(thread) if !policy::can_read_thread(&auth.actor, thread.author_id, thread.listed) => {
            let no_reply = Some("forum-discussion-waiting-reply");
            let page =
                StartPage { ctx: ctx.clone(), item, action: ctx.path.clone(), form, no_reply, waiting: true };
            Ok(ctx.render_with_status(status, &page))
        }
        Some(thread) => {
            let quote = query.quote.as_deref().and_then(|q| q.parse().ok());
            render_thread(state, &auth.actor, ctx, thread, paging, form, status, Some(item), quote).await
        }
        None => {
            let no_reply = if auth.actor.user().is_none() {
                Some("forum-sign-in-to-reply")
            } else if !policy::can_post(&auth.actor) {
                Some("forum-confirm-email")
            } else {
                None
            };
            let page = StartPage {
                ctx: ctx.clone(),
                item,
                action: ctx.path.clone(),
                form,
                no_reply,
                waiting: false,
            };
            Ok(ctx.render_with_status(status, &page))
        }
    }
}

/// `POST /community/about/lesson/{slug}/{lesson}`.
pub async fn post_about_lesson(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((slug, lesson)): Path<(String, String)>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let found = lesson_item(&state, &ctx, &slug, &lesson).await?;
    post_about(&state, &auth, &ctx, found, &pairs).await
}

/// `POST /community/about/{shelf}/{slug}`.
pub async fn post_about_text(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((shelf, slug)): Path<(String, String)>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let found = text_item(&state, &ctx, &shelf, &slug).await?;
    post_about(&state, &auth, &ctx, found, &pairs).await
}

/// Posts in the discussion about an item: the first post starts its thread, later
/// ones reply (two first posts at once: the second finds the thread and replies).
async fn post_about(
    state: &AppState,
    auth: &RequestAuth,
    ctx: &Ctx,
    (about, item, title): (About, AboutItem, String),
    pairs: &Pairs,
) -> AppResult<Response> {
    let poster = posting::poster(state, auth).await?;
    let user = poster.user;
    let existing = state.store.forum_thread_about(about, None).await?;
    let body = match posting::admit_reply(state, &poster, existing.as_ref(), field(pairs, "body")).await? {
        Ok(Ok(body)) => body,
        Ok(Err(same)) => return Ok(Redirect::to(&format!("/community/posts/{same}")).into_response()),
        Err(Refusal::Invalid(form)) => {
            let paging = Paging::parse(&ctx.path, None)?;
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return show_discussion(
                state,
                auth,
                ctx,
                about,
                item,
                &paging,
                ThreadQuery::default(),
                form,
                status,
            )
            .await;
        }
        Err(refusal) => return Ok(refused(ctx, refusal, field(pairs, "body"))),
    };
    let post = prepare_post(state, &poster, body).await?;
    let thread = match existing {
        Some(thread) => thread,
        None => {
            let new = NewThread {
                category_id: None,
                about: Some(about),
                about_link: Some(item.link.clone()),
                title,
                is_question: false,
                post: post.clone(),
                prefecture: None,
            };
            let told = super::notify::told(state, user, None, None, &post.mentions, post.waiting).await;
            match state.store.start_forum_thread(&new, &told.tidings(state, user, &new.title)).await {
                Ok((_, post_id)) => {
                    told.saved(state);
                    return Ok(Redirect::to(&format!("/community/posts/{post_id}")).into_response());
                }
                Err(StoreError::Conflict(_)) => {
                    state.store.forum_thread_about(about, None).await?.ok_or(AppError::NotFound)?
                }
                Err(err) => return Err(err.into()),
            }
        }
    };
    let told = super::notify::told(state, user, Some(&thread), None, &post.mentions, post.waiting).await;
    let tidings = told.tidings(state, user, &thread.title);
    let post_id = match state.store.reply_in_forum_thread(thread.id, &post, &tidings).await {
        Ok(post_id) => post_id,
        Err(StoreError::Conflict(_)) => return Err(AppError::NotYet("forum-closed-notice")),
        Err(err) => return Err(err.into()),
    };
    told.saved(state);
    Ok(Redirect::to(&format!("/community/posts/{post_id}")).into_response())
}
