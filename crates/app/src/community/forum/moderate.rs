//! What moderators do to posts and threads (the routes' action, `ModerateForum`,
//! checks who may): approve or reject a waiting post, hide a post with a reason or
//! restore it, keep a flagged post (dismissing its flags), move a thread to another
//! category, merge it into another thread, and split chosen posts into a new thread.
//! Each change is one store transaction and one line of the audit log; bad input is a
//! clear message and changes nothing.

use altto_store::{
    NewAuditEntry, POST_HIDDEN, POST_PUBLISHED, POST_WAITING, StoreError, ThreadSplit, UserId,
};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{MAX_TITLE, in_lang};
use crate::{
    auth::RequestAuth,
    error::{AppError, AppResult},
    state::AppState,
    web::{
        Ctx,
        forms::{FormState, Pairs, clean_text, field},
    },
};

/// The longest reason a moderator may give, in characters.
pub const MAX_REASON: usize = 500;
/// The most posts the split page lists.
const SPLIT_LIST: i64 = 200;

/// Writes `action` by the moderator to the audit log, about `subject`'s account.
pub(crate) async fn log(
    state: &AppState,
    auth: &RequestAuth,
    action: &str,
    subject: Option<UserId>,
    detail: &str,
) -> AppResult<()> {
    let entry = NewAuditEntry {
        actor_id: auth.actor.user_id(),
        action,
        subject_id: subject,
        detail,
        ip: &auth.client_ip,
    };
    Ok(state.store.audit(entry).await?)
}

/// The moderator's reason (field `reason`): required, at most [`MAX_REASON`] characters.
pub(crate) fn reason(pairs: &Pairs) -> AppResult<String> {
    match clean_text(field(pairs, "reason"), MAX_REASON) {
        None => Err(AppError::BadInput("moderation-reason-long")),
        Some(text) if text.is_empty() => Err(AppError::BadInput("moderation-reason-needed")),
        Some(text) => Ok(text),
    }
}

/// `POST /community/posts/{id}/moderate`: `action` is `approve` or `reject` (a waiting
/// post), `hide` (with `reason`), `restore` (a hidden post) or `keep` (dismiss its
/// flags). `back=review` returns to the review queue, otherwise to the post.
pub async fn moderate_post(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let moderator = auth.actor.user().ok_or(AppError::Forbidden)?;
    let post = state.store.forum_post(id, None).await?;
    let at = format!("post {id} in thread {}", post.thread_id);
    let (action, detail) = match field(&pairs, "action") {
        "approve" => {
            if post.state != POST_WAITING {
                return Err(AppError::BadInput("moderation-not-waiting"));
            }
            state.store.set_forum_post_state(id, POST_PUBLISHED, "", moderator.id).await?;
            super::notify::approved(&state, id).await;
            ("forum_post_approved", at)
        }
        "reject" => {
            if post.state != POST_WAITING {
                return Err(AppError::BadInput("moderation-not-waiting"));
            }
            let reason = reason(&pairs)?;
            state.store.set_forum_post_state(id, POST_HIDDEN, &reason, moderator.id).await?;
            ("forum_post_rejected", format!("{at}: {reason}"))
        }
        "hide" => {
            let reason = reason(&pairs)?;
            state.store.set_forum_post_state(id, POST_HIDDEN, &reason, moderator.id).await?;
            ("forum_post_hidden", format!("{at}: {reason}"))
        }
        "restore" => {
            if post.state != POST_HIDDEN {
                return Err(AppError::BadInput("moderation-not-hidden"));
            }
            state.store.set_forum_post_state(id, POST_PUBLISHED, "", moderator.id).await?;
            ("forum_post_restored", at)
        }
        "keep" => {
            state.store.resolve_reports("post", id, moderator.id).await?;
            ("forum_flags_dismissed", at)
        }
        _ => return Err(AppError::BadInput("forum-error-bad-request")),
    };
    log(&state, &auth, action, post.author_id, &detail).await?;
    let back = if field(&pairs, "back") == "review" {
        "/community/review".to_owned()
    } else {
        format!("/community/posts/{id}")
    };
    Ok(Redirect::to(&back).into_response())
}

/// The thread `id`, which a moderator may move, merge or split: a thread of a category
/// (a discussion stays with its lesson or article) that was not merged away.
async fn movable(state: &AppState, id: i64) -> AppResult<altto_store::Thread> {
    let thread = state.store.forum_thread(id, None).await?;
    if thread.merged_into.is_some() {
        return Err(AppError::NotFound);
    }
    if thread.category_id.is_none() {
        return Err(AppError::BadInput("moderation-discussion-stays"));
    }
    Ok(thread)
}

/// `POST /community/t/{id}/move`: `category` is the address of the category to move to.
pub async fn move_thread(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let thread = movable(&state, id).await?;
    let slug = field(&pairs, "category").trim();
    let category = match state.store.forum_category_by_slug(slug).await {
        Ok(category) => category,
        Err(StoreError::NotFound) => return Err(AppError::BadInput("forum-error-category")),
        Err(err) => return Err(err.into()),
    };
    if thread.category_id != Some(category.id) {
        state.store.move_forum_thread(id, category.id).await?;
        let detail = format!("thread {id} ({}) to {}", thread.title, category.slug);
        log(&state, &auth, "forum_thread_moved", thread.author_id, &detail).await?;
    }
    Ok(Redirect::to(&format!("/community/t/{id}")).into_response())
}

/// The thread a moderator named by its number or its address (`/community/t/12`, with
/// or without the site, a page or an anchor).
pub fn thread_named(text: &str) -> Option<i64> {
    let text = text.trim();
    let rest = match text.rfind("/community/t/") {
        Some(at) => &text[at + "/community/t/".len()..],
        None => text,
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = &rest[digits.len()..];
    if !(after.is_empty() || after.starts_with(['?', '#', '/'])) {
        return None;
    }
    digits.parse().ok().filter(|id| *id > 0)
}

/// `POST /community/t/{id}/merge`: `into` names the thread to merge this one into.
pub async fn merge_thread(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let thread = movable(&state, id).await?;
    let into = thread_named(field(&pairs, "into")).ok_or(AppError::BadInput("moderation-merge-target"))?;
    if into == id {
        return Err(AppError::BadInput("moderation-merge-itself"));
    }
    let target = match state.store.forum_thread(into, None).await {
        Ok(target) if target.merged_into.is_none() => target,
        Ok(_) | Err(StoreError::NotFound) => return Err(AppError::BadInput("moderation-merge-target")),
        Err(err) => return Err(err.into()),
    };
    match state.store.merge_forum_thread(id, target.id).await {
        Ok(()) => {}
        Err(StoreError::NotFound | StoreError::Conflict(_)) => {
            return Err(AppError::BadInput("moderation-merge-target"));
        }
        Err(err) => return Err(err.into()),
    }
    let detail = format!("thread {id} ({}) into thread {into} ({})", thread.title, target.title);
    log(&state, &auth, "forum_thread_merged", thread.author_id, &detail).await?;
    Ok(Redirect::to(&format!("/community/t/{into}")).into_response())
}

/// One post on the split page.
pub struct SplitRow {
    id: i64,
    author: String,
    excerpt: String,
}

/// `/community/t/{id}/split`.
#[derive(Template)]
#[template(path = "community/forum_split.html")]
pub struct SplitPage {
    ctx: Ctx,
    thread_id: i64,
    title: String,
    posts: Vec<SplitRow>,
    /// (address, name) of every category.
    categories: Vec<(String, String)>,
    form: FormState,
}

impl SplitPage {
    fn chosen(&self, id: &i64) -> bool {
        self.form.value("posts").split(',').any(|chosen| chosen == id.to_string())
    }
}

async fn split_page(
    state: &AppState,
    auth: &RequestAuth,
    ctx: &Ctx,
    thread: &altto_store::Thread,
    form: FormState,
) -> AppResult<SplitPage> {
    let request = altto_store::PageRequest::first(SPLIT_LIST);
    let page = state.store.forum_posts_seen_by(thread.id, auth.actor.user_id(), true, &request).await?;
    let mut posts = Vec::new();
    for post in page.items {
        let full = state.store.forum_post(post.id, None).await?;
        posts.push(SplitRow {
            id: post.id,
            author: post.author_name.unwrap_or_else(|| ctx.t("forum-former-member")),
            excerpt: full.body.chars().take(200).collect(),
        });
    }
    let categories = state
        .store
        .forum_categories()
        .await?
        .into_iter()
        .map(|category| {
            let name = in_lang(ctx.lang, &category.name_en, &category.name_ja).to_owned();
            (category.slug, name)
        })
        .collect();
    Ok(SplitPage {
        ctx: ctx.clone(),
        thread_id: thread.id,
        title: thread.title.clone(),
        posts,
        categories,
        form,
    })
}

/// `GET /community/t/{id}/split`: the posts, to choose the ones that move.
pub async fn edit_split(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let thread = movable(&state, id).await?;
    let mut form = FormState::new();
    form.keep("category", thread.category_slug.clone().unwrap_or_default());
    Ok(ctx.render(&split_page(&state, &auth, &ctx, &thread, form).await?))
}

/// `POST /community/t/{id}/split`: `post` (repeated) are the posts that move into a
/// new thread titled `title` in the category `category`.
pub async fn split_thread(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let thread = movable(&state, id).await?;
    let mut form = FormState::new();
    let posts: Vec<i64> =
        pairs.iter().filter(|(name, _)| name == "post").filter_map(|(_, value)| value.parse().ok()).collect();
    form.keep("posts", posts.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
    if posts.is_empty() {
        form.fail("posts", "moderation-split-none");
    }
    let title = field(&pairs, "title").trim().to_owned();
    form.keep("title", title.clone());
    if title.is_empty() {
        form.fail("title", "forum-error-title-empty");
    } else if title.chars().count() > MAX_TITLE {
        form.fail("title", "forum-error-title-long");
    }
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
    let split = match category {
        Some(category) if !form.has_errors() => {
            let split = ThreadSplit { from: id, posts: posts.clone(), category_id: category.id, title };
            match state.store.split_forum_thread(&split).await {
                Ok(new) => Some(new),
                Err(StoreError::Conflict(_)) => {
                    form.fail("posts", "moderation-split-none");
                    None
                }
                Err(err) => return Err(err.into()),
            }
        }
        _ => None,
    };
    let Some(new) = split else {
        let page = split_page(&state, &auth, &ctx, &thread, form).await?;
        return Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    let moved = posts.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    let detail = format!("posts {moved} of thread {id} ({}) into thread {new}", thread.title);
    log(&state, &auth, "forum_thread_split", thread.author_id, &detail).await?;
    Ok(Redirect::to(&format!("/community/t/{new}")).into_response())
}

#[cfg(test)]
mod tests {
    use super::thread_named;

    #[test]
    fn a_thread_is_named_by_its_number_or_its_address() {
        assert_eq!(thread_named("12"), Some(12));
        assert_eq!(thread_named(" /community/t/34 "), Some(34));
        assert_eq!(thread_named("https://altto.example/community/t/56?after=3#post-9"), Some(56));
        assert_eq!(thread_named("/community/t/7/split"), Some(7));
        assert_eq!(thread_named(""), None);
        assert_eq!(thread_named("twelve"), None);
        assert_eq!(thread_named("12abc"), None);
        assert_eq!(thread_named("0"), None);
    }
}
