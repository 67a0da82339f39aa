//! Shared resources in Chromium: a member shares a worksheet in a thread with the plain
//! form, and another member finds it on the resources page and downloads it — every page
//! scanned for accessibility problems.

use fantoccini::Locator;

use crate::{
    browser::Browser,
    helpers::{PASSWORD, TestApp},
    resources::trusted,
};

/// A browser signed in as `email`.
async fn signed_in(app: &TestApp, email: &str) -> Browser {
    let browser = Browser::open(app).await;
    browser.goto("/login").await;
    browser.fill("email", email).await;
    browser.fill("password", PASSWORD).await;
    browser.press("Sign in").await;
    browser
}

#[tokio::test]
async fn a_member_shares_a_worksheet_in_a_thread_and_another_downloads_it_from_the_resources_page() {
    let app = TestApp::spawn().await;
    altto::community::load_once(app.store()).await.unwrap();
    trusted(&app, "emi@example.org", "Emi").await;
    let ben = app.create_member("ben@example.org", "Ben").await;
    let dir = tempfile::tempdir().unwrap();
    let worksheet = dir.path().join("Weather worksheet.pdf");
    std::fs::write(&worksheet, crate::resources::PDF).unwrap();

    let emi = signed_in(&app, "emi@example.org").await;
    emi.goto("/community/new").await;
    emi.select("category", "elementary").await;
    emi.fill("title", "Weather lessons for grade 4").await;
    emi.fill("body", "What do you use for the weather unit?").await;
    emi.press("Start thread").await;
    emi.follow("Share a file in this thread").await;
    emi.assert_accessible().await;
    emi.fill("title", "Weather worksheet").await;
    emi.fill("description", "Sunny, rainy, cloudy: match and colour.").await;
    emi.client.find(Locator::Id("licence-cc-by-4.0")).await.unwrap().click().await.unwrap();
    emi.select("level", "elementary").await;
    emi.select("grade", "4").await;
    let file = emi.client.find(Locator::Id("file")).await.unwrap();
    file.send_keys(worksheet.to_str().unwrap()).await.unwrap();
    emi.press("Share the file").await;
    let page = emi.main_text().await;
    assert!(page.contains("Shared a file: Weather worksheet"), "{page}");
    emi.assert_accessible().await;
    emi.close().await;

    let reader = signed_in(&app, "ben@example.org").await;
    reader.goto("/community").await;
    reader.follow("Shared resources").await;
    reader.assert_accessible().await;
    reader.select("level", "elementary").await;
    reader.select("grade", "4").await;
    reader.press("Show").await;
    assert!(reader.main_text().await.contains("Weather worksheet"));
    reader.assert_accessible().await;
    // The download link itself, as the browser would follow it (with its cookies).
    let link = reader.client.find(Locator::LinkText("Weather worksheet")).await.unwrap();
    let href = link.attr("href").await.unwrap().unwrap();
    assert!(href.ends_with("/weather-worksheet.pdf"), "{href}");
    let mut agent = app.agent_for(ben).await;
    let download = agent.get(&href).await;
    assert_eq!(download.raw.as_ref(), crate::resources::PDF);
    reader.goto("/community/resources").await;
    assert!(reader.main_text().await.contains("1 download"));
    reader.close().await;
}
