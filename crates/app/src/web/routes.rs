//! Routes that cannot be added without an authorization decision.
//!
//! Domains register their routes through [`Routes`], naming the [`Action`] each one
//! performs. Every route is wrapped in [`guard`], which checks the CSRF token of
//! state-changing requests and asks the policy module before the handler runs. The list
//! of routes is kept too, so a test can walk every route for every role.

use axum::{
    Router,
    extract::Request,
    handler::Handler,
    http::{Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
    routing::{MethodRouter, get, post},
};

use crate::{
    auth::RequestAuth,
    policy::{self, Action, Denial},
    state::AppState,
    web::csrf,
};

/// One registered route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteSpec {
    /// HTTP method.
    pub method: Method,
    /// Path pattern, e.g. `/members/{id}`.
    pub path: &'static str,
    /// What it does, for the policy.
    pub action: Action,
}

/// A router under construction, with the list of what it routes.
#[derive(Default)]
pub struct Routes {
    router: Router<AppState>,
    specs: Vec<RouteSpec>,
}

impl Routes {
    /// No routes yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `GET path` (HEAD is answered too).
    pub fn get<H, T>(self, path: &'static str, action: Action, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::GET, path, action, get(handler))
    }

    /// Adds `GET path` for a published document's page, which every visitor sees the
    /// same: kept in the visitor page cache when the handler marks its response
    /// [`crate::content::page_cache::Cacheable`].
    pub fn get_cached<H, T>(self, path: &'static str, action: Action, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let route = get(handler).layer(axum::middleware::from_fn(crate::content::page_cache::keep));
        self.add(Method::GET, path, action, route)
    }

    /// Adds `POST path`.
    pub fn post<H, T>(self, path: &'static str, action: Action, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::POST, path, action, post(handler))
    }

    /// Adds `PUT path` (for the API: a change of a whole resource).
    pub fn put<H, T>(self, path: &'static str, action: Action, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::PUT, path, action, axum::routing::put(handler))
    }

    /// Adds `POST path` for file uploads: the form-size limit does not apply (the
    /// server-wide hard limit still does) and the handler enforces the upload limit.
    pub fn post_upload<H, T>(self, path: &'static str, action: Action, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::POST, path, action, post(handler).layer(axum::extract::DefaultBodyLimit::disable()))
    }

    fn add(
        mut self,
        method: Method,
        path: &'static str,
        action: Action,
        route: MethodRouter<AppState>,
    ) -> Self {
        let route = route.route_layer(axum::middleware::from_fn(move |request: Request, next: Next| {
            guard(action, request, next)
        }));
        self.router = self.router.route(path, route);
        self.specs.push(RouteSpec { method, path, action });
        self
    }

    /// Adds every route of `other`.
    pub fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.specs.extend(other.specs);
        self
    }

    /// The axum router and the list of routes.
    pub fn into_parts(self) -> (Router<AppState>, Vec<RouteSpec>) {
        (self.router, self.specs)
    }
}

/// Runs before every handler: CSRF check for state changes, then the policy decision.
pub async fn guard(action: Action, request: Request, next: Next) -> Response {
    let auth = request.extensions().get::<RequestAuth>().cloned().unwrap_or_default();
    let is_api = request.uri().path().starts_with("/api/");
    // A visitor's quiz attempt or completion writes nothing on the server: it is marked,
    // and kept only in the progress cookie its answer sets on the visitor's own device.
    // Its forms carry no per-visitor token, which keeps the anonymous lesson page the
    // same for everyone (and cacheable). A forged request could at most add a result
    // the server computed to a visitor's cookie — worth nothing to a forger — but a
    // cross-site POST arrives without the visitor's cookie (SameSite=Lax), so its answer
    // would replace their progress with a fresh cookie: another site's `Origin` is
    // therefore refused here too, as for every other form.
    let visitor_progress =
        matches!(action, Action::TakeQuiz | Action::CompleteLesson) && auth.session_hash.is_none();
    // Leaving the newsletter by its mail's signed link: the token in the link is the
    // proof (it names one subscriber, and changes only that one), and a mail client's
    // RFC 8058 one-click POST carries no cookie or CSRF token.
    let signed_link = action == Action::Unsubscribe;
    let changes_state = csrf::is_unsafe(request.method());
    if changes_state && visitor_progress && !is_api && !csrf::same_origin(&request) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let request = if changes_state && auth.api_token.is_none() && !visitor_progress && !signed_link {
        match csrf::verify(request, &auth.csrf_token, auth.body_limit).await {
            Ok(request) => request,
            Err(csrf::Refusal::Forbidden) => return StatusCode::FORBIDDEN.into_response(),
            Err(csrf::Refusal::TooLarge) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
        }
    } else {
        request
    };
    let allowed = policy::allows(&auth.actor, action).and_then(|()| match auth.api_token {
        // A token with an owner acts for that owner, within its scopes.
        Some(scopes) if auth.actor.user().is_some() => policy::token_allows(scopes, action, changes_state),
        _ => Ok(()),
    });
    match allowed {
        Ok(()) => next.run(request).await,
        // Who is asking could not be checked: the database is down, not the member.
        Err(Denial::SignInRequired) if auth.unverified => {
            crate::error::AppError::Store(altto_store::StoreError::unreachable()).into_response()
        }
        Err(Denial::SignInRequired) if is_api => {
            (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")]).into_response()
        }
        Err(Denial::SignInRequired) => {
            let here = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
            let next: String = url::form_urlencoded::byte_serialize(here.as_bytes()).collect();
            Redirect::to(&format!("/login?next={next}")).into_response()
        }
        Err(Denial::Forbidden) => StatusCode::FORBIDDEN.into_response(),
    }
}
