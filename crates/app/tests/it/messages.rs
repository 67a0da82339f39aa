//! Private messages between members: sending and reading, who may open a
//! conversation, trust, blocks, reports and bad input, in both languages.

use altto_store::{Grants, ProfileUpdate, Role, UserId, Visibility};

use crate::helpers::{Agent, TestApp};

/// A trusted member (staff are trusted from the start).
async fn trusted(app: &TestApp, email: &str, name: &str) -> UserId {
    app.create_user(email, name, Grants { role: Role::Author, is_moderator: false, is_admin: false }).await
}

async fn count(app: &TestApp, table: &str) -> i64 {
    app.column::<i64>(&format!("SELECT COUNT(*) FROM {table}")).await[0]
}

/// Starts a conversation from `agent` to `to`; returns its path.
async fn start(agent: &mut Agent<'_>, to: UserId, body: &str) -> String {
    let sent = agent.post("/messages", &[("to", &to.to_string()), ("body", body)]).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let location = sent.location().to_owned();
    assert!(location.ends_with("?notice=sent"), "{location}");
    location.trim_end_matches("?notice=sent").to_owned()
}

#[tokio::test]
async fn a_member_sends_a_message_and_the_recipient_reads_it_with_a_notice_and_a_mail() {
    let app = TestApp::spawn().await;
    let aiko = trusted(&app, "aiko@example.org", "Aiko").await;
    let ben = app.create_member("ben@example.org", "Ben").await;
    let mut aiko_agent = app.agent_for(aiko).await;

    let profile = aiko_agent.get(&format!("/members/{ben}")).await;
    assert!(profile.body.contains("Message Ben"), "the profile offers a message form");
    let form = aiko_agent.get(&format!("/messages/new?to={ben}")).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("Message to Ben") && form.body.contains(r#"name="body""#));
    let conversation = start(&mut aiko_agent, ben, "Hello **Ben**, <script>alert(1)</script> welcome!").await;

    let mut ben_agent = app.agent_for(ben).await;
    let list = ben_agent.get("/messages").await;
    assert!(list.body.contains("Aiko") && list.body.contains("Unread"), "{}", list.body);
    assert!(list.body.contains(&format!(r#"href="{conversation}""#)));
    let page = ben_agent.get(&conversation).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<strong>Ben</strong>"), "Markdown is rendered");
    assert!(!page.body.contains("<script>alert"), "raw HTML is never passed through");
    assert!(!ben_agent.get("/messages").await.body.contains("Unread"), "opening it marks it read");
    let notices = ben_agent.get("/notifications").await;
    assert!(notices.body.contains("Aiko sent you a private message"), "{}", notices.body);
    let mail = app.mail_to("ben@example.org").await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].contains("New message from Aiko") && mail[0].contains(&conversation));
    assert!(!mail[0].contains("welcome"), "the mail does not carry the private text");

    // Ben replies; the conversation moves up Aiko's list, unread for her.
    let replied = ben_agent.post(&conversation, &[("body", "Thanks, Aiko!")]).await;
    assert_eq!(replied.status, 303);
    let aiko_list = aiko_agent.get("/messages").await;
    assert!(aiko_list.body.contains("Ben") && aiko_list.body.contains("Unread"));
    assert!(aiko_agent.get(&conversation).await.body.contains("Thanks, Aiko!"));
    // Writing again from the profile adds to the same conversation.
    let again = aiko_agent.get(&format!("/messages/new?to={ben}")).await;
    assert_eq!((again.status.as_u16(), again.location()), (303, conversation.as_str()));
    assert_eq!(start(&mut aiko_agent, ben, "One more thing").await, conversation);
    assert_eq!(count(&app, "conversations").await, 1);
    assert_eq!(count(&app, "messages").await, 3);
}

#[tokio::test]
async fn conversations_are_listed_newest_activity_first() {
    let app = TestApp::spawn().await;
    let aiko = trusted(&app, "aiko@example.org", "Aiko").await;
    let ben = app.create_member("ben@example.org", "Ben").await;
    let chika = app.create_member("chika@example.org", "Chika").await;
    let mut agent = app.agent_for(aiko).await;
    let with_ben = start(&mut agent, ben, "first").await;
    start(&mut agent, chika, "second").await;
    let list = agent.get("/messages").await.body;
    assert!(list.find("Chika").unwrap() < list.find("Ben").unwrap());
    // Make sure the reply is later than the second conversation's message, to the ms.
    app.sql("UPDATE conversation_members SET last_message_at = last_message_at - 1000").await;
    agent.post(&with_ben, &[("body", "and again")]).await;
    let list = agent.get("/messages").await.body;
    assert!(list.find("Ben").unwrap() < list.find("Chika").unwrap(), "{list}");
}

#[tokio::test]
async fn only_the_participants_can_open_a_conversation() {
    let app = TestApp::spawn().await;
    let aiko = trusted(&app, "aiko@example.org", "Aiko").await;
    let ben = app.create_member("ben@example.org", "Ben").await;
    let third = app
        .create_user(
            "mod@example.org",
            "Mo",
            Grants { role: Role::Editor, is_moderator: true, is_admin: true },
        )
        .await;
    let mut aiko_agent = app.agent_for(aiko).await;
    let conversation = start(&mut aiko_agent, ben, "Just between us").await;
    let message = app.column::<i64>("SELECT id FROM messages").await[0];

    let mut outsider = app.agent_for(third).await;
    let page = outsider.get(&conversation).await;
    assert_eq!(page.status, 404, "not 403: its existence does not leak");
    assert!(!page.body.contains("Just between us"));
    assert_eq!(outsider.post(&conversation, &[("body", "hi")]).await.status, 404);
    let report = format!("{conversation}/report/{message}");
    assert_eq!(outsider.get(&report).await.status, 404);
    assert_eq!(outsider.post(&report, &[("reason", "spam")]).await.status, 404);
    assert_eq!(outsider.get("/messages/999999").await.status, 404);
    assert!(!outsider.get("/messages").await.body.contains("Aiko"));
    assert_eq!(count(&app, "messages").await, 1);
    let visitor = app.get(&conversation).await;
    assert_eq!(visitor.status, 303);
    assert!(visitor.location().starts_with("/login?next="));
}

#[tokio::test]
async fn a_new_member_cannot_start_a_conversation_but_can_reply() {
    let app = TestApp::spawn().await;
    let aiko = trusted(&app, "aiko@example.org", "Aiko").await;
    let newbie = app.create_member("new@example.org", "Newbie").await;
    let mut new_agent = app.agent_for(newbie).await;

    let form = new_agent.get(&format!("/messages/new?to={aiko}")).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("New members cannot start conversations yet"), "{}", form.body);
    assert!(form.body.contains("3 days old") && form.body.contains("Accepted forum posts still needed: 3"));
    assert!(!form.body.contains(r#"name="body""#), "no form to fill in for nothing");
    let refused = new_agent.post("/messages", &[("to", &aiko.to_string()), ("body", "Hi!")]).await;
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("You can still reply whenever another member writes to you."));
    assert_eq!(count(&app, "messages").await, 0);
    assert_eq!(count(&app, "conversations").await, 0);

    let mut aiko_agent = app.agent_for(aiko).await;
    let conversation = start(&mut aiko_agent, newbie, "Welcome to altto!").await;
    let replied = new_agent.post(&conversation, &[("body", "Thank you!")]).await;
    assert_eq!(replied.status, 303);
    // Writing from the profile again continues the same conversation: a reply, allowed.
    assert_eq!(start(&mut new_agent, aiko, "One more question").await, conversation);
    assert_eq!(count(&app, "messages").await, 3);
    assert!(app.mail_to("aiko@example.org").await.len() >= 2, "Aiko is told about the replies");
}

#[tokio::test]
async fn a_member_may_start_conversations_after_three_forum_posts_and_three_days() {
    let app = crate::forum::forum_app().await;
    let aiko = trusted(&app, "aiko@example.org", "Aiko").await;
    let ken = app.create_member("ken@example.org", "Ken").await;
    let mut ken_agent = app.agent_for(ken).await;
    for n in 0..3 {
        let title = format!("Warm-up idea number {n}");
        let body = format!("A game for the first five minutes, take {n}.");
        let done = ken_agent
            .post("/community/threads", &[("category", "lesson-ideas"), ("title", &title), ("body", &body)])
            .await;
        assert_eq!(done.status, 303, "{}", done.body);
    }
    let form = ken_agent.get(&format!("/messages/new?to={aiko}")).await;
    assert!(form.body.contains("New members cannot start conversations yet"), "posts alone are not enough");
    assert!(!form.body.contains("Accepted forum posts still needed"), "{}", form.body);
    let four_days_ago = altto_store::now_millis() - 4 * 86_400_000;
    app.sql(&format!("UPDATE users SET created_at = {four_days_ago} WHERE id = {ken}")).await;
    start(&mut ken_agent, aiko, "Hello Aiko, may I ask about your school?").await;
}

#[tokio::test]
async fn a_blocked_member_cannot_message_the_one_who_blocked_them_until_unblocked() {
    let app = TestApp::spawn().await;
    let aiko = trusted(&app, "aiko@example.org", "Aiko").await;
    let ben = trusted(&app, "ben@example.org", "Ben").await;
    let mut aiko_agent = app.agent_for(aiko).await;
    let conversation = start(&mut aiko_agent, ben, "Buy my course!").await;

    let mut ben_agent = app.agent_for(ben).await;
    assert!(ben_agent.get(&conversation).await.body.contains("Block Aiko"));
    let blocked = ben_agent.post(&format!("/members/{aiko}/block"), &[]).await;
    assert_eq!((blocked.status.as_u16(), blocked.location()), (303, "/account/blocked?notice=blocked"));
    let list = ben_agent.get("/account/blocked?notice=blocked").await;
    assert!(list.body.contains("Aiko") && list.body.contains("The member is blocked"));

    let refused = aiko_agent.post(&conversation, &[("body", "Buy it now!")]).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("Ben does not accept messages from you."),
        "a clear message, not an error page"
    );
    assert!(!refused.body.contains("Send message"), "the form gives way to the explanation");
    let again = aiko_agent.post("/messages", &[("to", &ben.to_string()), ("body", "Please?")]).await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("Ben does not accept messages from you."));
    assert_eq!(count(&app, "messages").await, 1);
    // Were a message from Aiko to arrive anyway (sent as the block was made), Ben
    // would not see it; Aiko still sees what she wrote.
    let id = altto_store::ConversationId(conversation.trim_start_matches("/messages/").parse().unwrap());
    app.store().add_message(id, aiko, "Sneaked in").await.unwrap();
    assert!(!ben_agent.get(&conversation).await.body.contains("Sneaked in"));
    assert!(aiko_agent.get(&conversation).await.body.contains("Sneaked in"));
    app.sql("DELETE FROM messages WHERE body = 'Sneaked in'").await;
    // The one who blocked cannot write either, and is told how to change that.
    let own = ben_agent.post(&conversation, &[("body", "Stop")]).await;
    assert_eq!(own.status, 422);
    assert!(own.body.contains("You blocked Aiko"));

    let unblocked = ben_agent.post(&format!("/account/blocked/{aiko}/unblock"), &[]).await;
    assert_eq!(unblocked.location(), "/account/blocked?notice=unblocked");
    assert!(ben_agent.get("/account/blocked").await.body.contains("You have not blocked anyone."));
    assert_eq!(aiko_agent.post(&conversation, &[("body", "Sorry.")]).await.status, 303);
    assert_eq!(count(&app, "messages").await, 2);
    assert_eq!(ben_agent.post(&format!("/members/{ben}/block"), &[]).await.status, 400, "not yourself");
}

#[tokio::test]
async fn a_report_is_stored_and_the_moderators_are_told() {
    let app = TestApp::spawn().await;
    let aiko = trusted(&app, "aiko@example.org", "Aiko").await;
    let ben = app.create_member("ben@example.org", "Ben").await;
    let moderator = app
        .create_user(
            "mod@example.org",
            "Mo",
            Grants { role: Role::Member, is_moderator: true, is_admin: false },
        )
        .await;
    app.create_admin().await;
    let mut aiko_agent = app.agent_for(aiko).await;
    let conversation = start(&mut aiko_agent, ben, "Cheap watches at example.com").await;
    let message = app.column::<i64>("SELECT id FROM messages").await[0];
    let report = format!("{conversation}/report/{message}");

    let mut ben_agent = app.agent_for(ben).await;
    assert!(ben_agent.get(&conversation).await.body.contains(&format!(r#"href="{report}""#)));
    let form = ben_agent.get(&report).await;
    assert!(form.body.contains("Report a message") && form.body.contains("Cheap watches"));
    let missing = ben_agent.post(&report, &[("reason", ""), ("detail", "")]).await;
    assert_eq!(missing.status, 422);
    assert!(missing.body.contains("Choose a reason."));
    let unexplained = ben_agent.post(&report, &[("reason", "other"), ("detail", " ")]).await;
    assert_eq!(unexplained.status, 422);
    assert!(unexplained.body.contains("Tell the moderators what is wrong."));
    let long = "x".repeat(1001);
    assert_eq!(ben_agent.post(&report, &[("reason", "spam"), ("detail", &long)]).await.status, 422);
    assert_eq!(count(&app, "reports").await, 0);

    let sent = ben_agent.post(&report, &[("reason", "spam"), ("detail", "Advertising")]).await;
    assert_eq!(sent.status, 303);
    let thanks = ben_agent.get(sent.location()).await;
    assert!(thanks.body.contains("Your report was sent to the moderators."));
    let stored = app
        .column::<String>(
            "SELECT subject_kind || ':' || CAST(subject_id AS TEXT) || ':' || reason || ':' || detail || ':' \
             || CAST(reporter_id AS TEXT) || ':' || CAST(subject_author_id AS TEXT) FROM reports",
        )
        .await;
    assert_eq!(stored, vec![format!("message:{message}:spam:Advertising:{ben}:{aiko}")]);
    assert!(app.column::<i64>("SELECT created_at FROM reports").await[0] > 0);

    let mut mod_agent = app.agent_for(moderator).await;
    assert!(mod_agent.get("/notifications").await.body.contains("Ben reported a private message"));
    let mail = app.mail_to("mod@example.org").await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].contains("Report: a message from Aiko") && mail[0].contains("Cheap watches"));
    assert_eq!(app.mail_to("admin@example.org").await.len(), 1, "admins are told too");
    // One's own messages are not reported.
    assert_eq!(aiko_agent.get(&report).await.status, 404);
}

#[tokio::test]
async fn bad_messages_are_refused_in_the_writers_language_and_save_nothing() {
    let app = TestApp::spawn().await;
    let aiko = trusted(&app, "aiko@example.org", "Aiko").await;
    let ben = app.create_member("ben@example.org", "Ben").await;
    let hidden = app.create_member("hidden@example.org", "Hidden").await;
    let update = ProfileUpdate {
        display_name: "Hidden".into(),
        visibility: Some(Visibility::Hidden),
        ..ProfileUpdate::default()
    };
    app.store().update_profile(hidden, &update).await.unwrap();
    let mut agent = app.agent_for(aiko).await;
    let to_ben = ben.to_string();
    let too_long = "a".repeat(5001);

    let cases: [(&str, &str, &str); 6] = [
        (&to_ben, "   ", "Write a message before sending."),
        (&to_ben, &too_long, "A message can be at most 5,000 characters long."),
        ("999999", "Hello", "There is no member you can write to at this address."),
        ("ben", "Hello", "There is no member you can write to at this address."),
        (&hidden.0.to_string(), "Hello", "There is no member you can write to at this address."),
        (&aiko.0.to_string(), "Hello", "You cannot send a message to yourself."),
    ];
    for (to, body, message) in cases {
        let refused = agent.post("/messages", &[("to", to), ("body", body)]).await;
        assert_eq!(refused.status, 422, "{to} {body:.20}");
        assert!(refused.body.contains(message), "{to}: {}", refused.body);
    }
    let deep = format!("{}deep", "> ".repeat(100));
    let refused = agent.post("/messages", &[("to", &to_ben), ("body", &deep)]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("nested too deeply"));
    assert_eq!(count(&app, "messages").await, 0);

    let conversation = start(&mut agent, ben, "Hi").await;
    let empty = agent.post(&conversation, &[("body", "")]).await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("Write a message before sending."));
    assert_eq!(count(&app, "messages").await, 1);

    let mut japanese = app.agent_for(aiko).await.with_header("accept-language", "ja");
    let refused = japanese.post(&conversation, &[("body", "")]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("メッセージを入力してから送ってください。"), "{}", refused.body);
    let myself = japanese.post("/messages", &[("to", &aiko.0.to_string()), ("body", "x")]).await;
    assert!(myself.body.contains("自分にはメッセージを送れません。"));
    assert_eq!(count(&app, "messages").await, 1);
}

#[tokio::test]
async fn the_message_pages_speak_japanese() {
    let app = TestApp::spawn().await;
    let aiko = trusted(&app, "aiko@example.org", "Aiko").await;
    let ben = app.create_member("ben@example.org", "Ben").await;
    let mut agent = app.agent_for(aiko).await;
    let conversation = start(&mut agent, ben, "こんにちは").await;
    let mut ben_agent = app.agent_for(ben).await.with_header("accept-language", "ja");
    let list = ben_agent.get("/messages").await;
    assert!(list.body.contains("<h1>メッセージ</h1>") && list.body.contains("未読"));
    let page = ben_agent.get(&conversation).await;
    assert!(page.body.contains("Aikoさんとのメッセージ") && page.body.contains("メッセージを送る"));
    assert!(page.body.contains("Aikoさんをブロック"));
    let chika = app.create_member("chika@example.org", "Chika").await;
    let newbie = ben_agent.get(&format!("/messages/new?to={chika}")).await;
    assert!(
        newbie.body.contains("新しいメンバーは、まだ自分からやりとりを始めることができません"),
        "{}",
        newbie.body
    );
    let blocked = ben_agent.get("/account/blocked").await;
    assert!(blocked.body.contains("ブロックしたメンバー"));
}

#[tokio::test]
async fn starting_conversations_is_rate_limited_per_member() {
    let app = TestApp::spawn().await;
    let aiko = trusted(&app, "aiko@example.org", "Aiko").await;
    let mut agent = app.agent_for(aiko).await;
    let max = altto::community::messages::START_PER_MEMBER.max;
    for n in 0..=max {
        let to = app.create_member(&format!("m{n}@example.org"), &format!("M{n}")).await;
        let sent = agent.post("/messages", &[("to", &to.to_string()), ("body", "Hello!")]).await;
        let expected = if n < max { 303 } else { 429 };
        assert_eq!(sent.status, expected, "conversation {n}");
    }
    assert_eq!(count(&app, "conversations").await, max);
}
