//! Server functions for signing in and out and managing one's own account.

use crate::error::AppError;
use crate::format::TimeZone;
use crate::i18n::Locale;
use leptos::prelude::*;

/// Signs in and answers with the page to open next. A plain form post (no JavaScript) is
/// redirected there directly.
#[server]
pub async fn login(
    login: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    use crate::auth::access::{decide, safe_next, Decision};
    use crate::auth::server::{cookies, service};
    use crate::request::{app_context, redirect_plain_form, request_session, set_cookie};

    let ctx = app_context()?;
    let session = request_session();
    let client = service::ClientMeta {
        ip: session.ip.clone(),
        user_agent: session.user_agent.clone(),
        previous_session: session.token_hash.clone(),
    };
    let signed_in = service::login(&ctx.pool, &ctx.auth, &login, &password, &client).await?;
    set_cookie(&cookies::session(&signed_in.token, &ctx.auth));
    let target = safe_next(next.as_deref())
        .filter(|path| decide(path, Some(&signed_in.user)) == Decision::Allow)
        .unwrap_or_else(|| signed_in.user.home_path().to_owned());
    redirect_plain_form(&target);
    Ok(target)
}

/// Ends the current session (if it is still alive) and answers with the sign-in page to
/// show. Works without a live session so a stale tab can always sign out cleanly.
#[server]
pub async fn logout() -> Result<String, AppError> {
    use crate::auth::server::{cookies, service};
    use crate::request::{app_context, redirect_plain_form, request_session, set_cookie, Actor};

    let ctx = app_context()?;
    let session = request_session();
    let customer = session.user.as_ref().is_some_and(|u| u.user.is_customer());
    if let (Some(token_hash), Some(auth)) = (&session.token_hash, &session.user) {
        let actor = Actor::user(&auth.user, Some(&session.ip));
        service::logout(&ctx.pool, token_hash, &actor).await?;
    }
    set_cookie(&cookies::clear_session(&ctx.auth));
    let target = if customer { "/portal/login" } else { "/login" };
    redirect_plain_form(target);
    Ok(target.to_owned())
}

#[server]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::auth::server::service;
    use crate::request::{current_user, pool, request_session};

    let (db, (_, actor)) = (pool()?, current_user()?);
    let keep = request_session().token_hash;
    service::change_password(
        &db,
        &actor,
        &current_password,
        &new_password,
        &confirm_password,
        keep.as_deref(),
    )
    .await?;
    Ok(())
}

/// Always answers the same for well-formed input, whether or not the account exists.
#[server]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::auth::server::service;
    use crate::request::{app_context, redirect_plain_form, request_session, Actor};

    let ctx = app_context()?;
    let actor = Actor::anonymous(&request_session().ip);
    service::request_password_reset(&ctx.pool, &ctx.auth, &email, &actor).await?;
    redirect_plain_form("/forgot-password?sent=1");
    Ok(())
}

#[server]
pub async fn reset_password(
    token: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::auth::server::service;
    use crate::request::{pool, redirect_plain_form, request_session, Actor};

    let db = pool()?;
    let actor = Actor::anonymous(&request_session().ip);
    service::reset_password(&db, &token, &new_password, &confirm_password, &actor).await?;
    redirect_plain_form("/login?reset=1");
    Ok(())
}

/// Switches the interface language: remembered in a cookie, and on the account when signed in.
#[server]
pub async fn set_language(locale: Locale) -> Result<(), AppError> {
    use crate::auth::server::{cookies, service};
    use crate::request::{app_context, request_session, set_cookie, Actor};

    let ctx = app_context()?;
    let session = request_session();
    set_cookie(&cookies::language(locale, &ctx.auth));
    if let Some(auth) = session.user {
        let actor = Actor::user(&auth.user, Some(&session.ip));
        service::set_preferences(&ctx.pool, &actor, locale, auth.time_zone).await?;
    }
    Ok(())
}

#[server]
pub async fn set_preferences(locale: Locale, time_zone: TimeZone) -> Result<(), AppError> {
    use crate::auth::server::{cookies, service};
    use crate::request::{app_context, current_user, set_cookie};

    let ctx = app_context()?;
    let (_, actor) = current_user()?;
    service::set_preferences(&ctx.pool, &actor, locale, time_zone).await?;
    set_cookie(&cookies::language(locale, &ctx.auth));
    Ok(())
}
