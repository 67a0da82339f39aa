//! The scale-data generator, run small so that it cannot rot.

use std::process::Command;

use crate::helpers::fresh_database_url;

#[tokio::test]
async fn the_seed_generator_fills_a_database_deterministically_with_usable_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let data = dir.path().join("data");
    let sessions = dir.path().join("sessions.txt");
    let output = Command::new(env!("CARGO_BIN_EXE_altto"))
        .args(["dev", "seed", "--members", "300", "--courses", "3", "--lessons-per-course", "6"])
        .args([
            "--progress",
            "5000",
            "--attempts",
            "1000",
            "--articles",
            "6",
            "--forum-threads",
            "20",
            "--forum-posts",
            "126",
            "--sessions",
            "4",
            "--sessions-file",
        ])
        .arg(&sessions)
        .args(["--data-dir", data.to_str().unwrap(), "--database-url", url.expose()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let store = altto_store::Store::connect(&altto_store::ConnectOptions::new(url)).await.unwrap();
    assert_eq!(store.member_ids().await.unwrap().len(), 300);
    assert_eq!(store.course_count().await.unwrap(), 4, "three generated courses and the starter course");
    let articles = store.documents_for(altto_store::DocumentKind::Article, None).await.unwrap();
    let posts = store.documents_for(altto_store::DocumentKind::Post, None).await.unwrap();
    let generated = |docs: &[altto_store::DocumentRow], prefix: &str| {
        docs.iter().filter(|d| d.slug.starts_with(prefix) && d.is_public()).count()
    };
    assert_eq!(
        (generated(&articles, "article-"), generated(&posts, "post-")),
        (3, 3),
        "generated articles and posts, half each, besides the starter library"
    );
    let bench_thread = store.forum_thread(1, None).await.unwrap();
    assert_eq!(bench_thread.post_count, 50, "the first thread is one full page");
    let threads: i64 = 20;
    let mut posts = 0;
    for id in 1..=threads {
        posts += store.forum_thread(id, None).await.unwrap().post_count;
    }
    assert_eq!(posts, 126, "every generated post is in a thread");
    let member = store.member_ids().await.unwrap()[0];
    let reply = altto_store::NewPost {
        author: member,
        body: "A reply after the generated ones".into(),
        body_html: "<p>A reply after the generated ones</p>".into(),
        mentions: Vec::new(),
        waiting: false,
    };
    let id =
        store.reply_in_forum_thread(2, &reply, &Default::default()).await.expect("a new post gets a new id");
    assert_eq!(id, 127);
    let lines = std::fs::read_to_string(&sessions).unwrap();
    assert_eq!(lines.lines().count(), 4);
    let first = lines.lines().next().unwrap();
    let (cookie, token) = first.split_once(' ').unwrap();
    assert!(cookie.len() > 40 && token.len() > 40);
    let hash = altto::random::hash(cookie);
    assert!(store.session(&hash).await.unwrap().is_some(), "the session works");
}
