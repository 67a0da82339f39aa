//! What the index holds of each kind of content: the words that find it, what a result
//! shows, and the facts results are filtered by.

use altto_search::Entry;
use altto_store::{DocumentKind, DocumentRef, Issue, SearchableMember, SearchablePost};

use crate::{
    accounts::profile::prefecture_name,
    content::markdown::plain_text,
    courses::content::CourseContent,
    glossary::content::Term,
    i18n::Lang,
    library::content::{Shelf, Writing},
    newsletter::picks::Pick,
    state::AppState,
};

/// The group of the entries made from document `doc` (a course and its lessons).
pub fn document_group(doc: DocumentRef) -> String {
    format!("doc:{}:{}", doc.kind.as_str(), doc.id)
}

/// The entries of revision `revision_id` of published document `doc`, dated `date`.
pub async fn document(
    state: &AppState,
    doc: DocumentRef,
    revision_id: i64,
    date: Option<i64>,
) -> anyhow::Result<Vec<Entry>> {
    let group = document_group(doc);
    let base = Entry { groups: vec![group.clone()], ..Entry::default() };
    if doc.kind == DocumentKind::Course {
        let course = state.courses.get(&state.store, doc.id, revision_id).await?;
        let date = match date {
            Some(date) => date,
            None => state.store.revision(doc.kind, revision_id).await?.created_at,
        };
        return Ok(course_entries(&course.content, &course.transcripts, base, date));
    }
    let revision = state.store.revision(doc.kind, revision_id).await?;
    let date = date.unwrap_or(revision.created_at);
    let entry = match doc.kind {
        DocumentKind::Term => {
            let term: Term = serde_json::from_str(&revision.content)?;
            Entry {
                key: group,
                kind: "term".into(),
                url: format!("/glossary/{}", term.slug),
                title: term.en.clone(),
                title_ja: Some(term.ja.clone()),
                also_called: vec![term.kana.clone(), term.romaji.clone()],
                body: plain_text(&term.explanation),
                body_ja: Some(plain_text(&term.explanation_ja)).filter(|text| !text.is_empty()),
                languages: vec!["en".into(), "ja".into()],
                date,
                ..base
            }
        }
        kind => {
            let Some(shelf) = Shelf::of(kind) else { return Ok(Vec::new()) };
            let writing: Writing = serde_json::from_str(&revision.content)?;
            let body_ja = writing.body_ja.as_deref().map(plain_text).filter(|text| !text.is_empty());
            Entry {
                key: group,
                kind: if shelf == Shelf::Library { "article" } else { "news" }.into(),
                url: shelf.url(&writing.slug),
                languages: languages(writing.language, body_ja.is_some() || writing.title_ja.is_some()),
                title: writing.title,
                title_ja: writing.title_ja,
                also_called: writing.tags,
                body: format!("{}\n{}", writing.summary, plain_text(&writing.body)),
                body_ja: match (writing.summary_ja, body_ja) {
                    (Some(summary), Some(body)) => Some(format!("{summary}\n{body}")),
                    (summary, body) => summary.or(body),
                },
                category: Some(writing.category),
                date,
                ..base
            }
        }
    };
    Ok(vec![entry])
}

/// A course and each of its lessons.
fn course_entries(
    course: &CourseContent,
    transcripts: &std::collections::HashMap<i64, String>,
    base: Entry,
    date: i64,
) -> Vec<Entry> {
    let course_url = format!("/courses/{}", course.slug);
    let has_japanese = course.title_ja.is_some() || course.summary_ja.is_some();
    let modules: Vec<&str> = course.modules.iter().map(|module| module.title.as_str()).collect();
    let mut entries = vec![Entry {
        key: base.groups[0].clone(),
        kind: "course".into(),
        url: course_url.clone(),
        title: course.title.clone(),
        title_ja: course.title_ja.clone(),
        also_called: course.topics.clone(),
        body: format!("{}\n{}", course.summary, modules.join("\n")),
        body_ja: course.summary_ja.clone(),
        languages: languages(course.language, has_japanese),
        level: Some(course.level.as_str().into()),
        date,
        ..base.clone()
    }];
    for (_, lesson) in course.lessons() {
        let mut body = format!("{}\n{}", lesson.summary, plain_text(&lesson.body));
        if let Some(transcript) = transcripts.get(&lesson.id) {
            body.push('\n');
            body.push_str(transcript);
        }
        let body_ja = match (&lesson.summary_ja, lesson.body_ja.as_deref().map(plain_text)) {
            (Some(summary), Some(text)) => Some(format!("{summary}\n{text}")),
            (summary, text) => summary.clone().or(text),
        };
        entries.push(Entry {
            key: format!("lesson:{}:{}", course.slug, lesson.slug),
            kind: "lesson".into(),
            url: format!("{course_url}/lessons/{}", lesson.slug),
            title: lesson.title.clone(),
            title_ja: lesson.title_ja.clone(),
            context: course.title.clone(),
            languages: languages(course.language, body_ja.is_some() || lesson.title_ja.is_some()),
            body,
            body_ja,
            level: Some(course.level.as_str().into()),
            date,
            ..base.clone()
        });
    }
    entries
}

/// The languages of a text written in `main`, with a Japanese version or not.
fn languages(main: Lang, has_japanese: bool) -> Vec<String> {
    let mut all = vec![main.code().to_owned()];
    if has_japanese && main != Lang::Ja {
        all.push("ja".into());
    }
    all
}

/// The language a member wrote `text` in: Japanese when it has kana, else English.
fn written_in(text: &str) -> Vec<String> {
    let japanese = text.chars().any(|c| matches!(c, '\u{3040}'..='\u{30FF}'));
    vec![if japanese { "ja" } else { "en" }.to_owned()]
}

/// The key of forum post `id`'s entry (a thread's opening post is the thread's entry).
pub fn post_key(id: i64) -> String {
    format!("post:{id}")
}

/// The group of every entry of thread `id`.
pub fn thread_group(id: i64) -> String {
    format!("thread:{id}")
}

/// The group of every post of member `id`.
pub fn author_group(id: i64) -> String {
    format!("author:{id}")
}

/// A forum post: its thread's entry when it opens the thread, else a reply's.
pub fn post(post: &SearchablePost) -> Entry {
    let body = plain_text(&post.body);
    let (kind, url, context) = if post.opens_thread {
        ("thread", format!("/community/t/{}", post.thread_id), String::new())
    } else {
        ("post", format!("/community/posts/{}", post.id), post.title.clone())
    };
    Entry {
        key: post_key(post.id),
        groups: vec![thread_group(post.thread_id), author_group(post.author_id)],
        kind: kind.into(),
        url,
        languages: written_in(&format!("{}{body}", post.title)),
        title: post.title.clone(),
        context,
        body,
        category: post.category.clone(),
        also_called: post
            .prefecture
            .into_iter()
            .flat_map(|code| Lang::ALL.map(|lang| prefecture_name(code, lang).unwrap_or_default().to_owned()))
            .collect(),
        date: post.created_at,
        ..Entry::default()
    }
}

/// The key of member `id`'s directory entry.
pub fn member_key(id: i64) -> String {
    format!("member:{id}")
}

/// A member listed in the directory.
pub fn member(member: &SearchableMember) -> Entry {
    let mut facts: Vec<String> = member
        .prefecture
        .into_iter()
        .flat_map(|code| Lang::ALL.map(|lang| prefecture_name(code, lang).unwrap_or_default().to_owned()))
        .collect();
    facts.extend(
        member.interests.split(',').map(str::trim).filter(|interest| !interest.is_empty()).map(str::to_owned),
    );
    Entry {
        key: member_key(member.id),
        kind: "member".into(),
        url: format!("/members/{}", member.id),
        title: member.display_name.clone(),
        also_called: facts,
        languages: written_in(&member.bio),
        body: member.bio.clone(),
        school_levels: member
            .school_levels
            .split(',')
            .filter(|level| !level.is_empty())
            .map(str::to_owned)
            .collect(),
        date: member.created_at,
        members_only: member.members_only,
        ..Entry::default()
    }
}

/// The key of newsletter issue `id`'s entry.
pub fn issue_key(id: i64) -> String {
    format!("issue:{id}")
}

/// A sent newsletter issue, in the archive.
pub fn issue(issue: &Issue) -> Entry {
    let picks: Vec<Pick> = serde_json::from_str(&issue.items).unwrap_or_default();
    let mut body = plain_text(&issue.intro);
    for pick in &picks {
        body.push('\n');
        body.push_str(&pick.title);
    }
    let titles_ja: Vec<&str> = picks.iter().filter_map(|pick| pick.title_ja.as_deref()).collect();
    Entry {
        key: issue_key(issue.id),
        kind: "newsletter".into(),
        url: crate::newsletter::issue_path(issue),
        title: issue.subject.clone(),
        title_ja: issue.subject_ja.clone(),
        languages: languages(Lang::En, issue.subject_ja.is_some()),
        body,
        body_ja: (!titles_ja.is_empty()).then(|| titles_ja.join("\n")),
        date: issue.sent_at.unwrap_or(issue.created_at),
        ..Entry::default()
    }
}
