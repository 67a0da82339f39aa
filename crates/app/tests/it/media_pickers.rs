//! The lesson editor's media: the video, captions (English and Japanese) and transcript
//! chosen from the course's files, downloads, uploading from the editor; and what
//! learners see of them.

use altto::courses::{content::CourseContent, library, package};
use altto_store::{DocumentKind, Grants, Role};
use axum::{body::Body, http::Request};

use crate::{
    helpers::{Agent, TestApp, TestResponse},
    media::{MP4, PDF, VTT, package_with_media},
};

const VTT_JA: &str = "WEBVTT\n\n00:00.000 --> 00:02.000\nみなさん、おはようございます！\n";

/// The greetings course with Japanese captions and a 240 KB lesson plan besides.
fn package() -> package::Files {
    let mut files = package_with_media();
    files.insert("media/hello-ja.vtt".into(), VTT_JA.as_bytes().to_vec());
    let mut plan = PDF.to_vec();
    plan.resize(240 * 1024, b' ');
    files.insert("media/plan.pdf".into(), plan);
    files
}

/// The greetings course as a draft, and an editor's browser.
async fn editor(app: &TestApp) -> Agent<'_> {
    library::import(app.store(), &package(), None, false, usize::MAX).await.unwrap();
    let grants = Grants { role: Role::Editor, is_moderator: false, is_admin: false };
    let id = app.create_user("emi@example.org", "Emi", grants).await;
    app.agent_for(id).await
}

/// The newest revision of the greetings course: its id and content.
async fn latest(app: &TestApp) -> (i64, CourseContent) {
    let course = app.store().course_by_slug("greetings").await.unwrap().unwrap();
    let id = course.latest_revision_id.unwrap();
    let json = app.store().revision(DocumentKind::Course, id).await.unwrap().content;
    (id, serde_json::from_str(&json).unwrap())
}

/// The lesson editor's fields as saved, with `changes` on top.
async fn fields(app: &TestApp, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let base = latest(app).await.0.to_string();
    let mut all: Vec<(String, String)> = [
        ("base", base.as_str()),
        ("title", "Hello"),
        ("summary", "S"),
        ("minutes", "5"),
        ("body", "Watch the video."),
        ("video_file", "media/hello.mp4"),
        ("captions", "media/hello.vtt"),
        ("transcript", "media/hello.txt"),
        ("resource-0-title", "Lesson plan"),
        ("resource-0-title_ja", ""),
        ("resource-0-file", "media/plan.pdf"),
        ("resource-1-title", ""),
        ("resource-1-title_ja", ""),
        ("resource-1-file", ""),
        ("action", "save"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for (name, value) in changes {
        all.retain(|(k, _)| k != name);
        all.push(((*name).to_owned(), (*value).to_owned()));
    }
    all
}

async fn save(browser: &mut Agent<'_>, fields: &[(String, String)]) -> TestResponse {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    browser.post("/author/courses/greetings/lessons/hello", &borrowed).await
}

const EDITOR: &str = "/author/courses/greetings/lessons/hello";

#[tokio::test]
async fn an_author_picks_the_video_its_captions_in_two_languages_and_the_transcript_from_the_course_files() {
    let app = TestApp::spawn().await;
    let mut browser = editor(&app).await;
    let page = browser.get(EDITOR).await;
    assert_eq!(page.status, 200);
    for list in ["video_file", "captions", "captions_ja", "transcript"] {
        assert!(page.body.contains(&format!(r#"<select id="{list}" name="{list}""#)), "{list}");
    }
    assert!(page.body.contains(r#"<option value="media/hello.mp4" selected>hello.mp4 ("#), "name and size");
    assert!(page.body.contains(r#"<option value="media/plan.pdf" selected>plan.pdf (240 KB)</option>"#));
    // Each list offers only files of a fitting kind.
    let captions = &page.body[page.body.find(r#"<select id="captions""#).unwrap()..];
    let captions = &captions[..captions.find("</select>").unwrap()];
    assert!(captions.contains("media/hello-ja.vtt") && !captions.contains("media/hello.mp4"));
    assert!(!page.body.contains(r#"name="video_file" type="text""#), "no path to type");

    let saved = save(&mut browser, &fields(&app, &[("captions_ja", "media/hello-ja.vtt")]).await).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let video = latest(&app).await.1.lesson("hello").unwrap().video.clone().unwrap();
    assert_eq!(video.file.as_deref(), Some("media/hello.mp4"));
    assert_eq!(video.captions.as_deref(), Some("media/hello.vtt"));
    assert_eq!(video.captions_ja.as_deref(), Some("media/hello-ja.vtt"));
    assert_eq!(video.transcript.as_deref(), Some("media/hello.txt"));
    let again = browser.get(EDITOR).await;
    assert!(again.body.contains(r#"<option value="media/hello-ja.vtt" selected>"#));

    // "None" takes a file off the lesson.
    let none = save(&mut browser, &fields(&app, &[("captions_ja", ""), ("transcript", "")]).await).await;
    assert_eq!(none.status, 303);
    let video = latest(&app).await.1.lesson("hello").unwrap().video.clone().unwrap();
    assert_eq!((video.captions_ja, video.transcript), (None, None));
}

#[tokio::test]
async fn a_file_named_that_is_not_in_the_course_or_of_the_wrong_kind_is_refused_in_the_authors_language() {
    let app = TestApp::spawn().await;
    let mut browser = editor(&app).await;
    let before = latest(&app).await;
    let wrong = save(&mut browser, &fields(&app, &[("captions", "media/hello.txt")]).await).await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("Captions must be a WebVTT (.vtt) file."), "{}", wrong.body);
    let unknown = save(&mut browser, &fields(&app, &[("video_file", "media/nothing.mp4")]).await).await;
    assert_eq!(unknown.status, 422);
    assert!(unknown.body.contains("That file is not among this course&#39;s files"), "{}", unknown.body);
    let download = save(
        &mut browser,
        &fields(&app, &[("resource-1-title", "Extra"), ("resource-1-file", "../x")]).await,
    )
    .await;
    assert_eq!(download.status, 422);
    let no_video =
        save(&mut browser, &fields(&app, &[("video_file", ""), ("captions", "media/hello.vtt")]).await).await;
    assert_eq!(no_video.status, 422);
    assert!(no_video.body.contains("Captions and a transcript go with a video"));
    let mut japanese = browser.with_header("accept-language", "ja");
    let wrong = save(&mut japanese, &fields(&app, &[("transcript", "media/hello.mp4")]).await).await;
    assert_eq!(wrong.status, 422);
    assert!(
        wrong
            .body
            .contains("文字起こしにはテキスト（.txt）・Markdown（.md）・PDF ファイルを選んでください。")
    );
    assert_eq!(latest(&app).await, before, "nothing was saved");
}

#[tokio::test]
async fn a_file_an_old_revision_names_but_the_course_no_longer_has_shows_as_missing() {
    let app = TestApp::spawn().await;
    let mut browser = editor(&app).await;
    let (base, mut content) = latest(&app).await;
    let lesson = content.modules[0].lessons.iter_mut().find(|l| l.slug == "hello").unwrap();
    lesson.video.as_mut().unwrap().captions = Some("media/gone.vtt".into());
    lesson.resources[0].file = "media/old-plan.pdf".into();
    let json = serde_json::to_string(&content).unwrap();
    let course = app.store().course_by_slug("greetings").await.unwrap().unwrap();
    let doc = altto_store::DocumentRef::course(course.id);
    app.store().add_revision(doc, Some(base), &json, None, "old").await.unwrap();

    let page = browser.get(EDITOR).await;
    assert!(
        page.body
            .contains(r#"<option value="media/gone.vtt" selected>media/gone.vtt (missing file)</option>"#)
    );
    assert!(page.body.contains("The file media/gone.vtt chosen before is no longer among this course"));
    assert!(
        page.body
            .contains(r#"<option value="media/old-plan.pdf" selected>media/old-plan.pdf (missing file)"#)
    );
}

#[tokio::test]
async fn an_author_adds_renames_and_removes_downloads_with_titles_in_both_languages() {
    let app = TestApp::spawn().await;
    let mut browser = editor(&app).await;
    let added = fields(
        &app,
        &[
            ("resource-0-title", "Plan for the lesson"),
            ("resource-0-title_ja", "指導案"),
            ("resource-1-title", "Script"),
            ("resource-1-file", "media/hello.txt"),
        ],
    )
    .await;
    assert_eq!(save(&mut browser, &added).await.status, 303);
    let resources = latest(&app).await.1.lesson("hello").unwrap().resources.clone();
    let shown: Vec<(&str, Option<&str>, &str)> =
        resources.iter().map(|r| (r.title.as_str(), r.title_ja.as_deref(), r.file.as_str())).collect();
    assert_eq!(
        shown,
        [("Plan for the lesson", Some("指導案"), "media/plan.pdf"), ("Script", None, "media/hello.txt")]
    );
    let untitled = save(&mut browser, &fields(&app, &[("resource-1-file", "media/hello.txt")]).await).await;
    assert_eq!(untitled.status, 422);
    assert!(untitled.body.contains("Give each download a title."));

    let mut removed = fields(&app, &[("resource-0-remove", "1")]).await;
    removed.extend(
        [("resource-1-title", "Script"), ("resource-1-title_ja", ""), ("resource-1-file", "media/hello.txt")]
            .map(|(k, v)| (k.to_owned(), v.to_owned())),
    );
    removed.retain(|(k, v)| !(k.starts_with("resource-1-") && v.is_empty()));
    assert_eq!(save(&mut browser, &removed).await.status, 303);
    let resources = latest(&app).await.1.lesson("hello").unwrap().resources.clone();
    assert_eq!(resources.iter().map(|r| r.title.as_str()).collect::<Vec<_>>(), ["Script"]);
}

/// The editor's whole form as a multipart body, with `file` in `upload_file`.
fn multipart(fields: &[(String, String)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "altto-editor-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    let (name, bytes) = file.unwrap_or(("", b""));
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"upload_file\"; filename=\"{name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Sends the editor's form with a file through an upload button, as a browser does
/// (the form's token in the address, as for every upload form).
async fn upload(
    app: &TestApp,
    browser: &mut Agent<'_>,
    fields: &[(String, String)],
    file: Option<(&str, &[u8])>,
) -> TestResponse {
    let page = browser.get(EDITOR).await;
    let start =
        page.body.find("/lessons/hello/upload?_csrf=").unwrap() + "/lessons/hello/upload?_csrf=".len();
    let token = &page.body[start..start + page.body[start..].find('"').unwrap()];
    let (content_type, body) = multipart(fields, file);
    let cookie = browser.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let request = Request::post(format!("{EDITOR}/upload?_csrf={token}"))
        .header("content-type", content_type)
        .header("cookie", cookie)
        .body(Body::from(body))
        .unwrap();
    app.request(request).await
}

#[tokio::test]
async fn an_upload_from_the_lesson_editor_keeps_what_was_typed_and_chooses_the_new_file() {
    let app = TestApp::spawn().await;
    let mut browser = editor(&app).await;
    let page = browser.get(EDITOR).await;
    assert!(page.body.contains(r#"formenctype="multipart/form-data""#), "works without JavaScript");
    let (before, _) = latest(&app).await;
    let typed = fields(&app, &[("title", "Typed, not saved yet"), ("upload_for", "captions_ja")]).await;
    let captions = format!("{VTT_JA}\n00:02.000 --> 00:04.000\n始めましょう。\n");
    let shown = upload(&app, &mut browser, &typed, Some(("Greetings JA.vtt", captions.as_bytes()))).await;
    assert_eq!(shown.status, 200, "{}", shown.body);
    assert!(shown.body.contains(r#"value="Typed, not saved yet""#), "what was typed is kept");
    assert!(
        shown.body.contains("Your file “Greetings JA.vtt” was added to this course&#39;s files as media/greetings-ja.vtt and chosen."),
        "{}",
        shown.body
    );
    assert!(shown.body.contains(r#"<option value="media/greetings-ja.vtt" selected>"#));
    let (after, content) = latest(&app).await;
    assert_ne!(after, before, "the file was stored in a new revision");
    assert_eq!(content.lesson("hello").unwrap().title, "Hello", "the typing is not saved yet");
    assert!(shown.body.contains(&format!(r#"name="base" value="{after}""#)), "the editor now builds on it");

    // Saving the page as it came back keeps both.
    let start = shown.body.find(r#"<select id="captions_ja""#).unwrap();
    let list = &shown.body[start..start + shown.body[start..].find("</select>").unwrap()];
    let chosen_start = list.find("\" selected>").unwrap();
    let chosen = &list[list[..chosen_start].rfind("value=\"").unwrap() + 7..chosen_start];
    let mut again = fields(&app, &[("title", "Typed, not saved yet"), ("captions_ja", chosen)]).await;
    again.retain(|(k, _)| k != "upload_for");
    assert_eq!(save(&mut browser, &again).await.status, 303);
    let lesson = latest(&app).await.1.lesson("hello").unwrap().clone();
    assert_eq!(lesson.title, "Typed, not saved yet");
    assert_eq!(lesson.video.unwrap().captions_ja.as_deref(), Some(chosen));
}

#[tokio::test]
async fn a_new_download_uploaded_from_the_editor_is_added_with_its_name_as_title() {
    let app = TestApp::spawn().await;
    let mut browser = editor(&app).await;
    let typed = fields(&app, &[("upload_for", "resource")]).await;
    let shown = upload(&app, &mut browser, &typed, Some(("Worksheet.pdf", PDF))).await;
    assert_eq!(shown.status, 200, "{}", shown.body);
    assert!(
        shown.body.contains(r#"name="resource-1-title" type="text" value="Worksheet""#),
        "{}",
        shown.body
    );
    assert!(shown.body.contains(r#"<option value="media/worksheet.pdf" selected>"#));
}

#[tokio::test]
async fn an_upload_of_the_wrong_kind_or_without_a_file_changes_nothing_and_keeps_the_typing() {
    let app = TestApp::spawn().await;
    let mut browser = editor(&app).await;
    let before = latest(&app).await;
    let typed = fields(&app, &[("title", "Still here"), ("upload_for", "captions")]).await;
    let wrong = upload(&app, &mut browser, &typed, Some(("notes.txt", b"just text"))).await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("Captions must be a WebVTT (.vtt) file."));
    assert!(wrong.body.contains(r#"value="Still here""#));
    let nothing = upload(&app, &mut browser, &typed, None).await;
    assert_eq!(nothing.status, 422);
    assert!(nothing.body.contains("Choose a file to upload."));
    let disguised = upload(&app, &mut browser, &typed, Some(("fake.vtt", MP4))).await;
    assert_eq!(disguised.status, 422);
    assert_eq!(latest(&app).await, before, "nothing was stored");
}

#[tokio::test]
async fn captions_in_english_and_japanese_are_two_tracks_and_the_readers_language_is_the_default() {
    let app = TestApp::spawn().await;
    let mut files = package();
    let lesson = String::from_utf8(files["01-m/01-hello.md"].clone()).unwrap();
    let lesson = lesson.replace(
        "captions = \"media/hello.vtt\"\n",
        "captions = \"media/hello.vtt\"\ncaptions_ja = \"media/hello-ja.vtt\"\n",
    );
    files.insert("01-m/01-hello.md".into(), lesson.into_bytes());
    library::import(app.store(), &files, None, true, usize::MAX).await.unwrap();
    let version = |bytes: &[u8]| altto_store::sha256_hex(bytes)[..16].to_owned();
    let en = format!("/media/greetings/hello.vtt?v={}", version(VTT.as_bytes()));
    let ja = format!("/media/greetings/hello-ja.vtt?v={}", version(VTT_JA.as_bytes()));

    let english = app.get("/courses/greetings/lessons/hello").await;
    assert!(
        english
            .body
            .contains(&format!(r#"<track kind="captions" src="{en}" srclang="en" label="English" default>"#))
    );
    assert!(
        english.body.contains(&format!(r#"<track kind="captions" src="{ja}" srclang="ja" label="日本語">"#))
    );
    let japanese = app.get_with("/courses/greetings/lessons/hello", &[("accept-language", "ja")]).await;
    assert!(japanese.body.contains(r#"srclang="en" label="English">"#));
    assert!(
        japanese
            .body
            .contains(&format!(r#"<track kind="captions" src="{ja}" srclang="ja" label="日本語" default>"#))
    );

    // The package says so when exported.
    let exported = library::export(app.store(), "greetings").await.unwrap();
    let text = String::from_utf8(exported["01-m/01-hello.md"].clone()).unwrap();
    assert!(text.contains("captions_ja = \"media/hello-ja.vtt\""), "{text}");
}

#[tokio::test]
async fn downloads_are_listed_with_their_kind_and_size_in_the_readers_language() {
    let app = TestApp::spawn().await;
    let mut files = package();
    let lesson = String::from_utf8(files["01-m/01-hello.md"].clone()).unwrap();
    let lesson = lesson
        .replace("title = \"Lesson plan\"\n", "title = \"Lesson plan\"\ntitle_ja = \"指導案\"\n")
        .replace("transcript = \"media/hello.txt\"", "transcript = \"media/plan.pdf\"");
    files.insert("01-m/01-hello.md".into(), lesson.into_bytes());
    library::import(app.store(), &files, None, true, usize::MAX).await.unwrap();
    let english = app.get("/courses/greetings/lessons/hello").await;
    assert!(
        english.body.contains(">Lesson plan</a> <span class=\"file-about\">(PDF, 240 KB)</span>"),
        "{}",
        english.body
    );
    assert!(english.body.contains("Transcript (PDF, 240 KB)"), "a PDF transcript is a download");
    let japanese = app.get_with("/courses/greetings/lessons/hello", &[("accept-language", "ja")]).await;
    assert!(japanese.body.contains(">指導案</a> <span class=\"file-about\">(PDF、240 KB)</span>"));
}
