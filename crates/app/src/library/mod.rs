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
pub mod write;
pub mod write_edit;
pub mod write_form;
pub mod write_people;
pub mod write_review;

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
        .merge(writing_routes())
}

/// Writing articles and posts in the browser, and the people credited on them.
fn writing_routes() -> Routes {
    use Action::{Author, ManagePeople, ReadPublic};
    Routes::new()
        .get("/author/library", Author, write::list_writing)
        .get("/author/library/new", Author, write::new_writing)
        .post("/author/library", Author, write::create_writing)
        .get("/author/library/{shelf}/{slug}", Author, write_edit::edit_writing)
        .post("/author/library/{shelf}/{slug}", Author, write_edit::save_writing)
        .post("/author/library/{shelf}/{slug}/review", Author, write_review::decide_writing)
        // Who may preview is who may see the draft (`write::load`): anyone else, signed
        // in or not, is told it is not found, as for the draft itself.
        .get("/author/library/{shelf}/{slug}/preview", ReadPublic, write_review::preview_writing)
        .get("/author/library/{shelf}/{slug}/revisions", Author, write_review::list_writing_revisions)
        .post(
            "/author/library/{shelf}/{slug}/revisions/{number}/restore",
            Author,
            write_review::restore_writing_revision,
        )
        .get("/author/people", ManagePeople, write_people::list_people)
        .get("/author/people/new", ManagePeople, write_people::new_person)
        .post("/author/people", ManagePeople, write_people::create_person)
        .get("/author/people/{slug}", ManagePeople, write_people::edit_person)
        .post("/author/people/{slug}", ManagePeople, write_people::update_person)
}
