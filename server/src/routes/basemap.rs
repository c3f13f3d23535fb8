//! `GET /map/basemap.pmtiles`: the operator's PMTiles file under the network map. The map
//! reads it in slices (HTTP range requests: a header, directories, then only the tiles in
//! view), so a country-sized file never crosses the wire whole. Staff who see the network
//! only; 404 when no file is configured.

use super::files::{actor_with, reply_error};
use crate::state::AppState;
use app::auth::Permission;
use app::error::AppError;
use app::request::RequestSession;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use tower::ServiceExt;
use tower_http::services::ServeFile;

pub async fn serve(
    State(state): State<AppState>,
    session: Option<Extension<RequestSession>>,
    request: Request<Body>,
) -> Response {
    if let Err(e) = actor_with(session, Permission::ViewNetwork) {
        return reply_error(e);
    }
    let Some(path) = state.config.map_pmtiles.clone() else {
        return reply_error(AppError::NotFound);
    };
    if !path.is_file() {
        tracing::warn!(path = %path.display(), "SIMPUL_MAP_PMTILES names no readable file");
        return reply_error(AppError::NotFound);
    }
    // ServeFile answers Range with 206 and the slice, If-Range and conditional requests.
    let served = ServeFile::new_with_mime(&path, &mime_pmtiles())
        .oneshot(request)
        .await;
    match served {
        Ok(response) => {
            let mut response = response.map(Body::new).into_response();
            // A signed-in resource: kept by this browser only, revalidated by its date.
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-cache"),
            );
            response
        }
        Err(never) => match never {},
    }
}

fn mime_pmtiles() -> mime::Mime {
    "application/vnd.pmtiles"
        .parse()
        .unwrap_or(mime::APPLICATION_OCTET_STREAM)
}
