//! Sign-up, e-mail verification, sign-in, sign-out and password reset.
//!
//! None of these pages tells a visitor whether an address has an account: sign-up and
//! reset always answer "check your mail", sign-in always answers "address or password
//! is incorrect", and unknown addresses cost the same password check as known ones.

use altto_store::{AccountStatus, NewAuditEntry, NewUser, Redemption, Role, StoreError, TokenPurpose};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{limits, local_target, mails, normalize_email, passwords, sessions};
use crate::{
    auth::RequestAuth,
    error::{AppError, AppResult},
    state::AppState,
    web::{Ctx, forms::FormState},
};

/// Longest display name.
pub const NAME_MAX: usize = 60;

/// The sign-up page.
#[derive(Template)]
#[template(path = "accounts/signup.html")]
pub struct SignupPage {
    ctx: Ctx,
    form: FormState,
}

/// The sign-in page.
#[derive(Template)]
#[template(path = "accounts/login.html")]
pub struct LoginPage {
    ctx: Ctx,
    form: FormState,
    next: String,
    notice: Option<String>,
}

/// A page with one message and an optional link or confirm button.
#[derive(Template)]
#[template(path = "accounts/notice.html")]
pub struct NoticePage {
    ctx: Ctx,
    title: String,
    message: String,
    /// A button that posts the token back (`action`, `token`, button label).
    confirm: Option<(String, String, String)>,
    /// A link to go on (`href`, label).
    link: Option<(String, String)>,
}

impl NoticePage {
    /// A message page with the texts under `title_key` and `message_key`.
    pub fn new(ctx: &Ctx, title_key: &str, message_key: &str) -> Self {
        Self {
            ctx: ctx.clone(),
            title: ctx.t(title_key),
            message: ctx.t(message_key),
            confirm: None,
            link: None,
        }
    }

    /// Adds a link.
    pub fn link(mut self, href: &str, label_key: &str) -> Self {
        self.link = Some((href.to_owned(), self.ctx.t(label_key)));
        self
    }

    /// Adds a button that posts `token` to `action`.
    pub fn confirm(mut self, action: &str, token: &str, label_key: &str) -> Self {
        self.confirm = Some((action.to_owned(), token.to_owned(), self.ctx.t(label_key)));
        self
    }
}

/// The page asking for an address to send a reset link to.
#[derive(Template)]
#[template(path = "accounts/forgot.html")]
pub struct ForgotPage {
    ctx: Ctx,
    form: FormState,
}

/// The page for choosing a new password from a reset link.
#[derive(Template)]
#[template(path = "accounts/reset.html")]
pub struct ResetPage {
    ctx: Ctx,
    form: FormState,
    token: String,
}

/// Sign-up form fields (all optional so that any body parses and gets field messages).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignupForm {
    email: String,
    display_name: String,
    password: String,
    /// A field people never see (the form hides it), which programs that fill in
    /// every field fill in: see [`submit_signup`].
    website: String,
}

/// Sign-in form fields.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: String,
}

/// A form that carries only an e-mail address.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EmailForm {
    email: String,
}

/// A form or query that carries a one-time token.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenForm {
    pub(super) token: String,
    password: String,
}

/// Query of the sign-in page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginQuery {
    next: String,
    notice: String,
}

/// `GET /signup`.
pub async fn show_signup(ctx: Ctx) -> Response {
    ctx.render(&SignupPage { ctx: ctx.clone(), form: FormState::new() })
}

/// Validates a display name into `form`.
pub fn check_display_name(form: &mut FormState, raw: &str) -> Option<String> {
    let name = raw.trim();
    form.keep("display_name", name);
    if name.is_empty() {
        form.fail("display_name", "field-name-required");
        None
    } else if name.chars().count() > NAME_MAX || name.chars().any(char::is_control) {
        form.fail("display_name", "field-name-too-long");
        None
    } else {
        Some(name.to_owned())
    }
}

/// Validates a new password into `form`, against the member's own name and address.
pub fn check_new_password(
    form: &mut FormState,
    field: &'static str,
    password: &str,
    personal: &[&str],
) -> bool {
    match passwords::check_strength(password, personal) {
        Ok(()) => true,
        Err(weakness) => {
            form.fail(field, weakness.message_key());
            false
        }
    }
}

/// `POST /signup`: creates an unverified account and mails a verification link. If the
/// address already has an account, its owner gets a mail saying so instead; the page
/// shown is the same either way.
pub async fn submit_signup(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(input): Form<SignupForm>,
) -> AppResult<Response> {
    limits::hit(&state, limits::SIGN_UP_PER_IP, &auth.client_ip).await?;
    limits::hit(&state, limits::SIGN_UP_PER_RANGE, &limits::range_key(&auth.client_ip)).await?;
    // The hidden field is filled: a program signing up in bulk. It is answered as a
    // person would be, and nothing is made or mailed.
    if !input.website.is_empty() {
        tracing::info!(client = %auth.client_ip, "sign-up ignored: the hidden field was filled in");
        return Ok(Redirect::to("/signup/sent").into_response());
    }
    let mut form = FormState::new();
    form.keep("email", input.email.trim());
    let email = normalize_email(&input.email);
    if email.is_none() {
        form.fail("email", "field-email-invalid");
    }
    let name = check_display_name(&mut form, &input.display_name);
    let local_part = input.email.split('@').next().unwrap_or_default();
    check_new_password(&mut form, "password", &input.password, &[local_part, input.display_name.trim()]);
    let (Some(email), Some(name), false) = (email, name, form.has_errors()) else {
        return Ok(
            ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &SignupPage { ctx: ctx.clone(), form })
        );
    };
    // Hash first in every case, so a taken address answers as slowly as a new one.
    let password_hash = state.passwords.hash(input.password).await?;
    let new = NewUser {
        email: email.clone(),
        password_hash,
        display_name: name,
        locale: ctx.lang.code().to_owned(),
        email_verified: false,
        role: Role::Member,
        is_moderator: false,
        is_admin: false,
    };
    match state.store.create_user(&new).await {
        Ok(user_id) => {
            let user = state.store.user(user_id).await?;
            mails::send_verification(&state, &user).await?;
        }
        Err(StoreError::Conflict(_)) => {
            let existing = state.store.user_by_email(&email).await?;
            if let Some(existing) = existing.filter(|user| user.status == AccountStatus::Active) {
                mails::send_account_exists(&state, &existing).await?;
            }
        }
        Err(err) => return Err(err.into()),
    }
    Ok(Redirect::to("/signup/sent").into_response())
}

/// `GET /signup/sent`.
pub async fn show_signup_sent(ctx: Ctx) -> Response {
    ctx.render(&NoticePage::new(&ctx, "signup-sent-title", "signup-sent-message"))
}

/// A mailed link that is confirmed with a button (so that mail scanners that open links
/// do not use up its one-time token): the texts, where the button posts, and where to go
/// when the link no longer works.
pub struct ConfirmLink {
    /// What the token is for.
    pub purpose: TokenPurpose,
    /// Title and message keys.
    pub texts: (&'static str, &'static str),
    /// Where the button posts, and its label key.
    pub button: (&'static str, &'static str),
    /// The link offered when the token is unknown, expired or used (href, label key).
    pub fallback: (&'static str, &'static str),
}

/// The confirmation page of a mailed link, or the "link does not work" page.
pub async fn show_confirmation(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
    link: ConfirmLink,
) -> AppResult<Response> {
    if state.store.account_token_is_valid(&crate::random::hash(token), link.purpose).await? {
        let page =
            NoticePage::new(ctx, link.texts.0, link.texts.1).confirm(link.button.0, token, link.button.1);
        Ok(ctx.render(&page))
    } else {
        Ok(invalid_link(ctx, link.fallback))
    }
}

/// `GET /verify?token=…`.
pub async fn show_verify(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<TokenForm>,
) -> AppResult<Response> {
    let link = ConfirmLink {
        purpose: TokenPurpose::VerifyEmail,
        texts: ("verify-title", "verify-message"),
        button: ("/verify", "verify-button"),
        fallback: SIGN_IN,
    };
    show_confirmation(&state, &ctx, &query.token, link).await
}

/// Where a broken link sends a visitor: the sign-in page.
const SIGN_IN: (&str, &str) = ("/login", "nav-sign-in");

/// The page for a link that is unknown, expired or used, offering `fallback`.
pub fn invalid_link(ctx: &Ctx, fallback: (&str, &str)) -> Response {
    let page =
        NoticePage::new(ctx, "link-invalid-title", "link-invalid-message").link(fallback.0, fallback.1);
    ctx.render_with_status(StatusCode::NOT_FOUND, &page)
}

/// `POST /verify`: marks the address verified.
pub async fn submit_verify(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(input): Form<TokenForm>,
) -> AppResult<Response> {
    match state.store.redeem_account_token(&crate::random::hash(&input.token), Redemption::VerifyEmail).await
    {
        Ok(_) => Ok(Redirect::to("/login?notice=verified").into_response()),
        Err(StoreError::NotFound) => Ok(invalid_link(&ctx, SIGN_IN)),
        Err(err) => Err(err.into()),
    }
}

/// `GET /login`.
pub async fn show_login(ctx: Ctx, Query(query): Query<LoginQuery>) -> Response {
    let notice = match query.notice.as_str() {
        "verified" => Some(ctx.t("notice-verified")),
        "reset" => Some(ctx.t("notice-password-reset")),
        "signed-out-everywhere" => Some(ctx.t("notice-signed-out-everywhere")),
        "password-changed" => Some(ctx.t("notice-password-changed")),
        _ => None,
    };
    let next = local_target(&query.next, "").to_owned();
    ctx.render(&LoginPage { ctx: ctx.clone(), form: FormState::new(), next, notice })
}

/// `POST /login`: checks the password, then moves the progress the visitor kept on
/// this device into the account (see [`crate::courses::merge_device_progress`]) and
/// starts a new session. This is also how a new account first signs in, so progress
/// made before signing up is kept. After a merge, a sign-in with nowhere else to go
/// lands on "my learning", which says so.
pub async fn submit_login(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    headers: HeaderMap,
    ctx: Ctx,
    Form(input): Form<LoginForm>,
) -> AppResult<Response> {
    let next = local_target(&input.next, "/account").to_owned();
    let mut form = FormState::new();
    form.keep("email", input.email.trim());
    let refuse = |form: FormState| {
        let page = LoginPage { ctx: ctx.clone(), form, next: next.clone(), notice: None };
        ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
    };
    let Some(email) = normalize_email(&input.email) else {
        form.fail("email", "field-email-invalid");
        return Ok(refuse(form));
    };
    limits::hit(&state, limits::SIGN_IN_PER_IP, &auth.client_ip).await?;
    limits::hit(&state, limits::SIGN_IN_PER_ACCOUNT, &email).await?;
    let user = state.store.user_by_email(&email).await?;
    let stored = user.as_ref().and_then(|user| user.password_hash.clone());
    if !state.passwords.verify(input.password, stored).await? {
        state
            .store
            .audit(NewAuditEntry {
                actor_id: None,
                action: "sign_in_failed",
                subject_id: user.as_ref().map(|user| user.id),
                detail: "",
                ip: &auth.client_ip,
            })
            .await?;
        form.fail("email", "login-failed");
        return Ok(refuse(form));
    }
    let Some(user) = user else { return Ok(refuse(form)) };
    if user.status != AccountStatus::Active {
        form.fail("email", "login-suspended");
        // The moderator's reason, if they gave one, in the member's language.
        let reason = state.store.suspension_reason(user.id).await?;
        let notice = (!reason.is_empty()).then(|| ctx.t1("moderation-suspended-because", "reason", &reason));
        let page = LoginPage { ctx: ctx.clone(), form, next: next.clone(), notice };
        return Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    if !user.email_verified {
        if limits::hit(&state, limits::VERIFY_PER_ACCOUNT, &email).await.is_ok() {
            mails::send_verification(&state, &user).await?;
        }
        form.fail("email", "login-unverified");
        return Ok(refuse(form));
    }
    if let Some(old) = &auth.session_hash {
        state.store.delete_session(old).await?;
    }
    // Before the session: if the merge fails, the visitor is not signed in, and the
    // cookie, still there, is merged at the next sign-in (once, whatever happens).
    let merge = crate::courses::merge_device_progress(&state, &user, &headers).await?;
    let cookie = sessions::start(&state, user.id, &headers).await?;
    if user.locale != ctx.lang.code() {
        state.store.set_locale(user.id, ctx.lang.code()).await?;
    }
    state
        .store
        .audit(NewAuditEntry {
            actor_id: Some(user.id),
            action: "signed_in",
            subject_id: Some(user.id),
            detail: "",
            ip: &auth.client_ip,
        })
        .await?;
    let next = match merge.merged && matches!(input.next.as_str(), "" | "/learning") {
        true => "/learning?notice=merged".to_owned(),
        false => next,
    };
    let mut response = ([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response();
    if let Some(clear) = merge.clear_cookie.and_then(|clear| HeaderValue::from_str(&clear).ok()) {
        response.headers_mut().append(header::SET_COOKIE, clear);
    }
    Ok(response)
}

/// `POST /logout`: ends this session.
pub async fn submit_logout(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
) -> AppResult<Response> {
    if let Some(hash) = &auth.session_hash {
        state.store.delete_session(hash).await?;
    }
    Ok(([(header::SET_COOKIE, sessions::clear_cookie(&state))], Redirect::to("/")).into_response())
}

/// `GET /password/forgot`.
pub async fn show_forgot(ctx: Ctx) -> Response {
    ctx.render(&ForgotPage { ctx: ctx.clone(), form: FormState::new() })
}

/// `POST /password/forgot`: mails a reset link if the address has an active account;
/// answers the same either way.
pub async fn submit_forgot(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(input): Form<EmailForm>,
) -> AppResult<Response> {
    let Some(email) = normalize_email(&input.email) else {
        let mut form = FormState::new();
        form.keep("email", input.email.trim()).fail("email", "field-email-invalid");
        return Ok(
            ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &ForgotPage { ctx: ctx.clone(), form })
        );
    };
    limits::hit(&state, limits::RESET_PER_IP, &auth.client_ip).await?;
    limits::hit(&state, limits::RESET_PER_ACCOUNT, &email).await?;
    let user = state.store.user_by_email(&email).await?;
    if let Some(user) = user.filter(|user| user.status == AccountStatus::Active) {
        mails::send_password_reset(&state, &user).await?;
    }
    Ok(Redirect::to("/password/forgot/sent").into_response())
}

/// `GET /password/forgot/sent`.
pub async fn show_forgot_sent(ctx: Ctx) -> Response {
    ctx.render(&NoticePage::new(&ctx, "forgot-sent-title", "forgot-sent-message"))
}

/// `GET /password/reset?token=…`.
pub async fn show_reset(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<TokenForm>,
) -> AppResult<Response> {
    if state
        .store
        .account_token_is_valid(&crate::random::hash(&query.token), TokenPurpose::ResetPassword)
        .await?
    {
        Ok(ctx.render(&ResetPage { ctx: ctx.clone(), form: FormState::new(), token: query.token }))
    } else {
        Ok(invalid_link(&ctx, SIGN_IN))
    }
}

/// `POST /password/reset`: sets the new password and ends every session of the account.
pub async fn submit_reset(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(input): Form<TokenForm>,
) -> AppResult<Response> {
    let token_hash = crate::random::hash(&input.token);
    if !state.store.account_token_is_valid(&token_hash, TokenPurpose::ResetPassword).await? {
        return Ok(invalid_link(&ctx, SIGN_IN));
    }
    let mut form = FormState::new();
    if !check_new_password(&mut form, "password", &input.password, &[]) {
        let page = ResetPage { ctx: ctx.clone(), form, token: input.token };
        return Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    let hash = state.passwords.hash(input.password).await?;
    let reset = Redemption::ResetPassword { password_hash: &hash, ip: &auth.client_ip };
    match state.store.redeem_account_token(&token_hash, reset).await {
        Ok(_) => {}
        Err(StoreError::NotFound) => return Ok(invalid_link(&ctx, SIGN_IN)),
        Err(err) => return Err(AppError::Store(err)),
    }
    Ok(Redirect::to("/login?notice=reset").into_response())
}
