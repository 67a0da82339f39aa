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
//! What a new post tells is saved in the post's own transaction: the post, its notices
//! and its mails are one commit, saved together or not at all. Whom to tell is read
//! before; a failure to read it is logged and the post is saved telling nobody.

use altto_store::{NEW_POST, StoreError, Thread, Tidings, User, UserId};

use crate::{
    notifications::{self, Audience, Notice},
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

/// Who a new post tells, read before it is saved; what they are told is saved in the
/// post's own transaction ([`Told::tidings`], made before the post has its id).
#[derive(Default)]
pub struct Told {
    mentioned: Option<Audience>,
    thread_author: Option<Audience>,
    watchers: Option<Audience>,
}

/// Who a post by `actor` tells: in `thread` (`None`: it starts a thread, in
/// `category` if any), mentioning `mentions`, `waiting` for a moderator or not. A
/// failure to read them is logged: the post is saved and tells nobody.
pub async fn told(
    state: &AppState,
    actor: &User,
    thread: Option<&Thread>,
    category: Option<i64>,
    mentions: &[UserId],
    waiting: bool,
) -> Told {
    // A post waiting for a moderator tells no one yet: [`approved`] does, later.
    if waiting {
        return Told::default();
    }
    let read = async {
        let mentioned = notifications::audience(state, mentions, Some(actor)).await?;
        let author = thread.and_then(|thread| thread.author_id).filter(|author| !mentions.contains(author));
        let thread_author = notifications::audience(state, author.as_slice(), Some(actor)).await?;
        let watchers = match (thread, category) {
            (None, Some(category)) => {
                let watching = state.store.forum_category_watchers(category).await?;
                let to: Vec<UserId> = watching.into_iter().filter(|id| !mentions.contains(id)).collect();
                Some(notifications::audience(state, &to, Some(actor)).await?)
            }
            _ => None,
        };
        Ok::<_, crate::error::AppError>(Told {
            mentioned: Some(mentioned),
            thread_author: Some(thread_author),
            watchers,
        })
    };
    read.await.unwrap_or_else(|err| {
        tracing::warn!(error = %err, "could not find whom a forum post tells");
        Told::default()
    })
}

impl Told {
    /// What the new post by `actor` in the thread titled `title` tells, with
    /// [`NEW_POST`] standing for its id (the store puts the id in).
    pub fn tidings(&self, state: &AppState, actor: &User, title: &str) -> Tidings {
        let link = format!("/community/posts/{NEW_POST}");
        let mut tidings = Tidings::default();
        for (audience, event) in [
            (&self.mentioned, "forum_mention"),
            (&self.thread_author, "forum_reply"),
            (&self.watchers, "forum_watched"),
        ] {
            if let Some(audience) = audience {
                let notice = Notice { event, title, link: &link, actor: Some(actor), note: "" };
                tidings.extend(audience.tidings(state, &notice));
            }
        }
        tidings
    }

    /// After the post was saved: wakes the mail worker if it may have mail to send.
    pub fn saved(&self, state: &AppState) {
        let anyone = [&self.mentioned, &self.thread_author, &self.watchers]
            .into_iter()
            .flatten()
            .any(|audience| audience.ids().next().is_some());
        if anyone {
            state.mailer.wake();
        }
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
        let (replied, category) = match thread.first_post_id == post_id {
            true => (None, thread.category_id),
            false => (Some(&thread), None),
        };
        let told = told(state, &writer, replied, category, &mentions, false).await;
        state.store.tell(&told.tidings(state, &writer, &thread.title).for_post(post_id)).await?;
        told.saved(state);
        Ok::<_, StoreError>(())
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
