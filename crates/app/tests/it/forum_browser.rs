//! The forum in Chromium: a new member asks a question that waits for a moderator, who
//! approves it; another member answers, the asker is told (in the site and by mail) and
//! accepts the answer, and a visitor reads the thread — every page scanned for
//! accessibility problems.

use altto_store::{Grants, Role};
use fantoccini::Locator;

use crate::{
    browser::Browser,
    helpers::{PASSWORD, TestApp},
};

/// A browser signed in as `email`.
async fn signed_in(app: &TestApp, email: &str) -> Browser {
    let browser = Browser::open(app).await;
    browser.goto("/login").await;
    browser.fill("email", email).await;
    browser.fill("password", PASSWORD).await;
    browser.press("Sign in").await;
    browser
}

#[tokio::test]
async fn a_new_members_question_waits_for_a_moderator_another_answers_and_the_asker_accepts_it() {
    let app = TestApp::spawn_with(|settings| settings.forum_posts_held = 2).await.with_starter_course().await;
    altto::community::load_once(app.store()).await.unwrap();
    let aiko = app.create_member("aiko@example.org", "Aiko").await;
    let ben = app.create_member("ben@example.org", "Ben").await;
    app.create_user(
        "mo@example.org",
        "Mo",
        Grants { role: Role::Member, is_moderator: true, is_admin: false },
    )
    .await;
    // Ben has two approved posts, so his answer appears at once; Aiko has one, so her
    // question waits and her posts after it do not.
    let post = |author, text: &str| altto_store::NewPost {
        author,
        body: text.into(),
        body_html: format!("<p>{text}</p>"),
        mentions: Vec::new(),
        waiting: false,
    };
    let earlier = altto_store::NewThread {
        category_id: Some(app.store().forum_category_by_slug("life-in-japan").await.unwrap().id),
        about: None,
        about_link: None,
        title: "Winter in Nagano".into(),
        is_question: false,
        post: post(ben, "Bring a warm coat."),
        prefecture: None,
    };
    let (earlier, _) = app.store().start_forum_thread(&earlier, &Default::default()).await.unwrap();
    app.store()
        .reply_in_forum_thread(earlier, &post(ben, "And good boots."), &Default::default())
        .await
        .unwrap();
    app.store()
        .reply_in_forum_thread(earlier, &post(aiko, "Thank you both!"), &Default::default())
        .await
        .unwrap();

    let asker = signed_in(&app, "aiko@example.org").await;
    asker.goto("/").await;
    asker.follow("Community").await;
    asker.assert_accessible().await;
    asker.follow("Start a thread").await;
    asker.assert_accessible().await;
    asker.select("category", "elementary").await;
    asker.fill("title", "How do you teach the alphabet to grade 3?").await;
    asker.fill("body", "My students know the song but not the letters.").await;
    asker.client.find(Locator::Id("question")).await.unwrap().click().await.unwrap();
    asker.press("Start thread").await;
    let thread = asker.path().await;
    assert!(thread.starts_with("/community/t/"), "{thread}");
    let page = asker.main_text().await;
    assert!(page.contains("Question") && page.contains("Waiting for a moderator"), "{page}");
    asker.assert_accessible().await;

    // Nobody else sees it until a moderator approves it.
    let visitor = Browser::open(&app).await;
    visitor.goto("/community/c/elementary").await;
    assert!(!visitor.main_text().await.contains("alphabet"));
    let moderator = signed_in(&app, "mo@example.org").await;
    moderator.goto("/community/review").await;
    assert!(moderator.main_text().await.contains("How do you teach the alphabet to grade 3?"));
    moderator.assert_accessible().await;
    moderator.press("Approve").await;
    assert!(moderator.main_text().await.contains("Nothing is waiting for review."));
    moderator.close().await;

    let answerer = signed_in(&app, "ben@example.org").await;
    answerer.goto("/community/c/elementary").await;
    answerer.assert_accessible().await;
    answerer.follow("How do you teach the alphabet to grade 3?").await;
    answerer.fill("body", "Letter cards: **one a day**, with a gesture.").await;
    answerer.press("Post reply").await;
    assert!(answerer.main_text().await.contains("Letter cards: one a day"));
    answerer.assert_accessible().await;
    answerer.goto("/community/c/elementary").await;
    answerer.press("Watch this category").await;
    assert!(answerer.main_text().await.contains("You watch this category"));
    answerer.assert_accessible().await;
    answerer.close().await;

    // The reply is counted in the asker's header until they read their notices.
    asker.goto(&thread).await;
    let badge = asker.client.find(Locator::Css(".count-badge")).await.unwrap().text().await.unwrap();
    assert_eq!(badge, "1");
    asker.goto("/notifications").await;
    assert!(asker.main_text().await.contains("Ben replied to your thread"));
    let mail = app.mail_to("aiko@example.org").await;
    assert!(
        mail.iter().any(|m| m.contains("Ben") && m.contains("How do you teach the alphabet to grade 3?")),
        "the asker is told by mail too: {mail:?}"
    );
    assert!(asker.client.find(Locator::Css(".count-badge")).await.is_err(), "read now");
    asker.follow("Choose which notices reach you by e-mail").await;
    asker.assert_accessible().await;

    asker.goto(&thread).await;
    asker.press("Accept as answer").await;
    let page = asker.main_text().await;
    assert!(page.contains("Accepted answer") && page.contains("Answered"), "{page}");
    asker.assert_accessible().await;
    asker.goto("/community/c/elementary").await;
    assert!(asker.main_text().await.contains("Answered"));

    // A visitor reads the question with its accepted answer first.
    visitor.goto("/community/c/elementary").await;
    visitor.follow("How do you teach the alphabet to grade 3?").await;
    let page = visitor.main_text().await;
    assert!(page.contains("Accepted answer") && page.contains("Letter cards: one a day"), "{page}");
    visitor.assert_accessible().await;

    // The question's writer corrects it; readers see that it was edited, and how.
    asker.goto(&thread).await;
    asker.follow("Edit").await;
    asker.assert_accessible().await;
    asker.fill("body", "My students know the song but not the letters. Grade 3, 35 students.").await;
    asker.press("Save").await;
    asker.follow("edited").await;
    assert!(asker.main_text().await.contains("Grade 3, 35 students."));
    asker.assert_accessible().await;

    // A lesson's discussion, from the lesson's own page.
    asker.goto("/courses/alt-essentials/lessons/the-school-year").await;
    asker.follow("Discuss this lesson").await;
    asker.assert_accessible().await;
    asker.fill("body", "The calendar in this lesson saved my April.").await;
    asker.press("Post reply").await;
    assert!(asker.main_text().await.contains("saved my April"));
    asker.assert_accessible().await;
    asker.close().await;
    visitor.goto("/courses/alt-essentials/lessons/the-school-year").await;
    visitor.follow("Discuss this lesson").await;
    assert!(visitor.main_text().await.contains("saved my April"), "a visitor reads a lesson's discussion");
    visitor.close().await;
}
