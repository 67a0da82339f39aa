//! The whole journey of authoring and learning, clicked through in Chromium as new
//! users would, with no Markdown front matter or TOML typed anywhere: a new author
//! builds a course of three lessons with an uploaded video (captions and transcript)
//! and a quiz of every kind, an editor is told, asks for changes and publishes, and a
//! visitor's progress follows them into their new account and onto a printed
//! certificate.

use altto_store::{Grants, Role};
use fantoccini::Locator;

use crate::{
    browser::Browser,
    courses_browser::{answer_quiz, printed_link, sign_in, upload},
    helpers::{PASSWORD, TestApp, link_in},
};

const COURSE: &str = "/author/courses/team-teaching";

/// Types `value` into the first field that `css` finds.
async fn fill_css(browser: &Browser, css: &str, value: &str) {
    let field = browser.client.find(Locator::Css(css)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
}

/// Clicks the element with id `id` (a checkbox or radio button).
async fn tick(browser: &Browser, id: &str) {
    browser.client.find(Locator::Id(id)).await.unwrap().click().await.unwrap();
}

/// Adds a lesson to the course's first module with the outline's own form.
async fn add_lesson(browser: &Browser, title: &str, slug: &str) {
    browser.client.find(Locator::Css("main details > summary")).await.unwrap().click().await.unwrap();
    fill_css(browser, "input[id^='lesson-title-']", title).await;
    fill_css(browser, "input[id^='lesson-slug-']", slug).await;
    browser.press("Add the lesson").await;
}

/// Builds the first lesson's quiz with the quiz editor: one question of each kind.
async fn build_quiz(browser: &Browser) {
    browser.press("Add: Single choice").await;
    browser.fill("q0-prompt", "Who usually leads a team-taught lesson in junior high school?").await;
    browser.fill("q0-c0-text", "The JTE, with the ALT as partner").await;
    browser.fill("q0-c1-text", "The ALT alone").await;
    tick(browser, "q0-c0-correct").await;
    browser.press("Add: Multiple choice").await;
    browser.fill("q1-prompt", "Which are good to agree on before the lesson?").await;
    browser.fill("q1-c0-text", "The lesson's aim").await;
    browser.fill("q1-c1-text", "Who says what in the model dialogue").await;
    browser.fill("q1-c2-text", "Nothing: improvise").await;
    tick(browser, "q1-c0-correct").await;
    tick(browser, "q1-c1-correct").await;
    browser.press("Add: True or false").await;
    browser.fill("q2-prompt", "A short meeting after the lesson helps plan the next one.").await;
    tick(browser, "q2-answer-true").await;
    browser.press("Add: Short answer").await;
    browser.fill("q3-prompt", "What does the J in JTE stand for?").await;
    browser.fill("q3-answers", "Japanese").await;
    browser.press("Add: Put in order").await;
    browser.fill("q4-prompt", "Put the parts of the lesson in order.").await;
    browser.fill("q4-items", "Greeting\nWarm-up\nMain activity\nReview").await;
    browser.press("Add: Matching").await;
    browser.fill("q5-prompt", "Match each person to a role.").await;
    browser.fill("q5-p0-left", "JTE").await;
    browser.fill("q5-p0-right", "Plans the unit").await;
    browser.fill("q5-p1-left", "ALT").await;
    browser.fill("q5-p1-right", "Models natural English").await;
    browser.press("Add: Fill in the blanks").await;
    browser.fill("q6-prompt", "Complete the sentence.").await;
    browser.fill("q6-text", "The Japanese school year starts in {April}.").await;
    browser.assert_accessible().await;
    browser.press("Save quiz").await;
    let text = browser.main_text().await;
    assert!(text.contains("The quiz has been saved."), "{text}");
}

#[tokio::test]
async fn a_new_author_builds_a_course_an_editor_publishes_it_and_a_visitor_keeps_their_progress_onto_a_certificate()
 {
    let app = TestApp::spawn().await;
    let author = Grants { role: Role::Author, is_moderator: false, is_admin: false };
    let editor = Grants { role: Role::Editor, is_moderator: false, is_admin: false };
    app.create_user("ken@example.org", "Ken", author).await;
    app.create_user("emi@example.org", "Emi", editor).await;
    let files = tempfile::tempdir().unwrap();
    let clip = files.path().join("clip.webm");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/fixtures/clip.webm"), &clip).unwrap();
    let captions = files.path().join("meeting.vtt");
    std::fs::write(&captions, "WEBVTT\n\n00:00.000 --> 00:03.000\nGood morning, Tanaka-sensei!\n").unwrap();
    let transcript = files.path().join("meeting.txt");
    std::fs::write(&transcript, "ALT: Good morning, Tanaka-sensei! JTE: Good morning!").unwrap();
    let browser = Browser::open(&app).await;

    // The author: a course, three lessons, a video with captions and transcript, a quiz.
    sign_in(&browser, "ken@example.org").await;
    browser.follow("Write").await;
    browser.follow("Start a new course").await;
    browser.fill("slug", "team-teaching").await;
    browser.fill("title", "Team teaching basics").await;
    browser.fill("summary", "Planning and teaching a lesson with your JTE.").await;
    browser.fill("authors", "Ken").await;
    browser.press("Create the course").await;
    add_lesson(&browser, "Planning together", "planning-together").await;
    add_lesson(&browser, "After the lesson", "after-the-lesson").await;
    browser.follow("First lesson").await;
    browser.fill("title", "Meeting your JTE").await;
    browser.fill("body", "## Before the first lesson\n\nIntroduce yourself to your JTE before class.").await;
    for (file, button) in [
        (&clip, "Upload as the video"),
        (&captions, "Upload as English captions"),
        (&transcript, "Upload as the transcript"),
    ] {
        upload(&browser, "upload_file", file, button).await;
        let text = browser.main_text().await;
        assert!(text.contains("not saved yet"), "{text}");
    }
    assert_eq!(
        browser.client.find(Locator::Id("body")).await.unwrap().prop("value").await.unwrap().as_deref(),
        Some("## Before the first lesson\n\nIntroduce yourself to your JTE before class."),
        "what was typed survived the uploads"
    );
    browser.assert_accessible().await;
    browser.press("Save").await;
    assert!(browser.path().await.ends_with("?saved=1"), "{}", browser.main_text().await);
    browser.follow("Quiz: none — edit quiz").await;
    build_quiz(&browser).await;
    for (title, body) in [
        ("Planning together", "Agree on the aim of the lesson and who models each part."),
        ("After the lesson", "Spend two minutes with your JTE on what worked."),
    ] {
        browser.goto(COURSE).await;
        browser.follow(title).await;
        browser.fill("body", body).await;
        browser.press("Save").await;
    }
    browser.goto(COURSE).await;
    browser.press("Submit for review").await;
    assert!(browser.main_text().await.contains("In review"));
    browser.press("Sign out").await;

    // The editor is told, previews the lesson as learners will see it, asks for changes.
    assert!(app.mail_to("emi@example.org").await.iter().any(|m| m.contains("Team teaching basics")));
    sign_in(&browser, "emi@example.org").await;
    browser.goto("/notifications").await;
    assert!(browser.main_text().await.contains("Ken submitted a course for review"));
    browser.goto(&format!("{COURSE}/lessons/first-lesson/preview?lang=ja")).await;
    assert_eq!(browser.heading().await, "Meeting your JTE");
    assert!(browser.client.find(Locator::Css("video track[srclang='en']")).await.is_ok());
    browser.assert_accessible().await;
    browser.goto(COURSE).await;
    browser.fill("review-note", "Please say how long the meeting after the lesson should be.").await;
    browser.press("Request changes").await;
    assert!(browser.main_text().await.contains("Changes requested"));
    browser.press("Sign out").await;

    // The author is told, fixes it and submits again.
    assert!(app.mail_to("ken@example.org").await.iter().any(|m| m.contains("Team teaching basics")));
    sign_in(&browser, "ken@example.org").await;
    browser.goto("/notifications").await;
    assert!(browser.main_text().await.contains("Emi asked for changes"));
    browser.goto(COURSE).await;
    assert!(browser.main_text().await.contains("Please say how long the meeting"));
    browser.follow("After the lesson").await;
    browser.fill("body", "Spend two minutes with your JTE on what worked, at the classroom door.").await;
    browser.press("Save").await;
    browser.goto(COURSE).await;
    browser.press("Submit for review").await;
    browser.press("Sign out").await;

    sign_in(&browser, "emi@example.org").await;
    browser.goto(COURSE).await;
    browser.press("Publish the latest revision").await;
    assert!(browser.main_text().await.contains("Published"));
    browser.press("Sign out").await;

    // A visitor does two lessons without an account, then signs up and keeps them.
    let course = app.state.courses.published(app.store(), "team-teaching").await.unwrap().unwrap();
    let lessons: Vec<_> = course.content.lessons().map(|(_, lesson)| lesson.clone()).collect();
    assert_eq!(lessons[0].quiz.as_ref().unwrap().questions.len(), 7);
    browser.goto("/courses/team-teaching").await;
    browser.follow("Start the course").await;
    assert_eq!(browser.heading().await, "Meeting your JTE");
    answer_quiz(&browser, &lessons[0]).await;
    browser.press("Check my answers").await;
    let text = browser.main_text().await;
    assert!(text.contains("You passed") && text.contains("You have completed this lesson."), "{text}");
    browser.assert_accessible().await;
    browser.click_and_wait(Locator::Css("a[rel='next']")).await;
    browser.press("Mark this lesson complete").await;
    browser.follow("My learning").await;
    assert!(browser.main_text().await.contains("kept on this device"));
    browser.follow("Create an account").await;
    browser.fill("email", "hana@example.org").await;
    browser.fill("display_name", "Hana Sato").await;
    browser.fill("password", PASSWORD).await;
    browser.press("Create account").await;
    browser.goto(&link_in(&app.mail_to("hana@example.org").await[0])).await;
    browser.press("Confirm my address").await;
    browser.fill("email", "hana@example.org").await;
    browser.fill("password", PASSWORD).await;
    browser.press("Sign in").await;
    let text = browser.main_text().await;
    assert!(text.contains("The progress saved on this device is now in your account."), "{text}");
    assert!(text.contains("Meeting your JTE: Done · best score 100%"), "{text}");
    assert!(text.contains("Planning together: Done"), "{text}");

    // The last lesson finishes the course; the printed certificate checks out.
    browser.goto("/courses/team-teaching/lessons/after-the-lesson").await;
    browser.press("Mark this lesson complete").await;
    let text = browser.main_text().await;
    assert!(text.contains("Hana Sato") && text.contains("This certificate is genuine"), "{text}");
    let pdf = browser.client.print(fantoccini::wd::PrintConfiguration::default()).await.unwrap();
    let address = printed_link(&pdf, "/certificates/").expect("the PDF links the verification address");
    let path = address.strip_prefix(&app.settings.base_url()).expect("an address of this site").to_owned();
    let checked = app.get(&path).await;
    assert_eq!(checked.status, 200);
    assert!(
        checked.body.contains("This certificate is genuine") && checked.body.contains("Team teaching basics")
    );
    browser.close().await;
}
