//! Cookie names and `Set-Cookie` values. The session cookie is HttpOnly and SameSite=Lax,
//! and Secure whenever the public URL is https.

use crate::i18n::Locale;
use crate::request::AuthSettings;

pub const SESSION_COOKIE: &str = "simpul_session";
pub const LANG_COOKIE: &str = "simpul_lang";

fn secure(settings: &AuthSettings) -> &'static str {
    if settings.secure_cookies {
        "; Secure"
    } else {
        ""
    }
}

pub fn session(token: &str, settings: &AuthSettings) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        settings.session_absolute.as_secs(),
        secure(settings)
    )
}

pub fn clear_session(settings: &AuthSettings) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        secure(settings)
    )
}

/// Remembers the language of visitors who are not signed in (one year).
pub fn language(locale: Locale, settings: &AuthSettings) -> String {
    format!(
        "{LANG_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000{}",
        locale.code(),
        secure(settings)
    )
}

/// The value of cookie `name` in a `Cookie` request header.
pub fn read<'a>(cookie_header: &'a str, name: &str) -> Option<&'a str> {
    cookie_header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_named_cookie_only() {
        let header = "a=1; simpul_session=abc; simpul_sessionx=no";
        assert_eq!(read(header, SESSION_COOKIE), Some("abc"));
        assert_eq!(read(header, "b"), None);
    }

    #[test]
    fn session_cookie_is_locked_down() {
        let mut settings = AuthSettings::default();
        let plain = session("t", &settings);
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Lax"));
        assert!(!plain.contains("Secure"));
        settings.secure_cookies = true;
        assert!(session("t", &settings).ends_with("; Secure"));
        assert!(clear_session(&settings).contains("Max-Age=0"));
    }
}
