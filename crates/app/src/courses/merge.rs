//! Moving a visitor's progress from their device into their account when they sign in
//! (the sign-in that follows signing up, or any later one): nothing is lost and
//! nothing counted twice.

use altto_store::{MergedLesson, User};
use axum::http::{HeaderMap, header};

use super::{completion::certify_if_complete, device::DeviceProgress, library::Published};
use crate::{error::AppResult, i18n::cookie_value, state::AppState};

/// What signing in did with the device's progress.
#[derive(Debug, Default)]
pub struct DeviceMerge {
    /// A `Set-Cookie` value removing the cookie, when the request carried one (merged,
    /// already merged, or not valid: once signed in, progress is kept in the account).
    pub clear_cookie: Option<String>,
    /// Whether progress was added to the account by this request.
    pub merged: bool,
}

/// Merges the progress in the request's `altto_progress` cookie into `user`'s account,
/// in one transaction (see [`altto_store::Store::merge_progress`]): a lesson done stays
/// done, the better score wins, the device's attempts are added — once: the account
/// remembers each cookie's id, so a saved copy sent after the merge adds nothing. A
/// cookie that is not one the server signed is ignored. A course the merge completes
/// gets its certificate. Lessons no longer published are left out.
pub async fn merge_device_progress(
    state: &AppState,
    user: &User,
    headers: &HeaderMap,
) -> AppResult<DeviceMerge> {
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if cookie_value(cookies, super::device::PROGRESS_COOKIE).is_none() {
        return Ok(DeviceMerge::default());
    }
    let clear_cookie = Some(DeviceProgress::clear_cookie(state.settings.is_https()));
    let Some(device) = DeviceProgress::from_cookies(&state.secrets.csrf_key, cookies) else {
        tracing::debug!("a progress cookie that is not ours was ignored");
        return Ok(DeviceMerge { clear_cookie, merged: false });
    };
    let courses = state.courses.all_published(&state.store).await?;
    let mut touched: Vec<&Published> = Vec::new();
    let mut lessons = Vec::new();
    for on_device in device.lessons() {
        let Some(course) = courses.iter().find(|c| c.content.lesson_by_id(on_device.lesson_id).is_some())
        else {
            continue;
        };
        if !touched.iter().any(|c| c.course_id == course.course_id) {
            touched.push(course);
        }
        lessons.push(MergedLesson {
            lesson_id: on_device.lesson_id,
            course_id: course.course_id,
            completed: on_device.completed,
            passed: on_device.passed,
            best_score: on_device.best_score.map(i64::from),
            attempts: i64::from(on_device.attempts),
        });
    }
    if lessons.is_empty() {
        return Ok(DeviceMerge { clear_cookie, merged: false });
    }
    let merged = state.store.merge_progress(user.id, device.id(), lessons).await?;
    if merged {
        for course in touched {
            certify_if_complete(state, user, course).await?;
        }
    }
    Ok(DeviceMerge { clear_cookie, merged })
}
