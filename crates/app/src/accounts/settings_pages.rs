//! A member's own account: overview, profile, password, e-mail, sessions, API tokens,
//! data download and deletion.

use altto_store::{NewAuditEntry, ProfileUpdate, Session, StoreError, TokenPurpose, User, Visibility};
use askama::Template;
use axum::{
    Extension, Form, Json,
    extract::{Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    limits, mails, normalize_email,
    profile::{EMPLOYER_TYPES, PREFECTURES, ProfileView, SCHOOL_LEVELS, month_of},
    sessions,
    sign_in_pages::{
        ConfirmLink, NoticePage, TokenForm, check_display_name, check_new_password, invalid_link,
        show_confirmation,
    },
};
use crate::{
    auth::{RequestAuth, audit},
    error::{AppError, AppResult},
    state::AppState,
    web::forms::{Pairs, field},
    web::{
        Ctx,
        forms::{FormState, clean_text},
    },
};

/// The signed-in member (the route guard has made sure there is one).
pub(super) fn me(auth: &RequestAuth) -> AppResult<&User> {
    auth.actor.user().ok_or(AppError::Forbidden)
}

/// The account overview.
#[derive(Template)]
#[template(path = "accounts/account.html")]
pub struct AccountPage {
    ctx: Ctx,
    profile: ProfileView,
    roles: Vec<String>,
    sessions: Vec<SessionRow>,
    notice: Option<String>,
}

/// One session in the overview.
pub struct SessionRow {
    browser: String,
    last_seen: String,
    current: bool,
}

/// Query of the overview.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NoticeQuery {
    notice: String,
}

/// `GET /account`.
pub async fn show_account(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let user = me(&auth)?;
    let sessions: Vec<Session> = state.store.sessions_of(user.id).await?;
    let mut roles = vec![ctx.t(&format!("role-{}", user.role.as_str()))];
    if user.is_moderator {
        roles.push(ctx.t("role-moderator"));
    }
    if user.is_admin {
        roles.push(ctx.t("role-admin"));
    }
    let notice = match query.notice.as_str() {
        "profile" => Some(ctx.t("notice-profile-saved")),
        "password" => Some(ctx.t("notice-password-changed")),
        "sent" => Some(ctx.t("notice-email-change-sent")),
        "email" => Some(ctx.t("notice-email-changed")),
        _ => None,
    };
    let page = AccountPage {
        ctx: ctx.clone(),
        profile: ProfileView::new(user, &ctx, true),
        roles,
        sessions: sessions
            .into_iter()
            .map(|session| SessionRow {
                browser: if session.user_agent.is_empty() { "?".into() } else { session.user_agent.clone() },
                last_seen: date_time(session.last_seen_at),
                current: auth.session_hash.as_deref() == Some(&session.id_hash),
            })
            .collect(),
        notice,
    };
    Ok(ctx.render(&page))
}

/// `YYYY-MM-DD HH:MM` (UTC) of a unix-millisecond timestamp.
fn date_time(millis: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(millis / 1000)
        .map(|at| {
            format!(
                "{}-{:02}-{:02} {:02}:{:02} UTC",
                at.year(),
                u8::from(at.month()),
                at.day(),
                at.hour(),
                at.minute()
            )
        })
        .unwrap_or_default()
}

/// The profile form.
#[derive(Template)]
#[template(path = "accounts/profile_edit.html")]
pub struct ProfileEditPage {
    ctx: Ctx,
    form: FormState,
}

impl ProfileEditPage {
    fn prefectures(&self) -> Vec<(String, &'static str)> {
        PREFECTURES
            .iter()
            .map(|(code, en, ja)| {
                (code.to_string(), if self.ctx.lang == crate::i18n::Lang::Ja { *ja } else { *en })
            })
            .collect()
    }

    fn employer_types(&self) -> &'static [&'static str] {
        &EMPLOYER_TYPES
    }

    fn school_levels(&self) -> &'static [&'static str] {
        &SCHOOL_LEVELS
    }

    fn visibilities(&self) -> Vec<&'static str> {
        Visibility::ALL.iter().map(|v| v.as_str()).collect()
    }
}

fn profile_form(user: &User, listed: bool) -> FormState {
    let mut form = FormState::new();
    form.keep("display_name", &user.display_name)
        .keep("bio", &user.bio)
        .keep("prefecture", user.prefecture.map(|p| p.to_string()).unwrap_or_default())
        .keep("employer_type", user.employer_type.clone().unwrap_or_default())
        .keep("school_levels", &user.school_levels)
        .keep("years_in_japan", user.years_in_japan.map(|y| y.to_string()).unwrap_or_default())
        .keep("interests", &user.interests)
        .keep("visibility", user.visibility.as_str())
        .keep("listed_in_directory", if listed { "yes" } else { "" });
    form
}

/// `GET /account/profile`.
pub async fn edit_profile(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
) -> AppResult<Response> {
    let user = me(&auth)?;
    let listed = state.store.listed_in_directory(user.id).await?;
    let form = profile_form(user, listed);
    Ok(ctx.render(&ProfileEditPage { ctx: ctx.clone(), form }))
}

/// Parses and checks the profile form; every problem is reported at once.
fn parse_profile(pairs: &Pairs) -> (FormState, Option<(ProfileUpdate, bool)>) {
    let mut form = FormState::new();
    let display_name = check_display_name(&mut form, field(pairs, "display_name"));
    let text = |name: &'static str, max: usize, form: &mut FormState| {
        form.keep(name, field(pairs, name).trim());
        clean_text(field(pairs, name), max).or_else(|| {
            form.fail(name, "field-too-long");
            None
        })
    };
    let bio = text("bio", 1000, &mut form);
    let interests = text("interests", 500, &mut form);
    let prefecture = match field(pairs, "prefecture") {
        "" => Some(None),
        raw => raw.parse::<i64>().ok().filter(|code| (1..=47).contains(code)).map(Some),
    };
    form.keep("prefecture", field(pairs, "prefecture"));
    if prefecture.is_none() {
        form.fail("prefecture", "field-choose-from-list");
    }
    let employer = match field(pairs, "employer_type") {
        "" => Some(None),
        raw if EMPLOYER_TYPES.contains(&raw) => Some(Some(raw.to_owned())),
        _ => None,
    };
    form.keep("employer_type", field(pairs, "employer_type"));
    if employer.is_none() {
        form.fail("employer_type", "field-choose-from-list");
    }
    let levels: Vec<&str> =
        pairs.iter().filter(|(key, _)| key == "school_levels").map(|(_, value)| value.as_str()).collect();
    form.keep("school_levels", levels.join(","));
    if levels.iter().any(|level| !SCHOOL_LEVELS.contains(level)) {
        form.fail("school_levels", "field-choose-from-list");
    }
    let levels: Vec<&str> = SCHOOL_LEVELS.iter().copied().filter(|level| levels.contains(level)).collect();
    let years = match field(pairs, "years_in_japan").trim() {
        "" => Some(None),
        raw => raw.parse::<i64>().ok().filter(|years| (0..=60).contains(years)).map(Some),
    };
    form.keep("years_in_japan", field(pairs, "years_in_japan").trim());
    if years.is_none() {
        form.fail("years_in_japan", "field-years-invalid");
    }
    let visibility = Visibility::parse(field(pairs, "visibility"));
    form.keep("visibility", field(pairs, "visibility"));
    if visibility.is_none() {
        form.fail("visibility", "field-choose-from-list");
    }
    // Listing in the teachers' directory is opt-in: only a ticked box lists the member.
    let listed = field(pairs, "listed_in_directory");
    form.keep("listed_in_directory", listed);
    if !listed.is_empty() && listed != "yes" {
        form.fail("listed_in_directory", "field-choose-from-list");
    }
    let update = match (display_name, bio, interests, prefecture, employer, years, visibility) {
        (
            Some(display_name),
            Some(bio),
            Some(interests),
            Some(prefecture),
            Some(employer_type),
            Some(years),
            Some(visibility),
        ) if !form.has_errors() => Some((
            ProfileUpdate {
                display_name,
                bio,
                prefecture,
                employer_type,
                school_levels: levels.join(","),
                years_in_japan: years,
                interests,
                visibility: Some(visibility),
            },
            listed == "yes",
        )),
        _ => None,
    };
    (form, update)
}

/// `POST /account/profile`.
pub async fn update_profile(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let user = me(&auth)?;
    let (form, update) = parse_profile(&pairs);
    let Some((update, listed)) = update else {
        return Ok(ctx.render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ProfileEditPage { ctx: ctx.clone(), form },
        ));
    };
    state.store.update_profile(user.id, &update).await?;
    state.store.set_listed_in_directory(user.id, listed).await?;
    Ok(Redirect::to("/account?notice=profile").into_response())
}

/// The password form.
#[derive(Template)]
#[template(path = "accounts/password.html")]
pub struct PasswordPage {
    ctx: Ctx,
    form: FormState,
}

/// Fields of the password and e-mail forms.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CredentialsForm {
    current_password: String,
    new_password: String,
    new_email: String,
    confirm: String,
    /// On deletion: `remove` to delete one's forum posts too, else they stay as "a
    /// former member"'s.
    posts: String,
}

/// Records a form error unless `password` is the member's current password. Attempts
/// are limited per account like sign-in, so a stolen session cannot guess it.
async fn check_current_password(
    state: &AppState,
    form: &mut FormState,
    user: &User,
    password: String,
) -> AppResult<()> {
    limits::hit(state, limits::CURRENT_PASSWORD_PER_ACCOUNT, &user.id.0.to_string()).await?;
    if !state.passwords.verify(password, user.password_hash.clone()).await? {
        form.fail("current_password", "field-current-password-wrong");
    }
    Ok(())
}

/// `GET /account/password`.
pub async fn edit_password(ctx: Ctx) -> Response {
    ctx.render(&PasswordPage { ctx: ctx.clone(), form: FormState::new() })
}

/// `POST /account/password`: needs the current password; ends every other session and
/// gives this one a new id.
pub async fn update_password(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    headers: HeaderMap,
    ctx: Ctx,
    Form(input): Form<CredentialsForm>,
) -> AppResult<Response> {
    let user = me(&auth)?;
    let mut form = FormState::new();
    check_current_password(&state, &mut form, user, input.current_password).await?;
    let email = user.email.as_deref().unwrap_or_default();
    check_new_password(&mut form, "new_password", &input.new_password, &[email, &user.display_name]);
    if form.has_errors() {
        return Ok(ctx
            .render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &PasswordPage { ctx: ctx.clone(), form }));
    }
    let hash = state.passwords.hash(input.new_password).await?;
    state.store.set_password_hash(user.id, &hash).await?;
    state.store.delete_sessions_of(user.id, None).await?;
    let cookie = sessions::start(&state, user.id, &headers).await?;
    audit(&state, &auth, "password_changed", auth.actor.user_id(), "").await?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/account?notice=password")).into_response())
}

/// The e-mail change form.
#[derive(Template)]
#[template(path = "accounts/email.html")]
pub struct EmailPage {
    ctx: Ctx,
    form: FormState,
    current: String,
}

/// `GET /account/email`.
pub async fn edit_email(Extension(auth): Extension<RequestAuth>, ctx: Ctx) -> AppResult<Response> {
    let current = me(&auth)?.email.clone().unwrap_or_default();
    Ok(ctx.render(&EmailPage { ctx: ctx.clone(), form: FormState::new(), current }))
}

/// `POST /account/email`: mails a confirmation link to the new address. Whether the
/// address is already taken is told only to that address's owner.
pub async fn request_email_change(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(input): Form<CredentialsForm>,
) -> AppResult<Response> {
    let user = me(&auth)?;
    let mut form = FormState::new();
    form.keep("new_email", input.new_email.trim());
    let new_email = normalize_email(&input.new_email);
    if new_email.is_none() {
        form.fail("new_email", "field-email-invalid");
    } else if new_email == user.email {
        form.fail("new_email", "field-email-same");
    }
    check_current_password(&state, &mut form, user, input.current_password).await?;
    let (Some(new_email), false) = (new_email, form.has_errors()) else {
        let current = user.email.clone().unwrap_or_default();
        return Ok(ctx.render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &EmailPage { ctx: ctx.clone(), form, current },
        ));
    };
    limits::hit(&state, limits::VERIFY_PER_ACCOUNT, &user.id.to_string()).await?;
    if state.store.user_by_email(&new_email).await?.is_some() {
        mails::send_email_taken(&state, user, &new_email).await?;
    } else {
        mails::send_email_change(&state, user, &new_email).await?;
    }
    Ok(Redirect::to("/account?notice=sent").into_response())
}

/// `GET /account/email/confirm?token=…`.
pub async fn show_email_confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<TokenForm>,
) -> AppResult<Response> {
    let link = ConfirmLink {
        purpose: TokenPurpose::ChangeEmail,
        texts: ("email-confirm-title", "email-confirm-message"),
        button: ("/account/email/confirm", "email-confirm-button"),
        fallback: MY_ACCOUNT,
    };
    show_confirmation(&state, &ctx, &query.token, link).await
}

/// Where a broken e-mail-change link sends the member: their account.
const MY_ACCOUNT: (&str, &str) = ("/account", "nav-account");

/// `POST /account/email/confirm`: moves the account to the new address and tells the
/// old one.
pub async fn confirm_email_change(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(input): Form<TokenForm>,
) -> AppResult<Response> {
    let used = match state
        .store
        .use_account_token(&crate::random::hash(&input.token), TokenPurpose::ChangeEmail)
        .await
    {
        Ok(used) => used,
        Err(StoreError::NotFound) => {
            return Ok(invalid_link(&ctx, MY_ACCOUNT));
        }
        Err(err) => return Err(err.into()),
    };
    let Some(new_email) = used.new_email else { return Err(AppError::NotFound) };
    let before = state.store.user(used.user_id).await?;
    match state.store.set_email(used.user_id, &new_email).await {
        Ok(()) => {}
        Err(StoreError::Conflict(_)) => {
            let page = NoticePage::new(&ctx, "email-taken-title", "email-taken-message")
                .link("/account", "nav-account");
            return Ok(ctx.render_with_status(StatusCode::CONFLICT, &page));
        }
        Err(err) => return Err(err.into()),
    }
    if let Some(old) = &before.email {
        mails::send_email_changed_notice(&state, &before, old).await?;
    }
    state
        .store
        .audit(NewAuditEntry {
            actor_id: Some(used.user_id),
            action: "email_changed",
            subject_id: Some(used.user_id),
            detail: "",
            ip: &auth.client_ip,
        })
        .await?;
    Ok(Redirect::to("/account?notice=email").into_response())
}

/// `POST /account/sessions/revoke`: signs out everywhere, this browser included.
pub async fn revoke_sessions(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
) -> AppResult<Response> {
    let user = me(&auth)?;
    state.store.delete_sessions_of(user.id, None).await?;
    audit(&state, &auth, "signed_out_everywhere", auth.actor.user_id(), "").await?;
    let cookie = sessions::clear_cookie(&state);
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/login?notice=signed-out-everywhere")).into_response())
}

/// `GET /account/data`: everything altto holds about the member, as JSON.
pub async fn download_data(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
) -> AppResult<Response> {
    let user = me(&auth)?;
    let sessions = state.store.sessions_of(user.id).await?;
    let tokens = state.store.api_tokens_of(user.id).await?;
    let progress = state.store.all_progress(user.id).await?;
    let reflections = state.store.reflections(user.id).await?;
    let certificates = state.store.certificates_of(user.id).await?;
    let newsletter = match &user.email {
        Some(email) => state.store.subscriber_by_email(email).await?,
        None => None,
    };
    let posts = state.store.forum_posts_of(user.id).await?;
    let shared = state.store.forum_resources_of(user.id).await?;
    let messages = state.store.messages_of(user.id).await?;
    let blocked = state.store.blocked_members(user.id).await?;
    let notice_prefs = state.store.notice_prefs(user.id).await?;
    let watched = state.store.watched_forum_categories(user.id).await?;
    let listed = state.store.listed_in_directory(user.id).await?;
    let data = serde_json::json!({
        "format": "altto-personal-data/1",
        "exported_at": altto_store::now_millis(),
        "account": {
            "id": user.id.0,
            "email": user.email,
            "email_verified": user.email_verified,
            "display_name": user.display_name,
            "role": user.role.as_str(),
            "moderator": user.is_moderator,
            "admin": user.is_admin,
            "language": user.locale,
            "created_at": user.created_at,
            "updated_at": user.updated_at,
        },
        "profile": {
            "bio": user.bio,
            "prefecture": user.prefecture,
            "employer_type": user.employer_type,
            "school_levels": user.school_levels.split(',').filter(|s| !s.is_empty()).collect::<Vec<_>>(),
            "years_in_japan": user.years_in_japan,
            "interests": user.interests,
            "visibility": user.visibility.as_str(),
            "member_since": month_of(user.created_at),
        },
        "sessions": sessions.iter().map(|s| serde_json::json!({
            "started_at": s.created_at, "last_seen_at": s.last_seen_at, "browser": s.user_agent,
        })).collect::<Vec<_>>(),
        "api_tokens": tokens.iter().map(|t| serde_json::json!({
            "name": t.name, "prefix": t.prefix, "scopes": t.scopes, "created_at": t.created_at,
            "last_used_at": t.last_used_at, "expires_at": t.expires_at,
        })).collect::<Vec<_>>(),
        "progress": progress.iter().map(|p| serde_json::json!({
            "lesson_id": p.lesson_id, "course_id": p.course_id, "visited_at": p.visited_at,
            "completed_at": p.completed_at, "best_score": p.best_score, "passed_at": p.passed_at,
            "attempts": p.attempts,
        })).collect::<Vec<_>>(),
        "reflection_notes": reflections.iter().map(|r| serde_json::json!({
            "lesson_id": r.lesson_id, "note": r.body, "updated_at": r.updated_at,
        })).collect::<Vec<_>>(),
        "certificates": certificates.iter().map(|c| serde_json::json!({
            "id": c.id, "course": c.course_title, "issued_at": c.issued_at, "credential": c.credential,
        })).collect::<Vec<_>>(),
        "newsletter": newsletter.map(|s| serde_json::json!({
            "email": s.email, "language": s.lang, "status": s.status.as_str(), "since": s.created_at,
        })),
        "listed_in_directory": listed,
        "forum_posts": posts.iter().map(|p| serde_json::json!({
            "id": p.id, "thread_id": p.thread_id, "thread": p.thread_title, "text": p.body,
            "written_at": p.created_at, "edited_at": p.edited_at, "state": p.state,
        })).collect::<Vec<_>>(),
        "shared_files": shared.iter().map(|r| serde_json::json!({
            "id": r.id, "title": r.title, "description": r.description, "file_name": r.file_name,
            "kind": r.kind, "size": r.size, "licence": r.licence, "school_level": r.school_level,
            "grade": r.grade, "topic": r.topic, "downloads": r.downloads, "shared_at": r.created_at,
            "thread_id": r.thread_id, "post_id": r.post_id,
            "download": crate::community::resources::download_path(r.id, &r.file_name, &r.kind),
        })).collect::<Vec<_>>(),
        "messages": messages.iter().map(|m| serde_json::json!({
            "conversation_id": m.conversation_id, "written_by_me": m.mine, "text": m.body, "sent_at": m.created_at,
        })).collect::<Vec<_>>(),
        "blocked_members": blocked.iter().map(|b| b.id.0).collect::<Vec<_>>(),
        "notice_mail": crate::notifications::kinds::MailPrefs::from_stored(&notice_prefs).as_json(),
        "watched_forum_categories": watched,
    });
    let disposition = "attachment; filename=\"altto-my-data.json\"";
    Ok((
        [(header::CONTENT_DISPOSITION, disposition), (header::CACHE_CONTROL, "private, no-store")],
        Json(data),
    )
        .into_response())
}

/// The deletion confirmation page.
#[derive(Template)]
#[template(path = "accounts/delete.html")]
pub struct DeletePage {
    ctx: Ctx,
    form: FormState,
}

/// `GET /account/delete`.
pub async fn confirm_delete(ctx: Ctx) -> Response {
    ctx.render(&DeletePage { ctx: ctx.clone(), form: FormState::new() })
}

/// `POST /account/delete`: needs the password and the confirmation box.
pub async fn delete_account(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(input): Form<CredentialsForm>,
) -> AppResult<Response> {
    let user = me(&auth)?;
    let mut form = FormState::new();
    check_current_password(&state, &mut form, user, input.current_password).await?;
    if input.confirm != "yes" {
        form.fail("confirm", "field-delete-confirm");
    }
    if form.has_errors() {
        return Ok(
            ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &DeletePage { ctx: ctx.clone(), form })
        );
    }
    state.store.delete_user(user.id, input.posts == "remove").await?;
    audit(&state, &auth, "account_deleted", auth.actor.user_id(), "").await?;
    Ok(([(header::SET_COOKIE, sessions::clear_cookie(&state))], Redirect::to("/account/deleted"))
        .into_response())
}

/// `GET /account/deleted`.
pub async fn show_deleted(ctx: Ctx) -> Response {
    ctx.render(&NoticePage::new(&ctx, "deleted-title", "deleted-message").link("/", "error-go-home"))
}
