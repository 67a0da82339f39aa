//! The forum: categories (admins manage them), threads with replies in members'
//! Markdown, quoting and @mentions (see [`text`]), edits with their history kept,
//! "helpful" reactions, pinned, locked and closed threads, questions with one accepted
//! answer shown first, "new since your last visit", and one discussion thread per
//! lesson, article and news post.
//!
//! Handlers are thin: the rules of who may do what are in `policy` (`can_post`,
//! `can_edit_post`, `can_mark_helpful`, `can_steer_thread`, `is_forum_moderator`), the
//! rules of the text in [`text`], storage in `altto_store::forum`.

mod about;
mod categories;
mod flags;
mod handle;
pub(crate) mod moderate;
pub(crate) mod notify;
mod pages;
pub mod posting;
mod refused;
mod show;
pub mod starter;
mod steer;
pub mod stitched;
pub mod text;
mod watch;
mod write;

use altto_store::{AccountStatus, NewPost, PostView, Store, Thread, UserId, Visibility};

use crate::{
    auth::Actor,
    content::markdown::{self, Members, Problem, Profile},
    error::{AppError, AppResult},
    i18n::Lang,
    policy::{self, Action},
    state::AppState,
    web::{forms::FormState, routes::Routes},
};

/// Threads per page of a category.
pub const THREADS_PER_PAGE: i64 = 30;
/// Posts per page of a thread.
pub const POSTS_PER_PAGE: i64 = 50;
/// Longest title, in characters.
pub const MAX_TITLE: usize = 150;
/// Longest post, in characters: a long answer fits, a pasted book does not.
pub const MAX_BODY: usize = 20_000;
/// The most links a post by a trusted member may have (see
/// [`posting::NEW_MEMBER_MAX_LINKS`] for the others).
pub const MAX_LINKS: usize = 10;

pub use moderate::MAX_REASON;
pub use show::VISITOR_PAGE_FRESH;

/// How long the same post sent again counts as a double submit (and is not saved twice).
pub const DOUBLE_SUBMIT_MS: i64 = 10 * 60 * 1000;

/// The forum's routes.
pub fn routes() -> Routes {
    use Action::{ManageCategories, ModerateForum, PostInForum, ReadPublic};
    Routes::new()
        .get("/community", ReadPublic, pages::show_forum)
        .get("/community/c/{slug}", ReadPublic, pages::show_category)
        .post("/community/c/{slug}/watch", PostInForum, watch::watch_category)
        .get_cached("/community/t/{id}", ReadPublic, show::show_thread)
        .get("/community/posts/{id}", ReadPublic, pages::find_post)
        .get("/community/posts/{id}/history", ReadPublic, pages::post_history)
        .get("/community/new", PostInForum, write::new_thread)
        .post("/community/threads", PostInForum, write::create_thread)
        .post("/community/t/{id}/replies", PostInForum, write::reply)
        .get("/community/posts/{id}/edit", PostInForum, write::edit_post)
        .post("/community/posts/{id}/edit", PostInForum, write::save_post)
        .post("/community/posts/{id}/helpful", PostInForum, steer::toggle_helpful)
        .post("/community/t/{id}/close", PostInForum, steer::close_thread)
        .post("/community/t/{id}/accept", PostInForum, steer::accept_answer)
        .post("/community/t/{id}/moderate", ModerateForum, steer::moderate_thread)
        .get("/community/posts/{id}/flag", PostInForum, flags::edit_flag)
        .post("/community/posts/{id}/flag", PostInForum, flags::submit_flag)
        .post("/community/posts/{id}/moderate", ModerateForum, moderate::moderate_post)
        .post("/community/t/{id}/move", ModerateForum, moderate::move_thread)
        .post("/community/t/{id}/merge", ModerateForum, moderate::merge_thread)
        .get("/community/t/{id}/split", ModerateForum, moderate::edit_split)
        .post("/community/t/{id}/split", ModerateForum, moderate::split_thread)
        .get("/community/categories", ManageCategories, categories::list_categories)
        .post("/community/categories", ManageCategories, categories::add_category)
        .post("/community/categories/{id}", ManageCategories, categories::update_category)
        .get("/community/handle", PostInForum, handle::edit_handle)
        .post("/community/handle", PostInForum, handle::save_handle)
        .get("/community/about/lesson/{slug}/{lesson}", ReadPublic, about::show_lesson_discussion)
        .post("/community/about/lesson/{slug}/{lesson}", PostInForum, about::post_about_lesson)
        .get("/community/about/{shelf}/{slug}", ReadPublic, about::show_text_discussion)
        .post("/community/about/{shelf}/{slug}", PostInForum, about::post_about_text)
}

/// A category's (or anything's) name in `lang`: the Japanese one when there is one.
pub fn in_lang<'a>(lang: Lang, en: &'a str, ja: &'a str) -> &'a str {
    if lang == Lang::Ja && !ja.trim().is_empty() { ja } else { en }
}

/// Thread `id` as `actor` may open it: a thread merged into another, or one whose
/// opening post waits or is hidden, is "not found" to anyone but its starter and the
/// moderators — on the pages and in the API alike (the thread page sends a merged
/// thread's readers on before asking).
pub async fn readable_thread(state: &AppState, actor: &Actor, id: i64) -> AppResult<Thread> {
    let thread = state.store.forum_thread(id, actor.user_id()).await?;
    if thread.merged_into.is_some() || !policy::can_read_thread(actor, thread.author_id, thread.listed) {
        return Err(AppError::NotFound);
    }
    Ok(thread)
}

/// Post `id` and its thread as `actor` may read them: a waiting or hidden post is "not
/// found" to anyone but its writer and the moderators, and so is any post of a thread
/// they may not open.
pub async fn readable_post(state: &AppState, actor: &Actor, id: i64) -> AppResult<(PostView, Thread)> {
    let post = state.store.forum_post(id, actor.user_id()).await?;
    if !policy::can_read_post(actor, post.author_id, &post.state) {
        return Err(AppError::NotFound);
    }
    let thread = readable_thread(state, actor, post.thread_id).await?;
    Ok((post, thread))
}

/// Whether the reader may see the profile of a post's author (as stored with it).
pub fn may_see(actor: &Actor, id: Option<UserId>, status: Option<&str>, visibility: Option<&str>) -> bool {
    let (Some(id), Some(status), Some(visibility)) =
        (id, status.and_then(AccountStatus::parse), visibility.and_then(Visibility::parse))
    else {
        return false;
    };
    policy::can_view_member(actor, id, status, visibility)
}

/// The members' Markdown profile of this site, with a link limit of `links`.
fn profile(state: &AppState, links: usize) -> Profile {
    Profile::Members(Members::for_site(state.settings.public_url.as_deref()).with_link_limit(links))
}

/// Checks the body of a post (field `field` of `form`) by a member who is `trusted`
/// or not (fewer links until they are), normalised; `None` when it is refused (the
/// reason marked on the field).
pub fn check_body(
    state: &AppState,
    raw: &str,
    field: &'static str,
    form: &mut FormState,
    trusted: bool,
) -> Option<String> {
    let body = raw.replace("\r\n", "\n").trim().to_owned();
    form.keep(field, body.clone());
    let links = if trusted { MAX_LINKS } else { posting::NEW_MEMBER_MAX_LINKS };
    let problem = if body.is_empty() {
        Some("forum-error-body-empty")
    } else if body.chars().count() > MAX_BODY {
        Some("forum-error-body-long")
    } else if text::mention_count(&body) > text::MAX_MENTIONS {
        Some("forumapi-error-mentions")
    } else {
        match markdown::check(&body, &profile(state, links)) {
            Ok(()) => None,
            Err(Problem::TooManyLinks { .. }) if trusted => Some("forum-error-body-links"),
            Err(Problem::TooManyLinks { .. }) => Some("forumapi-error-links-new"),
            Err(_) => Some("forum-error-body-complex"),
        }
    };
    match problem {
        Some(key) => {
            form.fail(field, key);
            None
        }
        None => Some(body),
    }
}

/// The post `body` (already checked) by `poster`, rendered with its mentions marked,
/// waiting for a moderator if the poster's posts are held: the author gets a handle if
/// they have none, so others can mention them back. A member who blocked the author is
/// neither marked (linked) nor notified by their mention; the text stays as written.
pub async fn prepare_post(
    state: &AppState,
    poster: &posting::Poster<'_>,
    body: String,
) -> AppResult<NewPost> {
    let author = poster.user;
    ensure_handle(&state.store, author).await?;
    let handles = text::mentioned_handles(&body);
    let members: Vec<(i64, String)> = if handles.is_empty() {
        Vec::new()
    } else {
        let blockers = state.store.blockers_of(author.id).await?;
        state
            .store
            .members_by_handles(&handles)
            .await?
            .into_iter()
            .filter(|(id, _)| !blockers.contains(id))
            .map(|(id, h)| (id.0, h))
            .collect()
    };
    let profile = profile(state, MAX_LINKS);
    let source = body.clone();
    let html = state.markdown.run(move || markdown::render(&source, &profile)).await?;
    let body_html = text::mark_mentions(&html, &members);
    // Only what was marked counts: a handle inside code or a link mentions no one.
    let mentions = members
        .iter()
        .filter(|(id, _)| body_html.contains(&format!("data-member=\"{id}\"")))
        .map(|(id, _)| UserId(*id))
        .filter(|id| *id != author.id)
        .collect();
    Ok(NewPost { author: author.id, body, body_html, mentions, waiting: poster.held })
}

/// `user`'s handle, made from their display name the first time.
pub async fn ensure_handle(store: &Store, user: &altto_store::User) -> AppResult<String> {
    Ok(store.ensure_member_handle(user.id, &text::handle_from_name(&user.display_name)).await?)
}
