//! Group commit for SQLite: learners' progress writes (visits, completions, quiz
//! attempts) and forum replies from many requests share one transaction and so one
//! `fsync`.
//!
//! SQLite runs one write transaction at a time, and with `synchronous = FULL` each
//! commit waits for the disk. One writer task takes every write queued while the
//! previous commit was on disk, runs them in one transaction (a write that fails is
//! rolled back alone and gets its own error: see [`commit`]), commits once, and only
//! then answers each request: nothing is acknowledged before it is durable. There is
//! no added delay: under light load a batch is one write.

use sqlx::{Acquire as _, SqlitePool};
use tokio::sync::{mpsc, oneshot};

use crate::{
    StoreError, StoreResult, WriteTurn,
    forum::{ReplyWrite, reply_on_sqlite},
    progress::{ProgressWrite, apply_write},
};

/// A write the group commit takes.
#[derive(Debug)]
pub(crate) enum GroupWrite {
    /// A learner's progress.
    Progress(ProgressWrite),
    /// A reply in a forum thread, with what it tells members.
    Reply(ReplyWrite),
}

/// Runs `$write` in the transaction (or savepoint) `$tx`; yields its outcome as a
/// `sqlx::Result<i64>`: 1 or 0 for a progress write applied or not, the new post's id
/// for a reply (0 when the thread takes no replies, and nothing was written).
macro_rules! apply_group_write {
    ($write:expr, $tx:ident) => {
        match $write {
            GroupWrite::Progress(write) => apply_write!(write, $tx).map(i64::from),
            GroupWrite::Reply(reply) => reply_on_sqlite(&mut *$tx, reply).await,
        }
    };
}

/// The most writes one commit takes.
const MOST_PER_COMMIT: usize = 256;

/// A queued write and where its outcome goes.
struct Job {
    write: GroupWrite,
    done: oneshot::Sender<StoreResult<i64>>,
}

/// The queue in front of the writer task.
#[derive(Debug)]
pub(crate) struct GroupCommit {
    queue: mpsc::Sender<Job>,
}

impl GroupCommit {
    /// Starts the writer task on `pool`. It ends when every handle is dropped.
    pub fn start(pool: SqlitePool, turn: WriteTurn) -> Self {
        let (queue, jobs) = mpsc::channel(4 * MOST_PER_COMMIT);
        tokio::spawn(run(pool, turn, jobs));
        Self { queue }
    }

    /// Queues `write` and waits until it is committed (or has failed); answers its
    /// outcome (see `apply_group_write!`).
    pub async fn submit(&self, write: GroupWrite) -> StoreResult<i64> {
        let (done, outcome) = oneshot::channel();
        self.queue.send(Job { write, done }).await.map_err(|_| closed())?;
        outcome.await.map_err(|_| closed())?
    }
}

fn closed() -> StoreError {
    StoreError::Unavailable(sqlx::Error::PoolClosed)
}

async fn run(pool: SqlitePool, turn: WriteTurn, mut jobs: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MOST_PER_COMMIT);
    while jobs.recv_many(&mut batch, MOST_PER_COMMIT).await > 0 {
        let outcomes = commit(&pool, &turn, &batch).await;
        for (job, outcome) in batch.drain(..).zip(outcomes) {
            // The request may have gone away; its write stands.
            let _ = job.done.send(outcome);
        }
    }
}

/// Runs `batch` in one transaction; one outcome per write. Most batches have no
/// failing write and run as they are; when one fails, the batch runs again with each
/// write in its own savepoint, so only the failing write is refused.
async fn commit(pool: &SqlitePool, turn: &WriteTurn, batch: &[Job]) -> Vec<StoreResult<i64>> {
    let all_at_once = async {
        let _turn = turn.take().await;
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        let mut applied = Vec::with_capacity(batch.len());
        for job in batch {
            applied.push(apply_group_write!(&job.write, tx)?);
        }
        tx.commit().await.map(|()| applied)
    };
    match all_at_once.await {
        Ok(applied) => applied.into_iter().map(Ok).collect(),
        Err(_) => one_savepoint_each(pool, turn, batch).await,
    }
}

/// Runs `batch` in one transaction, each write in a savepoint; one outcome per write.
async fn one_savepoint_each(pool: &SqlitePool, turn: &WriteTurn, batch: &[Job]) -> Vec<StoreResult<i64>> {
    let mut outcomes = Vec::with_capacity(batch.len());
    let committed = async {
        let _turn = turn.take().await;
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        for job in batch {
            let mut savepoint = tx.begin().await?;
            match apply_group_write!(&job.write, savepoint) {
                Ok(applied) => {
                    savepoint.commit().await?;
                    outcomes.push(Ok(applied));
                }
                Err(err) => {
                    savepoint.rollback().await?;
                    outcomes.push(Err(StoreError::from(err)));
                }
            }
        }
        tx.commit().await
    }
    .await;
    match committed {
        Ok(()) => outcomes,
        Err(err) => {
            tracing::warn!(error = %err, writes = batch.len(), "a group commit failed; none of its writes was kept");
            let message = err.to_string();
            batch
                .iter()
                .map(|_| {
                    Err(StoreError::Other(sqlx::Error::Protocol(format!("the commit failed: {message}"))))
                })
                .collect()
        }
    }
}
