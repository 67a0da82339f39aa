//! The pure rules of members' mail preferences: the kinds of event a member chooses
//! for, how each reaches them by mail, the defaults, how the choices are stored (only
//! what differs from the defaults) and when a digest is due.

use altto_store::{NoticePrefs, User};

use crate::policy;

/// A kind of event a member chooses the mail of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    /// Replies to a thread the member started.
    Replies,
    /// Mentions of the member.
    Mentions,
    /// An answer accepted (to their question, or their answer).
    Accepted,
    /// New threads in categories the member watches.
    Watched,
    /// New private messages.
    Messages,
    /// Reports to the moderators.
    Reports,
    /// The editorial workflow (submitted, changes requested, published, …).
    Editorial,
}

impl NoticeKind {
    /// Every kind, in the order the preferences page lists them.
    pub const ALL: [NoticeKind; 7] = [
        NoticeKind::Replies,
        NoticeKind::Mentions,
        NoticeKind::Accepted,
        NoticeKind::Watched,
        NoticeKind::Messages,
        NoticeKind::Reports,
        NoticeKind::Editorial,
    ];

    /// The code in forms, links and storage.
    pub fn code(self) -> &'static str {
        match self {
            NoticeKind::Replies => "replies",
            NoticeKind::Mentions => "mentions",
            NoticeKind::Accepted => "accepted",
            NoticeKind::Watched => "watched",
            NoticeKind::Messages => "messages",
            NoticeKind::Reports => "reports",
            NoticeKind::Editorial => "editorial",
        }
    }

    /// The kind with this code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// The kind of a notice's event; any event not named here is part of the
    /// editorial workflow (courses, library texts, the glossary).
    pub fn of_event(event: &str) -> Self {
        match event {
            "forum_reply" => NoticeKind::Replies,
            "forum_mention" => NoticeKind::Mentions,
            "forum_accepted" => NoticeKind::Accepted,
            "forum_watched" => NoticeKind::Watched,
            "message" => NoticeKind::Messages,
            "report" => NoticeKind::Reports,
            _ => NoticeKind::Editorial,
        }
    }

    /// Its mail when the member chose nothing: a digest for watched categories, at
    /// once for everything else (as before preferences existed).
    pub fn default_mode(self) -> MailMode {
        match self {
            NoticeKind::Watched => MailMode::Digest,
            _ => MailMode::Now,
        }
    }

    /// Whether the preferences page offers it to `user`: reports only to those who
    /// receive them, the editorial workflow only to writers.
    pub fn offered_to(self, user: &User) -> bool {
        match self {
            NoticeKind::Reports => policy::receives_reports(user),
            NoticeKind::Editorial => policy::receives_editorial_notices(user),
            _ => true,
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|kind| *kind == self).unwrap_or(0)
    }
}

/// How notices of one kind reach a member by mail (the notice in the site always).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailMode {
    /// A mail at once.
    Now,
    /// Listed in the member's daily or weekly digest mail.
    Digest,
    /// No mail: only on the site.
    Site,
}

impl MailMode {
    /// Every mode, in the order the page offers them.
    pub const ALL: [MailMode; 3] = [MailMode::Now, MailMode::Digest, MailMode::Site];

    /// The code in forms and storage.
    pub fn code(self) -> &'static str {
        match self {
            MailMode::Now => "now",
            MailMode::Digest => "digest",
            MailMode::Site => "site",
        }
    }

    /// The mode with this code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|mode| mode.code() == code)
    }
}

/// A day and a week, in milliseconds.
const DAY_MS: i64 = 24 * 3_600_000;

/// A member's mail preferences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailPrefs {
    modes: [MailMode; 7],
    /// Whether the digest comes weekly (else daily).
    pub weekly: bool,
}

impl Default for MailPrefs {
    fn default() -> Self {
        Self { modes: NoticeKind::ALL.map(NoticeKind::default_mode), weekly: false }
    }
}

impl MailPrefs {
    /// The preferences as stored (entries not understood, say from a newer version,
    /// are ignored: the default applies).
    pub fn from_stored(stored: &NoticePrefs) -> Self {
        let mut prefs = Self { weekly: stored.digest_weekly, ..Self::default() };
        for pair in stored.mail.split(',') {
            if let Some((kind, mode)) = pair.split_once('=')
                && let (Some(kind), Some(mode)) = (NoticeKind::parse(kind), MailMode::parse(mode))
            {
                prefs.set(kind, mode);
            }
        }
        prefs
    }

    /// What to store: only what differs from the defaults; `None` when nothing does
    /// (the member's row is removed).
    pub fn to_stored(&self) -> Option<NoticePrefs> {
        let changed: Vec<String> = NoticeKind::ALL
            .into_iter()
            .filter(|kind| self.mode(*kind) != kind.default_mode())
            .map(|kind| format!("{}={}", kind.code(), self.mode(kind).code()))
            .collect();
        (!changed.is_empty() || self.weekly)
            .then(|| NoticePrefs { mail: changed.join(","), digest_weekly: self.weekly })
    }

    /// How notices of `kind` reach the member by mail.
    pub fn mode(&self, kind: NoticeKind) -> MailMode {
        self.modes[kind.index()]
    }

    /// Sets how notices of `kind` reach the member by mail.
    pub fn set(&mut self, kind: NoticeKind, mode: MailMode) {
        self.modes[kind.index()] = mode;
    }

    /// Turns the digest off: every kind that went to it stays on the site only.
    pub fn stop_digest(&mut self) {
        for mode in &mut self.modes {
            if *mode == MailMode::Digest {
                *mode = MailMode::Site;
            }
        }
    }

    /// The preferences as the data download shows them: each kind's mail and the
    /// digest's frequency.
    pub fn as_json(&self) -> serde_json::Value {
        let kinds: serde_json::Map<String, serde_json::Value> = NoticeKind::ALL
            .into_iter()
            .map(|kind| (kind.code().to_owned(), self.mode(kind).code().into()))
            .collect();
        serde_json::json!({ "mail": kinds, "digest": if self.weekly { "weekly" } else { "daily" } })
    }

    /// How long the member's digest collects notices.
    pub fn period_ms(&self) -> i64 {
        period_ms(self.weekly)
    }
}

/// How long a daily or weekly digest collects notices.
pub fn period_ms(weekly: bool) -> i64 {
    if weekly { 7 * DAY_MS } else { DAY_MS }
}

/// Whether a digest is due at `now`: its oldest notice waiting has waited a whole
/// period (a day or a week). So a member gets at most one digest a period, and no
/// notice waits longer than one period (plus the worker's round).
pub fn digest_due(oldest: i64, weekly: bool, now: i64) -> bool {
    now - oldest >= period_ms(weekly)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_has_a_kind_and_unknown_ones_are_editorial() {
        assert_eq!(NoticeKind::of_event("forum_reply"), NoticeKind::Replies);
        assert_eq!(NoticeKind::of_event("forum_watched"), NoticeKind::Watched);
        assert_eq!(NoticeKind::of_event("message"), NoticeKind::Messages);
        assert_eq!(NoticeKind::of_event("writing_published"), NoticeKind::Editorial);
        for kind in NoticeKind::ALL {
            assert_eq!(NoticeKind::parse(kind.code()), Some(kind));
        }
    }

    #[test]
    fn defaults_are_stored_as_nothing_and_changes_as_a_short_list() {
        let mut prefs = MailPrefs::default();
        assert_eq!(prefs.mode(NoticeKind::Messages), MailMode::Now);
        assert_eq!(prefs.mode(NoticeKind::Watched), MailMode::Digest);
        assert_eq!(prefs.to_stored(), None);
        prefs.set(NoticeKind::Replies, MailMode::Site);
        prefs.weekly = true;
        let stored = prefs.to_stored().unwrap();
        assert_eq!(stored, NoticePrefs { mail: "replies=site".to_owned(), digest_weekly: true });
        assert_eq!(MailPrefs::from_stored(&stored), prefs);
        let odd =
            NoticePrefs { mail: "replies=never,nonsense,mentions=digest".to_owned(), digest_weekly: false };
        let read = MailPrefs::from_stored(&odd);
        assert_eq!(read.mode(NoticeKind::Replies), MailMode::Now, "an unknown mode keeps the default");
        assert_eq!(read.mode(NoticeKind::Mentions), MailMode::Digest);
    }

    #[test]
    fn stopping_the_digest_leaves_those_kinds_on_the_site_only() {
        let mut prefs = MailPrefs::default();
        prefs.set(NoticeKind::Replies, MailMode::Digest);
        prefs.stop_digest();
        assert_eq!(prefs.mode(NoticeKind::Replies), MailMode::Site);
        assert_eq!(prefs.mode(NoticeKind::Watched), MailMode::Site);
        assert_eq!(prefs.mode(NoticeKind::Messages), MailMode::Now);
    }

    #[test]
    fn a_digest_is_due_once_its_oldest_notice_waited_a_day_or_a_week() {
        assert!(!digest_due(0, false, DAY_MS - 1));
        assert!(digest_due(0, false, DAY_MS));
        assert!(!digest_due(0, true, 6 * DAY_MS));
        assert!(digest_due(0, true, 7 * DAY_MS));
    }
}
