//! The JSON API: personal access tokens, `/api/v1/me`, the OpenAPI document, problem
//! details.

use crate::{courses::right_json_answer, helpers::TestApp};

/// Passes the quiz of starter lesson `lesson` through the API with `bearer`, as a
/// learner must before completing the lesson.
async fn pass_quiz(app: &TestApp, bearer: &str, lesson: i64) {
    let starter = app.starter().await;
    let quiz = starter.content.lesson_by_id(lesson).unwrap().quiz.as_ref().unwrap();
    let answers: Vec<serde_json::Value> =
        quiz.questions.iter().enumerate().map(|(i, q)| right_json_answer(lesson, i, q)).collect();
    let request = axum::http::Request::post(format!("/api/v1/quizzes/{lesson}/attempts"))
        .header("authorization", bearer)
        .header("content-type", "application/json")
        .body(axum::body::Body::from(serde_json::json!({ "answers": answers }).to_string()))
        .unwrap();
    let attempt = app.request(request).await;
    assert_eq!(attempt.status, 200, "{}", attempt.body);
}

#[tokio::test]
async fn a_token_is_shown_once_works_as_bearer_and_stops_working_when_revoked() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let mut browser = app.agent_for(id).await;
    let created =
        browser.post("/account/tokens", &[("name", "my phone"), ("scope", "read"), ("lifetime", "30")]).await;
    assert_eq!(created.status, 200);
    let start = created.body.find("altto_").unwrap();
    let token: String = created.body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    assert!(token.len() > 40);
    let listed = browser.get("/account/tokens").await;
    assert!(listed.body.contains("my phone") && !listed.body.contains(&token), "never shown again");
    assert!(listed.body.contains("<td>read</td>"), "its scopes are shown");
    let in_30_days = altto::web::format::day_of(altto_store::now_millis() + 30 * 86_400_000);
    assert!(listed.body.contains(&format!("<td>{in_30_days}</td>")), "its expiry is shown");
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
    let token_id =
        app.store().create_api_token(owner, "x", "hash", "altto_abc", "read write", None).await.unwrap();
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

/// Creates a token for `user` with `scopes`, expiring at `expires_at`; returns it.
async fn token_for(
    app: &TestApp,
    user: altto_store::UserId,
    scopes: &str,
    expires_at: Option<i64>,
) -> String {
    let token = format!("altto_test-{}", altto::random::token());
    let hash = altto::random::hash(&token);
    app.store().create_api_token(user, "test", &hash, &token[..12], scopes, expires_at).await.unwrap();
    token
}

#[tokio::test]
async fn an_api_token_is_no_credential_on_the_sites_pages_and_cannot_make_tokens() {
    use altto_store::Role;
    let app = TestApp::spawn().await;
    let admin = app.create_admin().await;
    let member = app.create_member("member@example.org", "Member").await;
    let token = token_for(&app, admin, "read write admin", None).await;
    let bearer = format!("Bearer {token}");
    let with_token = [("authorization", bearer.as_str())];

    // Pages and forms of the site treat the token's bearer as a visitor.
    let users = app.get_with("/admin/users", &with_token).await;
    assert_eq!(users.status, 303, "a visitor is sent to sign in");
    assert!(users.location().starts_with("/login"));
    for (path, body) in [
        (format!("/admin/users/{}/roles", member.0), "role=editor&admin=on"),
        ("/account/tokens".to_owned(), "name=minted&scope=read&scope=write&scope=admin&lifetime=0"),
    ] {
        let request = axum::http::Request::post(path.as_str())
            .header("authorization", bearer.as_str())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body))
            .unwrap();
        let response = app.request(request).await;
        assert_eq!(response.status, 403, "{path}");
    }
    let member_now = app.store().user(member).await.unwrap();
    assert!(member_now.role == Role::Member && !member_now.is_admin, "no role was changed");
    assert_eq!(app.store().api_tokens_of(admin).await.unwrap().len(), 1, "no token was made");
    // Under /api/ it works, for what its scopes allow.
    assert_eq!(app.get_with("/api/v1/me", &with_token).await.status, 200);
}

#[tokio::test]
async fn a_read_only_token_cannot_write_and_an_expired_token_does_nothing() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let id = app.create_member("learner@example.org", "Learner").await;
    let lesson = app.starter().await.content.lessons().next().unwrap().1.id;
    let complete = |token: &str| {
        axum::http::Request::post(format!("/api/v1/lessons/{lesson}/complete"))
            .header("authorization", format!("Bearer {token}"))
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let read_only = token_for(&app, id, "read", None).await;
    assert_eq!(
        app.get_with("/api/v1/me", &[("authorization", &format!("Bearer {read_only}"))]).await.status,
        200
    );
    let refused = app.request(complete(&read_only)).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.header("content-type"), "application/problem+json");
    assert!(app.store().all_progress(id).await.unwrap().is_empty(), "nothing was recorded");

    let writer = token_for(&app, id, "read write", None).await;
    pass_quiz(&app, &format!("Bearer {writer}"), lesson).await;
    assert_eq!(app.request(complete(&writer)).await.status, 200);

    let expired = token_for(&app, id, "read write", Some(altto_store::now_millis() - 1)).await;
    assert_eq!(
        app.get_with("/api/v1/me", &[("authorization", &format!("Bearer {expired}"))]).await.status,
        401
    );
}

#[tokio::test]
async fn only_an_admin_may_give_a_token_the_admin_scope_and_a_token_needs_a_scope() {
    let app = TestApp::spawn().await;
    let id = app.create_member("member@example.org", "Member").await;
    let mut browser = app.agent_for(id).await;
    let page = browser.get("/account/tokens").await;
    assert!(!page.body.contains(r#"value="admin""#), "members are not offered the admin scope");
    let admin = browser
        .post(
            "/account/tokens",
            &[("name", "sneaky"), ("scope", "read"), ("scope", "admin"), ("lifetime", "90")],
        )
        .await;
    assert_eq!(admin.status, 422);
    assert!(admin.body.contains("Only admins can give a token the admin scope"));
    let none = browser.post("/account/tokens", &[("name", "empty"), ("lifetime", "90")]).await;
    assert_eq!(none.status, 422);
    assert!(none.body.contains("Choose what the token may do"));
    assert!(app.store().api_tokens_of(id).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_token_made_before_scopes_existed_reads_and_writes_and_never_expires() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let id = app.create_member("learner@example.org", "Learner").await;
    let token = "altto_made-before-scopes-0123456789abcdef";
    let hash = altto::random::hash(token);
    // The columns a token row had before scopes and expiry were added.
    app.sql(&format!(
        "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES ({}, 'old', '{hash}', 'altto_made', 0)",
        id.0
    ))
    .await;
    let stored = &app.store().api_tokens_of(id).await.unwrap()[0];
    assert_eq!((stored.scopes.as_str(), stored.expires_at), ("read write", None));
    let bearer = format!("Bearer {token}");
    assert_eq!(app.get_with("/api/v1/me", &[("authorization", &bearer)]).await.status, 200);
    let lesson = app.starter().await.content.lessons().next().unwrap().1.id;
    pass_quiz(&app, &bearer, lesson).await;
    let complete = axum::http::Request::post(format!("/api/v1/lessons/{lesson}/complete"))
        .header("authorization", bearer.as_str())
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(app.request(complete).await.status, 200);
}

#[tokio::test]
async fn the_openapi_document_does_not_drift_unseen() {
    let app = TestApp::spawn().await;
    let doc: serde_json::Value = serde_json::from_str(&app.get("/api/openapi.json").await.body).unwrap();
    // A change to the API shows here in review: `cargo insta review` (or
    // INSTA_UPDATE=always) accepts it.
    insta::assert_json_snapshot!("openapi", doc);
}

#[tokio::test]
async fn every_status_an_api_endpoint_answers_is_listed_in_the_openapi_document() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let id = app.create_member("learner@example.org", "Learner").await;
    let reader = token_for(&app, id, "read", None).await;
    let writer = token_for(&app, id, "read write", None).await;
    let lesson = app.starter().await.content.lessons().find(|(_, l)| l.quiz.is_some()).unwrap().1.id;
    let doc: serde_json::Value = serde_json::from_str(&app.get("/api/openapi.json").await.body).unwrap();
    let mut undocumented = Vec::new();
    for (pattern, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let documented: Vec<&String> = operation["responses"].as_object().unwrap().keys().collect();
            let ids = [
                lesson.to_string(),
                "alt-essentials".into(),
                "abc".into(),
                "99999999999999999999".into(),
                "-1".into(),
            ];
            for id in &ids {
                let path = pattern.replace("{id}", id).replace("{slug}", id);
                for query in ["", "?x=a%00b"] {
                    for token in [None, Some(&reader), Some(&writer), Some(&"altto_not-a-token".to_owned())] {
                        for body in [
                            None,
                            Some("not json"),
                            Some(r#"{"answers": "wrong shape"}"#),
                            Some(r#"{"answers": []}"#),
                        ] {
                            if method == "get" && body.is_some() {
                                continue;
                            }
                            let mut request = axum::http::Request::builder()
                                .method(method.to_uppercase().as_str())
                                .uri(format!("{path}{query}"));
                            if let Some(token) = token {
                                request = request.header("authorization", format!("Bearer {token}"));
                            }
                            if body.is_some() {
                                request = request.header("content-type", "application/json");
                            }
                            let body = axum::body::Body::from(body.unwrap_or_default().to_owned());
                            let status =
                                app.request(request.body(body).unwrap()).await.status.as_u16().to_string();
                            if !documented.contains(&&status) {
                                undocumented
                                    .push(format!("{} {path}{query}: {status}", method.to_uppercase()));
                            }
                        }
                    }
                }
            }
        }
    }
    undocumented.dedup();
    assert!(
        undocumented.is_empty(),
        "answers the OpenAPI document does not list:\n{}",
        undocumented.join("\n")
    );
}
