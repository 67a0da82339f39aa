//! Shared resources: lesson plans, worksheets and flashcards that members share with the
//! community.
//!
//! - A member shares a file in a thread (`/community/t/{id}/share`) or by starting a
//!   thread with it (`/community/resources/new`); either way a post in the thread
//!   announces the file, saved with the resource in one transaction ([`share`]).
//! - Files are checked by content, not only by name (`content::files`), at most
//!   [`MAX_FILE_BYTES`], and stored once however often they are shared (blobs by hash).
//! - `/community/resources` lists every shared file with filters ([`list`]); downloads
//!   are counted and served in chunks ([`download`]).
//! - New members' attachment limits are a pure rule ([`limits`]).

pub mod download;
pub mod limits;
pub mod list;
pub mod names;
pub mod share;
mod upload;

use crate::{accounts::profile::SCHOOL_LEVELS, i18n::Lang, policy::Action, web::routes::Routes};

/// The largest file a member may share: 10 MiB.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// The kinds of file members may share (lowercase extensions).
pub const KINDS: &[&str] = &["pdf", "docx", "pptx", "xlsx", "png", "jpg", "jpeg", "gif", "webp"];

/// The licences a member chooses from: code, and the address of its deed (none for
/// "all rights reserved, free for others' classes").
pub const LICENCES: &[(&str, Option<&str>)] = &[
    ("cc-by-4.0", Some("https://creativecommons.org/licenses/by/4.0/")),
    ("cc-by-sa-4.0", Some("https://creativecommons.org/licenses/by-sa/4.0/")),
    ("cc-by-nc-4.0", Some("https://creativecommons.org/licenses/by-nc/4.0/")),
    ("cc-by-nc-sa-4.0", Some("https://creativecommons.org/licenses/by-nc-sa/4.0/")),
    ("cc0-1.0", Some("https://creativecommons.org/publicdomain/zero/1.0/")),
    ("classroom", None),
];

/// The last school level choice, besides the directory's levels.
pub const OTHER_LEVEL: &str = "other";

/// The grades a resource can be for.
pub const GRADES: std::ops::RangeInclusive<i64> = 1..=6;

/// The longest topic tag, in characters (when the site has no topic list to choose from).
pub const MAX_TOPIC: usize = 40;

/// The longest description, in characters.
pub const MAX_DESCRIPTION: usize = 1_000;

/// The school levels a resource can be for: the directory's, then "other".
pub fn levels() -> impl Iterator<Item = &'static str> {
    SCHOOL_LEVELS.iter().copied().chain([OTHER_LEVEL])
}

/// A school level's name in `lang`.
pub fn level_name(code: &str, lang: Lang) -> String {
    if code == OTHER_LEVEL { lang.t("resources-level-other") } else { lang.t(&format!("level-{code}")) }
}

/// A licence's name in `lang` (message names cannot hold dots: `cc-by-4.0` is read
/// from `resources-licence-cc-by-4-0`).
pub fn licence_name(code: &str, lang: Lang) -> String {
    lang.t(&format!("resources-licence-{}", code.replace('.', "-")))
}

/// The deed of licence `code`, if it has one.
pub fn licence_deed(code: &str) -> Option<&'static str> {
    LICENCES.iter().find(|(c, _)| *c == code).and_then(|(_, deed)| *deed)
}

/// The address a resource is downloaded from.
pub fn download_path(id: i64, file_name: &str, kind: &str) -> String {
    format!("/community/resources/{id}/{}", names::url_name(file_name, kind))
}

/// The shared resources' routes.
pub fn routes() -> Routes {
    use Action::{PostInForum, ReadPublic};
    Routes::new()
        .get("/community/resources", ReadPublic, list::show_resources)
        .get("/community/resources/new", PostInForum, share::new_thread_with_file)
        .post_upload("/community/resources", PostInForum, share::create_thread_with_file)
        .get("/community/resources/{id}/{name}", ReadPublic, download::download_resource)
        .get("/community/t/{id}/share", PostInForum, share::share_form)
        .post_upload("/community/t/{id}/share", PostInForum, share::share_file)
}
