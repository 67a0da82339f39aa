//! Real-browser tests: Debian's Chromium, driven through chromedriver, against the real
//! server on a free port, with an axe-core accessibility scan of every page visited.

use std::{
    net::TcpListener,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::helpers::TestApp;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A headless Chromium session against one test app.
pub struct Browser {
    pub client: Client,
    base: String,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium profile pointed at `app`.
    pub async fn open(app: &TestApp) -> Self {
        assert!(
            std::path::Path::new(CHROMEDRIVER).exists() && std::path::Path::new(CHROMIUM).exists(),
            "browser tests need Debian's chromium and chromium-driver: run scripts/test, which installs them"
        );
        let base = app.serve().await;
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().unwrap();
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1024,800",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        });
        let capabilities = capabilities.as_object().unwrap().clone();
        let webdriver = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&webdriver)
                .await
            {
                Ok(client) => break client,
                Err(err) if started.elapsed() < Duration::from_secs(20) => {
                    let _ = err;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(err) => panic!("cannot start Chromium through chromedriver: {err}"),
            }
        };
        Self { client, base, driver, _profile: profile }
    }

    /// Opens `path` on the app.
    pub async fn goto(&self, path: &str) {
        self.client.goto(&format!("{}{path}", self.base)).await.unwrap();
    }

    /// The `lang` attribute of the page's `<html>` element.
    pub async fn html_lang(&self) -> String {
        self.client.find(Locator::Css("html")).await.unwrap().attr("lang").await.unwrap().unwrap_or_default()
    }

    /// Types `value` into the field with id `id` (replacing what is there).
    pub async fn fill(&self, id: &str, value: &str) {
        let field = self.client.find(Locator::Id(id)).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }

    /// Chooses the option with value `value` of the list with id `id`.
    pub async fn select(&self, id: &str, value: &str) {
        self.client.find(Locator::Id(id)).await.unwrap().select_by_value(value).await.unwrap();
    }

    /// Clicks the button whose text is `text` and waits for the next page.
    pub async fn press(&self, text: &str) {
        let xpath = format!("//button[normalize-space()='{text}']");
        self.click_and_wait(Locator::XPath(&xpath)).await;
    }

    /// Follows the link whose text is `text` and waits for the next page.
    pub async fn follow(&self, text: &str) {
        self.click_and_wait(Locator::LinkText(text)).await;
    }

    /// Clicks an element that loads a new page, and waits until the old page is gone
    /// (its root element goes stale) and the new one has loaded.
    pub async fn click_and_wait(&self, target: Locator<'_>) {
        let old_root = self.client.find(Locator::Css("html")).await.unwrap();
        self.client.find(target).await.unwrap().click().await.unwrap();
        let started = Instant::now();
        while old_root.tag_name().await.is_ok() {
            assert!(started.elapsed() < Duration::from_secs(15), "the click did not load a new page");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.client.wait().for_element(Locator::Css("footer")).await.unwrap();
    }

    /// The visible text of the page's main content.
    pub async fn main_text(&self) -> String {
        self.client.find(Locator::Css("main")).await.unwrap().text().await.unwrap()
    }

    /// The text of the first `<h1>`.
    pub async fn heading(&self) -> String {
        self.client.find(Locator::Css("h1")).await.unwrap().text().await.unwrap()
    }

    /// The path (and query) of the page now shown.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        url.as_str().trim_start_matches(&self.base).to_owned()
    }

    /// Runs axe-core on the current page and fails on any serious or critical violation.
    pub async fn assert_accessible(&self) {
        let axe =
            std::fs::read_to_string(axe_path()).expect("axe-core is installed (scripts/test runs npm ci)");
        self.client.execute(&axe, vec![]).await.unwrap();
        let violations = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                   axe.run(document, { resultTypes: ['violations'] }).then(result => done(
                     result.violations
                       .filter(v => v.impact === 'serious' || v.impact === 'critical')
                       .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)
                   ), error => done([`axe failed: ${error}`]));"#,
                vec![],
            )
            .await
            .unwrap();
        let violations: Vec<String> = serde_json::from_value(violations).unwrap();
        let path = self.path().await;
        assert!(violations.is_empty(), "accessibility violations on {path}:\n{}", violations.join("\n"));
    }

    /// Ends the session and stops chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn axe_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../node_modules/axe-core/axe.min.js")
}

#[tokio::test]
async fn a_visitor_reads_the_home_and_about_pages_in_english() {
    let app = TestApp::spawn().await;
    let browser = Browser::open(&app).await;
    browser.goto("/").await;
    assert_eq!(browser.html_lang().await, "en");
    assert_eq!(browser.heading().await, "Become the ALT your students need");
    browser.assert_accessible().await;

    browser.follow("About").await;
    assert_eq!(browser.path().await, "/about");
    assert_eq!(browser.heading().await, "About altto");
    browser.assert_accessible().await;
    browser.close().await;
}

#[tokio::test]
async fn the_language_switch_shows_japanese_and_remembers_the_choice() {
    let app = TestApp::spawn().await;
    let browser = Browser::open(&app).await;
    browser.goto("/about").await;
    browser.follow("日本語").await;
    assert_eq!(browser.path().await, "/about", "the switch returns to the same page");
    assert_eq!(browser.html_lang().await, "ja");
    assert_eq!(browser.heading().await, "altto について");
    browser.assert_accessible().await;

    browser.goto("/").await;
    assert_eq!(browser.html_lang().await, "ja", "the choice is kept on the next page");
    browser.assert_accessible().await;

    browser.follow("English").await;
    assert_eq!(browser.html_lang().await, "en");
    browser.close().await;
}

#[tokio::test]
async fn a_mistyped_address_shows_a_friendly_accessible_404() {
    let app = TestApp::spawn().await;
    let browser = Browser::open(&app).await;
    browser.goto("/no-such-page").await;
    assert_eq!(browser.heading().await, "Page not found");
    browser.assert_accessible().await;
    browser.follow("Go to the home page").await;
    assert_eq!(browser.path().await, "/");
    browser.close().await;
}

#[tokio::test]
async fn the_layout_fits_a_320_pixel_phone_without_sideways_scrolling() {
    let app = TestApp::spawn().await;
    let browser = Browser::open(&app).await;
    browser.client.set_window_size(320, 640).await.unwrap();
    for path in ["/", "/about", "/missing"] {
        browser.goto(path).await;
        let overflow = browser
            .client
            .execute("return document.documentElement.scrollWidth > window.innerWidth;", vec![])
            .await
            .unwrap();
        assert_eq!(overflow, json!(false), "{path} scrolls sideways at 320 px");
    }
    browser.close().await;
}
