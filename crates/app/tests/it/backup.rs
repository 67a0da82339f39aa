//! Backups: `altto backup` writes the whole site to one archive while it runs, and
//! `altto restore` loads it into an empty database of either kind.
//!
//! The source site is always SQLite (the default a site starts on); the database it is
//! restored into is a fresh test database — PostgreSQL in the PostgreSQL pass, so that
//! pass moves a site SQLite → PostgreSQL → SQLite.

use std::{
    collections::BTreeMap,
    io::{Read as _, Write as _},
    path::Path,
    process::{Command, Output},
};

use altto::{
    Settings,
    backup::{self, Bar},
    certificates::signing,
};
use altto_store::{ConnectOptions, DatabaseUrl, Store, backup::Progress};
use sha2::Digest as _;
use sqlx::{Connection as _, Row as _};

use crate::{
    courses::complete_starter_course,
    helpers::{PASSWORD, TestApp, fresh_database_url},
    media::Uploads,
};

/// Starts the checksum line at the end of every archive.
const TRAILER_TAG: &str = "altto-backup-sha256 ";
/// Tag, 64 hex digits, newline.
const TRAILER_LEN: usize = 20 + 64 + 1;

/// Settings of a site whose data folder is `dir` and whose database is `url`.
fn settings_for(dir: &Path, url: &DatabaseUrl) -> Settings {
    Settings { data_dir: dir.to_owned(), database_url: Some(url.expose().to_owned()), ..Settings::default() }
}

async fn back_up(settings: &Settings, file: &Path) -> String {
    backup::backup(settings, file, &mut Bar::hidden()).await.unwrap()
}

async fn restore(settings: &Settings, file: &Path, force: bool) -> anyhow::Result<String> {
    backup::restore(settings, file, force, &mut Bar::hidden()).await
}

/// The header and the decompressed lines of an archive, read as its format is
/// documented (independently of the code that writes it).
fn archive_lines(file: &Path) -> (serde_json::Value, Vec<serde_json::Value>) {
    let bytes = std::fs::read(file).unwrap();
    let (body, trailer) = bytes.split_at(bytes.len() - TRAILER_LEN);
    let trailer = std::str::from_utf8(trailer).unwrap();
    assert!(trailer.starts_with(TRAILER_TAG) && trailer.ends_with('\n'), "{trailer:?}");
    assert_eq!(trailer[TRAILER_TAG.len()..].trim(), hex(&sha2::Sha256::digest(body)));
    let mut text = String::new();
    flate2::read::GzDecoder::new(body).read_to_string(&mut text).unwrap();
    let mut lines = text.lines().map(|line| serde_json::from_str(line).unwrap());
    let header = lines.next().unwrap();
    (header, lines.collect())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every table's rows in an archive, each row as JSON with booleans written as SQLite
/// keeps them (1/0), sorted: the same for an archive of SQLite and of PostgreSQL.
fn archived_rows(file: &Path) -> BTreeMap<String, Vec<String>> {
    let (header, lines) = archive_lines(file);
    let mut tables: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for table in header["tables"].as_array().unwrap() {
        tables.insert(table["name"].as_str().unwrap().to_owned(), Vec::new());
    }
    let mut current = String::new();
    for line in lines {
        match line {
            serde_json::Value::Array(values) => {
                let values: Vec<serde_json::Value> = values
                    .into_iter()
                    .map(|v| match v {
                        serde_json::Value::Bool(b) => serde_json::Value::from(i64::from(b)),
                        other => other,
                    })
                    .collect();
                tables.get_mut(&current).unwrap().push(serde_json::to_string(&values).unwrap());
            }
            serde_json::Value::Object(map) if map.contains_key("table") => {
                current = map["table"].as_str().unwrap().to_owned();
            }
            other => assert_eq!(other, serde_json::json!({ "end": true })),
        }
    }
    tables.values_mut().for_each(|rows| rows.sort());
    tables
}

/// Every table's rows in a SQLite database (sqlx's own table aside), each value as
/// SQLite's `quote()` writes it — its type shows — sorted.
async fn sqlite_rows(path: &Path) -> BTreeMap<String, Vec<String>> {
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' \
         AND name NOT IN ('_sqlx_migrations', 'search_changes')",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut all = BTreeMap::new();
    for table in tables {
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
            .bind(&table)
            .fetch_all(&mut conn)
            .await
            .unwrap();
        let quoted: Vec<String> = columns.iter().map(|c| format!("quote(\"{c}\")")).collect();
        let select = format!("SELECT {} FROM \"{table}\"", quoted.join(" || ',' || "));
        let mut rows: Vec<String> =
            sqlx::query_scalar(sqlx::AssertSqlSafe(select)).fetch_all(&mut conn).await.unwrap();
        rows.sort();
        all.insert(table, rows);
    }
    all
}

/// How many tables the database at `url` has (none if it does not exist yet).
async fn tables_in(url: &DatabaseUrl) -> i64 {
    match url.sqlite_path() {
        Some(path) if !path.exists() => 0,
        Some(_) => {
            let mut conn = sqlx::SqliteConnection::connect(url.expose()).await.unwrap();
            sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")
                .fetch_one(&mut conn)
                .await
                .unwrap()
        }
        None => {
            let mut conn = sqlx::PgConnection::connect(url.expose()).await.unwrap();
            sqlx::query(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()",
            )
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0)
        }
    }
}

/// The archive at `file` with its decompressed text changed by `edit`, compressed and
/// checksummed again: what a newer (or another) altto could have written.
fn rewritten(file: &Path, edit: impl FnOnce(String) -> String) -> Vec<u8> {
    let bytes = std::fs::read(file).unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..bytes.len() - TRAILER_LEN]).read_to_string(&mut text).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(edit(text).as_bytes()).unwrap();
    let mut out = gz.finish().unwrap();
    let digest = hex(&sha2::Sha256::digest(&out));
    out.extend_from_slice(format!("{TRAILER_TAG}{digest}\n").as_bytes());
    out
}

/// A site with a member, backed up; returns the app and the archive's folder and path.
async fn a_small_site_backed_up() -> (TestApp, tempfile::TempDir, std::path::PathBuf) {
    let app = TestApp::spawn().await;
    app.create_member("from-the-backup@example.org", "From The Backup").await;
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("site.altto-backup");
    back_up(&app.settings, &file).await;
    (app, work, file)
}

#[tokio::test]
async fn a_site_moved_through_archives_into_another_database_and_back_keeps_every_row_and_still_works() {
    let dir_a = tempfile::tempdir().unwrap();
    let db_a = dir_a.path().join("altto.db");
    let a =
        TestApp::spawn_on(dir_a, DatabaseUrl::sqlite_file(&db_a), |_| {}).await.with_starter_course().await;
    // A member signs in through the form (a session, an audit row), fails once (another),
    // passes every quiz, completes the course and gets a certificate.
    let learner = a.create_member("learner@example.org", "Aiko Learner").await;
    let mut browser = a.agent();
    assert_eq!(browser.sign_in("learner@example.org", PASSWORD).await.status, 303);
    a.agent().sign_in("learner@example.org", "not the password").await;
    let last = complete_starter_course(&a, &mut browser).await;
    let certificate = last.split('?').next().unwrap().to_owned();
    assert!(certificate.starts_with("/certificates/"), "{last}");
    let jwt = a.get(&format!("{certificate}/credential.jwt")).await.body;
    // An editor uploads a photo of two and a half chunks.
    let uploads = Uploads::for_an_editor(&a).await;
    let editor_cookies = uploads.browser.cookies.clone();
    let mut photo = b"\x89PNG\r\n\x1a\n0000IHDR".to_vec();
    photo.extend((0..altto_store::CHUNK_BYTES as usize * 5 / 2).map(|i| (i % 251) as u8));
    assert_eq!(a.request(uploads.send(None, "board.png", &photo).await).await.status, 303);

    // A → archive → B → archive → C, while A's app is open.
    let work = tempfile::tempdir().unwrap();
    let (first, second) = (work.path().join("a.altto-backup"), work.path().join("b.altto-backup"));
    let said = back_up(&a.settings, &first).await;
    assert!(said.starts_with("backed up ") && said.contains("and the signing key"), "{said}");
    let rows_a = sqlite_rows(&db_a).await;
    let dir_b = tempfile::tempdir().unwrap();
    let url_b = fresh_database_url(dir_b.path()).await;
    let said = restore(&settings_for(dir_b.path(), &url_b), &first, false).await.unwrap();
    assert!(said.starts_with("restored ") && said.contains("taken from sqlite"), "{said}");
    back_up(&settings_for(dir_b.path(), &url_b), &second).await;
    let dir_c = tempfile::tempdir().unwrap();
    let db_c = dir_c.path().join("altto.db");
    restore(&settings_for(dir_c.path(), &DatabaseUrl::sqlite_file(&db_c)), &second, false).await.unwrap();

    // The first archive holds every table of A, every row of each.
    let archived_a = archived_rows(&first);
    assert_eq!(archived_a.keys().collect::<Vec<_>>(), rows_a.keys().collect::<Vec<_>>());
    for (table, rows) in &rows_a {
        assert_eq!(archived_a[table].len(), rows.len(), "{table}");
    }
    for (table, at_least) in [
        ("certificates", 1),
        ("quiz_attempts", 9),
        ("lesson_progress", 9),
        ("sessions", 2),
        ("blob_chunks", 3),
    ] {
        assert!(archived_a[table].len() >= at_least, "{table}: {}", archived_a[table].len());
    }
    let actions: Vec<&String> = archived_a["audit_log"].iter().collect();
    assert!(actions.iter().any(|row| row.contains("\"signed_in\"")), "{actions:?}");
    assert!(actions.iter().any(|row| row.contains("\"sign_in_failed\"")), "{actions:?}");
    // B holds exactly A's rows, and C — back on SQLite — is A, value for value and type
    // for type (booleans 0/1 again after PostgreSQL's true/false).
    assert_eq!(archived_rows(&second), archived_a);
    assert_eq!(sqlite_rows(&db_c).await, rows_a);

    // B serves the site: the certificate verifies with the restored key, the photo's bytes
    // are the same, the member's session still signs them in, and new rows get new ids.
    let b = TestApp::spawn_on(dir_b, url_b, |_| {}).await;
    let page = b.get(&certificate).await;
    assert!(page.body.contains("This certificate is genuine"), "{}", page.body);
    assert_eq!(b.get(&format!("{certificate}/credential.jwt")).await.body, jwt);
    let jwks: serde_json::Value = serde_json::from_str(&b.get("/.well-known/jwks.json").await.body).unwrap();
    assert_eq!(signing::verify(&jwt, &jwks).unwrap()["sub"], "Aiko Learner");
    // The course is a draft, so its file is its editor's to see.
    let mut editor_on_b = b.agent();
    editor_on_b.cookies = editor_cookies.clone();
    assert!(editor_on_b.get("/media/greetings/board.png").await.raw == photo, "the photo is served intact");
    let mut same_browser = b.agent();
    same_browser.cookies = browser.cookies.clone();
    let account = same_browser.get("/account").await;
    assert_eq!(account.status, 200);
    assert!(account.body.contains("learner@example.org"));
    let newcomer = b.create_member("newcomer@example.org", "Newcomer").await;
    assert!(newcomer.0 > learner.0);
}

#[tokio::test]
async fn an_archive_from_a_newer_altto_is_refused_with_its_reason_and_nothing_is_written() {
    let (_app, work, file) = a_small_site_backed_up().await;
    let (header, _) = archive_lines(&file);
    let version = header["schema_version"].as_i64().unwrap();
    let newer = work.path().join("newer.altto-backup");
    let from = format!("\"schema_version\":{version},");
    std::fs::write(&newer, rewritten(&file, |text| text.replacen(&from, "\"schema_version\":9999,", 1)))
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let err = format!("{:#}", restore(&settings_for(dir.path(), &url), &newer, false).await.unwrap_err());
    assert!(err.contains("written by a newer altto") && err.contains("9999"), "{err}");
    assert!(err.contains("upgrade altto") && err.contains("nothing was written"), "{err}");
    assert_eq!(tables_in(&url).await, 0);
    assert!(!dir.path().join(signing::KEY_FILE).exists());
}

/// Runs `statement` on the database at `url`.
async fn run_sql(url: &DatabaseUrl, statement: &str) {
    let statement = sqlx::AssertSqlSafe(statement.to_owned());
    match url.sqlite_path() {
        Some(_) => {
            let mut conn = sqlx::SqliteConnection::connect(url.expose()).await.unwrap();
            sqlx::query(statement).execute(&mut conn).await.unwrap();
        }
        None => {
            let mut conn = sqlx::PgConnection::connect(url.expose()).await.unwrap();
            sqlx::query(statement).execute(&mut conn).await.unwrap();
        }
    }
}

#[tokio::test]
async fn an_archive_from_an_older_altto_is_loaded_at_its_version_then_brought_up_to_date() {
    // A site still at migration 7, with a message the mail worker had given up on (which
    // migration 8 marks as failed).
    let old = tempfile::tempdir().unwrap();
    let old_url = fresh_database_url(old.path()).await;
    let store = Store::connect(&ConnectOptions::new(old_url.clone())).await.unwrap();
    store.migrate_to(7).await.unwrap();
    store.close().await;
    run_sql(
        &old_url,
        "INSERT INTO mail_queue (to_address, subject, body_text, created_at, next_attempt_at) \
         VALUES ('gone@example.org', 'Welcome', 'Hello', 1000, 9223372036854775807)",
    )
    .await;
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("old.altto-backup");
    let said = back_up(&settings_for(old.path(), &old_url), &file).await;
    assert!(said.contains("(schema version 7)"), "{said}");

    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let said = restore(&settings_for(dir.path(), &url), &file, false).await.unwrap();
    let newest = Store::migration_versions().0.into_iter().max().unwrap();
    assert!(said.contains(&format!("now at schema version {newest}")), "{said}");
    let store = Store::connect(&ConnectOptions::new(url)).await.unwrap();
    let failed = store.failed_mail(&altto_store::PageRequest::first(10)).await.unwrap().items;
    assert_eq!(failed.len(), 1, "migration 8 ran on the loaded rows");
    assert_eq!(failed[0].to_address, "gone@example.org");
}

#[tokio::test]
async fn a_truncated_or_altered_archive_is_refused_and_the_database_stays_empty() {
    let (_app, work, file) = a_small_site_backed_up().await;
    let whole = std::fs::read(&file).unwrap();
    let n = whole.len();
    let flipped = |at: usize| {
        let mut bytes = whole.clone();
        bytes[at] ^= 0x01;
        bytes
    };
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    for (case, bytes) in [
        ("cut in half", whole[..n / 2].to_vec()),
        ("without its last byte", whole[..n - 1].to_vec()),
        ("without its checksum", whole[..n - TRAILER_LEN].to_vec()),
        ("one byte altered in the middle", flipped(n / 2)),
        ("one byte altered in the header", flipped(12)),
        ("one digit of its checksum altered", flipped(n - 10)),
    ] {
        let damaged = work.path().join("damaged.altto-backup");
        std::fs::write(&damaged, bytes).unwrap();
        let err =
            format!("{:#}", restore(&settings_for(dir.path(), &url), &damaged, false).await.unwrap_err());
        assert!(
            err.contains("damaged or incomplete") && err.contains("nothing was written"),
            "{case}: {err}"
        );
        assert_eq!(tables_in(&url).await, 0, "{case}");
    }
    // The same target takes the whole archive.
    restore(&settings_for(dir.path(), &url), &file, false).await.unwrap();
    assert!(tables_in(&url).await > 0);
}

#[tokio::test]
async fn restoring_into_a_database_that_is_not_empty_is_refused_unless_forced_which_replaces_everything() {
    let (source, _work, file) = a_small_site_backed_up().await;
    let target = TestApp::spawn().await;
    target.create_member("already-here@example.org", "Already Here").await;
    let key_path = target.settings.data_dir.join(signing::KEY_FILE);
    let (theirs, ours) = (
        std::fs::read_to_string(&key_path).unwrap(),
        std::fs::read_to_string(source.settings.data_dir.join(signing::KEY_FILE)).unwrap(),
    );
    assert_ne!(theirs, ours);

    let err = format!("{:#}", restore(&target.settings, &file, false).await.unwrap_err());
    assert!(
        err.contains("is not empty") && err.contains("--force") && err.contains("nothing was written"),
        "{err}"
    );
    let url = target.settings.database_url().unwrap();
    let store = Store::connect(&ConnectOptions::new(url.clone())).await.unwrap();
    assert!(store.user_by_email("already-here@example.org").await.unwrap().is_some());
    assert_eq!(std::fs::read_to_string(&key_path).unwrap(), theirs, "the key is left alone");

    let said = restore(&target.settings, &file, true).await.unwrap();
    assert!(said.contains("the signing key is in"), "{said}");
    assert!(store.user_by_email("already-here@example.org").await.unwrap().is_none());
    assert!(store.user_by_email("from-the-backup@example.org").await.unwrap().is_some());
    assert_eq!(std::fs::read_to_string(&key_path).unwrap().trim(), ours.trim());
    let aside = target.settings.data_dir.join(format!("{}.replaced", signing::KEY_FILE));
    assert_eq!(std::fs::read_to_string(aside).unwrap(), theirs, "the replaced key is kept");
}

/// Holds a backup up after its first row until a member has signed up, so that the
/// sign-up happens in the middle of the backup.
struct SignUpMidway {
    go: Option<tokio::sync::oneshot::Sender<()>>,
    done: std::sync::mpsc::Receiver<()>,
}

impl Progress for SignUpMidway {
    fn advance(&mut self, _: u64) {
        if let Some(go) = self.go.take() {
            go.send(()).unwrap();
            // Blocks this worker thread only; the sign-up runs on the other.
            self.done.recv().unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_a_member_signs_up_is_one_consistent_moment_of_the_site() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    app.create_member("before@example.org", "Before").await;
    assert_eq!(app.agent().sign_in("before@example.org", PASSWORD).await.status, 303);
    let (go, started) = tokio::sync::oneshot::channel();
    let (finished, done) = std::sync::mpsc::channel();
    let writer = tokio::spawn({
        let app = app.clone();
        async move {
            started.await.unwrap();
            let id = app.create_member("midway@example.org", "Midway").await;
            app.agent_for(id).await;
            finished.send(()).unwrap();
        }
    });
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("site.altto-backup");
    let out = std::fs::File::create(&file).unwrap();
    let mut midway = SignUpMidway { go: Some(go), done };
    app.store().backup(out, BTreeMap::new(), &mut midway).await.unwrap();
    writer.await.unwrap();

    assert!(
        app.store().user_by_email("midway@example.org").await.unwrap().is_some(),
        "written during the backup"
    );
    let rows = archived_rows(&file);
    assert!(rows["users"].iter().any(|row| row.contains("before@example.org")));
    assert!(!rows["users"].iter().any(|row| row.contains("midway@example.org")), "{:?}", rows["users"]);
    assert_eq!(rows["users"].len(), 1);
    assert_eq!(rows["sessions"].len(), 1, "only the session of the member signed up before");
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    restore(&settings_for(dir.path(), &url), &file, false).await.unwrap();
}

fn altto(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_altto"))
        .args(args)
        .env_remove("ALTTO_DATABASE_URL")
        .env_remove("ALTTO_DATA_DIR")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn the_backup_and_restore_commands_move_a_site_and_say_in_one_line_why_they_refuse() {
    let app = TestApp::spawn().await.with_starter_course().await;
    let data = app.settings.data_dir.to_str().unwrap().to_owned();
    let url = app.settings.database_url.clone().unwrap();
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("site.altto-backup");
    let file = file.to_str().unwrap();

    let made = altto(&["backup", file, "--data-dir", &data, "--database-url", &url]);
    assert!(made.status.success(), "{}", text(&made.stderr));
    let said = text(&made.stdout);
    assert_eq!(said.lines().count(), 1, "no progress bar when not on a terminal: {said:?}");
    assert!(said.starts_with("backed up ") && said.contains("keep it as safe as the database"), "{said}");
    assert!(!Path::new(&format!("{file}.partial")).exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(
            std::fs::metadata(file).unwrap().permissions().mode() & 0o777,
            0o600,
            "only its owner reads it"
        );
    }

    let target = tempfile::tempdir().unwrap();
    let target_url = fresh_database_url(target.path()).await;
    let into = ["--data-dir", target.path().to_str().unwrap(), "--database-url", target_url.expose()];
    let restored = altto(&[&["restore", file], &into[..]].concat());
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    assert!(text(&restored.stdout).starts_with("restored "), "{}", text(&restored.stdout));
    assert!(target.path().join(signing::KEY_FILE).exists());

    let again = altto(&[&["restore", file], &into[..]].concat());
    assert_eq!(again.status.code(), Some(1));
    let err = text(&again.stderr);
    assert!(err.starts_with("error: the database at ") && err.contains("--force"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let forced = altto(&[&["restore", file, "--force"], &into[..]].concat());
    assert!(forced.status.success(), "{}", text(&forced.stderr));

    let missing = work.path().join("missing.altto-backup");
    let absent = altto(&[&["restore", missing.to_str().unwrap()], &into[..]].concat());
    assert_eq!(absent.status.code(), Some(1));
    let err = text(&absent.stderr);
    assert!(err.starts_with("error: cannot read the archive") && err.lines().count() == 1, "{err}");
    let nowhere = tempfile::tempdir().unwrap();
    let none = altto(&["backup", file, "--data-dir", nowhere.path().to_str().unwrap()]);
    assert_eq!(none.status.code(), Some(1));
    assert!(text(&none.stderr).starts_with("error: there is no altto database at"), "{}", text(&none.stderr));
}

#[test]
fn the_help_lists_backup_and_restore_and_warns_what_force_deletes() {
    let help = text(&altto(&["--help"]).stdout);
    assert!(help.contains("backup") && help.contains("restore"), "{help}");
    let help = text(&altto(&["restore", "--help"]).stdout);
    assert!(help.contains("--force") && help.contains("DELETES EVERY TABLE"), "{help}");
    assert!(help.contains("nothing is written"), "{help}");
}
