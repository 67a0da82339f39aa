//! Shared resources: members share files in threads, visitors browse and download them,
//! and disguised, oversized or unlicensed files are refused with nothing stored.

use std::io::Write as _;

use altto_store::{Grants, PageRequest, ResourceFilter, ResourceView, Role, UserId};
use axum::{body::Body, http::Request};

use crate::{
    forum::forum_app,
    helpers::{Agent, PASSWORD, TestApp, TestResponse},
};

/// A tiny PDF (its magic number is what the check reads).
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// A ZIP archive (stored, uncompressed) holding `names`, each with a little XML.
pub fn zip_of(names: &[&str]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for name in names {
        writer.start_file(*name, options).unwrap();
        writer.write_all(b"<?xml version=\"1.0\"?><x/>").unwrap();
    }
    writer.finish().unwrap();
    out.into_inner()
}

/// A tiny but real DOCX: the parts Word writes first.
pub fn docx() -> Vec<u8> {
    zip_of(&["[Content_Types].xml", "_rels/.rels", "word/document.xml"])
}

/// A multipart form body: the text `fields` first, then `file` (name, bytes) if any.
pub fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "altto-resource-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A signed-in member and the share requests their browser sends.
pub struct Sharer<'a> {
    app: &'a TestApp,
    pub id: UserId,
    pub agent: Agent<'a>,
    cookie: String,
    token: String,
}

impl<'a> Sharer<'a> {
    /// `user`, signed in.
    pub async fn new(app: &'a TestApp, id: UserId) -> Self {
        let mut agent = app.agent_for(id).await;
        // Upload forms carry the session's token in the action's query (the body is streamed).
        let token = agent.csrf().await;
        let cookie = agent.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        Self { app, id, agent, cookie, token }
    }

    /// Sends the share form to `path` (`/community/t/{id}/share` or `/community/resources`).
    pub async fn send(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
    ) -> TestResponse {
        let (content_type, body) = multipart(fields, file);
        let request = Request::post(format!("{path}?_csrf={}", self.token))
            .header("content-type", content_type)
            .header("cookie", self.cookie.clone())
            .body(Body::from(body))
            .unwrap();
        self.app.request(request).await
    }

    /// Shares `name` with `bytes` in `thread` for `level` and `grade`, under CC BY 4.0.
    pub async fn share(
        &self,
        thread: &str,
        title: &str,
        level: &str,
        grade: &str,
        name: &str,
        bytes: &[u8],
    ) -> TestResponse {
        let fields = [
            ("title", title),
            ("description", "Used it with **35** students."),
            ("licence", "cc-by-4.0"),
            ("level", level),
            ("grade", grade),
            ("topic", "phonics"),
        ];
        self.send(&format!("{thread}/share"), &fields, Some((name, bytes))).await
    }
}

/// A staff member (trusted from the start, so the daily limit is 20).
pub async fn trusted(app: &TestApp, email: &str, name: &str) -> UserId {
    app.create_user(email, name, Grants { role: Role::Author, is_moderator: false, is_admin: false }).await
}

/// Makes `user`'s account `days` days older.
async fn age(app: &TestApp, user: UserId, days: i64) {
    app.sql(&format!("UPDATE users SET created_at = created_at - {} WHERE id = {user}", days * 86_400_000))
        .await;
}

/// Starts a thread as `agent`; returns its address.
pub async fn start(agent: &mut Agent<'_>, title: &str) -> String {
    let done = agent
        .post(
            "/community/threads",
            &[("category", "lesson-ideas"), ("title", title), ("body", "Ideas welcome.")],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    done.location().to_owned()
}

/// Every shared resource, newest first.
async fn resources(app: &TestApp) -> Vec<ResourceView> {
    app.store().forum_resources(&ResourceFilter::default(), &PageRequest::first(100)).await.unwrap().items
}

async fn count(app: &TestApp, table: &str) -> i64 {
    app.column::<i64>(&format!("SELECT COUNT(*) FROM {table}")).await[0]
}

#[tokio::test]
async fn a_member_shares_a_pdf_and_a_docx_that_a_visitor_downloads_with_the_count_going_up() {
    let app = forum_app().await;
    let emi = trusted(&app, "emi@example.org", "Emi").await;
    let mut sharer = Sharer::new(&app, emi).await;
    let thread = start(&mut sharer.agent, "Phonics worksheets").await;
    let page = sharer.agent.get(&thread).await;
    assert!(page.body.contains(&format!("href=\"{thread}/share\"")), "the thread offers to share a file");
    let form = sharer.agent.get(&format!("{thread}/share")).await;
    assert_eq!(form.status, 200);
    assert!(
        form.body.contains("https://creativecommons.org/licenses/by-sa/4.0/"),
        "licences link to their deeds"
    );

    let shared = sharer.share(&thread, "Unit 3 plan", "elementary", "3", "Unit 3 plan.pdf", PDF).await;
    assert_eq!(shared.status, 303, "{}", shared.body);
    assert!(shared.location().starts_with("/community/posts/"));
    let docx = docx();
    let shared = sharer.share(&thread, "Animal flashcards", "elementary", "", "animals.docx", &docx).await;
    assert_eq!(shared.status, 303, "{}", shared.body);
    let blobs = count(&app, "blobs").await;
    assert_eq!(blobs, 2);

    let listed = resources(&app).await;
    let (docx_row, pdf_row) = (&listed[0], &listed[1]);
    let pdf_path = format!("/community/resources/{}/unit-3-plan.pdf", pdf_row.id);
    let docx_path = format!("/community/resources/{}/animals.docx", docx_row.id);
    // The thread announces each file in a post linking to it, with its licence.
    let page = app.get(&thread).await;
    assert!(page.body.contains(&format!("href=\"{pdf_path}\"")), "{}", page.body);
    assert!(page.body.contains("CC BY 4.0") && page.body.contains("<strong>35</strong>"));
    let list = app.get("/community/resources").await;
    assert!(list.body.contains(&pdf_path) && list.body.contains(&docx_path));
    assert!(list.body.contains("Unit 3 plan") && list.body.contains("0 downloads"));
    assert!(app.get("/community").await.body.contains("href=\"/community/resources\""));

    let pdf = app.get(&pdf_path).await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), "application/pdf");
    assert!(pdf.header("content-disposition").starts_with("attachment; filename=\"unit-3-plan.pdf\""));
    assert_eq!(pdf.header("x-content-type-options"), "nosniff");
    assert_eq!(pdf.raw.as_ref(), PDF);
    let word = app.get(&docx_path).await;
    assert_eq!(
        word.header("content-type"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(word.header("content-disposition").starts_with("attachment;"));
    assert_eq!(word.raw.as_ref(), docx.as_slice());
    // A HEAD, a revalidation and a resumed download are not new downloads.
    app.request(Request::head(&pdf_path).body(Body::empty()).unwrap()).await;
    let resumed = app.get_with(&pdf_path, &[("range", "bytes=5-")]).await;
    assert_eq!(resumed.status, 206);
    assert_eq!(resumed.raw.as_ref(), &PDF[5..]);
    let again = app.get_with(&pdf_path, &[("if-none-match", pdf.header("etag"))]).await;
    assert_eq!(again.status, 304);
    let counts: Vec<(i64, i64)> = resources(&app).await.iter().map(|r| (r.id, r.downloads)).collect();
    assert_eq!(counts, [(docx_row.id, 1), (pdf_row.id, 1)]);
    assert!(app.get("/community/resources").await.body.contains("1 download<"));

    // The same file shared again (under another name) is stored once.
    let shared = sharer.share(&thread, "Plan again", "other", "", "copy.pdf", PDF).await;
    assert_eq!(shared.status, 303, "{}", shared.body);
    assert_eq!(count(&app, "blobs").await, blobs);
    assert_eq!(count(&app, "forum_resources").await, 3);
}

#[tokio::test]
async fn a_file_can_be_shared_by_starting_a_thread() {
    let app = forum_app().await;
    let sharer = Sharer::new(&app, trusted(&app, "emi@example.org", "Emi").await).await;
    let fields = [
        ("category", "lesson-ideas"),
        ("title", "Halloween bingo"),
        ("body", "Bingo cards for grade 5."),
        ("licence", "cc0-1.0"),
        ("level", "elementary"),
        ("grade", "5"),
    ];
    let png = b"\x89PNG\r\n\x1a\n0000IHDR-a-tiny-test-image";
    let done = sharer.send("/community/resources", &fields, Some(("bingo.png", png))).await;
    assert_eq!(done.status, 303, "{}", done.body);
    let thread = app.get(done.location()).await;
    assert!(
        thread.body.contains("<h1>Halloween bingo</h1>") && thread.body.contains("Bingo cards for grade 5.")
    );
    assert!(thread.body.contains("/bingo.png\""), "{}", thread.body);
    assert_eq!(resources(&app).await[0].content_type, "image/png");
    let markdown = app.column::<String>("SELECT body FROM forum_posts").await;
    assert!(markdown[0].contains("/bingo.png"), "the Markdown kept links the file: {markdown:?}");
}

#[tokio::test]
async fn the_resources_page_filters_by_level_and_grade() {
    let app = forum_app().await;
    let sharer = Sharer::new(&app, trusted(&app, "emi@example.org", "Emi").await).await;
    let mut agent = app.agent_for(sharer.id).await;
    let thread = start(&mut agent, "Worksheets").await;
    for (title, level, grade, name) in [
        ("Colours grade three", "elementary", "3", "a.pdf"),
        ("Numbers grade five", "elementary", "5", "b.pdf"),
        ("Debate cards", "junior_high", "", "c.pdf"),
    ] {
        let bytes = format!("%PDF-1.4 {title}");
        assert_eq!(sharer.share(&thread, title, level, grade, name, bytes.as_bytes()).await.status, 303);
    }
    let elementary = app.get("/community/resources?level=elementary").await;
    assert!(
        elementary.body.contains("Colours grade three") && elementary.body.contains("Numbers grade five")
    );
    assert!(!elementary.body.contains("Debate cards"));
    let fifth = app.get("/community/resources?level=elementary&grade=5").await;
    assert!(fifth.body.contains("Numbers grade five"));
    assert!(!fifth.body.contains("Colours grade three") && !fifth.body.contains("Debate cards"));
    let junior = app.get("/community/resources?level=junior_high&sort=downloads").await;
    assert!(junior.body.contains("Debate cards") && !junior.body.contains("Numbers grade five"));
    let japanese = app.get_with("/community/resources?level=elementary", &[("accept-language", "ja")]).await;
    assert!(
        japanese.body.contains("<h1>共有資料</h1>") && japanese.body.contains("3年生"),
        "{}",
        japanese.body
    );
    assert!(japanese.body.contains("ダウンロード 0 回") && japanese.body.contains("CC BY 4.0（表示）"));
    let bad = app.get("/community/resources?grade=9").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Choose one of the options"), "{}", bad.body);
}

#[tokio::test]
async fn disguised_oversized_and_unlicensed_files_are_refused_and_nothing_is_stored() {
    let app = forum_app().await;
    let sharer = Sharer::new(&app, trusted(&app, "emi@example.org", "Emi").await).await;
    let mut agent = app.agent_for(sharer.id).await;
    let thread = start(&mut agent, "Worksheets").await;
    let posts = count(&app, "forum_posts").await;
    let mut oversized = b"%PDF-1.4\n".to_vec();
    oversized.resize(10 * 1024 * 1024 + 1, b'x');
    let plain_zip = zip_of(&["notes.txt", "photo.jpg"]);
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "worksheet.pdf",
            b"MZ\x90\x00\x03 this program cannot be run in DOS mode",
            "“worksheet.pdf” is not really a PDF",
        ),
        ("lesson.docx", &plain_zip, "“lesson.docx” is not really a Word document"),
        ("big.pdf", &oversized, "“big.pdf” is too large: files can be at most 10.0 MB."),
        ("cards.png", b"<html><script>alert(1)</script></html>", "“cards.png” is not really a PNG image"),
    ];
    for (name, bytes, message) in cases {
        let refused = sharer.share(&thread, "Worksheet", "elementary", "3", name, bytes).await;
        assert_eq!(refused.status, 422, "{name}");
        assert!(refused.body.contains(message), "{name}: {}", refused.body);
        assert!(refused.body.contains("value=\"Worksheet\""), "what was typed is kept");
    }
    let fields = [("title", "Worksheet"), ("level", "elementary")];
    let unlicensed = sharer.send(&format!("{thread}/share"), &fields, Some(("plan.pdf", PDF))).await;
    assert_eq!(unlicensed.status, 422);
    assert!(unlicensed.body.contains("Choose the licence others may use your file under."));
    let links = "[a](https://a.example) ".repeat(11);
    let fields =
        [("title", "Links"), ("description", links.as_str()), ("licence", "cc0-1.0"), ("level", "other")];
    let linky = sharer.send(&format!("{thread}/share"), &fields, Some(("plan.pdf", PDF))).await;
    assert_eq!(linky.status, 422, "a description follows the forum's link limit");
    let exe = sharer.share(&thread, "Tool", "elementary", "", "tool.exe", b"MZ").await;
    assert!(exe.body.contains("“tool.exe” is not a kind of file that can be shared"));
    let none = sharer.send(&format!("{thread}/share"), &[("title", "x")], None).await;
    assert!(none.body.contains("Choose a file to share."));
    assert_eq!((count(&app, "forum_resources").await, count(&app, "blobs").await), (0, 0));
    assert_eq!(count(&app, "forum_posts").await, posts);
}

#[tokio::test]
async fn a_new_member_shares_one_file_a_day_and_none_on_their_first_day() {
    let app = forum_app().await;
    let nao = app.create_member("nao@example.org", "Nao").await;
    let mut sharer = Sharer::new(&app, nao).await;
    let thread = start(&mut sharer.agent, "My first thread").await;
    let form = sharer.agent.get(&format!("{thread}/share")).await;
    assert!(form.body.contains("New accounts can share files once they are a day old."), "{}", form.body);
    assert!(!form.body.contains("type=\"file\""), "no form while the limit holds");
    let refused = sharer.share(&thread, "Plan", "elementary", "", "plan.pdf", PDF).await;
    assert_eq!(refused.status, 429);
    assert!(refused.body.contains("in about 24 hours"), "{}", refused.body);
    assert_eq!(count(&app, "forum_resources").await, 0);

    age(&app, nao, 2).await;
    assert_eq!(sharer.share(&thread, "Plan", "elementary", "", "plan.pdf", PDF).await.status, 303);
    let second = sharer.share(&thread, "Cards", "elementary", "", "cards.pdf", b"%PDF-1.4 cards").await;
    assert_eq!(second.status, 429);
    assert!(second.body.contains("New members can share 1 file in 24 hours"), "{}", second.body);
    assert_eq!(count(&app, "forum_resources").await, 1);
    // A day later the limit has lifted by itself.
    app.sql("UPDATE forum_resources SET created_at = created_at - 86400001").await;
    assert_eq!(
        sharer.share(&thread, "Cards", "elementary", "", "cards.pdf", b"%PDF-1.4 cards").await.status,
        303
    );
}

#[tokio::test]
async fn a_file_name_with_markup_is_inert_on_every_page() {
    let app = forum_app().await;
    let sharer = Sharer::new(&app, trusted(&app, "emi@example.org", "Emi").await).await;
    let mut agent = app.agent_for(sharer.id).await;
    let thread = start(&mut agent, "Worksheets").await;
    let png = b"\x89PNG\r\n\x1a\n0000IHDR";
    let name = "<img src=x onerror=alert(1)>.png";
    let shared = sharer.share(&thread, "<script>alert(1)</script>", "elementary", "", name, png).await;
    assert_eq!(shared.status, 303, "{}", shared.body);
    let resource = &resources(&app).await[0];
    assert_eq!(resource.file_name, name, "the display name is kept as written, and escaped on output");
    let download = format!("/community/resources/{}/img-src-x-onerror-alert-1.png", resource.id);
    for page in [app.get(&thread).await, app.get("/community/resources").await, agent.get(&thread).await] {
        assert_eq!(page.status, 200);
        assert!(page.body.contains(&download), "{}", page.body);
        assert!(!page.body.contains("<script>alert") && !page.body.contains("<img src=x"), "{}", page.body);
        assert!(
            page.body.contains("&lt;script&gt;") || page.body.contains("&#60;script&#62;"),
            "{}",
            page.body
        );
    }
    let file = app.get(&download).await;
    assert!(!file.header("content-disposition").contains('<'));
    let refused = sharer.share(&thread, "x", "elementary", "", "<b>bold</b>.exe", b"MZ").await;
    assert!(!refused.body.contains("<b>bold"), "a refused name is escaped too");
}

#[tokio::test]
async fn the_data_download_lists_shared_files_and_deleting_an_account_removes_or_keeps_them() {
    let app = forum_app().await;
    let ken = app.create_member("ken@example.org", "Ken Sato").await;
    let aiko = app.create_member("aiko@example.org", "Aiko Ito").await;
    for member in [ken, aiko] {
        age(&app, member, 2).await;
    }
    let (ken_sharer, aiko_sharer) = (Sharer::new(&app, ken).await, Sharer::new(&app, aiko).await);
    let mut ken_agent = app.agent_for(ken).await;
    let thread = start(&mut ken_agent, "Worksheets").await;
    assert_eq!(ken_sharer.share(&thread, "Ken's plan", "elementary", "4", "ken.pdf", PDF).await.status, 303);
    assert_eq!(
        aiko_sharer.share(&thread, "Aiko's cards", "senior_high", "", "aiko.pdf", b"%PDF-1.5").await.status,
        303
    );

    let data: serde_json::Value = serde_json::from_str(&ken_agent.get("/account/data").await.body).unwrap();
    let files = data["shared_files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["title"], "Ken's plan");
    assert_eq!(files[0]["grade"], 4);
    assert_eq!(files[0]["licence"], "cc-by-4.0");
    let link = files[0]["download"].as_str().unwrap();
    assert!(link.ends_with("/ken.pdf"));
    assert_eq!(app.get(link).await.raw.as_ref(), PDF);

    // Aiko keeps hers as a former member's; Ken removes his with his posts.
    let mut aiko_agent = app.agent_for(aiko).await;
    let deleted = aiko_agent
        .post("/account/delete", &[("current_password", PASSWORD), ("confirm", "yes"), ("posts", "keep")])
        .await;
    assert_eq!(deleted.location(), "/account/deleted");
    let deleted = ken_agent
        .post("/account/delete", &[("current_password", PASSWORD), ("confirm", "yes"), ("posts", "remove")])
        .await;
    assert_eq!(deleted.location(), "/account/deleted");
    let left = resources(&app).await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].title, "Aiko's cards");
    let list = app.get("/community/resources").await;
    assert!(
        list.body.contains("Aiko&#39;s cards") || list.body.contains("Aiko&#x27;s cards"),
        "{}",
        list.body
    );
    assert!(!list.body.contains("Ken&#39;s plan") && !list.body.contains("Aiko Ito"));
    assert!(list.body.contains("a former member"), "{}", list.body);
    assert_eq!(app.get(link).await.status, 404);
}
