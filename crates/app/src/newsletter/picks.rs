//! What an editor can pick for an issue: recent published content.

use serde::{Deserialize, Serialize};

use crate::state::AppState;

/// How many picks the editor is offered.
const MOST_PICKS: usize = 30;

/// One piece of published content an issue can point to. An issue keeps a copy of the
/// picks it was sent with, so the archive shows what subscribers got even after the
/// content changes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pick {
    /// What it is: `course`, `article` or `post`.
    pub kind: String,
    /// English title.
    pub title: String,
    /// Japanese title.
    #[serde(default)]
    pub title_ja: Option<String>,
    /// Its address on the site (a path, e.g. `/courses/alt-essentials`).
    pub url: String,
    /// English summary.
    #[serde(default)]
    pub summary: String,
    /// Japanese summary.
    #[serde(default)]
    pub summary_ja: Option<String>,
    /// When it was published (unix ms), for ordering.
    #[serde(default)]
    pub date: i64,
}

impl Pick {
    /// The title in `lang` (the English one where there is no Japanese).
    /// (Takes a language or a reference to one, as templates pass references.)
    pub fn title_in(&self, lang: impl std::borrow::Borrow<crate::i18n::Lang>) -> &str {
        match (lang.borrow(), &self.title_ja) {
            (crate::i18n::Lang::Ja, Some(title)) if !title.is_empty() => title,
            _ => &self.title,
        }
    }

    /// The translation key naming its kind.
    pub fn kind_key(&self) -> &'static str {
        match self.kind.as_str() {
            "course" => "newsletter-kind-course",
            "article" => "newsletter-kind-article",
            "post" => "newsletter-kind-post",
            _ => "newsletter-kind-other",
        }
    }

    /// The summary in `lang`.
    pub fn summary_in(&self, lang: impl std::borrow::Borrow<crate::i18n::Lang>) -> &str {
        match (lang.borrow(), &self.summary_ja) {
            (crate::i18n::Lang::Ja, Some(summary)) if !summary.is_empty() => summary,
            _ => &self.summary,
        }
    }
}

/// Recent published content, newest first, for the issue editor's picker: courses,
/// library articles and news posts.
pub async fn recent(state: &AppState) -> anyhow::Result<Vec<Pick>> {
    let mut picks = Vec::new();
    for course in state.courses.all_published(&state.store).await? {
        let content = &course.content;
        let date = state
            .store
            .revision(altto_store::DocumentKind::Course, course.revision_id)
            .await
            .map_or(0, |revision| revision.created_at);
        picks.push(Pick {
            kind: "course".to_owned(),
            title: content.title.clone(),
            title_ja: content.title_ja.clone(),
            url: format!("/courses/{}", content.slug),
            summary: content.summary.clone(),
            summary_ja: content.summary_ja.clone(),
            date,
        });
    }
    // The library keeps a card of every published text, newest first.
    for card in state.library.cards(&state.store).await?.iter().take(MOST_PICKS) {
        picks.push(Pick {
            kind: match card.shelf {
                crate::library::Shelf::Library => "article",
                crate::library::Shelf::News => "post",
            }
            .to_owned(),
            title: card.title.clone(),
            title_ja: card.title_ja.clone(),
            url: card.url(),
            summary: card.summary.clone(),
            summary_ja: card.summary_ja.clone(),
            date: card.date,
        });
    }
    picks.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    picks.truncate(MOST_PICKS);
    Ok(picks)
}
