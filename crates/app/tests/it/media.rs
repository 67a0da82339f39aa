//! Course media: packages with video, captions, transcripts and downloads; uploads;
//! range requests.

use altto::courses::{library, package};
use axum::{body::Body, http::Request};

use crate::helpers::TestApp;

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

/// An upload form's body: the file, and the path its "Replace" button names, if any.
fn multipart(replace: Option<&str>, name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "altto-test-boundary";
    let mut body = String::new();
    if let Some(path) = replace {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"replace\"\r\n\r\n{path}\r\n"
        ));
    }
    let mut body = format!(
        "{body}--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// An editor of the greetings course (imported as a draft), signed in, and the upload
/// requests their browser would send from its Files page.
pub(crate) struct Uploads<'a> {
    pub(crate) browser: crate::helpers::Agent<'a>,
    cookie: String,
    token: String,
}

impl<'a> Uploads<'a> {
    pub(crate) async fn for_an_editor(app: &'a TestApp) -> Self {
        use altto_store::{Grants, Role};
        library::import(app.store(), &package_with_media(), None, false, usize::MAX).await.unwrap();
        let grants = Grants { role: Role::Editor, is_moderator: false, is_admin: false };
        let editor = app.create_user("emi@example.org", "Emi", grants).await;
        let mut browser = app.agent_for(editor).await;
        // Upload forms carry their token in the action's query (the body is streamed).
        let page = browser.get("/author/courses/greetings/media").await;
        let marker = "media?_csrf=";
        let start = page.body.find(marker).unwrap() + marker.len();
        let token = page.body[start..start + page.body[start..].find('"').unwrap()].to_owned();
        let cookie = browser.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        Self { browser, cookie, token }
    }

    /// The upload of `name`, replacing `replace` if given.
    pub(crate) fn send(&self, replace: Option<&str>, name: &str, bytes: &[u8]) -> Request<Body> {
        self.request(&format!("?_csrf={}", self.token), replace, name, bytes)
    }

    fn send_without_token(&self, name: &str, bytes: &[u8]) -> Request<Body> {
        self.request("", None, name, bytes)
    }

    fn request(&self, query: &str, replace: Option<&str>, name: &str, bytes: &[u8]) -> Request<Body> {
        let (content_type, body) = multipart(replace, name, bytes);
        Request::post(format!("/author/courses/greetings/media{query}"))
            .header("content-type", content_type)
            .header("cookie", self.cookie.clone())
            .body(Body::from(body))
            .unwrap()
    }
}

#[tokio::test]
async fn an_author_uploads_a_checked_file_and_a_disguised_one_is_refused() {
    let app = TestApp::spawn().await;
    let mut uploads = Uploads::for_an_editor(&app).await;
    let png = b"\x89PNG\r\n\x1a\n0000IHDR-a-tiny-test-image";
    let uploaded = app.request(uploads.send(None, "Board Photo.PNG", png)).await;
    assert_eq!(uploaded.status, 303, "{}", uploaded.body);
    let list = uploads.browser.get(uploaded.location()).await;
    assert!(list.body.contains("media/board-photo.png"));
    assert!(
        list.body.contains("Your file “Board Photo.PNG” was stored as media/board-photo.png"),
        "the author is told the stored name"
    );
    assert_eq!(app.get("/media/greetings/board-photo.png").await.header("content-type"), "image/png");

    let disguised = app.request(uploads.send(None, "photo.png", b"<script>alert(1)</script>")).await;
    assert_eq!(disguised.status, 422);
    assert!(disguised.body.contains("does not match its name"));
    let no_token = app.request(uploads.send_without_token("other.png", png)).await;
    assert_eq!(no_token.status, 403);
    assert_eq!(app.get("/media/greetings/other.png").await.status, 404);
}

#[tokio::test]
async fn an_upload_named_like_a_path_or_hidden_file_is_refused_and_a_file_is_replaced_only_on_purpose() {
    let app = TestApp::spawn().await;
    let mut uploads = Uploads::for_an_editor(&app).await;
    let png = b"\x89PNG\r\n\x1a\n0000IHDR-first-image";
    let other_png = b"\x89PNG\r\n\x1a\n0000IHDR-second-image";
    let course = app.store().course_by_slug("greetings").await.unwrap().unwrap().id;
    let files_before = app.store().media_list(course).await.unwrap().len();
    for hostile in ["../../evil.png", ".hidden.png", "..\\..\\evil.png"] {
        let refused = app.request(uploads.send(None, hostile, png)).await;
        assert_eq!(refused.status, 422, "{hostile}");
        assert!(refused.body.contains("cannot be used as a file name"), "{hostile}: {}", refused.body);
    }
    assert_eq!(app.store().media_list(course).await.unwrap().len(), files_before, "nothing was stored");
    assert_eq!(app.get("/media/greetings/evil.png").await.status, 404);
    assert_eq!(app.get("/media/greetings/hidden.png").await.status, 404);

    assert_eq!(app.request(uploads.send(None, "board.png", png)).await.status, 303);
    // The same name again is refused: a new upload never silently replaces a file.
    let taken = app.request(uploads.send(None, "Board.PNG", other_png)).await;
    assert_eq!(taken.status, 422);
    assert!(
        taken.body.contains("would be stored as media/board.png, but a file with that name already exists")
    );
    assert_eq!(app.get("/media/greetings/board.png").await.raw.as_ref(), png, "unchanged");
    // Its Replace button replaces exactly that file, whatever the new file is called.
    let replaced = app.request(uploads.send(Some("media/board.png"), "IMG_0042.png", other_png)).await;
    assert_eq!(replaced.status, 303);
    let confirmed = uploads.browser.get(replaced.location()).await;
    assert!(confirmed.body.contains("media/board.png was replaced by your file “IMG_0042.png”"));
    assert_eq!(app.get("/media/greetings/board.png").await.raw.as_ref(), other_png);
    assert_eq!(app.get("/media/greetings/img_0042.png").await.status, 404);
    // A replacement must still be the same kind of file as the name it replaces.
    let mismatch = app.request(uploads.send(Some("media/board.png"), "notes.pdf", PDF)).await;
    assert_eq!(mismatch.status, 422);
    assert_eq!(app.get("/media/greetings/board.png").await.raw.as_ref(), other_png);
}

#[tokio::test]
async fn a_range_request_reads_only_the_chunks_it_covers_and_a_whole_file_is_streamed_intact() {
    let app = TestApp::spawn().await;
    let chunk = altto_store::CHUNK_BYTES as usize;
    // Two and a half chunks of bytes that differ everywhere.
    let mut video = MP4.to_vec();
    video.extend((0..chunk * 5 / 2).map(|i| (i % 251) as u8));
    let mut files = package_with_media();
    files.insert("media/hello.mp4".into(), video.clone());
    library::import(app.store(), &files, None, true, usize::MAX).await.unwrap();

    let whole = app.get("/media/greetings/hello.mp4").await;
    assert_eq!(whole.status, 200);
    assert_eq!(whole.header("content-length"), video.len().to_string());
    assert!(whole.raw.as_ref() == video.as_slice(), "the whole file arrives intact");
    let (start, end) = (chunk - 5, chunk + 5);
    let across =
        app.get_with("/media/greetings/hello.mp4", &[("range", &format!("bytes={start}-{end}"))]).await;
    assert_eq!(across.status, 206);
    assert_eq!(across.header("content-length"), "11");
    assert!(across.raw.as_ref() == &video[start..=end], "a range across two chunks");

    // With every chunk but the last gone, a range inside the last one is still served:
    // nothing else was read for it.
    let gone = app.sql("DELETE FROM blob_chunks WHERE seq < 2").await;
    assert!(gone >= 2);
    let (start, end) = (2 * chunk + 10, video.len() - 1);
    let tail = app.get_with("/media/greetings/hello.mp4", &[("range", &format!("bytes={start}-"))]).await;
    assert_eq!(tail.status, 206);
    assert_eq!(tail.header("content-range"), format!("bytes {start}-{end}/{}", video.len()));
    assert!(tail.raw.as_ref() == &video[start..=end]);
}

#[tokio::test]
async fn files_stored_whole_before_chunking_are_cut_into_chunks_by_the_migration_and_served_intact() {
    use sqlx::Connection as _;
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::fresh_database_url(dir.path()).await;
    let store = altto_store::Store::connect(&altto_store::ConnectOptions::new(url.clone())).await.unwrap();
    store.migrate_to(5).await.unwrap();
    let course = store.create_course("old").await.unwrap();
    let chunk = altto_store::CHUNK_BYTES as usize;
    let big: Vec<u8> = (0..chunk * 2 + 100).map(|i| (i % 253) as u8).collect();
    let insert = "INSERT INTO media (course_id, path, content_type, size, etag, bytes, created_at) \
                  VALUES ($1, $2, 'application/octet-stream', $3, '\"e\"', $4, 0)";
    for (path, bytes) in [
        ("media/big.bin", big.clone()),
        ("media/small.txt", b"hello".to_vec()),
        ("media/empty.txt", Vec::new()),
    ] {
        let size = bytes.len() as i64;
        if url.backend() == altto_store::Backend::Postgres {
            let mut conn = sqlx::PgConnection::connect(url.expose()).await.unwrap();
            sqlx::query(insert)
                .bind(course)
                .bind(path)
                .bind(size)
                .bind(bytes)
                .execute(&mut conn)
                .await
                .unwrap();
        } else {
            let mut conn = sqlx::SqliteConnection::connect(url.expose()).await.unwrap();
            sqlx::query(insert)
                .bind(course)
                .bind(path)
                .bind(size)
                .bind(bytes)
                .execute(&mut conn)
                .await
                .unwrap();
        }
    }
    store.migrate().await.unwrap();
    assert_eq!(store.media(course, "media/big.bin").await.unwrap().unwrap().1, big);
    assert_eq!(store.media(course, "media/small.txt").await.unwrap().unwrap().1, b"hello");
    assert!(store.media(course, "media/empty.txt").await.unwrap().unwrap().1.is_empty());
    let info = store.media_info(course, "media/big.bin").await.unwrap().unwrap();
    assert_eq!(store.media_chunk(info.blob_id, 2).await.unwrap().map(|c| c.len()), Some(100));
    // New files get blobs of their own after the migrated ones.
    store.put_media(course, "media/new.txt", "text/plain", "\"n\"", b"new").await.unwrap();
    assert_eq!(store.media(course, "media/new.txt").await.unwrap().unwrap().1, b"new");
    assert_eq!(store.media(course, "media/big.bin").await.unwrap().unwrap().1, big);
}
