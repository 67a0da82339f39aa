//! Input that must be refused the same way on both databases, through every route.

use altto::app::route_table;
use altto_store::{Grants, Role};
use axum::{body::Body, http::Request};

use crate::helpers::TestApp;

/// Every route's path with each parameter holding a NUL character.
fn with_nul_in_parameters(pattern: &str) -> Option<String> {
    pattern.contains('{').then(|| {
        let mut path = String::new();
        let mut rest = pattern;
        while let Some(start) = rest.find('{') {
            let end = rest[start..].find('}').map_or(rest.len(), |end| start + end + 1);
            path.push_str(&rest[..start]);
            path.push_str(if rest[start..end].starts_with("{*") { "x%00.png" } else { "a%00b" });
            rest = &rest[end..];
        }
        path + rest
    })
}

/// The route with its parameters filled in with things that exist.
fn concrete(pattern: &str) -> String {
    pattern
        .replace("{code}", "ja")
        .replace("{slug}", "alt-essentials")
        .replace("{lesson}", "the-school-year")
        .replace("{number}", "1")
        .replace("{*path}", "none.png")
        .replace("{file}", "style.css")
        .replace("{id}", "1")
}

#[tokio::test]
async fn a_nul_character_anywhere_in_any_route_is_refused_the_same_way_and_never_a_500() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let grants = Grants { role: Role::Editor, is_moderator: true, is_admin: true };
    let admin = app.create_user("admin@example.org", "Admin", grants).await;
    let mut failures = Vec::new();
    for spec in route_table() {
        let is_get = spec.method == axum::http::Method::GET;
        let mut agent = app.agent_for(admin).await;
        if let Some(path) = with_nul_in_parameters(spec.path) {
            let response = if is_get { agent.get(&path).await } else { agent.post(&path, &[]).await };
            if response.status != 404 {
                failures.push(format!("{} {path}: {} instead of 404", spec.method, response.status));
            }
        }
        let path = concrete(spec.path);
        let response = if is_get {
            agent.get(&format!("{path}?q=a%00b&page=1")).await
        } else {
            agent.post(&path, &[("note", "a\0b"), ("name", "ok")]).await
        };
        // Probes answer plain text; everything else explains what to remove.
        let is_probe = ["/healthz", "/readyz", "/metrics"].contains(&path.as_str());
        if response.status != 400 || !(is_probe || response.body.contains("NUL character (U+0000)")) {
            failures.push(format!("{} {path} with a NUL in its input: {}", spec.method, response.status));
        }
    }
    assert!(failures.is_empty(), "NUL characters not refused at the boundary:\n{}", failures.join("\n"));
}

#[tokio::test]
async fn a_nul_in_a_reflection_profile_or_token_name_changes_nothing_and_says_why() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let id = app.create_member("learner@example.org", "Learner").await;
    let mut learner = app.agent_for(id).await;
    let note = learner
        .post("/courses/alt-essentials/lessons/the-school-year/reflection", &[("note", "before\0after")])
        .await;
    assert_eq!(note.status, 400);
    assert!(note.body.contains("remove it"), "{}", note.body);
    assert!(app.store().reflections(id).await.unwrap().is_empty(), "nothing was saved");
    let profile =
        learner.post("/account/profile", &[("display_name", "Lea\0rner"), ("visibility", "members")]).await;
    assert_eq!(profile.status, 400);
    assert_eq!(app.store().user(id).await.unwrap().display_name, "Learner");
    let token =
        learner.post("/account/tokens", &[("name", "\0"), ("scope", "read"), ("lifetime", "30")]).await;
    assert_eq!(token.status, 400);
    assert!(app.store().api_tokens_of(id).await.unwrap().is_empty());
    let mut japanese = app.agent_for(id).await.with_header("accept-language", "ja");
    let refused = japanese.post("/account/profile", &[("bio", "\0")]).await;
    assert!(refused.body.contains("NUL 文字"), "the message is in the member's language");
}

#[tokio::test]
async fn a_nul_in_an_api_json_body_is_a_problem_document_and_changes_nothing() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let id = app.create_member("learner@example.org", "Learner").await;
    let token = "altto_test-token-for-nul-0123456789abcdef";
    let hash = altto::random::hash(token);
    app.store().create_api_token(id, "t", &hash, "altto_test", "read write", None).await.unwrap();
    let quiz = app.starter().await.content.lessons().find(|(_, l)| l.quiz.is_some()).unwrap().1.id;
    let request = Request::post(format!("/api/v1/quizzes/{quiz}/attempts"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(r#"{"answers": [["a\u0000b"]]}"#))
        .unwrap();
    let response = app.request(request).await;
    assert_eq!(response.status, 400);
    assert_eq!(response.header("content-type"), "application/problem+json");
    assert!(response.body.contains("U+0000"), "{}", response.body);
    assert!(app.store().all_progress(id).await.unwrap().is_empty());
    for path in ["/certificates/a%00b", "/media/x%00.png", "/api/v1/certificates/a%00b"] {
        assert_eq!(app.get(path).await.status, 404, "{path}");
    }
}
