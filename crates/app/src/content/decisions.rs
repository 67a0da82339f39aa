//! The checks every kind of content makes before an editorial decision changes
//! anything, beyond the workflow's own rules: a comment or a request for changes says
//! something, and publishing is of the revision the editor looked at. Pure, so courses
//! and the library decide alike; what each refusal is called is the caller's.

use altto_store::Workflow;

use super::workflow::{self, Decision, Refusal};
use crate::policy::Powers;

/// Why a decision was not made.
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
