//! What every page shares: the router and its middleware stack, the layout context,
//! embedded static assets and error pages.

pub mod assets;
pub mod errors;
pub mod layout;
pub mod middleware;

use axum::{Router, extract::DefaultBodyLimit, routing::get};
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::TraceLayer,
};

use crate::{ops, site, state::AppState};

pub use layout::Ctx;

/// The whole application: every domain's routes behind one middleware stack.
pub fn router(state: AppState) -> Router {
    let settings = state.settings.clone();
    Router::new()
        .merge(site::router())
        .merge(ops::router())
        .route("/assets/{file}", get(assets::serve_asset))
        .fallback(errors::not_found)
        // Layers run outside-in in the order they are listed in the ServiceBuilder.
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(middleware::request_span))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(axum::middleware::from_fn_with_state(state.clone(), ops::metrics::track))
                .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::security_headers))
                .layer(CompressionLayer::new())
                .layer(axum::middleware::from_fn_with_state(state.clone(), errors::error_pages))
                .layer(CatchPanicLayer::custom(errors::panic_response))
                .layer(TimeoutLayer::with_status_code(
                    axum::http::StatusCode::REQUEST_TIMEOUT,
                    settings.request_timeout(),
                ))
                .layer(DefaultBodyLimit::disable())
                .layer(RequestBodyLimitLayer::new(settings.body_limit_bytes)),
        )
        .with_state(state)
}
