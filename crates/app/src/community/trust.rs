//! Whether a member is trusted: a pure rule, so it can be read and tested in one place.
//!
//! Staff (authors, editors, admins) and moderators are trusted from the start. Anyone
//! else becomes trusted once their account is at least [`MIN_ACCOUNT_AGE_DAYS`] old
//! *and* they have at least [`MIN_ACCEPTED_POSTS`] accepted (visible) forum posts: a
//! spammer who signs up in bulk has neither. Until then a member may not start private
//! conversations (they may still reply when someone writes to them).

use altto_store::{Role, TrustFacts, User};

/// Days an account must exist before its member can be trusted.
pub const MIN_ACCOUNT_AGE_DAYS: i64 = 3;

/// Accepted forum posts a member needs before they can be trusted.
pub const MIN_ACCEPTED_POSTS: i64 = 3;

const DAY_MS: i64 = 86_400_000;

/// What the rule decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trust {
    /// Trusted: may start conversations.
    Trusted,
    /// Not yet trusted, and what is still missing.
    New {
        /// When the account is old enough (unix ms), if it is not yet.
        old_enough_at: Option<i64>,
        /// How many more accepted posts are needed (0 when there are enough).
        posts_needed: i64,
    },
}

impl Trust {
    /// Whether the member is trusted.
    pub fn is_trusted(self) -> bool {
        self == Trust::Trusted
    }
}

/// Whether `user`, with `facts` about them, is trusted at `now` (unix ms).
pub fn trust(user: &User, facts: &TrustFacts, now: i64) -> Trust {
    if user.role >= Role::Author || user.is_moderator || user.is_admin {
        return Trust::Trusted;
    }
    let old_enough_at = facts.created_at.saturating_add(MIN_ACCOUNT_AGE_DAYS * DAY_MS);
    let old_enough = now >= old_enough_at;
    let posts_needed = (MIN_ACCEPTED_POSTS - facts.accepted_posts).max(0);
    if old_enough && posts_needed == 0 {
        Trust::Trusted
    } else {
        Trust::New { old_enough_at: (!old_enough).then_some(old_enough_at), posts_needed }
    }
}

#[cfg(test)]
mod tests {
    use altto_store::{AccountStatus, UserId, Visibility};

    use super::*;

    fn member(role: Role, moderator: bool, admin: bool) -> User {
        User {
            id: UserId(1),
            email: None,
            email_verified: true,
            password_hash: None,
            display_name: "Aiko".into(),
            role,
            is_moderator: moderator,
            is_admin: admin,
            status: AccountStatus::Active,
            locale: "en".into(),
            bio: String::new(),
            prefecture: None,
            employer_type: None,
            school_levels: String::new(),
            years_in_japan: None,
            interests: String::new(),
            visibility: Visibility::Members,
            created_at: 0,
            updated_at: 0,
            unread_notices: 0,
        }
    }

    const NOW: i64 = 100 * DAY_MS;

    fn facts(age_days: i64, posts: i64) -> TrustFacts {
        TrustFacts { created_at: NOW - age_days * DAY_MS, accepted_posts: posts }
    }

    #[test]
    fn staff_and_moderators_are_trusted_from_their_first_minute() {
        let brand_new = facts(0, 0);
        for user in [
            member(Role::Author, false, false),
            member(Role::Editor, false, false),
            member(Role::Member, true, false),
            member(Role::Member, false, true),
        ] {
            assert_eq!(trust(&user, &brand_new, NOW), Trust::Trusted);
        }
    }

    #[test]
    fn a_member_needs_both_three_days_and_three_accepted_posts() {
        let plain = member(Role::Member, false, false);
        assert!(trust(&plain, &facts(3, 3), NOW).is_trusted());
        assert!(trust(&plain, &facts(30, 10), NOW).is_trusted());
        assert_eq!(trust(&plain, &facts(30, 1), NOW), Trust::New { old_enough_at: None, posts_needed: 2 });
        assert_eq!(
            trust(&plain, &facts(1, 5), NOW),
            Trust::New { old_enough_at: Some(NOW + 2 * DAY_MS), posts_needed: 0 }
        );
        assert_eq!(
            trust(&plain, &facts(0, 0), NOW),
            Trust::New { old_enough_at: Some(NOW + 3 * DAY_MS), posts_needed: 3 }
        );
    }

    #[test]
    fn the_age_counts_to_the_millisecond() {
        let plain = member(Role::Member, false, false);
        let facts = TrustFacts { created_at: NOW - 3 * DAY_MS + 1, accepted_posts: 3 };
        assert_eq!(trust(&plain, &facts, NOW), Trust::New { old_enough_at: Some(NOW + 1), posts_needed: 0 });
        assert!(trust(&plain, &facts, NOW + 1).is_trusted());
    }
}
