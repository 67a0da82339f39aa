//! English and Japanese: which language a request gets, and the translated strings.
//!
//! Every UI string lives in `locales/{en,ja}/*.ftl` (Project Fluent). The language is the
//! visitor's explicit choice (the `lang` cookie set by the language switch), else the
//! best match in `Accept-Language`, else English.

use std::collections::HashMap;

use axum::{extract::FromRequestParts, http::request::Parts};
use fluent_templates::{Loader as _, StaticLoader, fluent_bundle::FluentValue, static_loader};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Bidi isolation marks around arguments are noise in HTML for en and ja.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The name of the cookie that keeps the visitor's language choice.
pub const LANG_COOKIE: &str = "lang";

/// A language the interface is available in (and that content may be written in,
/// stored as its code: `en`, `ja`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English, the default.
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Every supported language, in the order the switch lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The BCP 47 code, as used in `<html lang>` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language's name in itself, for the switch link.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ja => "日本語",
        }
    }

    /// Parses a code such as `ja` or `en-GB` (only the primary subtag counts).
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    /// The best supported language in an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let Some(lang) = parts.next().and_then(Lang::from_code) else { continue };
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(best_q, _)| q > best_q) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, lang)| lang)
    }

    /// The language for a request: cookie, then `Accept-Language`, then English.
    pub fn negotiate(cookie_header: Option<&str>, accept_language: Option<&str>) -> Lang {
        cookie_header
            .and_then(|header| cookie_value(header, LANG_COOKIE))
            .and_then(Lang::from_code)
            .or_else(|| accept_language.and_then(Lang::from_accept_language))
            .unwrap_or_default()
    }

    fn langid(self) -> &'static fluent_templates::LanguageIdentifier {
        static EN: std::sync::LazyLock<fluent_templates::LanguageIdentifier> =
            std::sync::LazyLock::new(|| fluent_templates::langid!("en"));
        static JA: std::sync::LazyLock<fluent_templates::LanguageIdentifier> =
            std::sync::LazyLock::new(|| fluent_templates::langid!("ja"));
        match self {
            Lang::En => &EN,
            Lang::Ja => &JA,
        }
    }

    /// The translation of `key`. A missing key shows as the key itself (and the
    /// translation-completeness tests fail), never as a crash.
    pub fn t(self, key: &str) -> String {
        loader().try_lookup(self.langid(), key).unwrap_or_else(|| {
            tracing::warn!(key, lang = self.code(), "missing translation");
            key.to_owned()
        })
    }

    /// The translation of `key` with Fluent arguments, e.g. `("count", 3.into())`.
    pub fn t_args(self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let args: HashMap<std::borrow::Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| (std::borrow::Cow::Owned((*name).to_owned()), value.clone()))
            .collect();
        loader().try_lookup_with_args(self.langid(), key, &args).unwrap_or_else(|| key.to_owned())
    }
}

fn loader() -> &'static StaticLoader {
    &LOCALES
}

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then_some(value.trim_matches('"'))
    })
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(lang_of(&parts.headers))
    }
}

/// The negotiated language for a request's headers.
pub fn lang_of(headers: &axum::http::HeaderMap) -> Lang {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    Lang::negotiate(header(axum::http::header::COOKIE), header(axum::http::header::ACCEPT_LANGUAGE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_highest_quality_supported_language() {
        assert_eq!(Lang::from_accept_language("ja,en;q=0.8"), Some(Lang::Ja));
        assert_eq!(Lang::from_accept_language("fr, en-GB;q=0.5, ja;q=0.9"), Some(Lang::Ja));
        assert_eq!(Lang::from_accept_language("ja-JP;q=0.2, en-US"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("fr, de"), None);
        assert_eq!(Lang::from_accept_language("ja;q=0"), None);
    }

    #[test]
    fn the_cookie_choice_beats_accept_language_and_english_is_the_default() {
        assert_eq!(Lang::negotiate(Some("a=1; lang=ja"), Some("en")), Lang::Ja);
        assert_eq!(Lang::negotiate(Some("lang=xx"), Some("ja")), Lang::Ja);
        assert_eq!(Lang::negotiate(None, Some("ko")), Lang::En);
        assert_eq!(Lang::negotiate(None, None), Lang::En);
    }

    #[test]
    fn strings_come_in_both_languages() {
        assert_eq!(Lang::En.t("site-name"), "altto");
        assert_ne!(Lang::En.t("nav-about"), Lang::Ja.t("nav-about"));
    }
}
