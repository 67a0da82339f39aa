//! The signed links of newsletter mail: confirming a subscription and leaving the list
//! (and, with a purpose of their own, the links in members' notice mail that stop one
//! kind of mail: see `notifications::unsubscribe`).
//!
//! A token is `<subscriber id>.<expiry>.<signature>`: an HMAC-SHA256, under the site's
//! key (the CSRF key, with a purpose of its own so no token of one kind is valid as
//! another), of the purpose, the subscriber, its address and the expiry. Nothing is
//! stored: a token is checked by signing again. Binding the address means a link stops
//! working if the row's address ever differs; a confirmation link expires, an
//! unsubscribe link (expiry `0`) never does, as a mail may be read years later.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac as _};
use sha2::Sha256;

/// What a token may be used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Confirming a subscription (double opt-in).
    Confirm,
    /// Leaving the list.
    Unsubscribe,
    /// Stopping one kind of notice mail to a member (the "address" signed is the
    /// kind and the member's address).
    StopNoticeMail,
}

impl Purpose {
    fn label(self) -> &'static str {
        match self {
            Purpose::Confirm => "newsletter/confirm",
            Purpose::Unsubscribe => "newsletter/unsubscribe",
            Purpose::StopNoticeMail => "notices/stop-mail",
        }
    }
}

/// How long a confirmation link works.
pub const CONFIRM_VALID_MS: i64 = 7 * 24 * 3_600_000;

/// Why a token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not a token we made (tampered with, cut short, or for another purpose).
    Invalid,
    /// Ours, but too old.
    Expired,
}

/// A token for `purpose`, subscriber `id` at `email`, valid until `expires_at` (unix
/// ms; `0`: for ever).
pub fn sign(key: &[u8], purpose: Purpose, id: i64, email: &str, expires_at: i64) -> String {
    let signature = URL_SAFE_NO_PAD.encode(mac(key, purpose, id, email, expires_at).finalize().into_bytes());
    format!("{id}.{expires_at}.{signature}")
}

/// The subscriber id a token names, before its signature is checked (which needs the
/// subscriber's address): `None` if it is not shaped like a token.
pub fn subscriber_of(token: &str) -> Option<i64> {
    token.split('.').next()?.parse().ok()
}

/// Checks `token` for `purpose` against subscriber `id` at `email`, at time `now`.
pub fn verify(
    key: &[u8],
    purpose: Purpose,
    token: &str,
    id: i64,
    email: &str,
    now: i64,
) -> Result<(), Refused> {
    let mut parts = token.split('.');
    let (Some(claimed), Some(expires), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Refused::Invalid);
    };
    let expires_at: i64 = expires.parse().map_err(|_| Refused::Invalid)?;
    if claimed != id.to_string() || expires != expires_at.to_string() {
        return Err(Refused::Invalid);
    }
    let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| Refused::Invalid)?;
    mac(key, purpose, id, email, expires_at).verify_slice(&signature).map_err(|_| Refused::Invalid)?;
    if expires_at != 0 && expires_at < now {
        return Err(Refused::Expired);
    }
    Ok(())
}

fn mac(key: &[u8], purpose: Purpose, id: i64, email: &str, expires_at: i64) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(format!("{}:{id}:{expires_at}:", purpose.label()).as_bytes());
    mac.update(email.as_bytes());
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"a site key";

    #[test]
    fn a_token_is_valid_only_for_its_purpose_subscriber_address_and_time() {
        let token = sign(KEY, Purpose::Confirm, 7, "a@example.org", 1_000);
        assert_eq!(subscriber_of(&token), Some(7));
        assert_eq!(verify(KEY, Purpose::Confirm, &token, 7, "a@example.org", 999), Ok(()));
        assert_eq!(verify(KEY, Purpose::Confirm, &token, 7, "a@example.org", 1_001), Err(Refused::Expired));
        assert_eq!(verify(KEY, Purpose::Unsubscribe, &token, 7, "a@example.org", 0), Err(Refused::Invalid));
        assert_eq!(verify(KEY, Purpose::Confirm, &token, 8, "a@example.org", 0), Err(Refused::Invalid));
        assert_eq!(verify(KEY, Purpose::Confirm, &token, 7, "b@example.org", 0), Err(Refused::Invalid));
        assert_eq!(verify(b"other", Purpose::Confirm, &token, 7, "a@example.org", 0), Err(Refused::Invalid));
    }

    #[test]
    fn a_tampered_token_is_refused() {
        let token = sign(KEY, Purpose::Unsubscribe, 3, "a@example.org", 0);
        assert_eq!(verify(KEY, Purpose::Unsubscribe, &token, 3, "a@example.org", i64::MAX), Ok(()));
        let later = token.replacen(".0.", ".9999999999999.", 1);
        assert_eq!(verify(KEY, Purpose::Unsubscribe, &later, 3, "a@example.org", 0), Err(Refused::Invalid));
        let mut flipped = token.clone();
        let last = flipped.pop().unwrap();
        flipped.push(if last == 'A' { 'B' } else { 'A' });
        assert_eq!(verify(KEY, Purpose::Unsubscribe, &flipped, 3, "a@example.org", 0), Err(Refused::Invalid));
        assert_eq!(verify(KEY, Purpose::Unsubscribe, "3.0", 3, "a@example.org", 0), Err(Refused::Invalid));
        assert_eq!(verify(KEY, Purpose::Unsubscribe, "", 3, "a@example.org", 0), Err(Refused::Invalid));
    }
}
