//! The command line: `altto serve`, `altto migrate`, `altto backup`, `altto restore`,
//! `altto --version` and the rest.

use std::{net::SocketAddr, path::PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::config::Overrides;

/// altto — free, open training and community for Assistant Language Teachers in Japan.
///
/// Run `altto serve` to start the site. With no configuration it keeps everything
/// (a SQLite database, uploads, outgoing mail) in ./altto-data and listens on
/// http://127.0.0.1:8080. Settings can also come from altto.toml and ALTTO_*
/// environment variables; see docs/configuration.md.
#[derive(Debug, Parser)]
#[command(name = "altto", version, about, long_about, propagate_version = true)]
pub struct Cli {
    /// Read settings from this TOML file (default: ./altto.toml when it exists).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web server (creates the data folder and database on first run).
    Serve(ServeArgs),
    /// Create or update the database schema, then exit.
    Migrate(DatabaseArgs),
    /// Manage accounts from the command line (e.g. create the first admin).
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Import and export courses as folders of Markdown and TOML (docs/course-format.md).
    #[command(subcommand)]
    Content(ContentCommand),
    /// Check certificates.
    #[command(subcommand)]
    Certificate(CertificateCommand),
    /// Write the whole site — every table, course media, accounts, progress and the
    /// certificate signing key — to one archive file, while the site keeps running.
    /// Keep the archive secret: it holds password hashes, sessions and the key.
    Backup(BackupArgs),
    /// Load an archive written by `altto backup` into an empty database, SQLite or
    /// PostgreSQL (also how a site moves from SQLite to PostgreSQL), and put its signing
    /// key in the data folder. The whole archive is checked first: a damaged one, or one
    /// from a newer altto, is refused and nothing is written.
    Restore(RestoreArgs),
    /// The search index: build it again from the database, or write what it holds.
    #[command(subcommand)]
    Search(SearchCommand),
    /// Developer tools (scale data for benchmarks).
    #[command(subcommand)]
    Dev(DevCommand),
}

/// `altto search …`.
#[derive(Debug, Subcommand)]
pub enum SearchCommand {
    /// Build the data folder's search index again from the database, with a progress
    /// bar. Stop `altto serve` on this data folder first. (A server also builds the
    /// index by itself at start whenever it is missing, damaged or of an older altto.)
    Reindex(DatabaseArgs),
    /// Write everything the search index holds as JSON lines (kind, url, title, text,
    /// languages), read fresh from the database, e.g. to compare with another search
    /// engine. The server's index is not touched.
    Export(SearchExportArgs),
}

/// Options of `altto search export`.
#[derive(Debug, Args)]
pub struct SearchExportArgs {
    /// The file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Database and folder options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// `altto dev …`.
#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Fill the database with deterministic synthetic data at community scale:
    /// members with profiles, published courses with 2–4 KB lessons and quizzes,
    /// progress rows and quiz attempts. For benchmarks, never for a real site.
    Seed(SeedArgs),
}

/// Options of `altto dev seed`.
#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Members to create.
    #[arg(long, default_value_t = 20_000)]
    pub members: usize,
    /// Published courses to create.
    #[arg(long, default_value_t = 50)]
    pub courses: usize,
    /// Lessons per course.
    #[arg(long, default_value_t = 20)]
    pub lessons_per_course: usize,
    /// Progress rows (lessons visited or completed).
    #[arg(long, default_value_t = 1_000_000)]
    pub progress: usize,
    /// Quiz attempts.
    #[arg(long, default_value_t = 200_000)]
    pub attempts: usize,
    /// Published library articles and news posts (half each).
    #[arg(long, default_value_t = 5_000)]
    pub articles: usize,
    /// Forum threads, in the default categories (the first has one full page of posts).
    #[arg(long, default_value_t = 10_000)]
    pub forum_threads: usize,
    /// Forum posts in all, the threads' first posts included.
    #[arg(long, default_value_t = 100_000)]
    pub forum_posts: usize,
    /// Sessions to create for load generators (written to --sessions-file).
    #[arg(long, default_value_t = 0)]
    pub sessions: usize,
    /// Where to write the sessions: one "cookie csrf-token" pair per line.
    #[arg(long, value_name = "FILE")]
    pub sessions_file: Option<PathBuf>,
    /// Random seed: the same seed gives the same data.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Database and folder options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// `altto content …`.
#[derive(Debug, Subcommand)]
pub enum ContentCommand {
    /// Create or update a course from a package folder. The whole package is checked
    /// first; if anything is wrong, every problem is listed and nothing changes.
    Import(ImportArgs),
    /// Write a course's newest revision as a package folder.
    Export(ExportArgs),
}

/// Options of `altto content import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The package folder.
    pub dir: PathBuf,
    /// Publish the imported revision at once (otherwise it waits for an editor).
    #[arg(long)]
    pub publish: bool,
    /// Database and folder options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Options of `altto content export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The course's address, e.g. alt-essentials.
    pub slug: String,
    /// Folder to write the package into (created if needed).
    pub dir: PathBuf,
    /// Database and folder options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// `altto certificate …`.
#[derive(Debug, Subcommand)]
pub enum CertificateCommand {
    /// Check a downloaded certificate (.jwt) offline: its signature, and what it says.
    /// Exits with status 1, saying why, when the certificate is altered or not this site's.
    Verify(VerifyArgs),
}

/// Options of `altto certificate verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The certificate file (the .jwt downloaded from its page).
    pub file: PathBuf,
    /// The issuing site's public keys (a copy of its /.well-known/jwks.json); by
    /// default, this site's own key from the data folder.
    #[arg(long, value_name = "FILE")]
    pub jwks: Option<PathBuf>,
    /// Folder holding this site's signing key [default: ./altto-data].
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// Options of `altto backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The archive to write (replaced if it exists, once the new one is complete),
    /// e.g. /backups/altto-2026-05-01.altto-backup.
    pub file: PathBuf,
    /// Database and folder options (the database to back up; the data folder holds the
    /// signing key).
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Options of `altto restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The archive to load.
    pub file: PathBuf,
    /// Restore into a database that is not empty: DELETES EVERY TABLE in it (on
    /// PostgreSQL, everything in its schema) first, and replaces a different signing
    /// key in the data folder (keeping the old one as signing-key.replaced).
    #[arg(long)]
    pub force: bool,
    /// Database and folder options (the database to load into; the signing key goes
    /// into the data folder).
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// `altto admin …`.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an account whose address counts as verified, e.g. the first admin:
    /// `echo 'a long passphrase' | altto admin create-user --email you@example.org
    /// --name "Your Name" --role admin --password-stdin`
    CreateUser(CreateUserArgs),
    /// Set exactly these roles on an account (others are removed), e.g.
    /// `altto admin set-role --email them@example.org --role editor --role moderator`.
    /// Their sessions end, so the change applies at once.
    SetRole(SetRoleArgs),
}

/// Options of `altto admin create-user`.
#[derive(Debug, Args)]
pub struct CreateUserArgs {
    /// The account's e-mail address.
    #[arg(long)]
    pub email: String,
    /// The name shown to others.
    #[arg(long)]
    pub name: String,
    /// A role: member, author, editor, moderator or admin (repeat for several).
    #[arg(long = "role", value_name = "ROLE", default_value = "member")]
    pub roles: Vec<String>,
    /// Read the password from standard input (required: passwords never go on the
    /// command line, where other users of the machine could see them).
    #[arg(long, required = true)]
    pub password_stdin: bool,
    /// Database and folder options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Options of `altto admin set-role`.
#[derive(Debug, Args)]
pub struct SetRoleArgs {
    /// The account's e-mail address.
    #[arg(long)]
    pub email: String,
    /// A role: member, author, editor, moderator or admin (repeat for several).
    #[arg(long = "role", value_name = "ROLE", required = true)]
    pub roles: Vec<String>,
    /// Database and folder options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

impl AdminCommand {
    /// The database options of the subcommand.
    pub fn database(&self) -> &DatabaseArgs {
        match self {
            AdminCommand::CreateUser(args) => &args.database,
            AdminCommand::SetRole(args) => &args.database,
        }
    }
}

/// Options of `altto serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on [default: 127.0.0.1:8080; env: ALTTO_BIND].
    #[arg(long, value_name = "ADDR:PORT")]
    pub bind: Option<SocketAddr>,

    /// Database and folder options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Where the data lives.
#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// Folder for the SQLite database, uploads and the mail outbox
    /// [default: ./altto-data; env: ALTTO_DATA_DIR].
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Database to use: sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DB
    /// [default: sqlite in the data folder; env: ALTTO_DATABASE_URL].
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
}

impl ServeArgs {
    /// The settings these flags override.
    pub fn overrides(&self) -> Overrides {
        Overrides { bind: self.bind, ..self.database.overrides() }
    }
}

impl DatabaseArgs {
    /// The settings these flags override.
    pub fn overrides(&self) -> Overrides {
        Overrides { bind: None, data_dir: self.data_dir.clone(), database_url: self.database_url.clone() }
    }
}
