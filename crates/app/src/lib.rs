//! altto, the web application, as a library: `main.rs` only parses the command line.
//!
//! Layout: `web` holds what every page shares (layout context, middleware, static
//! assets, error pages); each domain module (`site`, `ops`, and later `accounts`,
//! `courses`, …) owns its routes, handlers and templates.

pub mod cli;
pub mod config;
pub mod error;
pub mod i18n;
pub mod ops;
pub mod server;
pub mod site;
pub mod state;
pub mod web;

pub use config::Settings;
pub use state::AppState;
pub use web::router;
