//! The community forum as JSON: categories, a category's threads, a thread with its
//! posts, one post (all public, as the pages are), and for a token with the `write`
//! scope starting a thread, replying and editing a post. Writing runs the very
//! functions the forms run (`community::forum::posting`): the same checks, limits
//! for new members, cross-post detection, double-submit rule and notices. Lists are
//! keyset-paged like the pages: a list answers `next_cursor`, handed back as
//! `?cursor=` for the next page. Writing is in `community_write`.

use altto_store::{Cursor, PageRequest, PostView, Thread, UserId};
use axum::{
    Extension, Json,
    extract::{Path, Query, State},
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::Problem;
use crate::{
    auth::{Actor, RequestAuth},
    community::forum::{POSTS_PER_PAGE, THREADS_PER_PAGE, may_see, readable_post, readable_thread, text},
    error::{AppError, AppResult},
    state::AppState,
    web::{format::rfc3339, paging::BAD_CURSOR_MESSAGE},
};

/// A forum category.
#[derive(Serialize, ToSchema)]
pub struct CategoryOut {
    /// Its address, e.g. `lesson-ideas`.
    slug: String,
    /// English name.
    name: String,
    /// Japanese name.
    name_ja: String,
    /// English description.
    description: String,
    /// Japanese description.
    description_ja: String,
    /// How many threads it holds.
    threads: i64,
    /// When its latest post was written (RFC 3339), if it has any.
    last_post_at: Option<String>,
    /// Its page on this site.
    url: String,
}

/// A thread.
#[derive(Serialize, ToSchema)]
pub struct ThreadOut {
    /// Its id.
    id: i64,
    /// Title.
    title: String,
    /// Its category's address (absent for the discussion of a lesson or article).
    category: Option<String>,
    /// The page it discusses, for the discussion of a lesson or article.
    about: Option<String>,
    /// Who started it (absent once their account is gone).
    author: Option<String>,
    /// Whether it asks a question.
    is_question: bool,
    /// The post accepted as the answer, if any.
    accepted_post_id: Option<i64>,
    /// Shown first in its category.
    pinned: bool,
    /// Locked by a moderator: no replies.
    locked: bool,
    /// Closed: no replies.
    closed: bool,
    /// How many posts it holds (the first included).
    post_count: i64,
    /// When it was started (RFC 3339).
    created_at: String,
    /// When its latest post was written (RFC 3339).
    last_post_at: String,
    /// Its page on this site.
    pub(super) url: String,
}

impl ThreadOut {
    fn of(thread: &Thread) -> Self {
        Self {
            id: thread.id,
            title: thread.title.clone(),
            category: thread.category_slug.clone(),
            about: thread.about_link.clone(),
            author: thread.author_name.clone(),
            is_question: thread.is_question,
            accepted_post_id: thread.accepted_post_id,
            pinned: thread.pinned,
            locked: thread.locked,
            closed: thread.closed,
            post_count: thread.post_count,
            created_at: rfc3339(thread.created_at),
            last_post_at: rfc3339(thread.last_post_at),
            url: format!("/community/t/{}", thread.id),
        }
    }
}

/// A post.
#[derive(Serialize, ToSchema)]
pub struct PostOut {
    /// Its id.
    id: i64,
    /// Its thread.
    thread_id: i64,
    /// Its writer's name (absent once their account is gone).
    author: Option<String>,
    /// Its writer's profile page, when the caller may see it (as on the page).
    author_profile: Option<String>,
    /// Its writer's handle, what `@mentions` name.
    handle: Option<String>,
    /// The text in Markdown, as written.
    body: String,
    /// The text as sanitised HTML, mentions linked as the caller may see them.
    body_html: String,
    /// How many members found it helpful.
    helpful: i64,
    /// When it was written (RFC 3339).
    created_at: String,
    /// When it was last edited (RFC 3339), if it was.
    edited_at: Option<String>,
    /// Whether it is the thread's accepted answer.
    accepted: bool,
    /// Its place on this site.
    url: String,
}

/// A page of a category's threads.
#[derive(Serialize, ToSchema)]
pub struct ThreadList {
    /// Pinned first, then by latest activity.
    threads: Vec<ThreadOut>,
    /// The next page's `cursor`, while there are more.
    next_cursor: Option<String>,
}

/// A page of a thread's posts.
#[derive(Serialize, ToSchema)]
pub struct PostList {
    /// Oldest first.
    posts: Vec<PostOut>,
    /// The next page's `cursor`, while there are more.
    next_cursor: Option<String>,
}

/// A thread with the first page of its posts.
#[derive(Serialize, ToSchema)]
pub struct ThreadDetail {
    /// The thread.
    pub(super) thread: ThreadOut,
    /// Its first posts, oldest first.
    posts: Vec<PostOut>,
    /// The cursor of the next page of posts (`/threads/{id}/posts?cursor=`), if any.
    next_cursor: Option<String>,
}

/// Which page of a list.
#[derive(Deserialize, Default, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct CursorQuery {
    /// `next_cursor` of the page before (absent: the first page).
    cursor: Option<String>,
}

impl CursorQuery {
    fn page(&self, limit: i64) -> AppResult<PageRequest> {
        let after = match self.cursor.as_deref().filter(|c| !c.is_empty()) {
            Some(text) => Some(text.parse::<Cursor>().map_err(|_| AppError::BadInput(BAD_CURSOR_MESSAGE))?),
            None => None,
        };
        Ok(PageRequest { after, before: None, limit })
    }
}

/// `posts` of `thread` as `actor` may see them.
pub(super) async fn posts_out(
    state: &AppState,
    actor: &Actor,
    thread: &Thread,
    posts: &[PostView],
) -> AppResult<Vec<PostOut>> {
    let mentions = if posts.iter().any(|post| post.body_html.contains("data-member")) {
        state.store.forum_thread_mentions(thread.id).await?
    } else {
        Vec::new()
    };
    let visible = |id: i64| {
        mentions.iter().any(|(member, status, visibility)| {
            member.0 == id && may_see(actor, Some(*member), Some(status), Some(visibility))
        })
    };
    Ok(posts
        .iter()
        .map(|post| PostOut {
            id: post.id,
            thread_id: post.thread_id,
            author: post.author_name.clone(),
            author_profile: may_see(
                actor,
                post.author_id,
                post.author_status.as_deref(),
                post.author_visibility.as_deref(),
            )
            .then(|| format!("/members/{}", post.author_id.map_or(0, |id: UserId| id.0))),
            handle: post.author_handle.clone(),
            body: post.body.clone(),
            body_html: text::show_mentions(&post.body_html, visible),
            helpful: post.helpful,
            created_at: rfc3339(post.created_at),
            edited_at: post.edited_at.map(rfc3339),
            accepted: thread.accepted_post_id == Some(post.id),
            url: format!("/community/posts/{}", post.id),
        })
        .collect())
}

/// Post `id` as `actor` may see it.
pub(super) async fn post_out(state: &AppState, actor: &Actor, id: i64) -> AppResult<PostOut> {
    let (post, thread) = readable_post(state, actor, id).await?;
    let mut out = posts_out(state, actor, &thread, std::slice::from_ref(&post)).await?;
    out.pop().ok_or(AppError::NotFound)
}

/// `GET /api/v1/community/categories`: every category, in the forum's order.
#[utoipa::path(get, path = "/api/v1/community/categories", tag = "community",
    responses((status = 200, description = "The categories", body = [CategoryOut])))]
pub async fn list_categories(State(state): State<AppState>) -> AppResult<Json<Vec<CategoryOut>>> {
    let summaries = state.store.forum_category_summaries().await?;
    Ok(Json(
        summaries
            .into_iter()
            .map(|summary| {
                let category = summary.category;
                CategoryOut {
                    url: format!("/community/c/{}", category.slug),
                    slug: category.slug,
                    name: category.name_en,
                    name_ja: category.name_ja,
                    description: category.description_en,
                    description_ja: category.description_ja,
                    threads: summary.threads,
                    last_post_at: summary.last_post_at.map(rfc3339),
                }
            })
            .collect(),
    ))
}

/// `GET /api/v1/community/categories/{slug}/threads`: a page of a category's threads.
#[utoipa::path(get, path = "/api/v1/community/categories/{slug}/threads", tag = "community",
    params(("slug" = String, Path, description = "The category's address"), CursorQuery),
    responses(
        (status = 200, description = "Pinned threads first, then by latest activity, 30 a page", body = ThreadList),
        (status = 404, description = "No such category", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_threads(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(slug): Path<String>,
    Query(query): Query<CursorQuery>,
) -> AppResult<Json<ThreadList>> {
    let page = query.page(THREADS_PER_PAGE)?;
    let category = state.store.forum_category_by_slug(&slug).await?;
    let listed = state.store.forum_threads(category.id, auth.actor.user_id(), &page).await?;
    Ok(Json(ThreadList {
        threads: listed.items.iter().map(ThreadOut::of).collect(),
        next_cursor: listed.older.map(|cursor| cursor.to_string()),
    }))
}

/// `GET /api/v1/community/threads/{id}`: a thread with the first page of its posts.
#[utoipa::path(get, path = "/api/v1/community/threads/{id}", tag = "community",
    params(("id" = i64, Path, description = "The thread's id")),
    responses(
        (status = 200, description = "The thread and its first 50 posts", body = ThreadDetail),
        (status = 404, description = "No such thread", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show_thread(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
) -> AppResult<Json<ThreadDetail>> {
    let reader = auth.actor.user_id();
    let thread = readable_thread(&state, &auth.actor, id).await?;
    let listed =
        state.store.forum_posts_with_markdown(id, reader, &PageRequest::first(POSTS_PER_PAGE)).await?;
    let posts = posts_out(&state, &auth.actor, &thread, &listed.items).await?;
    let next_cursor = listed.older.map(|cursor| cursor.to_string());
    Ok(Json(ThreadDetail { thread: ThreadOut::of(&thread), posts, next_cursor }))
}

/// `GET /api/v1/community/threads/{id}/posts`: a page of a thread's posts.
#[utoipa::path(get, path = "/api/v1/community/threads/{id}/posts", tag = "community",
    params(("id" = i64, Path, description = "The thread's id"), CursorQuery),
    responses(
        (status = 200, description = "Posts oldest first, 50 a page", body = PostList),
        (status = 404, description = "No such thread", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_posts(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
    Query(query): Query<CursorQuery>,
) -> AppResult<Json<PostList>> {
    let page = query.page(POSTS_PER_PAGE)?;
    let reader = auth.actor.user_id();
    let thread = readable_thread(&state, &auth.actor, id).await?;
    let listed = state.store.forum_posts_with_markdown(id, reader, &page).await?;
    let posts = posts_out(&state, &auth.actor, &thread, &listed.items).await?;
    Ok(Json(PostList { posts, next_cursor: listed.older.map(|cursor| cursor.to_string()) }))
}

/// `GET /api/v1/community/posts/{id}`: one post.
#[utoipa::path(get, path = "/api/v1/community/posts/{id}", tag = "community",
    params(("id" = i64, Path, description = "The post's id")),
    responses(
        (status = 200, description = "The post", body = PostOut),
        (status = 404, description = "No such post", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show_post(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
) -> AppResult<Json<PostOut>> {
    Ok(Json(post_out(&state, &auth.actor, id).await?))
}
