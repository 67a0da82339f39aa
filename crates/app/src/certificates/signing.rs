//! The site's signing key and the signed credential format.
//!
//! Certificates are Open Badges 3.0 `OpenBadgeCredential`s secured as VC-JWTs: a JWS in
//! compact form, signed with EdDSA over Ed25519 (RFC 8037). The JWS envelope is three
//! base64url segments, written here because it is a few lines; the signature itself
//! is ed25519-dalek's. The public key is published as a JWK set at
//! `/.well-known/jwks.json`.

use std::path::{Path, PathBuf};

use altto_store::Store;
use anyhow::{Context as _, bail};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use crate::config::Settings;

/// The file in the data folder holding the key (base64url of the 32-byte seed).
pub const KEY_FILE: &str = "signing-key";

/// Signs certificates for this site.
pub struct Signer {
    key: SigningKey,
    /// Key id: the first 16 hex digits of the public key's SHA-256.
    pub kid: String,
}

fn kid_of(key: &VerifyingKey) -> String {
    Sha256::digest(key.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn decode_seed(encoded: &str) -> anyhow::Result<SigningKey> {
    let bytes = URL_SAFE_NO_PAD.decode(encoded.trim()).context("the signing key is not base64url")?;
    let seed: [u8; 32] = bytes.try_into().map_err(|_| anyhow::anyhow!("the signing key must be 32 bytes"))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Where the key file of `settings` is.
pub fn key_path(settings: &Settings) -> PathBuf {
    settings.data_dir.join(KEY_FILE)
}

impl Signer {
    /// The key from `signing_key` in the settings, else from the data folder's key file,
    /// else a new one written there (readable by the owner only). The key's id is
    /// recorded in the database on first use; a node whose key differs refuses to start,
    /// so every node of a site signs with the same key.
    pub async fn load_or_create(settings: &Settings, store: &Store) -> anyhow::Result<Self> {
        let key = match &settings.signing_key {
            Some(secret) => decode_seed(secret.expose()).context("invalid signing_key setting")?,
            None => load_or_create_file(&key_path(settings))?,
        };
        let signer = Self { kid: kid_of(&key.verifying_key()), key };
        store.insert_setting_if_absent("signing_key_id", &signer.kid).await?;
        let site_kid = store.setting("signing_key_id").await?.unwrap_or_default();
        if site_kid != signer.kid {
            bail!(
                "this node's certificate signing key ({}) is not the site's ({site_kid}): copy {} from the first node, \
                 or give every node the same signing_key setting",
                signer.kid,
                KEY_FILE
            );
        }
        Ok(signer)
    }

    /// The key in an existing key file (for offline verification); never creates one.
    pub fn from_file(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the signing key {}", path.display()))?;
        let key = decode_seed(&text)?;
        Ok(Self { kid: kid_of(&key.verifying_key()), key })
    }

    /// The public key as a JWK set.
    pub fn jwks(&self) -> Value {
        json!({ "keys": [{
            "kty": "OKP",
            "crv": "Ed25519",
            "x": URL_SAFE_NO_PAD.encode(self.key.verifying_key().as_bytes()),
            "kid": self.kid,
            "alg": "EdDSA",
            "use": "sig",
        }]})
    }

    /// `payload` as a compact JWS signed with this key.
    pub fn sign(&self, payload: &Value) -> String {
        let header = json!({ "alg": "EdDSA", "typ": "JWT", "kid": self.kid });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(payload.to_string())
        );
        let signature = self.key.sign(signing_input.as_bytes());
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }
}

/// Whether two base64url seeds are the same key (both must be valid keys).
pub fn same_key(a: &str, b: &str) -> bool {
    matches!((decode_seed(a), decode_seed(b)), (Ok(a), Ok(b)) if a.to_bytes() == b.to_bytes())
}

/// Writes `encoded` (checked to be a key first) as the key file at `path`, readable by
/// the owner only, replacing whatever was there in one step.
pub fn install_key_file(path: &Path, encoded: &str) -> anyhow::Result<()> {
    decode_seed(encoded).context("the signing key in the archive is not a valid key")?;
    let mut name = path.as_os_str().to_owned();
    name.push(".new");
    let fresh = PathBuf::from(name);
    // A leftover of an earlier attempt that stopped half-way.
    let _ = std::fs::remove_file(&fresh);
    write_private(&fresh, encoded.trim())?;
    std::fs::rename(&fresh, path).with_context(|| format!("cannot write the signing key {}", path.display()))
}

fn load_or_create_file(path: &Path) -> anyhow::Result<SigningKey> {
    if path.exists() {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        return decode_seed(&text).with_context(|| format!("{} is corrupt", path.display()));
    }
    let mut seed = [0u8; 32];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut seed);
    write_private(path, &URL_SAFE_NO_PAD.encode(seed))?;
    Ok(SigningKey::from_bytes(&seed))
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::{io::Write as _, os::unix::fs::OpenOptionsExt as _};
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create the signing key {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot create the signing key {}", path.display()))
}

/// Why a credential does not verify.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Invalid {
    /// Not three base64url segments of JSON.
    #[error("this is not a signed credential (a JWT in compact form)")]
    Malformed,
    /// Signed with another algorithm.
    #[error("the credential is not signed with EdDSA")]
    Algorithm,
    /// Signed with a key this site does not have.
    #[error("the credential was signed with a key ({0}) that is not this site's")]
    UnknownKey(String),
    /// The signature does not match the content: altered or forged.
    #[error(
        "the signature does not match: the credential was altered after it was issued, or was not issued by this site"
    )]
    Signature,
}

/// Checks a compact JWS against a JWK set and returns its payload.
pub fn verify(token: &str, jwks: &Value) -> Result<Value, Invalid> {
    let parts: Vec<&str> = token.trim().split('.').collect();
    let [header, payload, signature] = parts[..] else { return Err(Invalid::Malformed) };
    let decode = |part: &str| URL_SAFE_NO_PAD.decode(part).map_err(|_| Invalid::Malformed);
    let header: Value = serde_json::from_slice(&decode(header)?).map_err(|_| Invalid::Malformed)?;
    if header["alg"] != "EdDSA" {
        return Err(Invalid::Algorithm);
    }
    let kid = header["kid"].as_str().unwrap_or_default();
    let jwk = jwks["keys"]
        .as_array()
        .and_then(|keys| keys.iter().find(|key| key["kid"] == kid))
        .ok_or_else(|| Invalid::UnknownKey(kid.to_owned()))?;
    let x = jwk["x"].as_str().map(decode).ok_or(Invalid::Malformed)??;
    let public: [u8; 32] = x.try_into().map_err(|_| Invalid::Malformed)?;
    let key = VerifyingKey::from_bytes(&public).map_err(|_| Invalid::Malformed)?;
    let signature: [u8; 64] = decode(signature)?.try_into().map_err(|_| Invalid::Malformed)?;
    let (signing_input, _) = token.trim().rsplit_once('.').ok_or(Invalid::Malformed)?;
    key.verify(signing_input.as_bytes(), &Signature::from_bytes(&signature))
        .map_err(|_| Invalid::Signature)?;
    serde_json::from_slice(&decode(payload)?).map_err(|_| Invalid::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> Signer {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        Signer { kid: kid_of(&key.verifying_key()), key }
    }

    #[test]
    fn a_signed_payload_verifies_and_round_trips() {
        let signer = signer();
        let token = signer.sign(&json!({ "name": "Hanako", "hours": 6 }));
        assert_eq!(verify(&token, &signer.jwks()).unwrap()["name"], "Hanako");
    }

    #[test]
    fn tampering_with_any_part_is_detected() {
        let signer = signer();
        let token = signer.sign(&json!({ "name": "Hanako" }));
        let parts: Vec<&str> = token.split('.').collect();
        let forged_payload = URL_SAFE_NO_PAD.encode(json!({ "name": "Mallory" }).to_string());
        let forged = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
        assert_eq!(verify(&forged, &signer.jwks()), Err(Invalid::Signature));
        let other = Signer::from_seed_for_tests([9u8; 32]);
        assert_eq!(verify(&token, &other.jwks()), Err(Invalid::UnknownKey(signer.kid.clone())));
        assert_eq!(verify("not a token", &signer.jwks()), Err(Invalid::Malformed));
        let none_alg = format!("{}.{}.", URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#), parts[1]);
        assert_eq!(verify(&none_alg, &signer.jwks()), Err(Invalid::Algorithm));
    }

    impl Signer {
        fn from_seed_for_tests(seed: [u8; 32]) -> Self {
            let key = SigningKey::from_bytes(&seed);
            Self { kid: kid_of(&key.verifying_key()), key }
        }
    }
}
