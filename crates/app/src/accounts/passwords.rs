//! Password hashing (Argon2id) and strength rules.

use std::sync::LazyLock;

use anyhow::Context as _;
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

/// Hashes a password with Argon2id (OWASP's recommended parameters), off the async
/// threads because it takes tens of milliseconds by design.
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|err| anyhow::anyhow!("cannot hash a password: {err}"))
    })
    .await
    .context("the password hashing task failed")?
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

/// Whether `password` matches `stored`. With no stored hash (no such account, or a
/// deleted one) it still does the same work and answers no.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    let exists = stored.is_some();
    let stored = stored.unwrap_or_else(|| DECOY_HASH.clone());
    let matches = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .unwrap_or(false);
    exists && matches
}

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
        let stored = hash("plum kettle orbit 47".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("plum kettle orbit 47".into(), Some(stored.clone())).await);
        assert!(!verify("plum kettle orbit 48".into(), Some(stored)).await);
        assert!(!verify("anything".into(), None).await);
    }
}
