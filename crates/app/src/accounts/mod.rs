//! Accounts: sign-up, e-mail verification, sign-in and out, password reset, e-mail and
//! password changes, profiles, personal API tokens, data export and account deletion.

pub mod limits;
pub mod mails;
pub mod passwords;
pub mod profile;
pub mod sessions;
mod settings_pages;
mod sign_in_pages;
mod tokens;

use std::str::FromStr as _;

use crate::{policy::Action, web::routes::Routes};

/// The account routes.
pub fn routes() -> Routes {
    use Action::{Authenticate, ManageOwnAccount, ReadPublic, ViewProfile};
    use settings_pages as settings;
    use sign_in_pages as sign_in;
    Routes::new()
        .get("/signup", Authenticate, sign_in::show_signup)
        .post("/signup", Authenticate, sign_in::submit_signup)
        .get("/signup/sent", Authenticate, sign_in::show_signup_sent)
        .get("/verify", Authenticate, sign_in::show_verify)
        .post("/verify", Authenticate, sign_in::submit_verify)
        .get("/login", Authenticate, sign_in::show_login)
        .post("/login", Authenticate, sign_in::submit_login)
        .post("/logout", ManageOwnAccount, sign_in::submit_logout)
        .get("/password/forgot", Authenticate, sign_in::show_forgot)
        .post("/password/forgot", Authenticate, sign_in::submit_forgot)
        .get("/password/forgot/sent", Authenticate, sign_in::show_forgot_sent)
        .get("/password/reset", Authenticate, sign_in::show_reset)
        .post("/password/reset", Authenticate, sign_in::submit_reset)
        .get("/account", ManageOwnAccount, settings::show_account)
        .get("/account/profile", ManageOwnAccount, settings::edit_profile)
        .post("/account/profile", ManageOwnAccount, settings::update_profile)
        .get("/account/password", ManageOwnAccount, settings::edit_password)
        .post("/account/password", ManageOwnAccount, settings::update_password)
        .get("/account/email", ManageOwnAccount, settings::edit_email)
        .post("/account/email", ManageOwnAccount, settings::request_email_change)
        .get("/account/email/confirm", Authenticate, settings::show_email_confirm)
        .post("/account/email/confirm", Authenticate, settings::confirm_email_change)
        .post("/account/sessions/revoke", ManageOwnAccount, settings::revoke_sessions)
        .get("/account/tokens", ManageOwnAccount, tokens::list_tokens)
        .post("/account/tokens", ManageOwnAccount, tokens::create_token)
        .post("/account/tokens/{id}/revoke", ManageOwnAccount, tokens::revoke_token)
        .get("/account/data", ManageOwnAccount, settings::download_data)
        .get("/account/delete", ManageOwnAccount, settings::confirm_delete)
        .post("/account/delete", ManageOwnAccount, settings::delete_account)
        .get("/account/deleted", ReadPublic, settings::show_deleted)
        .get("/members/{id}", ViewProfile, profile::show_profile)
}

/// An e-mail address as typed: trimmed and lower-cased, and checked by the mail
/// library's parser; `None` when it is not a usable address.
pub fn normalize_email(raw: &str) -> Option<String> {
    let email = raw.trim().to_lowercase();
    (email.len() <= 254 && email.contains('.') && lettre::Address::from_str(&email).is_ok()).then_some(email)
}

/// `next` if it is a path on this site, else `fallback`.
pub fn local_target<'a>(next: &'a str, fallback: &'a str) -> &'a str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(char::is_control);
    if local { next } else { fallback }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_normalised_and_checked() {
        assert_eq!(normalize_email("  Hanako@Example.JP "), Some("hanako@example.jp".into()));
        assert_eq!(normalize_email("not-an-address"), None);
        assert_eq!(normalize_email("a@b"), None);
        assert_eq!(normalize_email("a b@example.org"), None);
    }

    #[test]
    fn only_local_targets_are_followed() {
        assert_eq!(local_target("/account", "/"), "/account");
        assert_eq!(local_target("//evil.example", "/"), "/");
        assert_eq!(local_target("https://evil.example", "/x"), "/x");
    }
}
