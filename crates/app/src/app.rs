//! The composition root: the application state, every domain's routes and the
//! middleware stack, put together in one place. Domains register their routes with
//! the permission each needs ([`Routes`]); `web/` holds only the shared plumbing.

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
    accounts, admin, api, auth, authoring, certificates, community, content, courses, glossary, library,
    newsletter, notifications, ops,
    policy::Action,
    search, site,
    state::AppState,
    web::{
        assets, compress, errors, input, middleware,
        routes::{RouteSpec, Routes},
    },
};

/// Every route of the application, each with its policy action.
fn all_routes() -> Routes {
    Routes::new()
        .merge(site::routes())
        .merge(accounts::routes())
        .merge(courses::routes())
        .merge(library::routes())
        .merge(certificates::routes())
        .merge(authoring::routes())
        .merge(glossary::routes())
        .merge(community::routes())
        .merge(admin::routes())
        .merge(notifications::routes())
        .merge(newsletter::routes())
        .merge(search::routes())
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
        // Outermost: visitors' pages already rendered and current skip everything above.
        .layer(axum::middleware::from_fn_with_state(state.clone(), content::page_cache::serve))
        .with_state(state)
}
