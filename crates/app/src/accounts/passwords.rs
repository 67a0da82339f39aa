//! Password hashing (Argon2id) and strength rules.

use std::{sync::LazyLock, time::Duration};

use argon2::{Argon2, PasswordHash, PasswordHasher as _, PasswordVerifier as _, password_hash::SaltString};
use rand_core::OsRng;

use crate::workers::{Busy, Workers};

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

/// Argon2id hashing and checking for the whole process, on a [`Workers`] pool of its
/// own: each computation needs 19 MiB and tens of milliseconds by design (OWASP's
/// parameters), and 128 concurrent wrong passwords once took the process from tens of
/// MiB to gigabytes.
pub struct Hasher {
    workers: Workers,
}

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
    /// Hashing on `workers`.
    pub fn new(workers: Workers) -> Self {
        Self { workers }
    }

    /// What a server uses: a thread per core.
    pub fn for_this_machine() -> Self {
        Self::new(Workers::for_this_machine("argon2"))
    }

    /// For a command-line tool: one thread, no time limit.
    pub fn single() -> Self {
        Self::new(Workers::new("argon2", 1, Duration::MAX))
    }

    /// Hashes a password with Argon2id.
    pub async fn hash(&self, password: String) -> Result<String, HashError> {
        self.workers
            .run(move || {
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
        self.workers
            .run(move || {
                let exists = stored.is_some();
                let stored = stored.unwrap_or_else(|| DECOY_HASH.clone());
                let matches = PasswordHash::new(&stored).is_ok_and(|parsed| {
                    Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()
                });
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
        let hasher = Hasher::single();
        let stored = hasher.hash("plum kettle orbit 47".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert_eq!(hasher.verify("plum kettle orbit 47".into(), Some(stored.clone())).await, Ok(true));
        assert_eq!(hasher.verify("plum kettle orbit 48".into(), Some(stored)).await, Ok(false));
        assert_eq!(hasher.verify("anything".into(), None).await, Ok(false));
    }
}
