//! The test harness: a fresh app per test, in-process requests, and a real server for
//! the browser.

use altto::{AppState, Settings, router};
use altto_store::{ConnectOptions, DatabaseUrl, Store};
use axum::{
    Router,
    body::Body,
    http::{HeaderMap, Request, StatusCode},
};
use http_body_util::BodyExt as _;
use sqlx::Connection as _;
use tempfile::TempDir;
use tower::ServiceExt as _;

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
}

impl TestResponse {
    /// A response header as text ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
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

impl TestApp {
    /// A fresh app on a fresh, migrated database.
    pub async fn spawn() -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let url = fresh_database_url(data_dir.path()).await;
        let settings = Settings {
            data_dir: data_dir.path().to_owned(),
            database_url: Some(url.expose().to_owned()),
            ..Settings::default()
        };
        settings.prepare_data_dir().unwrap();
        let mut options = ConnectOptions::new(url);
        options.max_connections = Some(4);
        let store = Store::connect(&options).await.unwrap();
        store.migrate().await.unwrap();
        let state = AppState::new(settings.clone(), store);
        let router = router(state.clone());
        Self { state, settings, router, _data_dir: data_dir }
    }

    /// Sends a request through the whole middleware stack, in process.
    pub async fn request(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
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

    /// Serves the app on a free local port; returns its base URL (no trailing slash).
    pub async fn serve(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let router = self.router.clone();
        tokio::spawn(async move { axum::serve(listener, router).await });
        format!("http://{address}")
    }
}
