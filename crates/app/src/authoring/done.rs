//! What the course page says at its top: a problem with what was just tried, or a
//! confirmation of what was just done. A confirmation travels in the address of the
//! page that follows a change (`?done=submitted`), chosen from a fixed list so that a
//! link cannot make the page say anything else, and is shown as a status message that
//! screen readers announce.

use axum::response::{IntoResponse, Redirect, Response};

use crate::content::workflow::Decision;

/// A message at the top of the course page.
pub enum Message {
    /// Something was not done, and why.
    Problem(String),
    /// Something was done.
    Done(String),
}

/// A change the course page can confirm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    /// The course was created.
    Created,
    /// Its details were saved.
    Details,
    /// A module was added.
    Module,
    /// A lesson was added.
    Lesson,
    /// Modules or lessons were moved.
    Reordered,
    /// An earlier revision was restored.
    Restored,
    /// A course, module, lesson or file was renamed.
    Renamed,
    /// A module or lesson was moved to another place.
    Moved,
    /// A module, lesson or file was deleted.
    Deleted,
    /// A workflow decision was made.
    Decided(Decision),
}

impl Done {
    /// Every change that can be confirmed (for the tests that check each has a message).
    pub const ALL: [Done; 16] = [
        Done::Created,
        Done::Details,
        Done::Module,
        Done::Lesson,
        Done::Reordered,
        Done::Restored,
        Done::Renamed,
        Done::Moved,
        Done::Deleted,
        Done::Decided(Decision::Submit),
        Done::Decided(Decision::Comment),
        Done::Decided(Decision::RequestChanges),
        Done::Decided(Decision::Publish),
        Done::Decided(Decision::Unpublish),
        Done::Decided(Decision::Archive),
        Done::Decided(Decision::Save),
    ];

    /// The word for it in an address.
    pub fn code(self) -> &'static str {
        match self {
            Done::Created => "created",
            Done::Details => "details",
            Done::Module => "module",
            Done::Lesson => "lesson",
            Done::Reordered => "reordered",
            Done::Restored => "restored",
            Done::Renamed => "renamed",
            Done::Moved => "moved",
            Done::Deleted => "deleted",
            Done::Decided(decision) => decision.event(),
        }
    }

    /// The change named `code` in an address, if it is one.
    pub fn parse(code: &str) -> Option<Done> {
        Done::ALL.into_iter().find(|done| done.code() == code)
    }

    /// The message confirming it.
    pub fn message_key(self) -> &'static str {
        match self {
            Done::Created => "author-done-created",
            Done::Details => "author-done-details",
            Done::Module => "author-done-module",
            Done::Lesson => "author-done-lesson",
            Done::Reordered => "author-done-reordered",
            Done::Restored => "author-done-restored",
            Done::Renamed => "author-done-renamed",
            Done::Moved => "author-done-moved",
            Done::Deleted => "author-done-deleted",
            Done::Decided(Decision::Submit) => "author-done-submitted",
            Done::Decided(Decision::Comment) => "author-done-commented",
            Done::Decided(Decision::RequestChanges) => "author-done-changes-requested",
            Done::Decided(Decision::Publish) => "author-done-published",
            Done::Decided(Decision::Unpublish) => "author-done-unpublished",
            Done::Decided(Decision::Archive) => "author-done-archived",
            Done::Decided(Decision::Save) => "author-done-saved",
        }
    }

    /// The course page of `slug`, confirming this.
    pub fn redirect(self, slug: &str) -> Response {
        Redirect::to(&format!("/author/courses/{slug}?done={}", self.code())).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_confirmation_reads_back_from_its_address_and_nothing_else_does() {
        for done in Done::ALL {
            assert_eq!(Done::parse(done.code()).map(Done::message_key), Some(done.message_key()), "{done:?}");
        }
        for code in ["", "Published", "<script>", "published ", "author-done-published"] {
            assert_eq!(Done::parse(code), None, "{code}");
        }
    }
}
