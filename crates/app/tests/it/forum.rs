//! The community forum: categories, threads and replies, bad input, edits with their
//! history, "helpful", locked and closed threads, accepted answers, unread tracking,
//! pagination, and the discussion under lessons, articles and news posts.

use altto_store::{Grants, NewPost, Role, UserId};

use crate::helpers::{Agent, TestApp};

/// A fresh app with the default categories.
pub async fn forum_app() -> TestApp {
    let app = TestApp::spawn().await;
    altto::community::load_once(app.store()).await.unwrap();
    app
}

/// Starts a thread as `agent`; returns its address.
pub async fn start(agent: &mut Agent<'_>, title: &str, body: &str, question: bool) -> String {
    let mut fields = vec![("category", "lesson-ideas"), ("title", title), ("body", body)];
    if question {
        fields.push(("question", "1"));
    }
    let done = agent.post("/community/threads", &fields).await;
    assert_eq!(done.status, 303, "{}", done.body);
    let at = done.location().to_owned();
    assert!(at.starts_with("/community/t/"), "{at}");
    at
}

/// Replies to the thread at `thread` as `agent`; returns the post's id.
pub async fn reply(agent: &mut Agent<'_>, thread: &str, body: &str) -> i64 {
    let done = agent.post(&format!("{thread}/replies"), &[("body", body)]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    done.location().trim_start_matches("/community/posts/").parse().unwrap()
}

pub fn thread_id(thread: &str) -> i64 {
    thread.trim_start_matches("/community/t/").parse().unwrap()
}

#[tokio::test]
async fn a_new_site_has_the_default_categories_once_in_both_languages() {
    let app = forum_app().await;
    assert_eq!(altto::community::load_once(app.store()).await.unwrap(), 0, "never added twice");
    assert_eq!(app.store().forum_categories().await.unwrap().len(), 7);
    let page = app.get("/community").await;
    assert_eq!(page.status, 200);
    for name in [
        "Lesson ideas",
        "Elementary",
        "Junior high",
        "Senior high",
        "Life in Japan",
        "Contracts and work",
        "日本語で",
    ] {
        assert!(page.body.contains(name), "{name}");
    }
    let japanese = app.get_with("/community", &[("accept-language", "ja")]).await.body;
    assert!(
        japanese.contains("授業のアイデア")
            && japanese.contains("契約と仕事")
            && japanese.contains("最新の投稿")
    );
}

#[tokio::test]
async fn a_visitor_reads_a_thread_but_is_sent_to_sign_in_to_post() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam Lee").await;
    let mut member = app.agent_for(sam).await;
    let thread = start(&mut member, "Warm-up games for Monday", "Try **word chain**.", false).await;
    let mut visitor = app.agent();
    let page = visitor.get(&thread).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Warm-up games for Monday") && page.body.contains("<strong>word chain</strong>")
    );
    assert!(page.body.contains("Sign in to reply"));
    assert!(!page.body.contains("/members/"), "a members-only profile is not linked for visitors");
    let japanese = app.get_with(&thread, &[("accept-language", "ja")]).await.body;
    assert!(
        japanese.contains("ログインして返信する") && japanese.contains("0人が「役に立った」と評価しています")
    );
    let refused = visitor.post(&format!("{thread}/replies"), &[("body", "Hello")]).await;
    assert_eq!(refused.status, 303);
    assert!(refused.location().starts_with("/login?next="));
    let new = visitor.get("/community/new").await;
    assert!(new.location().starts_with("/login?next="));
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM forum_posts").await, vec![1]);
}

#[tokio::test]
async fn a_member_starts_a_thread_and_another_replies() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam Lee").await;
    let kim = app.create_member("kim@example.org", "Kim").await;
    let mut sam_agent = app.agent_for(sam).await;
    let mut kim_agent = app.agent_for(kim).await;
    let thread = start(&mut sam_agent, "Phonics in grade 3", "How do you start?", false).await;
    reply(&mut kim_agent, &thread, "With songs, @sam_lee!").await;
    reply(&mut sam_agent, &thread, "Thanks! `@kim` in code is no mention.").await;
    let again = sam_agent
        .post(&format!("{thread}/replies"), &[("body", "Thanks! `@kim` in code is no mention.")])
        .await;
    assert_eq!(again.status, 303, "a double submit goes to the post already saved");
    let twice = sam_agent
        .post(
            "/community/threads",
            &[("category", "lesson-ideas"), ("title", "Phonics in grade 3"), ("body", "How do you start?")],
        )
        .await;
    assert_eq!(twice.location(), thread);
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM forum_posts").await, vec![3], "nothing saved twice");
    let page = kim_agent.get(&thread).await.body;
    assert!(page.contains("How do you start?") && page.contains("With songs"));
    assert!(page.contains(&format!(r#"<a class="mention" href="/members/{sam}">@sam_lee</a>"#)), "{page}");
    let mentioned = app.column::<i64>("SELECT user_id FROM forum_mentions").await;
    assert_eq!(mentioned, vec![sam.0]);
    let visitor = app.get(&thread).await.body;
    assert!(visitor.contains(r#"<span class="mention">@sam_lee</span>"#), "plain text for visitors");
    let category = app.get("/community/c/lesson-ideas").await.body;
    assert!(category.contains("Phonics in grade 3") && category.contains("2 replies"));
    let front = app.get("/community").await.body;
    assert!(front.contains("<td>1</td>"));
}

#[tokio::test]
async fn bad_input_gets_a_422_naming_the_field_and_saves_nothing() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let mut agent = app.agent_for(sam).await;
    let long = "x".repeat(20_001);
    let links: String = (0..11).map(|i| format!("[l{i}](https://example.org/{i}) ")).collect();
    let cases: [(&str, &str, &str, &str); 5] = [
        ("lesson-ideas", "", "Body", "Title: enter a title."),
        ("lesson-ideas", "Title", "   ", "Your post: write something first."),
        ("lesson-ideas", "Title", &long, "Your post: it is too long"),
        ("no-such-category", "Title", "Body", "Category: choose one of the categories."),
        ("lesson-ideas", "Title", &links, "Your post: it has too many links"),
    ];
    for (category, title, body, message) in cases {
        let refused = agent
            .post("/community/threads", &[("category", category), ("title", title), ("body", body)])
            .await;
        assert_eq!(refused.status, 422, "{message}");
        assert!(refused.body.contains(message), "{message}");
    }
    let mut japanese = app.agent_for(sam).await.with_header("accept-language", "ja");
    let refused = japanese
        .post("/community/threads", &[("category", "lesson-ideas"), ("title", ""), ("body", "x")])
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("タイトル：タイトルを入力してください。"));
    let thread = start(&mut agent, "Fine", "Fine", false).await;
    let empty = agent.post(&format!("{thread}/replies"), &[("body", "")]).await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("Your post: write something first."));
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM forum_threads").await, vec![1]);
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM forum_posts").await, vec![1]);
}

#[tokio::test]
async fn a_member_cannot_edit_someone_elses_post_and_edits_keep_a_visible_history() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let kim = app.create_member("kim@example.org", "Kim").await;
    let mut sam_agent = app.agent_for(sam).await;
    let mut kim_agent = app.agent_for(kim).await;
    let thread = start(&mut sam_agent, "Edits", "First version", false).await;
    let post = app.column::<i64>("SELECT id FROM forum_posts").await[0];
    let edit = format!("/community/posts/{post}/edit");
    assert_eq!(kim_agent.get(&edit).await.status, 403);
    assert_eq!(kim_agent.post(&edit, &[("body", "Hijacked")]).await.status, 403);
    let saved = sam_agent.post(&edit, &[("body", "Second version")]).await;
    assert_eq!(saved.status, 303);
    let page = app.get(&thread).await.body;
    assert!(page.contains("Second version") && !page.contains("First version"));
    assert!(page.contains(&format!("/community/posts/{post}/history")) && page.contains(">edited<"));
    let history = app.get(&format!("/community/posts/{post}/history")).await;
    assert_eq!(history.status, 200);
    assert!(history.body.contains("First version") && history.body.contains("Second version"));
    let moderator = app
        .create_user(
            "mod@example.org",
            "Mod",
            Grants { role: Role::Member, is_moderator: true, is_admin: false },
        )
        .await;
    let mut moderator = app.agent_for(moderator).await;
    assert_eq!(moderator.post(&edit, &[("body", "Tidied by a moderator")]).await.status, 303);
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM forum_post_revisions").await, vec![2]);
}

#[tokio::test]
async fn helpful_toggles_and_cannot_be_given_to_ones_own_post() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let kim = app.create_member("kim@example.org", "Kim").await;
    let mut sam_agent = app.agent_for(sam).await;
    let mut kim_agent = app.agent_for(kim).await;
    let thread = start(&mut sam_agent, "Helpful?", "Tip", false).await;
    let post = app.column::<i64>("SELECT id FROM forum_posts").await[0];
    let helpful = format!("/community/posts/{post}/helpful");
    assert_eq!(sam_agent.post(&helpful, &[]).await.status, 403, "not on one's own post");
    assert_eq!(kim_agent.post(&helpful, &[]).await.status, 303);
    assert!(app.get(&thread).await.body.contains("1 member found this helpful"));
    assert_eq!(kim_agent.post(&helpful, &[]).await.status, 303);
    assert!(app.get(&thread).await.body.contains("0 members found this helpful"));
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM forum_reactions").await, vec![0]);
}

#[tokio::test]
async fn locked_and_closed_threads_refuse_replies_and_say_why() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let kim = app.create_member("kim@example.org", "Kim").await;
    let moderator = app
        .create_user(
            "mod@example.org",
            "Mod",
            Grants { role: Role::Member, is_moderator: true, is_admin: false },
        )
        .await;
    let mut sam_agent = app.agent_for(sam).await;
    let mut kim_agent = app.agent_for(kim).await;
    let mut mod_agent = app.agent_for(moderator).await;
    let thread = start(&mut sam_agent, "Closing", "Body", false).await;
    assert_eq!(kim_agent.post(&format!("{thread}/close"), &[("closed", "1")]).await.status, 403);
    assert_eq!(kim_agent.post(&format!("{thread}/moderate"), &[("action", "lock")]).await.status, 403);
    assert_eq!(sam_agent.post(&format!("{thread}/close"), &[("closed", "1")]).await.status, 303);
    let refused = kim_agent.post(&format!("{thread}/replies"), &[("body", "Late")]).await;
    assert_eq!(refused.status, 409);
    assert!(kim_agent.get(&thread).await.body.contains("This thread is closed"));
    assert_eq!(sam_agent.post(&format!("{thread}/close"), &[("closed", "0")]).await.status, 303);
    assert_eq!(mod_agent.post(&format!("{thread}/moderate"), &[("action", "lock")]).await.status, 303);
    assert_eq!(kim_agent.post(&format!("{thread}/replies"), &[("body", "Late")]).await.status, 409);
    let page = sam_agent.get(&thread).await.body;
    assert!(page.contains("locked by a moderator") && !page.contains("Post reply"));
    let post = app.column::<i64>("SELECT id FROM forum_posts").await[0];
    let edit = format!("/community/posts/{post}/edit");
    assert_eq!(sam_agent.post(&edit, &[("body", "Changed")]).await.status, 403, "no edits while locked");
    assert_eq!(mod_agent.post(&edit, &[("body", "Changed")]).await.status, 303);
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM forum_posts").await, vec![1]);
    assert_eq!(mod_agent.post(&format!("{thread}/moderate"), &[("action", "pin")]).await.status, 303);
    let other = start(&mut sam_agent, "Newer thread", "Body", false).await;
    reply(&mut kim_agent, &other, "Fresh").await;
    let list = app.get("/community/c/lesson-ideas").await.body;
    assert!(list.find("Closing").unwrap() < list.find("Newer thread").unwrap(), "pinned first");
}

#[tokio::test]
async fn the_accepted_answer_is_shown_right_after_the_question_and_the_thread_is_answered() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let kim = app.create_member("kim@example.org", "Kim").await;
    let lee = app.create_member("lee@example.org", "Lee").await;
    let mut sam_agent = app.agent_for(sam).await;
    let mut kim_agent = app.agent_for(kim).await;
    let mut lee_agent = app.agent_for(lee).await;
    let thread = start(&mut sam_agent, "Which textbook?", "Which one do you use?", true).await;
    reply(&mut kim_agent, &thread, "First reply: New Horizon").await;
    let answer = reply(&mut lee_agent, &thread, "Second reply: Sunshine").await;
    let accept = format!("{thread}/accept");
    assert_eq!(kim_agent.post(&accept, &[("post", &answer.to_string())]).await.status, 403);
    assert!(app.get("/community/c/lesson-ideas").await.body.contains(">Question<"));
    assert_eq!(sam_agent.post(&accept, &[("post", &answer.to_string())]).await.status, 303);
    let page = app.get(&thread).await.body;
    let question = page.find("Which one do you use?").unwrap();
    let accepted = page.find("Second reply: Sunshine").unwrap();
    let first_reply = page.find("First reply: New Horizon").unwrap();
    assert!(question < accepted && accepted < first_reply, "the accepted answer comes first");
    assert!(page.contains("Accepted answer"));
    assert!(app.get("/community/c/lesson-ideas").await.body.contains(">Answered<"));
    assert_eq!(sam_agent.post(&accept, &[("post", "")]).await.status, 303);
    assert!(app.get("/community/c/lesson-ideas").await.body.contains(">Question<"));
}

#[tokio::test]
async fn members_see_what_is_new_since_their_last_visit() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let kim = app.create_member("kim@example.org", "Kim").await;
    let mut sam_agent = app.agent_for(sam).await;
    let mut kim_agent = app.agent_for(kim).await;
    let thread = start(&mut sam_agent, "Unread", "Opening post", false).await;
    let list = kim_agent.get("/community/c/lesson-ideas").await.body;
    assert!(list.contains("New posts"), "never read: new");
    let first = kim_agent.get(&thread).await.body;
    assert!(!first.contains("New since your last visit"), "a first visit marks nothing");
    assert!(!kim_agent.get("/community/c/lesson-ideas").await.body.contains("New posts"));
    reply(&mut sam_agent, &thread, "A newer reply").await;
    let list = kim_agent.get("/community/c/lesson-ideas").await.body;
    assert!(list.contains("New posts"));
    let opening = app.column::<i64>("SELECT MIN(id) FROM forum_posts").await[0];
    assert!(list.contains(&format!("{thread}?after={opening}#new")), "the link leads to what is new");
    let page = kim_agent.get(&thread).await.body;
    let marker = page.find("New since your last visit").unwrap();
    assert!(page.find("Opening post").unwrap() < marker && marker < page.find("A newer reply").unwrap());
    assert!(!kim_agent.get(&thread).await.body.contains("New since your last visit"));
    assert!(!app.get("/community/c/lesson-ideas").await.body.contains("New posts"), "visitors see no marks");
}

#[tokio::test]
async fn a_long_thread_is_paged_oldest_first() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let mut agent = app.agent_for(sam).await;
    let thread = start(&mut agent, "Long", "Post number 0.", false).await;
    let user = app.store().user(sam).await.unwrap();
    for i in 1..=55 {
        let post = NewPost {
            author: UserId(user.id.0),
            body: format!("Post number {i}."),
            body_html: format!("<p>Post number {i}.</p>"),
            mentions: Vec::new(),
            waiting: false,
        };
        app.store().reply_in_forum_thread(thread_id(&thread), &post, &Default::default()).await.unwrap();
    }
    let first = app.get(&thread).await.body;
    assert!(first.contains("Post number 0.") && first.contains("Post number 49."));
    assert!(!first.contains("Post number 50."));
    let later = crate::helpers::rel_link(&first, "next").unwrap().replace("&amp;", "&");
    let second = app.get(&later).await.body;
    assert!(second.contains("Post number 50.") && second.contains("Post number 55."));
    assert!(!second.contains("Post number 49."));
    let earlier = crate::helpers::rel_link(&second, "prev").unwrap().replace("&amp;", "&");
    let back = app.get(&earlier).await.body;
    assert!(back.contains("Post number 0.") && back.contains("Post number 49."));
    assert!(app.get(&format!("{thread}?after=abc")).await.status == 400);
    let category = app.store().forum_category_by_slug("elementary").await.unwrap();
    for i in 0..31 {
        let post = NewPost {
            author: sam,
            body: "B".into(),
            body_html: "<p>B</p>".into(),
            mentions: Vec::new(),
            waiting: false,
        };
        let new = altto_store::NewThread {
            category_id: Some(category.id),
            about: None,
            about_link: None,
            title: format!("Thread number {i}."),
            is_question: false,
            post,
            prefecture: None,
        };
        app.store().start_forum_thread(&new, &Default::default()).await.unwrap();
    }
    let newest = app.get("/community/c/elementary").await.body;
    assert!(newest.contains("Thread number 30.") && !newest.contains("Thread number 0."));
    let older = crate::helpers::rel_link(&newest, "next").unwrap();
    let oldest = app.get(&older).await.body;
    assert!(oldest.contains("Thread number 0.") && !oldest.contains("Thread number 30."));
}

#[tokio::test]
async fn a_quote_link_prefills_the_reply_with_the_post_and_a_link_back() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let mut agent = app.agent_for(sam).await;
    let thread = start(&mut agent, "Quotes", "Line one\nLine two", false).await;
    let post = app.column::<i64>("SELECT id FROM forum_posts").await[0];
    let page = agent.get(&format!("{thread}?quote={post}")).await.body;
    assert!(page.contains(&format!("{thread}?quote={post}#reply")));
    let quoted = format!("&#62; Line one\n&#62; Line two\n&#62;\n&#62; — [Sam](/community/posts/{post})");
    assert!(page.contains(&quoted), "{page}");
    let unknown = agent.get(&format!("{thread}?quote=999999")).await;
    assert_eq!(unknown.status, 200, "an unknown post is simply not quoted");
}

#[tokio::test]
async fn admins_add_rename_and_reorder_categories() {
    let app = forum_app().await;
    let admin = app.create_admin().await;
    let mut agent = app.agent_for(admin).await;
    let added = agent
        .post(
            "/community/categories",
            &[("slug", "ict"), ("name_en", "ICT"), ("name_ja", "ICT活用"), ("position", "1")],
        )
        .await;
    assert_eq!(added.status, 303);
    let taken =
        agent.post("/community/categories", &[("slug", "ict"), ("name_en", "x"), ("name_ja", "x")]).await;
    assert_eq!(taken.status, 422);
    let ict = app.store().forum_category_by_slug("ict").await.unwrap();
    let renamed = agent
        .post(
            &format!("/community/categories/{}", ict.id),
            &[
                ("name_en", "Technology"),
                ("name_ja", "ICT"),
                ("description_en", "Tablets"),
                ("position", "999"),
            ],
        )
        .await;
    assert_eq!(renamed.status, 303);
    let list = app.get("/community").await.body;
    assert!(list.contains("Technology") && list.find("Technology").unwrap() > list.find("日本語で").unwrap());
    let member = app.create_member("sam@example.org", "Sam").await;
    assert_eq!(app.agent_for(member).await.get("/community/categories").await.status, 403);
}

#[tokio::test]
async fn a_member_without_a_confirmed_address_is_asked_to_confirm_it_before_posting() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    app.sql(&format!("UPDATE users SET email_verified = FALSE WHERE id = {sam}")).await;
    let mut agent = app.agent_for(sam).await;
    let refused = agent
        .post("/community/threads", &[("category", "lesson-ideas"), ("title", "T"), ("body", "B")])
        .await;
    assert_eq!(refused.status, 409);
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM forum_threads").await, vec![0]);
}

#[tokio::test]
async fn members_are_told_about_replies_mentions_and_accepted_answers() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let kim = app.create_member("kim@example.org", "Kim").await;
    let lee = app.create_member("lee@example.org", "Lee").await;
    let (mut sam_agent, mut kim_agent) = (app.agent_for(sam).await, app.agent_for(kim).await);
    let thread = start(&mut sam_agent, "Seating plans", "How do you seat a class of 40?", true).await;
    let answer = reply(&mut kim_agent, &thread, "In groups of four.").await;
    reply(&mut app.agent_for(lee).await, &thread, "Agree with @kim").await;
    let to_sam = app.mail_to("sam@example.org").await;
    assert_eq!(to_sam.len(), 2, "one mail per reply");
    assert!(to_sam[0].contains("New reply: Seating plans") && to_sam[0].contains("/community/posts/"));
    let to_kim = app.mail_to("kim@example.org").await;
    assert!(to_kim.len() == 1 && to_kim[0].contains("Lee mentioned you"), "{to_kim:?}");
    sam_agent.post(&format!("{thread}/accept"), &[("post", &answer.to_string())]).await;
    assert!(
        app.mail_to("kim@example.org")
            .await
            .iter()
            .any(|mail| mail.contains("Answer accepted: Seating plans"))
    );
    assert_eq!(app.mail_to("sam@example.org").await.len(), 2, "not told about one's own act");
    let notices = sam_agent.get("/notifications").await.body;
    assert!(notices.contains("Kim replied to your thread") && notices.contains("Lee replied to your thread"));
}

#[tokio::test]
async fn a_member_chooses_a_free_well_formed_handle() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam Lee").await;
    let kim = app.create_member("kim@example.org", "Kim").await;
    let mut sam_agent = app.agent_for(sam).await;
    assert!(sam_agent.get("/community/handle").await.body.contains(r#"value="sam_lee""#));
    assert_eq!(sam_agent.post("/community/handle", &[("handle", "@Sam_ALT")]).await.status, 303);
    let mut kim_agent = app.agent_for(kim).await;
    let taken = kim_agent.post("/community/handle", &[("handle", "sam_alt")]).await;
    assert!(taken.status == 422 && taken.body.contains("another member has it"));
    let bad = kim_agent.post("/community/handle", &[("handle", "no spaces!")]).await;
    assert_eq!(bad.status, 422);
    assert_eq!(app.store().member_handle(kim).await.unwrap(), None, "nothing saved");
    assert_eq!(app.store().member_handle(sam).await.unwrap(), Some("sam_alt".to_owned()));
}

#[tokio::test]
async fn a_post_mentioning_more_than_ten_members_is_refused_and_ten_are_fine() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let mut agent = app.agent_for(sam).await;
    let thread = start(&mut agent, "Who is in Nagano?", "Say hi.", false).await;
    let flood: String = (0..11).map(|i| format!("@alt{i} ")).collect();
    let refused = agent.post(&format!("{thread}/replies"), &[("body", &flood)]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("mentions too many members (at most 10"), "{}", refused.body);
    let japanese = app
        .agent_for(sam)
        .await
        .with_header("accept-language", "ja")
        .post(&format!("{thread}/replies"), &[("body", &flood)])
        .await;
    assert!(japanese.body.contains("メンションするメンバーが多すぎます"));
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM forum_posts").await, vec![1]);
    let ten: String = (0..10).map(|i| format!("@alt{i} ")).collect();
    reply(&mut agent, &thread, &ten).await;
}

#[tokio::test]
async fn a_member_who_blocked_the_author_is_neither_notified_nor_linked_by_their_mention() {
    let app = forum_app().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let kim = app.create_member("kim@example.org", "Kim").await;
    let lee = app.create_member("lee@example.org", "Lee").await;
    app.store().set_member_handle(kim, "kim").await.unwrap();
    app.store().set_member_handle(lee, "lee").await.unwrap();
    app.store().block_member(kim, sam).await.unwrap();
    let mut agent = app.agent_for(sam).await;
    let thread = start(&mut agent, "Sports day", "Hello @kim and @lee!", false).await;
    let mentioned = app.column::<i64>("SELECT user_id FROM forum_mentions").await;
    assert_eq!(mentioned, vec![lee.0], "only the member who did not block Sam");
    let told = app.column::<i64>("SELECT user_id FROM notifications WHERE event = 'forum_mention'").await;
    assert_eq!(told, vec![lee.0]);
    assert!(app.mail_to("kim@example.org").await.is_empty());
    let page = app.agent_for(lee).await.get(&thread).await.body;
    assert!(page.contains("Hello @kim and") && !page.contains(&format!("/members/{kim}")), "{page}");
    assert!(page.contains(&format!(r#"href="/members/{lee}">@lee</a>"#)));
}
