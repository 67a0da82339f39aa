//! Deterministic scale data: members with profiles, published courses with long
//! lessons and quizzes, progress rows and quiz attempts, and session cookies (with their
//! CSRF tokens) for load generators.

use std::{io::Write as _, time::Instant};

use altto_store::{SeedAttempt, SeedProgress, SeedUser, Store, UserId};
use anyhow::Context as _;
use rand::{RngExt as _, SeedableRng as _, rngs::StdRng};

use super::seed_ja;
use crate::{
    courses::{library, package::Files},
    library::{Shelf, Writing, starter::Parsed},
    state::AppState,
};

/// How much to generate.
#[derive(Clone, Debug)]
pub struct SeedPlan {
    /// Members.
    pub members: usize,
    /// Published courses.
    pub courses: usize,
    /// Lessons per course.
    pub lessons_per_course: usize,
    /// Progress rows (lesson visits and completions).
    pub progress: usize,
    /// Quiz attempts.
    pub attempts: usize,
    /// Published library articles and news posts (half each).
    pub articles: usize,
    /// Forum threads (in the default categories).
    pub forum_threads: usize,
    /// Forum posts in all: each thread's first post and its replies.
    pub forum_posts: usize,
    /// Sessions to create for load generators.
    pub sessions: usize,
    /// The random seed: the same seed gives the same data.
    pub seed: u64,
}

/// The password of every generated member.
pub const SEED_PASSWORD: &str = "bench password for generated members 2026";

const FIRST: &[&str] = &[
    "Aiko", "Ben", "Chloe", "Daniel", "Emi", "Farah", "George", "Hana", "Isaac", "Jun", "Kate", "Liam",
    "Mei", "Noah", "Olivia", "Priya", "Ren", "Sara", "Tom", "Yuki",
];
const LAST: &[&str] = &[
    "Smith",
    "Tanaka",
    "Brown",
    "Suzuki",
    "Wilson",
    "Sato",
    "Taylor",
    "Ito",
    "Clarke",
    "Kobayashi",
    "Evans",
    "Yamada",
    "Murphy",
    "Nakamura",
    "Walker",
    "Kato",
];
pub(super) const TOPICS: &[&str] = &[
    "team-teaching",
    "classroom-management",
    "phonics",
    "assessment",
    "special-needs",
    "lesson-planning",
    "elementary",
    "junior-high",
    "senior-high",
    "speaking",
    "writing",
    "motivation",
];
pub(super) const SENTENCES: &[&str] = &[
    "Plan the warm-up with your JTE so that students hear natural English from the first minute.",
    "Model every activity before students try it, using gestures and a clear example on the board.",
    "Short, predictable routines help students feel safe enough to speak in front of their classmates.",
    "Check the textbook unit's target expressions and build each activity around them.",
    "Give praise that is specific, so that students know exactly what they did well.",
    "When an activity stalls, change the grouping before you change the task.",
    "Keep instructions short and show them visually as well as saying them.",
    "Ask your homeroom teacher how the class usually works in pairs and groups.",
    "Leave time at the end of the lesson for students to reflect on what they can now say.",
    "Students remember language they have used for a real purpose, not language they have only repeated.",
    "A quiet class is not always a bored class; give students time to think before they answer.",
    "Share your materials with the JTE a day before the lesson so that there are no surprises.",
];

/// Deterministic generated text of about `bytes` bytes of Markdown.
fn lesson_body(rng: &mut StdRng, bytes: usize) -> String {
    let mut body = String::with_capacity(bytes + 200);
    let mut section = 1;
    while body.len() < bytes {
        body.push_str(&format!("## Part {section}\n\n"));
        for _ in 0..3 {
            for _ in 0..4 {
                body.push_str(SENTENCES[rng.random_range(0..SENTENCES.len())]);
                body.push(' ');
            }
            body.push_str("\n\n");
        }
        body.push_str("- Try it in your next lesson.\n- Talk it over with your JTE.\n\n");
        section += 1;
    }
    body
}

/// The `n`th generated text: even numbers are library articles (`article-0000`), odd
/// ones news posts (`post-0001`), each about 6 KB with three references; every third
/// (`n % 3 == 2`, on both shelves) is written in Japanese.
fn writing(rng: &mut StdRng, n: usize) -> (Shelf, Parsed) {
    use crate::library::content::{LIBRARY_CATEGORIES, NEWS_CATEGORIES, Reference};
    let (shelf, slug, categories) = match n % 2 {
        0 => (Shelf::Library, format!("article-{n:04}"), &LIBRARY_CATEGORIES[..]),
        _ => (Shelf::News, format!("post-{n:04}"), &NEWS_CATEGORIES[..]),
    };
    let references = (1..=3)
        .map(|i| Reference {
            authors: format!("{}, {}.", LAST[rng.random_range(0..LAST.len())], &FIRST[i][..1]),
            year: Some(2000 + i32::try_from(i).unwrap_or_default()),
            title: format!("Findings on team teaching, part {i}"),
            venue: "JALT Journal".into(),
            doi: String::new(),
            url: "https://jalt-publications.org/".into(),
        })
        .collect();
    // Every third text is Japanese; article-0000 (which bench/run.sh reads) is English.
    let japanese = n % 3 == 2;
    let summary = if japanese {
        seed_ja::SENTENCES_JA[rng.random_range(0..seed_ja::SENTENCES_JA.len())]
    } else {
        SENTENCES[rng.random_range(0..SENTENCES.len())]
    };
    let category = categories[rng.random_range(0..categories.len())].to_owned();
    let topic = rng.random_range(0..TOPICS.len());
    let (title, title_ja, language, body) = if japanese {
        let title = format!("{}の実践ノート {n}", seed_ja::TOPICS_JA[topic]);
        (title, None, crate::i18n::Lang::Ja, seed_ja::body(rng, 6_000))
    } else {
        let title = format!("Notes for ALTs number {n}");
        (title, Some(format!("ALTのためのノート {n}")), crate::i18n::Lang::En, lesson_body(rng, 6_000))
    };
    let writing = Writing {
        slug,
        title,
        title_ja,
        summary: summary.to_owned(),
        summary_ja: None,
        language,
        category,
        tags: vec![TOPICS[topic].to_owned()],
        body,
        body_ja: None,
        references,
        related: vec!["/courses/course-000".into()],
        last_reviewed: Some("2026-12-01".into()),
        licence: crate::courses::content::Licence::CcBy,
        authors: Vec::new(),
        glossary_links: true,
        video: None,
        files: Default::default(),
    };
    let day = 86_400_000;
    let publish_at =
        (shelf == Shelf::News).then(|| 1_767_225_600_000 - i64::try_from(n).unwrap_or(0) * day / 4);
    (shelf, Parsed { writing, publish_at })
}

fn quiz(rng: &mut StdRng) -> String {
    let mut out = String::from("pass_mark = 70\n");
    for q in 0..4 {
        let right = rng.random_range(0..3);
        out.push_str(&format!(
            "\n[[questions]]\nkind = \"single\"\nprompt = \"Question {n}: which sentence describes good practice?\"\nchoices = [\n",
            n = q + 1
        ));
        for c in 0..3 {
            let text = SENTENCES[(q * 3 + c) % SENTENCES.len()];
            let correct = if c == right { ", correct = true" } else { "" };
            out.push_str(&format!(
                "  {{ text = \"{text}\"{correct}, feedback = \"See the lesson, part {}.\" }},\n",
                c + 1
            ));
        }
        out.push_str("]\n");
    }
    out
}

/// The package of generated course number `n`.
fn course_package(rng: &mut StdRng, n: usize, lessons: usize) -> Files {
    let mut files = Files::new();
    let topic_a = TOPICS[n % TOPICS.len()];
    let topic_b = TOPICS[(n * 7 + 3) % TOPICS.len()];
    files.insert(
        "course.toml".into(),
        format!(
            "slug = \"course-{n:03}\"\ntitle = \"Practical course {n}: {topic_a}\"\ntitle_ja = \"実践コース {n}\"\n\
             summary = \"A generated course about {topic_a} and {topic_b}.\"\nlevel = \"{}\"\nhours = {}\n\
             licence = \"CC-BY-4.0\"\nauthors = [\"the altto contributors\"]\ntopics = [\"{topic_a}\", \"{topic_b}\"]\n",
            ["foundation", "intermediate", "advanced"][n % 3],
            2 + n % 6
        )
        .into_bytes(),
    );
    let modules = 4.min(lessons.max(1));
    for l in 0..lessons {
        let m = l * modules / lessons.max(1);
        let dir = format!("{:02}-module-{}", m + 1, m + 1);
        files
            .entry(format!("{dir}/module.toml"))
            .or_insert_with(|| format!("title = \"Module {}\"\n", m + 1).into_bytes());
        let bytes = rng.random_range(2048..4096);
        let lesson = format!(
            "+++\ntitle = \"Lesson {n}.{l}\"\ntitle_ja = \"レッスン {n}.{l}\"\nsummary = \"Generated lesson {l} of course {n}.\"\n\
             minutes = {}\nreflection = \"How will you use this in your next lesson?\"\n+++\n\n{}",
            10 + l % 20,
            lesson_body(rng, bytes)
        );
        files.insert(format!("{dir}/{:02}-lesson-{l}.md", l % 99 + 1), lesson.into_bytes());
        files.insert(format!("{dir}/{:02}-lesson-{l}.quiz.toml", l % 99 + 1), quiz(rng).into_bytes());
    }
    files
}

/// A one-line progress bar on standard error.
pub(super) struct Bar {
    label: &'static str,
    total: usize,
    started: Instant,
}

impl Bar {
    pub(super) fn new(label: &'static str, total: usize) -> Self {
        Self { label, total, started: Instant::now() }
    }

    pub(super) fn show(&self, done: usize) {
        let width = 30;
        let filled = (done * width).checked_div(self.total).unwrap_or(width);
        let rate = done as f64 / self.started.elapsed().as_secs_f64().max(0.001);
        eprint!(
            "\r{:<9} [{}{}] {done}/{} ({rate:.0}/s)   ",
            self.label,
            "#".repeat(filled),
            ".".repeat(width - filled),
            self.total
        );
    }

    pub(super) fn finish(&self) {
        self.show(self.total);
        eprintln!("in {:.1} s", self.started.elapsed().as_secs_f64());
    }
}

const BATCH: usize = 1000;

/// Fills the database of `state` according to `plan`; writes session cookies and CSRF
/// tokens (one `cookie token` pair per line) to `sessions_out` when given.
pub async fn run(
    state: &AppState,
    plan: &SeedPlan,
    sessions_out: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let store: &Store = &state.store;
    let mut rng = StdRng::seed_from_u64(plan.seed);
    let now = altto_store::now_millis();

    let bar = Bar::new("members", plan.members);
    let hash = state.passwords.hash(SEED_PASSWORD.to_owned()).await?;
    let mut batch = Vec::with_capacity(BATCH);
    for i in 0..plan.members {
        let levels = ["elementary", "junior_high", "senior_high", "special_needs"];
        batch.push(SeedUser {
            email: format!("member{i:05}@example.org"),
            password_hash: hash.clone(),
            display_name: format!(
                "{} {}",
                FIRST[rng.random_range(0..FIRST.len())],
                LAST[rng.random_range(0..LAST.len())]
            ),
            bio: SENTENCES[rng.random_range(0..SENTENCES.len())].to_owned(),
            prefecture: Some(rng.random_range(1..=47)),
            employer_type: Some(
                ["jet", "dispatch", "direct", "private", "other"][rng.random_range(0..5)].to_owned(),
            ),
            school_levels: levels[rng.random_range(0..4)].to_owned(),
            years_in_japan: Some(rng.random_range(0..15)),
            visibility: ["public", "members", "hidden"][rng.random_range(0..3)],
            created_at: now - rng.random_range(0..3 * 365 * 86_400_000i64),
        });
        if batch.len() == BATCH {
            store.bulk_insert_users(&batch).await?;
            batch.clear();
            bar.show(i + 1);
        }
    }
    if !batch.is_empty() {
        store.bulk_insert_users(&batch).await?;
    }
    bar.finish();

    let bar = Bar::new("courses", plan.courses);
    for n in 0..plan.courses {
        let files = course_package(&mut rng, n, plan.lessons_per_course);
        library::import(store, &files, None, true, usize::MAX)
            .await
            .map_err(|err| anyhow::anyhow!("course {n}: {err:?}"))?;
        bar.show(n + 1);
    }
    bar.finish();

    let bar = Bar::new("articles and posts", plan.articles);
    for n in 0..plan.articles {
        let (shelf, parsed) = writing(&mut rng, n);
        crate::library::starter::add(store, shelf, &parsed).await?;
        bar.show(n + 1);
    }
    bar.finish();

    let members = store.member_ids().await?;
    let courses = state.courses.all_published(store).await?;
    let lessons: Vec<(i64, i64, i64)> = courses
        .iter()
        .flat_map(|c| c.content.lessons().map(move |(_, l)| (c.course_id, l.id, c.revision_id)))
        .collect();
    anyhow::ensure!(!members.is_empty() && !lessons.is_empty(), "no members or lessons to make progress in");
    super::seed_forum::run(store, &mut rng, &members, plan.forum_threads, plan.forum_posts).await?;

    let bar = Bar::new("progress", plan.progress);
    let mut rows = Vec::with_capacity(BATCH);
    for i in 0..plan.progress {
        let (course_id, lesson_id, _) = lessons[rng.random_range(0..lessons.len())];
        let visited = now - rng.random_range(0..365 * 86_400_000i64);
        let done = rng.random_bool(0.7);
        let score = rng.random_range(40..=100);
        rows.push(SeedProgress {
            user_id: members[rng.random_range(0..members.len())],
            lesson_id,
            course_id,
            visited_at: visited,
            completed_at: done.then_some(visited + 600_000),
            best_score: done.then_some(score),
            passed_at: (done && score >= 70).then_some(visited + 300_000),
            attempts: i64::from(done),
        });
        if rows.len() == BATCH {
            store.bulk_insert_progress(&rows).await?;
            rows.clear();
            bar.show(i + 1);
        }
    }
    if !rows.is_empty() {
        store.bulk_insert_progress(&rows).await?;
    }
    bar.finish();

    let bar = Bar::new("attempts", plan.attempts);
    let mut rows = Vec::with_capacity(BATCH);
    for i in 0..plan.attempts {
        let (_, lesson_id, revision_id) = lessons[rng.random_range(0..lessons.len())];
        let score = rng.random_range(0..=100);
        rows.push(SeedAttempt {
            user_id: members[rng.random_range(0..members.len())],
            lesson_id,
            revision_id,
            score,
            passed: score >= 70,
            created_at: now - rng.random_range(0..365 * 86_400_000i64),
        });
        if rows.len() == BATCH {
            store.bulk_insert_attempts(&rows).await?;
            rows.clear();
            bar.show(i + 1);
        }
    }
    if !rows.is_empty() {
        store.bulk_insert_attempts(&rows).await?;
    }
    bar.finish();

    if let Some(path) = sessions_out {
        let mut out =
            std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
        for user in members.iter().take(plan.sessions) {
            let (cookie, token) = session_for(state, *user).await?;
            writeln!(out, "{cookie} {token}")?;
        }
        eprintln!("wrote {} sessions to {}", plan.sessions.min(members.len()), path.display());
    }
    Ok(())
}

/// A session for `user`: the cookie value and the CSRF token its forms carry.
async fn session_for(state: &AppState, user: UserId) -> anyhow::Result<(String, String)> {
    let token = crate::random::token();
    let hash = crate::random::hash(&token);
    let expires = altto_store::now_millis() + 7 * 86_400_000;
    state.store.create_session(&hash, user, expires, "altto dev seed").await?;
    Ok((token, crate::auth::csrf_token(&state.secrets.csrf_key, &format!("s:{hash}"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_course() {
        let a = course_package(&mut StdRng::seed_from_u64(7), 3, 5);
        let b = course_package(&mut StdRng::seed_from_u64(7), 3, 5);
        assert_eq!(a, b);
        let parsed = crate::courses::package::parse(&a).unwrap();
        assert_eq!(parsed.lesson_count(), 5);
        assert!(parsed.lessons().all(|(_, l)| (2048..4500).contains(&l.body.len())));
    }

    #[test]
    fn every_third_text_is_written_in_japanese() {
        let mut rng = StdRng::seed_from_u64(7);
        let texts: Vec<_> = (0..6).map(|n| writing(&mut rng, n).1.writing).collect();
        let japanese: Vec<_> = texts.iter().map(|w| w.language == crate::i18n::Lang::Ja).collect();
        assert_eq!(japanese, [false, false, true, false, false, true]);
        for text in [&texts[2], &texts[5]] {
            assert!(text.title.contains("の実践ノート") && text.title_ja.is_none());
            assert!(text.body.contains('。') && text.body.len() >= 6_000);
        }
    }
}
