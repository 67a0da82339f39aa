//! The library (articles: the compendium of knowledge) and the news (posts, including
//! guest posts), on the content core: one revision store and workflow, one Markdown
//! renderer, one visitor page cache. Articles and posts are one kind of text kept on
//! two shelves ([`Shelf`]).

pub mod content;
pub mod starter;

pub use content::{Shelf, Writing};
