//! Authoring in the browser: create and edit courses, modules, lessons and quizzes
//! (in a form of questions, see [`quiz`]);
//! submit for review; editors comment, request changes, publish and archive. Every
//! save is a new revision, with a readable diff and one-click restore. Learners see
//! only the published revision until an editor publishes a new one.

mod delete;
mod done;
mod edit;
pub(crate) mod files;
mod import;
mod lesson_media;
mod manage;
mod outline;
mod preview;
mod quiz;
pub mod quiz_form;
mod readable;
mod review;

/// The video id in what an author typed (shared with the library's editor).
pub(crate) use edit::video_id;

use altto_store::{DocumentRef, DocumentRow, UserId};

use crate::{
    auth::RequestAuth,
    content::workflow::{self, Decision},
    courses::content::CourseContent,
    error::{AppError, AppResult},
    policy::{self, Action},
    state::AppState,
    web::routes::Routes,
};

/// The authoring routes.
pub fn routes() -> Routes {
    use Action::Author;
    Routes::new()
        .get("/author", Author, outline::list_courses)
        .get("/author/courses/new", Author, outline::new_course)
        .post("/author/courses", Author, outline::create_course)
        .get("/author/courses/{slug}", Author, outline::show_course)
        .post("/author/courses/{slug}", Author, outline::update_course)
        .post("/author/courses/{slug}/modules", Author, outline::add_module)
        .post("/author/courses/{slug}/lessons", Author, outline::add_lesson)
        .post("/author/courses/{slug}/move", Author, outline::move_item)
        .get("/author/courses/{slug}/manage", Author, manage::show_manage)
        .post("/author/courses/{slug}/rename", Author, manage::rename_item)
        .post("/author/courses/{slug}/move-to", Author, manage::move_item_to)
        .get("/author/courses/{slug}/delete", Author, delete::confirm_delete)
        .post("/author/courses/{slug}/delete", Author, delete::delete_item)
        .get("/author/courses/{slug}/lessons/{lesson}", Author, edit::edit_lesson)
        .post("/author/courses/{slug}/lessons/{lesson}", Author, edit::save_lesson)
        // Who may preview is who may see the draft (`load`): anyone else, signed in or
        // not, is told it is not found, as for the draft itself.
        .get("/author/courses/{slug}/lessons/{lesson}/preview", Action::ReadPublic, preview::preview_lesson)
        .get("/author/courses/{slug}/lessons/{lesson}/quiz", Author, quiz::edit_quiz)
        .post("/author/courses/{slug}/lessons/{lesson}/quiz", Author, quiz::save_quiz)
        .post_upload("/author/courses/{slug}/lessons/{lesson}/import", Author, import::import_questions)
        .post_upload("/author/courses/{slug}/lessons/{lesson}/upload", Author, lesson_media::upload_in_lesson)
        .post("/author/courses/{slug}/submit", Author, review::submit_for_review)
        .post("/author/courses/{slug}/review", Author, review::review)
        .get("/author/courses/{slug}/revisions", Author, review::list_revisions)
        .get("/author/courses/{slug}/revisions/{number}", Author, review::show_revision)
        .post("/author/courses/{slug}/revisions/{number}/restore", Author, review::restore_revision)
        .get("/author/courses/{slug}/media", Author, files::list_media)
        .post_upload("/author/courses/{slug}/media", Author, files::upload_media)
        .post("/author/courses/{slug}/media/remove", Author, files::remove_media)
        .get("/author/courses/{slug}/media/{*path}", Author, crate::courses::media::serve_draft_media)
}

/// A course's working copy as its editor sees it.
pub struct Working {
    /// The course row.
    pub course: DocumentRow,
    /// Its authors.
    pub authors: Vec<UserId>,
    /// The newest revision's id (`None` before the first save).
    pub latest: Option<i64>,
    /// The newest revision's content.
    pub content: CourseContent,
}

/// Loads the working copy of `slug`, if `auth` may see it (not found otherwise, so
/// drafts stay private).
pub async fn load(state: &AppState, auth: &RequestAuth, slug: &str) -> AppResult<Working> {
    let course = state.store.course_by_slug(slug).await?.ok_or(AppError::NotFound)?;
    let authors = state.store.author_ids(DocumentRef::course(course.id)).await?;
    if !policy::can_view_draft(&auth.actor, &authors) {
        return Err(AppError::NotFound);
    }
    let latest = course.latest_revision_id.ok_or(AppError::NotFound)?;
    let mut content: CourseContent =
        serde_json::from_str(&state.store.revision(altto_store::DocumentKind::Course, latest).await?.content)
            .map_err(anyhow::Error::from)?;
    // A revision saved before files followed revisions lists none: the working copy
    // gets the course's files as they were (hashed the first time), so its lessons may
    // use them and the publish check sees them; the next save stores the list.
    if content.files.is_none() {
        content.files = Some(crate::courses::files::manifest(&state.store, course.id, None).await?);
    }
    Ok(Working { course, authors, latest: Some(latest), content })
}

/// Loads the working copy for a change: the actor must be allowed to edit it now.
pub async fn load_for_edit(state: &AppState, auth: &RequestAuth, slug: &str) -> AppResult<Working> {
    let working = load(state, auth, slug).await?;
    if working.may(auth, Decision::Save) { Ok(working) } else { Err(AppError::Forbidden) }
}

impl Working {
    /// The course as a document.
    pub fn doc(&self) -> DocumentRef {
        DocumentRef::course(self.course.id)
    }

    /// Whether `auth`'s actor may make `decision` about the course now.
    pub fn may(&self, auth: &RequestAuth, decision: Decision) -> bool {
        workflow::can(self.course.workflow(), decision, policy::workflow_powers(&auth.actor, &self.authors))
    }
}

/// Why a save did not happen.
pub enum SaveError {
    /// Someone saved in the meantime; the caller keeps the user's input.
    Stale,
    /// Anything else.
    Other(AppError),
}

impl From<AppError> for SaveError {
    fn from(err: AppError) -> Self {
        SaveError::Other(err)
    }
}

/// Saves `content` as a new revision on top of revision `base`. What learners see does
/// not change until an editor publishes it.
pub async fn save(
    state: &AppState,
    auth: &RequestAuth,
    working: &Working,
    base: Option<i64>,
    mut content: CourseContent,
    note: &str,
) -> Result<i64, SaveError> {
    if base != working.latest {
        return Err(SaveError::Stale);
    }
    // A lesson keeps its id through renames and moves (its learners' progress, notes,
    // attempts are kept by id); a new lesson gets one here.
    let lessons: Vec<(i64, String)> =
        content.lessons().map(|(_, lesson)| (lesson.id, lesson.slug.clone())).collect();
    let ids = state.store.assign_lesson_ids(working.course.id, &lessons).await.map_err(AppError::from)?;
    let mut ids = ids.into_iter();
    for module in &mut content.modules {
        for lesson in &mut module.lessons {
            lesson.id = ids.next().unwrap_or_default();
        }
    }
    let json = serde_json::to_string(&content).map_err(|err| AppError::Internal(err.into()))?;
    match state.store.add_revision(working.doc(), base, &json, auth.actor.user_id(), note).await {
        Ok(id) => Ok(id),
        Err(altto_store::StoreError::Conflict(_)) => Err(SaveError::Stale),
        Err(err) => Err(AppError::from(err).into()),
    }
}
