//! altto, the web application, as a library: `main.rs` only parses the command line.
//!
//! Layout: `web` holds what every page shares (layout context, middleware, static
//! assets, error pages, CSRF); `policy` decides every permission; each domain module
//! (`site`, `accounts`, `admin`, `api`, `ops`, …) owns its routes, handlers and templates.

pub mod accounts;
pub mod admin;
pub mod api;
pub mod authoring;
pub mod backup;
pub mod certificates;
pub mod cli;
pub mod config;
pub mod courses;
pub mod dev;
pub mod error;
pub mod i18n;
pub mod mail;
pub mod ops;
pub mod policy;
pub mod server;
pub mod site;
pub mod state;
pub mod web;
pub mod workers;

pub use config::Settings;
pub use state::AppState;
pub use web::router;
