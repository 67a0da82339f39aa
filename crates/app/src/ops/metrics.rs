//! Prometheus metrics: request counts and latency by route and status.

use std::time::Instant;

use axum::{
    extract::{MatchedPath, Request, State},
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
};
use prometheus::{Encoder as _, HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry, TextEncoder};

use crate::{error::AppError, state::AppState};

/// The metrics of one server. Each server (and each test) has its own registry.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A fresh registry with the HTTP metrics registered.
    pub fn new() -> Self {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("altto_http_requests_total", "HTTP requests answered, by route and status"),
            &["method", "route", "status"],
        )
        .unwrap_or_else(|err| unreachable!("static metric definition: {err}"));
        let latency = HistogramVec::new(
            HistogramOpts::new("altto_http_request_duration_seconds", "Time to answer HTTP requests")
                .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]),
            &["route", "status"],
        )
        .unwrap_or_else(|err| unreachable!("static metric definition: {err}"));
        for collector in
            [Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>, Box::new(latency.clone())]
        {
            registry.register(collector).unwrap_or_else(|err| unreachable!("registered once: {err}"));
        }
        Self { registry, requests, latency }
    }

    /// Records one answered request.
    pub fn observe(&self, method: &str, route: &str, status: &str, seconds: f64) {
        self.requests.with_label_values(&[method, route, status]).inc();
        self.latency.with_label_values(&[route, status]).observe(seconds);
    }

    /// The metrics in Prometheus' text exposition format.
    pub fn render(&self) -> anyhow::Result<String> {
        let mut buffer = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut buffer)?;
        Ok(String::from_utf8(buffer)?)
    }
}

/// Middleware: times each request and counts it under its route pattern (not the raw
/// path, which would make one series per lesson id).
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().cloned();
    let response = next.run(request).await;
    let route = route.as_ref().map_or("unmatched", MatchedPath::as_str);
    state.metrics.observe(
        method.as_str(),
        route,
        response.status().as_str(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// `GET /metrics`: Prometheus text.
pub async fn show_metrics(State(state): State<AppState>) -> Result<Response, AppError> {
    let body = state.metrics.render()?;
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body).into_response())
}
