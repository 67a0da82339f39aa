//! The account mails: verification, password reset, e-mail change, and the notices
//! that keep sign-up and e-mail change from revealing which addresses have accounts.
//! Each is written in the member's language and queued; none is sent inside a request.

use altto_store::{TokenPurpose, User};
use fluent_templates::fluent_bundle::FluentValue;

use crate::random;
use crate::{error::AppResult, i18n::Lang, state::AppState};

/// How long a verification or e-mail-change link works.
const VERIFY_HOURS: i64 = 48;
/// How long a password-reset link works.
const RESET_HOURS: i64 = 1;

/// Creates a one-time token and returns the link that uses it.
async fn link(
    state: &AppState,
    user: &User,
    purpose: TokenPurpose,
    new_email: Option<&str>,
    path: &str,
) -> AppResult<String> {
    let hours = if purpose == TokenPurpose::ResetPassword { RESET_HOURS } else { VERIFY_HOURS };
    let token = random::token();
    let expires_at = altto_store::now_millis() + hours * 3_600_000;
    state.store.create_account_token(&random::hash(&token), user.id, purpose, new_email, expires_at).await?;
    Ok(format!("{}{path}?token={token}", state.settings.base_url()))
}

/// Queues the message `key` (`mail-<key>-subject` / `mail-<key>-body`) to `to`.
async fn queue(state: &AppState, user: &User, to: &str, key: &str, link: &str) -> AppResult<()> {
    let lang = Lang::from_code(&user.locale).unwrap_or_default();
    let args = [("name", FluentValue::from(user.display_name.as_str())), ("link", FluentValue::from(link))];
    let subject = lang.t_args(&format!("mail-{key}-subject"), &args);
    let body = lang.t_args(&format!("mail-{key}-body"), &args);
    state.mailer.enqueue(&state.store, altto_store::MailKind::Transactional, to, &subject, &body).await?;
    Ok(())
}

/// Mails a link that verifies the member's address.
pub async fn send_verification(state: &AppState, user: &User) -> AppResult<()> {
    let Some(email) = &user.email else { return Ok(()) };
    let link = link(state, user, TokenPurpose::VerifyEmail, None, "/verify").await?;
    queue(state, user, email, "verify", &link).await
}

/// Tells the owner of an address that someone tried to sign up with it.
pub async fn send_account_exists(state: &AppState, user: &User) -> AppResult<()> {
    let Some(email) = &user.email else { return Ok(()) };
    let link = format!("{}/password/forgot", state.settings.base_url());
    queue(state, user, email, "exists", &link).await
}

/// Mails a password-reset link.
pub async fn send_password_reset(state: &AppState, user: &User) -> AppResult<()> {
    let Some(email) = &user.email else { return Ok(()) };
    let link = link(state, user, TokenPurpose::ResetPassword, None, "/password/reset").await?;
    queue(state, user, email, "reset", &link).await
}

/// Mails a link to `new_email` that moves the account there.
pub async fn send_email_change(state: &AppState, user: &User, new_email: &str) -> AppResult<()> {
    let link =
        link(state, user, TokenPurpose::ChangeEmail, Some(new_email), "/account/email/confirm").await?;
    queue(state, user, new_email, "change", &link).await
}

/// Tells `taken` that someone asked to move their account to it, though it is in use.
pub async fn send_email_taken(state: &AppState, user: &User, taken: &str) -> AppResult<()> {
    let link = format!("{}/login", state.settings.base_url());
    queue(state, user, taken, "taken", &link).await
}

/// Tells the old address that the account moved away from it.
pub async fn send_email_changed_notice(state: &AppState, user: &User, old_email: &str) -> AppResult<()> {
    let link = format!("{}/password/forgot", state.settings.base_url());
    queue(state, user, old_email, "changed", &link).await
}
