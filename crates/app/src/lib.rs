//! altto, the web application, as a library: `main.rs` only parses the command line.
//!
//! Layout: `app` puts the application together (state, every domain's routes, the
//! middleware stack); `auth` knows who is asking; `policy` decides every permission;
//! `web` holds the plumbing every page shares (layout context, middleware, static
//! assets, error pages, CSRF); `content` holds what every kind of content shares (the
//! editorial workflow, the Markdown renderer); each domain module (`site`, `accounts`, `courses`, `admin`,
//! `api`, `ops`, …) owns its routes, handlers and templates.

pub mod accounts;
pub mod admin;
pub mod api;
pub mod app;
pub mod auth;
pub mod authoring;
pub mod backup;
pub mod certificates;
pub mod cli;
pub mod community;
pub mod config;
pub mod content;
pub mod courses;
pub mod dev;
pub mod error;
pub mod glossary;
pub mod i18n;
pub mod library;
pub mod mail;
pub mod newsletter;
pub mod notifications;
pub mod ops;
pub mod policy;
pub mod random;
pub mod search;
pub mod server;
pub mod site;
pub mod state;
pub mod web;
pub mod workers;

pub use app::router;
pub use config::Settings;
pub use state::AppState;
