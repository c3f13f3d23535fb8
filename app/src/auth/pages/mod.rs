//! Sign-in, password reset and the account page. The sign-in and reset forms are plain
//! `ActionForm`s so they work before hydration and with JavaScript disabled.

mod account;
mod login;
mod reset;

pub use account::AccountPage;
pub use login::{PortalLoginPage, StaffLoginPage};
pub use reset::{ForgotPasswordPage, ResetPasswordPage};
