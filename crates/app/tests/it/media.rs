//! Course media: packages with video, captions, transcripts and downloads; uploads;
//! range requests.

use altto::courses::{library, package};
use axum::{body::Body, http::Request};

use crate::helpers::{TestApp, csrf_in};

const MP4: &[u8] = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom0123456789abcdef";
const VTT: &str = "WEBVTT\n\n00:00.000 --> 00:02.000\nGood morning, everyone!\n";
const PDF: &[u8] = b"%PDF-1.4\n% a tiny test file\n";

fn package_with_media() -> package::Files {
    let mut files = package::Files::new();
    let put = |files: &mut package::Files, path: &str, bytes: &[u8]| {
        files.insert(path.to_owned(), bytes.to_vec());
    };
    put(&mut files, "course.toml", b"slug = \"greetings\"\ntitle = \"Greetings\"\nsummary = \"S\"\nlevel = \"foundation\"\nhours = 1\nlicence = \"CC-BY-4.0\"\nauthors = [\"A\"]\n");
    put(&mut files, "01-m/module.toml", b"title = \"M\"\n");
    put(
        &mut files,
        "01-m/01-hello.md",
        b"+++\ntitle = \"Hello\"\nsummary = \"S\"\nminutes = 5\n\n[video]\nfile = \"media/hello.mp4\"\ncaptions = \"media/hello.vtt\"\ntranscript = \"media/hello.txt\"\n\n[[resources]]\ntitle = \"Lesson plan\"\nfile = \"media/plan.pdf\"\n+++\n\nWatch the video.\n",
    );
    put(&mut files, "media/hello.mp4", MP4);
    put(&mut files, "media/hello.vtt", VTT.as_bytes());
    put(&mut files, "media/hello.txt", b"ALT: Good morning, everyone!");
    put(&mut files, "media/plan.pdf", PDF);
    files
}

#[tokio::test]
async fn a_lesson_with_an_uploaded_video_shows_it_with_captions_a_transcript_and_downloads() {
    let app = TestApp::spawn().await;
    library::import(app.store(), &package_with_media(), None, true, usize::MAX).await.unwrap();
    let page = app.get("/courses/greetings/lessons/hello").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"<video controls preload="metadata" src="/media/greetings/hello.mp4">"#));
    assert!(page.body.contains(r#"<track kind="captions" src="/media/greetings/hello.vtt" srclang="en""#));
    assert!(page.body.contains("ALT: Good morning, everyone!"), "the transcript is on the page");
    assert!(page.body.contains(r#"href="/media/greetings/plan.pdf" download"#));

    let captions = app.get("/media/greetings/hello.vtt").await;
    assert_eq!(captions.header("content-type"), "text/vtt; charset=utf-8");
    assert!(captions.body.starts_with("WEBVTT"));

    let whole = app.get("/media/greetings/hello.mp4").await;
    assert_eq!((whole.status.as_u16(), whole.header("accept-ranges")), (200, "bytes"));
    let part = app.get_with("/media/greetings/hello.mp4", &[("range", "bytes=4-7")]).await;
    assert_eq!(part.status, 206);
    assert_eq!(part.header("content-range"), format!("bytes 4-7/{}", MP4.len()));
    assert_eq!(part.body, "ftyp");
    let beyond = app.get_with("/media/greetings/hello.mp4", &[("range", "bytes=9999-")]).await;
    assert_eq!(beyond.status, 416);
    assert_eq!(app.get("/media/greetings/nothing.mp4").await.status, 404);

    // Exporting brings the media files back out.
    let exported = library::export(app.store(), "greetings").await.unwrap();
    assert_eq!(exported.get("media/hello.vtt").map(Vec::as_slice), Some(VTT.as_bytes()));
}

#[tokio::test]
async fn a_package_with_a_bad_media_file_is_refused_with_the_file_named() {
    let app = TestApp::spawn().await;
    let mut files = package_with_media();
    files.insert("media/hello.vtt".into(), b"not captions at all".to_vec());
    files.insert("media/virus.exe".into(), b"MZ".to_vec());
    let Err(library::ImportError::Invalid(problems)) =
        library::import(app.store(), &files, None, true, usize::MAX).await
    else {
        panic!("the package must be refused")
    };
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(text.iter().any(|p| p.starts_with("media/hello.vtt") && p.contains("WEBVTT")), "{text:?}");
    assert!(text.iter().any(|p| p.starts_with("media/virus.exe")), "{text:?}");
    assert_eq!(app.store().course_count().await.unwrap(), 0);
}

fn multipart(name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "altto-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn an_author_uploads_a_checked_file_and_a_disguised_one_is_refused() {
    use altto_store::{Grants, Role};
    let app = TestApp::spawn().await;
    library::import(app.store(), &package_with_media(), None, false, usize::MAX).await.unwrap();
    let editor = app
        .create_user(
            "emi@example.org",
            "Emi",
            Grants { role: Role::Editor, is_moderator: false, is_admin: false },
        )
        .await;
    let mut browser = app.agent_for(editor).await;
    let page = browser.get("/author/courses/greetings/media").await;
    let token = {
        let marker = "media?_csrf=";
        let start = page.body.find(marker).unwrap() + marker.len();
        page.body[start..start + page.body[start..].find('"').unwrap()].to_owned()
    };
    assert!(csrf_in(&page.body).is_none() || !token.is_empty());
    let cookie: String =
        browser.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let send = |query: String, name: &str, bytes: &[u8]| {
        let (content_type, body) = multipart(name, bytes);
        Request::post(format!("/author/courses/greetings/media{query}"))
            .header("content-type", content_type)
            .header("cookie", cookie.clone())
            .body(Body::from(body))
            .unwrap()
    };
    let png = b"\x89PNG\r\n\x1a\n0000IHDR-a-tiny-test-image";
    let uploaded = app.request(send(format!("?_csrf={token}"), "Board Photo.PNG", png)).await;
    assert_eq!(uploaded.status, 303, "{}", uploaded.body);
    let list = browser.get("/author/courses/greetings/media").await;
    assert!(list.body.contains("media/board-photo.png"));
    assert_eq!(app.get("/media/greetings/board-photo.png").await.header("content-type"), "image/png");

    let disguised =
        app.request(send(format!("?_csrf={token}"), "photo.png", b"<script>alert(1)</script>")).await;
    assert_eq!(disguised.status, 422);
    assert!(disguised.body.contains("does not match its name"));
    let no_token = app.request(send(String::new(), "other.png", png)).await;
    assert_eq!(no_token.status, 403);
    assert_eq!(app.get("/media/greetings/other.png").await.status, 404);
}
