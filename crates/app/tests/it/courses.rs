//! Courses: the starter course, reading, quizzes, progress, certificates, packages.

use std::process::Command;

use altto::{
    certificates::signing,
    courses::{content::Question, package, quiz::cloze},
};

use crate::helpers::{TestApp, csrf_in, fresh_database_url, right_answers, right_parts};

#[tokio::test]
async fn a_fresh_site_gets_the_starter_course_with_nine_substantial_lessons_each_with_a_quiz() {
    let app = TestApp::spawn().await.with_starter_course().await;
    assert!(!altto::courses::library::load_starter_course(app.store()).await.unwrap(), "loaded only once");
    let course = app.starter().await;
    let content = &course.content;
    assert_eq!(content.title, "ALT Essentials");
    assert_eq!(content.licence.spdx(), "CC-BY-4.0");
    assert_eq!(content.authors, vec!["the altto contributors".to_owned()]);
    assert!(content.modules.len() >= 3);
    assert!(content.lesson_count() >= 9);
    for (_, lesson) in content.lessons() {
        assert!(lesson.body.split_whitespace().count() >= 400, "{} is too short", lesson.slug);
        assert!(lesson.quiz.is_some() && lesson.reflection.is_some(), "{}", lesson.slug);
        assert!(lesson.title_ja.is_some() && lesson.summary_ja.is_some(), "{}", lesson.slug);
    }
    let catalog = app.get("/courses").await;
    assert!(catalog.body.contains("ALT Essentials"));
    let japanese = app.get_with("/courses", &[("accept-language", "ja")]).await;
    assert!(japanese.body.contains("ALTの基礎"));
}

#[tokio::test]
async fn the_catalog_filters_by_level_and_topic() {
    let app = TestApp::spawn().await.with_starter_course().await;
    assert!(app.get("/courses?level=foundation").await.body.contains("ALT Essentials"));
    assert!(!app.get("/courses?level=advanced").await.body.contains("ALT Essentials"));
    assert!(app.get("/courses?topic=team-teaching").await.body.contains("ALT Essentials"));
    assert!(app.get("/courses?topic=nothing-like-this").await.body.contains("No course matches"));
}

#[tokio::test]
async fn a_visitor_reads_a_lesson_and_tries_its_quiz_with_the_result_kept_only_on_their_device() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let (_, first) = course.content.lessons().next().unwrap();
    let path = format!("/courses/alt-essentials/lessons/{}", first.slug);
    let mut visitor = app.agent();
    let page = visitor.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&first.title) && page.body.contains("<h2"));
    assert!(page.body.contains("To keep it and earn a certificate"));
    assert!(page.body.contains("Mark this lesson complete"));

    assert!(csrf_in(&page.body).is_none(), "a visitor's forms carry no token: nothing is stored");
    let mut fields = vec![("revision".to_owned(), course.revision_id.to_string())];
    fields.extend(right_answers(first));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let result = visitor.post_raw(&format!("{path}/quiz"), &pairs).await;
    assert_eq!(result.status, 200);
    assert!(result.body.contains("You scored 100%"), "{}", result.body);
    assert!(result.body.contains("Saved on this device only"));
    assert!(result.header("set-cookie").starts_with("altto_progress="), "kept in the visitor's cookie");
    assert!(result.body.contains("Correct"));
    let stored: Vec<i64> = app.column("SELECT COUNT(*) FROM lesson_progress").await;
    assert_eq!(stored, vec![0], "nothing in the database");
}

#[tokio::test]
async fn wrong_answers_get_feedback_and_answers_for_another_quiz_are_refused() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let (_, first) = course.content.lessons().next().unwrap();
    let path = format!("/courses/alt-essentials/lessons/{}/quiz", first.slug);
    let id = app.create_member("learner@example.org", "Learner").await;
    let mut learner = app.agent_for(id).await;
    let revision = course.revision_id.to_string();

    let empty = learner.post(&path, &[("revision", &revision), ("q3", "  ")]).await;
    assert_eq!(empty.status, 422, "nothing answered is not marked");
    assert!(empty.body.contains("You have not answered any question yet"), "{}", empty.body);
    assert!(!empty.body.contains("You scored"));
    let wrong = learner.post(&path, &[("revision", &revision), ("q0", "1")]).await;
    assert_eq!(wrong.status, 200);
    assert!(wrong.body.contains("You scored 0%") && wrong.body.contains("Not passed yet"));
    assert!(wrong.body.contains("That is the pattern in many other countries"), "the pick's feedback");

    let foreign = learner.post(&path, &[("revision", &revision), ("q99", "0")]).await;
    assert_eq!(foreign.status, 422);
    assert!(foreign.body.contains("Those answers do not belong to this quiz"));
    let stale = learner.post(&path, &[("revision", "999999"), ("q0", "0")]).await;
    assert_eq!(stale.status, 422);
    assert!(stale.body.contains("The quiz changed after you opened this page"));
    let bad_choice = learner.post(&path, &[("revision", &revision), ("q0", "banana")]).await;
    assert_eq!(bad_choice.status, 422);
    let progress = app.store().course_progress(id, course.course_id).await.unwrap();
    assert_eq!(progress.iter().map(|p| p.attempts).sum::<i64>(), 1, "only the marked attempt counts");
    let missing =
        learner.post("/courses/alt-essentials/lessons/no-such-lesson/quiz", &[("revision", &revision)]).await;
    assert_eq!(missing.status, 404);
}

/// Completes every lesson of the starter course through the pages; returns the path
/// the last completion redirected to.
pub(crate) async fn complete_starter_course(
    app: &TestApp,
    learner: &mut crate::helpers::Agent<'_>,
) -> String {
    let course = app.starter().await;
    let revision = course.revision_id.to_string();
    let mut last = String::new();
    for (_, lesson) in course.content.lessons() {
        let path = format!("/courses/alt-essentials/lessons/{}", lesson.slug);
        assert_eq!(learner.get(&path).await.status, 200);
        let mut fields = vec![("revision".to_owned(), revision.clone())];
        fields.extend(right_answers(lesson));
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let result = learner.post(&format!("{path}/quiz"), &pairs).await;
        assert!(result.body.contains("You passed"), "{}: {}", lesson.slug, result.body);
        let done = learner.post(&format!("{path}/complete"), &[]).await;
        assert_eq!(done.status, 303);
        last = done.location().to_owned();
    }
    last
}

#[tokio::test]
async fn a_member_who_completes_every_lesson_and_quiz_gets_a_certificate_that_verifies() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let id = app.create_member("learner@example.org", "Aiko Learner").await;
    let mut learner = app.agent_for(id).await;
    let last = complete_starter_course(&app, &mut learner).await;
    assert!(last.starts_with("/certificates/"), "the last lesson leads to the certificate: {last}");
    let certificate_path = last.split('?').next().unwrap().to_owned();
    let page = app.get(&certificate_path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Aiko Learner") && page.body.contains("ALT Essentials"));
    assert!(page.body.contains("This certificate is genuine"));
    assert!(page.body.contains("6 hours"));

    let jwt = app.get(&format!("{certificate_path}/credential.jwt")).await;
    assert_eq!(jwt.header("content-type"), "application/jwt");
    let jwks: serde_json::Value =
        serde_json::from_str(&app.get("/.well-known/jwks.json").await.body).unwrap();
    let claims = signing::verify(&jwt.body, &jwks).unwrap();
    assert_eq!(claims["vc"]["type"][1], "OpenBadgeCredential");
    assert_eq!(claims["vc"]["credentialSubject"]["achievement"]["name"], "ALT Essentials");
    assert_eq!(claims["sub"], "Aiko Learner");

    let learning = learner.get("/learning").await;
    assert!(learning.body.contains("100% done") && learning.body.contains(&certificate_path));
    // Completing again issues no second certificate.
    let (_, first) =
        app.starter().await.content.lessons().next().map(|(m, l)| (m.clone(), l.clone())).unwrap();
    learner.post(&format!("/courses/alt-essentials/lessons/{}/complete", first.slug), &[]).await;
    assert_eq!(app.store().certificates_of(id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_tampered_certificate_is_caught_by_the_command_line_and_a_genuine_one_passes() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let id = app.create_member("learner@example.org", "Aiko Learner").await;
    let mut learner = app.agent_for(id).await;
    let last = complete_starter_course(&app, &mut learner).await;
    let path = last.split('?').next().unwrap();
    let jwt = app.get(&format!("{path}/credential.jwt")).await.body;
    let dir = tempfile::tempdir().unwrap();
    let genuine = dir.path().join("genuine.jwt");
    std::fs::write(&genuine, &jwt).unwrap();
    let verify = |file: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_altto"))
            .args(["certificate", "verify"])
            .arg(file)
            .args(["--data-dir", app.settings.data_dir.to_str().unwrap()])
            .output()
            .unwrap()
    };
    let ok = verify(&genuine);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(
        String::from_utf8_lossy(&ok.stdout).starts_with("valid: Aiko Learner completed \"ALT Essentials\"")
    );

    let parts: Vec<&str> = jwt.split('.').collect();
    use base64::Engine as _;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut claims: serde_json::Value = serde_json::from_slice(&engine.decode(parts[1]).unwrap()).unwrap();
    claims["sub"] = "Someone Else".into();
    let forged = format!("{}.{}.{}", parts[0], engine.encode(claims.to_string()), parts[2]);
    let tampered = dir.path().join("tampered.jwt");
    std::fs::write(&tampered, forged).unwrap();
    let bad = verify(&tampered);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("the signature does not match"));
}

#[tokio::test]
async fn progress_survives_lessons_being_reordered_and_rewritten() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let id = app.create_member("learner@example.org", "Learner").await;
    let mut learner = app.agent_for(id).await;
    let course = app.starter().await;
    let (_, first) = course.content.lessons().next().unwrap();
    learner.post(&format!("/courses/alt-essentials/lessons/{}/complete", first.slug), &[]).await;

    // An author swaps the first two modules and rewrites a paragraph of the first lesson.
    let mut files = altto::courses::library::export(app.store(), "alt-essentials").await.unwrap();
    let keys: Vec<String> = files.keys().cloned().collect();
    let renamed: package::Files = keys
        .iter()
        .map(|k| {
            let new = k.replacen("01-japanese-schools", "09-japanese-schools", 1);
            (new, files.remove(k).unwrap())
        })
        .collect();
    let mut renamed = renamed;
    let lesson_file = renamed.keys().find(|k| k.contains(&first.slug) && k.ends_with(".md")).unwrap().clone();
    let mut text = String::from_utf8(renamed[&lesson_file].clone()).unwrap();
    text.push_str("\n\nA paragraph added in a later revision.\n");
    renamed.insert(lesson_file, text.into_bytes());
    let imported =
        altto::courses::library::import(app.store(), &renamed, None, true, usize::MAX).await.unwrap();
    assert!(!imported.created);

    let updated = app.starter().await;
    assert_ne!(updated.revision_id, course.revision_id);
    let moved = updated.content.lesson(&first.slug).unwrap();
    assert_eq!(moved.id, first.id, "the lesson keeps its id");
    assert_ne!(updated.content.lessons().next().unwrap().1.slug, first.slug, "it moved");
    let page = learner.get("/courses/alt-essentials").await;
    assert!(page.body.contains("In progress") || page.body.contains("Done"), "its progress is still shown");
    let lesson_page = learner.get(&format!("/courses/alt-essentials/lessons/{}", first.slug)).await;
    assert!(lesson_page.body.contains("A paragraph added in a later revision."), "published content changed");
}

fn altto_cmd(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_altto")).args(args).env_remove("ALTTO_DATABASE_URL").output().unwrap()
}

#[tokio::test]
async fn a_package_exported_imported_and_exported_again_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let data = dir.path().join("data");
    let db = ["--data-dir", data.to_str().unwrap(), "--database-url", url.expose()];
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/alt-essentials");
    let imported =
        altto_cmd(&[&["content", "import", source.to_str().unwrap(), "--publish"][..], &db].concat());
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    assert!(String::from_utf8_lossy(&imported.stdout).contains("created the course alt-essentials"));

    let first = dir.path().join("first");
    let second = dir.path().join("second");
    let out =
        altto_cmd(&[&["content", "export", "alt-essentials", first.to_str().unwrap()][..], &db].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let again = altto_cmd(&[&["content", "import", first.to_str().unwrap()][..], &db].concat());
    assert!(String::from_utf8_lossy(&again.stdout).contains("updated the course alt-essentials"));
    altto_cmd(&[&["content", "export", "alt-essentials", second.to_str().unwrap()][..], &db].concat());
    let a = package::read_dir(&first, u64::MAX).unwrap();
    let b = package::read_dir(&second, u64::MAX).unwrap();
    assert_eq!(a.len(), b.len());
    assert_eq!(a, b, "export → import → export is identical");
    assert_eq!(
        package::parse(&a).unwrap(),
        package::parse(&package::read_dir(&source, u64::MAX).unwrap()).unwrap()
    );
}

#[tokio::test]
async fn a_broken_package_reports_every_problem_with_file_and_line_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let data = dir.path().join("data");
    let db = ["--data-dir", data.to_str().unwrap(), "--database-url", url.expose()];
    let broken = dir.path().join("broken");
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/alt-essentials");
    package::write_dir(&broken, &package::read_dir(&source, u64::MAX).unwrap()).unwrap();
    let lesson = broken.join("01-japanese-schools/01-the-school-year.md");
    let text = std::fs::read_to_string(&lesson).unwrap().replacen("minutes = ", "minutes = \"many\" # ", 1);
    std::fs::write(&lesson, text).unwrap();
    std::fs::write(broken.join("02-the-curriculum/01-the-course-of-study.quiz.toml"), "pass_mark = 500\n")
        .unwrap();
    let output =
        altto_cmd(&[&["content", "import", broken.to_str().unwrap(), "--publish"][..], &db].concat());
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("nothing was changed"), "{err}");
    assert!(err.contains("01-japanese-schools/01-the-school-year.md:"), "{err}");
    assert!(err.contains("02-the-curriculum/01-the-course-of-study.quiz.toml"), "{err}");
    let store = altto_store::Store::connect(&altto_store::ConnectOptions::new(url)).await.unwrap();
    assert_eq!(store.course_count().await.unwrap(), 0);
}

#[tokio::test]
async fn a_package_with_symbolic_links_is_refused_with_each_listed_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let data = dir.path().join("data");
    let db = ["--data-dir", data.to_str().unwrap(), "--database-url", url.expose()];
    // A first start makes the data folder's signing key, which a link then points at.
    let migrated = altto_cmd(&[&["migrate"][..], &db].concat());
    assert!(migrated.status.success(), "{}", String::from_utf8_lossy(&migrated.stderr));
    std::fs::write(data.join("signing-key"), "not for the public").unwrap();
    let hostile = dir.path().join("hostile");
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/alt-essentials");
    package::write_dir(&hostile, &package::read_dir(&source, u64::MAX).unwrap()).unwrap();
    std::fs::create_dir_all(hostile.join("media")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", hostile.join("media/passwd.txt")).unwrap();
    std::os::unix::fs::symlink(data.join("signing-key"), hostile.join("media/key.txt")).unwrap();

    let output =
        altto_cmd(&[&["content", "import", hostile.to_str().unwrap(), "--publish"][..], &db].concat());
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("nothing was changed"), "{err}");
    assert!(err.contains("media/passwd.txt: is a symbolic link (to /etc/passwd)"), "{err}");
    assert!(err.contains("media/key.txt: is a symbolic link"), "{err}");
    let store = altto_store::Store::connect(&altto_store::ConnectOptions::new(url)).await.unwrap();
    assert_eq!(store.course_count().await.unwrap(), 0);
}

#[tokio::test]
async fn reflection_notes_are_private_kept_and_exported_with_the_members_data() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let id = app.create_member("learner@example.org", "Learner").await;
    let mut learner = app.agent_for(id).await;
    let path = "/courses/alt-essentials/lessons/the-school-year";
    let saved = learner
        .post(&format!("{path}/reflection"), &[("note", "Prepare a sports-day cheer in English.")])
        .await;
    assert_eq!(saved.status, 303);
    assert!(learner.get(path).await.body.contains("Prepare a sports-day cheer in English."));
    assert!(learner.get("/learning").await.body.contains("Prepare a sports-day cheer in English."));
    let other = app.create_member("other@example.org", "Other").await;
    assert!(!app.agent_for(other).await.get(path).await.body.contains("sports-day cheer"));
    let data = learner.get("/account/data").await;
    assert!(data.body.contains("Prepare a sports-day cheer in English."));
}

/// The right answer to question `index` of lesson `lesson` as the API takes it.
pub(crate) fn right_json_answer(lesson: i64, index: usize, question: &Question) -> serde_json::Value {
    match question {
        Question::Single { choices, .. } | Question::Multiple { choices, .. } => {
            serde_json::json!(
                choices.iter().enumerate().filter(|(_, c)| c.correct).map(|(i, _)| i).collect::<Vec<_>>()
            )
        }
        Question::TrueFalse { answer, .. } => serde_json::json!(answer),
        Question::Short { answers, .. } => serde_json::json!(answers[0]),
        Question::Ordering { .. } => serde_json::json!({ "positions": right_parts(lesson, index, question) }),
        Question::Matching { .. } => serde_json::json!({ "matches": right_parts(lesson, index, question) }),
        Question::Cloze { text, .. } => {
            let blanks: Vec<String> =
                cloze::blanks(text).unwrap().into_iter().map(|a| a[0].clone()).collect();
            serde_json::json!({ "blanks": blanks })
        }
    }
}

#[tokio::test]
async fn the_api_lists_courses_serves_lessons_without_answers_and_records_progress_with_a_token() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let id = app.create_member("learner@example.org", "Learner").await;
    let token = "altto_test-token-for-the-api-0123456789";
    app.store()
        .create_api_token(id, "test", &altto::random::hash(token), "altto_test", "read write", None)
        .await
        .unwrap();
    let bearer = format!("Bearer {token}");
    let auth = [("authorization", bearer.as_str())];

    let courses: serde_json::Value = serde_json::from_str(&app.get("/api/v1/courses").await.body).unwrap();
    assert_eq!(courses[0]["slug"], "alt-essentials");
    let course: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/courses/alt-essentials").await.body).unwrap();
    let lesson_id = course["modules"][0]["lessons"][0]["id"].as_i64().unwrap();
    let lesson = app.get(&format!("/api/v1/lessons/{lesson_id}")).await;
    let json: serde_json::Value = serde_json::from_str(&lesson.body).unwrap();
    assert!(json["body_html"].as_str().unwrap().contains("<h2>"));
    assert!(!lesson.body.contains("\"correct\"") && !lesson.body.contains("feedback"), "no answers leak");
    assert_eq!(app.get("/api/v1/lessons/999999").await.status, 404);

    // Completing a lesson before passing its quiz changes nothing, and says why.
    let too_soon = axum::http::Request::post(format!("/api/v1/lessons/{lesson_id}/complete"))
        .header("authorization", &bearer)
        .body(axum::body::Body::empty())
        .unwrap();
    let refused = app.request(too_soon).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert_eq!(refused.header("content-type"), "application/problem+json");
    assert!(refused.body.contains("complete once its quiz is passed"), "{}", refused.body);
    assert!(
        app.store().all_progress(id).await.unwrap().iter().all(|p| p.completed_at.is_none()),
        "nothing was marked complete"
    );

    let starter = app.starter().await;
    let first = starter.content.lesson_by_id(lesson_id).unwrap();
    let answers: Vec<serde_json::Value> = first
        .quiz
        .as_ref()
        .unwrap()
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| right_json_answer(lesson_id, i, q))
        .collect();
    let request = axum::http::Request::post(format!("/api/v1/quizzes/{lesson_id}/attempts"))
        .header("authorization", &bearer)
        .header("content-type", "application/json")
        .body(axum::body::Body::from(serde_json::json!({ "answers": answers }).to_string()))
        .unwrap();
    let attempt = app.request(request).await;
    assert_eq!(attempt.status, 200, "{}", attempt.body);
    let outcome: serde_json::Value = serde_json::from_str(&attempt.body).unwrap();
    assert_eq!((outcome["score"].as_i64(), outcome["passed"].as_bool()), (Some(100), Some(true)));

    let wrong = axum::http::Request::post(format!("/api/v1/quizzes/{lesson_id}/attempts"))
        .header("authorization", &bearer)
        .header("content-type", "application/json")
        .body(axum::body::Body::from(r#"{"answers": [[42]]}"#))
        .unwrap();
    let refused = app.request(wrong).await;
    assert_eq!(refused.status, 422);
    assert_eq!(refused.header("content-type"), "application/problem+json");

    let complete = axum::http::Request::post(format!("/api/v1/lessons/{lesson_id}/complete"))
        .header("authorization", &bearer)
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(app.request(complete).await.status, 200);
    let progress = app.get_with("/api/v1/me/progress", &auth).await;
    let progress: serde_json::Value = serde_json::from_str(&progress.body).unwrap();
    assert_eq!(progress[0]["course"], "alt-essentials");
    assert_eq!(progress[0]["done"], 1);
    assert_eq!(progress[0]["lessons"][0]["state"], "done");
    assert_eq!(app.get("/api/v1/me/progress").await.status, 401);
}

#[tokio::test]
async fn the_anonymous_lesson_page_is_the_same_for_every_visitor_and_sets_no_cookie() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let path = "/courses/alt-essentials/lessons/the-school-year";
    let one = app.get(path).await;
    // The second is answered from the page cache, ahead of the router: same page, same headers.
    let two = app.get(path).await;
    assert_eq!(one.body, two.body);
    for header in ["content-type", "content-language", "vary", "content-security-policy", "x-frame-options"] {
        assert!(!two.header(header).is_empty(), "{header}");
        assert_eq!(one.header(header), two.header(header), "{header}");
    }
    assert!(one.header("set-cookie").is_empty() && two.header("set-cookie").is_empty());
    let japanese = app.get_with(path, &[("accept-language", "ja")]).await;
    assert_eq!(japanese.header("content-language"), "ja");
    assert_ne!(japanese.body, one.body, "each language has its own cached page");
    assert!(!one.body.contains(r#"name="_csrf""#), "no per-visitor token in the quiz form");
    // A visitor's attempt needs no token (nothing is stored); a member's does.
    let course = app.starter().await;
    let revision = course.revision_id.to_string();
    let answer = [("revision", revision.as_str()), ("q0", "0")];
    let visitor = app.agent().post_raw(&format!("{path}/quiz"), &answer).await;
    assert_eq!(visitor.status, 200);
    let id = app.create_member("learner@example.org", "Learner").await;
    let member = app.agent_for(id).await.post_raw(&format!("{path}/quiz"), &answer).await;
    assert_eq!(member.status, 403);
}

#[tokio::test]
async fn visitors_and_members_see_a_newly_published_revision_at_once() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let path = "/courses/alt-essentials/lessons/the-school-year";
    let added = "A sentence added by an editor.";
    let before = app.get_with(path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(before.header("content-encoding"), "gzip", "served compressed, once");
    assert!(!app.get(path).await.body.contains(added));
    // A member's page is stitched from the revision's shared skeleton.
    let member = app.create_member("learner@example.org", "Learner").await;
    let mut browser = app.agent_for(member).await.with_header("accept-encoding", "gzip");
    let stitched = browser.get(path).await;
    assert_eq!(stitched.header("content-encoding"), "gzip");
    assert!(!stitched.body.contains(added));
    let mut files = altto::courses::library::export(app.store(), "alt-essentials").await.unwrap();
    let key = files.keys().find(|k| k.ends_with("01-the-school-year.md")).unwrap().clone();
    let mut text = String::from_utf8(files[&key].clone()).unwrap();
    text.push_str(&format!("\n{added}\n"));
    files.insert(key, text.into_bytes());
    altto::courses::library::import(app.store(), &files, None, true, usize::MAX).await.unwrap();
    assert!(app.get(path).await.body.contains(added), "no stale page for visitors after publishing");
    assert!(browser.get(path).await.body.contains(added), "nor for members");
}

#[tokio::test]
async fn a_members_lesson_page_is_never_served_from_the_visitors_cache_or_to_another_member() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let path = "/courses/alt-essentials/lessons/the-school-year";
    app.get(path).await;
    let first = app.create_member("first@example.org", "First Learner").await;
    let second = app.create_member("second@example.org", "Second Learner").await;
    let mut first_browser = app.agent_for(first).await;
    let mut second_browser = app.agent_for(second).await;
    first_browser.post(&format!("{path}/complete"), &[]).await;
    first_browser.post(&format!("{path}/reflection"), &[("note", "First's private note")]).await;
    let mine = first_browser.get(path).await;
    assert!(mine.body.contains("First&#39;s private note") || mine.body.contains("First's private note"));
    assert!(mine.header("cache-control").contains("no-store"));
    let theirs = second_browser.get(path).await;
    assert!(
        !theirs.body.contains("First&#39;s private note") && !theirs.body.contains("First's private note")
    );
    assert!(theirs.body.contains("Mark this lesson complete"));
    assert!(theirs.body.contains("Second Learner") && !theirs.body.contains("First Learner"));
    let visitor = app.get(path).await;
    assert!(!visitor.body.contains("Learner") && visitor.body.contains("To keep it and earn a certificate"));
}

/// One member's lesson page twice in a row: stitched (gzip) and rendered whole (no gzip).
async fn stitched_and_whole(browser: &mut crate::helpers::Agent<'_>, path: &str) -> (String, String) {
    browser.get(path).await; // the first visit changes the page (it records the visit)
    let stitched = browser.get(path).await;
    assert_eq!(stitched.status, 200);
    assert_eq!(stitched.header("content-encoding"), "gzip", "{path}");
    assert!(stitched.header("cache-control").contains("no-store"));
    assert!(stitched.headers.get_all("vary").iter().any(|v| v.to_str().unwrap().contains("Accept-Encoding")));
    let whole = browser.get_without_gzip(path).await;
    assert_eq!(whole.header("content-encoding"), "");
    (stitched.body, whole.body)
}

#[tokio::test]
async fn a_members_stitched_lesson_page_is_byte_for_byte_the_page_rendered_whole() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let lessons: Vec<String> = course.content.lessons().map(|(_, l)| l.slug.clone()).collect();
    let path = |slug: &str| format!("/courses/alt-essentials/lessons/{slug}");
    // A member with a note that needs escaping, in English and in Japanese.
    let plain = app.create_member("plain@example.org", "Plain <b>&</b> \"Learner\"").await;
    let mut browser = app.agent_for(plain).await.with_header("accept-encoding", "gzip");
    browser
        .post(
            &format!("{}/reflection", path(&lessons[1])),
            &[("note", "<script>alert('x')</script> & \"so\"")],
        )
        .await;
    for slug in [&lessons[0], &lessons[1]] {
        let (stitched, whole) = stitched_and_whole(&mut browser, &path(slug)).await;
        assert_eq!(stitched, whole, "{slug}");
        assert!(
            stitched.contains("Plain &#60;b&#62;") || stitched.contains("Plain &lt;b&gt;"),
            "the name, escaped"
        );
    }
    let (stitched, whole) = stitched_and_whole(&mut browser, &path(&lessons[1])).await;
    assert!(!stitched.contains("<script>alert") && stitched.contains("alert("), "the note, escaped");
    assert_eq!(stitched, whole);
    let mut japanese = app
        .agent_for(plain)
        .await
        .with_header("accept-encoding", "gzip")
        .with_header("accept-language", "ja");
    let (stitched, whole) = stitched_and_whole(&mut japanese, &path(&lessons[1])).await;
    assert_eq!(stitched, whole);
    assert!(stitched.starts_with("<!doctype html>\n<html lang=\"ja\">"));
    // An editor and admin who has finished the course and holds its certificate.
    let grants = altto_store::Grants { role: altto_store::Role::Editor, is_moderator: true, is_admin: true };
    let editor = app.create_user("editor@example.org", "Editor", grants).await;
    let mut editor_browser = app.agent_for(editor).await;
    complete_starter_course(&app, &mut editor_browser).await;
    let mut editor_browser = editor_browser.with_header("accept-encoding", "gzip");
    let (stitched, whole) = stitched_and_whole(&mut editor_browser, &path(&lessons[0])).await;
    assert_eq!(stitched, whole);
    assert!(stitched.contains("/certificates/") && stitched.contains("/admin/users"), "their own parts");
    assert!(!stitched.contains("Plain"), "nothing of another member");
}

#[tokio::test]
async fn quiz_attempts_sent_at_once_are_all_kept_and_a_bad_one_spoils_none_of_the_others() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let (_, lesson) = course.content.lessons().next().unwrap();
    let mut members = Vec::new();
    for n in 0..12 {
        members.push(app.create_member(&format!("learner{n}@example.org"), &format!("Learner {n}")).await);
    }
    let store = app.store().clone();
    let (course_id, revision_id) = (course.course_id, course.revision_id);
    // Sent together, before any is answered: on SQLite they share group commits.
    let mut attempts = tokio::task::JoinSet::new();
    for (n, member) in members.iter().copied().enumerate() {
        let store = store.clone();
        let lesson_id = if n == 5 { i64::MAX } else { lesson.id };
        let attempt = altto_store::QuizAttempt {
            user: member,
            lesson_id,
            course_id,
            revision_id,
            score: 80,
            passed: true,
            answers: "[]".to_owned(),
        };
        attempts.spawn(async move { (n, store.record_attempt(attempt).await) });
    }
    while let Some(Ok((n, outcome))) = attempts.join_next().await {
        assert_eq!(outcome.is_ok(), n != 5, "attempt {n}: {outcome:?}");
    }
    for (n, member) in members.iter().enumerate() {
        let progress = store.course_progress(*member, course_id).await.unwrap();
        let row = progress.iter().find(|p| p.lesson_id == lesson.id);
        if n == 5 {
            assert!(row.is_none(), "the refused attempt left nothing behind");
        } else {
            assert_eq!(row.map(|r| (r.attempts, r.best_score)), Some((1, Some(80))), "member {n}");
            assert!(row.is_some_and(|r| r.completed_at.is_some()), "passing completed the lesson");
        }
    }
}

#[tokio::test]
async fn two_nodes_starting_at_once_on_an_empty_database_both_start_and_the_starter_course_is_loaded_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let node = || async {
        let store =
            altto_store::Store::connect(&altto_store::ConnectOptions::new(url.clone())).await.unwrap();
        store.migrate().await.unwrap();
        store
    };
    let (a, b) = (node().await, node().await);
    let (loaded_a, loaded_b) = tokio::join!(
        altto::courses::library::load_starter_course(&a),
        altto::courses::library::load_starter_course(&b)
    );
    assert!(loaded_a.is_ok() && loaded_b.is_ok(), "{loaded_a:?} {loaded_b:?}");
    assert_eq!(a.course_count().await.unwrap(), 1);
    let course = a.course_by_slug("alt-essentials").await.unwrap().unwrap();
    assert_eq!(
        a.revision_history(altto_store::DocumentRef::course(course.id)).await.unwrap().len(),
        1,
        "one revision, not two"
    );
    assert!(course.published_revision_id.is_some());
}

#[tokio::test]
async fn the_catalog_shows_the_declared_hours_beside_the_lessons_own_time() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let course = app.starter().await;
    let minutes: u32 = course.content.lessons().map(|(_, lesson)| lesson.minutes).sum();
    let total = format!("{} h {} min", minutes / 60, minutes % 60);
    let catalog = app.get("/courses").await;
    assert!(catalog.body.contains("Professional development") && catalog.body.contains("6 hours"));
    assert!(
        catalog.body.contains("Lesson time") && catalog.body.contains(&total),
        "{total}: {}",
        catalog.body
    );
    let japanese = app.get_with("/courses/alt-essentials", &[("accept-language", "ja")]).await;
    assert!(japanese.body.contains(&format!("{}時間{}分", minutes / 60, minutes % 60)));
}
