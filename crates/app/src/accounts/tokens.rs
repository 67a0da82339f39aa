//! Personal API tokens: made with scopes and an expiry, shown once, listed with what
//! they may do and when they were last used, revoked. A token works only under `/api/`
//! (see `sessions::authenticate` and `policy::token_allows`).

use altto_store::ApiToken;
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::settings_pages::me;
use crate::{
    auth::{RequestAuth, Scopes, audit},
    error::AppResult,
    policy,
    state::AppState,
    web::{
        Ctx,
        format::day_of,
        forms::{FormState, clean_text},
    },
};

/// How long a new token may live, in days (`0`: until revoked); the first is the default.
const LIFETIMES: [u32; 4] = [90, 30, 365, 0];

/// The API token page.
#[derive(Template)]
#[template(path = "accounts/tokens.html")]
pub struct TokensPage {
    ctx: Ctx,
    form: FormState,
    tokens: Vec<ApiToken>,
    new_token: Option<String>,
    /// Whether the member may give a token the admin scope.
    may_admin: bool,
}

impl TokensPage {
    fn day(&self, millis: &i64) -> String {
        day_of(*millis)
    }

    fn lifetimes(&self) -> &'static [u32] {
        &LIFETIMES
    }

    /// A token's scopes in the page's language, e.g. "read, write".
    fn scopes(&self, token: &ApiToken) -> String {
        let scopes = Scopes::parse(&token.scopes);
        let names = [
            (scopes.read, "tokens-scope-read"),
            (scopes.write, "tokens-scope-write"),
            (scopes.admin, "tokens-scope-admin"),
        ];
        names.iter().filter(|(on, _)| *on).map(|(_, key)| self.ctx.t(key)).collect::<Vec<_>>().join(", ")
    }

    fn is_expired(&self, token: &ApiToken) -> bool {
        token.expires_at.is_some_and(|at| at <= altto_store::now_millis())
    }
}

async fn render(
    state: &AppState,
    auth: &RequestAuth,
    ctx: &Ctx,
    form: FormState,
    new_token: Option<String>,
) -> AppResult<Response> {
    let user = me(auth)?;
    let tokens = state.store.api_tokens_of(user.id).await?;
    let status = if form.has_errors() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let may_admin = policy::can_grant_scopes(&auth.actor, Scopes { read: true, write: true, admin: true });
    Ok(ctx.render_with_status(status, &TokensPage { ctx: ctx.clone(), form, tokens, new_token, may_admin }))
}

/// The form for a new token, as first shown: reading only, for 90 days.
fn new_token_form() -> FormState {
    let mut form = FormState::new();
    form.keep("scope", "read").keep("lifetime", LIFETIMES[0].to_string());
    form
}

/// `GET /account/tokens`.
pub async fn list_tokens(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
) -> AppResult<Response> {
    render(&state, &auth, &ctx, new_token_form(), None).await
}

/// `POST /account/tokens`: creates a token with the chosen scopes and lifetime and shows
/// it once; only its hash is kept. The form's `scope` checkboxes arrive as repeated fields.
pub async fn create_token(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = me(&auth)?;
    let field =
        |name: &str| pairs.iter().find(|(key, _)| key == name).map_or("", |(_, value)| value.as_str());
    let chosen: Vec<&str> =
        pairs.iter().filter(|(key, _)| key == "scope").map(|(_, value)| value.as_str()).collect();
    let scopes = Scopes::parse(&chosen.join(" "));
    let mut form = FormState::new();
    form.keep("name", field("name").trim())
        .keep("scope", chosen.join(","))
        .keep("lifetime", field("lifetime"));
    let name = clean_text(field("name"), 60).filter(|name| !name.is_empty());
    if name.is_none() {
        form.fail("name", "field-token-name");
    }
    if scopes.is_empty() || chosen.iter().any(|scope| Scopes::parse(scope).is_empty()) {
        form.fail("scope", "field-token-scopes");
    } else if !policy::can_grant_scopes(&auth.actor, scopes) {
        form.fail("scope", "field-token-admin-scope");
    }
    let lifetime = field("lifetime").parse::<u32>().ok().filter(|days| LIFETIMES.contains(days));
    if lifetime.is_none() {
        form.fail("lifetime", "field-choose-from-list");
    }
    let (Some(name), Some(days), false) = (name, lifetime, form.has_errors()) else {
        return render(&state, &auth, &ctx, form, None).await;
    };
    let expires_at = (days > 0).then(|| altto_store::now_millis() + i64::from(days) * 86_400_000);
    let token = format!("altto_{}", crate::random::token());
    let prefix: String = token.chars().take(12).collect();
    let hash = crate::random::hash(&token);
    state.store.create_api_token(user.id, &name, &hash, &prefix, &scopes.as_text(), expires_at).await?;
    audit(
        &state,
        &auth,
        "api_token_created",
        auth.actor.user_id(),
        &format!("{name} ({})", scopes.as_text()),
    )
    .await?;
    render(&state, &auth, &ctx, new_token_form(), Some(token)).await
}

/// `POST /account/tokens/{id}/revoke`.
pub async fn revoke_token(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    state.store.revoke_api_token(me(&auth)?.id, id).await?;
    audit(&state, &auth, "api_token_revoked", auth.actor.user_id(), &id.to_string()).await?;
    Ok(Redirect::to("/account/tokens").into_response())
}
