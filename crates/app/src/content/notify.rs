//! Who is told about an editorial decision, for every kind of content: the editors
//! when something is submitted (or one of its authors comments), its authors when an
//! editor comments, asks for changes, publishes, unpublishes or archives it.

use altto_store::UserId;

use crate::{auth::Actor, content::workflow::Decision, error::AppResult, notifications, state::AppState};

/// What a decision was about: the document's title, its authors and the page where
/// its authors and editors open it.
pub struct About<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its authors' accounts.
    pub authors: &'a [UserId],
    /// Its editing page (a path on this site).
    pub link: &'a str,
    /// What the notices call it: `""` for a course (`notice-submitted`: "… submitted a
    /// course for review"), `writing_` for an article or post
    /// (`notice-writing_submitted`).
    pub events: &'static str,
}

/// Tells the people `decision` by `actor` concerns, with the note written with it.
pub async fn tell_about(
    state: &AppState,
    actor: &Actor,
    about: &About<'_>,
    decision: Decision,
    note: &str,
) -> AppResult<()> {
    let by_an_author = actor.user_id().is_some_and(|id| about.authors.contains(&id));
    let to = match decision {
        Decision::Save => return Ok(()),
        Decision::Submit => state.store.editor_ids().await?,
        Decision::Comment if by_an_author => {
            let mut to = state.store.editor_ids().await?;
            to.extend(about.authors);
            to
        }
        Decision::Comment
        | Decision::RequestChanges
        | Decision::Publish
        | Decision::Unpublish
        | Decision::Archive => about.authors.to_vec(),
    };
    let event = format!("{}{}", about.events, decision.event());
    let notice = notifications::Notice {
        event: &event,
        title: about.title,
        link: about.link,
        actor: actor.user(),
        note,
    };
    notifications::tell(state, &to, &notice).await
}
