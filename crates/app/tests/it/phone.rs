//! Phones: every page a visitor or learner opens reads at 390 px wide — nothing makes
//! the page scroll sideways (a wide table scrolls inside its own box instead) — and
//! passes the accessibility scan there too.

use crate::{browser::Browser, helpers::TestApp};

#[tokio::test]
async fn every_public_page_fits_a_phone_and_its_tables_scroll_inside_their_boxes() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let browser = Browser::open(&app).await;
    browser.at_phone_width().await;
    let course = app.starter().await;
    let mut pages = vec![
        "/".to_owned(),
        "/courses".to_owned(),
        "/courses/alt-essentials".to_owned(),
        "/login".to_owned(),
        "/signup".to_owned(),
        "/certificates/verify".to_owned(),
    ];
    pages.extend(
        course
            .content
            .lessons()
            .map(|(_, lesson)| format!("/courses/alt-essentials/lessons/{}", lesson.slug)),
    );
    let mut tables = 0;
    for path in &pages {
        browser.goto(path).await;
        browser.assert_fits_width().await;
        browser.assert_accessible().await;
        let boxed = browser
            .client
            .execute(
                "return [document.querySelectorAll('.lesson-body table').length, \
                 document.querySelectorAll('.lesson-body .table-scroll > table').length];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(boxed[0], boxed[1], "{path}: every table of a lesson sits in its scrolling box");
        tables += boxed[0].as_i64().unwrap();
    }
    assert!(tables > 0, "the starter course has tables to try this on");
    browser.close().await;
}

#[tokio::test]
async fn every_page_an_author_or_editor_works_on_fits_a_phone() {
    use altto_store::{Grants, Role};
    let app = TestApp::spawn().await.with_starter_course().await;
    app.create_user(
        "emi@example.org",
        "Emi",
        Grants { role: Role::Editor, is_moderator: false, is_admin: false },
    )
    .await;
    let browser = Browser::open(&app).await;
    crate::courses_browser::sign_in(&browser, "emi@example.org").await;
    browser.at_phone_width().await;
    let course = "/author/courses/alt-essentials";
    let lesson = app.starter().await.content.lessons().next().unwrap().1.slug.clone();
    let pages = [
        "/author".to_owned(),
        "/author/courses/new".to_owned(),
        course.to_owned(),
        format!("{course}/lessons/{lesson}"),
        format!("{course}/lessons/{lesson}/quiz"),
        format!("{course}/lessons/{lesson}/preview?lang=en"),
        format!("{course}/lessons/{lesson}/preview?lang=ja"),
        format!("{course}/manage?what=lesson&key={lesson}"),
        format!("{course}/delete?what=lesson&key={lesson}"),
        format!("{course}/media"),
        format!("{course}/revisions"),
        "/admin/topics".to_owned(),
        "/notifications".to_owned(),
    ];
    for path in &pages {
        browser.goto(path).await;
        assert!(!browser.heading().await.is_empty(), "{path}");
        browser.assert_fits_width().await;
        browser.assert_accessible().await;
    }
    browser.close().await;
}
