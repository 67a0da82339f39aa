//! Reading the forum: its front page (the categories with their thread counts and
//! latest activity), a category's threads (pinned first, then by latest activity),
//! the way to one post, and a post's earlier versions.

use altto_store::{Category, CategorySummary, PostRevision, Thread};
use askama::Template;
use axum::{
    Extension,
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use fluent_templates::fluent_bundle::FluentValue;

use super::{THREADS_PER_PAGE, in_lang};
use crate::{
    auth::RequestAuth,
    error::{AppError, AppResult},
    policy,
    state::AppState,
    web::{
        Ctx,
        format::day_of,
        paging::{PageLinks, Paging},
    },
};

/// `/community`.
#[derive(Template)]
#[template(path = "community/forum_index.html")]
pub struct ForumPage {
    ctx: Ctx,
    categories: Vec<CategorySummary>,
    may_post: bool,
    may_manage: bool,
}

impl ForumPage {
    fn name<'a>(&self, category: &'a Category) -> &'a str {
        in_lang(self.ctx.lang, &category.name_en, &category.name_ja)
    }

    fn description<'a>(&self, category: &'a Category) -> &'a str {
        in_lang(self.ctx.lang, &category.description_en, &category.description_ja)
    }

    fn latest(&self, summary: &CategorySummary) -> String {
        summary.last_post_at.map(day_of).unwrap_or_default()
    }
}

/// `GET /community`.
pub async fn show_forum(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
) -> AppResult<Response> {
    let categories = state.store.forum_category_summaries().await?;
    let page = ForumPage {
        ctx: ctx.clone(),
        categories,
        may_post: auth.actor.user().is_some(),
        may_manage: policy::allows(&auth.actor, policy::Action::ManageCategories).is_ok(),
    };
    Ok(ctx.render(&page))
}

/// `/community/c/{slug}`.
#[derive(Template)]
#[template(path = "community/forum_category.html")]
pub struct CategoryPage {
    ctx: Ctx,
    category: Category,
    threads: Vec<Thread>,
    links: PageLinks,
    signed_in: bool,
    /// Whether the signed-in reader watches the category.
    watching: bool,
}

impl CategoryPage {
    fn name(&self) -> &str {
        in_lang(self.ctx.lang, &self.category.name_en, &self.category.name_ja)
    }

    fn description(&self) -> &str {
        in_lang(self.ctx.lang, &self.category.description_en, &self.category.description_ja)
    }

    fn latest(&self, thread: &Thread) -> String {
        day_of(thread.last_post_at)
    }

    /// Where a thread's link leads: for a member with posts to catch up on, the page
    /// that starts at the first post they have not seen.
    fn href(&self, thread: &Thread) -> String {
        match thread.last_read.filter(|_| self.unread(thread)) {
            Some(read) => format!("/community/t/{}?after={read}#new", thread.id),
            None => format!("/community/t/{}", thread.id),
        }
    }

    fn unread(&self, thread: &Thread) -> bool {
        thread.has_unread(self.signed_in)
    }

    fn replies(&self, thread: &Thread) -> String {
        let count = (thread.post_count - 1).max(0);
        self.ctx.lang.t_args("forum-replies", &[("count", FluentValue::from(count))])
    }
}

/// `GET /community/c/{slug}`.
pub async fn show_category(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    paging: Paging,
) -> AppResult<Response> {
    let category = state.store.forum_category_by_slug(&slug).await?;
    let reader = auth.actor.user_id();
    let page = state.store.forum_threads(category.id, reader, &paging.request(THREADS_PER_PAGE)).await?;
    let links = paging.links(&page, &[]);
    let watching = match reader {
        Some(reader) => state.store.watches_forum_category(category.id, reader).await?,
        None => false,
    };
    let page = CategoryPage {
        ctx: ctx.clone(),
        category,
        threads: page.items,
        links,
        signed_in: reader.is_some(),
        watching,
    };
    Ok(ctx.render(&page))
}

/// `GET /community/posts/{id}`: to the thread page that starts at this post.
pub async fn find_post(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (post, _) = super::readable_post(&state, &auth.actor, id).await?;
    // The page "after" the post before it starts with this post.
    Ok(Redirect::to(&format!("/community/t/{}?after={}#post-{id}", post.thread_id, id - 1)).into_response())
}

/// `/community/posts/{id}/history`.
#[derive(Template)]
#[template(path = "community/forum_history.html")]
pub struct HistoryPage {
    ctx: Ctx,
    post_id: i64,
    thread: Thread,
    current: String,
    revisions: Vec<PostRevision>,
}

impl HistoryPage {
    fn when(&self, millis: &i64) -> String {
        day_of(*millis)
    }
}

/// `GET /community/posts/{id}/history`: the post's text now and every earlier version,
/// newest first, as the Markdown its writer wrote.
pub async fn post_history(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (post, thread) = super::readable_post(&state, &auth.actor, id).await?;
    let revisions = state.store.forum_post_revisions(id).await?;
    if revisions.is_empty() && post.edited_at.is_none() {
        return Err(AppError::NotFound);
    }
    let page = HistoryPage { ctx: ctx.clone(), post_id: id, thread, current: post.body, revisions };
    Ok(ctx.render(&page))
}
