//! Progress kept on a visitor's device: the `altto_progress` cookie.
//!
//! A visitor's progress is never written to the database. The server keeps it in one
//! cookie of its own making, signed so that it can be trusted when it comes back, and
//! merges it into the account when the visitor signs in (see [`super::merge`]). The
//! lesson and course pages visitors get stay the same for everyone (and cached): only
//! the answers to a visitor's own `POST`s and their "My learning" page read the cookie.
//!
//! The value, version 1, is `1.<id>.<lessons>.<mac>`:
//! - `id`: 22 random URL-safe base64 characters naming this cookie; the account keeps
//!   the ids it has merged, so a saved copy sent again adds nothing;
//! - `lessons`: at most [`MOST_LESSONS`] entries, oldest change first, joined by `~`,
//!   each `<lesson id>:<flags>:<best score>:<attempts>` — flags `1` marked complete,
//!   `2` quiz passed (`3` both), the best score in percent (empty before a first
//!   attempt), attempts at most [`MOST_ATTEMPTS`];
//! - `mac`: HMAC-SHA256, under the site key that CSRF tokens use, of `progress:`
//!   followed by everything before it, URL-safe base64. CSRF tokens are MACs of
//!   `s:…` or `v:…`, so neither can stand for the other.
//!
//! A value that is longer than [`LONGEST`], of another version, wrongly signed, or not
//! exactly what the server writes is ignored as if there were no cookie: scores in it
//! were computed and signed by the server, never taken from the browser. When a new
//! lesson would make more than [`MOST_LESSONS`], the one changed longest ago is dropped,
//! which keeps the cookie under browsers' 4 KiB.

use altto_store::LessonProgress;
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac as _};
use sha2::Sha256;

use super::content::CourseContent;
use crate::{i18n::cookie_value, web::cookie_header};

/// The cookie's name.
pub const PROGRESS_COOKIE: &str = "altto_progress";
/// The most lessons the cookie holds (a few courses' worth).
pub const MOST_LESSONS: usize = 100;
/// The most attempts counted per lesson.
pub const MOST_ATTEMPTS: u32 = 9999;
/// The longest value read: 100 entries of the longest lesson ids fit.
pub const LONGEST: usize = 3300;
/// How long the browser keeps it after its last change (a school year and a bit).
const KEEP_DAYS: i64 = 400;
const VERSION: &str = "1";
const ID_LEN: usize = 22;

/// One lesson as the device has it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeviceLesson {
    /// Which lesson.
    pub lesson_id: i64,
    /// Marked complete (passing the quiz marks it too).
    pub completed: bool,
    /// Its quiz passed.
    pub passed: bool,
    /// The best quiz score, in percent.
    pub best_score: Option<u8>,
    /// Quiz attempts.
    pub attempts: u32,
}

/// A visitor's progress, as read from and written to their cookie.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceProgress {
    id: String,
    lessons: Vec<DeviceLesson>,
}

impl DeviceProgress {
    /// No progress yet, under a new id.
    pub fn new() -> Self {
        Self { id: crate::random::token()[..ID_LEN].to_owned(), lessons: Vec::new() }
    }

    /// The progress in the `Cookie` header `cookies`, if it holds a valid one.
    pub fn from_cookies(key: &[u8], cookies: &str) -> Option<Self> {
        Self::from_value(key, cookie_value(cookies, PROGRESS_COOKIE)?)
    }

    /// The progress in the cookie value `value`, if it is one the server signed.
    pub fn from_value(key: &[u8], value: &str) -> Option<Self> {
        if value.len() > LONGEST {
            return None;
        }
        let (signed, mac) = value.rsplit_once('.')?;
        let mac = URL_SAFE_NO_PAD.decode(mac).ok()?;
        signer(key, signed).verify_slice(&mac).ok()?;
        let mut parts = signed.split('.');
        let (version, id, lessons) = (parts.next()?, parts.next()?, parts.next()?);
        if version != VERSION || parts.next().is_some() || !is_id(id) {
            return None;
        }
        let lessons = match lessons {
            "" => Vec::new(),
            all => all.split('~').map(parse_lesson).collect::<Option<Vec<_>>>()?,
        };
        let mut ids: Vec<i64> = lessons.iter().map(|l| l.lesson_id).collect();
        ids.sort_unstable();
        ids.dedup();
        if lessons.len() > MOST_LESSONS || ids.len() != lessons.len() {
            return None;
        }
        Some(Self { id: id.to_owned(), lessons })
    }

    /// The signed cookie value.
    pub fn value(&self, key: &[u8]) -> String {
        let lessons: Vec<String> = self
            .lessons
            .iter()
            .map(|l| {
                let flags = u8::from(l.completed) | (u8::from(l.passed) << 1);
                let best = l.best_score.map(|b| b.to_string()).unwrap_or_default();
                format!("{}:{flags}:{best}:{}", l.lesson_id, l.attempts)
            })
            .collect();
        let signed = format!("{VERSION}.{}.{}", self.id, lessons.join("~"));
        let mac = URL_SAFE_NO_PAD.encode(signer(key, &signed).finalize().into_bytes());
        format!("{signed}.{mac}")
    }

    /// The `Set-Cookie` value that keeps this progress on the device.
    pub fn set_cookie(&self, key: &[u8], secure: bool) -> String {
        cookie_header(PROGRESS_COOKIE, &self.value(key), KEEP_DAYS * 86_400, secure)
    }

    /// The `Set-Cookie` value that removes the cookie.
    pub fn clear_cookie(secure: bool) -> String {
        cookie_header(PROGRESS_COOKIE, "", 0, secure)
    }

    /// The cookie's id (what a merge is remembered by).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Every lesson on the device, oldest change first.
    pub fn lessons(&self) -> &[DeviceLesson] {
        &self.lessons
    }

    /// The device's progress on lesson `lesson_id`.
    pub fn lesson(&self, lesson_id: i64) -> Option<&DeviceLesson> {
        self.lessons.iter().find(|l| l.lesson_id == lesson_id)
    }

    /// Records a marked quiz attempt: the better score is kept, and passing completes
    /// the lesson (as for members).
    pub fn record_attempt(&mut self, lesson_id: i64, score: u32, passed: bool) {
        let lesson = self.touch(lesson_id);
        let score = u8::try_from(score.min(100)).unwrap_or(100);
        lesson.best_score = Some(lesson.best_score.map_or(score, |best| best.max(score)));
        lesson.attempts = (lesson.attempts + 1).min(MOST_ATTEMPTS);
        lesson.passed |= passed;
        lesson.completed |= passed;
    }

    /// Records the lesson marked complete.
    pub fn record_completion(&mut self, lesson_id: i64) {
        self.touch(lesson_id).completed = true;
    }

    /// The device's lessons of `course` as progress rows, for the progress rules in
    /// [`super::progress`] (the device keeps no times: they are 0).
    pub fn rows_for(&self, course_id: i64, course: &CourseContent) -> Vec<LessonProgress> {
        self.lessons
            .iter()
            .filter(|l| course.lesson_by_id(l.lesson_id).is_some())
            .map(|l| LessonProgress {
                lesson_id: l.lesson_id,
                course_id,
                visited_at: 0,
                completed_at: l.completed.then_some(0),
                best_score: l.best_score.map(i64::from),
                passed_at: l.passed.then_some(0),
                attempts: i64::from(l.attempts),
            })
            .collect()
    }

    /// Lesson `lesson_id`'s entry, moved to the newest end (made if missing); the
    /// oldest entry goes if there are too many.
    fn touch(&mut self, lesson_id: i64) -> &mut DeviceLesson {
        let lesson = match self.lessons.iter().position(|l| l.lesson_id == lesson_id) {
            Some(at) => self.lessons.remove(at),
            None => DeviceLesson { lesson_id, ..DeviceLesson::default() },
        };
        if self.lessons.len() >= MOST_LESSONS {
            self.lessons.remove(0);
        }
        self.lessons.push(lesson);
        let newest = self.lessons.len() - 1;
        &mut self.lessons[newest]
    }
}

impl Default for DeviceProgress {
    fn default() -> Self {
        Self::new()
    }
}

fn signer(key: &[u8], signed: &str) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(b"progress:");
    mac.update(signed.as_bytes());
    mac
}

fn is_id(id: &str) -> bool {
    id.len() == ID_LEN && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// One `<lesson id>:<flags>:<best>:<attempts>` entry, exactly as [`DeviceProgress::value`]
/// writes it (so every valid value has one spelling).
fn parse_lesson(entry: &str) -> Option<DeviceLesson> {
    let mut fields = entry.split(':');
    let (id, flags, best, attempts) = (fields.next()?, fields.next()?, fields.next()?, fields.next()?);
    if fields.next().is_some() {
        return None;
    }
    let number = |text: &str| -> Option<u64> {
        let canonical = !text.is_empty() && (text == "0" || !text.starts_with('0'));
        if canonical && text.bytes().all(|b| b.is_ascii_digit()) { text.parse().ok() } else { None }
    };
    let lesson_id = i64::try_from(number(id)?).ok()?;
    let flags = number(flags).filter(|f| *f <= 3)?;
    let best_score = match best {
        "" => None,
        best => Some(u8::try_from(number(best).filter(|b| *b <= 100)?).ok()?),
    };
    let attempts = u32::try_from(number(attempts).filter(|a| *a <= u64::from(MOST_ATTEMPTS))?).ok()?;
    Some(DeviceLesson { lesson_id, completed: flags & 1 == 1, passed: flags & 2 == 2, best_score, attempts })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"a site key of some length";

    fn sample() -> DeviceProgress {
        let mut progress = DeviceProgress::new();
        progress.record_attempt(7, 40, false);
        progress.record_attempt(7, 90, true);
        progress.record_attempt(7, 60, true);
        progress.record_completion(8);
        progress
    }

    #[test]
    fn progress_written_to_a_cookie_reads_back_the_same() {
        let progress = sample();
        let value = progress.value(KEY);
        assert!(value.starts_with(&format!("1.{}.7:3:90:3~8:1::0.", progress.id())), "{value}");
        assert_eq!(DeviceProgress::from_value(KEY, &value), Some(progress.clone()));
        let header = format!("lang=ja; {PROGRESS_COOKIE}={value}; other=1");
        assert_eq!(DeviceProgress::from_cookies(KEY, &header), Some(progress));
    }

    #[test]
    fn the_best_score_is_kept_attempts_are_counted_and_passing_completes_the_lesson() {
        let progress = sample();
        let lesson = progress.lesson(7).unwrap();
        assert_eq!(
            (lesson.best_score, lesson.attempts, lesson.passed, lesson.completed),
            (Some(90), 3, true, true)
        );
        let marked = progress.lesson(8).unwrap();
        assert_eq!(
            (marked.best_score, marked.attempts, marked.passed, marked.completed),
            (None, 0, false, true)
        );
    }

    #[test]
    fn an_altered_forged_or_foreign_cookie_is_ignored() {
        let value = sample().value(KEY);
        let raised = value.replacen("7:3:90:3", "7:3:100:3", 1);
        assert_eq!(DeviceProgress::from_value(KEY, &raised), None, "a score changed in the browser");
        assert_eq!(DeviceProgress::from_value(b"another site's key", &value), None);
        for garbage in
            ["", ".", "1...", "garbage", "1.x.7:3:90:3.abc", "2.aaaaaaaaaaaaaaaaaaaaaa..", "1.é.é.é"]
        {
            assert_eq!(DeviceProgress::from_value(KEY, garbage), None, "{garbage}");
        }
        // Even correctly signed, a value the server would not write is refused.
        let id = sample().id().to_owned();
        for lessons in ["7:4:90:3", "7:3:101:3", "07:3:90:3", "7:3:90", "7:3:90:3~7:1::0", "-7:1::0"] {
            let progress = DeviceProgress { id: id.clone(), lessons: Vec::new() };
            let signed = progress.value(KEY).replacen(&format!("{id}.."), &format!("{id}.{lessons}."), 1);
            let (body, _) = signed.rsplit_once('.').unwrap();
            let mac = URL_SAFE_NO_PAD.encode(signer(KEY, body).finalize().into_bytes());
            assert_eq!(DeviceProgress::from_value(KEY, &format!("{body}.{mac}")), None, "{lessons}");
        }
        let csrf_like = crate::auth::csrf_token(KEY, &format!("v:1.{id}."));
        assert_eq!(DeviceProgress::from_value(KEY, &format!("1.{id}..{csrf_like}")), None);
    }

    #[test]
    fn the_cookie_holds_at_most_its_bound_of_lessons_dropping_the_oldest_and_stays_under_4_kib() {
        let mut progress = DeviceProgress::new();
        for lesson in 0..(MOST_LESSONS as i64 + 20) {
            progress.record_attempt(i64::MAX - lesson, 100, true);
            progress.lessons.last_mut().unwrap().attempts = MOST_ATTEMPTS;
        }
        assert_eq!(progress.lessons().len(), MOST_LESSONS);
        assert!(progress.lesson(i64::MAX).is_none(), "the oldest went");
        assert!(progress.lesson(i64::MAX - MOST_LESSONS as i64 - 19).is_some(), "the newest stayed");
        let value = progress.value(KEY);
        assert!(value.len() <= LONGEST, "{}", value.len());
        assert!(progress.set_cookie(KEY, true).len() < 4096);
        assert_eq!(DeviceProgress::from_value(KEY, &value), Some(progress));
    }

    #[test]
    fn changing_a_lesson_again_makes_it_the_newest() {
        let mut progress = sample();
        progress.record_completion(7);
        let order: Vec<i64> = progress.lessons().iter().map(|l| l.lesson_id).collect();
        assert_eq!(order, vec![8, 7]);
    }
}
