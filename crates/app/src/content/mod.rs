//! What every kind of content shares.

pub mod markdown;
