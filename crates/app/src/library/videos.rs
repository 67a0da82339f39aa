//! `/videos`: every published video in one list — those of lessons and those of
//! articles and posts — with where it is, how it is hosted, the languages of its
//! captions and whether it has a transcript; each leads to the page that shows it.

use askama::Template;
use axum::{extract::State, response::Response};

use crate::{
    content::reading::{Reading, Text},
    courses::content::Video,
    error::AppResult,
    state::AppState,
    web::{Ctx, meta::Meta},
};

/// How a video is hosted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VideoKind {
    /// Embedded from YouTube (privacy-enhanced).
    YouTube,
    /// Embedded from Vimeo (do-not-track).
    Vimeo,
    /// A file uploaded with the course.
    Uploaded,
}

impl VideoKind {
    /// How `video` is hosted, if it shows anything.
    pub fn of(video: &Video) -> Option<VideoKind> {
        if video.youtube.is_some() {
            Some(VideoKind::YouTube)
        } else if video.vimeo.is_some() {
            Some(VideoKind::Vimeo)
        } else if video.file.is_some() {
            Some(VideoKind::Uploaded)
        } else {
            None
        }
    }

    /// The translation key of its name.
    pub fn key(self) -> &'static str {
        match self {
            VideoKind::YouTube => "videos-kind-youtube",
            VideoKind::Vimeo => "videos-kind-vimeo",
            VideoKind::Uploaded => "videos-kind-uploaded",
        }
    }
}

/// One video in the list.
pub struct VideoItem {
    /// The page showing it.
    pub url: String,
    /// The title of that page.
    pub title: Text,
    /// Where it is: the course (and module), or the library or the news.
    pub place: Text,
    /// How it is hosted.
    pub kind: VideoKind,
    /// The languages of its captions (codes).
    pub captions: Vec<&'static str>,
    /// Whether it has a transcript.
    pub transcript: bool,
}

impl VideoItem {
    /// Its captions' languages: each one's code and name in itself.
    fn caption_names(&self) -> Vec<(&'static str, &'static str)> {
        self.captions
            .iter()
            .filter_map(|code| crate::i18n::Lang::from_code(code))
            .map(|lang| (lang.code(), lang.native_name()))
            .collect()
    }
}

/// `/videos`.
#[derive(Template)]
#[template(path = "library/videos.html")]
pub struct VideosPage {
    ctx: Ctx,
    videos: Vec<VideoItem>,
}

/// Every published video, lessons' first (in course order), then articles' and posts'.
pub async fn published_videos(state: &AppState, ctx: &Ctx) -> AppResult<Vec<VideoItem>> {
    let mut videos = Vec::new();
    for course in state.courses.all_published(&state.store).await? {
        let content = &course.content;
        let reading = Reading::new(ctx.lang, content.language);
        let course_title = reading.text(&content.title, &content.title_ja);
        for (_, lesson) in content.lessons() {
            let Some((video, kind)) = lesson.video.as_ref().and_then(|v| Some((v, VideoKind::of(v)?))) else {
                continue;
            };
            videos.push(VideoItem {
                url: format!("/courses/{}/lessons/{}", content.slug, lesson.slug),
                title: reading.text(&lesson.title, &lesson.title_ja),
                place: course_title.clone(),
                kind,
                captions: video.tracks().map(|(lang, _)| lang).collect(),
                transcript: video.transcript.is_some(),
            });
        }
    }
    for card in state.library.cards(&state.store).await?.iter() {
        let Some((video, kind)) = card.video.as_ref().and_then(|v| Some((v, VideoKind::of(v)?))) else {
            continue;
        };
        videos.push(VideoItem {
            url: card.url(),
            title: Reading::new(ctx.lang, card.language).text(&card.title, &card.title_ja),
            place: Text { text: ctx.t(&format!("{}-title", card.shelf.name())), lang: None },
            kind,
            captions: video.tracks().map(|(lang, _)| lang).collect(),
            transcript: video.transcript.is_some(),
        });
    }
    Ok(videos)
}

/// `GET /videos`.
pub async fn list_videos(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let videos = published_videos(&state, &ctx).await?;
    let meta = Meta::new(
        &state.settings.base_url(),
        ctx.lang,
        "/videos",
        &ctx.t("videos-title"),
        &ctx.t("videos-lead"),
    );
    let ctx = ctx.with_meta(meta);
    Ok(ctx.render(&VideosPage { ctx: ctx.clone(), videos }))
}
