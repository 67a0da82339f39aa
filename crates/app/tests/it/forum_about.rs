//! The discussion under every lesson, library article and news post: one thread per
//! item, created by its first post, reached from the item's page.

use crate::forum::forum_app;

#[tokio::test]
async fn a_lesson_discussion_is_created_by_its_first_post_and_reused_by_the_second() {
    let app = forum_app().await.with_starter_course().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let kim = app.create_member("kim@example.org", "Kim").await;
    let address = "/community/about/lesson/alt-essentials/the-school-year";
    let lesson = app.get("/courses/alt-essentials/lessons/the-school-year").await.body;
    assert!(lesson.contains(address) && lesson.contains("Discuss this lesson"));
    let empty = app.get(address).await;
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains("No one has posted here yet"));
    assert_eq!(
        app.column::<i64>("SELECT COUNT(*) FROM forum_threads").await,
        vec![0],
        "reading creates nothing"
    );
    let first = app.agent_for(sam).await.post(address, &[("body", "Loved this lesson")]).await;
    assert_eq!(first.status, 303);
    let second = app.agent_for(kim).await.post(address, &[("body", "Me too")]).await;
    assert_eq!(second.status, 303);
    assert_eq!(app.column::<i64>("SELECT COUNT(*) FROM forum_threads").await, vec![1]);
    assert_eq!(app.column::<i64>("SELECT post_count FROM forum_threads").await, vec![2]);
    let page = app.get(address).await.body;
    assert!(page.contains("Loved this lesson") && page.contains("Me too"));
    assert!(page.contains("/courses/alt-essentials/lessons/the-school-year"));
    assert_eq!(app.get("/community/about/lesson/alt-essentials/no-such-lesson").await.status, 404);
    assert_eq!(app.get("/community/about/lesson/no-such-course/the-school-year").await.status, 404);
    let refused =
        app.agent_for(sam).await.post("/community/about/lesson/alt-essentials/nope", &[("body", "x")]).await;
    assert_eq!(refused.status, 404);
}

#[tokio::test]
async fn an_article_and_a_news_post_each_get_one_discussion() {
    let app = forum_app().await.with_starter_library().await;
    let sam = app.create_member("sam@example.org", "Sam").await;
    let mut agent = app.agent_for(sam).await;
    let article = "/community/about/library/assessment-three-viewpoints";
    let page = app.get("/library/assessment-three-viewpoints").await.body;
    assert!(page.contains(article) && page.contains("Discuss this article"));
    assert_eq!(agent.post(article, &[("body", "Useful summary")]).await.status, 303);
    assert_eq!(agent.post(article, &[("body", "One more thought")]).await.status, 303);
    let news = "/community/about/news/welcome-to-altto";
    assert_eq!(agent.post(news, &[("body", "Welcome!")]).await.status, 303);
    let kinds = app.column::<String>("SELECT about_kind FROM forum_threads ORDER BY about_kind").await;
    assert_eq!(kinds, vec!["article".to_owned(), "post".to_owned()]);
    assert!(app.get(article).await.body.contains("One more thought"));
    assert_eq!(app.get("/community/about/library/no-such-article").await.status, 404);
    assert_eq!(app.get("/community/about/shelf/assessment-three-viewpoints").await.status, 404);
}
