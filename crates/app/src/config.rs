//! Settings: built-in defaults, then an optional `altto.toml`, then `ALTTO_*`
//! environment variables, then command-line flags; each layer overrides the one before.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    time::Duration,
};

use altto_store::{ConnectOptions, DatabaseUrl};
use anyhow::Context as _;
use figment::{
    Figment,
    providers::{Env, Format as _, Serialized, Toml},
};
use serde::{Deserialize, Serialize};

/// The file read when `--config` is not given (if it exists).
pub const DEFAULT_CONFIG_FILE: &str = "altto.toml";

/// Keys that may be set from `ALTTO_*` environment variables. Listed so that unrelated
/// variables sharing the prefix (such as `ALTTO_TEST_DATABASE_URL`) are not read.
const ENV_KEYS: &[&str] = &[
    "bind",
    "data_dir",
    "database_url",
    "database_max_connections",
    "request_timeout_secs",
    "body_limit_bytes",
    "upload_limit_bytes",
    "log_format",
    "public_url",
    "behind_proxy",
    "mail_from",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_username",
    "smtp_password",
    "signing_key",
    "newsletter_mails_per_minute",
    "forum_posting_limits",
    "forum_posts_held",
];

/// Everything the server can be configured with. See `docs/configuration.md`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Address and port to listen on.
    pub bind: SocketAddr,
    /// Folder for the SQLite database, uploads and the mail outbox.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; defaults to `altto.db` inside the data folder.
    pub database_url: Option<String>,
    /// Most database connections per node.
    pub database_max_connections: Option<u32>,
    /// Requests running longer than this are cut off with 408.
    pub request_timeout_secs: u64,
    /// Largest form or API request body accepted, in bytes.
    pub body_limit_bytes: usize,
    /// Largest course file (image, video, download) accepted, in bytes.
    pub upload_limit_bytes: usize,
    /// `text` for people, `json` for log collectors.
    pub log_format: LogFormat,
    /// The address people use to reach the site, e.g. `https://altto.example.org`.
    /// Needed behind a reverse proxy for absolute links and secure cookies.
    pub public_url: Option<String>,
    /// Whether altto runs behind a reverse proxy whose `X-Forwarded-For` is trusted for
    /// the client's address (used by rate limits and the audit log).
    pub behind_proxy: bool,
    /// The sender of every message, e.g. `altto <no-reply@altto.example.org>`.
    pub mail_from: String,
    /// SMTP server; without one, mail is written as `.eml` files into the outbox folder.
    pub smtp_host: Option<String>,
    /// SMTP port; defaults to 587 (STARTTLS), 465 (TLS) or 25 (none).
    pub smtp_port: Option<u16>,
    /// `starttls`, `tls` or `none`.
    pub smtp_security: SmtpSecurity,
    /// SMTP user name.
    pub smtp_username: Option<String>,
    /// SMTP password (never logged).
    pub smtp_password: Option<Secret>,
    /// The certificate signing key (base64url of 32 random bytes). Without it, the key
    /// is kept in the data folder's `signing-key` file, created on first start.
    pub signing_key: Option<Secret>,
    /// How many newsletter copies the mail queue sends per minute (`0`: as fast as the
    /// queue goes). Transactional mail is never held back by it.
    pub newsletter_mails_per_minute: u32,
    /// Whether the forum's posting rate limits refuse posts (see
    /// `community::forum::posting`). Only a load test turns them off: the limits are
    /// still counted, so it measures what a real post costs.
    pub forum_posting_limits: bool,
    /// How many approved forum posts a member who is not yet trusted needs before their
    /// posts appear at once; until then each waits for a moderator (`0`: nobody's do).
    pub forum_posts_held: u32,
}

/// How the SMTP connection is secured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (port 587).
    #[default]
    Starttls,
    /// TLS from the start (port 465).
    Tls,
    /// No encryption: only for a relay on the same machine.
    None,
}

/// A secret value: shown as `***` when settings are logged or printed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The secret itself, for handing to the library that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("altto-data"),
            database_url: None,
            database_max_connections: None,
            request_timeout_secs: 30,
            body_limit_bytes: 2 * 1024 * 1024,
            upload_limit_bytes: 50 * 1024 * 1024,
            log_format: LogFormat::Text,
            public_url: None,
            behind_proxy: false,
            mail_from: "altto <no-reply@localhost>".to_owned(),
            smtp_host: None,
            smtp_port: None,
            smtp_security: SmtpSecurity::Starttls,
            smtp_username: None,
            smtp_password: None,
            signing_key: None,
            newsletter_mails_per_minute: 60,
            forum_posting_limits: true,
            forum_posts_held: 2,
        }
    }
}

/// Values given on the command line; `None` leaves the lower layers in force.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Overrides {
    /// `--bind`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bind: Option<SocketAddr>,
    /// `--data-dir`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    /// `--database-url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
}

impl Settings {
    /// Reads the layers. A `config` path that was named explicitly must exist; the
    /// default `altto.toml` is read only when present.
    pub fn load(config: Option<&Path>, overrides: &Overrides) -> anyhow::Result<Self> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match config {
            Some(path) => {
                anyhow::ensure!(path.is_file(), "the config file {} does not exist", path.display());
                figment = figment.merge(Toml::file_exact(path));
            }
            None => figment = figment.merge(Toml::file(DEFAULT_CONFIG_FILE)),
        }
        figment
            .merge(Env::prefixed("ALTTO_").only(ENV_KEYS))
            .merge(Serialized::defaults(overrides))
            .extract()
            .map_err(|err| anyhow::anyhow!("invalid configuration: {err}"))
    }

    /// The database to use: the configured URL, or `altto.db` in the data folder.
    pub fn database_url(&self) -> anyhow::Result<DatabaseUrl> {
        match &self.database_url {
            Some(raw) => DatabaseUrl::parse(raw).context("invalid database_url"),
            None => Ok(DatabaseUrl::sqlite_file(&self.data_dir.join("altto.db"))),
        }
    }

    /// Pool options derived from these settings.
    pub fn connect_options(&self) -> anyhow::Result<ConnectOptions> {
        let mut options = ConnectOptions::new(self.database_url()?);
        options.max_connections = self.database_max_connections;
        Ok(options)
    }

    /// Where uploaded files are kept.
    pub fn uploads_dir(&self) -> PathBuf {
        self.data_dir.join("uploads")
    }

    /// Where outgoing mail is written when no SMTP server is configured.
    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }

    /// The request time-out as a duration.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    /// The site's address for links in mail: `public_url`, else the listening address.
    pub fn base_url(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", self.bind),
        }
    }

    /// Whether cookies must carry `Secure`: the site is served over https.
    pub fn is_https(&self) -> bool {
        self.public_url.as_deref().is_some_and(|url| url.starts_with("https://"))
    }

    /// Creates the data folder and its sub-folders, with one clear error if it cannot.
    pub fn prepare_data_dir(&self) -> anyhow::Result<()> {
        for dir in [self.data_dir.clone(), self.uploads_dir(), self.outbox_dir()] {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create the data folder {}", dir.display()))?;
        }
        let probe = self.data_dir.join(".write-test");
        std::fs::write(&probe, b"ok")
            .with_context(|| format!("the data folder {} is not writable", self.data_dir.display()))?;
        // The probe only existed to prove the folder is writable.
        let _ = std::fs::remove_file(probe);
        Ok(())
    }
}
