//! The forum in Chromium: a member asks a question, another answers, and the asker
//! accepts the answer — every page scanned for accessibility problems.

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
async fn a_member_asks_a_question_another_answers_and_the_asker_accepts_it() {
    let app = TestApp::spawn().await.with_starter_course().await;
    altto::community::load_once(app.store()).await.unwrap();
    app.create_member("aiko@example.org", "Aiko").await;
    app.create_member("ben@example.org", "Ben").await;

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
    assert!(asker.main_text().await.contains("Question"));
    asker.assert_accessible().await;

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
}
