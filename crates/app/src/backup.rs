//! `altto backup` and `altto restore`: the whole site — every table, the media in them
//! and the certificate signing key — as one archive, and back into an empty database of
//! either kind. The database part is `altto_store::backup`; this adds the signing key,
//! the files and the progress bar.

use std::{
    collections::BTreeMap,
    io::IsTerminal as _,
    path::{Path, PathBuf},
};

use altto_store::{
    Store,
    backup::{ArchiveInfo, Phase, Progress, RestoreError, check_archive},
};
use anyhow::{Context as _, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::{
    certificates::signing::{self, KEY_FILE},
    config::Settings,
};

/// The name of the signing key in an archive.
const ARCHIVE_KEY: &str = "signing-key";

/// A progress bar on standard output when it is a terminal; nothing otherwise (in
/// cron, in scripts, in tests).
pub struct Bar(Option<ProgressBar>);

impl Bar {
    /// A bar if standard output is a terminal.
    pub fn for_stdout() -> Self {
        Self(
            std::io::stdout()
                .is_terminal()
                .then(|| ProgressBar::with_draw_target(None, ProgressDrawTarget::stdout())),
        )
    }

    /// No bar.
    pub fn hidden() -> Self {
        Self(None)
    }

    fn clear(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn phase(&mut self, phase: Phase, total: u64) {
        let Some(bar) = &self.0 else { return };
        let (what, counts) = match phase {
            Phase::Reading => ("backing up", "{human_pos}/{human_len} rows"),
            Phase::Checking => ("checking the archive", "{bytes}/{total_bytes}"),
            Phase::Loading => ("restoring", "{human_pos}/{human_len} rows"),
        };
        let template = format!("{what:>20} [{{bar:30}}] {counts} ({{eta}} left)");
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_length(total);
        bar.set_position(0);
    }

    fn advance(&mut self, done: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(done);
        }
    }
}

/// Opens the configured database as it is: a backup never changes its schema (the
/// running server's release decides that), a restore migrates it itself.
async fn connect(settings: &Settings) -> anyhow::Result<Store> {
    let mut options = settings.connect_options()?;
    options.warn_of_slow_statements = false;
    Store::connect(&options).await
}

/// The site's signing key as text, if it has one yet: the `signing_key` setting, else
/// the key file in the data folder.
fn signing_key(settings: &Settings) -> anyhow::Result<Option<String>> {
    if let Some(secret) = &settings.signing_key {
        return Ok(Some(secret.expose().trim().to_owned()));
    }
    let path = signing::key_path(settings);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(text.trim().to_owned())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err).with_context(|| format!("cannot read the signing key {}", path.display())),
    }
}

/// `altto backup FILE`: writes the archive next to `file` and moves it into place only
/// once it is whole, so `file` is never a half-written archive. Returns what to print.
pub async fn backup(settings: &Settings, file: &Path, progress: &mut Bar) -> anyhow::Result<String> {
    let url = settings.database_url()?;
    if let Some(path) = url.sqlite_path().filter(|path| !path.exists()) {
        bail!("there is no altto database at {} (check --data-dir or --database-url)", path.display());
    }
    let mut files = BTreeMap::new();
    let key = signing_key(settings)?;
    if let Some(key) = &key {
        files.insert(ARCHIVE_KEY.to_owned(), key.clone());
    }
    let partial = sibling(file, ".partial");
    let out = create_private(&partial)?;
    let store = connect(settings).await?;
    let result = store.backup(std::io::BufWriter::new(out), files, progress).await;
    store.close().await;
    progress.clear();
    let finished = result.and_then(|(out, summary)| {
        let out = out.into_inner().map_err(|err| err.into_error())?;
        out.sync_all()?;
        std::fs::rename(&partial, file)?;
        Ok(summary)
    });
    let summary = match finished {
        Ok(summary) => summary,
        Err(err) => {
            let _ = std::fs::remove_file(&partial);
            return Err(err.context(format!("cannot back up {url} to {}", file.display())));
        }
    };
    let key_note = match key {
        Some(_) => "and the signing key",
        None => "(no signing key yet: the site has not started)",
    };
    Ok(format!(
        "backed up {} tables, {} rows (schema version {}) {key_note} to {} ({}); keep it as safe as the \
         database: it holds password hashes, sessions and the signing key",
        summary.tables,
        summary.rows,
        summary.schema_version,
        file.display(),
        indicatif::HumanBytes(summary.bytes)
    ))
}

/// `path` with `suffix` added to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A new file readable by its owner only (an archive is as secret as the database).
fn create_private(path: &Path) -> anyhow::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).with_context(|| format!("cannot create {}", path.display()))
}

/// Says what `err` means for someone at the command line.
fn explain(err: RestoreError, file: &Path, url: &altto_store::DatabaseUrl) -> anyhow::Error {
    match err {
        RestoreError::Io(err) => anyhow::anyhow!("cannot read the archive {}: {err}", file.display()),
        RestoreError::NotEmpty { table } => anyhow::anyhow!(
            "the database at {url} is not empty (the table {table} has rows); nothing was written. Restore into \
             an empty database, or add --force to delete everything in it first"
        ),
        other => anyhow::Error::new(other),
    }
}

/// `altto restore FILE`: checks the whole archive, then loads it into the configured
/// database (empty, or wiped first with `force`) and puts the signing key back in the
/// data folder. Returns what to print.
pub async fn restore(
    settings: &Settings,
    file: &Path,
    force: bool,
    progress: &mut Bar,
) -> anyhow::Result<String> {
    let url = settings.database_url()?;
    let checked = check_archive(file, progress).map_err(|err| {
        progress.clear();
        explain(err, file, &url)
    })?;
    let result = async {
        settings.prepare_data_dir()?;
        // A server using the same SQLite file would keep serving what it had in memory.
        let _only_user = crate::server::lock_sqlite_database(&url)?;
        let store = connect(settings).await?;
        let result = restore_into(&store, settings, file, &checked, force, progress).await;
        store.close().await;
        result
    }
    .await;
    progress.clear();
    let (summary, key_note) = result.map_err(|err| match err.downcast::<RestoreError>() {
        Ok(err) => explain(err, file, &url),
        Err(err) => err,
    })?;
    Ok(format!(
        "restored {} tables, {} rows (taken from {} at schema version {}) into {url}, now at schema version {}; {key_note}",
        summary.tables, summary.rows, checked.source, checked.schema_version, summary.schema_version
    ))
}

async fn restore_into(
    store: &Store,
    settings: &Settings,
    file: &Path,
    checked: &ArchiveInfo,
    force: bool,
    progress: &mut Bar,
) -> anyhow::Result<(altto_store::backup::RestoreSummary, String)> {
    if let Some(table) = store.first_table_with_rows().await?
        && !force
    {
        return Err(RestoreError::NotEmpty { table }.into());
    }
    let key_note = put_back_signing_key(settings, checked.file(ARCHIVE_KEY), force)?;
    let summary = store.restore(file, checked, force, progress).await?;
    // The data folder's search index followed the database just replaced: the server
    // builds it again when it starts.
    let index = crate::search::folder(&settings.data_dir);
    if index.exists() {
        std::fs::remove_dir_all(&index).map_err(|err| {
            anyhow::anyhow!("cannot delete the old search index {}: {err}", index.display())
        })?;
    }
    Ok((summary, key_note))
}

/// Puts the archive's signing key where this site will look for it, before any row is
/// written: certificates issued before the backup verify only with it. Refuses to
/// replace another key unless `force`, which keeps the old one beside it.
fn put_back_signing_key(settings: &Settings, key: Option<&str>, force: bool) -> anyhow::Result<String> {
    let Some(key) = key else {
        return Ok("the archive holds no signing key (its site had not started)".to_owned());
    };
    if let Some(setting) = &settings.signing_key {
        if signing::same_key(setting.expose(), key) {
            return Ok("the signing_key setting already holds the archive's key".to_owned());
        }
        bail!(
            "the signing_key setting holds another key than the archive's; nothing was written. Remove the setting \
             (the key is then put in the data folder) or set it to the archive's key"
        );
    }
    let path = signing::key_path(settings);
    match std::fs::read_to_string(&path) {
        Ok(existing) if signing::same_key(&existing, key) => {
            return Ok(format!("the signing key in {} is already the archive's", path.display()));
        }
        Ok(_) if !force => bail!(
            "{} holds another signing key than the archive's; nothing was written. Add --force to replace it \
             (the old key is kept as {KEY_FILE}.replaced)",
            path.display()
        ),
        Ok(_) => {
            let aside = sibling(&path, ".replaced");
            std::fs::rename(&path, &aside)
                .with_context(|| format!("cannot move the old signing key to {}", aside.display()))?;
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => {
            return Err(err).with_context(|| format!("cannot read the signing key {}", path.display()));
        }
    }
    signing::install_key_file(&path, key)?;
    Ok(format!(
        "the signing key is in {} (copy it to every node's data folder, or set signing_key)",
        path.display()
    ))
}
