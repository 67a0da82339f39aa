//! The Monthly Trainer: subscribing with double opt-in, one-click unsubscribing,
//! editors composing and sending issues exactly once each, the throttle, bouncing
//! addresses, the public archive and the starter archive.

use altto::newsletter::tokens::{self, Purpose};
use altto_store::{Grants, Role, SubscriberStatus, UserId};
use axum::{body::Body, http::Request};

use crate::helpers::{TestApp, link_in};

/// An app that mails newsletter copies as fast as the queue goes.
async fn app() -> TestApp {
    TestApp::spawn_with(|s| s.newsletter_mails_per_minute = 0).await.with_starter_course().await
}

async fn editor(app: &TestApp) -> UserId {
    app.create_user(
        "editor@example.org",
        "Eri",
        Grants { role: Role::Editor, is_moderator: false, is_admin: false },
    )
    .await
}

/// Subscribes `email` as a visitor and confirms from the mailed link.
async fn subscribe_and_confirm(app: &TestApp, email: &str, lang: &str) {
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
async fn compose(app: &TestApp, editor: UserId, subject: &str) -> i64 {
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
async fn copies_to(app: &TestApp, to: &str) -> Vec<String> {
    app.mail_to(to).await.into_iter().filter(|mail| mail.contains("List-Unsubscribe-Post")).collect()
}

/// The unsubscribe link of a mail's `List-Unsubscribe` header, as a path.
fn unsubscribe_path(mail: &str) -> String {
    let start = mail.find("List-Unsubscribe: <").unwrap() + "List-Unsubscribe: <".len();
    let url = &mail[start..start + mail[start..].find('>').unwrap()];
    url[url.find("/newsletter").unwrap()..].to_owned()
}

async fn subscriber_status(app: &TestApp, email: &str) -> Option<SubscriberStatus> {
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
async fn a_send_interrupted_midway_finishes_without_sending_anyone_a_second_copy() {
    let app = app().await;
    for name in ["a", "b", "c"] {
        subscribe_and_confirm(&app, &format!("{name}@example.org"), "en").await;
    }
    let editor = editor(&app).await;
    let id = compose(&app, editor, "December").await;
    // The crash: sending began and one copy (with its delivery row) was queued.
    app.store().begin_sending(id).await.unwrap();
    let first = app.store().subscriber_by_email("a@example.org").await.unwrap().unwrap();
    let copy = altto_store::Delivery {
        subscriber_id: first.id,
        to: first.email.clone(),
        subject: "December".into(),
        body_text: "text".into(),
        body_html: "<p>html</p>".into(),
        headers: altto::newsletter::sending::list_headers(
            "http://127.0.0.1:8080/newsletter/unsubscribe?token=x",
        ),
        not_before: 0,
    };
    assert!(app.store().queue_delivery(id, &copy).await.unwrap());
    assert!(!app.store().queue_delivery(id, &copy).await.unwrap(), "a delivery is queued once");
    assert_eq!(app.store().issue(id).await.unwrap().state, "sending");

    // Sending again (a click, or the restart's resume) queues only the missing copies.
    let mut browser = app.agent_for(editor).await;
    let sent = browser.post(&format!("/author/newsletter/{id}/send"), &[]).await;
    assert_eq!(sent.location(), format!("/author/newsletter/{id}?notice=sent"));
    altto::newsletter::sending::resume_all(app.state.clone()).await;
    for name in ["a", "b", "c"] {
        assert_eq!(copies_to(&app, &format!("{name}@example.org")).await.len(), 1, "{name}: one copy");
    }
    assert_eq!(app.store().issue(id).await.unwrap().state, "sent");
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM newsletter_deliveries").await, vec![3]);
}

#[tokio::test]
async fn an_issue_with_no_confirmed_subscriber_says_so_and_nothing_changes() {
    let app = app().await;
    app.agent().post("/newsletter/subscribe", &[("email", "pending@example.org"), ("lang", "en")]).await;
    let editor = editor(&app).await;
    let id = compose(&app, editor, "December").await;
    let mut browser = app.agent_for(editor).await;
    let response = browser.post(&format!("/author/newsletter/{id}/send"), &[]).await;
    assert_eq!(response.location(), format!("/author/newsletter/{id}?notice=no-recipients"));
    assert!(browser.get(response.location()).await.body.contains("There are no confirmed subscribers"));
    assert_eq!(app.store().issue(id).await.unwrap().state, "draft");
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM mail_queue WHERE priority = 1").await, vec![0]);
    assert!(!app.get("/newsletter").await.body.contains("December"), "a draft is not in the archive");
    assert_eq!(app.get(&format!("/newsletter/{id}")).await.status, 404);
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
async fn newsletter_copies_are_spread_at_the_configured_rate_and_transactional_mail_goes_first() {
    let app = TestApp::spawn_with(|s| s.newsletter_mails_per_minute = 30).await.with_starter_course().await;
    for name in ["a", "b", "c"] {
        subscribe_and_confirm(&app, &format!("{name}@example.org"), "en").await;
    }
    let editor = editor(&app).await;
    let id = compose(&app, editor, "December").await;
    app.agent_for(editor).await.post(&format!("/author/newsletter/{id}/send"), &[]).await;
    let due: Vec<i64> =
        app.column("SELECT next_attempt_at FROM mail_queue WHERE priority = 1 ORDER BY id").await;
    assert_eq!(due.len(), 3);
    assert_eq!((due[1] - due[0], due[2] - due[1]), (2_000, 2_000), "30 a minute: one every 2 s");
    // A member asking for a link now is served before any waiting copy.
    app.create_member("member@example.org", "Member").await;
    app.agent().post("/password/forgot", &[("email", "member@example.org")]).await;
    let first = app.store().claim_due_mail(1, 60_000).await.unwrap();
    assert_eq!(first[0].to_address, "member@example.org");
}

/// An app whose SMTP server refuses every connection.
async fn app_with_mail_server_down() -> TestApp {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    TestApp::spawn_with(|s| {
        s.smtp_host = Some("127.0.0.1".into());
        s.smtp_port = Some(port);
        s.smtp_security = altto::config::SmtpSecurity::None;
        s.newsletter_mails_per_minute = 0;
    })
    .await
    .with_starter_course()
    .await
}

#[tokio::test]
async fn an_address_that_keeps_failing_is_marked_bouncing_shown_to_editors_and_skipped_later() {
    let app = app_with_mail_server_down().await;
    let subscriber = app
        .store()
        .upsert_subscriber("gone@example.org", "en", None, SubscriberStatus::Confirmed)
        .await
        .unwrap();
    let editor = editor(&app).await;
    let id = compose(&app, editor, "December").await;
    let mut browser = app.agent_for(editor).await;
    browser.post(&format!("/author/newsletter/{id}/send"), &[]).await;
    for _ in 0..10 {
        assert_eq!(app.state.mailer.deliver_due(app.store()).await.unwrap(), 0);
        app.sql("UPDATE mail_queue SET next_attempt_at = 0 WHERE failed_at IS NULL").await;
    }
    assert_eq!(app.store().subscriber(subscriber.id).await.unwrap().failures, 1, "given up: marked");
    let page = browser.get("/author/newsletter").await;
    assert!(page.body.contains("gone@example.org") && page.body.contains("Addresses that keep failing"));

    let next = compose(&app, editor, "January").await;
    let skipped = browser.post(&format!("/author/newsletter/{next}/send"), &[]).await;
    assert_eq!(skipped.location(), format!("/author/newsletter/{next}?notice=no-recipients"));
}

/// A minimal SMTP server that accepts every message and hands each one's data over.
async fn smtp_sink() -> (u16, tokio::sync::mpsc::UnboundedReceiver<String>) {
    use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let sender = sender.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(message) = data.as_mut() {
                        if line == "." {
                            sender.send(data.take().unwrap()).unwrap();
                            write.write_all(b"250 queued\r\n").await.unwrap();
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                        }
                        continue;
                    }
                    let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 sink\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go on\r\n"
                        }
                        "QUIT" => {
                            write.write_all(b"221 bye\r\n").await.unwrap();
                            return;
                        }
                        _ => b"250 ok\r\n",
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, receiver)
}

#[tokio::test]
async fn an_issue_reaches_a_real_smtp_server_with_both_parts_and_the_unsubscribe_headers() {
    let (port, mut received) = smtp_sink().await;
    let app = TestApp::spawn_with(|s| {
        s.smtp_host = Some("127.0.0.1".into());
        s.smtp_port = Some(port);
        s.smtp_security = altto::config::SmtpSecurity::None;
        s.newsletter_mails_per_minute = 0;
    })
    .await
    .with_starter_course()
    .await;
    app.store().upsert_subscriber("aiko@example.org", "en", None, SubscriberStatus::Confirmed).await.unwrap();
    let editor = editor(&app).await;
    let id = compose(&app, editor, "December").await;
    app.agent_for(editor).await.post(&format!("/author/newsletter/{id}/send"), &[]).await;
    assert_eq!(app.state.mailer.deliver_due(app.store()).await.unwrap(), 1);
    let message = received.recv().await.unwrap();
    assert!(message.contains("List-Unsubscribe: <http://127.0.0.1:8080/newsletter/unsubscribe?token="));
    assert!(message.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert!(message.contains("multipart/alternative"));
    assert!(message.contains("text/plain") && message.contains("text/html"));
    assert_eq!(app.store().pending_mail_count().await.unwrap(), 0);
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

    // Deleting the account removes its subscription with its other personal data.
    ken.post("/account/newsletter", &[("subscribed", "1"), ("lang", "en")]).await;
    app.store().delete_user(member).await.unwrap();
    assert_eq!(subscriber_status(&app, "ken@example.org").await, None);
}
