//! The HTML document and the session data handed from server to browser.
//!
//! The server resolves the session once per request (middleware) and renders it into a JSON
//! `<script>` in the head. The browser reads it back before hydrating, so both sides start
//! from the same user, language and time zone without an extra round trip.

use crate::auth::model::SessionInfo;

pub const BOOT_SCRIPT_ID: &str = "simpul-session";

/// JSON that is safe inside a `<script>` element: no `<`, `>` or `&` can end it early.
#[cfg(any(feature = "ssr", test))]
pub fn boot_json(info: &SessionInfo) -> String {
    serde_json::to_string(info)
        .unwrap_or_else(|_| "{}".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(feature = "ssr")]
pub fn shell(options: leptos::prelude::LeptosOptions) -> impl leptos::prelude::IntoView {
    use super::App;
    use leptos::prelude::*;
    use leptos_meta::MetaTags;

    let info = crate::request::request_session().info();
    let boot = boot_json(&info);
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0f5c4d"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <script type="application/json" id=BOOT_SCRIPT_ID inner_html=boot></script>
                // The network map's glue (a few KB); it loads Leaflet itself on first use.
                <script src="/map/simpul-map.js" defer></script>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The session for this render: from the request on the server, from the boot script in the
/// browser.
pub fn load_session_info() -> SessionInfo {
    #[cfg(feature = "ssr")]
    {
        crate::request::request_session().info()
    }
    #[cfg(not(feature = "ssr"))]
    {
        leptos::prelude::document()
            .get_element_by_id(BOOT_SCRIPT_ID)
            .and_then(|el| el.text_content())
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }
}

/// Marks `<body data-hydrated="true">` once the WASM is live; tests wait for it.
pub fn mark_hydrated() {
    #[cfg(not(feature = "ssr"))]
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::model::{Role, SessionUser, UserId};

    #[test]
    fn boot_json_cannot_close_the_script_tag() {
        let info = SessionInfo {
            user: Some(SessionUser {
                id: UserId(1),
                username: "x".into(),
                email: "x@y.id".into(),
                full_name: "</script><script>alert(1)</script> & co".into(),
                roles: vec![Role::Agent],
            }),
            ..Default::default()
        };
        let json = boot_json(&info);
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        let back: SessionInfo = serde_json::from_str(&json).unwrap();
        assert_eq!(back, info);
    }
}
