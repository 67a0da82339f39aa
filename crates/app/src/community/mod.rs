//! The community: where teachers across Japan share ideas, problems and solutions.
//! So far the forum ([`forum`]): categories, threads and replies, questions with an
//! accepted answer, and the discussion under every lesson, article and news post.
//!
//! Lessons and articles only *link* to their discussion (`/community/about/…`), a page
//! of its own: their pages stay the same for every visitor (and in the visitor page
//! cache) whoever posts. Nothing in `courses` or `library` imports this module.

pub mod forum;

use crate::web::routes::Routes;

/// The community's routes.
pub fn routes() -> Routes {
    forum::routes()
}

/// Makes sure a new site has the default forum categories (see [`forum::starter`]).
pub async fn load_once(store: &altto_store::Store) -> anyhow::Result<usize> {
    forum::starter::load_once(store).await
}
