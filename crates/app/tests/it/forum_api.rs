//! The community JSON API (read by anyone, written with a `write` token through the
//! same functions as the forms) and the posting limits both share: rate limits, links
//! for new members, cross-posts; and sign-ups from one address range.

use altto_store::{NewPost, NewThread, UserId};
use serde_json::{Value, json};

use crate::forum::forum_app;
use crate::helpers::{TestApp, TestResponse};

fn parsed(response: &TestResponse) -> Value {
    serde_json::from_str(&response.body).unwrap_or_else(|_| panic!("JSON: {}", response.body))
}

/// A post by `author` as the store takes it.
fn post(author: UserId, text: &str) -> NewPost {
    NewPost {
        author,
        body: text.to_owned(),
        body_html: format!("<p>{text}</p>"),
        mentions: Vec::new(),
        waiting: false,
    }
}

/// Starts a thread in `lesson-ideas` straight in the store; its id.
async fn thread_in_store(app: &TestApp, author: UserId, title: &str) -> i64 {
    let category = app.store().forum_category_by_slug("lesson-ideas").await.unwrap();
    let new = NewThread {
        category_id: Some(category.id),
        about: None,
        about_link: None,
        title: title.to_owned(),
        is_question: false,
        post: post(author, &format!("First post of {title}")),
        prefecture: None,
    };
    app.store().start_forum_thread(&new, &Default::default()).await.unwrap().0
}

/// Makes `user` a trusted member: an account four days old with three posts written
/// two days ago (outside every rate window).
pub async fn make_trusted(app: &TestApp, user: UserId) {
    let thread = thread_in_store(app, user, "Earlier thread").await;
    for i in 0..2 {
        app.store()
            .reply_in_forum_thread(thread, &post(user, &format!("earlier {i}")), &Default::default())
            .await
            .unwrap();
    }
    let day = 86_400_000_i64;
    app.sql(&format!("UPDATE users SET created_at = created_at - {} WHERE id = {user}", 4 * day)).await;
    app.sql(&format!(
        "UPDATE forum_posts SET created_at = created_at - {} WHERE author_id = {user}",
        2 * day
    ))
    .await;
}

fn count_posts() -> &'static str {
    "SELECT COUNT(*) FROM forum_posts"
}

#[tokio::test]
async fn a_visitor_reads_categories_threads_and_posts_a_page_at_a_time_without_a_token() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam Lee").await;
    let mut threads = Vec::new();
    for i in 0..31 {
        threads.push(thread_in_store(&app, sam, &format!("Thread {i}")).await);
    }
    let long = threads[0];
    for i in 0..50 {
        app.store()
            .reply_in_forum_thread(long, &post(sam, &format!("Reply **{i}**")), &Default::default())
            .await
            .unwrap();
    }

    let categories = app.get("/api/v1/community/categories").await;
    assert_eq!(categories.status, 200);
    let categories = parsed(&categories);
    let ideas = categories.as_array().unwrap().iter().find(|c| c["slug"] == "lesson-ideas").unwrap();
    assert_eq!((ideas["threads"].as_i64(), ideas["name_ja"].as_str()), (Some(31), Some("授業のアイデア")));

    let first = parsed(&app.get("/api/v1/community/categories/lesson-ideas/threads").await);
    assert_eq!(first["threads"].as_array().unwrap().len(), 30);
    assert_eq!(first["threads"][0]["title"], "Thread 0", "latest activity first");
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let second =
        parsed(&app.get(&format!("/api/v1/community/categories/lesson-ideas/threads?cursor={cursor}")).await);
    assert_eq!(second["threads"].as_array().unwrap().len(), 1);
    assert!(second["next_cursor"].is_null());

    let detail = parsed(&app.get(&format!("/api/v1/community/threads/{long}")).await);
    assert_eq!(detail["thread"]["post_count"], 51);
    let posts = detail["posts"].as_array().unwrap();
    assert_eq!(posts.len(), 50);
    assert_eq!(posts[0]["body"], "First post of Thread 0");
    assert_eq!(posts[1]["body"], "Reply **0**", "the Markdown as written");
    assert_eq!(posts[1]["author"], "Sam Lee");
    assert!(posts[1]["author_profile"].is_null(), "a members-only profile is not shown to visitors");
    assert_eq!(posts[1]["accepted"], false);
    let cursor = detail["next_cursor"].as_str().unwrap().to_owned();
    let rest = parsed(&app.get(&format!("/api/v1/community/threads/{long}/posts?cursor={cursor}")).await);
    assert_eq!(rest["posts"].as_array().unwrap().len(), 1);
    assert_eq!(rest["posts"][0]["body"], "Reply **49**");
    assert!(rest["next_cursor"].is_null());
    let id = rest["posts"][0]["id"].as_i64().unwrap();
    let one = parsed(&app.get(&format!("/api/v1/community/posts/{id}")).await);
    assert_eq!((one["thread_id"].as_i64(), one["body"].as_str()), (Some(long), Some("Reply **49**")));

    let member = app.create_member("kim@example.org", "Kim").await;
    let token = app.bearer(member, "read").await;
    let seen = app.get_with(&format!("/api/v1/community/posts/{id}"), &[("authorization", &token)]).await;
    assert_eq!(parsed(&seen)["author_profile"], format!("/members/{sam}"), "members see members' profiles");

    let missing = app.get("/api/v1/community/threads/999999").await;
    assert_eq!(missing.status, 404);
    assert!(missing.header("content-type").contains("problem+json"));
    assert_eq!(app.get("/api/v1/community/posts/999999").await.status, 404);
    assert_eq!(app.get("/api/v1/community/categories/nothing/threads").await.status, 404);
    let broken = app.get(&format!("/api/v1/community/threads/{long}/posts?cursor=x.y")).await;
    assert_eq!(broken.status, 400);
}

#[tokio::test]
async fn a_read_token_cannot_post_and_a_write_token_posts_what_the_page_then_shows() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let reader = app.bearer(sam, "read").await;
    let thread = json!({"category": "lesson-ideas", "title": "Bingo", "body": "Bingo *works*."});
    let refused = app.send_json("POST", "/api/v1/community/threads", &reader, &thread).await;
    assert_eq!(refused.status, 403);
    assert_eq!(app.column::<i64>(count_posts()).await, vec![0]);

    let writer = app.bearer(sam, "read write").await;
    let created = app.send_json("POST", "/api/v1/community/threads", &writer, &thread).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let created = parsed(&created);
    let url = created["thread"]["url"].as_str().unwrap().to_owned();
    assert!(created["posts"][0]["body_html"].as_str().unwrap().contains("<p>Bingo <em>works</em>.</p>"));
    let id = created["thread"]["id"].as_i64().unwrap();
    let again = app.send_json("POST", "/api/v1/community/threads", &writer, &thread).await;
    assert_eq!(
        (again.status.as_u16(), parsed(&again)["thread"]["id"].as_i64()),
        (200, Some(id)),
        "sent twice"
    );

    let kim = app.create_member("kim@example.org", "Kim").await;
    let kim_token = app.bearer(kim, "read write").await;
    let path = format!("/api/v1/community/threads/{id}/posts");
    let reply = app.send_json("POST", &path, &kim_token, &json!({"body": "Try *number* bingo."})).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let post_id = parsed(&reply)["id"].as_i64().unwrap();
    let page = app.get(&url).await.body;
    assert!(page.contains("Bingo <em>works</em>.") && page.contains("Try <em>number</em> bingo."));
    assert!(
        app.mail_to("sam@example.org").await.iter().any(|mail| mail.contains("New reply: Bingo")),
        "the thread's author is told, as for the form"
    );

    let edit_path = format!("/api/v1/community/posts/{post_id}");
    let not_theirs = app.send_json("PUT", &edit_path, &writer, &json!({"body": "Hijacked"})).await;
    assert_eq!(not_theirs.status, 403);
    let edited = app.send_json("PUT", &edit_path, &kim_token, &json!({"body": "Try *letter* bingo."})).await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    assert!(parsed(&edited)["edited_at"].is_string());
    assert!(app.get(&url).await.body.contains("Try <em>letter</em> bingo."));
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM forum_post_revisions").await, vec![1]);
}

#[tokio::test]
async fn bad_posts_get_422_naming_each_field_locked_threads_409_and_missing_ones_404() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let token = app.bearer(sam, "read write").await;
    let empty = app
        .send_json("POST", "/api/v1/community/threads", &token, &json!({"category": "nothing", "title": " "}))
        .await;
    assert_eq!(empty.status, 422);
    let fields: Vec<String> = parsed(&empty)["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, vec!["category", "title", "body"]);
    let long = json!({"category": "lesson-ideas", "title": "x".repeat(151), "body": "y".repeat(20_001)});
    let long = parsed(&app.send_json("POST", "/api/v1/community/threads", &token, &long).await);
    let messages = long["problems"].to_string();
    assert!(messages.contains("title") && messages.contains("body"), "{messages}");
    assert_eq!(app.column::<i64>(count_posts()).await, vec![0]);

    let thread = thread_in_store(&app, sam, "Locked one").await;
    app.store().set_forum_thread_locked(thread, true).await.unwrap();
    let path = format!("/api/v1/community/threads/{thread}/posts");
    let locked = app.send_json("POST", &path, &token, &json!({"body": "Hello"})).await;
    assert_eq!(locked.status, 409);
    assert!(parsed(&locked)["detail"].as_str().unwrap().contains("locked"), "{}", locked.body);
    let missing =
        app.send_json("POST", "/api/v1/community/threads/999999/posts", &token, &json!({"body": "Hi"})).await;
    assert_eq!(missing.status, 404);
    let missing_post =
        app.send_json("PUT", "/api/v1/community/posts/999999", &token, &json!({"body": "Hi"})).await;
    assert_eq!(missing_post.status, 404);
    assert_eq!(app.column::<i64>(count_posts()).await, vec![1]);
}

#[tokio::test]
async fn the_apis_problems_are_written_in_the_language_the_client_asks_for() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let token = app.bearer(sam, "read write").await;
    let in_japanese = |body: Value| {
        axum::http::Request::post("/api/v1/community/threads")
            .header("authorization", token.as_str())
            .header("content-type", "application/json")
            .header("accept-language", "ja,en;q=0.5")
            .body(axum::body::Body::from(body.to_string()))
            .unwrap()
    };
    let empty = app.request(in_japanese(json!({"category": "lesson-ideas", "title": " "}))).await;
    assert_eq!(empty.status, 422);
    let problem = parsed(&empty);
    assert_eq!(problem["title"], "この内容では保存できません");
    assert_eq!(problem["problems"][0]["field"], "title");
    assert_eq!(problem["problems"][0]["message"], "タイトル：タイトルを入力してください。");
    // Without the header, English.
    let english = app.send_json("POST", "/api/v1/community/threads", &token, &json!({"title": " "})).await;
    assert_eq!(parsed(&english)["title"], "This cannot be saved as it is");
    assert_eq!(app.column::<i64>(count_posts()).await, vec![0]);
}

#[tokio::test]
async fn a_new_member_posting_fast_is_stopped_by_the_form_and_the_api_alike_but_staff_are_not() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let thread = thread_in_store(&app, sam, "Fast").await;
    app.sql(&format!("UPDATE forum_posts SET created_at = created_at - 600000 WHERE author_id = {sam}"))
        .await;
    let mut form = app.agent_for(sam).await.with_header("accept-language", "ja");
    for i in 0..2 {
        let done =
            form.post(&format!("/community/t/{thread}/replies"), &[("body", &format!("Reply {i}"))]).await;
        assert_eq!(done.status, 303, "{}", done.body);
    }
    let token = app.bearer(sam, "read write").await;
    let path = format!("/api/v1/community/threads/{thread}/posts");
    assert_eq!(app.send_json("POST", &path, &token, &json!({"body": "Third"})).await.status, 201);
    let limited = app.send_json("POST", &path, &token, &json!({"body": "Fourth"})).await;
    assert_eq!(limited.status, 429, "{}", limited.body);
    let wait: u64 = limited.header("retry-after").parse().unwrap();
    assert!((1..=300).contains(&wait), "{wait}");
    assert!(parsed(&limited)["detail"].as_str().unwrap().contains("seconds"));
    let page = form.post(&format!("/community/t/{thread}/replies"), &[("body", "Fourth")]).await;
    assert_eq!(page.status, 429);
    assert!(page.body.contains("から再び投稿できます") && page.body.contains("UTC"), "{}", page.body);
    assert!(page.body.contains(">Fourth</textarea>"), "what was written is there to copy");
    assert!(!page.header("retry-after").is_empty());
    assert_eq!(app.column::<i64>(count_posts()).await, vec![4]);

    let moderator = app
        .create_user(
            "mod@example.org",
            "Mod",
            altto_store::Grants { role: altto_store::Role::Member, is_moderator: true, is_admin: false },
        )
        .await;
    let mod_token = app.bearer(moderator, "read write").await;
    for i in 0..5 {
        let done = app.send_json("POST", &path, &mod_token, &json!({"body": format!("Note {i}")})).await;
        assert_eq!(done.status, 201, "moderators have no posting limit: {}", done.body);
    }
    // Without limits, the same reply sent twice is still saved once.
    let before = app.column::<i64>(count_posts()).await;
    let again = app.send_json("POST", &path, &mod_token, &json!({"body": "Note 4"})).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(app.column::<i64>(count_posts()).await, before);
}

#[tokio::test]
async fn a_new_member_with_three_links_is_refused_by_form_and_api_until_trusted() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let thread = thread_in_store(&app, sam, "Links").await;
    let body = "See <https://a.example>, <https://b.example> and <https://c.example>.";
    let mut form = app.agent_for(sam).await;
    let page = form.post(&format!("/community/t/{thread}/replies"), &[("body", body)]).await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("at most 2 links") && page.body.contains("lifts once"), "{}", page.body);
    let token = app.bearer(sam, "read write").await;
    let path = format!("/api/v1/community/threads/{thread}/posts");
    let refused = app.send_json("POST", &path, &token, &json!({"body": body})).await;
    assert_eq!(refused.status, 422);
    assert_eq!(parsed(&refused)["problems"][0]["field"], "body");
    assert!(parsed(&refused)["problems"][0]["message"].as_str().unwrap().contains("at most 2 links"));
    assert_eq!(app.column::<i64>(count_posts()).await, vec![1]);
    let two = "See <https://a.example> and <https://b.example>.";
    assert_eq!(app.send_json("POST", &path, &token, &json!({"body": two})).await.status, 201);

    let kim = app.create_member("kim@example.org", "Kim").await;
    make_trusted(&app, kim).await;
    let kim_token = app.bearer(kim, "read write").await;
    let trusted = app.send_json("POST", &path, &kim_token, &json!({"body": body})).await;
    assert_eq!(trusted.status, 201, "{}", trusted.body);
}

#[tokio::test]
async fn the_same_text_posted_in_another_thread_within_a_day_is_refused_as_a_cross_post() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let first = thread_in_store(&app, sam, "First").await;
    let second = thread_in_store(&app, sam, "Second").await;
    app.sql(&format!("UPDATE forum_posts SET created_at = created_at - 600000 WHERE author_id = {sam}"))
        .await;
    let spam = "Cheap lesson plans at my shop!";
    let mut form = app.agent_for(sam).await;
    assert_eq!(form.post(&format!("/community/t/{first}/replies"), &[("body", spam)]).await.status, 303);
    let page = form.post(&format!("/community/t/{second}/replies"), &[("body", spam)]).await;
    assert_eq!(page.status, 409);
    assert!(page.body.contains("You posted this") && page.body.contains(&format!("/community/t/{first}")));
    let token = app.bearer(sam, "read write").await;
    let path = format!("/api/v1/community/threads/{second}/posts");
    let refused = app.send_json("POST", &path, &token, &json!({"body": spam})).await;
    assert_eq!(refused.status, 422);
    assert!(
        parsed(&refused)["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("/community/t/{first}"))
    );
    let new_thread = json!({"category": "lesson-ideas", "title": "Shop", "body": spam});
    assert_eq!(app.send_json("POST", "/api/v1/community/threads", &token, &new_thread).await.status, 422);
    assert_eq!(app.column::<i64>(count_posts()).await, vec![3], "only the first one was saved");
    let again = form.post(&format!("/community/t/{first}/replies"), &[("body", spam)]).await;
    assert_eq!(again.status, 303, "the same thread sent twice is still one post");
    assert_eq!(app.column::<i64>(count_posts()).await, vec![3]);
}

#[tokio::test]
async fn a_cross_post_is_found_after_an_edit_and_in_posts_saved_before_hashes_were_kept() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let [first, second, third] = [
        thread_in_store(&app, sam, "First").await,
        thread_in_store(&app, sam, "Second").await,
        thread_in_store(&app, sam, "Third").await,
    ];
    app.sql(&format!("UPDATE forum_posts SET created_at = created_at - 600000 WHERE author_id = {sam}"))
        .await;
    let mut form = app.agent_for(sam).await;
    let reply = |thread: i64| format!("/community/t/{thread}/replies");
    let spam = "Cheap lesson plans at my shop!";
    assert_eq!(form.post(&reply(first), &[("body", "A fair question.")]).await.status, 303);
    let post: i64 =
        app.column(&format!("SELECT MAX(id) FROM forum_posts WHERE thread_id = {first}")).await[0];
    let edited = form.post(&format!("/community/posts/{post}/edit"), &[("body", spam)]).await;
    assert_eq!(edited.status, 303, "{}", edited.body);
    assert_eq!(form.post(&reply(second), &[("body", spam)]).await.status, 409, "edited in");

    app.sql(&format!("UPDATE forum_posts SET body_hash = NULL WHERE id = {post}")).await;
    assert_eq!(form.post(&reply(third), &[("body", spam)]).await.status, 409, "saved without a hash");
    assert_eq!(
        form.post(&reply(third), &[("body", "Cheap lesson plans at my shop?")]).await.status,
        303,
        "another text is not a cross-post"
    );
}

#[tokio::test]
async fn sign_ups_from_one_address_range_stop_at_the_limit_while_other_ranges_go_on() {
    let app = TestApp::spawn_with(|settings| settings.behind_proxy = true).await;
    let sign_up = |ip: String, n: usize| {
        let app = &app;
        async move {
            let mut bot = app.agent().with_header("x-forwarded-for", &ip);
            bot.post(
                "/signup",
                &[
                    ("email", format!("bot{n}@example.org").as_str()),
                    ("display_name", "Bot"),
                    ("password", crate::helpers::PASSWORD),
                    ("website", "https://spam.example"),
                ],
            )
            .await
        }
    };
    for n in 0..20 {
        let done = sign_up(format!("203.0.113.{}", n + 1), n).await;
        assert_eq!(done.status, 303, "sign-up {n}");
    }
    let limited = sign_up("203.0.113.200".into(), 20).await;
    assert_eq!(limited.status, 429);
    assert!(!limited.header("retry-after").is_empty());
    let elsewhere = sign_up("198.51.100.7".into(), 21).await;
    assert_eq!(elsewhere.status, 303, "another range is not limited");
}

#[tokio::test]
async fn a_load_test_may_turn_the_posting_rate_limits_off_but_cross_posts_are_still_refused() {
    let app = TestApp::spawn_with(|settings| settings.forum_posting_limits = false).await;
    altto::community::load_once(app.store()).await.unwrap();
    let sam = app.create_member("sam@example.org", "Sam").await;
    let thread = thread_in_store(&app, sam, "Load").await;
    let other = thread_in_store(&app, sam, "Other").await;
    let mut form = app.agent_for(sam).await;
    for i in 0..5 {
        let done =
            form.post(&format!("/community/t/{thread}/replies"), &[("body", &format!("Reply {i}"))]).await;
        assert_eq!(done.status, 303, "{}", done.body);
    }
    let cross = form.post(&format!("/community/t/{other}/replies"), &[("body", "Reply 4")]).await;
    assert_eq!(cross.status, 409);
    assert_eq!(app.column::<i64>(count_posts()).await, vec![7]);
}

#[tokio::test]
async fn a_hidden_post_and_a_thread_waiting_for_a_moderator_are_not_found_through_the_api() {
    let app = forum_app().await;
    let writer = app.create_member("aiko@example.org", "Aiko").await;
    let moderator = app
        .create_user(
            "mo@example.org",
            "Mo",
            altto_store::Grants { role: altto_store::Role::Member, is_moderator: true, is_admin: false },
        )
        .await;
    let open = thread_in_store(&app, writer, "Open thread").await;
    let hidden = app
        .store()
        .reply_in_forum_thread(open, &post(writer, "Buy watches"), &Default::default())
        .await
        .unwrap();
    app.store().set_forum_post_state(hidden, "hidden", "Spam", moderator).await.unwrap();
    let category = app.store().forum_category_by_slug("lesson-ideas").await.unwrap();
    let waiting = NewThread {
        category_id: Some(category.id),
        about: None,
        about_link: None,
        title: "Waiting thread".to_owned(),
        is_question: false,
        post: NewPost { waiting: true, ..post(writer, "Waiting first post") },
        prefecture: None,
    };
    let (waiting, first) = app.store().start_forum_thread(&waiting, &Default::default()).await.unwrap();

    let mut visitor = app.agent();
    assert_eq!(visitor.get(&format!("/api/v1/community/posts/{hidden}")).await.status, 404);
    assert_eq!(visitor.get(&format!("/api/v1/community/threads/{waiting}")).await.status, 404);
    assert_eq!(visitor.get(&format!("/api/v1/community/threads/{waiting}/posts")).await.status, 404);
    assert_eq!(visitor.get(&format!("/api/v1/community/posts/{first}")).await.status, 404);
    let thread = parsed(&visitor.get(&format!("/api/v1/community/threads/{open}")).await);
    assert!(!thread.to_string().contains("Buy watches"), "{thread}");

    // The writer still reads their own, as on the pages.
    let mut own = app.agent_for(writer).await;
    assert_eq!(own.get(&format!("/api/v1/community/threads/{waiting}")).await.status, 200);
    assert_eq!(own.get(&format!("/api/v1/community/posts/{hidden}")).await.status, 200);
}
