//! What every kind of content shares: the editorial workflow.

pub mod workflow;
