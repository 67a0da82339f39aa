//! What every kind of content shares: the editorial workflow, the Markdown renderer,
//! which revisions are published, the visitor page cache, and file types checked by
//! content.

pub mod decisions;
pub mod files;
pub mod front_matter;
pub mod markdown;
pub mod notify;
pub mod page_cache;
pub mod published;
pub mod reading;
pub mod workflow;
