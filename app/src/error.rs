//! The one error policy of Simpul.
//!
//! * Every server function returns `Result<T, AppError>`. `AppError` is the only error type
//!   that crosses the wire: it is serializable, carries no internals, and knows its HTTP status.
//! * Server-side code works with [`ServiceError`] (ssr only), a `thiserror` enum that can hold
//!   causes (sqlx errors, hashing failures). Converting it into `AppError` logs the cause once,
//!   at that point, and hides it from the client.
//! * Validation problems are [`FieldErrors`]: a list of (field, message key) pairs that the UI
//!   shows beside the inputs, translated by the i18n layer.
//! * Database constraint violations become field errors through one helper,
//!   [`server::on_constraint`], never by string matching at call sites.

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// One invalid input: which field, and a translatable reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub msg: Msg,
}

/// All the invalid inputs of one request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, msg: Msg) {
        self.0.push(FieldError {
            field: field.to_owned(),
            msg,
        });
    }

    /// The first message for `field`, if any.
    pub fn get(&self, field: &str) -> Option<Msg> {
        self.0.iter().find(|e| e.field == field).map(|e| e.msg)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was added, otherwise the validation error.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self))
        }
    }

    pub fn single(field: &str, msg: Msg) -> AppError {
        let mut errors = Self::new();
        errors.add(field, msg);
        AppError::Validation(errors)
    }
}

/// The error every server function returns; safe to show to any client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("sign-in required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("invalid input")]
    Validation(FieldErrors),
    #[error("conflict")]
    Conflict(Msg),
    #[error("too many attempts; retry in {retry_after_secs}s")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("service unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal,
    /// The request never produced an answer from our code (network down, proxy error).
    #[error("request failed: {0}")]
    Transport(String),
    /// A device (router) refused or could not be reached; its own words, verbatim.
    #[error("device error: {0}")]
    Device(String),
}

impl AppError {
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests { .. } => 429,
            AppError::Unavailable => 503,
            AppError::Internal => 500,
            AppError::Transport(_) => 502,
            AppError::Device(_) => 502,
        }
    }

    /// Field errors, when this is a validation error.
    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            AppError::Validation(errors) => Some(errors),
            _ => None,
        }
    }

    /// A translatable one-line summary for banners.
    pub fn summary(&self) -> Msg {
        match self {
            AppError::NotFound => Msg::ErrNotFound,
            AppError::Unauthorized => Msg::ErrUnauthorized,
            AppError::Forbidden => Msg::ErrForbidden,
            AppError::Validation(_) => Msg::ErrValidation,
            AppError::Conflict(msg) => *msg,
            AppError::TooManyRequests { .. } => Msg::ErrTooManyAttempts,
            AppError::Unavailable => Msg::ErrUnavailable,
            AppError::Internal => Msg::ErrInternal,
            AppError::Transport(_) => Msg::ErrTransport,
            AppError::Device(_) => Msg::ErrDevice,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request or its answer never made it across the network.
            ServerFnErrorErr::Request(e) | ServerFnErrorErr::Response(e) => AppError::Transport(e),
            // The request's arguments did not parse (out-of-range value, missing field): the
            // caller sent bad input, which is a 422 with a clear message, not a server fault.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                let err = FieldErrors::single("form", Msg::ErrBadRequest);
                #[cfg(feature = "ssr")]
                let err = server::with_status(err);
                err
            }
            // Anything else is a bug on one side (bad arguments, encoding): not the user's
            // connection, so do not tell them to check it.
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
pub mod server;
