//! The test harness: a fresh app per test, in-process requests with a cookie jar, and
//! a real server for the browser.

use std::collections::HashMap;

use altto::{AppState, Settings, router};
use altto_store::{ConnectOptions, DatabaseUrl, Grants, NewUser, Role, Store, UserId};
use axum::{
    Router,
    body::Body,
    http::{HeaderMap, Request, StatusCode},
};
use http_body_util::BodyExt as _;
use sqlx::Connection as _;
use tempfile::TempDir;
use tower::ServiceExt as _;

/// A password that passes the strength check, for test accounts.
pub const PASSWORD: &str = "plum kettle orbit 47 lanterns";

/// One application with its own database and data folder.
pub struct TestApp {
    pub state: AppState,
    pub settings: Settings,
    router: Router,
    _data_dir: TempDir,
}

/// A response read to the end.
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent (e.g. still compressed).
    pub raw: axum::body::Bytes,
}

/// `bytes` gzip-decompressed, as a browser would (panics on a broken stream).
pub fn gunzip(bytes: &[u8]) -> String {
    use std::io::Read as _;
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes).read_to_string(&mut text).expect("a whole gzip stream");
    text
}

impl TestResponse {
    /// A response header as text ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// The `Location` of a redirect.
    pub fn location(&self) -> &str {
        self.header("location")
    }
}

/// The database URL for a fresh test database: a schema of its own in the PostgreSQL
/// test database when `ALTTO_TEST_DATABASE_URL` is set, else a SQLite file in `dir`.
pub async fn fresh_database_url(dir: &std::path::Path) -> DatabaseUrl {
    match std::env::var("ALTTO_TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => {
            let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&base)
                .await
                .unwrap_or_else(|err| panic!("ALTTO_TEST_DATABASE_URL is set but unreachable: {err}"));
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
                .execute(&mut conn)
                .await
                .unwrap();
            let separator = if base.contains('?') { '&' } else { '?' };
            DatabaseUrl::parse(&format!("{base}{separator}options=-c%20search_path%3D{schema}")).unwrap()
        }
        _ => DatabaseUrl::sqlite_file(&dir.join("altto.db")),
    }
}

/// Runs one SQL statement on the database at `url`, outside any store; returns the rows
/// it changed.
pub async fn run_sql(url: &str, statement: &str) -> u64 {
    let statement = sqlx::AssertSqlSafe(statement.to_owned());
    if url.starts_with("postgres") {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query(statement).execute(&mut conn).await.unwrap().rows_affected()
    } else {
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query(statement).execute(&mut conn).await.unwrap().rows_affected()
    }
}

/// The first column of every row `statement` selects from the database at `url`,
/// read behind any store's back.
pub async fn column<T>(url: &str, statement: &str) -> Vec<T>
where
    T: Send
        + Unpin
        + sqlx::Type<sqlx::Postgres>
        + sqlx::Type<sqlx::Sqlite>
        + for<'r> sqlx::Decode<'r, sqlx::Postgres>
        + for<'r> sqlx::Decode<'r, sqlx::Sqlite>,
{
    let statement = sqlx::AssertSqlSafe(statement.to_owned());
    if url.starts_with("postgres") {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query_scalar(statement).fetch_all(&mut conn).await.unwrap()
    } else {
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query_scalar(statement).fetch_all(&mut conn).await.unwrap()
    }
}

/// Publishes the newest revision of course `course_id` behind the app's back (as the
/// command line's import does), for tests that build a course in the store directly.
pub async fn publish_latest(store: &Store, course_id: i64) {
    let doc = altto_store::DocumentRef::course(course_id);
    let before = store.document(doc).await.unwrap().workflow();
    let after = altto_store::Workflow { published: before.latest, archived: false, ..before };
    let note = altto_store::NewReviewNote {
        revision_id: before.latest,
        user_id: None,
        event: "published",
        body: "",
    };
    store.apply_workflow(doc, before, after, note).await.unwrap();
}

impl TestApp {
    /// A fresh app on a fresh, migrated database.
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// A fresh app whose settings `adjust` changes first.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let url = fresh_database_url(data_dir.path()).await;
        Self::spawn_on(data_dir, url, adjust).await
    }

    /// A fresh app on the database at `url`, with its data folder in `data_dir` (and a
    /// pool of 4 connections unless `adjust` sets `database_max_connections`).
    pub async fn spawn_on(data_dir: TempDir, url: DatabaseUrl, adjust: impl FnOnce(&mut Settings)) -> Self {
        if std::env::var_os("ALTTO_LOG").is_some() {
            altto::server::init_tracing(altto::config::LogFormat::Text);
        }
        let mut settings = Settings {
            data_dir: data_dir.path().to_owned(),
            database_url: Some(url.expose().to_owned()),
            // Tests of other parts post as brand-new members; tests of moderation
            // (tests/it/moderation.rs) turn the holding of first posts back on.
            forum_posts_held: 0,
            ..Settings::default()
        };
        adjust(&mut settings);
        settings.prepare_data_dir().unwrap();
        let mut options = ConnectOptions::new(url);
        // A small pool unless the test asks for the size a server would have.
        options.max_connections = Some(settings.database_max_connections.unwrap_or(4));
        let store = Store::connect(&options).await.unwrap();
        store.migrate().await.unwrap();
        let state = AppState::build(settings.clone(), store).await.unwrap();
        let router = router(state.clone());
        Self { state, settings, router, _data_dir: data_dir }
    }

    pub fn store(&self) -> &Store {
        &self.state.store
    }

    /// Runs one SQL statement on the test database behind the store's back (to break
    /// something on purpose); returns the rows it changed.
    pub async fn sql(&self, statement: &str) -> u64 {
        run_sql(self.settings.database_url.as_deref().unwrap(), statement).await
    }

    /// Runs one query on the test database behind the store's back and returns its
    /// first column, a value a row (to check what was stored, e.g. every
    /// `SELECT answers FROM quiz_attempts WHERE …`).
    pub async fn column<T>(&self, statement: &str) -> Vec<T>
    where
        T: Send
            + Unpin
            + sqlx::Type<sqlx::Postgres>
            + sqlx::Type<sqlx::Sqlite>
            + for<'r> sqlx::Decode<'r, sqlx::Postgres>
            + for<'r> sqlx::Decode<'r, sqlx::Sqlite>,
    {
        column(self.settings.database_url.as_deref().unwrap(), statement).await
    }

    /// A second node of this app, as a second server behind a load balancer: its own
    /// state, store, pool and in-memory caches on the same PostgreSQL database, the
    /// same settings, and a data folder of its own holding this node's certificate
    /// signing key (every node of a site must sign with the same key). `None` on
    /// SQLite, where a second server on the same file is refused by design (see
    /// `altto::server::lock_sqlite_database`).
    pub async fn another_node(&self) -> Option<TestApp> {
        let url = DatabaseUrl::parse(self.settings.database_url.as_deref()?).unwrap();
        if url.sqlite_path().is_some() {
            return None;
        }
        let data_dir = tempfile::tempdir().unwrap();
        let key = altto::certificates::signing::KEY_FILE;
        if self.settings.data_dir.join(key).exists() {
            std::fs::copy(self.settings.data_dir.join(key), data_dir.path().join(key)).unwrap();
        }
        let same = self.settings.clone();
        let node = Self::spawn_on(data_dir, url, move |settings| {
            let own_folder = settings.data_dir.clone();
            *settings = Settings { data_dir: own_folder, ..same };
        })
        .await;
        Some(node)
    }

    /// Sends a request through the whole middleware stack, in process.
    pub async fn request(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        // `body` is what a browser would show: decompressed if it was sent compressed.
        let body = match headers.get("content-encoding").is_some_and(|v| v == "gzip") {
            true => gunzip(&bytes),
            false => String::from_utf8_lossy(&bytes).into_owned(),
        };
        TestResponse { status, headers, body, raw: bytes }
    }

    /// A new API token of `user` with `scopes` (`"read write"`), as the value of an
    /// `Authorization` header.
    pub async fn bearer(&self, user: UserId, scopes: &str) -> String {
        let token = format!("altto_test-{}", altto::random::token());
        let hash = altto::random::hash(&token);
        self.store().create_api_token(user, "test", &hash, &token[..12], scopes, None).await.unwrap();
        format!("Bearer {token}")
    }

    /// `method path` with the JSON `body`, authorised by `bearer` (see [`Self::bearer`]).
    pub async fn send_json(
        &self,
        method: &str,
        path: &str,
        bearer: &str,
        body: &serde_json::Value,
    ) -> TestResponse {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", bearer)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.request(request).await
    }

    /// `GET path` with extra headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut request = Request::get(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.request(request.body(Body::empty()).unwrap()).await
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> TestResponse {
        self.get_with(path, &[]).await
    }

    /// Serves the app on a free local port, as `altto serve` does; returns its base URL
    /// (no trailing slash).
    pub async fn serve(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let service = self.router.clone().into_make_service_with_connect_info::<std::net::SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, service).await });
        format!("http://{address}")
    }

    /// Loads (and publishes) the built-in starter course.
    pub async fn with_starter_course(self) -> Self {
        altto::courses::library::load_starter_course(self.store()).await.unwrap();
        self
    }

    /// Loads (and publishes) the built-in starter library, news and people.
    pub async fn with_starter_library(self) -> Self {
        altto::library::starter::load_once(self.store()).await.unwrap();
        self
    }

    /// The published starter course's content.
    pub async fn starter(&self) -> std::sync::Arc<altto::courses::Published> {
        self.state.courses.published(self.store(), "alt-essentials").await.unwrap().unwrap()
    }

    /// A client with its own cookie jar.
    pub fn agent(&self) -> Agent<'_> {
        Agent { app: self, cookies: HashMap::new(), headers: Vec::new() }
    }

    /// Creates an active, verified account with [`PASSWORD`].
    pub async fn create_user(&self, email: &str, name: &str, grants: Grants) -> UserId {
        let new = NewUser {
            email: email.to_owned(),
            password_hash: self.state.passwords.hash(PASSWORD.to_owned()).await.unwrap(),
            display_name: name.to_owned(),
            locale: "en".to_owned(),
            email_verified: true,
            role: grants.role,
            is_moderator: grants.is_moderator,
            is_admin: grants.is_admin,
        };
        self.store().create_user(&new).await.unwrap()
    }

    /// An admin account (a member with the admin grant), `admin@example.org`.
    pub async fn create_admin(&self) -> UserId {
        self.create_user(
            "admin@example.org",
            "Admin",
            Grants { role: Role::Member, is_moderator: false, is_admin: true },
        )
        .await
    }

    /// A plain member account.
    pub async fn create_member(&self, email: &str, name: &str) -> UserId {
        self.create_user(email, name, Grants { role: Role::Member, is_moderator: false, is_admin: false })
            .await
    }

    /// An agent signed in as `user_id` (a session made directly, without a password).
    pub async fn agent_for(&self, user_id: UserId) -> Agent<'_> {
        let token = altto::random::token();
        let expires = altto_store::now_millis() + 3_600_000;
        self.store().create_session(&altto::random::hash(&token), user_id, expires, "test").await.unwrap();
        let mut agent = self.agent();
        agent.cookies.insert(altto::auth::SESSION_COOKIE.to_owned(), token);
        agent
    }

    /// Delivers queued mail into the outbox and returns every message written so far,
    /// oldest first, each as its headers and decoded text.
    pub async fn outbox(&self) -> Vec<String> {
        self.state.mailer.deliver_due(self.store()).await.unwrap();
        let pending = self.store().pending_mail_count().await.unwrap();
        assert_eq!(pending, 0, "every queued message was delivered");
        let files: Vec<_> = std::fs::read_dir(self.settings.outbox_dir())
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
            .collect();
        let mut mails: Vec<(String, String)> = files
            .into_iter()
            .map(|path| {
                let raw = std::fs::read(path).unwrap();
                let mail = mailparse::parse_mail(&raw).unwrap();
                let headers: String =
                    mail.headers.iter().map(|h| format!("{}: {}\n", h.get_key(), h.get_value())).collect();
                let id = mail.headers.iter().find(|h| h.get_key() == "Message-ID").unwrap().get_value();
                // A message with an HTML part beside its text (a newsletter) is read as
                // each part's type and decoded text, one after the other.
                let body = if mail.subparts.is_empty() {
                    mail.get_body().unwrap()
                } else {
                    mail.subparts
                        .iter()
                        .map(|part| format!("Part: {}\n{}\n", part.ctype.mimetype, part.get_body().unwrap()))
                        .collect()
                };
                (id, format!("{headers}\n{body}"))
            })
            .collect();
        // Message-IDs start with the zero-padded queue id: sorting them is queue order.
        mails.sort();
        mails.into_iter().map(|(_, mail)| mail).collect()
    }

    /// The messages in the outbox addressed to `to`.
    pub async fn mail_to(&self, to: &str) -> Vec<String> {
        self.outbox().await.into_iter().filter(|mail| mail.contains(&format!("To: {to}"))).collect()
    }
}

/// The first link in a mail, as a path on the site.
pub fn link_in(mail: &str) -> String {
    let start = mail.find("http://").expect("the mail has a link");
    let url: String = mail[start..].chars().take_while(|c| !c.is_whitespace()).collect();
    let after_scheme = &url["http://".len()..];
    after_scheme[after_scheme.find('/').unwrap()..].to_owned()
}

/// The CSRF token in a page's first form.
pub fn csrf_in(html: &str) -> Option<String> {
    let marker = r#"name="_csrf" value=""#;
    let start = html.find(marker)? + marker.len();
    Some(html[start..start + html[start..].find('"')?].to_owned())
}

/// The address of the link marked `rel` in a page (`next` is a paged list's "Older",
/// `prev` its "Newer"), unescaped as a browser reads it; `None` when there is none.
pub fn rel_link(html: &str, rel: &str) -> Option<String> {
    let end = html.find(&format!(r#"" rel="{rel}""#))?;
    let start = html[..end].rfind(r#"href=""#)? + r#"href=""#.len();
    Some(html[start..end].replace("&#38;", "&").replace("&amp;", "&"))
}

/// A client with a cookie jar, like one browser.
pub struct Agent<'a> {
    app: &'a TestApp,
    pub cookies: HashMap<String, String>,
    headers: Vec<(String, String)>,
}

impl Agent<'_> {
    /// Sends this header with every request.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The same browser (cookies and headers) sending its next requests to `app`, as a
    /// load balancer may send them to another node.
    pub fn on<'b>(&self, app: &'b TestApp) -> Agent<'b> {
        Agent { app, cookies: self.cookies.clone(), headers: self.headers.clone() }
    }

    /// A `POST path` with exactly these form fields, as this browser sends it (its
    /// cookies and headers), to send later, e.g. from a task of its own with
    /// [`TestApp::request`].
    pub fn post_request(&self, path: &str, fields: &[(&str, &str)]) -> Request<Body> {
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let mut request = Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", self.cookie_header());
        for (name, value) in &self.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        request.body(Body::from(body)).unwrap()
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    async fn send(&mut self, request: axum::http::request::Builder, body: Body) -> TestResponse {
        let mut request = request.header("cookie", self.cookie_header());
        for (name, value) in &self.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let response = self.app.request(request.body(body).unwrap()).await;
        for value in response.headers.get_all("set-cookie") {
            let value = value.to_str().unwrap();
            let (pair, attributes) = value.split_once(';').unwrap_or((value, ""));
            let (name, content) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), content.to_owned());
            }
        }
        response
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str) -> TestResponse {
        self.send(Request::get(path), Body::empty()).await
    }

    /// `GET path` without this client's `Accept-Encoding` header.
    pub async fn get_without_gzip(&mut self, path: &str) -> TestResponse {
        let all = std::mem::take(&mut self.headers);
        self.headers =
            all.iter().filter(|(name, _)| !name.eq_ignore_ascii_case("accept-encoding")).cloned().collect();
        let response = self.get(path).await;
        self.headers = all;
        response
    }

    /// A CSRF token valid for this client now (read from the sign-in page's form).
    pub async fn csrf(&mut self) -> String {
        let page = self.get("/login").await;
        csrf_in(&page.body).expect("the sign-in page has a form")
    }

    /// `POST path` with a form body and a valid CSRF token.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// `POST path` with exactly these form fields.
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let request = Request::post(path).header("content-type", "application/x-www-form-urlencoded");
        self.send(request, Body::from(body)).await
    }

    /// Signs in through the form.
    pub async fn sign_in(&mut self, email: &str, password: &str) -> TestResponse {
        self.post("/login", &[("email", email), ("password", password)]).await
    }
}

/// Form fields that answer every question of `lesson`'s quiz correctly.
pub fn right_answers(lesson: &altto::courses::content::LessonContent) -> Vec<(String, String)> {
    use altto::courses::{content::Question, quiz::cloze};
    let mut fields = Vec::new();
    for (i, question) in lesson.quiz.as_ref().unwrap().questions.iter().enumerate() {
        let name = format!("q{i}");
        match question {
            Question::Single { choices, .. } | Question::Multiple { choices, .. } => {
                // Choices are named where they are shown (shuffled, if the quiz says so).
                let quiz = lesson.quiz.as_ref().unwrap();
                let at = altto::courses::quiz::shown::inverse(&altto::courses::quiz::choice_order(
                    quiz,
                    lesson.id,
                    i,
                    choices.len(),
                ));
                for (c, _) in choices.iter().enumerate().filter(|(_, c)| c.correct) {
                    fields.push((name.clone(), at[c].to_string()));
                }
            }
            Question::TrueFalse { answer, .. } => fields.push((name, answer.to_string())),
            Question::Short { answers, .. } => fields.push((name, answers[0].clone())),
            Question::Ordering { .. } | Question::Matching { .. } => {
                for (part, value) in right_parts(lesson.id, i, question).into_iter().enumerate() {
                    fields.push((format!("{name}-{part}"), value.to_string()));
                }
            }
            Question::Cloze { text, .. } => {
                for (blank, accepted) in cloze::blanks(text).unwrap().into_iter().enumerate() {
                    fields.push((format!("{name}-{blank}"), accepted[0].clone()));
                }
            }
        }
    }
    fields
}

/// The right value of each part of ordering or matching question `index` of lesson
/// `lesson`, as its form fields `q{index}-{part}` take them: for each item where it is
/// shown, its position (from 1); for each left item, where its partner is shown.
pub fn right_parts(lesson: i64, index: usize, question: &altto::courses::content::Question) -> Vec<usize> {
    use altto::courses::{content::Question, quiz::shown};
    match question {
        Question::Ordering { items, .. } => {
            shown::order(lesson, index, items.len()).iter().map(|item| item + 1).collect()
        }
        Question::Matching { pairs, distractors, .. } => {
            let at = shown::inverse(&shown::order(lesson, index, pairs.len() + distractors.len()));
            (0..pairs.len()).map(|pair| at[pair]).collect()
        }
        _ => Vec::new(),
    }
}

/// A TCP proxy in front of a database, which a test can cut and restore to play an
/// outage: while cut it closes every connection, open or new.
pub struct Proxy {
    /// The local port it listens on.
    pub port: u16,
    up: std::sync::Arc<std::sync::atomic::AtomicBool>,
    pipes: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl Proxy {
    /// Forwards a local port to `target` (`host:port`).
    pub async fn start(target: String) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let pipes = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (open, kept) = (up.clone(), pipes.clone());
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if !open.load(std::sync::atomic::Ordering::SeqCst) {
                    continue; // dropped: closed at once
                }
                let target = target.clone();
                kept.lock().unwrap().push(tokio::spawn(async move {
                    if let Ok(mut server) = tokio::net::TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                }));
            }
        });
        Self { port, up, pipes }
    }

    /// The database goes away: open connections are closed, new ones refused.
    pub fn cut(&self) {
        self.up.store(false, std::sync::atomic::Ordering::SeqCst);
        for pipe in self.pipes.lock().unwrap().drain(..) {
            pipe.abort();
        }
    }

    /// The database is back.
    pub fn restore(&self) {
        self.up.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}
