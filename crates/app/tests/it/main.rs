//! altto's integration tests: one test binary, one module per domain.
//!
//! Every test gets a fresh database: a SQLite file in a temporary folder, or — when
//! `ALTTO_TEST_DATABASE_URL` is set — its own schema in that PostgreSQL database. The
//! suite is run once for each (see `scripts/test`), so every test runs on both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod accounts_browser;
mod admin;
mod api;
mod authoring;
mod authz;
mod backup;
mod bad_input;
mod browser;
mod certificates;
mod cli;
mod community_accounts;
mod community_hostile;
mod content_lang;
mod courses;
mod courses_browser;
mod dev;
mod directory;
mod discovery;
mod forum;
mod forum_about;
mod forum_api;
mod forum_browser;
mod forum_stitched;
mod glossary;
mod helpers;
mod i18n;
mod journey_browser;
mod library;
mod library_journey_browser;
mod library_writing;
mod media;
mod media_pickers;
mod media_review;
mod messages;
mod messages_browser;
mod migrations;
mod moderation;
mod moderation_browser;
mod newsletter;
mod newsletter_browser;
mod newsletter_sending;
mod nodes;
mod notices;
mod notifications;
mod ops;
mod phone;
mod quiz_editor;
mod quiz_import;
mod quiz_import_browser;
mod quiz_ja;
mod quizzes;
mod rename;
mod resources;
mod resources_browser;
mod search;
mod search_browser;
mod site;
mod topics;
mod visitor_progress;
mod web;
