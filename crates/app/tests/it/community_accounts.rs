//! A member's community data and their account: the data download holds their forum
//! posts and messages, and deleting the account keeps their posts as "a former
//! member"'s or removes them, as they choose.

use altto_store::{Grants, Role, UserId};

use crate::{
    forum::forum_app,
    helpers::{Agent, PASSWORD, TestApp},
};

/// Starts a thread as `agent`; returns its address.
async fn start(agent: &mut Agent<'_>, title: &str, body: &str) -> String {
    let done = agent
        .post("/community/threads", &[("category", "lesson-ideas"), ("title", title), ("body", body)])
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    done.location().to_owned()
}

async fn reply(agent: &mut Agent<'_>, thread: &str, body: &str) {
    let done = agent.post(&format!("{thread}/replies"), &[("body", body)]).await;
    assert_eq!(done.status, 303, "{}", done.body);
}

async fn delete_account(agent: &mut Agent<'_>, posts: &str) {
    let deleted = agent
        .post("/account/delete", &[("current_password", PASSWORD), ("confirm", "yes"), ("posts", posts)])
        .await;
    assert_eq!(deleted.location(), "/account/deleted");
}

/// Ken starts a thread Aiko answers, answers Aiko's thread, starts one nobody answers
/// and finds Aiko's answer helpful.
async fn conversation(app: &TestApp) -> (UserId, String, String, String) {
    let ken = app.create_member("ken@example.org", "Ken Sato").await;
    let aiko = app.create_member("aiko@example.org", "Aiko Ito").await;
    let (mut ken_agent, mut aiko_agent) = (app.agent_for(ken).await, app.agent_for(aiko).await);
    let answered = start(&mut ken_agent, "Warm-ups for grade 5", "Ken's opening words about warm-ups.").await;
    reply(&mut aiko_agent, &answered, "Aiko's answer about warm-ups.").await;
    let aikos = start(&mut aiko_agent, "Self-introduction lessons", "Aiko asks about introductions.").await;
    reply(&mut ken_agent, &aikos, "Ken's reply about introductions.").await;
    let lonely = start(&mut ken_agent, "Anyone near Matsumoto?", "Ken's unanswered question.").await;
    let answer: i64 = app.column("SELECT id FROM forum_posts WHERE body LIKE 'Aiko''s answer%'").await[0];
    assert_eq!(ken_agent.post(&format!("/community/posts/{answer}/helpful"), &[]).await.status, 303);
    (ken, answered, aikos, lonely)
}

#[tokio::test]
async fn the_data_download_holds_the_members_forum_posts_and_messages() {
    let app = forum_app().await;
    let (ken, answered, ..) = conversation(&app).await;
    let staff = app
        .create_user(
            "eri@example.org",
            "Eri",
            Grants { role: Role::Author, is_moderator: false, is_admin: false },
        )
        .await;
    let mut eri = app.agent_for(staff).await;
    let sent = eri.post("/messages", &[("to", &ken.to_string()), ("body", "Welcome, Ken!")]).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let mut ken_agent = app.agent_for(ken).await;
    let data: serde_json::Value = serde_json::from_str(&ken_agent.get("/account/data").await.body).unwrap();
    let posts: Vec<&str> =
        data["forum_posts"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap()).collect();
    assert_eq!(
        posts,
        [
            "Ken's opening words about warm-ups.",
            "Ken's reply about introductions.",
            "Ken's unanswered question."
        ]
    );
    assert_eq!(data["forum_posts"][0]["thread"], "Warm-ups for grade 5");
    assert_eq!(data["messages"][0]["text"], "Welcome, Ken!");
    assert_eq!(data["messages"][0]["written_by_me"], false);
    assert!(!answered.is_empty());
}

#[tokio::test]
async fn a_deleted_members_posts_stay_as_a_former_members_when_they_choose_to_keep_them() {
    let app = forum_app().await;
    let (ken, answered, aikos, lonely) = conversation(&app).await;
    let mut ken_agent = app.agent_for(ken).await;
    delete_account(&mut ken_agent, "keep").await;
    let page = app.get(&aikos).await.body;
    assert!(
        page.contains("Ken&#39;s reply about introductions.")
            || page.contains("Ken's reply about introductions.")
    );
    assert!(page.contains("a former member") && !page.contains("Ken Sato"), "{page}");
    assert_eq!(app.get(&lonely).await.status, 200);
    assert!(app.get(&answered).await.body.contains("opening words"));
    let helpful: Vec<i64> =
        app.column("SELECT helpful FROM forum_posts WHERE body LIKE 'Aiko''s answer%'").await;
    assert_eq!(helpful, [0], "what he found helpful no longer counts");
}

#[tokio::test]
async fn a_deleted_member_who_chooses_so_takes_their_posts_with_them() {
    let app = forum_app().await;
    let (ken, answered, aikos, lonely) = conversation(&app).await;
    let mut ken_agent = app.agent_for(ken).await;
    delete_account(&mut ken_agent, "remove").await;

    assert_eq!(app.get(&lonely).await.status, 404, "a thread only he wrote in is gone");
    let kept = app.get(&answered).await.body;
    assert!(kept.contains("Warm-ups for grade 5"), "the title others answered stays");
    assert!(
        kept.contains("This post was removed by its writer.") && !kept.contains("opening words"),
        "{kept}"
    );
    assert!(kept.contains("Aiko&#39;s answer") || kept.contains("Aiko's answer"), "others' replies stay");
    let aikos_thread = app.get(&aikos).await.body;
    assert!(
        !aikos_thread.contains("Ken's reply") && !aikos_thread.contains("Ken&#39;s reply"),
        "{aikos_thread}"
    );
    let counts: Vec<i64> = app.column("SELECT post_count FROM forum_threads ORDER BY id").await;
    assert_eq!(counts, [2, 1], "the counts follow what is left");
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM forum_posts WHERE body <> ''").await, [2]);
}
