//! Certificates of completion: issued when a learner finishes a course, shown on a
//! public verification page (printable, with its address and a QR code of it, and
//! found again by its number), and downloadable as a signed Open Badges 3.0 credential
//! that anyone can check against the site's public key.

pub mod issuer;
pub mod signing;

pub use issuer::Issuer;

use altto_store::{Certificate, User};
use askama::Template;
use axum::{
    Json,
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{
    courses::views::{Reading, Text},
    error::{AppError, AppResult},
    policy::Action,
    state::AppState,
    web::{Ctx, format::day_of, routes::Routes},
};

/// The certificate routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/certificates/verify", Action::ReadPublic, find_certificate)
        .get("/certificates/{id}", Action::ReadPublic, show_certificate)
        .get("/certificates/{id}/credential.jwt", Action::ReadPublic, download_credential)
        .get("/.well-known/jwks.json", Action::ReadPublic, show_jwks)
}

/// The Open Badges 3.0 credential of a certificate, as JWT claims with a `vc` claim.
pub fn credential_claims(
    base_url: &str,
    issuer: &Issuer,
    certificate: &Certificate,
    course_slug: &str,
    summary: &str,
) -> Value {
    let id = format!("{base_url}/certificates/{}", certificate.id);
    let hours = certificate.hours_tenths as f64 / 10.0;
    let issued = crate::web::format::rfc3339(certificate.issued_at);
    let vc = json!({
        "@context": [
            "https://www.w3.org/2018/credentials/v1",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.course_title,
        "issuer": { "id": base_url, "type": ["Profile"], "name": issuer.name, "url": issuer.url },
        "issuanceDate": issued,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": certificate.recipient_name,
                "identityType": "name",
                "hashed": false
            }],
            "creditsEarned": hours,
            "achievement": {
                "id": format!("{base_url}/courses/{course_slug}"),
                "type": ["Achievement"],
                "achievementType": "Course",
                "name": certificate.course_title,
                "description": summary,
                "criteria": { "narrative": "Completed every lesson and passed every quiz of the course." },
                "creditsAvailable": hours,
                "fieldOfStudy": "Teaching English as a foreign language",
                "licence": certificate.licence,
            }
        }
    });
    json!({
        "iss": base_url,
        "jti": id,
        "nbf": certificate.issued_at / 1000,
        "sub": certificate.recipient_name,
        "vc": vc,
    })
}

/// What a certificate is for: the course as the learner completed it.
pub struct Completion<'a> {
    /// The learner.
    pub user: &'a User,
    /// The course's id.
    pub course_id: i64,
    /// The revision completed.
    pub revision_id: i64,
    /// Its address.
    pub course_slug: &'a str,
    /// Its title.
    pub course_title: &'a str,
    /// Its Japanese title, where it has one.
    pub course_title_ja: Option<&'a str>,
    /// Its summary.
    pub summary: &'a str,
    /// Its length in hours.
    pub hours: f64,
    /// Its licence (SPDX).
    pub licence: &'a str,
}

/// Signs and stores the learner's certificate for a completed course (once: if they
/// already have one for the course, that one is returned). When a course counts as
/// completed is the course's rule, not this module's.
pub async fn issue(state: &AppState, completion: Completion<'_>) -> AppResult<Certificate> {
    let mut certificate = Certificate {
        id: crate::random::token()[..22].to_owned(),
        user_id: completion.user.id,
        course_id: completion.course_id,
        revision_id: completion.revision_id,
        recipient_name: completion.user.display_name.clone(),
        course_title: completion.course_title.to_owned(),
        course_title_ja: completion
            .course_title_ja
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned),
        hours_tenths: (completion.hours * 10.0).round() as i64,
        licence: completion.licence.to_owned(),
        issued_at: altto_store::now_millis(),
        credential: String::new(),
    };
    let claims = credential_claims(
        &state.settings.base_url(),
        &Issuer::of_site(state).await?,
        &certificate,
        completion.course_slug,
        completion.summary,
    );
    certificate.credential = state.signer.sign(&claims);
    Ok(state.store.issue_certificate(&certificate).await?)
}

/// The public verification page, printable.
#[derive(Template)]
#[template(path = "certificates/certificate.html")]
pub struct CertificatePage {
    ctx: Ctx,
    certificate: Certificate,
    course_slug: String,
    /// The course title in the reader's language, where the course has it.
    course_title: Text,
    hours: String,
    issued: String,
    verified: bool,
    is_new: bool,
    licence_name: String,
    /// The licence deed's address, for a licence altto knows.
    licence_url: Option<&'static str>,
    issuer: Issuer,
    /// The page's own address, printed so that a paper copy can be checked.
    address: String,
    /// The address as a QR code (SVG made here, from the address only).
    qr_svg: String,
}

/// Query of the certificate page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CertificateQuery {
    new: Option<String>,
}

/// `GET /certificates/{id}`: anyone with the address can check the certificate; the
/// page checks the stored credential's signature every time it is shown.
pub async fn show_certificate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(query): Query<CertificateQuery>,
) -> AppResult<Response> {
    let certificate = state.store.certificate(&id).await?.ok_or(AppError::NotFound)?;
    let payload = signing::verify(&certificate.credential, &state.signer.jwks()).ok();
    let verified =
        payload.as_ref().is_some_and(|p| p["jti"].as_str().is_some_and(|jti| jti.ends_with(&certificate.id)));
    let course_slug = state.store.course(certificate.course_id).await?.slug;
    // The course's declared language says which language its signed title is in.
    let written = match state.courses.published(&state.store, &course_slug).await? {
        Some(course) => course.content.language,
        None => crate::i18n::Lang::En,
    };
    let course_title = title_in(&certificate, Reading::new(ctx.lang, written));
    let licence = crate::courses::content::Licence::from_spdx(&certificate.licence);
    let licence_name = licence.map_or_else(|| certificate.licence.clone(), |l| l.name().to_owned());
    let address = format!("{}/certificates/{}", state.settings.base_url(), certificate.id);
    let page = CertificatePage {
        hours: crate::web::format::hours(certificate.hours_tenths as f64 / 10.0),
        issued: day_of(certificate.issued_at),
        verified,
        is_new: query.new.is_some(),
        licence_name,
        licence_url: licence.map(|l| l.url()),
        issuer: Issuer::of_site(&state).await?,
        qr_svg: qr_svg(&address),
        address,
        course_slug,
        course_title,
        certificate,
        ctx: ctx.clone(),
    };
    Ok(ctx.render(&page))
}

/// `text` as a QR code in SVG, sized by the page's style sheet (empty if it is too
/// long for a QR code, which a certificate's address never is).
fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color<'_>>()
            .quiet_zone(true)
            .min_dimensions(120, 120)
            .build()
            // The renderer starts with an XML declaration, which has no place inside HTML.
            .split_once("?>")
            .map_or_else(String::new, |(_, svg)| svg.trim().to_owned()),
        Err(_) => String::new(),
    }
}

/// The page where anyone types a certificate's number.
#[derive(Template)]
#[template(path = "certificates/verify.html")]
pub struct FindPage {
    ctx: Ctx,
    number: String,
    not_found: bool,
}

/// Query of the page that finds a certificate.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FindQuery {
    number: String,
}

/// `GET /certificates/verify?number=…`: an employer types the number printed on a
/// certificate (or pastes its whole address) and is taken to it; a number no
/// certificate has is said so, with the form to try again.
pub async fn find_certificate(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<FindQuery>,
) -> AppResult<Response> {
    if query.number.trim().is_empty() {
        return Ok(ctx.render(&FindPage { ctx: ctx.clone(), number: String::new(), not_found: false }));
    }
    let number = certificate_number(&query.number);
    if !number.is_empty()
        && let Some(certificate) = state.store.certificate(&number).await?
    {
        return Ok(axum::response::Redirect::to(&format!("/certificates/{}", certificate.id)).into_response());
    }
    let page = FindPage {
        ctx: ctx.clone(),
        number: query.number.trim().chars().take(200).collect(),
        not_found: true,
    };
    Ok(ctx.render_with_status(axum::http::StatusCode::NOT_FOUND, &page))
}

/// The certificate number in what someone typed: spaces around it and any address in
/// front of it (a pasted link) dropped; only the characters numbers are made of kept.
fn certificate_number(typed: &str) -> String {
    let typed = typed.trim().split(['?', '#']).next().unwrap_or_default().trim_end_matches('/');
    let last = typed.rsplit('/').next().unwrap_or_default();
    if last.len() > 64 || !last.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return String::new();
    }
    last.to_owned()
}

/// `GET /certificates/{id}/credential.jwt`: the signed credential.
pub async fn download_credential(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let certificate = state.store.certificate(&id).await?.ok_or(AppError::NotFound)?;
    let disposition = format!("attachment; filename=\"altto-certificate-{}.jwt\"", certificate.id);
    Ok((
        [(header::CONTENT_TYPE, "application/jwt".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        certificate.credential,
    )
        .into_response())
}

/// `GET /.well-known/jwks.json`: the site's public signing key.
pub async fn show_jwks(State(state): State<AppState>) -> Json<Value> {
    Json(state.signer.jwks())
}

/// `altto certificate verify FILE`: checks a downloaded credential against a JWK set
/// (the site's own key by default) and describes it.
pub fn verify_file(token: &str, jwks: &Value) -> Result<String, signing::Invalid> {
    let claims = signing::verify(token, jwks)?;
    let vc = &claims["vc"];
    Ok(format!(
        "valid: {} completed \"{}\" ({} hours), issued {} by {}; certificate {}",
        claims["sub"].as_str().unwrap_or("?"),
        vc["name"].as_str().unwrap_or("?"),
        vc["credentialSubject"]["creditsEarned"],
        vc["issuanceDate"].as_str().unwrap_or("?"),
        claims["iss"].as_str().unwrap_or("?"),
        claims["jti"].as_str().unwrap_or("?"),
    ))
}

/// The course title as the learner completed it: its Japanese version for a Japanese
/// reader where the course had one then, the signed title otherwise; with its language
/// where that is not the page's (see [`Reading`]).
pub fn title_in(certificate: &Certificate, reading: Reading) -> Text {
    reading.text(&certificate.course_title, &certificate.course_title_ja)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_number_is_found_in_a_typed_number_or_a_pasted_address() {
        assert_eq!(certificate_number("  AbC-12_x "), "AbC-12_x");
        assert_eq!(certificate_number("https://altto.example.org/certificates/AbC-12_x"), "AbC-12_x");
        assert_eq!(certificate_number("https://altto.example.org/certificates/AbC-12_x/?new=1"), "AbC-12_x");
        assert_eq!(certificate_number("AbC 12"), "", "a space inside is no number");
        assert_eq!(certificate_number("<script>"), "");
        assert_eq!(certificate_number(&"a".repeat(65)), "");
    }

    #[test]
    fn the_qr_code_is_an_svg_element_with_no_xml_declaration() {
        let svg = qr_svg("https://altto.example.org/certificates/AbC-12_x");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
        assert!(qr_svg(&"x".repeat(8000)).is_empty(), "too long for a QR code");
    }
}
