//! Who issues the site's certificates: the name and address printed on each one and
//! signed into its credential (e.g. "ALT Training Online", `https://alttraining.example`).
//! An admin sets them on the site settings page; until then the issuer is "altto" at
//! the site's own address.

use altto_store::Store;

use crate::{error::AppResult, state::AppState};

/// The settings key of the issuer's name.
const NAME_KEY: &str = "certificate_issuer_name";
/// The settings key of the issuer's address.
const URL_KEY: &str = "certificate_issuer_url";
/// The longest name accepted.
pub const NAME_MAX: usize = 120;
/// The longest address accepted.
pub const URL_MAX: usize = 200;

/// The issuer of certificates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issuer {
    /// Its name.
    pub name: String,
    /// Its web address.
    pub url: String,
}

/// Why a typed issuer was refused: the field and the message key.
pub type Refusal = (&'static str, &'static str);

impl Issuer {
    /// The issuer this site names now.
    pub async fn of_site(state: &AppState) -> AppResult<Issuer> {
        let name = state.store.setting(NAME_KEY).await?.filter(|name| !name.is_empty());
        let url = state.store.setting(URL_KEY).await?.filter(|url| !url.is_empty());
        Ok(Issuer {
            name: name.unwrap_or_else(|| "altto".to_owned()),
            url: url.unwrap_or_else(|| state.settings.base_url()),
        })
    }

    /// The issuer an admin typed, or every reason it cannot be used.
    pub fn parse(name: &str, url: &str) -> Result<Issuer, Vec<Refusal>> {
        let (name, url) = (name.trim(), url.trim());
        let mut refusals = Vec::new();
        if name.is_empty() {
            refusals.push(("issuer_name", "site-issuer-name-missing"));
        } else if name.chars().count() > NAME_MAX || name.chars().any(char::is_control) {
            refusals.push(("issuer_name", "site-issuer-name-invalid"));
        }
        let web = url::Url::parse(url)
            .ok()
            .filter(|parsed| matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some());
        if url.chars().count() > URL_MAX || web.is_none() {
            refusals.push(("issuer_url", "site-issuer-url-invalid"));
        }
        if refusals.is_empty() {
            Ok(Issuer { name: name.to_owned(), url: url.to_owned() })
        } else {
            Err(refusals)
        }
    }

    /// Makes this the issuer of certificates issued from now on.
    pub async fn save(&self, store: &Store) -> AppResult<()> {
        store.set_setting(NAME_KEY, &self.name).await?;
        store.set_setting(URL_KEY, &self.url).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issuer_needs_a_name_and_a_web_address() {
        let issuer = Issuer::parse(" ALT Training Online ", "https://alttraining.example/").unwrap();
        assert_eq!(issuer.name, "ALT Training Online");
        assert_eq!(
            Issuer::parse("", "https://a.example").unwrap_err(),
            [("issuer_name", "site-issuer-name-missing")]
        );
        for url in ["", "alttraining.example", "javascript:alert(1)", "ftp://a.example", "https://"] {
            assert_eq!(
                Issuer::parse("A", url).unwrap_err(),
                [("issuer_url", "site-issuer-url-invalid")],
                "{url}"
            );
        }
        assert!(Issuer::parse(&"x".repeat(NAME_MAX + 1), "https://a.example").is_err());
        assert!(Issuer::parse("A\u{0}B", "https://a.example").is_err());
    }
}
