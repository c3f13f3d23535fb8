//! Invoices, receipts and credit notes as printable pages and PDFs:
//! `GET /documents/{invoices|receipts|credit-notes}/{id}` and `…/{id}/pdf`.
//!
//! Who may read one: staff who may see billing (drafts included); the customer it belongs
//! to, once issued; or anyone holding a signed link from a message (`?exp=…&sig=…`), which
//! names one document and expires. Anyone else gets 404, so numbers cannot be probed.

use super::files::reply_error;
use crate::state::AppState;
use app::auth::Permission;
use app::billing::model::documents::{pdf_path, DocKind};
use app::billing::server::documents::{self, links, Sheet};
use app::error::server::ServiceError;
use app::error::AppError;
use app::request::{Actor, RequestSession};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct LinkQuery {
    exp: Option<String>,
    sig: Option<String>,
}

enum Access {
    Granted,
    SignIn,
    Hidden,
}

async fn access(
    state: &AppState,
    session: &RequestSession,
    kind: DocKind,
    id: i64,
    link: &LinkQuery,
) -> Result<Access, AppError> {
    if let (Some(exp), Some(sig)) = (&link.exp, &link.sig) {
        if links::verify(&state.app.secrets, kind, id, exp, sig, chrono::Utc::now()) {
            return Ok(Access::Granted);
        }
    }
    let Some(user) = &session.user else {
        return Ok(Access::SignIn);
    };
    let actor = Actor::user(&user.user, Some(&session.ip));
    if actor.can(Permission::ViewBilling) {
        return Ok(Access::Granted);
    }
    if !actor.can(Permission::UsePortal) {
        return Ok(Access::Hidden);
    }
    let mut conn = state.pool.acquire().await.map_err(ServiceError::from)?;
    let Some((owner, visible)) = documents::owner(&mut conn, kind, id).await? else {
        return Ok(Access::Hidden);
    };
    let customer = app::portal::server::customer_of(&mut conn, user.user.id.0).await;
    Ok(match customer {
        Ok(customer) if customer == owner && visible => Access::Granted,
        _ => Access::Hidden,
    })
}

/// The document if the request may read it, or the response that refuses it.
async fn sheet(
    state: &AppState,
    session: Option<Extension<RequestSession>>,
    kind: &str,
    id: i64,
    link: &LinkQuery,
    path_and_query: String,
) -> Result<Sheet, Response> {
    let kind = DocKind::parse(kind).ok_or_else(|| reply_error(AppError::NotFound))?;
    let session = session.map(|Extension(s)| s).unwrap_or_default();
    match access(state, &session, kind, id, link).await {
        Ok(Access::Granted) => {}
        Ok(Access::SignIn) => {
            // Customers are the ones following links from messages after they expire.
            let to = app::auth::access::login_redirect("/portal/login", &path_and_query);
            return Err(Redirect::to(&to).into_response());
        }
        Ok(Access::Hidden) => return Err(reply_error(AppError::NotFound)),
        Err(e) => return Err(reply_error(e)),
    }
    let mut conn = state
        .pool
        .acquire()
        .await
        .map_err(|e| reply_error(ServiceError::from(e).into()))?;
    documents::load(&mut conn, kind, id, &state.config.public_url)
        .await
        .map_err(|e| reply_error(e.into()))
}

fn private(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
}

fn link_query(link: &LinkQuery) -> String {
    match (&link.exp, &link.sig) {
        (Some(exp), Some(sig)) => format!(
            "?exp={}&sig={}",
            app::url::encode(exp),
            app::url::encode(sig)
        ),
        _ => String::new(),
    }
}

/// `GET /documents/{kind}/{id}`: the printable page.
pub async fn print(
    State(state): State<AppState>,
    Path((kind, id)): Path<(String, i64)>,
    Query(link): Query<LinkQuery>,
    session: Option<Extension<RequestSession>>,
    uri: axum::http::Uri,
) -> Response {
    let here = uri
        .path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default();
    let sheet = match sheet(&state, session, &kind, id, &link, here).await {
        Ok(sheet) => sheet,
        Err(response) => return response,
    };
    let pdf_href = format!("{}{}", pdf_path(sheet.kind, sheet.id), link_query(&link));
    let html = documents::html::render(&sheet, &pdf_href);
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response();
    private(&mut response);
    response
}

/// `GET /documents/{kind}/{id}/pdf`: the PDF, shown inline with its number as file name.
pub async fn pdf(
    State(state): State<AppState>,
    Path((kind, id)): Path<(String, i64)>,
    Query(link): Query<LinkQuery>,
    session: Option<Extension<RequestSession>>,
    uri: axum::http::Uri,
) -> Response {
    let here = uri
        .path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default();
    let sheet = match sheet(&state, session, &kind, id, &link, here).await {
        Ok(sheet) => sheet,
        Err(response) => return response,
    };
    let file_name = sheet.file_name();
    // Laying out and subsetting fonts is CPU work: keep it off the async workers.
    let rendered = tokio::task::spawn_blocking(move || documents::pdf::render(&sheet)).await;
    let bytes = match rendered {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "rendering a PDF failed");
            return reply_error(AppError::Internal);
        }
    };
    let mut response = (StatusCode::OK, bytes).into_response();
    private(&mut response);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("inline; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
