//! Server-side half of the error policy (see the parent module).

use super::{AppError, FieldErrors};
use crate::i18n::Msg;

/// Errors inside services. `App` carries errors meant for the user as they are; the other
/// variants hold causes that are logged once and shown as a generic message.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("password hashing failed: {0}")]
    Hashing(String),
    #[error("{0}")]
    Internal(String),
}

pub type ServiceResult<T> = Result<T, ServiceError>;

impl From<FieldErrors> for ServiceError {
    fn from(errors: FieldErrors) -> Self {
        ServiceError::App(AppError::Validation(errors))
    }
}

impl From<ServiceError> for AppError {
    fn from(err: ServiceError) -> Self {
        let app = match err {
            ServiceError::App(app) => app,
            ServiceError::Db(sqlx::Error::RowNotFound) => AppError::NotFound,
            ServiceError::Db(
                ref e @ (sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_)),
            ) => {
                tracing::error!(error = %e, "database unavailable");
                AppError::Unavailable
            }
            other => {
                tracing::error!(error = %other, "internal error");
                AppError::Internal
            }
        };
        with_status(app)
    }
}

/// Records the error's HTTP status on the current server-function response (when there is
/// one) and hands the error back, so that clients and tests see 403, 422, … rather than 500.
/// Plain HTML form posts (no JavaScript) keep the framework's redirect back to the form,
/// which carries the error in its query string.
pub fn with_status(err: AppError) -> AppError {
    if crate::request::is_plain_form_post() {
        return err;
    }
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = http::StatusCode::from_u16(err.status_code()) {
            response.set_status(status);
        }
    }
    err
}

/// Maps a unique/check constraint violation to a field error; anything else stays a
/// database error. `map` lists `(constraint name, field, message)`.
pub fn on_constraint(err: sqlx::Error, map: &[(&str, &str, Msg)]) -> ServiceError {
    if let sqlx::Error::Database(db_err) = &err {
        if let Some(name) = db_err.constraint() {
            if let Some((_, field, msg)) = map.iter().find(|(c, _, _)| *c == name) {
                return FieldErrors::single(field, *msg).into();
            }
        }
    }
    ServiceError::Db(err)
}
