//! How many files a member may share: a pure rule, read and tested in one place (the
//! policy asks it through [`crate::policy::can_share_file`]).
//!
//! A member who is not yet trusted ([`crate::community::trust`]) may share nothing until
//! their account is a day old, then at most [`NEW_MEMBER_PER_DAY`] file in any 24 hours;
//! a trusted member at most [`TRUSTED_PER_DAY`]. The count is of their own resources
//! shared in the last 24 hours, so the limit lifts by itself, and checking it writes
//! nothing.

use crate::community::trust::Trust;

/// Files a member who is not yet trusted may share in 24 hours.
pub const NEW_MEMBER_PER_DAY: i64 = 1;

/// Files a trusted member may share in 24 hours.
pub const TRUSTED_PER_DAY: i64 = 20;

/// The window the limits count in, and the age a new account needs: a day.
pub const DAY_MS: i64 = 86_400_000;

/// What the rule decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Allowance {
    /// May share a file now.
    Allowed,
    /// The account is less than a day old: may share from `until` (unix ms).
    TooNew {
        /// When the account is a day old.
        until: i64,
    },
    /// Shared `max` files in the last 24 hours already: may share again from `until`.
    DailyLimit {
        /// The limit that applies.
        max: i64,
        /// Whether the member is trusted (the message differs).
        trusted: bool,
        /// When the earliest of those files turns a day old.
        until: i64,
    },
}

/// Whether a member judged `trust`, whose account was created at `created_at`, who
/// shared `shared` files in the last 24 hours (the earliest at `earliest`), may share
/// one more at `now` (all unix ms).
pub fn allowance(trust: Trust, created_at: i64, shared: i64, earliest: Option<i64>, now: i64) -> Allowance {
    let trusted = trust.is_trusted();
    if !trusted && now < created_at.saturating_add(DAY_MS) {
        return Allowance::TooNew { until: created_at.saturating_add(DAY_MS) };
    }
    let max = if trusted { TRUSTED_PER_DAY } else { NEW_MEMBER_PER_DAY };
    if shared >= max {
        let until = earliest.unwrap_or(now).saturating_add(DAY_MS);
        return Allowance::DailyLimit { max, trusted, until };
    }
    Allowance::Allowed
}

/// Whole hours from `now` until `until` (at least 1), for "in about N hours".
pub fn hours_until(until: i64, now: i64) -> i64 {
    ((until - now).max(0) + 3_599_999) / 3_600_000
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 100 * DAY_MS;
    const NEW: Trust = Trust::New { old_enough_at: None, posts_needed: 3 };

    #[test]
    fn a_brand_new_account_shares_nothing_until_it_is_a_day_old() {
        let created = NOW - DAY_MS / 2;
        assert_eq!(allowance(NEW, created, 0, None, NOW), Allowance::TooNew { until: NOW + DAY_MS / 2 });
        assert_eq!(allowance(NEW, NOW - DAY_MS, 0, None, NOW), Allowance::Allowed);
        assert_eq!(hours_until(NOW + DAY_MS / 2, NOW), 12);
        assert_eq!(hours_until(NOW + 1, NOW), 1);
    }

    #[test]
    fn a_new_member_shares_one_file_a_day_and_a_trusted_one_twenty() {
        let old = NOW - 30 * DAY_MS;
        let earliest = Some(NOW - 3_600_000);
        assert_eq!(
            allowance(NEW, old, 1, earliest, NOW),
            Allowance::DailyLimit { max: 1, trusted: false, until: NOW + DAY_MS - 3_600_000 }
        );
        assert_eq!(allowance(Trust::Trusted, old, 19, earliest, NOW), Allowance::Allowed);
        assert_eq!(
            allowance(Trust::Trusted, old, 20, earliest, NOW),
            Allowance::DailyLimit { max: 20, trusted: true, until: NOW + DAY_MS - 3_600_000 }
        );
        // Staff are trusted from their first minute, so a new account's wait is not theirs.
        assert_eq!(allowance(Trust::Trusted, NOW, 0, None, NOW), Allowance::Allowed);
    }
}
