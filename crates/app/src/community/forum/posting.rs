//! Writing in the forum, the same for the forms and the JSON API: starting a thread,
//! replying and editing a post each run one function here, which checks the text
//! ([`check_body`]), the double submit, the posting limits and cross-posting, saves
//! through [`prepare_post`] and tells members. A refusal comes back as a [`Refusal`]
//! that the form shows as a message and the API as JSON.
//!
//! **Posting limits** (counted from the member's own recent posts, one indexed read,
//! no extra write): members who are not trusted yet ([`crate::community::trust`]) may
//! write [`NEW_MEMBER_LIMITS`] and put at most [`NEW_MEMBER_MAX_LINKS`] links in a
//! post; trusted members [`TRUSTED_LIMITS`] and [`super::MAX_LINKS`] links. Staff and
//! moderators have no posting limits (`policy::posts_without_limits`); a load test may
//! turn the rate limits off (`forum_posting_limits = false`, still counting them). The same text
//! posted in another thread within [`CROSS_POST_MS`] is refused as a cross-post.

use altto_store::{NewThread, PostView, RecentPost, StoreError, Thread, User};

use super::{MAX_TITLE, check_body, prepare_post};
use crate::{
    auth::{Actor, RequestAuth},
    community::{
        directory::prefecture_by_slug,
        trust::{self},
    },
    error::{AppError, AppResult},
    policy,
    state::AppState,
    web::forms::FormState,
};

/// At most `max` posts in any `window_ms`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PostLimit {
    /// Posts allowed in the window.
    pub max: usize,
    /// The window, in milliseconds.
    pub window_ms: i64,
}

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 86_400_000;

/// Members who are not trusted yet: 3 posts in 5 minutes, 20 a day.
pub const NEW_MEMBER_LIMITS: [PostLimit; 2] =
    [PostLimit { max: 3, window_ms: 5 * MINUTE_MS }, PostLimit { max: 20, window_ms: DAY_MS }];
/// Trusted members: 30 posts a minute, 300 a day (a person answering many questions
/// never meets it; a hijacked account cannot flood the forum).
pub const TRUSTED_LIMITS: [PostLimit; 2] =
    [PostLimit { max: 30, window_ms: MINUTE_MS }, PostLimit { max: 300, window_ms: DAY_MS }];
/// The most links in one post by a member who is not trusted yet.
pub const NEW_MEMBER_MAX_LINKS: usize = 2;
/// How long the same text posted in another thread counts as a cross-post.
pub const CROSS_POST_MS: i64 = DAY_MS;

/// Why a post was not saved (besides locked threads and missing things, which are
/// [`AppError`]s as everywhere).
#[derive(Debug)]
pub enum Refusal {
    /// Problems with the fields, each on its field.
    Invalid(FormState),
    /// Too many posts lately: the member may post again at this time (unix ms).
    TooFast {
        /// When the member may post again (unix ms).
        again_at: i64,
    },
    /// The same text was posted by the same member in this other thread a moment ago.
    CrossPost {
        /// The thread it is in.
        thread_id: i64,
    },
}

impl Refusal {
    /// Seconds until a member who posted too fast may post again.
    pub fn retry_after_secs(again_at: i64) -> u64 {
        u64::try_from((again_at - altto_store::now_millis() + 999) / 1000).unwrap_or(0).max(1)
    }
}

/// What a posting function answers: saved, or why not.
pub type Outcome<T> = AppResult<Result<T, Refusal>>;

/// The member who posts, with what the limits weigh.
pub struct Poster<'a> {
    /// The member.
    pub user: &'a User,
    /// The member as the policy sees them.
    pub actor: &'a Actor,
    /// Whether they are trusted (more links, higher limits).
    pub trusted: bool,
    /// Staff and moderators: no posting limits.
    pub exempt: bool,
    /// Whether their posts wait for a moderator: not trusted yet, and fewer than
    /// `forum_posts_held` of their posts approved.
    pub held: bool,
}

/// The signed-in member of `auth` as a poster (403 for a visitor, 409 for an address
/// not yet confirmed): one read of the trust facts, none for staff and moderators.
pub async fn poster<'a>(state: &AppState, auth: &'a RequestAuth) -> AppResult<Poster<'a>> {
    let user = super::write::poster(auth)?;
    let exempt = policy::posts_without_limits(&auth.actor);
    if exempt {
        return Ok(Poster { user, actor: &auth.actor, trusted: true, exempt, held: false });
    }
    let facts = state.store.trust_facts(user.id).await?;
    let trusted = trust::trust(user, &facts, altto_store::now_millis()).is_trusted();
    let held = !trusted && facts.accepted_posts < i64::from(state.settings.forum_posts_held);
    Ok(Poster { user, actor: &auth.actor, trusted, exempt, held })
}

/// When someone who wrote posts at `recent` (unix ms, newest first) may post again
/// under `limits` at `now`, if not now.
pub fn again_at(now: i64, recent: &[i64], limits: &[PostLimit]) -> Option<i64> {
    limits
        .iter()
        .filter_map(|limit| {
            let inside: Vec<i64> = recent.iter().copied().filter(|at| *at > now - limit.window_ms).collect();
            // The max-th newest leaving the window makes room for one more.
            (limit.max > 0 && inside.len() >= limit.max).then(|| inside[limit.max - 1] + limit.window_ms)
        })
        .max()
}

/// The limits `poster` posts under, if any.
fn limits_of(poster: &Poster<'_>) -> Option<&'static [PostLimit]> {
    match (poster.exempt, poster.trusted) {
        (true, _) => None,
        (false, true) => Some(&TRUSTED_LIMITS),
        (false, false) => Some(&NEW_MEMBER_LIMITS),
    }
}

/// What is weighed before `poster` posts `body`, each post with whether it has this
/// text: their posts of the limits' longest window (the limits, cross-posts), or of the
/// last moments for a poster without limits (the same reply sent twice).
async fn recent_posts(state: &AppState, poster: &Poster<'_>, body: &str) -> AppResult<Vec<RecentPost>> {
    let (window, most) = match limits_of(poster) {
        Some(limits) => (
            limits.iter().map(|l| l.window_ms).max().unwrap_or(0).max(CROSS_POST_MS),
            limits.iter().map(|l| l.max).max().unwrap_or(1),
        ),
        // As many as a trusted member may write in a day: more than anyone posts in
        // those moments.
        None => (super::DOUBLE_SUBMIT_MS, TRUSTED_LIMITS.iter().map(|l| l.max).max().unwrap_or(1)),
    };
    let since = altto_store::now_millis() - window.max(super::DOUBLE_SUBMIT_MS);
    Ok(state
        .store
        .recent_forum_posts_of(poster.user.id, since, body, i64::try_from(most).unwrap_or(i64::MAX))
        .await?)
}

/// The posting limits and the cross-post check for a post by `poster` whose `recent`
/// posts are those [`recent_posts`] read (to be posted in `thread`, `None` for a new
/// thread).
fn within_limits(
    state: &AppState,
    poster: &Poster<'_>,
    recent: &[RecentPost],
    thread: Option<i64>,
) -> Result<(), Refusal> {
    let Some(limits) = limits_of(poster) else { return Ok(()) };
    let now = altto_store::now_millis();
    let times: Vec<i64> = recent.iter().map(|post| post.created_at).collect();
    if let Some(again_at) = again_at(now, &times, limits)
        && state.settings.forum_posting_limits
    {
        return Err(Refusal::TooFast { again_at });
    }
    let cross = recent.iter().find(|post| {
        post.same_text && Some(post.thread_id) != thread && post.created_at > now - CROSS_POST_MS
    });
    match cross {
        Some(post) => Err(Refusal::CrossPost { thread_id: post.thread_id }),
        None => Ok(()),
    }
}

/// A new thread as a member writes it.
#[derive(Clone, Debug, Default)]
pub struct ThreadInput {
    /// The category's address.
    pub category: String,
    /// Title.
    pub title: String,
    /// The first post, in Markdown.
    pub body: String,
    /// A prefecture's address (`nagano`) for a local thread, or empty.
    pub prefecture: String,
    /// Whether it asks a question.
    pub is_question: bool,
}

/// A post saved, or found already saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posted {
    /// Its thread.
    pub thread_id: i64,
    /// The post (for a new thread, its first post; `None` when the same thread was
    /// sent twice and the first one stands).
    pub post_id: Option<i64>,
}

/// Starts a thread with its first post (a refused form keeps what was written).
pub async fn start_thread(state: &AppState, poster: &Poster<'_>, input: ThreadInput) -> Outcome<Posted> {
    let mut form = FormState::new();
    let slug = input.category.trim().to_owned();
    form.keep("category", slug.clone());
    let category = match state.store.forum_category_by_slug(&slug).await {
        Ok(category) => Some(category),
        Err(StoreError::NotFound) => {
            form.fail("category", "forum-error-category");
            None
        }
        Err(err) => return Err(err.into()),
    };
    let title = input.title.trim().to_owned();
    form.keep("title", title.clone());
    if title.is_empty() {
        form.fail("title", "forum-error-title-empty");
    } else if title.chars().count() > MAX_TITLE {
        form.fail("title", "forum-error-title-long");
    }
    let region = input.prefecture.trim().to_owned();
    form.keep("prefecture", region.clone());
    let prefecture = prefecture_by_slug(&region);
    if !region.is_empty() && prefecture.is_none() {
        form.fail("prefecture", "forum-error-prefecture");
    }
    form.keep("question", if input.is_question { "1" } else { "" });
    let body = check_body(state, &input.body, "body", &mut form, poster.trusted);
    let (Some(category), Some(body), false) = (category, body, form.has_errors()) else {
        return Ok(Err(Refusal::Invalid(form)));
    };
    let user = poster.user;
    let since = altto_store::now_millis() - super::DOUBLE_SUBMIT_MS;
    if let Some(thread_id) = state.store.recent_forum_thread_like(user.id, &title, &body, since).await? {
        return Ok(Ok(Posted { thread_id, post_id: None }));
    }
    let recent = recent_posts(state, poster, &body).await?;
    if let Err(refusal) = within_limits(state, poster, &recent, None) {
        return Ok(Err(refusal));
    }
    let post = prepare_post(state, poster, body).await?;
    let told = super::notify::told(state, user, None, Some(category.id), &post.mentions, post.waiting).await;
    let new = NewThread {
        category_id: Some(category.id),
        about: None,
        about_link: None,
        title,
        is_question: input.is_question,
        post,
        prefecture,
    };
    let (thread_id, post_id) =
        state.store.start_forum_thread(&new, &told.tidings(state, user, &new.title)).await?;
    told.saved(state);
    Ok(Ok(Posted { thread_id, post_id: Some(post_id) }))
}

/// Checks a reply (or a discussion's first post) `raw` by `poster` in `thread`
/// (`None`: a discussion not started yet): the text, then the limits. `Ok(Ok(Err(id)))`
/// is the same reply sent twice, already saved as post `id`.
pub async fn admit_reply(
    state: &AppState,
    poster: &Poster<'_>,
    thread: Option<&Thread>,
    raw: &str,
) -> AppResult<Result<Result<String, i64>, Refusal>> {
    let mut form = FormState::new();
    let Some(body) = check_body(state, raw, "body", &mut form, poster.trusted) else {
        return Ok(Err(Refusal::Invalid(form)));
    };
    // The same reply sent a moment ago (even with others' replies in between, and while
    // it waits for a moderator): the same form submitted twice saves one post.
    let recent = recent_posts(state, poster, &body).await?;
    let since = altto_store::now_millis() - super::DOUBLE_SUBMIT_MS;
    if let Some(thread) = thread
        && let Some(same) = recent
            .iter()
            .find(|post| post.same_text && post.thread_id == thread.id && post.created_at >= since)
    {
        return Ok(Ok(Err(same.id)));
    }
    Ok(within_limits(state, poster, &recent, thread.map(|t| t.id)).map(|()| Ok(body)))
}

/// Replies `raw` by `poster` in `thread`; the post's id (the earlier one when the
/// same reply was sent twice). A locked or closed thread is a 409.
pub async fn reply(state: &AppState, poster: &Poster<'_>, thread: &Thread, raw: &str) -> Outcome<i64> {
    // A merged thread, or one whose opening post waits or is hidden, is not there for
    // the poster unless they started it or moderate.
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
    let body = match admit_reply(state, poster, Some(thread), raw).await? {
        Ok(Ok(body)) => body,
        Ok(Err(same)) => return Ok(Ok(same)),
        Err(refusal) => return Ok(Err(refusal)),
    };
    let post = prepare_post(state, poster, body).await?;
    let told =
        super::notify::told(state, poster.user, Some(thread), None, &post.mentions, post.waiting).await;
    let tidings = told.tidings(state, poster.user, &thread.title);
    let post_id = match state.store.reply_in_forum_thread(thread.id, &post, &tidings).await {
        Ok(post_id) => post_id,
        Err(StoreError::Conflict(_)) => return Err(AppError::NotYet("forum-closed-notice")),
        Err(err) => return Err(err.into()),
    };
    told.saved(state);
    Ok(Ok(post_id))
}

/// The post `id` and its thread, if `auth` may edit it (else 403).
pub async fn editable(state: &AppState, auth: &RequestAuth, id: i64) -> AppResult<(PostView, Thread)> {
    let reader = auth.actor.user_id();
    let post = state.store.forum_post(id, reader).await?;
    let thread = state.store.forum_thread(post.thread_id, reader).await?;
    if !policy::can_edit_post(&auth.actor, post.author_id, thread.locked) {
        return Err(AppError::Forbidden);
    }
    Ok((post, thread))
}

/// Saves `raw` as the new text of `post` (edited by `editor`), keeping the old one.
/// Edits are not new posts: the link and mention rules apply, the rate limits do not.
pub async fn edit(state: &AppState, editor: &Poster<'_>, post: &PostView, raw: &str) -> Outcome<()> {
    let mut form = FormState::new();
    let Some(body) = check_body(state, raw, "body", &mut form, editor.trusted) else {
        return Ok(Err(Refusal::Invalid(form)));
    };
    if body != post.body {
        // Mentions are counted for the post's writer, whoever edits it.
        let mut new = prepare_post(state, editor, body).await?;
        new.mentions.retain(|member| Some(*member) != post.author_id);
        state.store.edit_forum_post(post.id, editor.user.id, &new).await?;
    }
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_000 * DAY_MS;

    #[test]
    fn a_new_member_may_write_three_posts_in_five_minutes() {
        let limits = &NEW_MEMBER_LIMITS;
        assert_eq!(again_at(NOW, &[], limits), None);
        assert_eq!(again_at(NOW, &[NOW - 1_000, NOW - 2_000], limits), None);
        let three = [NOW - 1_000, NOW - 2_000, NOW - 60_000];
        assert_eq!(
            again_at(NOW, &three, limits),
            Some(NOW - 60_000 + 5 * MINUTE_MS),
            "when the oldest leaves"
        );
        let earlier = [NOW - 1_000, NOW - 2_000, NOW - 5 * MINUTE_MS];
        assert_eq!(again_at(NOW, &earlier, limits), None, "a post exactly five minutes old no longer counts");
    }

    #[test]
    fn the_daily_limit_waits_for_the_twentieth_newest_post_to_be_a_day_old() {
        let day: Vec<i64> = (0..20).map(|i| NOW - 10 * MINUTE_MS - i * MINUTE_MS).collect();
        let oldest = day[19];
        assert_eq!(again_at(NOW, &day, &NEW_MEMBER_LIMITS), Some(oldest + DAY_MS));
        assert_eq!(again_at(NOW, &day[..19], &NEW_MEMBER_LIMITS), None);
        assert_eq!(again_at(NOW, &day, &TRUSTED_LIMITS), None, "trusted members write more");
    }

    #[test]
    fn the_later_of_two_limits_decides() {
        let limits = [PostLimit { max: 1, window_ms: 10 }, PostLimit { max: 1, window_ms: 100 }];
        assert_eq!(again_at(NOW, &[NOW - 5], &limits), Some(NOW - 5 + 100));
        assert!(Refusal::retry_after_secs(altto_store::now_millis() + 1_500) >= 1);
    }
}
