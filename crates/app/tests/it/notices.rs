//! Notifications in the community: the header's unread count, members' mail
//! preferences, watched categories, the digest and the one-click links that stop a
//! kind of mail.

use altto::notifications::digest;
use axum::{body::Body, http::Request};

use crate::{forum::forum_app, helpers::Agent};

/// Starts a thread in `category` as `agent`; returns its address.
async fn start_in(agent: &mut Agent<'_>, category: &str, title: &str) -> String {
    let fields = [("category", category), ("title", title), ("body", "What works for you?")];
    let done = agent.post("/community/threads", &fields).await;
    assert_eq!(done.status, 303, "{}", done.body);
    done.location().to_owned()
}

/// Replies to the thread at `thread` as `agent`.
async fn reply(agent: &mut Agent<'_>, thread: &str, body: &str) {
    let done = agent.post(&format!("{thread}/replies"), &[("body", body)]).await;
    assert_eq!(done.status, 303, "{}", done.body);
}

/// The path of the one-click link in a mail's `List-Unsubscribe` header.
fn stop_path(mail: &str) -> String {
    let start =
        mail.find("List-Unsubscribe: <").expect("a List-Unsubscribe header") + "List-Unsubscribe: <".len();
    let url = &mail[start..start + mail[start..].find('>').unwrap()];
    url[url.find("/notifications/unsubscribe").unwrap()..].to_owned()
}

/// What a mail client sends to a one-click address (RFC 8058): no cookie, no token.
fn one_click(path: &str) -> Request<Body> {
    Request::post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("List-Unsubscribe=One-Click"))
        .unwrap()
}

/// Every choice of a plain member, as the preferences form sends them, with `kind` set
/// to `mode`.
fn choices<'a>(kind: &'a str, mode: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut fields: Vec<(&str, &str)> = vec![
        ("replies", "now"),
        ("mentions", "now"),
        ("accepted", "now"),
        ("watched", "digest"),
        ("messages", "now"),
    ];
    for field in &mut fields {
        if field.0 == kind {
            field.1 = mode;
        }
    }
    fields.push(("digest", "daily"));
    fields
}

#[tokio::test]
async fn the_header_shows_the_unread_count_after_a_reply_and_none_after_reading() {
    let app = forum_app().await;
    let ann = app.create_member("ann@example.org", "Ann").await;
    let bob = app.create_member("bob@example.org", "Bob").await;
    let mut ann_agent = app.agent_for(ann).await;
    let thread = start_in(&mut ann_agent, "lesson-ideas", "Warm-ups").await;
    assert!(!ann_agent.get("/community").await.body.contains("count-badge"), "nothing unread yet");

    reply(&mut app.agent_for(bob).await, &thread, "Simon says.").await;
    reply(&mut app.agent_for(bob).await, &thread, "Or bingo.").await;
    let page = ann_agent.get("/community").await.body;
    assert!(page.contains(r#"<span class="count-badge" aria-hidden="true">2</span>"#), "{page}");
    assert!(page.contains("(2 unread notices)"), "an accessible name with the count");
    let japanese = app.agent_for(ann).await.with_header("accept-language", "ja").get("/courses").await;
    assert!(japanese.body.contains("未読のお知らせ 2 件"), "on every page, in Japanese too");

    let notices = ann_agent.get("/notifications").await.body;
    assert!(notices.contains("Bob replied to your thread"));
    let after = ann_agent.get("/community").await.body;
    assert!(after.contains(">Notices</a>") && !after.contains("count-badge"), "none after reading");
    assert!(!app.get("/community").await.body.contains("/notifications"), "visitors have no notices link");
}

#[tokio::test]
async fn a_member_who_chose_only_on_the_site_gets_no_mail_but_still_the_notice() {
    let app = forum_app().await;
    let ann = app.create_member("ann@example.org", "Ann").await;
    let bob = app.create_member("bob@example.org", "Bob").await;
    let mut ann_agent = app.agent_for(ann).await;
    let form = ann_agent.get("/account/notifications").await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains(r#"id="replies-now" name="replies" value="now" checked"#), "{}", form.body);
    assert!(!form.body.contains(r#"name="reports""#), "reports are offered to moderators only");

    let refused = ann_agent.post("/account/notifications", &choices("replies", "never")).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Choose one of the options for each kind of notice"));
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM notice_prefs").await, vec![0], "nothing changed");

    let saved = ann_agent.post("/account/notifications", &choices("replies", "site")).await;
    assert_eq!((saved.status.as_u16(), saved.location()), (303, "/account/notifications?saved=1"));
    let page = ann_agent.get("/account/notifications?saved=1").await.body;
    assert!(page.contains("Your choices are saved") && page.contains(r#"value="site" checked"#));

    let thread = start_in(&mut ann_agent, "lesson-ideas", "Warm-ups").await;
    reply(&mut app.agent_for(bob).await, &thread, "Simon says.").await;
    assert!(app.mail_to("ann@example.org").await.is_empty(), "no mail for replies");
    assert!(ann_agent.get("/notifications").await.body.contains("Bob replied to your thread"));

    // Back to the defaults: the member's row goes, and replies are mailed again.
    ann_agent.post("/account/notifications", &choices("replies", "now")).await;
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM notice_prefs").await, vec![0]);
    reply(&mut app.agent_for(bob).await, &thread, "Or bingo.").await;
    assert_eq!(app.mail_to("ann@example.org").await.len(), 1);
}

#[tokio::test]
async fn a_new_thread_in_a_watched_category_notifies_the_watcher_and_not_its_author() {
    let app = forum_app().await;
    let ann = app.create_member("ann@example.org", "Ann").await;
    let carl = app.create_member("carl@example.org", "Carl").await;
    let mut carl_agent = app.agent_for(carl).await;
    let category = carl_agent.get("/community/c/lesson-ideas").await.body;
    assert!(category.contains("Watch this category"));
    let watched = carl_agent.post("/community/c/lesson-ideas/watch", &[("watch", "1")]).await;
    assert_eq!((watched.status.as_u16(), watched.location()), (303, "/community/c/lesson-ideas"));
    assert!(carl_agent.get("/community/c/lesson-ideas").await.body.contains("Stop watching"));
    assert_eq!(carl_agent.post("/community/c/lesson-ideas/watch", &[("watch", "maybe")]).await.status, 400);
    assert_eq!(carl_agent.post("/community/c/no-such-place/watch", &[("watch", "1")]).await.status, 404);
    assert!(!app.get("/community/c/lesson-ideas").await.body.contains("Watch this category"));

    let mut ann_agent = app.agent_for(ann).await;
    start_in(&mut ann_agent, "lesson-ideas", "Phonics games").await;
    start_in(&mut ann_agent, "elementary", "Not watched").await;
    let notices = carl_agent.get("/notifications").await.body;
    assert!(
        notices.contains("Ann started a thread in a category you watch") && notices.contains("Phonics games")
    );
    assert!(!notices.contains("Not watched"));
    assert!(app.mail_to("carl@example.org").await.is_empty(), "by default in the digest, not at once");
    assert!(ann_agent.get("/notifications").await.body.contains("No notices yet"), "not its author");

    carl_agent.post("/community/c/lesson-ideas/watch", &[("watch", "0")]).await;
    start_in(&mut ann_agent, "lesson-ideas", "After stopping").await;
    assert!(!carl_agent.get("/notifications").await.body.contains("After stopping"));
}

#[tokio::test]
async fn a_digest_lists_two_notices_and_is_sent_once_even_when_the_worker_runs_twice_and_on_two_nodes() {
    let app = forum_app().await;
    let ann = app.create_member("ann@example.org", "Ann").await;
    let carl = app.create_member("carl@example.org", "Carl").await;
    app.agent_for(carl).await.post("/community/c/lesson-ideas/watch", &[("watch", "1")]).await;
    let mut ann_agent = app.agent_for(ann).await;
    start_in(&mut ann_agent, "lesson-ideas", "Phonics games").await;
    start_in(&mut ann_agent, "lesson-ideas", "Classroom English").await;

    let now = altto_store::now_millis();
    assert_eq!(digest::send_due(&app.state, now).await.unwrap(), 0, "not due before a day has passed");
    let in_two_days = now + 2 * 24 * 3_600_000;
    let other = app.another_node().await;
    let node_b = other.as_ref().unwrap_or(&app);
    let (a, b) =
        tokio::join!(digest::send_due(&app.state, in_two_days), digest::send_due(&node_b.state, in_two_days));
    assert_eq!(a.unwrap() + b.unwrap(), 1, "one digest, whichever node sent it");
    assert_eq!(digest::send_due(&app.state, in_two_days).await.unwrap(), 0, "a second run sends nothing");

    let mail = app.mail_to("carl@example.org").await;
    assert_eq!(mail.len(), 1, "{mail:?}");
    let digest = &mail[0];
    assert!(digest.contains("Your altto digest: 2 notices"), "{digest}");
    assert!(digest.contains("Phonics games") && digest.contains("Classroom English"));
    assert_eq!(digest.matches("http://127.0.0.1:8080/community/posts/").count(), 2, "a link to each");
    assert!(digest.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert_eq!(
        app.column::<i64>("SELECT CAST(priority AS BIGINT) FROM mail_queue").await,
        vec![1],
        "bulk mail"
    );

    // Its one-click link stops the digest: the next watched thread is only on the site.
    assert_eq!(app.request(one_click(&stop_path(digest))).await.status, 200);
    start_in(&mut ann_agent, "lesson-ideas", "Sports day").await;
    assert_eq!(digest::send_due(&app.state, in_two_days + 2 * 24 * 3_600_000).await.unwrap(), 0);
    assert!(app.agent_for(carl).await.get("/notifications").await.body.contains("Sports day"));
}

#[tokio::test]
async fn the_one_click_link_turns_off_that_kind_of_mail_and_a_bad_signature_is_refused() {
    let app = forum_app().await;
    let ann = app.create_member("ann@example.org", "Ann").await;
    let bob = app.create_member("bob@example.org", "Bob").await;
    let mut ann_agent = app.agent_for(ann).await;
    let mut bob_agent = app.agent_for(bob).await;
    app.store().ensure_member_handle(ann, "ann").await.unwrap();
    let thread = start_in(&mut ann_agent, "lesson-ideas", "Warm-ups").await;
    reply(&mut bob_agent, &thread, "Simon says.").await;
    let mail = app.mail_to("ann@example.org").await;
    assert_eq!(mail.len(), 1);
    assert!(
        mail[0].contains(
            "List-Unsubscribe: <http://127.0.0.1:8080/notifications/unsubscribe?what=replies&token="
        )
    );
    assert!(mail[0].contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert!(mail[0].contains("Stop e-mails like this one"), "the link is in the text too");
    let path = stop_path(&mail[0]);

    // A changed signature, or the same token for another kind, is refused and changes nothing.
    let tampered = format!("{}x", &path[..path.len() - 1]);
    let refused = app.get(&tampered).await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("This link is not valid"), "{}", refused.body);
    let japanese = app.get_with(&tampered, &[("accept-language", "ja")]).await;
    assert!(japanese.body.contains("このリンクは無効です"));
    assert_eq!(app.request(one_click(&path.replace("what=replies", "what=mentions"))).await.status, 400);
    assert_eq!(app.request(one_click(&tampered)).await.status, 400);

    // The link shows a button (a GET changes nothing); the button posts without a cookie.
    let page = app.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Replies to my threads") && page.body.contains("/account/notifications"));
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM notice_prefs").await, vec![0]);
    let action =
        page.body.split(r#"<form method="post" action=""#).nth(1).unwrap().split('"').next().unwrap();
    let action = action.replace("&#38;", "&").replace("&amp;", "&");
    let done = app.request(one_click(&action)).await;
    assert_eq!(done.status, 200, "{action}");
    assert!(done.body.contains("E-mails stopped"));

    reply(&mut bob_agent, &thread, "Or bingo.").await;
    assert_eq!(app.mail_to("ann@example.org").await.len(), 1, "no mail about replies any more");
    reply(&mut bob_agent, &thread, "Ask @ann").await;
    assert_eq!(app.mail_to("ann@example.org").await.len(), 2, "mentions still come");
    assert!(ann_agent.get("/notifications").await.body.contains("Bob replied to your thread"));
}

#[tokio::test]
async fn the_data_download_holds_the_choices_and_deleting_the_account_removes_them() {
    let app = forum_app().await;
    let ann = app.create_member("ann@example.org", "Ann").await;
    let mut ann_agent = app.agent_for(ann).await;
    ann_agent.post("/account/notifications", &choices("messages", "digest")).await;
    ann_agent.post("/community/c/elementary/watch", &[("watch", "1")]).await;
    let data: serde_json::Value = serde_json::from_str(&ann_agent.get("/account/data").await.body).unwrap();
    assert_eq!(data["notice_mail"]["mail"]["messages"], "digest");
    assert_eq!(data["notice_mail"]["digest"], "daily");
    assert_eq!(data["watched_forum_categories"], serde_json::json!(["elementary"]));

    app.store().delete_user(ann, false).await.unwrap();
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM notice_prefs").await, vec![0]);
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM forum_watches").await, vec![0]);
}
