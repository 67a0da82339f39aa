//! Course flows clicked through in Chromium, with an accessibility scan of each page.

use altto::courses::content::{LessonContent, Question};
use fantoccini::Locator;

use crate::{
    browser::Browser,
    helpers::{PASSWORD, TestApp},
};

/// Clicks or types the right answer to every question of `lesson`'s quiz.
async fn answer_quiz(browser: &Browser, lesson: &LessonContent) {
    for (i, question) in lesson.quiz.as_ref().unwrap().questions.iter().enumerate() {
        match question {
            Question::Single { choices, .. } | Question::Multiple { choices, .. } => {
                for (c, _) in choices.iter().enumerate().filter(|(_, c)| c.correct) {
                    browser
                        .client
                        .find(Locator::Id(&format!("q{i}-{c}")))
                        .await
                        .unwrap()
                        .click()
                        .await
                        .unwrap();
                }
            }
            Question::TrueFalse { answer, .. } => {
                browser
                    .client
                    .find(Locator::Id(&format!("q{i}-{answer}")))
                    .await
                    .unwrap()
                    .click()
                    .await
                    .unwrap();
            }
            Question::Short { answers, .. } => browser.fill(&format!("q{i}-text"), &answers[0]).await,
        }
    }
}

#[tokio::test]
async fn a_visitor_reads_the_first_lesson_and_tries_its_quiz() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let browser = Browser::open(&app).await;
    browser.goto("/").await;
    browser.follow("Courses").await;
    browser.assert_accessible().await;
    browser.follow("ALT Essentials").await;
    browser.assert_accessible().await;
    browser.follow("Start the course").await;
    let course = app.starter().await;
    let (_, first) = course.content.lessons().next().unwrap();
    assert_eq!(browser.heading().await, first.title);
    browser.assert_accessible().await;

    // A wrong try first: feedback, no pass.
    browser.press("Check my answers").await;
    let text = browser.main_text().await;
    assert!(text.contains("You scored 0%") && text.contains("Not passed yet"), "{text}");
    answer_quiz(&browser, first).await;
    browser.press("Check my answers").await;
    let text = browser.main_text().await;
    assert!(text.contains("You scored 100%") && text.contains("Your answers were not saved"));
    browser.assert_accessible().await;
    browser.close().await;
}

#[tokio::test]
async fn a_new_member_completes_the_whole_starter_course_and_gets_a_certificate_that_verifies() {
    let app = TestApp::spawn().await.with_starter_course().await;
    app.create_member("aiko@example.org", "Aiko Tanaka").await;
    let browser = Browser::open(&app).await;
    browser.goto("/login").await;
    browser.fill("email", "aiko@example.org").await;
    browser.fill("password", PASSWORD).await;
    browser.press("Sign in").await;
    browser.goto("/courses/alt-essentials").await;
    browser.follow("Start the course").await;

    let course = app.starter().await;
    let lessons: Vec<&LessonContent> = course.content.lessons().map(|(_, l)| l).collect();
    for (n, lesson) in lessons.iter().enumerate() {
        assert_eq!(browser.heading().await, lesson.title);
        if n == 0 {
            browser.assert_accessible().await;
            // Marking complete without the quiz leaves the lesson in progress.
            browser.press("Mark this lesson complete").await;
            browser.goto(&format!("/courses/alt-essentials/lessons/{}", lesson.slug)).await;
        }
        answer_quiz(&browser, lesson).await;
        browser.press("Check my answers").await;
        assert!(browser.main_text().await.contains("You passed"), "{}", lesson.slug);
        assert!(browser.main_text().await.contains("You have completed this lesson."));
        if n == 0 {
            browser.assert_accessible().await;
        }
        if n + 1 < lessons.len() {
            browser.click_and_wait(Locator::Css("a[rel='next']")).await;
        }
    }
    browser.follow("View your certificate").await;
    let text = browser.main_text().await;
    assert!(
        text.contains("Aiko Tanaka")
            && text.contains("ALT Essentials")
            && text.contains("This certificate is genuine")
    );
    browser.assert_accessible().await;
    browser.follow("My learning").await;
    assert!(browser.main_text().await.contains("100% done"));
    browser.assert_accessible().await;
    browser.close().await;
}
