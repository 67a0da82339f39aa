//! Every route × every role: who may use what. The expected access of each route is
//! written here, independently of the code; a route added to the app without a line
//! here fails `every_route_has_an_expected_access`.

use altto::app::route_table;
use altto_store::{AccountStatus, Grants, Role, UserId};

use crate::helpers::{Agent, TestApp, TestResponse};

/// Who may use a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    Everyone,
    SignedIn,
    Writer,
    /// Editors and admins: the content vocabulary (topics).
    Editorial,
    /// Moderators and admins: the community's moderation.
    Moderation,
    Admin,
}

/// The expected access of every route, by method and path pattern.
const EXPECTED: &[(&str, &str, Access)] = {
    use Access::*;
    &[
        ("GET", "/", Everyone),
        ("GET", "/about", Everyone),
        ("GET", "/lang/{code}", Everyone),
        ("GET", "/healthz", Everyone),
        ("GET", "/readyz", Everyone),
        ("GET", "/metrics", Everyone),
        ("GET", "/assets/{file}", Everyone),
        ("GET", "/signup", Everyone),
        ("POST", "/signup", Everyone),
        ("GET", "/signup/sent", Everyone),
        ("GET", "/verify", Everyone),
        ("POST", "/verify", Everyone),
        ("GET", "/login", Everyone),
        ("POST", "/login", Everyone),
        ("POST", "/logout", SignedIn),
        ("GET", "/password/forgot", Everyone),
        ("POST", "/password/forgot", Everyone),
        ("GET", "/password/forgot/sent", Everyone),
        ("GET", "/password/reset", Everyone),
        ("POST", "/password/reset", Everyone),
        ("GET", "/account", SignedIn),
        ("GET", "/notifications", SignedIn),
        ("GET", "/account/notifications", SignedIn),
        ("POST", "/account/notifications", SignedIn),
        ("GET", "/notifications/unsubscribe", Everyone),
        ("POST", "/notifications/unsubscribe", Everyone),
        ("GET", "/account/profile", SignedIn),
        ("POST", "/account/profile", SignedIn),
        ("GET", "/account/password", SignedIn),
        ("POST", "/account/password", SignedIn),
        ("GET", "/account/email", SignedIn),
        ("POST", "/account/email", SignedIn),
        ("GET", "/account/email/confirm", Everyone),
        ("POST", "/account/email/confirm", Everyone),
        ("POST", "/account/sessions/revoke", SignedIn),
        ("GET", "/account/tokens", SignedIn),
        ("POST", "/account/tokens", SignedIn),
        ("POST", "/account/tokens/{id}/revoke", SignedIn),
        ("GET", "/account/data", SignedIn),
        ("GET", "/account/delete", SignedIn),
        ("POST", "/account/delete", SignedIn),
        ("GET", "/account/deleted", Everyone),
        ("GET", "/members/{id}", Everyone),
        ("GET", "/community/directory", Everyone),
        ("GET", "/community/directory/{prefecture}", Everyone),
        ("GET", "/messages", SignedIn),
        ("GET", "/messages/new", SignedIn),
        ("POST", "/messages", SignedIn),
        ("GET", "/messages/{id}", SignedIn),
        ("POST", "/messages/{id}", SignedIn),
        ("POST", "/members/{id}/block", SignedIn),
        ("GET", "/account/blocked", SignedIn),
        ("POST", "/account/blocked/{id}/unblock", SignedIn),
        ("GET", "/messages/{id}/report/{message}", SignedIn),
        ("POST", "/messages/{id}/report/{message}", SignedIn),
        ("GET", "/admin/users", Admin),
        ("GET", "/admin/users/{id}", Admin),
        ("POST", "/admin/users/{id}/roles", Admin),
        ("POST", "/admin/users/{id}/suspend", Admin),
        ("POST", "/admin/users/{id}/reinstate", Admin),
        ("GET", "/admin/audit", Admin),
        ("GET", "/admin/mail", Admin),
        ("POST", "/admin/mail/{id}/retry", Admin),
        ("GET", "/admin/site", Admin),
        ("POST", "/admin/site", Admin),
        ("GET", "/admin/topics", Editorial),
        ("POST", "/admin/topics", Editorial),
        ("POST", "/admin/topics/{slug}", Editorial),
        ("POST", "/admin/topics/{slug}/remove", Editorial),
        ("GET", "/courses", Everyone),
        ("GET", "/library", Everyone),
        ("GET", "/library/{slug}", Everyone),
        ("GET", "/library/{slug}/history", Everyone),
        ("GET", "/news", Everyone),
        ("GET", "/news/{slug}", Everyone),
        ("GET", "/news/{slug}/history", Everyone),
        ("GET", "/library/{slug}/files/{*path}", Everyone),
        ("GET", "/news/{slug}/files/{*path}", Everyone),
        ("GET", "/author/library/{shelf}/{slug}/files", Writer),
        ("POST", "/author/library/{shelf}/{slug}/files", Writer),
        ("POST", "/author/library/{shelf}/{slug}/files/remove", Writer),
        ("GET", "/author/library/{shelf}/{slug}/files/{*path}", Writer),
        ("POST", "/author/library/{shelf}/{slug}/video", Writer),
        ("GET", "/courses/{slug}", Everyone),
        ("GET", "/courses/{slug}/lessons/{lesson}", Everyone),
        ("POST", "/courses/{slug}/lessons/{lesson}/quiz", Everyone),
        ("POST", "/courses/{slug}/lessons/{lesson}/complete", Everyone),
        ("POST", "/courses/{slug}/lessons/{lesson}/reflection", SignedIn),
        ("GET", "/learning", Everyone),
        ("GET", "/authors", Everyone),
        ("GET", "/authors/{slug}", Everyone),
        ("GET", "/videos", Everyone),
        ("GET", "/sitemap.xml", Everyone),
        ("GET", "/robots.txt", Everyone),
        ("GET", "/news/feed.xml", Everyone),
        ("GET", "/library/feed.xml", Everyone),
        ("GET", "/library/category/{category}/feed.xml", Everyone),
        ("GET", "/certificates/verify", Everyone),
        ("GET", "/certificates/{id}", Everyone),
        ("GET", "/certificates/{id}/credential.jwt", Everyone),
        ("GET", "/.well-known/jwks.json", Everyone),
        ("GET", "/author", Writer),
        ("GET", "/author/courses/new", Writer),
        ("POST", "/author/courses", Writer),
        ("GET", "/author/courses/{slug}", Writer),
        ("POST", "/author/courses/{slug}", Writer),
        ("POST", "/author/courses/{slug}/modules", Writer),
        ("POST", "/author/courses/{slug}/lessons", Writer),
        ("POST", "/author/courses/{slug}/move", Writer),
        ("GET", "/author/courses/{slug}/manage", Writer),
        ("POST", "/author/courses/{slug}/rename", Writer),
        ("POST", "/author/courses/{slug}/move-to", Writer),
        ("GET", "/author/courses/{slug}/delete", Writer),
        ("POST", "/author/courses/{slug}/delete", Writer),
        ("GET", "/author/courses/{slug}/lessons/{lesson}", Writer),
        // Past the guard for everyone: the draft's own rule (`can_view_draft`) answers
        // "not found" to anyone else (tests/it/content_lang.rs).
        ("GET", "/author/courses/{slug}/lessons/{lesson}/preview", Everyone),
        ("POST", "/author/courses/{slug}/lessons/{lesson}", Writer),
        ("GET", "/author/courses/{slug}/lessons/{lesson}/quiz", Writer),
        ("POST", "/author/courses/{slug}/lessons/{lesson}/quiz", Writer),
        ("POST", "/author/courses/{slug}/lessons/{lesson}/import", Writer),
        ("POST", "/author/courses/{slug}/lessons/{lesson}/upload", Writer),
        ("POST", "/author/courses/{slug}/submit", Writer),
        ("POST", "/author/courses/{slug}/review", Writer),
        ("GET", "/author/courses/{slug}/revisions", Writer),
        ("GET", "/author/courses/{slug}/revisions/{number}", Writer),
        ("POST", "/author/courses/{slug}/revisions/{number}/restore", Writer),
        ("GET", "/author/courses/{slug}/media", Writer),
        ("POST", "/author/courses/{slug}/media", Writer),
        ("POST", "/author/courses/{slug}/media/remove", Writer),
        ("GET", "/author/courses/{slug}/media/{*path}", Writer),
        ("GET", "/media/{slug}/{*path}", Everyone),
        ("GET", "/glossary", Everyone),
        ("GET", "/glossary/{slug}", Everyone),
        ("GET", "/author/glossary", Writer),
        ("GET", "/author/glossary/new", Writer),
        ("POST", "/author/glossary", Writer),
        ("GET", "/author/glossary/{slug}", Writer),
        ("POST", "/author/glossary/{slug}", Writer),
        ("POST", "/author/glossary/{slug}/submit", Writer),
        ("POST", "/author/glossary/{slug}/review", Writer),
        ("GET", "/api/v1/glossary", Everyone),
        ("GET", "/api/v1/glossary/{slug}", Everyone),
        ("GET", "/newsletter", Everyone),
        ("POST", "/newsletter/subscribe", Everyone),
        ("GET", "/newsletter/sent", Everyone),
        ("GET", "/newsletter/confirm", Everyone),
        ("POST", "/newsletter/confirm", Everyone),
        ("GET", "/newsletter/unsubscribe", Everyone),
        ("POST", "/newsletter/unsubscribe", Everyone),
        ("GET", "/newsletter/feed.xml", Everyone),
        ("GET", "/newsletter/{issue}", Everyone),
        ("GET", "/account/newsletter", SignedIn),
        ("POST", "/account/newsletter", SignedIn),
        ("GET", "/author/newsletter", Editorial),
        ("GET", "/author/newsletter/new", Editorial),
        ("POST", "/author/newsletter", Editorial),
        ("GET", "/author/newsletter/{id}", Editorial),
        ("POST", "/author/newsletter/{id}", Editorial),
        ("POST", "/author/newsletter/{id}/test", Editorial),
        ("GET", "/author/newsletter/{id}/send", Editorial),
        ("POST", "/author/newsletter/{id}/send", Editorial),
        ("GET", "/api/v1/newsletter/issues", Everyone),
        ("GET", "/api/v1/newsletter/issues/{issue}", Everyone),
        ("POST", "/api/v1/newsletter/drafts", Editorial),
        ("GET", "/api/v1/newsletter/drafts/{id}", Editorial),
        ("PUT", "/api/v1/newsletter/drafts/{id}", Editorial),
        ("GET", "/search", Everyone),
        ("GET", "/opensearch.xml", Everyone),
        ("GET", "/api/v1/search", Everyone),
        ("GET", "/author/library", Writer),
        ("GET", "/author/library/new", Writer),
        ("POST", "/author/library", Writer),
        ("GET", "/author/library/{shelf}/{slug}", Writer),
        ("POST", "/author/library/{shelf}/{slug}", Writer),
        ("POST", "/author/library/{shelf}/{slug}/review", Writer),
        // Past the guard for everyone: the draft's own rule answers "not found" to
        // anyone else (tests/it/library_writing.rs).
        ("GET", "/author/library/{shelf}/{slug}/preview", Everyone),
        ("GET", "/author/library/{shelf}/{slug}/revisions", Writer),
        ("POST", "/author/library/{shelf}/{slug}/revisions/{number}/restore", Writer),
        ("GET", "/author/people", Editorial),
        ("GET", "/author/people/new", Editorial),
        ("POST", "/author/people", Editorial),
        ("GET", "/author/people/{slug}", Editorial),
        ("POST", "/author/people/{slug}", Editorial),
        ("GET", "/api/openapi.json", Everyone),
        ("GET", "/api/v1/me", SignedIn),
        ("GET", "/api/v1/me/progress", SignedIn),
        ("GET", "/api/v1/courses", Everyone),
        ("GET", "/api/v1/courses/{slug}", Everyone),
        ("GET", "/api/v1/lessons/{id}", Everyone),
        ("POST", "/api/v1/lessons/{id}/complete", SignedIn),
        ("POST", "/api/v1/quizzes/{id}/attempts", Everyone),
        ("GET", "/api/v1/certificates/{id}", Everyone),
        ("GET", "/api/v1/articles", Everyone),
        ("GET", "/api/v1/articles/{slug}", Everyone),
        ("GET", "/api/v1/posts", Everyone),
        ("GET", "/api/v1/posts/{slug}", Everyone),
        ("POST", "/api/v1/articles", Writer),
        ("PUT", "/api/v1/articles/{slug}", Writer),
        ("POST", "/api/v1/posts", Writer),
        ("PUT", "/api/v1/posts/{slug}", Writer),
        ("GET", "/community", Everyone),
        ("GET", "/community/c/{slug}", Everyone),
        ("POST", "/community/c/{slug}/watch", SignedIn),
        ("GET", "/community/t/{id}", Everyone),
        ("GET", "/community/posts/{id}", Everyone),
        ("GET", "/community/posts/{id}/history", Everyone),
        ("GET", "/community/new", SignedIn),
        ("POST", "/community/threads", SignedIn),
        ("POST", "/community/t/{id}/replies", SignedIn),
        ("GET", "/community/posts/{id}/edit", SignedIn),
        ("POST", "/community/posts/{id}/edit", SignedIn),
        ("POST", "/community/posts/{id}/helpful", SignedIn),
        ("POST", "/community/t/{id}/close", SignedIn),
        ("POST", "/community/t/{id}/accept", SignedIn),
        ("POST", "/community/t/{id}/moderate", Moderation),
        ("GET", "/community/posts/{id}/flag", SignedIn),
        ("POST", "/community/posts/{id}/flag", SignedIn),
        ("POST", "/community/posts/{id}/moderate", Moderation),
        ("POST", "/community/t/{id}/move", Moderation),
        ("POST", "/community/t/{id}/merge", Moderation),
        ("GET", "/community/t/{id}/split", Moderation),
        ("POST", "/community/t/{id}/split", Moderation),
        ("GET", "/community/review", Moderation),
        ("GET", "/community/review/log", Moderation),
        ("POST", "/community/review/messages/{id}", Moderation),
        ("POST", "/community/members/{id}/suspend", Moderation),
        ("POST", "/community/members/{id}/reinstate", Moderation),
        ("GET", "/community/categories", Admin),
        ("POST", "/community/categories", Admin),
        ("POST", "/community/categories/{id}", Admin),
        ("GET", "/community/handle", SignedIn),
        ("POST", "/community/handle", SignedIn),
        ("GET", "/community/about/lesson/{slug}/{lesson}", Everyone),
        ("POST", "/community/about/lesson/{slug}/{lesson}", SignedIn),
        ("GET", "/community/about/{shelf}/{slug}", Everyone),
        ("POST", "/community/about/{shelf}/{slug}", SignedIn),
        ("GET", "/community/resources", Everyone),
        ("GET", "/community/resources/new", SignedIn),
        ("POST", "/community/resources", SignedIn),
        ("GET", "/community/resources/{id}/{name}", Everyone),
        ("GET", "/community/t/{id}/share", SignedIn),
        ("POST", "/community/t/{id}/share", SignedIn),
        ("GET", "/api/v1/community/categories", Everyone),
        ("GET", "/api/v1/community/categories/{slug}/threads", Everyone),
        ("GET", "/api/v1/community/threads/{id}", Everyone),
        ("GET", "/api/v1/community/threads/{id}/posts", Everyone),
        ("GET", "/api/v1/community/posts/{id}", Everyone),
        ("POST", "/api/v1/community/threads", SignedIn),
        ("POST", "/api/v1/community/threads/{id}/posts", SignedIn),
        ("PUT", "/api/v1/community/posts/{id}", SignedIn),
    ]
};

/// The roles every route is tried with.
#[derive(Clone, Copy, Debug)]
enum Who {
    Visitor,
    Member,
    Author,
    Editor,
    Moderator,
    Admin,
    Suspended,
}

const EVERYONE: [Who; 7] =
    [Who::Visitor, Who::Member, Who::Author, Who::Editor, Who::Moderator, Who::Admin, Who::Suspended];

impl Who {
    fn grants(self) -> Grants {
        let (role, is_moderator, is_admin) = match self {
            Who::Visitor | Who::Member | Who::Suspended => (Role::Member, false, false),
            Who::Author => (Role::Author, false, false),
            Who::Editor => (Role::Editor, false, false),
            Who::Moderator => (Role::Member, true, false),
            Who::Admin => (Role::Member, false, true),
        };
        Grants { role, is_moderator, is_admin }
    }

    fn may(self, access: Access) -> bool {
        match (self, access) {
            (_, Access::Everyone) => true,
            (Who::Visitor | Who::Suspended, _) => false,
            (_, Access::SignedIn) => true,
            (who, Access::Writer) => matches!(who, Who::Author | Who::Editor),
            (who, Access::Editorial) => matches!(who, Who::Editor | Who::Admin),
            (who, Access::Moderation) => matches!(who, Who::Moderator | Who::Admin),
            (who, Access::Admin) => matches!(who, Who::Admin),
        }
    }
}

#[test]
fn every_route_has_an_expected_access() {
    let routes: Vec<(String, &str)> =
        route_table().iter().map(|spec| (spec.method.to_string(), spec.path)).collect();
    let missing: Vec<_> = routes
        .iter()
        .filter(|(method, path)| !EXPECTED.iter().any(|(m, p, _)| m == method && p == path))
        .collect();
    assert!(missing.is_empty(), "routes without an expected access in tests/it/authz.rs: {missing:?}");
    let stale: Vec<_> = EXPECTED
        .iter()
        .filter(|(m, p, _)| !routes.iter().any(|(method, path)| method == m && path == p))
        .collect();
    assert!(stale.is_empty(), "expected routes the app no longer has: {stale:?}");
}

/// A request path for `pattern` with its parameters filled in.
fn concrete(pattern: &str, target: UserId, css: &str) -> String {
    pattern
        .replace("/assets/{file}", css)
        .replace("{code}", "ja")
        .replace("{category}", "research")
        .replace("{slug}", "alt-essentials")
        .replace("{lesson}", "the-school-year")
        .replace("{shelf}", "library")
        .replace("{number}", "1")
        .replace("{issue}", "1")
        .replace("{prefecture}", "nagano")
        .replace("{message}", "999999")
        .replace("{*path}", "none.png")
        .replace("{name}", "none.pdf")
        .replace("/members/{id}", &format!("/members/{target}"))
        .replace("/admin/users/{id}", &format!("/admin/users/{target}"))
        .replace("{id}", "999999")
}

/// Whether the response refused the request (rather than serving or rejecting its input).
fn denied(response: &TestResponse) -> bool {
    matches!(response.status.as_u16(), 401 | 403)
        || (response.status == 303 && response.location().starts_with("/login?next="))
}

#[tokio::test]
async fn every_route_allows_and_denies_exactly_the_expected_roles() {
    let app = TestApp::spawn().await;
    altto::courses::library::load_starter_course(app.store()).await.unwrap();
    let target = app.create_member("target@example.org", "Target").await;
    let public = altto_store::ProfileUpdate {
        display_name: "Target".into(),
        visibility: Some(altto_store::Visibility::Public),
        ..Default::default()
    };
    app.store().update_profile(target, &public).await.unwrap();
    let home = app.get("/").await;
    let start = home.body.find("/assets/style.").unwrap();
    let css = home.body[start..start + home.body[start..].find('"').unwrap()].to_owned();

    let mut users = Vec::new();
    for (i, who) in EVERYONE.iter().enumerate() {
        let id = match who {
            Who::Visitor => None,
            _ => Some(
                app.create_user(&format!("user{i}@example.org"), &format!("User {i}"), who.grants()).await,
            ),
        };
        users.push((*who, id));
    }

    let mut failures = Vec::new();
    for spec in route_table() {
        let (_, _, access) =
            EXPECTED.iter().find(|(m, p, _)| *m == spec.method.as_str() && *p == spec.path).unwrap();
        let path = concrete(spec.path, target, &css);
        for (who, id) in &users {
            // A fresh session per request, so that routes that sign out or change roles
            // do not affect the next one.
            let mut agent: Agent<'_> = match id {
                Some(id) => app.agent_for(*id).await,
                None => app.agent(),
            };
            if matches!(who, Who::Suspended) {
                app.store().set_status(id.unwrap(), AccountStatus::Suspended).await.unwrap();
            }
            let response = if spec.method == axum::http::Method::GET {
                agent.get(&path).await
            } else if spec.method == axum::http::Method::PUT {
                let token = agent.csrf().await;
                let mut request = agent.post_request(&path, &[("_csrf", token.as_str())]);
                *request.method_mut() = axum::http::Method::PUT;
                app.request(request).await
            } else {
                agent.post(&path, &[]).await
            };
            if matches!(who, Who::Suspended) {
                app.store().set_status(id.unwrap(), AccountStatus::Active).await.unwrap();
            }
            let expected = who.may(*access);
            if expected == denied(&response) || response.status.is_server_error() {
                failures.push(format!(
                    "{} {path} as {who:?}: expected {}, got {} {}",
                    spec.method,
                    if expected { "allowed" } else { "denied" },
                    response.status,
                    response.location()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "authorization mismatches:\n{}", failures.join("\n"));
}
