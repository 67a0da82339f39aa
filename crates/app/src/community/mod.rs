//! The community: where teachers across Japan share ideas, problems and solutions.
//!
//! - The forum ([`forum`]): categories, threads and replies, questions with an accepted
//!   answer, and the discussion under every lesson, article and news post.
//! - The teachers' directory ([`directory`]): members who chose to be listed, by
//!   prefecture, employer and school level.
//! - Private messages between members ([`messages`]), with blocking and reports, which
//!   only trusted members may start ([`trust`]).
//! - Shared resources ([`resources`]): files members share in threads, listed on a page
//!   of their own, with attachment limits for new members.
//! - Moderation ([`review`] and `forum`'s flags and moderator actions): the review
//!   queue of waiting posts, flags and reports, suspensions with a reason, and the
//!   moderators' part of the audit log.
//!
//! Lessons and articles only *link* to their discussion (`/community/about/…`), a page
//! of its own: their pages stay the same for every visitor (and in the visitor page
//! cache) whoever posts. Nothing in `courses` or `library` imports this module.

pub mod directory;
pub mod forum;
pub mod messages;
mod messages_new;
mod messages_safety;
pub mod resources;
pub mod review;
pub mod trust;

use crate::web::routes::Routes;

/// The community's routes.
pub fn routes() -> Routes {
    forum::routes()
        .merge(directory::routes())
        .merge(messages::routes())
        .merge(messages_safety::routes())
        .merge(resources::routes())
        .merge(review::routes())
}

/// Makes sure a new site has the default forum categories (see [`forum::starter`]).
pub async fn load_once(store: &altto_store::Store) -> anyhow::Result<usize> {
    forum::starter::load_once(store).await
}
