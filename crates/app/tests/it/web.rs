//! What every response shares: security headers, compression, static assets, error
//! pages and limits.

use axum::{body::Body, http::Request};

use crate::helpers::TestApp;

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in ["/", "/missing", "/healthz"] {
        let response = app.get(path).await;
        let csp = response.header("content-security-policy");
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
        assert_eq!(response.header("x-content-type-options"), "nosniff");
        assert_eq!(response.header("referrer-policy"), "strict-origin-when-cross-origin");
        assert!(!response.header("x-request-id").is_empty(), "{path} has a request id");
    }
}

#[tokio::test]
async fn pages_are_gzip_compressed_when_the_browser_allows_and_decompress_to_the_same_page() {
    let app = TestApp::spawn().await;
    let plain = app.get("/").await;
    assert_eq!(plain.header("content-encoding"), "");
    let gzip = app.get_with("/", &[("accept-encoding", "br, gzip, deflate")]).await;
    assert_eq!(gzip.header("content-encoding"), "gzip");
    assert!(gzip.headers.get_all("vary").iter().any(|v| v.to_str().unwrap().contains("Accept-Encoding")));
    assert!(gzip.raw.len() < plain.body.len());
    assert_eq!(crate::helpers::gunzip(&gzip.raw), plain.body);
    let api = app.get_with("/api/openapi.json", &[("accept-encoding", "gzip")]).await;
    assert_eq!(api.header("content-encoding"), "gzip", "JSON is compressed too");
}

#[tokio::test]
async fn the_stylesheet_is_served_under_a_content_hash_with_a_long_cache_lifetime() {
    let app = TestApp::spawn().await;
    let page = app.get("/").await;
    let start = page.body.find("/assets/style.").expect("the page links the stylesheet");
    let href = &page.body[start..start + page.body[start..].find('"').unwrap()];
    assert!(href.len() > "/assets/style..css".len() + 8, "hashed name: {href}");

    let css = app.get(href).await;
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    assert_eq!(css.header("cache-control"), "public, max-age=31536000, immutable");
    assert!(css.body.contains(":focus-visible"), "focus stays visible");

    let etag = css.header("etag").to_owned();
    let again = app.get_with(href, &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, 304);

    assert_eq!(app.get("/assets/style.css").await.status, 404, "only hashed names are served");
    assert_eq!(app.get("/assets/style.000000000000.css").await.status, 404);
}

#[tokio::test]
async fn an_unknown_address_gets_a_friendly_404_page_in_the_visitors_language() {
    let app = TestApp::spawn().await;
    let page = app.get("/no/such/page").await;
    assert_eq!(page.status, 404);
    assert!(page.header("content-type").starts_with("text/html"));
    assert!(page.body.contains("Page not found"));
    assert!(page.body.contains(r#"href="/""#), "links back home");
    let page = app.get_with("/no/such/page", &[("accept-language", "ja")]).await;
    assert!(page.body.contains("ページが見つかりません"));
}

#[tokio::test]
async fn a_request_body_over_the_limit_gets_413_with_a_readable_page() {
    let app = TestApp::spawn().await;
    let too_big = vec![b'a'; app.settings.body_limit_bytes.max(app.settings.upload_limit_bytes) + 1];
    let request = Request::post("/")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("content-length", too_big.len())
        .body(Body::from(too_big))
        .unwrap();
    let response = app.request(request).await;
    assert_eq!(response.status, 413);
    assert!(response.body.contains("That is too large"), "{}", response.body);
}

#[tokio::test]
async fn a_wrong_method_gets_405_with_a_page_and_the_allowed_methods() {
    let app = TestApp::spawn().await;
    let response = app.request(Request::delete("/about").body(Body::empty()).unwrap()).await;
    assert_eq!(response.status, 405);
    assert!(response.header("allow").contains("GET"));
    assert!(response.body.contains("That action is not available here"));
}

#[tokio::test]
async fn head_requests_get_headers_without_a_body() {
    let app = TestApp::spawn().await;
    let response = app.request(Request::head("/").body(Body::empty()).unwrap()).await;
    assert_eq!(response.status, 200);
    assert!(response.body.is_empty());
}

#[tokio::test]
async fn a_form_over_the_form_limit_gets_413_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let mut browser = app.agent();
    let token = browser.csrf().await;
    let huge = "x".repeat(app.settings.body_limit_bytes + 10);
    let response = browser
        .post_raw("/signup", &[("_csrf", &token), ("email", "a@example.org"), ("display_name", &huge)])
        .await;
    assert_eq!(response.status, 413);
    assert!(response.body.contains("That is too large"));
    assert_eq!(app.store().count_users("").await.unwrap(), 0);
}
