//! Progress without an account: a visitor's quiz results and completions kept in a
//! signed cookie on their device, merged into their account when they sign in (the
//! better score wins, nothing counted twice); and "mark complete" that says what is
//! still needed.

use altto::courses::{Published, content::LessonContent, device::PROGRESS_COOKIE};
use altto_store::LessonProgress;

use crate::{
    courses::complete_starter_course,
    helpers::{Agent, PASSWORD, TestApp, TestResponse, csrf_in, link_in, right_answers},
};

/// How a quiz is answered.
#[derive(Clone, Copy)]
enum Answers {
    /// Every question right.
    Right,
    /// Every question right but the last, left unanswered.
    AllButLast,
    /// Only the first question answered (right).
    FirstOnly,
}

/// The form fields answering `lesson`'s quiz as `answers` says.
fn quiz_fields(course: &Published, lesson: &LessonContent, answers: Answers) -> Vec<(String, String)> {
    let questions = lesson.quiz.as_ref().unwrap().questions.len();
    let keep = |name: &str| {
        let index: usize = name[1..].split('-').next().unwrap().parse().unwrap();
        match answers {
            Answers::Right => true,
            Answers::AllButLast => index + 1 < questions,
            Answers::FirstOnly => index == 0,
        }
    };
    let mut fields = vec![("revision".to_owned(), course.revision_id.to_string())];
    fields.extend(right_answers(lesson).into_iter().filter(|(name, _)| keep(name)));
    fields
}

/// Takes `lesson`'s quiz in `browser` (without a form token, as the visitor's page has
/// none); returns the response and the score it reports.
async fn take_quiz(
    browser: &mut Agent<'_>,
    course: &Published,
    lesson: &LessonContent,
    answers: Answers,
) -> (TestResponse, i64) {
    let fields = quiz_fields(course, lesson, answers);
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let path = format!("/courses/alt-essentials/lessons/{}/quiz", lesson.slug);
    let response = if browser.cookies.contains_key(altto::auth::SESSION_COOKIE) {
        browser.post(&path, &pairs).await
    } else {
        browser.post_raw(&path, &pairs).await
    };
    assert_eq!(response.status, 200, "{}", response.body);
    let start = response.body.find("You scored ").expect("a score") + "You scored ".len();
    let score = response.body[start..].split('%').next().unwrap().parse().unwrap();
    (response, score)
}

/// The starter course's lessons, in order.
fn lessons(course: &Published) -> Vec<LessonContent> {
    course.content.lessons().map(|(_, l)| l.clone()).collect()
}

/// `user`'s progress row for `lesson`.
async fn row(app: &TestApp, user: altto_store::UserId, lesson: &LessonContent) -> Option<LessonProgress> {
    let course = app.starter().await;
    let progress = app.store().course_progress(user, course.course_id).await.unwrap();
    progress.into_iter().find(|p| p.lesson_id == lesson.id)
}

/// How many rows `table` holds.
async fn count(app: &TestApp, table: &str) -> i64 {
    app.column::<i64>(&format!("SELECT COUNT(*) FROM {table}")).await[0]
}

/// Signs up through the forms as a new browser would, confirming the mailed link.
async fn sign_up(app: &TestApp, browser: &mut Agent<'_>, email: &str, name: &str) {
    let done =
        browser.post("/signup", &[("email", email), ("display_name", name), ("password", PASSWORD)]).await;
    assert_eq!(done.location(), "/signup/sent");
    let link = link_in(&app.mail_to(email).await[0]);
    let verified = browser.post("/verify", &[("token", &link["/verify?token=".len()..])]).await;
    assert_eq!(verified.location(), "/login?notice=verified");
}

#[tokio::test]
async fn a_visitor_who_did_two_lessons_signs_up_and_finds_that_progress_in_my_learning() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let lessons = lessons(&course);
    let (first, second) = (&lessons[0], &lessons[1]);
    let mut visitor = app.agent();

    // The first lesson: passed with one question left out, then a worse try.
    let (passed, best) = take_quiz(&mut visitor, &course, first, Answers::AllButLast).await;
    assert!(best < 100 && passed.body.contains("You passed"), "{best}");
    assert!(passed.body.contains("Saved on this device only"), "{}", passed.body);
    assert!(passed.header("set-cookie").starts_with(&format!("{PROGRESS_COOKIE}=")));
    assert!(
        passed.header("set-cookie").contains("HttpOnly")
            && passed.header("set-cookie").contains("SameSite=Lax")
    );
    let (_, worse) = take_quiz(&mut visitor, &course, first, Answers::FirstOnly).await;
    assert!(worse < best);
    // The second: passed, then marked complete, which says where it is kept.
    take_quiz(&mut visitor, &course, second, Answers::Right).await;
    let done =
        visitor.post_raw(&format!("/courses/alt-essentials/lessons/{}/complete", second.slug), &[]).await;
    assert_eq!(done.status, 200);
    assert!(
        done.body.contains(r#"role="status""#)
            && done.body.contains("Lesson complete. It is saved on this device only")
    );
    assert!(
        done.body.contains(&format!("/courses/alt-essentials/lessons/{}", lessons[2].slug)),
        "the next lesson"
    );
    assert_eq!(
        (count(&app, "lesson_progress").await, count(&app, "quiz_attempts").await),
        (0, 0),
        "no database writes"
    );

    // "My learning" shows a visitor what this device holds, and is never cached.
    let mine = visitor.get("/learning").await;
    assert_eq!(mine.status, 200);
    assert!(mine.header("cache-control").contains("no-store"));
    assert!(mine.body.contains("22% done") && mine.body.contains("kept on this device"), "{}", mine.body);
    assert!(mine.body.contains(&format!("best score {best}%")) && mine.body.contains("best score 100%"));

    sign_up(&app, &mut visitor, "hana@example.org", "Hana").await;
    let signed_in = visitor.sign_in("hana@example.org", PASSWORD).await;
    assert_eq!(signed_in.location(), "/learning?notice=merged");
    assert!(!visitor.cookies.contains_key(PROGRESS_COOKIE), "the cookie is cleared once merged");
    let learning = visitor.get("/learning?notice=merged").await;
    assert!(learning.body.contains("The progress saved on this device is now in your account."));
    assert!(learning.body.contains("22% done"), "{}", learning.body);
    assert!(
        learning.body.contains(&format!("{}</a>: Done · best score {best}%", first.title)),
        "{}",
        learning.body
    );
    assert!(learning.body.contains(&format!("{}</a>: Done · best score 100%", second.title)));

    let user = app.store().user_by_email("hana@example.org").await.unwrap().unwrap().id;
    let one = row(&app, user, first).await.unwrap();
    assert_eq!((one.best_score, one.attempts), (Some(best), 2));
    assert!(one.passed_at.is_some() && one.completed_at.is_some());
    let two = row(&app, user, second).await.unwrap();
    assert_eq!((two.best_score, two.attempts), (Some(100), 1));
}

#[tokio::test]
async fn signing_in_keeps_the_better_score_of_each_lesson_and_counts_every_attempt_once() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let lessons = lessons(&course);
    let (first, second) = (&lessons[0], &lessons[1]);
    let id = app.create_member("aiko@example.org", "Aiko").await;
    let mut member = app.agent_for(id).await;
    take_quiz(&mut member, &course, first, Answers::Right).await;
    let (_, low) = take_quiz(&mut member, &course, second, Answers::FirstOnly).await;
    assert!(low < 100);

    // On another device, without signing in: worse on the first, better on the second.
    let mut phone = app.agent();
    let (_, worse) = take_quiz(&mut phone, &course, first, Answers::FirstOnly).await;
    assert!(worse < 100);
    take_quiz(&mut phone, &course, second, Answers::Right).await;
    assert_eq!(phone.sign_in("aiko@example.org", PASSWORD).await.status, 303);

    let one = row(&app, id, first).await.unwrap();
    assert_eq!((one.best_score, one.attempts), (Some(100), 2), "the account's better score stays");
    let two = row(&app, id, second).await.unwrap();
    assert_eq!((two.best_score, two.attempts), (Some(100), 2), "the device's better score wins");
    assert!(two.passed_at.is_some() && two.completed_at.is_some(), "the device's pass counts");
    // Signing in again from the same phone adds nothing: the cookie is gone.
    phone.post("/logout", &[]).await;
    phone.sign_in("aiko@example.org", PASSWORD).await;
    assert_eq!(row(&app, id, first).await.unwrap().attempts, 2);
    assert_eq!(row(&app, id, second).await.unwrap().attempts, 2);
}

#[tokio::test]
async fn a_saved_copy_of_a_merged_progress_cookie_adds_nothing_to_any_account() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let first = &lessons(&course)[0];
    let id = app.create_member("aiko@example.org", "Aiko").await;
    let other = app.create_member("ken@example.org", "Ken").await;
    let mut visitor = app.agent();
    take_quiz(&mut visitor, &course, first, Answers::Right).await;
    let saved = visitor.cookies[PROGRESS_COOKIE].clone();
    assert_eq!(visitor.sign_in("aiko@example.org", PASSWORD).await.location(), "/learning?notice=merged");
    assert_eq!(row(&app, id, first).await.unwrap().attempts, 1);

    for (email, user) in [("aiko@example.org", id), ("ken@example.org", other)] {
        visitor.post("/logout", &[]).await;
        visitor.cookies.insert(PROGRESS_COOKIE.to_owned(), saved.clone());
        let again = visitor.sign_in(email, PASSWORD).await;
        assert_eq!(again.location(), "/account", "nothing merged, so no notice");
        assert!(!visitor.cookies.contains_key(PROGRESS_COOKIE), "the copy is cleared too");
        let attempts = row(&app, user, first).await.map(|r| r.attempts);
        assert_eq!(attempts, if user == id { Some(1) } else { None }, "{email}");
    }
    assert_eq!(count(&app, "progress_merges").await, 1);
}

#[tokio::test]
async fn a_tampered_or_garbage_progress_cookie_is_ignored_everywhere_and_never_merged() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let first = &lessons(&course)[0];
    let id = app.create_member("aiko@example.org", "Aiko").await;
    let mut visitor = app.agent();
    let (_, score) = take_quiz(&mut visitor, &course, first, Answers::FirstOnly).await;
    let genuine = visitor.cookies[PROGRESS_COOKIE].clone();
    let raised = genuine.replacen(&format!(":{score}:"), ":100:", 1);
    assert_ne!(raised, genuine);
    for bad in [raised.as_str(), "garbage", "", "1.....", &"9".repeat(5000)] {
        let mut browser = app.agent();
        browser.cookies.insert(PROGRESS_COOKIE.to_owned(), bad.to_owned());
        let mine = browser.get("/learning").await;
        assert_eq!(mine.status, 200);
        assert!(mine.body.contains("Nothing is saved on this device yet."), "{bad}");
        let lesson = browser.get(&format!("/courses/alt-essentials/lessons/{}", first.slug)).await;
        assert_eq!(lesson.status, 200);
        let signed_in = browser.sign_in("aiko@example.org", PASSWORD).await;
        assert_eq!((signed_in.status.as_u16(), signed_in.location()), (303, "/account"), "{bad}");
        assert!(!browser.cookies.contains_key(PROGRESS_COOKIE), "a bad cookie is cleared");
    }
    assert!(row(&app, id, first).await.is_none(), "nothing merged");
    assert_eq!(count(&app, "progress_merges").await, 0);
    // A quiz taken with a bad cookie starts the device's progress afresh.
    let mut browser = app.agent();
    browser.cookies.insert(PROGRESS_COOKIE.to_owned(), raised);
    let (_, again) = take_quiz(&mut browser, &course, first, Answers::FirstOnly).await;
    assert!(browser.get("/learning").await.body.contains(&format!("best score {again}%")));
}

#[tokio::test]
async fn visitors_lesson_and_course_pages_stay_the_same_for_everyone_whatever_their_device_holds() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let first = &lessons(&course)[0];
    let mut with_progress = app.agent();
    take_quiz(&mut with_progress, &course, first, Answers::Right).await;
    assert!(with_progress.cookies.contains_key(PROGRESS_COOKIE));
    let mut without = app.agent();
    for path in
        [format!("/courses/alt-essentials/lessons/{}", first.slug), "/courses/alt-essentials".to_owned()]
    {
        let theirs = with_progress.get(&path).await;
        let fresh = without.get(&path).await;
        assert_eq!(theirs.status, 200);
        assert_eq!(theirs.body, fresh.body, "{path}");
        assert!(theirs.header("set-cookie").is_empty() && fresh.header("set-cookie").is_empty(), "{path}");
        assert!(!theirs.body.contains("best score") && !theirs.body.contains("Your best score"), "{path}");
        assert!(!theirs.body.contains(r#"name="_csrf""#), "{path}");
    }
    let lesson = without.get(&format!("/courses/alt-essentials/lessons/{}", first.slug)).await;
    assert!(
        lesson.body.contains(&format!(r#"action="/courses/alt-essentials/lessons/{}/complete""#, first.slug))
    );
    assert!(lesson.body.contains("your progress is kept on this device only"));
}

#[tokio::test]
async fn a_visitors_progress_form_posted_from_another_site_is_refused_and_sets_no_cookie() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let first = &lessons(&course)[0];
    let fields = quiz_fields(&course, first, Answers::Right);
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let path = format!("/courses/alt-essentials/lessons/{}", first.slug);
    let mut forger =
        app.agent().with_header("origin", "https://elsewhere.example").with_header("host", "altto.test");
    for (what, fields) in [("quiz", &pairs[..]), ("complete", &[][..])] {
        let refused = forger.post_raw(&format!("{path}/{what}"), fields).await;
        assert_eq!(refused.status, 403, "{what}");
        assert!(refused.header("set-cookie").is_empty(), "{what}");
    }
    let mut same_site =
        app.agent().with_header("origin", "http://altto.test").with_header("host", "altto.test");
    assert_eq!(same_site.post_raw(&format!("{path}/quiz"), &pairs).await.status, 200);
}

#[tokio::test]
async fn completing_the_last_lesson_through_a_merge_issues_the_certificate() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let lessons = lessons(&course);
    let (last, before) = lessons.split_last().unwrap();
    let id = app.create_member("aiko@example.org", "Aiko").await;
    let mut member = app.agent_for(id).await;
    for lesson in before {
        take_quiz(&mut member, &course, lesson, Answers::Right).await;
    }
    assert!(app.store().certificates_of(id).await.unwrap().is_empty());
    let mut visitor = app.agent();
    let (passed, _) = take_quiz(&mut visitor, &course, last, Answers::Right).await;
    assert!(passed.body.contains("You passed"));
    visitor.sign_in("aiko@example.org", PASSWORD).await;
    let certificates = app.store().certificates_of(id).await.unwrap();
    assert_eq!(certificates.len(), 1, "the merge finished the course");
    let learning = visitor.get("/learning").await;
    assert!(
        learning.body.contains("100% done")
            && learning.body.contains(&format!("/certificates/{}", certificates[0].id))
    );
}

#[tokio::test]
async fn marking_a_lesson_complete_before_passing_its_quiz_says_what_is_needed_and_changes_nothing() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let first = &lessons(&course)[0];
    let pass_mark = first.quiz.as_ref().unwrap().pass_mark;
    let path = format!("/courses/alt-essentials/lessons/{}", first.slug);
    let id = app.create_member("aiko@example.org", "Aiko").await;
    let mut member = app.agent_for(id).await;
    member.get(&path).await;
    let refused = member.post(&format!("{path}/complete"), &[]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains(r#"role="alert""#));
    assert!(
        refused
            .body
            .contains(&format!("This lesson is complete once you pass its quiz (pass mark: {pass_mark}%)"))
    );
    assert!(refused.body.contains(r##"href="#quiz""##) && refused.body.contains("Go to the quiz"));
    assert!(csrf_in(&refused.body).is_some(), "the page's forms still work");
    let visited = row(&app, id, first).await.unwrap();
    assert!(visited.completed_at.is_none() && visited.passed_at.is_none(), "nothing changed");
    let mut japanese = app.agent_for(id).await.with_header("accept-language", "ja");
    let refused = japanese.post(&format!("{path}/complete"), &[]).await;
    assert!(refused.body.contains("確認クイズに合格すると完了になります"), "{}", refused.body);

    let mut visitor = app.agent();
    let refused = visitor.post_raw(&format!("{path}/complete"), &[]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("This lesson is complete once you pass its quiz"));
    assert!(refused.header("set-cookie").is_empty(), "nothing kept on the device either");
    // Once the quiz is passed, marking complete works (a member goes on to the next lesson).
    take_quiz(&mut member, &course, first, Answers::Right).await;
    assert_eq!(member.post(&format!("{path}/complete"), &[]).await.status, 303);
}

#[tokio::test]
async fn a_course_at_100_percent_says_so_at_the_top_with_its_certificate() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let id = app.create_member("aiko@example.org", "Aiko").await;
    let mut learner = app.agent_for(id).await;
    let before = learner.get("/courses/alt-essentials").await;
    assert!(!before.body.contains("You have completed this course."));
    complete_starter_course(&app, &mut learner).await;
    let certificate = app.store().certificates_of(id).await.unwrap().remove(0);
    let page = learner.get("/courses/alt-essentials").await;
    let notice = page.body.find("You have completed this course.").expect("it says so");
    let link =
        page.body.find(&format!(r#"href="/certificates/{}""#, certificate.id)).expect("the certificate");
    let summary = page.body.find(r#"class="lead""#).unwrap();
    assert!(notice < summary && link < summary, "at the top, under the title");
    assert!(page.body[..notice].contains(r#"role="status""#));
    assert!(page.body.contains("100% done") && page.body.contains("Read the course again"));
    let japanese =
        app.agent_for(id).await.with_header("accept-language", "ja").get("/courses/alt-essentials").await;
    assert!(japanese.body.contains("このコースを修了しました。"));
}
