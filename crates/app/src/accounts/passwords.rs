//! Password hashing (Argon2id) and strength rules.

use std::{
    sync::{Arc, LazyLock},
    time::Duration,
};

use argon2::{Argon2, PasswordHash, PasswordHasher as _, PasswordVerifier as _, password_hash::SaltString};
use rand_core::OsRng;

/// Shortest password accepted.
pub const MIN_LENGTH: usize = 10;
/// Longest password accepted (hashing cost grows with length).
pub const MAX_LENGTH: usize = 256;

/// Why a new password was refused (each is a translation key).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weakness {
    /// Fewer than [`MIN_LENGTH`] characters.
    TooShort,
    /// More than [`MAX_LENGTH`] characters.
    TooLong,
    /// Easy to guess: common, a pattern, or built from the name or address.
    Guessable,
}

impl Weakness {
    /// The message key.
    pub fn message_key(self) -> &'static str {
        match self {
            Weakness::TooShort => "field-password-too-short",
            Weakness::TooLong => "field-password-too-long",
            Weakness::Guessable => "field-password-weak",
        }
    }
}

/// Checks a new password: length, then zxcvbn's estimate of how guessable it is,
/// counting the member's own name and address as known words.
pub fn check_strength(password: &str, personal: &[&str]) -> Result<(), Weakness> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(Weakness::TooShort);
    }
    if length > MAX_LENGTH {
        return Err(Weakness::TooLong);
    }
    let estimate = zxcvbn::zxcvbn(password, personal);
    if estimate.score() < zxcvbn::Score::Three { Err(Weakness::Guessable) } else { Ok(()) }
}

/// The Argon2id work of the whole process, bounded.
///
/// Each hash or check needs 19 MiB and tens of milliseconds by design (OWASP's
/// parameters). Run on the async runtime's blocking pool, a burst of wrong passwords
/// started one computation per request: 128 at once took the process from tens of MiB
/// to gigabytes, and glibc kept that memory in each thread's arena afterwards. So the
/// work runs on a few threads of its own (one per core: more would only queue for the
/// CPU), which bounds both the CPU and the memory it can take; a request waits at most
/// `wait` for a turn, then gets [`Busy`] (a 503 with `Retry-After`).
pub struct Hasher {
    jobs: std::sync::Mutex<std::sync::mpsc::Sender<Job>>,
    turns: tokio::sync::Semaphore,
    wait: Duration,
}

/// A computation for one of the hashing threads.
type Job = Box<dyn FnOnce() + Send>;

/// Every hashing thread was busy for longer than a request may wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("too many password checks at once")]
pub struct Busy;

/// Why a password could not be hashed.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// No hashing thread was free in time.
    #[error(transparent)]
    Busy(#[from] Busy),
    /// Argon2 refused (only possible with broken parameters).
    #[error("cannot hash a password: {0}")]
    Failed(String),
}

impl Hasher {
    /// At most `threads` computations at once; a request waits at most `wait` for one.
    pub fn new(threads: usize, wait: Duration) -> Self {
        let (sender, receiver) = std::sync::mpsc::channel::<Job>();
        let receiver = Arc::new(std::sync::Mutex::new(receiver));
        let threads = threads.max(1);
        for n in 0..threads {
            let receiver = receiver.clone();
            // A thread that cannot start leaves the others to do the work.
            let _ = std::thread::Builder::new().name(format!("argon2-{n}")).spawn(move || {
                loop {
                    let job = match receiver.lock() {
                        Ok(receiver) => receiver.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        // The hasher was dropped.
                        Err(_) => return,
                    }
                }
            });
        }
        Self { jobs: std::sync::Mutex::new(sender), turns: tokio::sync::Semaphore::new(threads), wait }
    }

    /// One thread per core, and up to five seconds' wait: what a server uses.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        Self::new(cores, Duration::from_secs(5))
    }

    /// Runs `work` on a hashing thread once one is free.
    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, Busy> {
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

    /// Hashes a password with Argon2id.
    pub async fn hash(&self, password: String) -> Result<String, HashError> {
        self.run(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(password.as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(|err| HashError::Failed(err.to_string()))
        })
        .await?
    }

    /// Whether `password` matches `stored`. With no stored hash (no such account, or a
    /// deleted one) it still does the same work and answers no.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, Busy> {
        self.run(move || {
            let exists = stored.is_some();
            let stored = stored.unwrap_or_else(|| DECOY_HASH.clone());
            let matches = PasswordHash::new(&stored)
                .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok());
            exists && matches
        })
        .await
    }
}

/// A hash of nothing anyone knows, checked when an account does not exist so that a
/// wrong address takes as long to refuse as a wrong password.
static DECOY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(super::sessions::random_token().as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .unwrap_or_default()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_common_and_personal_passwords_are_refused() {
        assert_eq!(check_strength("abc", &[]), Err(Weakness::TooShort));
        assert_eq!(check_strength("password123", &[]), Err(Weakness::Guessable));
        assert_eq!(check_strength("1234567890", &[]), Err(Weakness::Guessable));
        assert_eq!(check_strength("hanakotanaka", &["hanako", "tanaka"]), Err(Weakness::Guessable));
        assert_eq!(check_strength(&"x".repeat(300), &[]), Err(Weakness::TooLong));
        assert_eq!(check_strength("plum kettle orbit 47 lanterns", &[]), Ok(()));
    }

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password() {
        let hasher = Hasher::new(1, Duration::from_secs(30));
        let stored = hasher.hash("plum kettle orbit 47".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert_eq!(hasher.verify("plum kettle orbit 47".into(), Some(stored.clone())).await, Ok(true));
        assert_eq!(hasher.verify("plum kettle orbit 48".into(), Some(stored)).await, Ok(false));
        assert_eq!(hasher.verify("anything".into(), None).await, Ok(false));
    }

    #[tokio::test]
    async fn no_more_checks_run_at_once_than_there_are_threads_and_the_rest_wait_or_are_turned_away() {
        let hasher = Arc::new(Hasher::new(2, Duration::from_secs(30)));
        let running = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let gate = Arc::new(std::sync::Mutex::new(gate));
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let (hasher, running, most, gate) = (hasher.clone(), running.clone(), most.clone(), gate.clone());
            tasks.push(tokio::spawn(async move {
                hasher
                    .run(move || {
                        let now = running.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                        most.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
                        let _ = gate.lock().unwrap().recv();
                        running.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                    })
                    .await
            }));
        }
        // Both threads are taken and fourteen requests wait for a turn; one that may
        // not wait is turned away at once.
        while running.load(std::sync::atomic::Ordering::SeqCst) < 2 {
            tokio::task::yield_now().await;
        }
        let impatient = Hasher::new(1, Duration::ZERO);
        let _held = impatient.turns.acquire().await.unwrap();
        assert_eq!(impatient.verify("x".into(), None).await, Err(Busy));
        for _ in 0..16 {
            release.send(()).unwrap();
        }
        for task in tasks {
            assert_eq!(task.await.unwrap(), Ok(()));
        }
        assert_eq!(most.load(std::sync::atomic::Ordering::SeqCst), 2, "never more than two at once");
    }
}
