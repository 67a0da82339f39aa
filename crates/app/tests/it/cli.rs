//! The `altto` command as an operator uses it.

use std::{
    process::{Command, Output, Stdio},
    time::{Duration, Instant},
};

use crate::helpers::fresh_database_url;

fn altto(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_altto"))
        .args(args)
        .env_remove("ALTTO_DATABASE_URL")
        .env_remove("ALTTO_DATA_DIR")
        .env_remove("ALTTO_BIND")
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn version_prints_the_release() {
    let output = altto(&["--version"]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        format!("altto {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_explains_how_to_start() {
    let output = altto(&["--help"]);
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("serve") && help.contains("migrate") && help.contains("altto-data"), "{help}");
}

#[test]
fn an_unknown_subcommand_or_flag_exits_with_status_2_and_a_message() {
    let output = altto(&["frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unrecognized subcommand 'frobnicate'"));
    let output = altto(&["serve", "--no-such-flag"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--no-such-flag"));
}

#[test]
fn an_unreachable_database_names_the_host_and_hides_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let output = altto(&[
        "migrate",
        "--data-dir",
        data,
        "--database-url",
        "postgres://altto:hunter2secret@127.0.0.1:1/altto",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.starts_with("error: cannot connect to PostgreSQL at 127.0.0.1:1"), "{err}");
    assert!(err.contains("***") && !err.contains("hunter2secret"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_malformed_database_url_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    for (url, expected) in [("mysql://x/y", "unsupported database URL scheme"), ("postgres://", "malformed")]
    {
        let output = altto(&["migrate", "--data-dir", data, "--database-url", url]);
        assert_eq!(output.status.code(), Some(1));
        let err = stderr(&output);
        assert!(err.contains(expected), "{url}: {err}");
        assert_eq!(err.lines().count(), 1, "one clear line: {err}");
    }
}

#[test]
fn a_data_folder_that_cannot_be_created_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let data = file.join("data");
    let output = altto(&["migrate", "--data-dir", data.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.starts_with("error: cannot create the data folder"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[tokio::test]
async fn migrate_brings_a_fresh_database_up_to_date_on_this_backend() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let data = dir.path().to_str().unwrap();
    for _ in 0..2 {
        let output = altto(&["migrate", "--data-dir", data, "--database-url", url.expose()]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(String::from_utf8_lossy(&output.stdout).contains("is up to date"));
    }
}

#[test]
fn a_port_in_use_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let bind = taken.local_addr().unwrap().to_string();
    let output = altto(&["serve", "--data-dir", dir.path().to_str().unwrap(), "--bind", &bind]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains(&format!("error: cannot listen on {bind}")) && err.contains("--bind"), "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn serve_creates_the_data_folder_answers_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("altto-data");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let bind = format!("127.0.0.1:{port}");
    let child = Command::new(env!("CARGO_BIN_EXE_altto"))
        .args(["serve", "--data-dir", data.to_str().unwrap(), "--bind", &bind])
        .env_remove("ALTTO_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let body = loop {
        if let Ok(body) = http_get(&bind, "/readyz") {
            break body;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "altto serve did not start");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(body.starts_with("HTTP/1.1 200"), "{body}");
    for made in ["altto.db", "uploads", "outbox"] {
        assert!(data.join(made).exists(), "{made} is created");
    }
    let journal = Command::new("sqlite3").arg(data.join("altto.db")).arg("PRAGMA journal_mode;").output();
    if let Ok(journal) = journal {
        assert_eq!(String::from_utf8_lossy(&journal.stdout).trim(), "wal");
    }
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "exit status after SIGTERM: {:?}", output.status);
    let log = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    assert!(log.contains(&format!("open http://{bind}/")), "{log}");
    assert!(log.contains("altto stopped"), "{log}");
}

#[test]
fn a_second_server_on_the_same_sqlite_database_refuses_to_start_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("altto-data");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let bind = format!("127.0.0.1:{port}");
    let mut first = Command::new(env!("CARGO_BIN_EXE_altto"))
        .args(["serve", "--data-dir", data.to_str().unwrap(), "--bind", &bind])
        .env_remove("ALTTO_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while http_get(&bind, "/readyz").is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "the first server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let other = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().to_string();
    let second = altto(&["serve", "--data-dir", data.to_str().unwrap(), "--bind", &other]);
    let _ = first.kill();
    let _ = first.wait();
    assert_eq!(second.status.code(), Some(1));
    let err = stderr(&second);
    assert!(err.starts_with("error: another altto is already serving the database"), "{err}");
    assert!(err.contains("altto.db.lock") && err.contains("PostgreSQL"), "{err}");
    // Once the first has stopped, the lock is free again.
    let again = Command::new(env!("CARGO_BIN_EXE_altto"))
        .args(["serve", "--data-dir", data.to_str().unwrap(), "--bind", &other])
        .env_remove("ALTTO_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let mut again = again.unwrap();
    let started = Instant::now();
    while http_get(&other, "/readyz").is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "a server after the first did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = again.kill();
    let _ = again.wait();
}

/// A minimal HTTP/1.1 GET, enough to probe the real server without a client library.
fn http_get(address: &str, path: &str) -> std::io::Result<String> {
    use std::io::{Read as _, Write as _};
    let mut stream = std::net::TcpStream::connect(address)?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    Ok(response)
}
