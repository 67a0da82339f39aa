//! Bounded pools of threads for CPU-heavy work that must not run on the async threads
//! (which would stall every other request, `/healthz` included) nor without a bound
//! (which let a burst of requests take all the CPU and memory there is).
//!
//! Each pool has a few threads of its own (one per core: more would only queue for the
//! CPU) and a request waits at most a set time for its turn, then gets [`Busy`] (a 503
//! with `Retry-After`). Dedicated threads, rather than the runtime's blocking pool,
//! also bound memory: glibc keeps a thread's freed memory in that thread's arena, so
//! hundreds of blocking threads each computing an Argon2 hash once kept gigabytes.

use std::{sync::Arc, time::Duration};

/// A computation for one of the pool's threads.
type Job = Box<dyn FnOnce() + Send>;

/// Every thread of a pool was busy for longer than a request may wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the server is too busy to do this now")]
pub struct Busy;

/// A pool of threads doing one kind of CPU-heavy work.
pub struct Workers {
    jobs: std::sync::Mutex<std::sync::mpsc::Sender<Job>>,
    turns: tokio::sync::Semaphore,
    wait: Duration,
}

impl Workers {
    /// `threads` threads named `name-N`; a request waits at most `wait` for one.
    pub fn new(name: &str, threads: usize, wait: Duration) -> Self {
        let (sender, receiver) = std::sync::mpsc::channel::<Job>();
        let receiver = Arc::new(std::sync::Mutex::new(receiver));
        let threads = threads.max(1);
        for n in 0..threads {
            let receiver = receiver.clone();
            // A thread that cannot start leaves the others to do the work.
            let _ = std::thread::Builder::new().name(format!("{name}-{n}")).spawn(move || {
                loop {
                    let job = match receiver.lock() {
                        Ok(receiver) => receiver.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        // The pool was dropped.
                        Err(_) => return,
                    }
                }
            });
        }
        Self { jobs: std::sync::Mutex::new(sender), turns: tokio::sync::Semaphore::new(threads), wait }
    }

    /// One thread per core, and up to five seconds' wait: what a server uses.
    pub fn for_this_machine(name: &str) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        Self::new(name, cores, Duration::from_secs(5))
    }

    /// Runs `work` on one of the pool's threads once one is free.
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, Busy> {
        let _turn = match tokio::time::timeout(self.wait, self.turns.acquire()).await {
            Ok(Ok(turn)) => turn,
            _ => return Err(Busy),
        };
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(work());
        });
        self.jobs.lock().map_err(|_| Busy)?.send(job).map_err(|_| Busy)?;
        result.await.map_err(|_| Busy)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test]
    async fn no_more_jobs_run_at_once_than_there_are_threads_and_the_rest_wait_or_are_turned_away() {
        let pool = Arc::new(Workers::new("test", 2, Duration::from_secs(30)));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let gate = Arc::new(std::sync::Mutex::new(gate));
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let (pool, running, most, gate) = (pool.clone(), running.clone(), most.clone(), gate.clone());
            tasks.push(tokio::spawn(async move {
                pool.run(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    let _ = gate.lock().unwrap().recv();
                    running.fetch_sub(1, Ordering::SeqCst);
                })
                .await
            }));
        }
        // Both threads are taken and fourteen requests wait for a turn; one that may
        // not wait is turned away at once.
        while running.load(Ordering::SeqCst) < 2 {
            tokio::task::yield_now().await;
        }
        let impatient = Workers::new("impatient", 1, Duration::ZERO);
        let _held = impatient.turns.acquire().await.unwrap();
        assert_eq!(impatient.run(|| ()).await, Err(Busy));
        for _ in 0..16 {
            release.send(()).unwrap();
        }
        for task in tasks {
            assert_eq!(task.await.unwrap(), Ok(()));
        }
        assert_eq!(most.load(Ordering::SeqCst), 2, "never more than two at once");
    }
}
