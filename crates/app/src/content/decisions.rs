//! Making a workflow decision about any document: the pure rules ([`workflow::decide`])
//! applied by the store as one compare-and-swap, with the note for the editorial
//! conversation. Each kind of content's pages call this, then say what happened in
//! their own words.

use altto_store::{DocumentRef, NewReviewNote, Store, StoreError, UserId, Workflow};

use super::workflow::{self, Decision, Refusal};
use crate::policy::Powers;

/// Why a decision was not made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotMade {
    /// The workflow does not allow it now (or this actor at all).
    Refused(Refusal),
    /// The document changed since the person deciding looked at it: for publishing,
    /// a revision was saved after the one they saw; for anything, someone else decided
    /// or saved meanwhile.
    Stale,
}

/// A decision someone is making about a document.
#[derive(Clone, Copy, Debug)]
pub struct Deciding<'a> {
    /// The document.
    pub doc: DocumentRef,
    /// Its state when they looked at it.
    pub before: Workflow,
    /// The newest revision they saw (what publishing publishes).
    pub seen: Option<i64>,
    /// What they decide.
    pub decision: Decision,
    /// Their powers over the document.
    pub powers: Powers,
    /// Who they are.
    pub user_id: Option<UserId>,
    /// Their note for the conversation.
    pub note: &'a str,
}

/// Makes the decision if the workflow allows it, as one compare-and-swap with its
/// note. Publishing is of the revision they looked at: a save since then is news, and
/// the answer is [`NotMade::Stale`].
pub async fn make(store: &Store, deciding: Deciding<'_>) -> Result<Result<Workflow, NotMade>, StoreError> {
    let Deciding { doc, before, seen, decision, powers, user_id, note } = deciding;
    let after = match workflow::decide(before, decision, powers) {
        Ok(after) => after,
        Err(refusal) => return Ok(Err(NotMade::Refused(refusal))),
    };
    if decision == Decision::Publish && seen != before.latest {
        return Ok(Err(NotMade::Stale));
    }
    let note = NewReviewNote { revision_id: before.latest, user_id, event: decision.event(), body: note };
    match store.apply_workflow(doc, before, after, note).await {
        Ok(()) => Ok(Ok(after)),
        Err(StoreError::Conflict(_)) => Ok(Err(NotMade::Stale)),
        Err(err) => Err(err),
    }
}
