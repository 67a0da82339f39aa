//! The one sanitiser (ammonia, on html5ever) every profile's HTML goes through: the
//! same code, with one ammonia builder made per profile from the same defaults.

use std::{borrow::Cow, collections::HashSet};

use url::Url;

use super::{Profile, members::Members};

/// The `rel` of every link a member posts: search engines give it no credit
/// (`nofollow`), it is marked as user content (`ugc`), and the page it opens cannot
/// reach back into ours (`noopener`).
pub const MEMBER_LINK_REL: &str = "nofollow ugc noopener";

/// The only elements a member's HTML may hold: what their Markdown makes, headings from
/// `<h3>` down. Their raw HTML is already text; this is the second lock on the door.
const MEMBER_TAGS: [&str; 26] = [
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

/// The schemes a member's link may have (a relative address needs none).
const MEMBER_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// `html` made safe for `profile`.
pub(super) fn clean(html: &str, profile: &Profile) -> String {
    builder(profile).clean(html).to_string()
}

/// The sanitiser's rules for `profile`. Authors get ammonia's defaults, which no
/// script, style, frame, form or event handler passes; members get the same with
/// fewer elements, fewer link schemes, their own `rel` and images only from this site.
fn builder(profile: &Profile) -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    // The box a table scrolls in (see `check::TABLE_SCROLL`), in every profile.
    builder.add_tag_attributes("div", ["tabindex"]).add_allowed_classes("div", ["table-scroll"]);
    let images_from = match profile {
        Profile::Members(Members { site, .. }) => {
            builder
                .tags(HashSet::from(MEMBER_TAGS))
                .url_schemes(HashSet::from(MEMBER_SCHEMES))
                .link_rel(Some(MEMBER_LINK_REL));
            Some(site.clone())
        }
        Profile::Authors => None,
    };
    builder.attribute_filter(move |element, attribute, value| match (element, attribute) {
        // Only the scrolling box's own focus stop: no author or member reorders the page.
        ("div", "tabindex") if value != "0" => None,
        ("img", "src") if images_from.as_ref().is_some_and(|site| !same_site(value, site.as_ref())) => None,
        _ => Some(Cow::Borrowed(value)),
    });
    builder
}

/// Whether `address` is on this site: a relative address (resolved as a browser would,
/// so `//elsewhere.example/a.png` and `\\elsewhere.example\a.png` are not), or an
/// absolute `http` or `https` one on `site`'s origin (scheme, host and port).
pub(super) fn same_site(address: &str, site: Option<&Url>) -> bool {
    match Url::parse(address) {
        // Only web addresses: a `blob:` address has the origin of the page that made it.
        Ok(absolute) => {
            matches!(absolute.scheme(), "http" | "https")
                && site.is_some_and(|site| absolute.origin() == site.origin())
        }
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            // Without the site's address, any base will do to see where the address
            // leads: only the host it resolves to matters.
            let base = match site {
                Some(site) => site.clone(),
                None => match Url::parse("https://site.invalid/") {
                    Ok(base) => base,
                    Err(_) => return false,
                },
            };
            base.join(address).is_ok_and(|resolved| resolved.origin() == base.origin())
        }
        Err(_) => false,
    }
}
