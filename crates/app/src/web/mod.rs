//! Plumbing every page shares: route registration with its permission, CSRF, the
//! layout context, forms, paged lists, compression and stitching, embedded static assets, cookies
//! and error pages. No domain is imported here; the application is put together in
//! [`crate::app`].

pub mod assets;
pub mod compress;
pub mod csrf;
pub mod errors;
pub mod format;
pub mod forms;
pub mod input;
pub mod layout;
pub mod meta;
pub mod middleware;
pub mod paging;
pub mod routes;
pub mod stitch;

pub use layout::Ctx;

/// A `Set-Cookie` value with altto's attributes: HttpOnly, SameSite=Lax, Path=/, and
/// Secure when the site is served over https.
pub fn cookie_header(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{secure}")
}
