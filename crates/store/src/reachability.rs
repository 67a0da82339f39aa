//! Whether the database can be reached, so that an outage costs requests nothing.
//!
//! When PostgreSQL goes away, every request used to wait for a connection until the
//! pool gave up — each query of it, one after the other: about ten seconds for a page.
//! Once a query fails because the database cannot be reached, the store now answers
//! "unavailable" at once for [`RETRY_AFTER_MS`]; then one query tries again (waiting
//! at most the pool's short acquire time-out), and the first that succeeds ends the
//! outage. A pool that is merely busy (connections open, all in use) is not an outage.

use std::sync::atomic::{AtomicI64, Ordering};

use crate::now_millis;

/// How long the database is treated as down after it could not be reached.
pub const RETRY_AFTER_MS: i64 = 1_000;

/// The database's reachability, shared by every clone of a store.
#[derive(Debug, Default)]
pub(crate) struct Reachability {
    /// Until when (unix ms) to answer "unavailable" without trying; 0 when reachable.
    down_until: AtomicI64,
}

impl Reachability {
    /// Whether queries should fail at once without trying the database.
    pub(crate) fn refuses(&self) -> bool {
        now_millis() < self.down_until.load(Ordering::Acquire)
    }

    /// Whether the database was found unreachable and has not answered since.
    pub(crate) fn is_down(&self) -> bool {
        self.down_until.load(Ordering::Acquire) != 0
    }

    /// Notes how a query went. `room` says whether the pool could have opened another
    /// connection: a time-out with room to spare means none could be made.
    pub(crate) fn observe<T>(&self, result: &Result<T, sqlx::Error>, room: bool) {
        match result {
            Ok(_) => {
                if self.down_until.load(Ordering::Relaxed) != 0 {
                    self.down_until.store(0, Ordering::Release);
                    tracing::info!("the database answers again");
                }
            }
            Err(err) if is_unreachable(err, room) => {
                if self.down_until.swap(now_millis() + RETRY_AFTER_MS, Ordering::AcqRel) == 0 {
                    tracing::warn!(error = %err, "the database cannot be reached; answering 503 until it can");
                }
            }
            Err(_) => {}
        }
    }
}

/// Whether `err` says the database cannot be reached (rather than that a query was
/// wrong, or that every connection was busy: a pool at its largest that timed out).
fn is_unreachable(err: &sqlx::Error, room: bool) -> bool {
    match err {
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::PoolTimedOut => room,
        // PostgreSQL's connection exceptions (08…) and "shutting down" or "starting
        // up" (57P…).
        sqlx::Error::Database(db) => {
            db.code().is_some_and(|code| code.starts_with("08") || code.starts_with("57P"))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_database_is_refused_at_once_until_it_answers_again_and_a_busy_pool_is_not_an_outage() {
        let reach = Reachability::default();
        let busy: Result<(), _> = Err(sqlx::Error::PoolTimedOut);
        reach.observe(&busy, false);
        assert!(!reach.refuses(), "all connections in use is not an outage");
        reach.observe(&busy, true);
        assert!(reach.refuses() && reach.is_down());
        let wrong: Result<(), _> = Err(sqlx::Error::RowNotFound);
        reach.observe(&wrong, true);
        assert!(reach.refuses(), "other errors change nothing");
        // Once the wait is over, one query tries again; its success ends the outage.
        reach.down_until.store(now_millis() - 1, Ordering::Release);
        assert!(!reach.refuses() && reach.is_down());
        reach.observe(&Ok::<_, sqlx::Error>(()), true);
        assert!(!reach.refuses() && !reach.is_down());
    }
}
