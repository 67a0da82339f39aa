//! Health, readiness and metrics.

use crate::helpers::TestApp;

#[tokio::test]
async fn healthz_answers_while_the_process_runs() {
    let app = TestApp::spawn().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.body, "ok\n");
}

#[tokio::test]
async fn readyz_is_200_with_the_database_up_and_503_with_it_down() {
    let app = TestApp::spawn().await;
    let up = app.get("/readyz").await;
    assert_eq!(up.status, 200);
    assert_eq!(up.body, "ready\n");

    app.state.store.close().await;
    let down = app.get("/readyz").await;
    assert_eq!(down.status, 503);
    assert_eq!(down.body, "database unavailable\n");
    assert_eq!(down.header("cache-control"), "no-store");
}

#[tokio::test]
async fn the_home_page_still_works_while_the_database_is_down() {
    let app = TestApp::spawn().await;
    app.state.store.close().await;
    assert_eq!(app.get("/").await.status, 200);
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern_and_status() {
    let app = TestApp::spawn().await;
    app.get("/").await;
    app.get("/about").await;
    app.get("/about").await;
    app.get("/nope/123").await;
    let metrics = app.get("/metrics").await;
    assert_eq!(metrics.status, 200);
    assert!(metrics.header("content-type").starts_with("text/plain; version=0.0.4"));
    let body = &metrics.body;
    assert!(
        body.contains(r#"altto_http_requests_total{method="GET",route="/about",status="200"} 2"#),
        "{body}"
    );
    assert!(body.contains(r#"altto_http_requests_total{method="GET",route="/",status="200"} 1"#));
    assert!(body.contains(r#"route="unmatched",status="404""#), "unknown paths share one series");
    assert!(
        body.contains(
            r#"altto_http_request_duration_seconds_bucket{route="/about",status="200",le="0.005"}"#
        )
    );
}

#[tokio::test]
async fn the_store_keeps_settings_on_this_backend() {
    let app = TestApp::spawn().await;
    let store = &app.state.store;
    assert_eq!(store.setting("greeting").await.unwrap(), None);
    store.set_setting("greeting", "hello").await.unwrap();
    store.set_setting("greeting", "こんにちは").await.unwrap();
    assert_eq!(store.setting("greeting").await.unwrap().as_deref(), Some("こんにちは"));
}
