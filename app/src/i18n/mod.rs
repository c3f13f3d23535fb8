//! Translations (Bahasa Indonesia first, English second) and the reactive locale.
//!
//! Every user-visible string is a [`Msg`]; its texts in both languages sit side by side in
//! `messages.rs`, so a missing translation is a compile error rather than a blank label.

mod messages;

pub use messages::Msg;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    Id,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Id, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::Id => "id",
            Locale::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().as_str() {
            "id" | "id-id" | "in" => Some(Locale::Id),
            "en" | "en-us" | "en-gb" => Some(Locale::En),
            _ => None,
        }
    }

    /// The language's own name, shown in the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Id => "Bahasa Indonesia",
            Locale::En => "English",
        }
    }

    /// Picks the first supported language from an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .find_map(|tag| {
                let tag = tag.trim();
                Locale::from_code(tag).or_else(|| Locale::from_code(tag.split('-').next()?))
            })
    }
}

impl Msg {
    pub fn text(self, locale: Locale) -> &'static str {
        let (id, en) = self.texts();
        match locale {
            Locale::Id => id,
            Locale::En => en,
        }
    }
}

/// The current locale, provided once at the root of the app.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

pub fn provide_i18n(initial: Locale) -> I18n {
    let i18n = I18n {
        locale: RwSignal::new(initial),
    };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A reactive translation for use in views: `{t(Msg::SignIn)}`.
pub fn t(msg: Msg) -> impl Fn() -> &'static str + Clone + Send + Sync + 'static {
    let locale = use_i18n().locale;
    move || msg.text(locale.get())
}

/// The text of `msg` in the current locale, read once (for attributes built in closures).
pub fn tr(msg: Msg) -> &'static str {
    msg.text(use_i18n().locale.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_first_supported() {
        assert_eq!(
            Locale::from_accept_language("en-US,en;q=0.9"),
            Some(Locale::En)
        );
        assert_eq!(
            Locale::from_accept_language("fr-FR, id;q=0.8"),
            Some(Locale::Id)
        );
        assert_eq!(Locale::from_accept_language("fr, de"), None);
        assert_eq!(Locale::from_accept_language(""), None);
    }

    #[test]
    fn both_languages_are_filled_in() {
        for msg in Msg::ALL {
            let (id, en) = msg.texts();
            assert!(!id.trim().is_empty(), "{msg:?} lacks Indonesian");
            assert!(!en.trim().is_empty(), "{msg:?} lacks English");
        }
    }
}
