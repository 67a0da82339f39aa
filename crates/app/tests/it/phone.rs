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
