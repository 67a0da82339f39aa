//! A short-lived copy, in memory, of the reads every signed-in page makes — whose a
//! session is, a learner's progress (in a course, or in all) and their note on a
//! lesson — for the embedded SQLite backend.
//!
//! Why only there: SQLite means one server process, so every write goes through this
//! [`Store`](crate::Store), and each method that writes accounts, sessions or progress
//! forgets what it changed before it returns. A reader never sees its own process's
//! writes late. Another process writing the same file (an `altto` admin command, which
//! may change accounts but never progress or notes) is seen within [`SESSION_TTL`].
//! PostgreSQL is shared by several nodes, none of which sees the others' writes, so
//! there every read goes to the database.
//!
//! Why at all: on SQLite each query hands the statement to a connection's own thread
//! and back; on the signed-in lesson page those thread switches cost more than
//! building the page.

use std::{
    collections::HashMap,
    hash::Hash,
    sync::{
        RwLock,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use crate::{LessonProgress, UserId};

/// A session's copy: its account (shared, not cloned, by every request that reads it),
/// when it was last used and when it expires.
pub(crate) type SessionCopy = Option<(std::sync::Arc<crate::User>, i64, i64)>;

/// How long a copy of a session and its account is trusted without asking the
/// database again: how late a change by an admin command is seen.
pub const SESSION_TTL: Duration = Duration::from_secs(2);
/// How long a copy of progress or a note is trusted: only the server writes those, and
/// it forgets the copy when it does, so this only bounds what a copy can miss if that
/// ever changes.
pub const PROGRESS_TTL: Duration = Duration::from_secs(60);

/// The copies the SQLite store keeps.
pub(crate) struct Hot {
    /// By session token hash (`None`: no such unexpired session).
    pub sessions: Copies<String, SessionCopy>,
    /// By (member, course), and by (member, `None`) for all their courses.
    pub progress: Copies<(UserId, Option<i64>), Vec<LessonProgress>>,
    /// By (member, lesson).
    pub reflections: Copies<(UserId, i64), Option<String>>,
}

impl Hot {
    pub fn new() -> Self {
        Self {
            sessions: Copies::new(10_000, SESSION_TTL),
            progress: Copies::new(4_096, PROGRESS_TTL),
            reflections: Copies::new(4_096, PROGRESS_TTL),
        }
    }

    /// Forgets everything about a member's account and sessions.
    pub fn forget_account(&self, user: UserId) {
        self.sessions.forget(|_, copy| copy.as_ref().is_some_and(|(account, ..)| account.id == user));
    }

    /// Forgets a member's progress in every course.
    pub fn forget_progress(&self, user: UserId) {
        self.progress.forget(|(member, _), _| *member == user);
    }

    /// Forgets everything about a member: account, sessions, progress and notes.
    pub fn forget_member(&self, user: UserId) {
        self.forget_account(user);
        self.forget_progress(user);
        self.reflections.forget(|(member, _), _| *member == user);
    }
}

impl std::fmt::Debug for Hot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hot { .. }")
    }
}

/// Copies of values read from the database, each trusted for `ttl`, at most
/// `capacity` at a time (when full, all are dropped: cheaper than tracking use, and
/// the next reads refill it).
pub(crate) struct Copies<K, V> {
    map: RwLock<HashMap<K, (Instant, V)>>,
    /// Bumped by every forget: a read that started before a write must not store what
    /// it read after the write forgot it.
    generation: AtomicU64,
    capacity: usize,
    ttl: Duration,
}

impl<K: Eq + Hash, V: Clone> Copies<K, V> {
    fn new(capacity: usize, ttl: Duration) -> Self {
        Self { map: RwLock::new(HashMap::new()), generation: AtomicU64::new(0), capacity, ttl }
    }

    /// The copy of `key`, unless missing or older than the copies' `ttl`.
    fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let map = self.map.read().ok()?;
        let (read_at, value) = map.get(key)?;
        (read_at.elapsed() < self.ttl).then(|| value.clone())
    }

    /// The copy of `key` from `copies` (`None` on PostgreSQL, which keeps none), else
    /// what `read` finds in the database — kept as the copy unless a write forgot
    /// something while it was read.
    pub async fn read_through<Q, E>(
        copies: Option<&Self>,
        key: &Q,
        read: impl Future<Output = Result<V, E>>,
    ) -> Result<V, E>
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ToOwned<Owned = K> + ?Sized,
    {
        let Some(copies) = copies else { return read.await };
        if let Some(copy) = copies.get(key) {
            return Ok(copy);
        }
        let started = copies.generation.load(Ordering::Acquire);
        let value = read.await?;
        copies.put(started, key.to_owned(), value.clone());
        Ok(value)
    }

    /// Keeps `value`, read since generation `started`, unless something was forgotten
    /// meanwhile.
    fn put(&self, started: u64, key: K, value: V) {
        let Ok(mut map) = self.map.write() else { return };
        if self.generation.load(Ordering::Acquire) != started {
            return;
        }
        if map.len() >= self.capacity {
            map.clear();
        }
        map.insert(key, (Instant::now(), value));
    }

    /// Forgets every copy for which `stale` holds.
    pub fn forget(&self, stale: impl Fn(&K, &V) -> bool) {
        let Ok(mut map) = self.map.write() else { return };
        self.generation.fetch_add(1, Ordering::AcqRel);
        map.retain(|key, (_, value)| !stale(key, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_that_started_before_a_forget_is_not_kept() {
        let copies: Copies<i64, &str> = Copies::new(10, SESSION_TTL);
        let started = copies.generation.load(Ordering::Acquire);
        copies.forget(|_, _| true);
        copies.put(started, 1, "read before the write");
        assert_eq!(copies.get(&1), None);
        let started = copies.generation.load(Ordering::Acquire);
        copies.put(started, 1, "read after the write");
        assert_eq!(copies.get(&1), Some("read after the write"));
    }

    #[test]
    fn a_full_set_of_copies_starts_again_instead_of_growing() {
        let copies: Copies<i64, i64> = Copies::new(2, SESSION_TTL);
        for key in 0..5 {
            copies.put(copies.generation.load(Ordering::Acquire), key, key);
        }
        assert_eq!(copies.get(&4), Some(4));
        assert_eq!(copies.get(&0), None);
    }
}
