//! The library (articles: the compendium of knowledge) and the news (posts, including
//! guest posts), on the content core: one revision store and workflow, one Markdown
//! renderer, one visitor page cache. Articles and posts are one kind of text kept on
//! two shelves ([`Shelf`]).

pub mod cache;
pub mod content;
pub mod files;
pub mod pages;
pub mod people;
pub mod starter;
pub mod videos;

pub use cache::LibraryCache;
pub use content::{Shelf, Writing};

use crate::{policy::Action, web::routes::Routes};

/// The library's and the news's routes.
pub fn routes() -> Routes {
    use Action::ReadPublic;
    Routes::new()
        .get("/library", ReadPublic, pages::list_library)
        .get_cached("/library/{slug}", ReadPublic, pages::show_article)
        .get("/library/{slug}/history", ReadPublic, pages::article_history)
        .get("/news", ReadPublic, pages::list_news)
        .get_cached("/news/{slug}", ReadPublic, pages::show_post)
        .get("/news/{slug}/history", ReadPublic, pages::post_history)
        .get("/authors", ReadPublic, people::list_authors)
        .get("/authors/{slug}", ReadPublic, people::show_author)
        .get("/videos", ReadPublic, videos::list_videos)
        .get("/library/{slug}/files/{*path}", ReadPublic, files::serve_article_file)
        .get("/news/{slug}/files/{*path}", ReadPublic, files::serve_post_file)
        .get("/author/library/{shelf}/{slug}/files", Action::Author, files::list_files)
        .post_upload("/author/library/{shelf}/{slug}/files", Action::Author, files::upload_file)
        .post("/author/library/{shelf}/{slug}/files/remove", Action::Author, files::remove_file)
        .get("/author/library/{shelf}/{slug}/files/{*path}", Action::Author, files::serve_draft_file)
        .post("/author/library/{shelf}/{slug}/video", Action::Author, files::choose_video)
}
