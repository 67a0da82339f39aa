//! The index itself: a folder of tantivy segments (or memory), with one writer, a
//! reader reloaded after each commit, and a payload saved with each commit that says
//! how far the index has followed the database (the caller's business: any text).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tantivy::collector::{Count, TopDocs};
use tantivy::schema::{FAST, Field, INDEXED, STORED, STRING, Schema, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::query::{self, Request};

/// The index's layout. Raise it whenever the schema or the analyzer changes: an index
/// of another format is deleted and built again.
pub const FORMAT: u32 = 1;

/// The file in the index folder naming its [`FORMAT`].
const FORMAT_FILE: &str = "altto-format";

/// Memory the writer may fill before it writes a segment: tantivy's minimum for one
/// indexing thread (the index is small, and the process has a memory target).
const WRITER_MEMORY: usize = 15_000_000;

/// Characters of text a result's snippet shows at most.
const SNIPPET_CHARS: usize = 180;

/// What can go wrong with the index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Another process holds the index folder's writer lock.
    #[error("another process is writing the search index in {0}")]
    Busy(PathBuf),
    /// The folder cannot be read or written.
    #[error("cannot use the search index folder {0}: {1}")]
    Folder(PathBuf, std::io::Error),
    /// tantivy refused.
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
}

/// One thing that can be found: a lesson, an article, a forum post, a member.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    /// Unique among entries: replacing an entry deletes the one with the same key.
    pub key: String,
    /// Names of the groups it belongs to (a course's lessons, a thread's posts, a
    /// member's posts), each deletable at once with [`Batch::delete`].
    pub groups: Vec<String>,
    /// What it is: `course`, `lesson`, `article`, `news`, `newsletter`, `term`,
    /// `thread`, `post` or `member`.
    pub kind: String,
    /// Its address on the site.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Its title in Japanese, when it has one besides [`Entry::title`].
    pub title_ja: Option<String>,
    /// Words that find it as its title does but are not shown (readings, other names).
    pub also_called: Vec<String>,
    /// What it belongs to, shown beside the title (a lesson's course, a reply's thread).
    pub context: String,
    /// Its text, plain (snippets are cut from it).
    pub body: String,
    /// Its text in Japanese, when it has one besides [`Entry::body`].
    pub body_ja: Option<String>,
    /// The languages it is written in (`en`, `ja`).
    pub languages: Vec<String>,
    /// A course's level (`foundation`, …), for filtering.
    pub level: Option<String>,
    /// Its category (a library category, a forum category), for filtering.
    pub category: Option<String>,
    /// School levels (`elementary`, …), for filtering.
    pub school_levels: Vec<String>,
    /// When it was published or written (unix ms), for filtering and display.
    pub date: i64,
    /// Whether only signed-in members may find it.
    pub members_only: bool,
}

/// The fields of the schema.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    /// `key:…` and `group:…` terms, for deleting.
    pub tags: Field,
    pub kind: Field,
    pub url: Field,
    pub title: Field,
    pub title_shown: Field,
    pub title_ja_shown: Field,
    pub context: Field,
    pub body: Field,
    pub language: Field,
    pub level: Field,
    pub category: Field,
    pub school: Field,
    pub date: Field,
    pub members_only: Field,
}

impl Fields {
    fn schema() -> (Schema, Fields) {
        let mut schema = Schema::builder();
        let fields = Fields {
            tags: schema.add_text_field("tags", STRING),
            kind: schema.add_text_field("kind", STRING | STORED),
            url: schema.add_text_field("url", STORED),
            title: schema.add_text_field("title", crate::text_options()),
            title_shown: schema.add_text_field("title_shown", STORED),
            title_ja_shown: schema.add_text_field("title_ja_shown", STORED),
            context: schema.add_text_field("context", STORED),
            body: schema.add_text_field("body", crate::text_options() | STORED),
            language: schema.add_text_field("language", STRING | STORED),
            level: schema.add_text_field("level", STRING),
            category: schema.add_text_field("category", STRING),
            school: schema.add_text_field("school", STRING),
            date: schema.add_i64_field("date", INDEXED | STORED | FAST),
            members_only: schema.add_text_field("members_only", STRING),
        };
        (schema.build(), fields)
    }

    fn from(schema: &Schema) -> Option<Fields> {
        let field = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            tags: field("tags")?,
            kind: field("kind")?,
            url: field("url")?,
            title: field("title")?,
            title_shown: field("title_shown")?,
            title_ja_shown: field("title_ja_shown")?,
            context: field("context")?,
            body: field("body")?,
            language: field("language")?,
            level: field("level")?,
            category: field("category")?,
            school: field("school")?,
            date: field("date")?,
            members_only: field("members_only")?,
        })
    }

    fn document(&self, entry: &Entry) -> TantivyDocument {
        let mut document = TantivyDocument::default();
        document.add_text(self.tags, format!("key:{}", entry.key));
        for group in &entry.groups {
            document.add_text(self.tags, format!("group:{group}"));
        }
        document.add_text(self.kind, &entry.kind);
        document.add_text(self.url, &entry.url);
        document.add_text(self.title, &entry.title);
        document.add_text(self.title_shown, &entry.title);
        if let Some(title) = &entry.title_ja {
            document.add_text(self.title, title);
            document.add_text(self.title_ja_shown, title);
        }
        for name in &entry.also_called {
            document.add_text(self.title, name);
        }
        document.add_text(self.context, &entry.context);
        document.add_text(self.body, &entry.body);
        if let Some(body) = &entry.body_ja {
            document.add_text(self.body, body);
        }
        for language in &entry.languages {
            document.add_text(self.language, language);
        }
        if let Some(level) = &entry.level {
            document.add_text(self.level, level);
        }
        if let Some(category) = &entry.category {
            document.add_text(self.category, category);
        }
        for level in &entry.school_levels {
            document.add_text(self.school, level);
        }
        document.add_i64(self.date, entry.date);
        if entry.members_only {
            document.add_text(self.members_only, "yes");
        }
        document
    }
}

/// A search index: one writer (changes are applied by one task at a time) and a reader
/// shared by every search.
pub struct SearchIndex {
    index: Index,
    fields: Fields,
    writer: Mutex<IndexWriter<TantivyDocument>>,
    reader: IndexReader,
    /// Where it is kept (`None`: in memory).
    folder: Option<PathBuf>,
}

/// How [`SearchIndex::open`] found the folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opened {
    /// An index of this format, with the payload of its last commit.
    Existing(Option<String>),
    /// Nothing usable (missing, another format, or damaged): a new empty index.
    New,
}

impl SearchIndex {
    /// Opens the index in `folder`, or creates an empty one there when the folder is
    /// missing, holds another [`FORMAT`], or is damaged (the folder's contents are then
    /// deleted: the index is derived data, built again from the database).
    pub fn open(folder: &Path) -> Result<(SearchIndex, Opened), SearchError> {
        let folder_error = |err| SearchError::Folder(folder.to_owned(), err);
        let format = std::fs::read_to_string(folder.join(FORMAT_FILE)).ok();
        if format.as_deref().map(str::trim) == Some(FORMAT.to_string().as_str()) {
            match Self::open_existing(folder) {
                Ok(Some(opened)) => return Ok(opened),
                Ok(None) => {}
                Err(SearchError::Busy(folder)) => return Err(SearchError::Busy(folder)),
                Err(_) => {}
            }
        }
        if folder.exists() {
            std::fs::remove_dir_all(folder).map_err(folder_error)?;
        }
        std::fs::create_dir_all(folder).map_err(folder_error)?;
        let (schema, _) = Fields::schema();
        let index = Index::create_in_dir(folder, schema)?;
        std::fs::write(folder.join(FORMAT_FILE), format!("{FORMAT}\n")).map_err(folder_error)?;
        Ok((Self::with(index, Some(folder.to_owned()))?, Opened::New))
    }

    /// The index in `folder` if it is whole (every file's checksum holds) and has this
    /// schema; `None` if not.
    fn open_existing(folder: &Path) -> Result<Option<(SearchIndex, Opened)>, SearchError> {
        let index = Index::open_in_dir(folder)?;
        let (schema, _) = Fields::schema();
        if index.schema() != schema {
            return Ok(None);
        }
        if !index.validate_checksum()?.is_empty() {
            return Ok(None);
        }
        let payload = index.load_metas()?.payload;
        Ok(Some((Self::with(index, Some(folder.to_owned()))?, Opened::Existing(payload))))
    }

    /// A new empty index in memory (when the folder is another process's).
    pub fn in_memory() -> Result<SearchIndex, SearchError> {
        let (schema, _) = Fields::schema();
        Self::with(Index::create_in_ram(schema), None)
    }

    fn with(index: Index, folder: Option<PathBuf>) -> Result<SearchIndex, SearchError> {
        crate::register(&index);
        let fields = Fields::from(&index.schema()).ok_or_else(|| {
            tantivy::TantivyError::SchemaError("the index lacks a field altto needs".to_owned())
        })?;
        let writer = match index.writer_with_num_threads(1, WRITER_MEMORY) {
            Ok(writer) => writer,
            Err(tantivy::TantivyError::LockFailure(..)) => {
                return Err(SearchError::Busy(folder.unwrap_or_default()));
            }
            Err(err) => return Err(err.into()),
        };
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { index, fields, writer: Mutex::new(writer), reader, folder })
    }

    /// Where the index is kept (`None`: in memory).
    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    /// The payload saved with the last commit.
    pub fn payload(&self) -> Option<String> {
        self.index.load_metas().ok()?.payload
    }

    /// Applies `batch` and commits it with `payload`; searches see it on return.
    pub fn apply(&self, batch: Batch, payload: &str) -> Result<(), SearchError> {
        let mut writer = self.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if batch.clear {
            writer.delete_all_documents()?;
        }
        for tag in &batch.deletes {
            writer.delete_term(Term::from_field_text(self.fields.tags, tag));
        }
        for entry in &batch.entries {
            writer.add_document(self.fields.document(entry))?;
        }
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(payload);
        commit.commit()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// How many entries the index holds.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every entry as stored (kind, address, title, text, languages), for exports and
    /// comparisons.
    pub fn stored(&self) -> Result<Vec<Stored>, SearchError> {
        let searcher = self.reader.searcher();
        let mut all = Vec::new();
        for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
            for doc_id in segment.doc_ids_alive() {
                let address = tantivy::DocAddress::new(ordinal as u32, doc_id);
                let document: TantivyDocument = searcher.doc(address)?;
                all.push(Stored::of(&self.fields, &document));
            }
        }
        Ok(all)
    }

    /// The results of `request`.
    pub fn search(&self, request: &Request) -> Result<Found, SearchError> {
        let searcher = self.reader.searcher();
        let Some(mut query) = query::build(&self.fields, request, true) else {
            return Ok(Found::default());
        };
        let limit = request.per_page.max(1);
        let collector = (TopDocs::with_limit(limit).and_offset(request.offset).order_by_score(), Count);
        let (mut top, mut total) = searcher.search(&*query, &collector)?;
        let mut loose = false;
        if total == 0 {
            // No entry has every word: the entries with any of them (a long question
            // has words nobody wrote).
            if let Some(any) = query::build(&self.fields, request, false) {
                query = any;
                (top, total) = searcher.search(&*query, &collector)?;
                loose = true;
            }
        }
        let mut snippets = SnippetGenerator::create(&searcher, &*query, self.fields.body)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut hits = Vec::with_capacity(top.len());
        for (_, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            let stored = Stored::of(&self.fields, &document);
            let snippet = snippets.snippet_from_doc(&document);
            let mut pieces = pieces(snippet.fragment(), snippet.highlighted());
            if pieces.is_empty() {
                let start: String = stored.text.chars().take(SNIPPET_CHARS).collect();
                pieces.push((start.replace('\n', " "), false));
            }
            hits.push(Hit { stored, snippet: pieces });
        }
        Ok(Found { total, hits, loose })
    }
}

/// `fragment` cut into `(text, highlighted)` pieces. Highlighted ranges may overlap (a
/// Japanese word is found as overlapping bigrams): they are merged, so no character is
/// shown twice. Line breaks become spaces.
fn pieces(fragment: &str, highlighted: &[std::ops::Range<usize>]) -> Vec<(String, bool)> {
    let mut pieces: Vec<(String, bool)> = Vec::new();
    let mut push = |text: &str, found: bool| {
        if text.is_empty() {
            return;
        }
        let text = text.replace('\n', " ");
        match pieces.last_mut() {
            Some((last, was_found)) if *was_found == found => last.push_str(&text),
            _ => pieces.push((text, found)),
        }
    };
    let mut at = 0;
    for range in highlighted {
        let start = range.start.max(at);
        if range.end <= start || !fragment.is_char_boundary(start) || !fragment.is_char_boundary(range.end) {
            continue;
        }
        push(&fragment[at..start], false);
        push(&fragment[start..range.end], true);
        at = range.end;
    }
    push(&fragment[at..], false);
    pieces
}

/// Changes to apply at once: deletions first, then new entries.
#[derive(Debug, Default)]
pub struct Batch {
    clear: bool,
    deletes: Vec<String>,
    entries: Vec<Entry>,
    /// Where each key's entry is in `entries`: an entry added twice is added once.
    positions: HashMap<String, usize>,
}

impl Batch {
    /// Deletes every entry (a build from scratch).
    pub fn clear(&mut self) {
        self.clear = true;
    }

    /// Deletes the entry with `key`.
    pub fn delete_key(&mut self, key: &str) {
        self.deletes.push(format!("key:{key}"));
    }

    /// Deletes every entry of `group`.
    pub fn delete(&mut self, group: &str) {
        self.deletes.push(format!("group:{group}"));
    }

    /// Adds `entry`, replacing the one with the same key.
    pub fn add(&mut self, entry: Entry) {
        if let Some(&at) = self.positions.get(&entry.key) {
            self.entries[at] = entry;
            return;
        }
        self.delete_key(&entry.key.clone());
        self.positions.insert(entry.key.clone(), self.entries.len());
        self.entries.push(entry);
    }

    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        !self.clear && self.deletes.is_empty() && self.entries.is_empty()
    }

    /// How many entries it adds.
    pub fn added(&self) -> usize {
        self.entries.len()
    }
}

/// An entry as the index keeps it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stored {
    /// What it is.
    pub kind: String,
    /// Its address.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Its Japanese title, if it has one.
    pub title_ja: Option<String>,
    /// What it belongs to.
    pub context: String,
    /// Its text (both languages, one after the other).
    pub text: String,
    /// Its languages.
    pub languages: Vec<String>,
    /// Its date (unix ms).
    pub date: i64,
}

impl Stored {
    fn of(fields: &Fields, document: &TantivyDocument) -> Stored {
        let text =
            |field| document.get_first(field).and_then(|value| value.as_str()).unwrap_or_default().to_owned();
        let all = |field| {
            document.get_all(field).filter_map(|value| value.as_str().map(str::to_owned)).collect::<Vec<_>>()
        };
        let title_ja = text(fields.title_ja_shown);
        Stored {
            kind: text(fields.kind),
            url: text(fields.url),
            title: text(fields.title_shown),
            title_ja: (!title_ja.is_empty()).then_some(title_ja),
            context: text(fields.context),
            text: all(fields.body).join("\n"),
            languages: all(fields.language),
            date: document.get_first(fields.date).and_then(|value| value.as_i64()).unwrap_or_default(),
        }
    }
}

/// A page of results.
#[derive(Clone, Debug, Default)]
pub struct Found {
    /// How many entries match in all.
    pub total: usize,
    /// This page's.
    pub hits: Vec<Hit>,
    /// Whether no entry had every word, so these have only some of them.
    pub loose: bool,
}

/// One result.
#[derive(Clone, Debug)]
pub struct Hit {
    /// The entry.
    pub stored: Stored,
    /// A piece of its text around the words found: `(text, highlighted)` pieces.
    pub snippet: Vec<(String, bool)>,
}
