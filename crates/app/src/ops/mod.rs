//! Operations endpoints for load balancers and monitoring: `/healthz`, `/readyz`,
//! `/metrics`.

pub mod metrics;

use std::time::Duration;

use axum::{
    extract::State,
    http::{StatusCode, header},
    response::IntoResponse,
};

use crate::{policy::Action, state::AppState, web::routes::Routes};

/// How long `/readyz` waits for the database before calling it down.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// The operations routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/healthz", Action::ReadPublic, show_health)
        .get("/readyz", Action::ReadPublic, show_readiness)
        .get("/metrics", Action::ReadPublic, metrics::show_metrics)
}

/// `GET /healthz`: the process is alive and answering.
pub async fn show_health() -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "no-store")], "ok\n")
}

/// `GET /readyz`: 200 when the database answers, 503 when it does not, so a load
/// balancer stops sending traffic to a node that cannot serve it.
pub async fn show_readiness(State(state): State<AppState>) -> impl IntoResponse {
    let ready = matches!(tokio::time::timeout(READY_TIMEOUT, state.store.ping()).await, Ok(Ok(())));
    let (status, body) = if ready {
        (StatusCode::OK, "ready\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
    };
    (status, [(header::CACHE_CONTROL, "no-store")], body)
}
