//! Course flows clicked through in Chromium, with an accessibility scan of each page.

use altto::courses::{
    content::{LessonContent, Question},
    quiz::cloze,
};
use fantoccini::Locator;

use crate::{
    browser::Browser,
    helpers::{PASSWORD, TestApp, right_parts},
};

/// Clicks or types the right answer to every question of `lesson`'s quiz.
pub(crate) async fn answer_quiz(browser: &Browser, lesson: &LessonContent) {
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
            Question::Ordering { .. } | Question::Matching { .. } => {
                for (part, value) in right_parts(lesson.id, i, question).into_iter().enumerate() {
                    browser.select(&format!("q{i}-{part}"), &value.to_string()).await;
                }
            }
            Question::Cloze { text, .. } => {
                for (blank, accepted) in cloze::blanks(text).unwrap().into_iter().enumerate() {
                    browser.fill(&format!("q{i}-{blank}"), &accepted[0]).await;
                }
            }
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

    // Nothing answered is not marked; a wrong try gets feedback, no pass.
    browser.press("Check my answers").await;
    let text = browser.main_text().await;
    assert!(
        text.contains("You have not answered any question yet") && !text.contains("You scored"),
        "{text}"
    );
    browser.client.find(Locator::Id("q0-1")).await.unwrap().click().await.unwrap();
    browser.press("Check my answers").await;
    let text = browser.main_text().await;
    assert!(text.contains("You scored 0%") && text.contains("Not passed yet"), "{text}");
    answer_quiz(&browser, first).await;
    browser.press("Check my answers").await;
    let text = browser.main_text().await;
    assert!(text.contains("You scored 100%") && text.contains("Saved on this device only"));
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
            // Marking complete without the quiz says what is still needed.
            browser.press("Mark this lesson complete").await;
            let text = browser.main_text().await;
            assert!(text.contains("This lesson is complete once you pass its quiz"), "{text}");
            browser.assert_accessible().await;
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

    // Printed to PDF, it carries the address that checks it, and that address works.
    let pdf = browser.client.print(fantoccini::wd::PrintConfiguration::default()).await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let address = printed_link(&pdf, "/certificates/").expect("the PDF links the verification address");
    let shown = browser.path().await;
    assert_eq!(address, format!("{}{shown}", app.settings.base_url()));
    let checked = app.get(&shown).await;
    assert_eq!(checked.status, 200);
    assert!(checked.body.contains("This certificate is genuine"));

    browser.follow("My learning").await;
    assert!(browser.main_text().await.contains("100% done"));
    browser.assert_accessible().await;
    browser.close().await;
}

#[tokio::test]
async fn a_visitor_who_did_two_lessons_without_an_account_signs_up_and_finds_that_progress_in_my_learning() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let lessons: Vec<&LessonContent> = course.content.lessons().map(|(_, l)| l).collect();
    let browser = Browser::open(&app).await;
    browser.goto("/courses/alt-essentials").await;
    browser.follow("Start the course").await;

    // Two lessons, each done by passing its quiz; "mark complete" before that says so.
    answer_quiz(&browser, lessons[0]).await;
    browser.press("Check my answers").await;
    let text = browser.main_text().await;
    assert!(text.contains("You passed") && text.contains("Saved on this device only"), "{text}");
    assert!(text.contains("You have completed this lesson."), "{text}");
    browser.assert_accessible().await;
    browser.click_and_wait(Locator::Css("a[rel='next']")).await;
    assert_eq!(browser.heading().await, lessons[1].title);
    browser.press("Mark this lesson complete").await;
    let text = browser.main_text().await;
    assert!(text.contains("This lesson is complete once you pass its quiz"), "{text}");
    browser.assert_accessible().await;
    answer_quiz(&browser, lessons[1]).await;
    browser.press("Check my answers").await;
    assert!(browser.main_text().await.contains("You have completed this lesson."));
    browser.follow("My learning").await;
    let text = browser.main_text().await;
    assert!(text.contains("22% done") && text.contains("kept on this device"), "{text}");
    browser.assert_accessible().await;

    // Signing up and in keeps it.
    browser.follow("Create an account").await;
    browser.fill("email", "hana@example.org").await;
    browser.fill("display_name", "Hana Sato").await;
    browser.fill("password", PASSWORD).await;
    browser.press("Create account").await;
    let link = crate::helpers::link_in(&app.mail_to("hana@example.org").await[0]);
    browser.goto(&link).await;
    browser.press("Confirm my address").await;
    browser.fill("email", "hana@example.org").await;
    browser.fill("password", PASSWORD).await;
    browser.press("Sign in").await;
    assert_eq!(browser.path().await, "/learning?notice=merged");
    let text = browser.main_text().await;
    assert!(text.contains("The progress saved on this device is now in your account."), "{text}");
    assert!(text.contains("22% done"), "{text}");
    for lesson in &lessons[..2] {
        assert!(text.contains(&format!("{}: Done · best score 100%", lesson.title)), "{text}");
    }
    browser.assert_accessible().await;
    let cookies = browser.client.get_all_cookies().await.unwrap();
    assert!(!cookies.iter().any(|c| c.name() == "altto_progress"), "the device's copy is gone");
    browser.close().await;
}

/// The first link target in a PDF (as Chromium prints links: `/URI (address)`) that
/// contains `part`.
pub(crate) fn printed_link(pdf: &[u8], part: &str) -> Option<String> {
    let text = String::from_utf8_lossy(pdf);
    text.split("/URI (")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .find(|uri| uri.contains(part))
        .map(str::to_owned)
}

/// Signs in through the form.
pub(crate) async fn sign_in(browser: &Browser, email: &str) {
    browser.goto("/login").await;
    browser.fill("email", email).await;
    browser.fill("password", PASSWORD).await;
    browser.press("Sign in").await;
}

#[tokio::test]
async fn an_author_drafts_an_editor_requests_changes_the_author_revises_and_a_learner_sees_the_published_lesson()
 {
    use altto_store::{Grants, Role};
    let app = TestApp::spawn().await;
    let author = Grants { role: Role::Author, is_moderator: false, is_admin: false };
    let editor = Grants { role: Role::Editor, is_moderator: false, is_admin: false };
    app.create_user("ken@example.org", "Ken", author).await;
    app.create_user("emi@example.org", "Emi", editor).await;
    app.create_member("learner@example.org", "Learner").await;
    let browser = Browser::open(&app).await;

    sign_in(&browser, "ken@example.org").await;
    browser.follow("Write").await;
    browser.assert_accessible().await;
    browser.follow("Start a new course").await;
    browser.fill("slug", "greetings").await;
    browser.fill("title", "Greetings in class").await;
    browser.fill("summary", "Starting every lesson with a greeting routine.").await;
    browser.fill("authors", "Ken").await;
    browser.press("Create the course").await;
    assert_eq!(browser.heading().await, "Greetings in class");
    browser.assert_accessible().await;
    browser.follow("First lesson").await;
    browser.fill("title", "Good morning routines").await;
    browser
        .fill("body", "## Why a routine\n\nA greeting routine tells students that English time has begun.")
        .await;
    browser.press("Preview").await;
    assert!(browser.main_text().await.contains("A greeting routine tells students"));
    browser.assert_accessible().await;
    browser.press("Save").await;
    browser.follow("Back to the course").await;
    browser.press("Submit for review").await;
    assert!(browser.main_text().await.contains("In review"));
    browser.press("Sign out").await;

    sign_in(&browser, "emi@example.org").await;
    browser.goto("/author/courses/greetings").await;
    browser.fill("review-note", "Please add one example dialogue.").await;
    browser.press("Request changes").await;
    assert!(browser.main_text().await.contains("Changes requested"));
    browser.press("Sign out").await;

    sign_in(&browser, "ken@example.org").await;
    browser.goto("/author/courses/greetings").await;
    assert!(browser.main_text().await.contains("Please add one example dialogue."));
    browser.follow("Good morning routines").await;
    let body = browser.client.find(Locator::Id("body")).await.unwrap().prop("value").await.unwrap().unwrap();
    browser
        .fill("body", &format!("{body}\n\n> ALT: Good morning, everyone!\n> Students: Good morning!"))
        .await;
    browser.press("Save").await;
    browser.press("Sign out").await;

    sign_in(&browser, "emi@example.org").await;
    browser.goto("/author/courses/greetings").await;
    browser.press("Publish the latest revision").await;
    assert!(browser.main_text().await.contains("Published"));
    browser.follow("Revision history").await;
    browser.assert_accessible().await;
    browser.press("Sign out").await;

    sign_in(&browser, "learner@example.org").await;
    browser.goto("/courses/greetings/lessons/first-lesson").await;
    assert_eq!(browser.heading().await, "Good morning routines");
    assert!(browser.main_text().await.contains("Good morning, everyone!"));
    browser.close().await;
}

#[tokio::test]
async fn an_editor_uploads_a_file_is_told_its_stored_name_and_replaces_it_on_purpose() {
    use altto_store::{Grants, Role};
    let app = TestApp::spawn().await.with_starter_course().await;
    app.create_user(
        "emi@example.org",
        "Emi",
        Grants { role: Role::Editor, is_moderator: false, is_admin: false },
    )
    .await;
    let files = tempfile::tempdir().unwrap();
    let photo = files.path().join("Board Photo.PNG");
    std::fs::write(&photo, b"\x89PNG\r\n\x1a\n0000IHDR-first").unwrap();
    let browser = Browser::open(&app).await;
    sign_in(&browser, "emi@example.org").await;
    browser.goto("/author/courses/alt-essentials/media").await;
    browser.assert_accessible().await;
    let upload = browser.client.find(Locator::Id("file")).await.unwrap();
    upload.send_keys(photo.to_str().unwrap()).await.unwrap();
    browser.press("Upload").await;
    let text = browser.main_text().await;
    assert!(text.contains("Your file “Board Photo.PNG” was stored as media/board-photo.png"), "{text}");
    browser.assert_accessible().await;

    // The same file again is refused; its Replace button replaces it.
    let upload = browser.client.find(Locator::Id("file")).await.unwrap();
    upload.send_keys(photo.to_str().unwrap()).await.unwrap();
    browser.press("Upload").await;
    assert!(browser.main_text().await.contains("a file with that name already exists"));
    let newer = files.path().join("IMG_0042.png");
    std::fs::write(&newer, b"\x89PNG\r\n\x1a\n0000IHDR-second").unwrap();
    let replace = browser.client.find(Locator::Css("input[id^='replace-']")).await.unwrap();
    replace.send_keys(newer.to_str().unwrap()).await.unwrap();
    browser.click_and_wait(Locator::Css("main table form.inline-form button")).await;
    assert!(
        browser.main_text().await.contains("media/board-photo.png was replaced by your file “IMG_0042.png”")
    );
    browser.assert_accessible().await;
    browser.close().await;
}

/// Chooses `file` in the file field `field` and presses `button`.
pub(crate) async fn upload(browser: &Browser, field: &str, file: &std::path::Path, button: &str) {
    let input = browser.client.find(Locator::Id(field)).await.unwrap();
    input.send_keys(file.to_str().unwrap()).await.unwrap();
    browser.press(button).await;
}

#[tokio::test]
async fn an_author_uploads_captions_and_a_transcript_uses_them_in_a_lesson_and_visitors_watch_with_captions()
{
    use altto_store::{Grants, Role};
    let app = TestApp::spawn().await;
    let author = Grants { role: Role::Author, is_moderator: false, is_admin: false };
    let editor = Grants { role: Role::Editor, is_moderator: false, is_admin: false };
    app.create_user("ken@example.org", "Ken", author).await;
    app.create_user("emi@example.org", "Emi", editor).await;
    let files = tempfile::tempdir().unwrap();
    let clip = files.path().join("clip.webm");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/fixtures/clip.webm"), &clip).unwrap();
    let captions = files.path().join("greetings.vtt");
    std::fs::write(&captions, "WEBVTT\n\n00:00.000 --> 00:03.000\nGood morning, everyone!\n").unwrap();
    let transcript = files.path().join("greetings.txt");
    std::fs::write(&transcript, "ALT: Good morning, everyone! Students: Good morning!").unwrap();
    let browser = Browser::open(&app).await;

    sign_in(&browser, "ken@example.org").await;
    browser.goto("/author/courses/new").await;
    browser.fill("slug", "greetings").await;
    browser.fill("title", "Greetings in class").await;
    browser.fill("summary", "Starting every lesson with a greeting routine.").await;
    browser.fill("authors", "Ken").await;
    browser.press("Create the course").await;
    browser.follow("Files").await;
    for file in [&clip, &captions] {
        upload(&browser, "file", file, "Upload").await;
        assert!(browser.main_text().await.contains("Stored media/"), "{}", browser.main_text().await);
    }
    assert_eq!(browser.main_text().await.matches("New in this draft").count(), 2);
    browser.assert_accessible().await;

    browser.follow("Back to the course").await;
    browser.follow("First lesson").await;
    browser.fill("title", "Good morning routines").await;
    browser.fill("body", "Watch how the class starts, with captions.").await;
    browser.select("video_file", "media/clip.webm").await;
    browser.select("captions", "media/greetings.vtt").await;
    // The transcript is uploaded from the editor itself: what was typed stays.
    upload(&browser, "upload_file", &transcript, "Upload as the transcript").await;
    let text = browser.main_text().await;
    assert!(text.contains("was added to this course's files as media/greetings.txt and chosen"), "{text}");
    let title = browser.client.find(Locator::Id("title")).await.unwrap();
    assert_eq!(title.prop("value").await.unwrap().as_deref(), Some("Good morning routines"));
    let chosen = browser.client.find(Locator::Id("transcript")).await.unwrap();
    assert_eq!(chosen.prop("value").await.unwrap().as_deref(), Some("media/greetings.txt"));
    let video = browser.client.find(Locator::Id("video_file")).await.unwrap();
    assert_eq!(video.prop("value").await.unwrap().as_deref(), Some("media/clip.webm"));
    browser.assert_accessible().await;
    browser.press("Save").await;
    assert!(browser.path().await.ends_with("?saved=1"), "{}", browser.main_text().await);
    browser.follow("Back to the course").await;
    browser.press("Submit for review").await;
    let text = browser.main_text().await;
    assert!(text.contains("In review") && !text.contains("not ready"), "{text}");
    browser.press("Sign out").await;

    sign_in(&browser, "emi@example.org").await;
    browser.goto("/author/courses/greetings").await;
    browser.press("Publish the latest revision").await;
    assert!(browser.main_text().await.contains("Published"));
    browser.press("Sign out").await;

    browser.goto("/courses/greetings/lessons/first-lesson").await;
    assert_eq!(browser.heading().await, "Good morning routines");
    assert!(browser.main_text().await.contains("ALT: Good morning, everyone! Students: Good morning!"));
    browser.assert_accessible().await;
    // The video plays, and its captions show as it does.
    let watched = browser
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               const video = document.querySelector('video');
               const track = video.textTracks[0];
               const deadline = Date.now() + 15000;
               const check = () => {
                 const cue = track.activeCues && track.activeCues[0];
                 if (video.currentTime > 0 && cue) {
                   done({ playing: true, mode: track.mode, cue: cue.text });
                 } else if (Date.now() > deadline) {
                   done({ playing: false, time: video.currentTime, error: String(video.error && video.error.message), mode: track.mode });
                 } else {
                   setTimeout(check, 50);
                 }
               };
               video.muted = true;
               video.play().then(check, error => done({ playing: false, error: String(error) }));"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(watched["playing"], true, "{watched}");
    assert_eq!(watched["mode"], "showing", "{watched}");
    assert_eq!(watched["cue"], "Good morning, everyone!", "{watched}");
    browser.close().await;
}
