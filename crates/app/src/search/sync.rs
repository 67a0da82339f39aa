//! Building the index and keeping it current.
//!
//! Every [`POLL`], the task looks at two things: the published-content index (which
//! revisions of courses, articles, news and terms the public sees), compared with the
//! revisions the search index holds; and the rows the database's triggers added to
//! `search_changes` since the last look (forum posts and threads, members, newsletter
//! issues). What changed is read again from the database and replaced in the index,
//! with one commit whose payload records how far the index has got ([`Progress`]), so
//! a restart carries on from there.
//!
//! On PostgreSQL a row's id is taken before its transaction commits: id 12 may be seen
//! before id 11. Ids skipped over are looked for again for [`GAP_WAIT`].

use std::{
    collections::{BTreeMap, BTreeSet},
    sync::Arc,
    time::{Duration, Instant},
};

use altto_search::{Batch, Opened, SearchError, SearchIndex};
use altto_store::{DocumentKind, DocumentRef, PostScope, SearchChange, now_millis};
use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use super::entries;
use crate::{content::published, state::AppState};

/// How often the task looks for changes.
const POLL: Duration = Duration::from_millis(250);

/// How long an id skipped over in the queue is looked for again.
const GAP_WAIT: Duration = Duration::from_secs(10);

/// How long rows of the queue are kept (unix ms).
const KEEP_CHANGES_MS: i64 = 24 * 60 * 60 * 1000;

/// An index last brought up to date longer ago than this is built again at start: the
/// rows it would need may have been deleted.
const STALE_AFTER_MS: i64 = 20 * 60 * 60 * 1000;

/// How often a failure to bring the index up to date is logged at most.
const WARN_EVERY: Duration = Duration::from_secs(60);

/// How often a node deletes old rows of the queue.
const PRUNE_EVERY: Duration = Duration::from_secs(600);

/// Rows read from the database at a time.
const PAGE: i64 = 1000;

/// Entries written between two commits while building.
const BUILD_BATCH: usize = 2000;

/// How many of the queue's last rows a node applies again when it starts, in case one
/// committed after the index was saved: applying a row twice changes nothing.
const REPLAY_ROWS: i64 = 1000;

/// How far the index has followed the database: saved with each commit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// The last row of the queue applied.
    pub changes: i64,
    /// When the index was saved (unix ms).
    pub saved_at: i64,
    /// The revision held of each published document, by its group.
    pub documents: BTreeMap<String, i64>,
}

impl Progress {
    fn payload(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The progress saved with an index, if it can be trusted to carry on from.
    fn of(payload: Option<&str>, last_change: i64) -> Option<Progress> {
        let progress: Progress = serde_json::from_str(payload?).ok()?;
        // Nothing changed since (an idle site), or recently enough that the rows since
        // are all still kept.
        let fresh = progress.changes == last_change || now_millis() - progress.saved_at < STALE_AFTER_MS;
        // An index ahead of the queue was built from another database (a restore).
        (fresh && progress.changes <= last_change).then_some(progress)
    }
}

/// Opens this node's index (building it when it is missing, of another format,
/// damaged or stale), hands it to the searches, then keeps it current until the
/// process ends.
pub async fn run(state: AppState) {
    let (index, mut progress) = loop {
        match open_and_build(&state).await {
            Ok(opened) => break opened,
            Err(err) => {
                tracing::warn!(error = %format!("{err:#}"), "cannot prepare the search index yet; trying again");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    };
    state.search.set_ready(index.clone());
    let mut queue = Queue::after(progress.changes.saturating_sub(REPLAY_ROWS));
    let mut last_prune: Option<Instant> = None;
    let mut last_published = None;
    let mut last_warning: Option<Instant> = None;
    loop {
        tokio::time::sleep(POLL).await;
        if let Err(err) = follow(&state, &index, &mut progress, &mut queue, &mut last_published).await
            // Said once a minute at most: the next look tries again anyway, and a database
            // that is down would otherwise fill the log four times a second.
            && last_warning.is_none_or(|at| at.elapsed() > WARN_EVERY)
        {
            last_warning = Some(Instant::now());
            tracing::warn!(error = %format!("{err:#}"), "the search index could not be brought up to date; trying again");
        }
        if last_prune.is_none_or(|at| at.elapsed() > PRUNE_EVERY) {
            last_prune = Some(Instant::now());
            if let Err(err) = state.store.prune_search_changes(now_millis() - KEEP_CHANGES_MS).await {
                tracing::warn!(error = %err, "cannot delete old rows of the search queue");
            }
        }
    }
}

/// The index in the data folder, built when needed; in memory when another process
/// holds the folder (two nodes sharing one data folder).
async fn open_and_build(state: &AppState) -> anyhow::Result<(Arc<SearchIndex>, Progress)> {
    let folder = state.search.folder.clone();
    let opened = tokio::task::spawn_blocking(move || SearchIndex::open(&folder)).await?;
    let (index, opened) = match opened {
        Ok(opened) => opened,
        Err(SearchError::Busy(folder)) => {
            tracing::warn!(folder = %folder.display(), "another process uses this search index folder: this node keeps its index in memory");
            (SearchIndex::in_memory()?, Opened::New)
        }
        Err(err) => return Err(err.into()),
    };
    let index = Arc::new(index);
    let last_change = state.store.last_search_change().await?;
    if let Opened::Existing(payload) = &opened
        && let Some(progress) = Progress::of(payload.as_deref(), last_change)
    {
        return Ok((index, progress));
    }
    let started = Instant::now();
    let progress = build(state, &index, |_| {}).await?;
    tracing::info!(
        entries = index.len(),
        seconds = format!("{:.1}", started.elapsed().as_secs_f64()),
        "built the search index"
    );
    Ok((index, progress))
}

/// Builds `index` from the database, replacing whatever it held; `advance` is told how
/// many entries were added as they are.
pub async fn build(
    state: &AppState,
    index: &Arc<SearchIndex>,
    mut advance: impl FnMut(u64),
) -> anyhow::Result<Progress> {
    // Taken first: a change made while building is applied again afterwards.
    let changes = state.store.last_search_change().await?;
    let mut writer = Writer { index: index.clone(), batch: Batch::default(), advance: &mut advance };
    writer.batch.clear();
    let published = state.published.read(&state.store).await?;
    let documents = published_documents(&published);
    for (doc, revision) in documents.values() {
        for entry in entries::document(state, *doc, *revision, published.public_since(*doc)).await? {
            writer.add(entry).await?;
        }
    }
    let mut after = 0;
    loop {
        let posts = state.store.searchable_posts(PostScope::All, after, PAGE).await?;
        let Some(last) = posts.last() else { break };
        after = last.id;
        for post in &posts {
            writer.add(entries::post(post)).await?;
        }
    }
    let mut after = 0;
    loop {
        let members = state.store.searchable_members(None, after, PAGE).await?;
        let Some(last) = members.last() else { break };
        after = last.id;
        for member in &members {
            writer.add(entries::member(member)).await?;
        }
    }
    for issue in state.store.sent_issues().await? {
        writer.add(entries::issue(&issue)).await?;
    }
    let progress = Progress {
        changes,
        saved_at: now_millis(),
        documents: documents.into_iter().map(|(group, (_, revision))| (group, revision)).collect(),
    };
    writer.finish(&progress.payload()).await?;
    Ok(progress)
}

/// Entries being written while building, committed every [`BUILD_BATCH`].
struct Writer<'a, F: FnMut(u64)> {
    index: Arc<SearchIndex>,
    batch: Batch,
    advance: &'a mut F,
}

impl<F: FnMut(u64)> Writer<'_, F> {
    async fn add(&mut self, entry: altto_search::Entry) -> anyhow::Result<()> {
        self.batch.add(entry);
        if self.batch.added() >= BUILD_BATCH {
            // An empty payload: a build stopped half-way is built again at next start.
            self.commit("").await?;
        }
        Ok(())
    }

    async fn commit(&mut self, payload: &str) -> anyhow::Result<()> {
        let batch = std::mem::take(&mut self.batch);
        let added = batch.added() as u64;
        apply(&self.index, batch, payload.to_owned()).await?;
        (self.advance)(added);
        Ok(())
    }

    async fn finish(mut self, payload: &str) -> anyhow::Result<()> {
        self.commit(payload).await
    }
}

/// Applies `batch` on a blocking thread.
async fn apply(index: &Arc<SearchIndex>, batch: Batch, payload: String) -> anyhow::Result<()> {
    let index = index.clone();
    tokio::task::spawn_blocking(move || index.apply(batch, &payload))
        .await?
        .context("cannot write the search index")
}

/// Every published document with its revision, by its group in the index.
fn published_documents(published: &published::Index) -> BTreeMap<String, (DocumentRef, i64)> {
    let mut documents = BTreeMap::new();
    for &kind in DocumentKind::ALL.iter() {
        for (id, revision) in published.all(kind) {
            let doc = DocumentRef { kind, id };
            documents.insert(entries::document_group(doc), (doc, revision));
        }
    }
    documents
}

/// Brings the index up to date with what was published and the queue's new rows.
async fn follow(
    state: &AppState,
    index: &Arc<SearchIndex>,
    progress: &mut Progress,
    queue: &mut Queue,
    last_published: &mut Option<Arc<published::Index>>,
) -> anyhow::Result<()> {
    let mut batch = Batch::default();
    let mut documents = None;
    let published = state.published.read(&state.store).await?;
    if !last_published.as_ref().is_some_and(|last| last.same_as(&published)) {
        let now = published_documents(&published);
        for (group, (doc, revision)) in &now {
            if progress.documents.get(group) != Some(revision) {
                batch.delete(group);
                for entry in entries::document(state, *doc, *revision, published.public_since(*doc)).await? {
                    batch.add(entry);
                }
            }
        }
        for group in progress.documents.keys().filter(|group| !now.contains_key(*group)) {
            batch.delete(group);
        }
        documents = Some(now.into_iter().map(|(group, (_, revision))| (group, revision)).collect());
    }
    let rows = state.store.search_changes_after(queue.floor(), PAGE * 5).await?;
    let subjects: BTreeSet<(String, i64)> =
        queue.take(rows).into_iter().map(|change| (change.subject, change.subject_id)).collect();
    // Posts are read together, by runs of nearby ids: under a burst of replies, one
    // query per run rather than one per post.
    let posts: Vec<i64> =
        subjects.iter().filter(|(subject, _)| subject == "post").map(|(_, id)| *id).collect();
    read_posts_again(state, &mut batch, &posts).await?;
    for (subject, id) in subjects.iter().filter(|(subject, _)| subject != "post") {
        read_again(state, &mut batch, subject, *id).await?;
    }
    let moved = queue.seen != progress.changes;
    if batch.is_empty() && documents.is_none() && !moved {
        *last_published = Some(published);
        return Ok(());
    }
    let mut next = progress.clone();
    if let Some(documents) = documents {
        next.documents = documents;
    }
    next.changes = queue.seen;
    next.saved_at = now_millis();
    apply(index, batch, next.payload()).await?;
    *progress = next;
    *last_published = Some(published);
    Ok(())
}

/// Replaces in `batch` what the index holds of one row's subject with what the
/// database says now (nothing, if it may no longer be found).
async fn read_again(state: &AppState, batch: &mut Batch, subject: &str, id: i64) -> anyhow::Result<()> {
    let store = &state.store;
    let scope = match subject {
        "thread" => {
            batch.delete(&entries::thread_group(id));
            PostScope::Thread(id)
        }
        "member" => {
            batch.delete_key(&entries::member_key(id));
            batch.delete(&entries::author_group(id));
            for member in store.searchable_members(Some(id), 0, 1).await? {
                batch.add(entries::member(&member));
            }
            PostScope::Author(id)
        }
        "issue" => {
            batch.delete_key(&entries::issue_key(id));
            if let Some(issue) = store.searchable_issue(id).await? {
                batch.add(entries::issue(&issue));
            }
            return Ok(());
        }
        _ => return Ok(()),
    };
    let mut after = 0;
    loop {
        let posts = store.searchable_posts(scope, after, PAGE).await?;
        let Some(last) = posts.last() else { break };
        after = last.id;
        for post in &posts {
            batch.add(entries::post(post));
        }
    }
    Ok(())
}

/// Ids of changed posts further apart than this are read by separate queries.
const RUN_GAP: i64 = 500;

/// Replaces in `batch` the entries of the posts `ids` (in order) with what the database
/// says now.
async fn read_posts_again(state: &AppState, batch: &mut Batch, ids: &[i64]) -> anyhow::Result<()> {
    let mut runs: Vec<(i64, i64)> = Vec::new();
    for &id in ids {
        batch.delete_key(&entries::post_key(id));
        match runs.last_mut() {
            Some((_, last)) if id - *last <= RUN_GAP => *last = id,
            _ => runs.push((id, id)),
        }
    }
    let wanted: BTreeSet<i64> = ids.iter().copied().collect();
    for (first, last) in runs {
        let mut after = first - 1;
        loop {
            let posts = state.store.searchable_posts(PostScope::Between(first, last), after, PAGE).await?;
            let Some(end) = posts.last() else { break };
            after = end.id;
            for post in posts.iter().filter(|post| wanted.contains(&post.id)) {
                batch.add(entries::post(post));
            }
        }
    }
    Ok(())
}

/// Where a node is in the queue: every row up to `seen` applied, except the `gaps`
/// (ids skipped over, perhaps of transactions not yet committed).
struct Queue {
    seen: i64,
    gaps: BTreeMap<i64, Instant>,
}

impl Queue {
    fn after(seen: i64) -> Queue {
        Queue { seen, gaps: BTreeMap::new() }
    }

    /// The id to read after.
    fn floor(&self) -> i64 {
        self.gaps.keys().next().map_or(self.seen, |gap| (gap - 1).min(self.seen))
    }

    /// The rows not applied yet, noting the ids skipped over.
    fn take(&mut self, rows: Vec<SearchChange>) -> Vec<SearchChange> {
        let mut fresh = Vec::new();
        for row in rows {
            if row.id > self.seen {
                // Only recent gaps are worth waiting for; a wide one is rows deleted.
                for gap in (self.seen + 1).max(row.id - 100)..row.id {
                    self.gaps.insert(gap, Instant::now());
                }
                self.seen = row.id;
                fresh.push(row);
            } else if self.gaps.remove(&row.id).is_some() {
                fresh.push(row);
            }
        }
        self.gaps.retain(|_, since| since.elapsed() < GAP_WAIT);
        fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64) -> SearchChange {
        SearchChange { id, subject: "post".into(), subject_id: id }
    }

    #[test]
    fn a_row_committed_after_a_later_one_is_still_applied_once() {
        let mut queue = Queue::after(10);
        let ids = |rows: Vec<SearchChange>| rows.into_iter().map(|row| row.id).collect::<Vec<_>>();
        assert_eq!(ids(queue.take(vec![row(11), row(13)])), [11, 13]);
        assert_eq!(queue.floor(), 11);
        // Row 12 commits late; 11 and 13 come again and are not applied twice.
        assert_eq!(ids(queue.take(vec![row(12), row(13)])), [12]);
        assert_eq!(queue.floor(), 13);
    }
}
