//! Importing the Moodle samples in Chromium, as a new author would, with an
//! accessibility scan of each page.

use altto_store::{Grants, Role};
use fantoccini::Locator;

use crate::{
    browser::Browser,
    helpers::{PASSWORD, TestApp},
};

fn sample(name: &str) -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/fixtures/moodle/").to_owned() + name
}

#[tokio::test]
async fn a_new_author_imports_the_moodle_xml_and_gift_samples_into_a_lesson_quiz() {
    let app = TestApp::spawn().await;
    let author = Grants { role: Role::Author, is_moderator: false, is_admin: false };
    app.create_user("ken@example.org", "Ken", author).await;
    let browser = Browser::open(&app).await;
    browser.goto("/login").await;
    browser.fill("email", "ken@example.org").await;
    browser.fill("password", PASSWORD).await;
    browser.press("Sign in").await;
    browser.follow("Write").await;
    browser.follow("Start a new course").await;
    browser.fill("slug", "first-weeks").await;
    browser.fill("title", "Your first weeks at school").await;
    browser.fill("summary", "What to expect in your first weeks as an ALT.").await;
    browser.fill("authors", "Ken").await;
    browser.press("Create the course").await;
    browser.follow("First lesson").await;
    browser.follow("Quiz: none — edit quiz").await;
    assert!(browser.main_text().await.contains("Import questions (GIFT or Moodle XML)"));
    browser.assert_accessible().await;

    let file = browser.client.find(Locator::Id("import-file")).await.unwrap();
    file.send_keys(&sample("teaching-in-japan.xml")).await.unwrap();
    browser.press("Import").await;
    let text = browser.main_text().await;
    assert!(text.contains("9 questions imported; the quiz now has 9 questions."), "{text}");
    assert!(text.contains("Not imported") && text.contains("An essay is marked by a person"), "{text}");
    assert!(text.contains("Its image was left out"), "{text}");
    browser.assert_accessible().await;

    // The GIFT sample, added to the same quiz from the result page's own form.
    let file = browser.client.find(Locator::Id("import-file")).await.unwrap();
    file.send_keys(&sample("teaching-in-japan.gift")).await.unwrap();
    browser.press("Import").await;
    let text = browser.main_text().await;
    assert!(text.contains("12 questions imported; the quiz now has 21 questions."), "{text}");

    // A broken file changes nothing, and says which question is at fault.
    browser.client.find(Locator::Id("import-mode-replace")).await.unwrap().click().await.unwrap();
    let file = browser.client.find(Locator::Id("import-file")).await.unwrap();
    file.send_keys(&sample("broken-unclosed-brace.gift")).await.unwrap();
    browser.press("Import").await;
    let text = browser.main_text().await;
    assert!(text.contains("Nothing was imported"), "{text}");
    assert!(text.contains("Question 2 (Sports day), line 5"), "{text}");
    browser.assert_accessible().await;

    browser.follow("Back to “First lesson”").await;
    assert!(
        browser.main_text().await.contains("Quiz: 21 questions — edit quiz"),
        "the broken file changed nothing"
    );
    browser.follow("Quiz: 21 questions — edit quiz").await;
    let quiz = browser.main_text().await;
    assert!(quiz.contains("Question 21") && !quiz.contains("Question 22"), "{quiz}");
    let prompts = browser.client.find_all(Locator::Css("form.quiz-editor textarea")).await.unwrap();
    let mut texts = String::new();
    for prompt in prompts {
        texts.push_str(&prompt.prop("value").await.unwrap().unwrap_or_default());
    }
    assert!(texts.contains("日本の学校で") && texts.contains("日直"), "{texts}");
    browser.assert_accessible().await;
    browser.close().await;
}
