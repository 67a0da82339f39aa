//! What every kind of content shares: the editorial workflow and the Markdown
//! renderer.

pub mod markdown;
pub mod workflow;
