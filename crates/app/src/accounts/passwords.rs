//! Password hashing (Argon2id) and strength rules.

use std::{cell::RefCell, sync::LazyLock, time::Duration};

use argon2::{
    Algorithm, Argon2, Block, Params, PasswordHash, Version,
    password_hash::{self, Output, ParamsString, SaltString},
};
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
            .run(move || hash_now(password.as_bytes()).map_err(|err| HashError::Failed(err.to_string())))
            .await?
    }

    /// Whether `password` matches `stored`. With no stored hash (no such account, or a
    /// deleted one) it still does the same work and answers no.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, Busy> {
        self.workers
            .run(move || {
                let exists = stored.is_some();
                let stored = stored.unwrap_or_else(|| DECOY_HASH.clone());
                exists && matches_now(password.as_bytes(), &stored)
            })
            .await
    }
}

thread_local! {
    /// Argon2's working memory (19 MiB with OWASP's parameters), allocated once by each
    /// hashing thread and reused. Allocated afresh for every check, it fragmented glibc's
    /// heap: eight checks on two threads left 146 MiB that was never returned.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// The most memory a stored hash may ask for: four times what altto's own use.
const MOST_BLOCKS: usize = 4 * Params::DEFAULT_M_COST as usize;

/// Computes Argon2 into `out` in this thread's reused memory.
fn compute(
    argon2: &Argon2<'_>,
    blocks: usize,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> argon2::Result<()> {
    if blocks > MOST_BLOCKS {
        return Err(argon2::Error::MemoryTooMuch);
    }
    MEMORY.with(|memory| {
        let mut memory = memory.try_borrow_mut().map_err(|_| argon2::Error::MemoryTooLittle)?;
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        argon2.hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])
    })
}

/// A new Argon2id hash of `password` (OWASP's parameters, a random salt) in the PHC
/// string form every Argon2 library reads.
fn hash_now(password: &[u8]) -> password_hash::Result<String> {
    let params = Params::default();
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.as_salt().decode_b64(&mut salt_bytes)?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    compute(&argon2, params.block_count(), password, salt_bytes, &mut out)?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params)?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out)?),
    };
    Ok(hash.to_string())
}

/// Whether `password` matches the PHC string `stored` (compared in constant time).
fn matches_now(password: &[u8], stored: &str) -> bool {
    let check = || -> password_hash::Result<bool> {
        let parsed = PasswordHash::new(stored)?;
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else { return Ok(false) };
        let algorithm = Algorithm::try_from(parsed.algorithm)?;
        let version = parsed.version.map(Version::try_from).transpose()?.unwrap_or_default();
        let params = Params::try_from(&parsed)?;
        let argon2 = Argon2::new(algorithm, version, params.clone());
        let mut salt_bytes = [0u8; 64];
        let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
        let mut out = vec![0u8; expected.len()];
        compute(&argon2, params.block_count(), password, salt_bytes, &mut out)?;
        Ok(Output::new(&out)? == expected)
    };
    check().unwrap_or(false)
}

/// A hash of nothing anyone knows, checked when an account does not exist so that a
/// wrong address takes as long to refuse as a wrong password.
static DECOY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_now(crate::random::token().as_bytes()).unwrap_or_default());

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

    #[test]
    fn hashes_made_in_reused_memory_are_the_standard_argon2id_ones() {
        use argon2::{PasswordHasher as _, PasswordVerifier as _};
        let ours = hash_now(b"plum kettle orbit 47").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default().verify_password(b"plum kettle orbit 47", &parsed).is_ok(), "{ours}");
        // A hash the library made (as every stored one was) verifies here, twice in a
        // row in the same memory.
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default().hash_password(b"tea kettle 9", &salt).unwrap().to_string();
        assert!(matches_now(b"tea kettle 9", &theirs) && matches_now(b"tea kettle 9", &theirs));
        assert!(!matches_now(b"tea kettle 8", &theirs));
        assert!(!matches_now(b"tea kettle 9", "not a hash"));
        let greedy = theirs.replace("m=19456", "m=1000000");
        assert!(!matches_now(b"tea kettle 9", &greedy), "a hash asking for a gigabyte is not computed");
    }
}
