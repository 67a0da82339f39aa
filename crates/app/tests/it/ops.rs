//! Health, readiness and metrics.

use crate::helpers::{Proxy, TestApp, fresh_database_url};

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

/// A database server that goes away exists only on PostgreSQL (SQLite is a file in the
/// data folder), so this test runs in the PostgreSQL pass of the suite.
#[tokio::test]
async fn a_database_outage_is_answered_with_503_at_once_keeps_cached_pages_and_heals_by_itself() {
    if std::env::var("ALTTO_TEST_DATABASE_URL").is_err() {
        eprintln!("a database outage needs PostgreSQL: this test runs in the PostgreSQL pass");
        return;
    }
    let data_dir = tempfile::tempdir().unwrap();
    let direct = fresh_database_url(data_dir.path()).await;
    let mut url = url::Url::parse(direct.expose()).unwrap();
    let target = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432));
    let proxy = Proxy::start(target).await;
    url.set_port(Some(proxy.port)).unwrap();
    let url = altto_store::DatabaseUrl::parse(url.as_str()).unwrap();
    let app = TestApp::spawn_on(data_dir, url, |_| {}).await.with_starter_course().await;
    let member = app.create_member("learner@example.org", "Learner").await;
    let mut learner = app.agent_for(member).await;
    let lesson = "/courses/alt-essentials/lessons/the-school-year";
    assert_eq!(app.get(lesson).await.status, 200, "a visitor's page, now cached");
    assert_eq!(learner.get("/learning").await.status, 200);

    proxy.cut();
    let down = app.get("/readyz").await;
    assert_eq!(down.status, 503);
    let page = learner.get("/learning").await;
    assert_eq!(page.status, 503, "a page that needs the database says so");
    assert_eq!(page.header("retry-after"), "1");
    assert!(page.body.contains("temporarily unavailable"), "the friendly page");
    for _ in 0..20 {
        // Known to be down: answered without waiting for a connection each time.
        assert_eq!(learner.get("/account").await.status, 503);
    }
    let cached = app.get(lesson).await;
    assert_eq!(cached.status, 200, "visitors' cached pages are still served");
    assert!(cached.body.contains("The Japanese school year"));
    assert_eq!(app.get("/").await.status, 200);

    proxy.restore();
    // The first query after the short pause finds the database again.
    let mut recovered = false;
    for _ in 0..100 {
        if learner.get("/learning").await.status == 200 {
            recovered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(recovered, "the site heals by itself when the database returns");
    assert_eq!(app.get("/readyz").await.status, 200);
}
