//! The site's own pages and the language choice.

use crate::helpers::TestApp;

#[tokio::test]
async fn the_home_page_is_english_by_default() {
    let app = TestApp::spawn().await;
    let page = app.get("/").await;
    assert_eq!(page.status, 200);
    assert!(page.body.starts_with("<!doctype html>\n<html lang=\"en\">"));
    assert!(page.body.contains("Become the ALT your students need"));
    assert_eq!(page.header("content-language"), "en");
    assert!(page.header("vary").contains("Accept-Language"));
}

#[tokio::test]
async fn a_browser_asking_for_japanese_gets_the_japanese_home_page() {
    let app = TestApp::spawn().await;
    let page = app.get_with("/", &[("accept-language", "ja-JP,ja;q=0.9,en;q=0.5")]).await;
    assert!(page.body.contains("<html lang=\"ja\">"));
    assert!(page.body.contains("生徒に必要とされるALTになろう"));
}

#[tokio::test]
async fn the_language_cookie_beats_accept_language() {
    let app = TestApp::spawn().await;
    let page = app.get_with("/about", &[("accept-language", "ja"), ("cookie", "lang=en")]).await;
    assert!(page.body.contains("<html lang=\"en\">"));
    assert!(page.body.contains("About altto"));
}

#[tokio::test]
async fn switching_language_sets_a_cookie_and_returns_to_the_page() {
    let app = TestApp::spawn().await;
    let response = app.get("/lang/ja?next=%2Fabout%3Fx%3D1").await;
    assert_eq!(response.status, 303);
    assert_eq!(response.header("location"), "/about?x=1");
    let cookie = response.header("set-cookie");
    assert!(cookie.starts_with("lang=ja;"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax") && cookie.contains("Path=/"));
    assert!(!cookie.contains("Secure"), "plain-http sites cannot use Secure cookies");
}

#[tokio::test]
async fn the_language_switch_never_redirects_to_another_site() {
    let app = TestApp::spawn().await;
    for next in ["https://evil.example/", "//evil.example/", "/\\evil.example", "/\\/evil.example"] {
        let encoded: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
        let response = app.get(&format!("/lang/en?next={encoded}")).await;
        assert_eq!(response.status, 303);
        assert_eq!(response.header("location"), "/", "next={next}");
    }
}

#[tokio::test]
async fn an_unknown_language_is_a_404_page() {
    let app = TestApp::spawn().await;
    let response = app.get("/lang/fr").await;
    assert_eq!(response.status, 404);
    assert!(response.header("set-cookie").is_empty());
}

#[tokio::test]
async fn every_page_links_to_the_other_language_from_the_same_address() {
    let app = TestApp::spawn().await;
    let page = app.get("/about").await;
    assert!(page.body.contains(r#"href="/lang/ja?next=%2Fabout" lang="ja" hreflang="ja""#), "{}", page.body);
    let page = app.get_with("/about", &[("cookie", "lang=ja")]).await;
    assert!(page.body.contains(r#"href="/lang/en?next=%2Fabout" lang="en""#));
}

#[tokio::test]
async fn the_layout_has_landmarks_a_skip_link_and_one_h1() {
    let app = TestApp::spawn().await;
    for path in ["/", "/about", "/nowhere"] {
        let page = app.get(path).await;
        let body = &page.body;
        assert!(body.contains(r##"<a class="skip-link" href="#main">"##), "{path}");
        for landmark in ["<header", "<nav", "<main id=\"main\"", "<footer"] {
            assert!(body.contains(landmark), "{path} lacks {landmark}");
        }
        assert_eq!(body.matches("<h1").count(), 1, "{path} must have exactly one h1");
        assert!(!body.contains("<script"), "{path} needs no JavaScript");
    }
}
