//! `altto search reindex` and `altto search export`.

use std::{io::Write as _, path::Path, sync::Arc, time::Instant};

use altto_search::{SearchError, SearchIndex};
use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::{config::Settings, server, state::AppState};

/// Builds the data folder's index again; says how many entries, how fast.
pub async fn reindex(settings: Settings) -> anyhow::Result<String> {
    let store = server::open_store(&settings).await?;
    let state = AppState::build(settings, store.clone()).await?;
    let folder = crate::search::folder(&state.settings.data_dir);
    let opened = {
        let folder = folder.clone();
        tokio::task::spawn_blocking(move || {
            if folder.exists() {
                // Damaged or not, it is rebuilt: only the lock matters, and a server
                // holding it keeps its writer (opening checks that first).
                SearchIndex::open(&folder).map(|_| ())?;
                std::fs::remove_dir_all(&folder).map_err(|err| SearchError::Folder(folder.clone(), err))?;
            }
            SearchIndex::open(&folder).map(|(index, _)| index)
        })
        .await?
    };
    let index = match opened {
        Ok(index) => Arc::new(index),
        Err(SearchError::Busy(folder)) => anyhow::bail!(
            "a running altto uses the search index in {}: stop it first (a server builds a missing or \
             damaged index by itself when it starts)",
            folder.display()
        ),
        Err(err) => return Err(err.into()),
    };
    let bar = progress_bar(store.searchable_estimate().await?);
    let started = Instant::now();
    let built = super::sync::build(&state, &index, |added| bar.inc(added)).await;
    bar.finish_and_clear();
    store.close().await;
    built?;
    let seconds = started.elapsed().as_secs_f64();
    let entries = index.len();
    Ok(format!(
        "indexed {entries} documents in {seconds:.1} s ({:.0} documents/s) into {}",
        entries as f64 / seconds.max(0.001),
        folder.display()
    ))
}

/// A bar to `total` on standard output when it is a terminal.
fn progress_bar(total: u64) -> ProgressBar {
    use std::io::IsTerminal as _;
    if !std::io::stdout().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stdout());
    if let Ok(style) =
        ProgressStyle::with_template("{msg:>10} [{bar:30}] {human_pos}/~{human_len} ({per_sec}, {eta} left)")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message("indexing");
    bar
}

/// One entry of an export.
#[derive(Serialize)]
struct Exported<'a> {
    kind: &'a str,
    url: &'a str,
    title: &'a str,
    title_ja: Option<&'a str>,
    text: &'a str,
    lang: &'a str,
    languages: &'a [String],
}

/// Writes every entry the index would hold to `out` as JSON lines.
pub async fn export(settings: Settings, out: &Path) -> anyhow::Result<String> {
    let store = server::open_store(&settings).await?;
    let state = AppState::build(settings, store.clone()).await?;
    let index = Arc::new(SearchIndex::in_memory()?);
    let built = super::sync::build(&state, &index, |_| {}).await;
    store.close().await;
    built?;
    let stored = index.stored()?;
    let file = std::fs::File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut file = std::io::BufWriter::new(file);
    for entry in &stored {
        let line = Exported {
            kind: &entry.kind,
            url: &entry.url,
            title: &entry.title,
            title_ja: entry.title_ja.as_deref(),
            text: &entry.text,
            lang: entry.languages.first().map_or("en", String::as_str),
            languages: &entry.languages,
        };
        serde_json::to_writer(&mut file, &line)?;
        file.write_all(b"\n")?;
    }
    file.flush()?;
    Ok(format!("wrote {} entries to {}", stored.len(), out.display()))
}
