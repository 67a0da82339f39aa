//! `altto admin …`: account management from the command line, for bootstrapping the
//! first admin and for sites whose admins are locked out.

use std::io::BufRead as _;

use altto_store::{Grants, NewAuditEntry, NewUser, Role, Store, StoreError};
use anyhow::{Context as _, bail};

use super::describe;
use crate::{
    accounts::{normalize_email, passwords},
    cli::{CreateUserArgs, SetRoleArgs},
};

/// Turns `--role` values into grants: the highest of member/author/editor, plus the
/// moderator and admin grants.
pub fn parse_roles(roles: &[String]) -> anyhow::Result<Grants> {
    let mut grants = Grants { role: Role::Member, is_moderator: false, is_admin: false };
    for name in roles {
        match name.trim().to_lowercase().as_str() {
            "moderator" => grants.is_moderator = true,
            "admin" => grants.is_admin = true,
            other => match Role::parse(other) {
                Some(role) => grants.role = grants.role.max(role),
                None => bail!("unknown role {name:?}; use member, author, editor, moderator or admin"),
            },
        }
    }
    Ok(grants)
}

/// `altto admin create-user`.
pub async fn create_user(store: &Store, args: &CreateUserArgs) -> anyhow::Result<String> {
    let email = normalize_email(&args.email)
        .with_context(|| format!("{:?} is not a valid e-mail address", args.email))?;
    let name = args.name.trim();
    anyhow::ensure!(!name.is_empty() && name.chars().count() <= 60, "the name must be 1 to 60 characters");
    let grants = parse_roles(&args.roles)?;
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .context("cannot read the password from standard input")?;
    let password = password.trim_end_matches(['\r', '\n']).to_owned();
    if let Err(weakness) = passwords::check_strength(&password, &[&email, name]) {
        bail!("the password is not accepted: {}", crate::i18n::Lang::En.t(weakness.message_key()));
    }
    let new = NewUser {
        email: email.clone(),
        password_hash: passwords::Hasher::single().hash(password).await?,
        display_name: name.to_owned(),
        locale: "en".to_owned(),
        email_verified: true,
        role: grants.role,
        is_moderator: grants.is_moderator,
        is_admin: grants.is_admin,
    };
    let id = match store.create_user(&new).await {
        Ok(id) => id,
        Err(StoreError::Conflict(_)) => bail!("an account with the address {email} already exists"),
        Err(err) => return Err(err.into()),
    };
    store
        .audit(NewAuditEntry {
            actor_id: None,
            action: "created_by_cli",
            subject_id: Some(id),
            detail: &describe(grants),
            ip: "cli",
        })
        .await?;
    Ok(format!("created account #{id} for {email} ({})", describe(grants)))
}

/// `altto admin set-role`.
pub async fn set_role(store: &Store, args: &SetRoleArgs) -> anyhow::Result<String> {
    let email = normalize_email(&args.email)
        .with_context(|| format!("{:?} is not a valid e-mail address", args.email))?;
    let grants = parse_roles(&args.roles)?;
    let user =
        store.user_by_email(&email).await?.with_context(|| format!("no account has the address {email}"))?;
    let before = Grants { role: user.role, is_moderator: user.is_moderator, is_admin: user.is_admin };
    store.set_grants(user.id, grants).await?;
    let detail = format!("{} -> {}", describe(before), describe(grants));
    store
        .audit(NewAuditEntry {
            actor_id: None,
            action: "roles_changed",
            subject_id: Some(user.id),
            detail: &detail,
            ip: "cli",
        })
        .await?;
    Ok(format!("{email}: {detail}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_combine_into_a_level_and_grants() {
        let grants = parse_roles(&["author".into(), "admin".into(), "member".into()]).unwrap();
        assert_eq!(grants, Grants { role: Role::Author, is_moderator: false, is_admin: true });
        assert!(parse_roles(&["superuser".into()]).is_err());
    }
}
