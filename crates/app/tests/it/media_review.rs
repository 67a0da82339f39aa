//! Media that follows the course revision: a draft's files are its editors' until they
//! are published, replacing a file is reviewed like any other change, and revisions
//! saved before files followed revisions keep their files.

use altto::courses::library;
use altto_store::Role;

use crate::{
    helpers::TestApp,
    media::{PDF, Uploads, VTT, draft_files, package_with_media},
};

const NEW_VTT: &str = "WEBVTT\n\n00:00.000 --> 00:02.000\nGood afternoon, everyone!\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n0000IHDR-a-board-photo";

/// The course's id.
async fn course_id(app: &TestApp, slug: &str) -> i64 {
    app.store().course_by_slug(slug).await.unwrap().unwrap().id
}

/// The editor's "publish the latest revision" button.
async fn publish(uploads: &mut Uploads<'_>) {
    let base = uploads.latest().await.unwrap().to_string();
    let published = uploads
        .browser
        .post("/author/courses/greetings/review", &[("decision", "publish"), ("base", &base)])
        .await;
    assert_eq!(published.status, 303, "{}", published.body);
}

#[tokio::test]
async fn a_visitor_cannot_read_a_file_of_an_unpublished_course_but_its_authors_and_editors_can() {
    let app = TestApp::spawn().await;
    library::import(app.store(), &package_with_media(), None, false, usize::MAX).await.unwrap();
    let mut author = Uploads::for_someone(&app, "ken@example.org", Role::Author).await;
    app.store()
        .add_author(altto_store::DocumentRef::course(course_id(&app, "greetings").await), author.user)
        .await
        .unwrap();
    let mut editor = Uploads::for_someone(&app, "emi@example.org", Role::Editor).await;
    let mut other_author = Uploads::for_someone(&app, "oda@example.org", Role::Author).await;
    let member = app.create_member("learner@example.org", "Learner").await;
    let mut member = app.agent_for(member).await;

    for path in ["/media/greetings/hello.vtt", "/media/greetings/plan.pdf"] {
        assert_eq!(app.get(path).await.status, 404, "a visitor guessing {path}");
        assert_eq!(member.get(path).await.status, 404, "a member guessing {path}");
        assert_eq!(other_author.browser.get(path).await.status, 404, "another course's author: {path}");
    }
    assert_ne!(app.get("/author/courses/greetings/media/hello.vtt").await.status, 200);
    assert_eq!(member.get("/author/courses/greetings/media/hello.vtt").await.status, 403);
    assert_eq!(other_author.browser.get("/author/courses/greetings/media/hello.vtt").await.status, 404);
    for who in [&mut author, &mut editor] {
        for path in ["/media/greetings/hello.vtt", "/author/courses/greetings/media/hello.vtt"] {
            let file = who.browser.get(path).await;
            assert_eq!(file.status, 200, "{path}");
            assert_eq!(file.body, VTT);
            assert_eq!(file.header("cache-control"), "private, no-cache", "never kept by a shared cache");
        }
    }
}

#[tokio::test]
async fn replacing_a_published_file_changes_nothing_for_visitors_until_an_editor_publishes_it() {
    let app = TestApp::spawn().await;
    library::import(app.store(), &package_with_media(), None, true, usize::MAX).await.unwrap();
    let mut editor = Uploads::for_someone(&app, "emi@example.org", Role::Editor).await;
    let lesson = "/courses/greetings/lessons/hello";
    assert!(app.get(lesson).await.body.contains("ALT: Good morning, everyone!"));

    let replaced =
        app.request(editor.send(Some("media/hello.vtt"), "better.vtt", NEW_VTT.as_bytes()).await).await;
    assert_eq!(replaced.status, 303, "{}", replaced.body);
    let transcript = b"ALT: Good afternoon, everyone!";
    let replaced = app.request(editor.send(Some("media/hello.txt"), "hello.txt", transcript).await).await;
    assert_eq!(replaced.status, 303, "{}", replaced.body);
    assert_eq!(app.request(editor.send(None, "board.png", PNG).await).await.status, 303);

    // Visitors still get what was published, byte for byte; the new file is not theirs yet.
    assert_eq!(app.get("/media/greetings/hello.vtt").await.body, VTT);
    assert_eq!(app.get("/media/greetings/board.png").await.status, 404);
    let page = app.get(lesson).await.body;
    assert!(page.contains("ALT: Good morning, everyone!") && !page.contains("Good afternoon"), "{page}");
    // The editor sees the draft's files where drafts are shown, the published ones elsewhere.
    assert_eq!(editor.browser.get("/author/courses/greetings/media/hello.vtt").await.body, NEW_VTT);
    assert_eq!(editor.browser.get("/media/greetings/hello.vtt").await.body, VTT);
    assert_eq!(editor.browser.get("/media/greetings/board.png").await.raw.as_ref(), PNG);
    let files = editor.browser.get("/author/courses/greetings/media").await.body;
    assert!(files.contains("Changed in this draft") && files.contains("New in this draft"), "{files}");
    let history = editor.browser.get("/author/courses/greetings/revisions").await.body;
    assert!(history.contains("File media/hello.vtt replaced"), "the change is in the history");

    publish(&mut editor).await;
    assert_eq!(app.get("/media/greetings/hello.vtt").await.body, NEW_VTT);
    assert_eq!(app.get("/media/greetings/board.png").await.raw.as_ref(), PNG);
    let page = app.get(lesson).await.body;
    assert!(page.contains("ALT: Good afternoon, everyone!") && !page.contains("Good morning"), "{page}");
    // The old bytes are kept for the revisions that use them.
    assert!(app.store().blob_by_hash(&altto_store::sha256_hex(VTT.as_bytes())).await.unwrap().is_some());
}

#[tokio::test]
async fn a_file_change_made_on_a_page_someone_saved_over_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let mut editor = Uploads::for_an_editor(&app).await;
    let stale = editor.latest().await;
    assert_eq!(app.request(editor.send(None, "board.png", PNG).await).await.status, 303);
    let before = draft_files(&app).await;
    let blobs = app.sql("UPDATE blobs SET size = size").await;

    let other_png = b"\x89PNG\r\n\x1a\n0000IHDR-another-photo";
    let refused = app.request(editor.send_on(stale, None, "other.png", other_png)).await;
    assert_eq!(refused.status, 409);
    assert!(refused.body.contains("Someone else saved this course while you were working"));
    let stale = stale.unwrap().to_string();
    let refused = editor
        .browser
        .post("/author/courses/greetings/media/remove", &[("path", "media/board.png"), ("base", &stale)])
        .await;
    assert_eq!(refused.status, 409);
    assert_eq!(draft_files(&app).await, before, "nothing changed");
    assert_eq!(app.sql("UPDATE blobs SET size = size").await, blobs, "nothing was stored");
}

#[tokio::test]
async fn a_file_a_lesson_uses_cannot_be_removed_and_one_no_lesson_uses_can() {
    let app = TestApp::spawn().await;
    let mut editor = Uploads::for_an_editor(&app).await;
    assert_eq!(app.request(editor.send(None, "board.png", PNG).await).await.status, 303);
    let base = editor.latest().await.unwrap().to_string();
    let remove = |path: &'static str| [("path", path), ("base", "")];
    let mut used = remove("media/hello.vtt");
    used[1].1 = &base;
    let refused = editor.browser.post("/author/courses/greetings/media/remove", &used).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("media/hello.vtt cannot be removed: it is used by Hello"),
        "{}",
        refused.body
    );

    let mut unused = remove("media/board.png");
    unused[1].1 = &base;
    let removed = editor.browser.post("/author/courses/greetings/media/remove", &unused).await;
    assert_eq!(removed.status, 303, "{}", removed.body);
    let page = editor.browser.get(removed.location()).await;
    assert!(page.body.contains("media/board.png was removed from this draft."));
    assert!(!draft_files(&app).await.contains(&"media/board.png".to_owned()));
    assert!(draft_files(&app).await.contains(&"media/hello.vtt".to_owned()));
}

#[tokio::test]
async fn a_course_exported_and_imported_elsewhere_keeps_its_files_and_identical_bytes_are_stored_once() {
    let app = TestApp::spawn().await;
    let editor = Uploads::for_an_editor(&app).await;
    assert_eq!(
        app.request(editor.send(Some("media/plan.pdf"), "plan-v2.pdf", b"%PDF-1.4 v2").await).await.status,
        303
    );
    let exported = library::export(app.store(), "greetings").await.unwrap();
    assert_eq!(exported.get("media/plan.pdf").map(Vec::as_slice), Some(&b"%PDF-1.4 v2"[..]));
    assert_eq!(exported.get("media/hello.vtt").map(Vec::as_slice), Some(VTT.as_bytes()));

    let elsewhere = TestApp::spawn().await;
    library::import(elsewhere.store(), &exported, None, true, usize::MAX).await.unwrap();
    assert_eq!(elsewhere.get("/media/greetings/plan.pdf").await.raw.as_ref(), b"%PDF-1.4 v2");
    assert_eq!(library::export(elsewhere.store(), "greetings").await.unwrap(), exported, "a round trip");

    // Importing the same files again (a new revision) stores no bytes twice.
    let blobs = elsewhere.sql("UPDATE blobs SET size = size").await;
    library::import(elsewhere.store(), &exported, None, true, usize::MAX).await.unwrap();
    assert_eq!(elsewhere.sql("UPDATE blobs SET size = size").await, blobs);
    assert_ne!(exported.get("media/plan.pdf").map(Vec::as_slice), Some(PDF));
}

#[tokio::test]
async fn files_of_revisions_saved_before_files_followed_revisions_are_still_served_and_change_through_review()
{
    use crate::media::insert_old_media;
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::fresh_database_url(dir.path()).await;
    let old = altto_store::Store::connect(&altto_store::ConnectOptions::new(url.clone())).await.unwrap();
    old.migrate_to(5).await.unwrap();
    let greetings = old.create_course("greetings").await.unwrap();
    let other = old.create_course("other").await.unwrap();
    let package = package_with_media();
    for (path, bytes) in package.iter().filter(|(path, _)| path.starts_with("media/")) {
        insert_old_media(&url, greetings, path, bytes).await;
    }
    insert_old_media(&url, other, "media/same.vtt", VTT.as_bytes()).await;
    old.close().await;
    let app = TestApp::spawn_on(dir, url, |_| {}).await;
    // A revision as altto saved them then: the course, without a list of its files.
    let mut content = altto::courses::package::parse(&package).unwrap();
    let slugs: Vec<String> = content.lessons().map(|(_, lesson)| lesson.slug.clone()).collect();
    let ids = app.store().lesson_ids(greetings, &slugs).await.unwrap();
    content.modules[0].lessons[0].id = ids[0];
    let json = serde_json::to_string(&content).unwrap();
    assert!(!json.contains("\"files\""), "{json}");
    let doc = altto_store::DocumentRef::course(greetings);
    app.store().add_revision(doc, None, &json, None, "saved long ago").await.unwrap();
    crate::helpers::publish_latest(app.store(), greetings).await;

    assert_eq!(app.get("/media/greetings/hello.vtt").await.body, VTT);
    assert!(app.get("/courses/greetings/lessons/hello").await.body.contains("ALT: Good morning, everyone!"));
    let mut editor = Uploads::for_someone(&app, "emi@example.org", Role::Editor).await;
    let files = editor.browser.get("/author/courses/greetings/media").await.body;
    assert!(files.contains("media/hello.vtt") && files.contains("media/plan.pdf"), "{files}");
    assert!(!files.contains("in this draft"), "every file is the published one: {files}");

    let replaced =
        app.request(editor.send(Some("media/hello.vtt"), "new.vtt", NEW_VTT.as_bytes()).await).await;
    assert_eq!(replaced.status, 303, "{}", replaced.body);
    assert_eq!(app.get("/media/greetings/hello.vtt").await.body, VTT, "not before it is published");
    assert_eq!(app.get("/media/greetings/plan.pdf").await.raw.as_ref(), PDF);
    // Its lessons' files, listed by no revision before, are known to the publish check.
    publish(&mut editor).await;
    assert_eq!(app.get("/media/greetings/hello.vtt").await.body, NEW_VTT);
    assert_eq!(app.get("/media/greetings/plan.pdf").await.raw.as_ref(), PDF, "the other files are kept");

    // The same bytes in another course are found by their hash and kept once.
    let listed = altto::courses::files::manifest(app.store(), other, None).await.unwrap();
    assert_eq!(listed["media/same.vtt"].sha256, altto_store::sha256_hex(VTT.as_bytes()));
    let store = app.store();
    let same = store.legacy_media_info(other, "media/same.vtt").await.unwrap().unwrap();
    let hello = store.legacy_media_info(greetings, "media/hello.vtt").await.unwrap().unwrap();
    assert_eq!(same.blob_id, hello.blob_id);
}

#[tokio::test]
async fn two_nodes_on_one_database_serve_the_same_files_and_each_sees_what_the_other_published() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::fresh_database_url(dir.path()).await;
    let one = TestApp::spawn_on(dir, url.clone(), |_| {}).await;
    // Nodes share the database and the signing key, and nothing else.
    let other_dir = tempfile::tempdir().unwrap();
    std::fs::copy(one.settings.data_dir.join("signing-key"), other_dir.path().join("signing-key")).unwrap();
    let other = TestApp::spawn_on(other_dir, url, |_| {}).await;
    library::import(one.store(), &package_with_media(), None, true, usize::MAX).await.unwrap();
    assert_eq!(other.get("/media/greetings/hello.vtt").await.body, VTT);

    let mut editor = Uploads::for_someone(&one, "emi@example.org", Role::Editor).await;
    let replaced =
        one.request(editor.send(Some("media/hello.vtt"), "new.vtt", NEW_VTT.as_bytes()).await).await;
    assert_eq!(replaced.status, 303);
    // The draft is in the database, not in a node: another editor sees it on the other node.
    let mut reviewer = Uploads::for_someone(&other, "aki@example.org", Role::Editor).await;
    assert_eq!(reviewer.browser.get("/author/courses/greetings/media/hello.vtt").await.body, NEW_VTT);
    assert_eq!(other.get("/media/greetings/hello.vtt").await.body, VTT);
    // The same bytes stored from both nodes are stored once.
    let blobs = one.sql("UPDATE blobs SET size = size").await;
    let again = other.request(reviewer.send(None, "same.vtt", NEW_VTT.as_bytes()).await).await;
    assert_eq!(again.status, 303);
    assert_eq!(one.sql("UPDATE blobs SET size = size").await, blobs);

    publish(&mut editor).await;
    // The other node reads which revision is published again within a second.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while other.get("/media/greetings/hello.vtt").await.body != NEW_VTT {
        assert!(std::time::Instant::now() < deadline, "the other node never served the published file");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
