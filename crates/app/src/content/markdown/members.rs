//! The members' profile as a rewrite of the Markdown events, before anything is measured
//! or written as HTML: raw HTML becomes text, headings step down, and an image from
//! another site becomes a link to it. The sanitiser checks the same rules again
//! ([`super::sanitise`]), so neither alone has to be perfect.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use url::Url;

use super::{Profile, sanitise::same_site};

/// How a community member's text is rendered and checked (see [`Profile::Members`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Members {
    /// The site's own address (the `public_url` setting): images there are shown as
    /// well as those at a relative path. `None` shows only images at a relative path.
    pub site: Option<Url>,
    /// The most links a post may have, for new members: [`super::check`] refuses a
    /// text with more. `None` allows any number. Rendering ignores it, so a post
    /// saved under an earlier limit is still shown.
    pub link_limit: Option<usize>,
}

impl Members {
    /// The members' profile of a site at `public_url` (as configured, if it is),
    /// without a link limit. An address that does not parse counts as none.
    pub fn for_site(public_url: Option<&str>) -> Self {
        Members { site: public_url.and_then(|url| Url::parse(url).ok()), link_limit: None }
    }

    /// The same profile, refusing texts with more than `limit` links.
    pub fn with_link_limit(self, limit: usize) -> Self {
        Members { link_limit: Some(limit), ..self }
    }
}

/// A heading one member writes sits inside a page that already has its `<h1>` (the
/// thread's title) and `<h2>` (the replies), so it steps down two levels: `#` becomes
/// `<h3>`, `##` `<h4>`, `###` `<h5>`, and everything deeper `<h6>`. The order of a
/// post's own headings survives, and no post can outrank the page.
pub(super) fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        HeadingLevel::H4 | HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// How an open image is being shown.
enum Image<'a> {
    /// As an image: it is on this site.
    Shown,
    /// From another site and outside a link: as a link to it, whose text is the
    /// image's description, or its address when it has none.
    AsLink { url: CowStr<'a>, described: bool },
    /// From another site inside a link (a link cannot hold another): as its description
    /// or address, as text.
    AsText { url: CowStr<'a>, described: bool },
}

/// The events of a text as its profile shows them: unchanged for authors, rewritten
/// for members. Linear: each event is looked at once, and at most one is added.
pub(super) struct Rewrite<'p, 'a, I> {
    events: I,
    members: Option<&'p Members>,
    /// The images open around the current event, innermost last.
    images: Vec<Image<'a>>,
    /// How many links are open around the current event.
    open_links: usize,
    /// An event to give before reading the next one.
    pending: Option<(Event<'a>, Range<usize>)>,
}

impl<'p, 'a, I> Rewrite<'p, 'a, I> {
    /// Rewrites `events` (with their place in the text) for `profile`.
    pub(super) fn new(events: I, profile: &'p Profile) -> Self {
        let members = match profile {
            Profile::Authors => None,
            Profile::Members(members) => Some(members),
        };
        Rewrite { events, members, images: Vec::new(), open_links: 0, pending: None }
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Rewrite<'_, 'a, I> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(pending) = self.pending.take() {
            return Some(pending);
        }
        loop {
            let (event, range) = self.events.next()?;
            let Some(members) = self.members else { return Some((event, range)) };
            if !matches!(event, Event::End(TagEnd::Image))
                && let Some(Image::AsLink { described, .. } | Image::AsText { described, .. }) =
                    self.images.last_mut()
            {
                *described = true;
            }
            let event = match event {
                // Shown as the member typed it: escaped when written, not dropped, so
                // that nothing they wrote silently disappears.
                Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
                Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
                Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
                Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                    Event::Start(Tag::Heading { level: demote(level), id, classes, attrs })
                }
                Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
                Event::Start(Tag::Link { .. }) => {
                    self.open_links += 1;
                    event
                }
                Event::End(TagEnd::Link) => {
                    self.open_links = self.open_links.saturating_sub(1);
                    event
                }
                Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                    if same_site(&dest_url, members.site.as_ref()) {
                        self.images.push(Image::Shown);
                        Event::Start(Tag::Image { link_type, dest_url, title, id })
                    } else if self.open_links > 0 {
                        self.images.push(Image::AsText { url: dest_url, described: false });
                        continue;
                    } else {
                        self.open_links += 1;
                        self.images.push(Image::AsLink { url: dest_url.clone(), described: false });
                        Event::Start(Tag::Link { link_type, dest_url, title, id })
                    }
                }
                Event::End(TagEnd::Image) => match self.images.pop() {
                    Some(Image::AsLink { url, described }) => {
                        self.open_links = self.open_links.saturating_sub(1);
                        let end = Event::End(TagEnd::Link);
                        if described {
                            end
                        } else {
                            self.pending = Some((end, range.clone()));
                            Event::Text(url)
                        }
                    }
                    Some(Image::AsText { described: true, .. }) => continue,
                    Some(Image::AsText { url, described: false }) => Event::Text(url),
                    Some(Image::Shown) | None => event,
                },
                event => event,
            };
            return Some((event, range));
        }
    }
}
