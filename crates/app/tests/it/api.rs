//! The JSON API: personal access tokens, `/api/v1/me`, the OpenAPI document, problem
//! details.

use crate::helpers::TestApp;

#[tokio::test]
async fn a_token_is_shown_once_works_as_bearer_and_stops_working_when_revoked() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let mut browser = app.agent_for(id).await;
    let created = browser.post("/account/tokens", &[("name", "my phone")]).await;
    assert_eq!(created.status, 200);
    let start = created.body.find("altto_").unwrap();
    let token: String = created.body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    assert!(token.len() > 40);
    let listed = browser.get("/account/tokens").await;
    assert!(listed.body.contains("my phone") && !listed.body.contains(&token), "never shown again");
    let stored = app.store().api_tokens_of(id).await.unwrap();
    assert_ne!(stored[0].prefix, token, "only a prefix is kept");

    let me = app.get_with("/api/v1/me", &[("authorization", &format!("Bearer {token}"))]).await;
    assert_eq!(me.status, 200);
    let json: serde_json::Value = serde_json::from_str(&me.body).unwrap();
    assert_eq!(json["email"], "member@example.org");
    assert_eq!(json["display_name"], "Member");
    assert_eq!(json["role"], "member");

    let revoked = browser.post(&format!("/account/tokens/{}/revoke", stored[0].id), &[]).await;
    assert_eq!(revoked.location(), "/account/tokens");
    let refused = app.get_with("/api/v1/me", &[("authorization", &format!("Bearer {token}"))]).await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.header("content-type"), "application/problem+json");
    let problem: serde_json::Value = serde_json::from_str(&refused.body).unwrap();
    assert_eq!(problem["status"], 401);
    assert_eq!(problem["title"], "Please sign in");
}

#[tokio::test]
async fn a_member_cannot_revoke_someone_elses_token() {
    let app = TestApp::spawn().await;
    let owner = app.create_member("owner@example.org", "Owner").await;
    let other = app.create_member("other@example.org", "Other").await;
    let token_id = app.store().create_api_token(owner, "x", "hash", "altto_abc").await.unwrap();
    let response = app.agent_for(other).await.post(&format!("/account/tokens/{token_id}/revoke"), &[]).await;
    assert_eq!(response.status, 404);
    assert_eq!(app.store().api_tokens_of(owner).await.unwrap().len(), 1);
}

#[tokio::test]
async fn api_requests_with_a_token_need_no_csrf_and_without_one_are_401() {
    let app = TestApp::spawn().await;
    let anonymous = app.get("/api/v1/me").await;
    assert_eq!(anonymous.status, 401);
    assert_eq!(anonymous.header("www-authenticate"), "Bearer");
    let garbage = app.get_with("/api/v1/me", &[("authorization", "Bearer nonsense")]).await;
    assert_eq!(garbage.status, 401);
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = TestApp::spawn().await;
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status, 200);
    let doc: serde_json::Value = serde_json::from_str(&response.body).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(doc["paths"]["/api/v1/me"]["get"].is_object());
    assert_eq!(doc["components"]["securitySchemes"]["token"]["scheme"], "bearer");
    assert!(doc["components"]["schemas"]["Me"]["properties"]["display_name"].is_object());
}
