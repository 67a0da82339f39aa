//! Who the forum tells about what, through [`notifications::tell`] (a notice in the
//! site and a mail): the thread's author about replies, members about mentions of them
//! (at most [`super::text::MAX_MENTIONS`] a post), and the asker and the answer's
//! writer about an accepted answer. A member mentioned in a reply to their own thread
//! is told once, about the mention. Edits tell no one: changing a post is no reason to
//! mail people again. Nobody is told about their own act.
//!
//! A new thread in a category tells the members who watch it (`forum_watched`; by
//! default in their digest), except those its first post mentions, who are told about
//! the mention. A discussion under a lesson or article is in no category: nobody
//! watches it.
//!
//! A post waiting for a moderator tells no one until it is approved ([`approved`]).
//!
//! The post is saved before anyone is told; a failure to tell is logged and does not
//! undo or refuse it.

use altto_store::{Thread, User, UserId};

use crate::{
    notifications::{self, Notice},
    state::AppState,
};

/// Tells `to` about `event` on thread `title` at `link`, logging a failure.
async fn tell(state: &AppState, to: &[UserId], event: &str, title: &str, link: &str, actor: &User) {
    if to.is_empty() {
        return;
    }
    let notice = Notice { event, title, link, actor: Some(actor), note: "" };
    if let Err(err) = notifications::tell(state, to, &notice).await {
        tracing::warn!(error = %err, event, "could not tell members about a forum post");
    }
}

/// After `actor` wrote post `post_id` in `thread` (its first post when `thread` is
/// `None`, titled `title`), mentioning `mentions`.
pub async fn posted(
    state: &AppState,
    actor: &User,
    thread: Option<&Thread>,
    title: &str,
    post_id: i64,
    mentions: &[UserId],
) {
    // A post waiting for a moderator tells no one yet: [`approved`] does, later.
    match state.store.forum_post(post_id, None).await {
        Ok(post) if post.published() => {}
        Ok(_) => return,
        Err(err) => {
            tracing::warn!(error = %err, post_id, "could not read a forum post to tell members about it");
            return;
        }
    }
    let link = format!("/community/posts/{post_id}");
    tell(state, mentions, "forum_mention", title, &link, actor).await;
    if let Some(author) =
        thread.and_then(|thread| thread.author_id).filter(|author| !mentions.contains(author))
    {
        tell(state, &[author], "forum_reply", title, &link, actor).await;
    }
    if thread.is_none() {
        started(state, actor, title, post_id, mentions).await;
    }
}

/// After `actor` started a thread titled `title` with post `post_id`: its category's
/// watchers are told, a failure logged.
async fn started(state: &AppState, actor: &User, title: &str, post_id: i64, mentions: &[UserId]) {
    let watchers = async {
        let post = state.store.forum_post(post_id, None).await?;
        let thread = state.store.forum_thread(post.thread_id, None).await?;
        match thread.category_id {
            Some(category) => state.store.forum_category_watchers(category).await,
            None => Ok(Vec::new()),
        }
    };
    match watchers.await {
        Ok(watchers) => {
            let to: Vec<UserId> = watchers.into_iter().filter(|id| !mentions.contains(id)).collect();
            let link = format!("/community/posts/{post_id}");
            tell(state, &to, "forum_watched", title, &link, actor).await;
        }
        Err(err) => tracing::warn!(error = %err, "could not find who watches a new thread's category"),
    }
}

/// After a moderator approved the waiting post `post_id`: its mentions and the reply
/// are told now, as if it had just been written.
pub async fn approved(state: &AppState, post_id: i64) {
    let told = async {
        let post = state.store.forum_post(post_id, None).await?;
        let Some(author) = post.author_id else { return Ok(()) };
        let writer = state.store.user(author).await?;
        let thread = state.store.forum_thread(post.thread_id, None).await?;
        let mentions = state.store.forum_post_mentions(post_id).await?;
        let replied = (thread.first_post_id != post_id).then_some(&thread);
        posted(state, &writer, replied, &thread.title, post_id, &mentions).await;
        Ok::<_, altto_store::StoreError>(())
    };
    if let Err(err) = told.await {
        tracing::warn!(error = %err, post_id, "could not tell members about an approved forum post");
    }
}

/// After `actor` accepted post `post_id`, written by `writer`, as the answer to `thread`.
pub async fn accepted(state: &AppState, actor: &User, thread: &Thread, post_id: i64, writer: Option<UserId>) {
    let link = format!("/community/posts/{post_id}");
    let to: Vec<UserId> = thread.author_id.into_iter().chain(writer).collect();
    tell(state, &to, "forum_accepted", &thread.title, &link, actor).await;
}
