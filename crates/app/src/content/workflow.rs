//! The editorial workflow as a pure state machine, for every kind of content.
//!
//! A document's state has two parts kept apart: *publication* — which revision the
//! public sees, and whether the document is withdrawn (archived) — and *review state*
//! — what is happening to the newest draft (being written, in review, changes
//! requested). A decision moves the state by [`decide`], a pure function of (state,
//! decision, the actor's powers); who holds which power is the policy's business
//! ([`policy::may_decide`]). Only publishing, unpublishing and archiving change what the
//! public sees, so an archived course stays withdrawn whatever happens to its drafts.
//! The store applies a decided move as one compare-and-swap transaction.

use altto_store::{ReviewState, Workflow};

use crate::policy::{self, Powers};

/// What someone decides about a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Save a new revision (or restore an old one as the newest).
    Save,
    /// Ask the editors to review the newest revision.
    Submit,
    /// Add a note to the conversation.
    Comment,
    /// Send the newest revision back to its authors.
    RequestChanges,
    /// Make the newest revision the one the public sees.
    Publish,
    /// Take it away from the public (back to an unpublished draft).
    Unpublish,
    /// Withdraw it from the public, keeping it for editors, history, learners'
    /// progress and certificates.
    Archive,
}

impl Decision {
    /// Every decision.
    pub const ALL: [Decision; 7] = [
        Decision::Save,
        Decision::Submit,
        Decision::Comment,
        Decision::RequestChanges,
        Decision::Publish,
        Decision::Unpublish,
        Decision::Archive,
    ];

    /// The decision named `name` in a form (`decision=publish`).
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "save" => Decision::Save,
            "submit" => Decision::Submit,
            "comment" => Decision::Comment,
            "changes_requested" => Decision::RequestChanges,
            "publish" => Decision::Publish,
            "unpublish" => Decision::Unpublish,
            "archive" => Decision::Archive,
            _ => return None,
        })
    }

    /// What the conversation calls it once made.
    pub fn event(self) -> &'static str {
        match self {
            Decision::Save => "saved",
            Decision::Submit => "submitted",
            Decision::Comment => "comment",
            Decision::RequestChanges => "changes_requested",
            Decision::Publish => "published",
            Decision::Unpublish => "unpublished",
            Decision::Archive => "archived",
        }
    }
}

/// Why a decision cannot be made now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The actor may not make this decision at all.
    NotAllowed,
    /// Authors cannot change it while editors review it.
    InReview,
    /// Archived: only an editor can change it (publishing brings it back).
    Archived,
    /// There is nothing to review or publish yet.
    Empty,
    /// The newest revision is already what the public sees.
    NothingNew,
    /// Changes can only be requested for something in review.
    NotInReview,
    /// It is not published.
    NotPublished,
    /// It is already archived.
    AlreadyArchived,
}

impl Refusal {
    /// Every refusal.
    pub const ALL: [Refusal; 8] = [
        Refusal::NotAllowed,
        Refusal::InReview,
        Refusal::Archived,
        Refusal::Empty,
        Refusal::NothingNew,
        Refusal::NotInReview,
        Refusal::NotPublished,
        Refusal::AlreadyArchived,
    ];

    /// The translation key of the message telling the user why.
    pub fn message_key(self) -> &'static str {
        match self {
            Refusal::NotAllowed => "workflow-not-allowed",
            Refusal::InReview => "workflow-in-review",
            Refusal::Archived => "workflow-archived",
            Refusal::Empty => "workflow-empty",
            Refusal::NothingNew => "workflow-nothing-new",
            Refusal::NotInReview => "workflow-not-in-review",
            Refusal::NotPublished => "workflow-not-published",
            Refusal::AlreadyArchived => "workflow-already-archived",
        }
    }
}

/// The state after `decision` on a document in `state` by someone with `powers`, or
/// why it cannot be made.
pub fn decide(state: Workflow, decision: Decision, powers: Powers) -> Result<Workflow, Refusal> {
    if !policy::may_decide(powers, decision) {
        return Err(Refusal::NotAllowed);
    }
    let editor = powers.editor;
    let has_news = state.latest.is_some() && (state.latest != state.published || state.archived);
    match decision {
        Decision::Comment => Ok(state),
        Decision::Save if state.archived && !editor => Err(Refusal::Archived),
        Decision::Save if state.review == ReviewState::InReview && !editor => Err(Refusal::InReview),
        Decision::Save => Ok(state),
        Decision::Submit if state.archived => Err(Refusal::Archived),
        Decision::Submit if state.review == ReviewState::InReview => Err(Refusal::InReview),
        Decision::Submit if state.latest.is_none() => Err(Refusal::Empty),
        Decision::Submit if !has_news => Err(Refusal::NothingNew),
        Decision::Submit => Ok(Workflow { review: ReviewState::InReview, ..state }),
        Decision::RequestChanges if state.review != ReviewState::InReview => Err(Refusal::NotInReview),
        Decision::RequestChanges => Ok(Workflow { review: ReviewState::ChangesRequested, ..state }),
        Decision::Publish if state.latest.is_none() => Err(Refusal::Empty),
        Decision::Publish if !has_news => Err(Refusal::NothingNew),
        Decision::Publish => {
            Ok(Workflow { review: ReviewState::Draft, published: state.latest, archived: false, ..state })
        }
        Decision::Unpublish if state.published.is_none() => Err(Refusal::NotPublished),
        Decision::Unpublish => Ok(Workflow { published: None, archived: false, ..state }),
        Decision::Archive if state.archived => Err(Refusal::AlreadyArchived),
        Decision::Archive => Ok(Workflow { archived: true, ..state }),
    }
}

/// Every key [`status_key`] gives.
pub const STATUS_KEYS: [&str; 6] = [
    "course-status-draft",
    "course-status-in_review",
    "course-status-changes_requested",
    "course-status-published",
    "course-status-published_edited",
    "course-status-archived",
];

/// The translation key naming where a document stands, as its authors and editors
/// read it in lists ("Published, with unpublished edits", "Changes requested", …).
pub fn status_key(state: Workflow) -> &'static str {
    match (state.review, state.archived, state.published) {
        (_, true, _) => "course-status-archived",
        (ReviewState::InReview, _, _) => "course-status-in_review",
        (ReviewState::ChangesRequested, _, _) => "course-status-changes_requested",
        (ReviewState::Draft, false, Some(published)) if state.latest == Some(published) => {
            "course-status-published"
        }
        (ReviewState::Draft, false, Some(_)) => "course-status-published_edited",
        (ReviewState::Draft, false, None) => "course-status-draft",
    }
}

/// Whether `decision` can be made now (for showing only the buttons that work).
pub fn can(state: Workflow, decision: Decision, powers: Powers) -> bool {
    decide(state, decision, powers).is_ok()
}

#[cfg(test)]
mod tests {
    use altto_store::ReviewState::{ChangesRequested, Draft};

    use super::{Decision::*, Refusal::*, *};

    const AUTHOR: Powers = Powers { author: true, editor: false };
    const EDITOR: Powers = Powers { author: false, editor: true };
    const NOBODY: Powers = Powers { author: false, editor: false };

    fn state(review: ReviewState, published: Option<i64>, archived: bool, latest: Option<i64>) -> Workflow {
        Workflow { review, published, archived, latest }
    }

    /// Named states covering every review state and every kind of publication.
    fn states() -> Vec<(&'static str, Workflow)> {
        vec![
            ("empty", state(Draft, None, false, None)),
            ("new draft", state(Draft, None, false, Some(1))),
            ("new in review", state(ReviewState::InReview, None, false, Some(1))),
            ("new, changes requested", state(ChangesRequested, None, false, Some(1))),
            ("published", state(Draft, Some(1), false, Some(1))),
            ("published, edited", state(Draft, Some(1), false, Some(2))),
            ("published, edit in review", state(ReviewState::InReview, Some(1), false, Some(2))),
            ("published, edit sent back", state(ChangesRequested, Some(1), false, Some(2))),
            ("archived", state(Draft, Some(1), true, Some(1))),
            ("archived, edited", state(Draft, Some(1), true, Some(2))),
            ("archived, in review", state(ReviewState::InReview, Some(1), true, Some(2))),
            ("archived, sent back", state(ChangesRequested, Some(1), true, Some(2))),
        ]
    }

    /// The expected outcome for `decision` in the state named `name`: `Ok(())` for
    /// allowed (the resulting state is checked by the invariants below), else the
    /// refusal — for an author, then for an editor.
    fn expected(name: &str, decision: Decision) -> (Result<(), Refusal>, Result<(), Refusal>) {
        let archived = name.starts_with("archived");
        let in_review = name.contains("in review");
        let empty = name == "empty";
        let nothing_new = name == "published";
        let ok = Ok(());
        match decision {
            Comment => (ok, ok),
            Save if archived => (Err(Archived), ok),
            Save if in_review => (Err(InReview), ok),
            Save => (ok, ok),
            Submit if archived => (Err(Archived), Err(Archived)),
            Submit if in_review => (Err(InReview), Err(InReview)),
            Submit if empty => (Err(Empty), Err(Empty)),
            Submit if nothing_new => (Err(NothingNew), Err(NothingNew)),
            Submit => (ok, ok),
            RequestChanges if in_review => (Err(NotAllowed), ok),
            RequestChanges => (Err(NotAllowed), Err(NotInReview)),
            Publish if empty => (Err(NotAllowed), Err(Empty)),
            Publish if nothing_new => (Err(NotAllowed), Err(NothingNew)),
            Publish => (Err(NotAllowed), ok),
            Unpublish if name.starts_with("new") || empty => (Err(NotAllowed), Err(NotPublished)),
            Unpublish => (Err(NotAllowed), ok),
            Archive if archived => (Err(NotAllowed), Err(AlreadyArchived)),
            Archive => (Err(NotAllowed), ok),
        }
    }

    #[test]
    fn every_decision_in_every_state_is_allowed_or_refused_as_the_table_says() {
        for (name, before) in states() {
            for decision in Decision::ALL {
                let (author, editor) = expected(name, decision);
                let got = |powers| decide(before, decision, powers).map(|_| ());
                assert_eq!(got(AUTHOR), author, "author: {decision:?} when {name}");
                assert_eq!(got(EDITOR), editor, "editor: {decision:?} when {name}");
                assert_eq!(got(NOBODY), Err(NotAllowed), "nobody: {decision:?} when {name}");
            }
        }
    }

    #[test]
    fn only_publishing_unpublishing_and_archiving_change_what_the_public_sees() {
        for (name, before) in states() {
            for decision in Decision::ALL {
                for powers in [AUTHOR, EDITOR] {
                    let Ok(after) = decide(before, decision, powers) else { continue };
                    assert_eq!(
                        after.latest, before.latest,
                        "{decision:?} when {name} moved the newest revision"
                    );
                    let public = |w: Workflow| w.is_public().then_some(w.published).flatten();
                    match decision {
                        Publish => assert_eq!(public(after), before.latest, "{name}"),
                        Unpublish | Archive => assert_eq!(public(after), None, "{name}"),
                        _ => assert_eq!(
                            (after.published, after.archived),
                            (before.published, before.archived),
                            "{decision:?} when {name} changed the publication"
                        ),
                    }
                }
            }
        }
    }

    #[test]
    fn an_archived_course_stays_withdrawn_through_edits_submissions_and_requests_for_changes() {
        let mut now = state(Draft, Some(1), true, Some(1));
        now.latest = Some(2); // an editor saved an edit
        for (decision, powers) in [(Save, EDITOR), (Comment, AUTHOR), (Save, EDITOR)] {
            now = decide(now, decision, powers).unwrap();
            assert!(!now.is_public(), "public again after {decision:?}");
        }
        assert_eq!(decide(now, Submit, AUTHOR), Err(Archived));
        assert_eq!(decide(now, RequestChanges, EDITOR), Err(NotInReview));
        let republished = decide(now, Publish, EDITOR).unwrap();
        assert!(republished.is_public() && republished.published == Some(2));
    }

    #[test]
    fn every_decision_name_in_a_form_reads_back() {
        for decision in Decision::ALL {
            let name = match decision {
                Save => "save",
                Submit => "submit",
                Comment => "comment",
                RequestChanges => "changes_requested",
                Publish => "publish",
                Unpublish => "unpublish",
                Archive => "archive",
            };
            assert_eq!(Decision::parse(name), Some(decision));
        }
        assert_eq!(Decision::parse("delete"), None);
    }
}
