//! Course media: packages with video, captions, transcripts and downloads; uploads;
//! range requests.

use altto::courses::{library, package};
use axum::{body::Body, http::Request};

use crate::helpers::TestApp;

pub const MP4: &[u8] = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom0123456789abcdef";
pub const VTT: &str = "WEBVTT\n\n00:00.000 --> 00:02.000\nGood morning, everyone!\n";
pub const PDF: &[u8] = b"%PDF-1.4\n% a tiny test file\n";

pub fn package_with_media() -> package::Files {
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
    // Addresses name the published version of each file, so browsers may keep them.
    let version = |bytes: &[u8]| altto_store::sha256_hex(bytes)[..16].to_owned();
    let video = format!("/media/greetings/hello.mp4?v={}", version(MP4));
    let captions = format!("/media/greetings/hello.vtt?v={}", version(VTT.as_bytes()));
    assert!(page.body.contains(&format!(r#"<video controls preload="metadata" src="{video}">"#)));
    assert!(page.body.contains(&format!(r#"<track kind="captions" src="{captions}" srclang="en""#)));
    assert!(page.body.contains("ALT: Good morning, everyone!"), "the transcript is on the page");
    assert!(page.body.contains(&format!(r#"href="/media/greetings/plan.pdf?v={}" download"#, version(PDF))));
    let kept = app.get(&captions).await;
    assert_eq!(kept.header("cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(kept.header("etag"), format!("\"{}\"", altto_store::sha256_hex(VTT.as_bytes())));
    let by_path = app.get("/media/greetings/hello.vtt").await;
    assert_eq!(by_path.header("cache-control"), "public, no-cache", "a path alone may change on publish");
    let tag = by_path.header("etag").to_owned();
    assert_eq!(app.get_with("/media/greetings/hello.vtt", &[("if-none-match", &tag)]).await.status, 304);

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

/// An upload form's body: the revision it was made from, the file, and the path its
/// "Replace" button names, if any.
pub fn multipart(base: Option<i64>, replace: Option<&str>, name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "altto-test-boundary";
    let mut body = String::new();
    let mut text = |name: &str, value: &str| {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ))
    };
    if let Some(base) = base {
        text("base", &base.to_string());
    }
    if let Some(path) = replace {
        text("replace", path);
    }
    let mut body = format!(
        "{body}--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Someone signed in who may change the greetings course, and the upload requests their
/// browser would send from its Files page.
pub struct Uploads<'a> {
    app: &'a TestApp,
    pub user: altto_store::UserId,
    pub browser: crate::helpers::Agent<'a>,
    cookie: String,
    token: String,
}

impl<'a> Uploads<'a> {
    /// An editor of the greetings course, imported as a draft.
    pub async fn for_an_editor(app: &'a TestApp) -> Self {
        library::import(app.store(), &package_with_media(), None, false, usize::MAX).await.unwrap();
        Self::for_someone(app, "emi@example.org", altto_store::Role::Editor).await
    }

    /// A new account with `role`, signed in.
    pub async fn for_someone(app: &'a TestApp, email: &str, role: altto_store::Role) -> Self {
        let grants = altto_store::Grants { role, is_moderator: false, is_admin: false };
        let user = app.create_user(email, "Someone", grants).await;
        let mut browser = app.agent_for(user).await;
        // Upload forms carry the session's token in the action's query (the body is streamed).
        let token = browser.csrf().await;
        let cookie = browser.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        Self { app, user, browser, cookie, token }
    }

    /// The course's newest revision: what a freshly loaded Files page says.
    pub async fn latest(&self) -> Option<i64> {
        self.app.store().course_by_slug("greetings").await.unwrap().unwrap().latest_revision_id
    }

    /// The upload of `name`, replacing `replace` if given, from a freshly loaded page.
    pub async fn send(&self, replace: Option<&str>, name: &str, bytes: &[u8]) -> Request<Body> {
        self.send_on(self.latest().await, replace, name, bytes)
    }

    /// The upload of `name` from a page made when revision `base` was the newest.
    pub fn send_on(
        &self,
        base: Option<i64>,
        replace: Option<&str>,
        name: &str,
        bytes: &[u8],
    ) -> Request<Body> {
        self.request(&format!("?_csrf={}", self.token), base, replace, name, bytes)
    }

    async fn send_without_token(&self, name: &str, bytes: &[u8]) -> Request<Body> {
        self.request("", self.latest().await, None, name, bytes)
    }

    fn request(
        &self,
        query: &str,
        base: Option<i64>,
        replace: Option<&str>,
        name: &str,
        bytes: &[u8],
    ) -> Request<Body> {
        let (content_type, body) = multipart(base, replace, name, bytes);
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
    let uploaded = app.request(uploads.send(None, "Board Photo.PNG", png).await).await;
    assert_eq!(uploaded.status, 303, "{}", uploaded.body);
    let list = uploads.browser.get(uploaded.location()).await;
    assert!(list.body.contains("media/board-photo.png"));
    assert!(
        list.body.contains("Your file “Board Photo.PNG” was stored as media/board-photo.png"),
        "the author is told the stored name"
    );
    // The course is a draft: its files are its editors' until it is published.
    assert_eq!(app.get("/media/greetings/board-photo.png").await.status, 404, "not for visitors");
    let mine = uploads.browser.get("/media/greetings/board-photo.png").await;
    assert_eq!((mine.status.as_u16(), mine.header("content-type")), (200, "image/png"));
    assert_eq!(mine.header("cache-control"), "private, no-cache");

    let disguised = app.request(uploads.send(None, "photo.png", b"<script>alert(1)</script>").await).await;
    assert_eq!(disguised.status, 422);
    assert!(disguised.body.contains("does not match its name"));
    let no_token = app.request(uploads.send_without_token("other.png", png).await).await;
    assert_eq!(no_token.status, 403);
    assert_eq!(uploads.browser.get("/media/greetings/other.png").await.status, 404);
}

#[tokio::test]
async fn an_upload_named_like_a_path_or_hidden_file_is_refused_and_a_file_is_replaced_only_on_purpose() {
    let app = TestApp::spawn().await;
    let mut uploads = Uploads::for_an_editor(&app).await;
    let png = b"\x89PNG\r\n\x1a\n0000IHDR-first-image";
    let other_png = b"\x89PNG\r\n\x1a\n0000IHDR-second-image";
    let files_before = draft_files(&app).await.len();
    for hostile in ["../../evil.png", ".hidden.png", "..\\..\\evil.png"] {
        let refused = app.request(uploads.send(None, hostile, png).await).await;
        assert_eq!(refused.status, 422, "{hostile}");
        assert!(refused.body.contains("cannot be used as a file name"), "{hostile}: {}", refused.body);
    }
    assert_eq!(draft_files(&app).await.len(), files_before, "nothing was stored");
    assert_eq!(uploads.browser.get("/media/greetings/evil.png").await.status, 404);
    assert_eq!(uploads.browser.get("/media/greetings/hidden.png").await.status, 404);

    assert_eq!(app.request(uploads.send(None, "board.png", png).await).await.status, 303);
    // The same name again is refused: a new upload never silently replaces a file.
    let taken = app.request(uploads.send(None, "Board.PNG", other_png).await).await;
    assert_eq!(taken.status, 422);
    assert!(
        taken.body.contains("would be stored as media/board.png, but a file with that name already exists")
    );
    assert_eq!(uploads.browser.get("/media/greetings/board.png").await.raw.as_ref(), png, "unchanged");
    // Its Replace button replaces exactly that file, whatever the new file is called.
    let replaced = app.request(uploads.send(Some("media/board.png"), "IMG_0042.png", other_png).await).await;
    assert_eq!(replaced.status, 303);
    let confirmed = uploads.browser.get(replaced.location()).await;
    assert!(confirmed.body.contains("media/board.png was replaced by your file “IMG_0042.png”"));
    assert_eq!(uploads.browser.get("/media/greetings/board.png").await.raw.as_ref(), other_png);
    assert_eq!(uploads.browser.get("/media/greetings/img_0042.png").await.status, 404);
    // A replacement must still be the same kind of file as the name it replaces.
    let mismatch = app.request(uploads.send(Some("media/board.png"), "notes.pdf", PDF).await).await;
    assert_eq!(mismatch.status, 422);
    assert_eq!(uploads.browser.get("/media/greetings/board.png").await.raw.as_ref(), other_png);
}

/// The paths of the files of the greetings course's newest revision.
pub async fn draft_files(app: &TestApp) -> Vec<String> {
    let course = app.store().course_by_slug("greetings").await.unwrap().unwrap();
    let json = app
        .store()
        .revision(altto_store::DocumentKind::Course, course.latest_revision_id.unwrap())
        .await
        .unwrap()
        .content;
    altto::courses::files::files_of_json(&json).unwrap().unwrap_or_default().into_keys().collect()
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

/// Stores a file as altto stored them before migration 0007 (whole, in `media`), on a
/// database migrated only to version 5.
pub async fn insert_old_media(url: &altto_store::DatabaseUrl, course: i64, path: &str, bytes: &[u8]) {
    use sqlx::Connection as _;
    let insert = "INSERT INTO media (course_id, path, content_type, size, etag, bytes, created_at) \
                  VALUES ($1, $2, $3, $4, '\"e\"', $5, 0)";
    let content_type =
        altto::courses::media::check_file(path, bytes, usize::MAX).unwrap_or("application/octet-stream");
    let size = bytes.len() as i64;
    if url.backend() == altto_store::Backend::Postgres {
        let mut conn = sqlx::PgConnection::connect(url.expose()).await.unwrap();
        let query = sqlx::query(insert).bind(course).bind(path).bind(content_type).bind(size).bind(bytes);
        query.execute(&mut conn).await.unwrap();
    } else {
        let mut conn = sqlx::SqliteConnection::connect(url.expose()).await.unwrap();
        let query = sqlx::query(insert).bind(course).bind(path).bind(content_type).bind(size).bind(bytes);
        query.execute(&mut conn).await.unwrap();
    }
}

/// The bytes of a course's file as stored before files followed revisions.
async fn old_file(store: &altto_store::Store, course: i64, path: &str) -> Vec<u8> {
    let info = store.legacy_media_info(course, path).await.unwrap().unwrap();
    store.blob_bytes(info.blob_id).await.unwrap()
}

#[tokio::test]
async fn files_stored_whole_before_chunking_are_cut_into_chunks_by_the_migration_and_served_intact() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::fresh_database_url(dir.path()).await;
    let store = altto_store::Store::connect(&altto_store::ConnectOptions::new(url.clone())).await.unwrap();
    store.migrate_to(5).await.unwrap();
    let course = store.create_course("old").await.unwrap();
    let chunk = altto_store::CHUNK_BYTES as usize;
    let big: Vec<u8> = (0..chunk * 2 + 100).map(|i| (i % 253) as u8).collect();
    for (path, bytes) in
        [("media/big.bin", &big[..]), ("media/small.txt", b"hello"), ("media/empty.txt", b"")]
    {
        insert_old_media(&url, course, path, bytes).await;
    }
    store.migrate().await.unwrap();
    assert_eq!(old_file(&store, course, "media/big.bin").await, big);
    assert_eq!(old_file(&store, course, "media/small.txt").await, b"hello");
    assert!(old_file(&store, course, "media/empty.txt").await.is_empty());
    let info = store.legacy_media_info(course, "media/big.bin").await.unwrap().unwrap();
    assert_eq!(store.media_chunk(info.blob_id, 2).await.unwrap().map(|c| c.len()), Some(100));
    // A migrated blob is hashed when first needed, a chunk at a time.
    assert_eq!(store.blob_hash(info.blob_id).await.unwrap(), altto_store::sha256_hex(&big));
    assert_eq!(store.blob_by_hash(&altto_store::sha256_hex(&big)).await.unwrap(), Some(info.blob_id));
    // New files get blobs of their own after the migrated ones.
    let hash = store.put_blob(b"new").await.unwrap();
    let blob = store.blob_by_hash(&hash).await.unwrap().unwrap();
    assert_eq!(store.blob_bytes(blob).await.unwrap(), b"new");
    assert_eq!(old_file(&store, course, "media/big.bin").await, big);
}
