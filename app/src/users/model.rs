use crate::auth::model::{roles_are_consistent, Role, UserId};
use crate::error::FieldErrors;
use crate::i18n::Msg;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A user as admins see it; never includes the password hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: UserId,
    pub username: String,
    pub email: String,
    pub full_name: String,
    pub roles: Vec<Role>,
    pub active: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// Version for optimistic locking: edits must send back the value they started from.
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserFilter {
    /// Matches name, email or username, case-insensitively.
    pub search: Option<String>,
    pub role: Option<Role>,
    pub active: Option<bool>,
}

/// The editable fields of an account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserFields {
    pub username: String,
    pub email: String,
    pub full_name: String,
    pub roles: Vec<Role>,
}

impl UserFields {
    /// Trims and lower-cases what should be, so stored values are canonical.
    pub fn normalized(self) -> Self {
        let mut roles = self.roles;
        roles.sort();
        roles.dedup();
        UserFields {
            username: self.username.trim().to_lowercase(),
            email: self.email.trim().to_owned(),
            full_name: self
                .full_name
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            roles,
        }
    }

    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if let Err(msg) = check_username(&self.username) {
            errors.add("username", msg);
        }
        if let Err(msg) = check_email(&self.email) {
            errors.add("email", msg);
        }
        if self.full_name.is_empty() {
            errors.add("full_name", Msg::ValRequired);
        } else if self.full_name.chars().count() > 120 {
            errors.add("full_name", Msg::ValTooLong);
        }
        if let Err(msg) = roles_are_consistent(&self.roles) {
            errors.add("roles", msg);
        }
        errors
    }
}

pub fn check_username(username: &str) -> Result<(), Msg> {
    let ok_len = (3..=32).contains(&username.len());
    let ok_chars = username
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'));
    if username.is_empty() {
        Err(Msg::ValRequired)
    } else if ok_len && ok_chars {
        Ok(())
    } else {
        Err(Msg::ValUsernameInvalid)
    }
}

/// A pragmatic check: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn check_email(email: &str) -> Result<(), Msg> {
    if email.is_empty() {
        return Err(Msg::ValRequired);
    }
    let valid = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.split('.').count() >= 2
                && domain.split('.').all(|label| !label.is_empty())
        });
    if valid {
        Ok(())
    } else {
        Err(Msg::ValEmailInvalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(check_username("budi.s"), Ok(()));
        assert_eq!(check_username("ab"), Err(Msg::ValUsernameInvalid));
        assert_eq!(check_username("Budi"), Err(Msg::ValUsernameInvalid));
        assert_eq!(check_username("budi santoso"), Err(Msg::ValUsernameInvalid));
        assert_eq!(check_username(""), Err(Msg::ValRequired));
    }

    #[test]
    fn emails() {
        assert_eq!(check_email("siti@isp.co.id"), Ok(()));
        for bad in [
            "siti",
            "siti@",
            "@isp.id",
            "siti@isp",
            "si ti@isp.id",
            "a@b@c.id",
            "a@b..id",
        ] {
            assert_eq!(check_email(bad), Err(Msg::ValEmailInvalid), "{bad}");
        }
    }

    #[test]
    fn normalizing_canonicalizes() {
        let fields = UserFields {
            username: "  Budi ".into(),
            email: " budi@isp.id ".into(),
            full_name: "  Budi   Santoso ".into(),
            roles: vec![Role::Agent, Role::Admin, Role::Agent],
        }
        .normalized();
        assert_eq!(fields.username, "budi");
        assert_eq!(fields.email, "budi@isp.id");
        assert_eq!(fields.full_name, "Budi Santoso");
        assert_eq!(fields.roles, vec![Role::Admin, Role::Agent]);
        assert!(fields.validate().is_empty());
    }
}
