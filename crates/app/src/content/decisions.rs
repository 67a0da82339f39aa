//! Making an editorial decision about any document, the same way for every kind of
//! content: [`check`] — the workflow's pure rules ([`workflow::decide`]) plus the checks
//! every kind makes (a comment or a request for changes says something; publishing is
//! of the revision the editor looked at) — and [`make`], which also applies it as the
//! store's one compare-and-swap with the note for the editorial conversation. What
//! each refusal is called is the caller's.

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

/// Publishes revision `revision_id`, just saved as the newest of `doc`, as an editor
/// would: for content loaded on a new site or imported with `--publish`. A refusal
/// means someone published, archived or saved it meanwhile: a conflict, like a
/// conflicting save.
pub async fn publish_saved(
    store: &Store,
    doc: DocumentRef,
    revision_id: i64,
    user_id: Option<UserId>,
) -> Result<(), StoreError> {
    let before = store.document(doc).await?.workflow();
    let deciding = Deciding {
        doc,
        before,
        seen: Some(revision_id),
        decision: Decision::Publish,
        powers: Powers { author: false, editor: true },
        user_id,
        note: "",
    };
    match make(store, deciding).await? {
        Ok(_) => Ok(()),
        Err(not_made) => Err(StoreError::Conflict(format!("cannot publish {doc}: {not_made:?}"))),
    }
}

/// Why a decision is refused before anything changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The actor may not make it at all.
    Forbidden,
    /// The document's state does not allow it now (the key says why).
    NotNow(&'static str),
    /// A comment or request for changes without a note.
    NoteRequired,
    /// Someone saved since the editor looked: publishing would publish something unseen.
    Stale,
}

/// The state after `decision` with `note` by someone with `powers`, when the form was
/// made from revision `looked_at`.
pub fn check(
    before: Workflow,
    decision: Decision,
    powers: Powers,
    note: &str,
    looked_at: Option<i64>,
) -> Result<Workflow, Refused> {
    let after = workflow::decide(before, decision, powers).map_err(|refusal| match refusal {
        Refusal::NotAllowed => Refused::Forbidden,
        refusal => Refused::NotNow(refusal.message_key()),
    })?;
    if matches!(decision, Decision::Comment | Decision::RequestChanges) && note.trim().is_empty() {
        return Err(Refused::NoteRequired);
    }
    if decision == Decision::Publish && looked_at != before.latest {
        return Err(Refused::Stale);
    }
    Ok(after)
}

#[cfg(test)]
mod tests {
    use altto_store::ReviewState;

    use super::*;

    const EDITOR: Powers = Powers { author: false, editor: true };
    const AUTHOR: Powers = Powers { author: true, editor: false };

    #[test]
    fn a_decision_needs_the_workflow_a_note_where_one_is_asked_and_the_revision_looked_at() {
        let review =
            Workflow { review: ReviewState::InReview, published: None, archived: false, latest: Some(2) };
        assert_eq!(check(review, Decision::Publish, AUTHOR, "", Some(2)), Err(Refused::Forbidden));
        assert_eq!(
            check(review, Decision::Submit, AUTHOR, "", None),
            Err(Refused::NotNow("workflow-in-review"))
        );
        assert_eq!(check(review, Decision::RequestChanges, EDITOR, " ", Some(2)), Err(Refused::NoteRequired));
        assert_eq!(check(review, Decision::Publish, EDITOR, "", Some(1)), Err(Refused::Stale));
        let published = check(review, Decision::Publish, EDITOR, "", Some(2)).unwrap();
        assert_eq!(published.published, Some(2));
    }
}
