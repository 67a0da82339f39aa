//! Search as a teacher uses it on a phone: the header's box, the results page (checked
//! for width and accessibility), and a result opened.

use fantoccini::Locator;

use crate::{browser::Browser, search::search_app};

#[tokio::test]
async fn a_teacher_searches_from_the_header_on_a_phone_and_opens_a_result() {
    let app = search_app().await;
    let browser = Browser::open(&app).await;
    browser.at_phone_width().await;
    browser.goto("/").await;
    browser.assert_fits_width().await;
    browser.fill("header-search-q", "学級経営").await;
    browser.press("Search").await;
    assert!(browser.path().await.starts_with("/search?q="), "{}", browser.path().await);
    browser.assert_fits_width().await;
    browser.assert_accessible().await;
    let results = browser.main_text().await;
    assert!(
        results.contains("ALTのための学級経営の基本") || results.contains("Classroom management"),
        "{results}"
    );
    browser.click_and_wait(Locator::Css(".result-title a")).await;
    let opened = browser.path().await;
    assert!(
        opened == "/courses/alt-essentials/lessons/classroom-management"
            || opened == "/glossary/gakkyu-keiei",
        "{opened}"
    );
    assert!(!browser.heading().await.is_empty());
    // The filters work as a plain form, in Japanese too.
    browser.goto("/search?q=%E6%8B%85%E4%BB%BB&kind=term").await;
    browser.assert_accessible().await;
    assert!(browser.main_text().await.contains("担任"));
    browser.close().await;
}
