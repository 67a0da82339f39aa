//! Developer tools: `altto dev seed` fills a database with realistic synthetic data at
//! the size of the whole ALT community, for benchmarks.

pub mod seed;
mod seed_forum;
mod seed_ja;
