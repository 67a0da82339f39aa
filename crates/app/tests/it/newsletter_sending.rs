//! Sending newsletter issues: exactly once each even when interrupted, nothing when
//! nobody is confirmed, at the configured rate behind transactional mail, bouncing
//! addresses skipped, and a real SMTP server receiving both parts and the headers.

use altto_store::SubscriberStatus;

use crate::{
    helpers::TestApp,
    newsletter::{app, compose, copies_to, editor, subscribe_and_confirm},
};

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
        headers: altto::mail::list_headers("http://127.0.0.1:8080/newsletter/unsubscribe?token=x"),
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
