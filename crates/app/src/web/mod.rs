//! What every page shares: the router and its middleware stack, who is asking, CSRF,
//! the layout context, forms, embedded static assets and error pages.

pub mod assets;
pub mod auth;
pub mod compress;
pub mod csrf;
pub mod errors;
pub mod forms;
pub mod input;
pub mod layout;
pub mod middleware;
pub mod routes;
pub mod stitch;

use axum::{Router, extract::DefaultBodyLimit};
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::TraceLayer,
};

use crate::{
    accounts, admin, api, authoring, certificates, courses, ops, policy::Action, site, state::AppState,
};

pub use layout::Ctx;
use routes::{RouteSpec, Routes};

/// `YYYY-MM-DD` (UTC) of a unix-millisecond timestamp.
pub fn day_of(millis: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(millis / 1000)
        .map(|at| at.date().to_string())
        .unwrap_or_default()
}

/// Every route of the application, each with its policy action.
fn all_routes() -> Routes {
    Routes::new()
        .merge(site::routes())
        .merge(accounts::routes())
        .merge(courses::routes())
        .merge(certificates::routes())
        .merge(authoring::routes())
        .merge(admin::routes())
        .merge(api::routes())
        .merge(ops::routes())
        .merge(Routes::new().get("/assets/{file}", Action::ReadPublic, assets::serve_asset))
}

/// The list of every route (method, path pattern, action), for the authorization tests.
pub fn route_table() -> Vec<RouteSpec> {
    all_routes().into_parts().1
}

/// The whole application: every domain's routes behind one middleware stack.
pub fn router(state: AppState) -> Router {
    let settings = state.settings.clone();
    let (routes, _) = all_routes().into_parts();
    routes
        .fallback(errors::not_found)
        // Layers run outside-in in the order they are listed in the ServiceBuilder.
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(middleware::request_span))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(axum::middleware::from_fn_with_state(state.clone(), ops::metrics::track))
                .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::security_headers))
                // The fastest level: a page is sent once, so CPU time matters more than
                // the last few hundred bytes (cached visitors' pages are compressed
                // once, harder, and skip this).
                .layer(axum::middleware::from_fn(compress::gzip))
                .layer(axum::middleware::from_fn_with_state(state.clone(), auth::resolve))
                .layer(axum::middleware::from_fn(errors::error_pages))
                .layer(axum::middleware::from_fn_with_state(state.clone(), input::refuse_nul))
                .layer(CatchPanicLayer::custom(errors::panic_response))
                .layer(TimeoutLayer::with_status_code(
                    axum::http::StatusCode::REQUEST_TIMEOUT,
                    settings.request_timeout(),
                ))
                // Uploads may be larger than forms: the hard limit is the larger of the
                // two, and every extractor keeps to the form limit unless its route
                // raises it (the upload route does).
                .layer(RequestBodyLimitLayer::new(settings.body_limit_bytes.max(settings.upload_limit_bytes)))
                .layer(DefaultBodyLimit::max(settings.body_limit_bytes)),
        )
        // Outermost: visitors' lesson pages already rendered skip everything above.
        .layer(axum::middleware::from_fn_with_state(state.clone(), courses::serve_cached_visitor_page))
        .with_state(state)
}
