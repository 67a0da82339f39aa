//! The Monthly Trainer: subscribing with double opt-in, one-click unsubscribing,
//! editors composing and sending issues exactly once each, the throttle, bouncing
//! addresses, the public archive and the starter archive.

use altto::newsletter::tokens::{self, Purpose};
use altto_store::{Grants, Role, SubscriberStatus, UserId};
use axum::{body::Body, http::Request};

use crate::helpers::{TestApp, link_in};

/// An app that mails newsletter copies as fast as the queue goes.
pub(crate) async fn app() -> TestApp {
    TestApp::spawn_with(|s| s.newsletter_mails_per_minute = 0).await.with_starter_course().await
}

pub(crate) async fn editor(app: &TestApp) -> UserId {
    app.create_user(
        "editor@example.org",
        "Eri",
        Grants { role: Role::Editor, is_moderator: false, is_admin: false },
    )
    .await
}

/// Subscribes `email` as a visitor and confirms from the mailed link.
pub(crate) async fn subscribe_and_confirm(app: &TestApp, email: &str, lang: &str) {
    let mut visitor = app.agent();
    let done = visitor.post("/newsletter/subscribe", &[("email", email), ("lang", lang)]).await;
    assert_eq!(done.location(), "/newsletter/sent");
    let mail = app.mail_to(email).await.pop().expect("a confirmation mail");
    let link = link_in(&mail);
    assert!(link.starts_with("/newsletter/confirm?token="), "{link}");
    let token = link.split("token=").nth(1).unwrap().to_owned();
    let confirmed = visitor.post("/newsletter/confirm", &[("token", &token)]).await;
    assert_eq!(confirmed.status, 200);
    assert!(confirmed.body.contains("You are subscribed") || confirmed.body.contains("購読が完了しました"));
}

/// Creates an issue through the editor's form; returns its id.
pub(crate) async fn compose(app: &TestApp, editor: UserId, subject: &str) -> i64 {
    let mut browser = app.agent_for(editor).await;
    let saved = browser
        .post(
            "/author/newsletter",
            &[
                ("subject", subject),
                ("subject_ja", "マンスリー・トレーナー"),
                ("intro", "Hello **teachers**, welcome back."),
                ("pick", "/courses/alt-essentials"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let location = saved.location().to_owned();
    assert!(location.ends_with("?notice=saved"), "{location}");
    location.trim_start_matches("/author/newsletter/").split('?').next().unwrap().parse().unwrap()
}

/// The newsletter copies in the outbox for `to` (not the confirmation mail).
pub(crate) async fn copies_to(app: &TestApp, to: &str) -> Vec<String> {
    app.mail_to(to).await.into_iter().filter(|mail| mail.contains("List-Unsubscribe-Post")).collect()
}

/// The unsubscribe link of a mail's `List-Unsubscribe` header, as a path.
pub(crate) fn unsubscribe_path(mail: &str) -> String {
    let start = mail.find("List-Unsubscribe: <").unwrap() + "List-Unsubscribe: <".len();
    let url = &mail[start..start + mail[start..].find('>').unwrap()];
    url[url.find("/newsletter").unwrap()..].to_owned()
}

pub(crate) async fn subscriber_status(app: &TestApp, email: &str) -> Option<SubscriberStatus> {
    app.store().subscriber_by_email(email).await.unwrap().map(|s| s.status)
}

#[tokio::test]
async fn a_subscriber_confirms_and_an_editor_previews_tests_and_sends_so_each_confirmed_subscriber_gets_exactly_one_copy()
 {
    let app = app().await;
    subscribe_and_confirm(&app, "aiko@example.org", "en").await;
    // Asked, never confirmed: gets no issue.
    app.agent().post("/newsletter/subscribe", &[("email", "pending@example.org"), ("lang", "en")]).await;
    assert_eq!(subscriber_status(&app, "pending@example.org").await, Some(SubscriberStatus::Pending));
    // A member subscribes from the account page, in Japanese: confirmed at once.
    let member = app.create_member("ken@example.org", "Ken").await;
    let mut ken = app.agent_for(member).await;
    assert!(ken.get("/account").await.body.contains("/account/newsletter"));
    let saved = ken.post("/account/newsletter", &[("subscribed", "1"), ("lang", "ja")]).await;
    assert_eq!(saved.location(), "/account/newsletter?saved=1");
    assert!(ken.get("/account/newsletter?saved=1").await.body.contains("checked"));
    assert_eq!(subscriber_status(&app, "ken@example.org").await, Some(SubscriberStatus::Confirmed));

    let editor = editor(&app).await;
    let id = compose(&app, editor, "The Monthly Trainer — December").await;
    let mut browser = app.agent_for(editor).await;
    let page = browser.get(&format!("/author/newsletter/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<strong>teachers</strong>"), "the HTML preview");
    assert!(page.body.contains("Hello **teachers**, welcome back."), "the plain-text preview");
    assert!(page.body.contains("ALT Essentials"), "the picked course");
    assert!(browser.get("/author").await.body.contains("href=\"/author/newsletter\""), "linked for editors");
    let list = browser.get("/author/newsletter").await;
    assert!(list.body.contains("The Monthly Trainer — December") && list.body.contains("Draft"));

    let test = browser.post(&format!("/author/newsletter/{id}/test"), &[]).await;
    assert_eq!(test.location(), format!("/author/newsletter/{id}?notice=test-sent"));
    let test_copy = app.mail_to("editor@example.org").await;
    assert_eq!(test_copy.len(), 1);
    assert!(test_copy[0].contains("[Test] The Monthly Trainer — December"));
    assert!(copies_to(&app, "aiko@example.org").await.is_empty(), "a test goes to the editor only");

    let confirm = browser.get(&format!("/author/newsletter/{id}/send")).await;
    assert!(confirm.body.contains("2 confirmed subscribers"), "{}", confirm.body);
    let sent = browser.post(&format!("/author/newsletter/{id}/send"), &[]).await;
    assert_eq!(sent.location(), format!("/author/newsletter/{id}?notice=sent"));

    let aiko = copies_to(&app, "aiko@example.org").await;
    assert_eq!(aiko.len(), 1, "exactly one copy");
    let mail = &aiko[0];
    assert!(mail.contains("Subject: The Monthly Trainer — December"), "{mail}");
    assert!(
        mail.contains("List-Unsubscribe: <http://127.0.0.1:8080/newsletter/unsubscribe?token="),
        "{mail}"
    );
    assert!(mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert!(mail.contains("Part: text/plain") && mail.contains("Part: text/html"), "{mail}");
    let (text, html) = mail.split_once("Part: text/html").unwrap();
    let unsubscribe = unsubscribe_path(mail);
    assert!(text.contains(&unsubscribe) && html.contains(&unsubscribe), "both parts carry the link");
    assert!(
        html.contains("<strong>teachers</strong>")
            && html.contains("http://127.0.0.1:8080/courses/alt-essentials")
    );
    let ken = copies_to(&app, "ken@example.org").await;
    assert_eq!(ken.len(), 1);
    assert!(ken[0].contains("マンスリー・トレーナー") && ken[0].contains("配信停止"), "in Japanese");
    assert!(copies_to(&app, "pending@example.org").await.is_empty(), "unconfirmed: nothing");

    // A second click sends nothing again.
    let again = browser.post(&format!("/author/newsletter/{id}/send"), &[]).await;
    assert_eq!(again.location(), format!("/author/newsletter/{id}?notice=already-sent"));
    assert_eq!(copies_to(&app, "aiko@example.org").await.len(), 1);
    assert!(browser.get(again.location()).await.body.contains("This issue was sent already"));

    // The public archive shows the issue, and no subscriber's address anywhere.
    let visitor = app.get("/newsletter").await;
    assert!(visitor.body.contains("The Monthly Trainer — December"));
    let issue = app.get("/newsletter/1").await;
    assert_eq!(issue.status, 200);
    assert!(
        issue.body.contains("<strong>teachers</strong>") && issue.body.contains("/courses/alt-essentials")
    );
    let ja = app.get_with("/newsletter/1", &[("accept-language", "ja")]).await;
    assert!(ja.body.contains("マンスリー・トレーナー") && ja.body.contains("第1号"));
    for page in [visitor, issue, ja, app.get("/newsletter/sent").await] {
        for address in ["aiko@", "ken@", "pending@", "editor@"] {
            assert!(!page.body.contains(address), "{address} shown on a public page");
        }
    }
}

#[tokio::test]
async fn a_one_click_post_without_cookie_or_csrf_token_unsubscribes_only_that_subscriber() {
    let app = app().await;
    subscribe_and_confirm(&app, "aiko@example.org", "en").await;
    subscribe_and_confirm(&app, "ben@example.org", "en").await;
    let editor = editor(&app).await;
    let id = compose(&app, editor, "December").await;
    app.agent_for(editor).await.post(&format!("/author/newsletter/{id}/send"), &[]).await;
    let path = unsubscribe_path(&copies_to(&app, "aiko@example.org").await[0]);

    // What a mail client sends (RFC 8058): no cookie, no token, just this body.
    let one_click = Request::post(&path)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("List-Unsubscribe=One-Click"))
        .unwrap();
    let response = app.request(one_click).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert!(response.body.contains("You are unsubscribed"));
    assert_eq!(subscriber_status(&app, "aiko@example.org").await, Some(SubscriberStatus::Unsubscribed));
    assert_eq!(subscriber_status(&app, "ben@example.org").await, Some(SubscriberStatus::Confirmed));

    // The link itself shows a page with a button (a GET changes nothing).
    let ben = unsubscribe_path(&copies_to(&app, "ben@example.org").await[0]);
    let page = app.get(&ben).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("List-Unsubscribe") && page.body.contains(">Unsubscribe</button>"));
    assert_eq!(subscriber_status(&app, "ben@example.org").await, Some(SubscriberStatus::Confirmed));
}

#[tokio::test]
async fn a_tampered_or_expired_link_changes_nothing_and_says_so_in_the_readers_language() {
    let app = app().await;
    app.agent().post("/newsletter/subscribe", &[("email", "aiko@example.org"), ("lang", "en")]).await;
    let link = link_in(&app.mail_to("aiko@example.org").await[0]);
    let token = link.split("token=").nth(1).unwrap().to_owned();
    let subscriber = app.store().subscriber_by_email("aiko@example.org").await.unwrap().unwrap();

    let mut tampered = token.clone();
    tampered.insert(tampered.len() - 2, 'x');
    let mut visitor = app.agent();
    let refused = visitor.post("/newsletter/confirm", &[("token", &tampered)]).await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("This link is not valid"), "{}", refused.body);
    let ja =
        app.get_with(&format!("/newsletter/confirm?token={tampered}"), &[("accept-language", "ja")]).await;
    assert_eq!(ja.status, 400);
    assert!(ja.body.contains("このリンクは無効です"));
    // Another subscriber's id under this signature is no better.
    let other_id = token.replacen(&subscriber.id.to_string(), "999", 1);
    assert_eq!(visitor.post("/newsletter/confirm", &[("token", &other_id)]).await.status, 400);

    let key = &app.state.secrets.csrf_key;
    let expired = tokens::sign(key, Purpose::Confirm, subscriber.id, &subscriber.email, 1_000);
    let old = visitor.post("/newsletter/confirm", &[("token", &expired)]).await;
    assert_eq!(old.status, 400);
    assert!(old.body.contains("This link has expired"));
    assert_eq!(subscriber_status(&app, "aiko@example.org").await, Some(SubscriberStatus::Pending));

    // A confirmation token does not unsubscribe, and a tampered unsubscribe link neither.
    app.store().confirm_subscriber(subscriber.id).await.unwrap();
    let wrong_purpose = app.agent().post_raw(&format!("/newsletter/unsubscribe?token={token}"), &[]).await;
    assert_eq!(wrong_purpose.status, 400);
    let unsubscribe = tokens::sign(key, Purpose::Unsubscribe, subscriber.id, &subscriber.email, 0);
    let broken = unsubscribe.replace('.', "._");
    let response = app.agent().post_raw(&format!("/newsletter/unsubscribe?token={broken}"), &[]).await;
    assert_eq!(response.status, 400);
    assert!(response.body.contains("Nothing was changed"));
    assert_eq!(app.get("/newsletter/unsubscribe?token=").await.status, 400);
    assert_eq!(subscriber_status(&app, "aiko@example.org").await, Some(SubscriberStatus::Confirmed));
}

#[tokio::test]
async fn an_invalid_address_is_refused_with_a_message_and_nothing_is_stored() {
    let app = app().await;
    let response =
        app.agent().post("/newsletter/subscribe", &[("email", "not an address"), ("lang", "en")]).await;
    assert_eq!(response.status, 422);
    assert!(response.body.contains("aria-invalid=\"true\""));
    assert!(response.body.contains("value=\"not an address\""), "what was typed is kept");
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM newsletter_subscribers").await, vec![0]);
    assert!(app.outbox().await.is_empty());
}

#[tokio::test]
async fn subscribing_again_says_the_same_neutral_thing_and_mails_a_confirmed_address_nothing() {
    let app = app().await;
    subscribe_and_confirm(&app, "aiko@example.org", "en").await;
    let before = app.outbox().await.len();
    let again =
        app.agent().post("/newsletter/subscribe", &[("email", "Aiko@Example.org "), ("lang", "ja")]).await;
    assert_eq!(again.location(), "/newsletter/sent");
    let new =
        app.agent().post("/newsletter/subscribe", &[("email", "new@example.org"), ("lang", "en")]).await;
    assert_eq!(new.location(), again.location(), "the same answer for a known and a new address");
    assert_eq!(app.outbox().await.len(), before + 1, "only the new address gets a confirmation mail");
    assert_eq!(subscriber_status(&app, "aiko@example.org").await, Some(SubscriberStatus::Confirmed));
    let page = app.get("/newsletter/sent").await;
    assert!(page.body.contains("If this address can be subscribed"));
}

#[tokio::test]
async fn an_editor_is_told_what_is_wrong_with_an_issue_and_cannot_change_one_sent() {
    let app = app().await;
    let editor = editor(&app).await;
    let mut browser = app.agent_for(editor).await;
    let long = "x".repeat(151);
    let refused = browser.post("/author/newsletter", &[("subject", &long), ("intro", "")]).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("The subject is too long") && refused.body.contains("Write an introduction")
    );
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM newsletter_issues").await, vec![0]);

    subscribe_and_confirm(&app, "aiko@example.org", "en").await;
    let id = compose(&app, editor, "December").await;
    browser.post(&format!("/author/newsletter/{id}/send"), &[]).await;
    let late = browser
        .post(&format!("/author/newsletter/{id}"), &[("subject", "Changed"), ("intro", "Changed")])
        .await;
    assert_eq!(late.status, 409);
    assert_eq!(app.store().issue(id).await.unwrap().subject, "December");
}

#[tokio::test]
async fn the_starter_archive_is_loaded_once_as_sent_issues_and_mails_nobody() {
    let app = app().await;
    app.store().upsert_subscriber("aiko@example.org", "en", None, SubscriberStatus::Confirmed).await.unwrap();
    let loaded = altto::newsletter::starter::load_once(app.store()).await.unwrap();
    assert!(loaded >= 1);
    assert_eq!(altto::newsletter::starter::load_once(app.store()).await.unwrap(), 0, "only once");
    let issues = app.store().sent_issues().await.unwrap();
    assert_eq!(issues.len(), loaded);
    let page = app.get("/newsletter").await;
    let slug = issues[0].slug.clone().unwrap();
    assert!(page.body.contains(&format!("/newsletter/{slug}")));
    assert_eq!(app.get(&format!("/newsletter/{slug}")).await.status, 200);
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM mail_queue").await, vec![0]);
}

#[tokio::test]
async fn a_member_leaves_the_newsletter_from_the_account_page() {
    let app = app().await;
    let member = app.create_member("ken@example.org", "Ken").await;
    let mut ken = app.agent_for(member).await;
    ken.post("/account/newsletter", &[("subscribed", "1"), ("lang", "en")]).await;
    assert_eq!(subscriber_status(&app, "ken@example.org").await, Some(SubscriberStatus::Confirmed));
    ken.post("/account/newsletter", &[("lang", "en")]).await;
    assert_eq!(subscriber_status(&app, "ken@example.org").await, Some(SubscriberStatus::Unsubscribed));
    assert!(!ken.get("/account/newsletter").await.body.contains("checked"));
    assert!(app.outbox().await.is_empty(), "a verified address needs no confirmation mail");

    let data: serde_json::Value = serde_json::from_str(&ken.get("/account/data").await.body).unwrap();
    assert_eq!(data["newsletter"]["status"], "unsubscribed", "the subscription is in the member's data");

    // Deleting the account removes its subscription with its other personal data.
    ken.post("/account/newsletter", &[("subscribed", "1"), ("lang", "en")]).await;
    app.store().delete_user(member, false).await.unwrap();
    assert_eq!(subscriber_status(&app, "ken@example.org").await, None);
}

#[tokio::test]
async fn a_members_subscription_moves_with_their_confirmed_new_address() {
    let app = app().await;
    let member = app.create_member("ken@example.org", "Ken").await;
    let mut ken = app.agent_for(member).await;
    ken.post("/account/newsletter", &[("subscribed", "1"), ("lang", "en")]).await;
    app.store().set_email(member, "ken.new@example.org").await.unwrap();
    assert_eq!(subscriber_status(&app, "ken@example.org").await, None, "the old address gets nothing more");
    assert_eq!(subscriber_status(&app, "ken.new@example.org").await, Some(SubscriberStatus::Confirmed));
    assert!(ken.get("/account/newsletter").await.body.contains("checked"));
}

#[tokio::test]
async fn an_editor_writes_a_draft_through_the_api_and_anyone_reads_the_archive() {
    let app = app().await;
    let editor_id = editor(&app).await;
    let member_id = app.create_member("member@example.org", "Member").await;
    let bearer = app.bearer(editor_id, "read write").await;
    let mut draft = serde_json::json!({
        "subject": "",
        "intro": "Hello **teachers**.",
        "items": ["/courses/alt-essentials", "/courses/not-offered"],
    });
    let refused = app.send_json("POST", "/api/v1/newsletter/drafts", &bearer, &draft).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    let problems: serde_json::Value = serde_json::from_str(&refused.body).unwrap();
    assert_eq!(problems["problems"][0]["field"], "subject");
    assert!(app.store().all_issues().await.unwrap().is_empty(), "nothing saved");

    draft["subject"] = "December issue".into();
    let created = app.send_json("POST", "/api/v1/newsletter/drafts", &bearer, &draft).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let created: serde_json::Value = serde_json::from_str(&created.body).unwrap();
    assert_eq!(created["state"], "draft");
    let items: Vec<&str> =
        created["items"].as_array().unwrap().iter().map(|i| i["url"].as_str().unwrap()).collect();
    assert_eq!(items, ["/courses/alt-essentials"], "only content the editor could pick");
    let editor_page = created["editor"].as_str().unwrap().to_owned();
    let id = editor_page.rsplit('/').next().unwrap();

    draft["subject_ja"] = "12月号".into();
    let changed = app.send_json("PUT", &format!("/api/v1/newsletter/drafts/{id}"), &bearer, &draft).await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(app.store().issue(id.parse().unwrap()).await.unwrap().subject_ja.as_deref(), Some("12月号"));
    let member = app.bearer(member_id, "read write").await;
    let forbidden = app.send_json("PUT", &format!("/api/v1/newsletter/drafts/{id}"), &member, &draft).await;
    assert_eq!(forbidden.status, 403);
    assert_eq!(app.get(&format!("/api/v1/newsletter/drafts/{id}")).await.status, 401);

    let archive: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/newsletter/issues").await.body).unwrap();
    assert_eq!(archive.as_array().unwrap().len(), 0, "a draft is not in the archive");
    assert_eq!(app.get("/api/v1/newsletter/issues/1").await.status, 404);

    subscribe_and_confirm(&app, "aiko@example.org", "en").await;
    let mut browser = app.agent_for(editor_id).await;
    assert_eq!(browser.post(&format!("/author/newsletter/{id}/send"), &[]).await.status, 303);
    let again = app.send_json("PUT", &format!("/api/v1/newsletter/drafts/{id}"), &bearer, &draft).await;
    assert_eq!(again.status, 409, "a sent issue is not a draft");
    let archive: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/newsletter/issues").await.body).unwrap();
    assert_eq!(archive[0]["subject"], "December issue");
    assert_eq!(archive[0]["number"], 1);
    assert_eq!(archive[0]["url"], "/newsletter/1");
    let one = app.get("/api/v1/newsletter/issues/1").await;
    assert_eq!(one.status, 200);
    assert!(!one.body.contains("aiko@example.org") && !one.body.contains("/author/"), "{}", one.body);
}
