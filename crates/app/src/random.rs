//! Random tokens and their stored form: session tokens, visitor cookies, one-time links,
//! API tokens, certificate ids and site secrets.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest as _, Sha256};

/// 32 random bytes from the operating system, URL-safe base64 (43 characters).
pub fn token() -> String {
    use rand_core::{OsRng, RngCore as _};
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a token: its SHA-256, hex. A database leak then reveals no
/// usable token.
pub fn hash(token: &str) -> String {
    use std::fmt::Write as _;
    let mut hex = String::with_capacity(64);
    for byte in Sha256::digest(token.as_bytes()) {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_long_distinct_and_stored_only_as_their_hash() {
        let (a, b) = (super::token(), super::token());
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert_eq!(super::hash(&a).len(), 64);
        assert_ne!(super::hash(&a), a);
        assert_eq!(super::hash(&a), super::hash(&a));
    }
}
