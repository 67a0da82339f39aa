//! Rate limits on sign-in, sign-up, password reset and verification mail, per client
//! address and per account, counted in the database so every node shares them.

use crate::{error::AppError, state::AppState};

/// A limit: at most `max` attempts per `window_secs` for one key.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    /// Bucket name prefix.
    pub name: &'static str,
    /// Attempts allowed per window.
    pub max: i64,
    /// Window length.
    pub window_secs: i64,
}

/// Sign-in attempts from one address.
pub const SIGN_IN_PER_IP: Limit = Limit { name: "sign_in_ip", max: 20, window_secs: 15 * 60 };
/// Sign-in attempts at one account.
pub const SIGN_IN_PER_ACCOUNT: Limit = Limit { name: "sign_in_account", max: 8, window_secs: 15 * 60 };
/// Current-password checks for one account (changing the password or e-mail address,
/// deleting the account): like sign-in, so a stolen session cannot guess the password.
pub const CURRENT_PASSWORD_PER_ACCOUNT: Limit =
    Limit { name: "current_password", max: 8, window_secs: 15 * 60 };
/// Sign-ups from one address.
pub const SIGN_UP_PER_IP: Limit = Limit { name: "sign_up_ip", max: 10, window_secs: 60 * 60 };
/// Sign-ups from one address range (see [`range_key`]): a wave of sign-ups from many
/// addresses of one network meets this besides [`SIGN_UP_PER_IP`].
pub const SIGN_UP_PER_RANGE: Limit = Limit { name: "sign_up_range", max: 20, window_secs: 60 * 60 };
/// Password-reset requests from one address.
pub const RESET_PER_IP: Limit = Limit { name: "reset_ip", max: 10, window_secs: 60 * 60 };
/// Password-reset mails to one account.
pub const RESET_PER_ACCOUNT: Limit = Limit { name: "reset_account", max: 3, window_secs: 60 * 60 };
/// Verification mails to one account (sign-up resend, e-mail change).
pub const VERIFY_PER_ACCOUNT: Limit = Limit { name: "verify_account", max: 5, window_secs: 60 * 60 };

/// Counts one attempt against `limit` for `key`; refuses with the wait when the
/// limit is exceeded. If the database cannot count, the attempt is allowed (the
/// handler's own database work will fail anyway).
pub async fn hit(state: &AppState, limit: Limit, key: &str) -> Result<(), AppError> {
    let window_ms = limit.window_secs * 1000;
    let now = altto_store::now_millis();
    let window_start = now - now % window_ms;
    let bucket = format!("{}:{}", limit.name, key.to_lowercase());
    match state.store.hit_rate_limit(&bucket, window_start).await {
        Ok(hits) if hits > limit.max => {
            let retry_after = (window_start + window_ms - now + 999) / 1000;
            Err(AppError::RateLimited { retry_after_secs: u64::try_from(retry_after).unwrap_or(60) })
        }
        Ok(_) => Ok(()),
        Err(err) => {
            tracing::warn!(error = %err, "cannot count a rate-limited attempt");
            Ok(())
        }
    }
}

/// The address range `ip` belongs to, as a rate-limit key: its /24 for IPv4 (`192.0.2.0/24`),
/// its /48 for IPv6 (`2001:db8:1::/48`), an IPv4-mapped IPv6 address as IPv4; text that
/// is no address stays itself.
pub fn range_key(ip: &str) -> String {
    use std::net::IpAddr;
    match ip.trim().parse::<IpAddr>().map(|ip| ip.to_canonical()) {
        Ok(IpAddr::V4(v4)) => {
            let [a, b, c, _] = v4.octets();
            format!("{a}.{b}.{c}.0/24")
        }
        Ok(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2])
        }
        Err(_) => ip.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::range_key;

    #[test]
    fn an_address_range_is_its_ipv4_slash_24_or_its_ipv6_slash_48() {
        assert_eq!(range_key("203.0.113.7"), "203.0.113.0/24");
        assert_eq!(range_key("203.0.113.250"), range_key("203.0.113.1"));
        assert_ne!(range_key("203.0.114.1"), range_key("203.0.113.1"));
        assert_eq!(range_key("2001:db8:1:2:3::9"), "2001:db8:1::/48");
        assert_eq!(range_key("2001:db8:1:ffff::1"), range_key("2001:db8:1::2"));
        assert_ne!(range_key("2001:db8:2::1"), range_key("2001:db8:1::1"));
        assert_eq!(range_key("::ffff:198.51.100.9"), "198.51.100.0/24", "IPv4-mapped is IPv4");
        assert_eq!(range_key("unknown"), "unknown");
    }
}
