//! A file field that uploads as soon as a file is picked, to a plain multipart route that
//! answers `AppError` JSON on refusal (ticket attachments, identity photos). The server
//! decides what the file is; this only carries it and shows the answer.

use crate::error::AppError;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

#[component]
pub fn FileUpload(
    /// The input's id, for its label and for tests.
    #[prop(into)]
    input_id: String,
    label: Msg,
    hint: Msg,
    /// Where the `file` part is POSTed.
    url: String,
    /// Run after a successful upload.
    done: Callback<()>,
    #[prop(optional)] accept: Option<&'static str>,
) -> impl IntoView {
    let error: RwSignal<Option<AppError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    view! {
        <div class="field">
            <label for=input_id.clone()>{t(label)}</label>
            <input id=input_id type="file" accept=accept disabled=move || busy.get()
                on:change=move |ev| {
                    #[cfg(feature = "hydrate")]
                    {
                        use wasm_bindgen::JsCast;
                        let input: Option<web_sys::HtmlInputElement> =
                            ev.target().and_then(|t| t.dyn_into().ok());
                        if let Some(input) = input {
                            busy.set(true);
                            error.set(None);
                            let url = url.clone();
                            leptos::task::spawn_local(async move {
                                let result = browser::upload(&url, &input).await;
                                input.set_value("");
                                busy.set(false);
                                match result {
                                    Ok(()) => done.run(()),
                                    Err(e) => error.set(Some(e)),
                                }
                            });
                        }
                    }
                    #[cfg(not(feature = "hydrate"))]
                    let _ = (ev, &url, done);
                }/>
            <p class="field-hint">{move || if busy.get() { t(Msg::Uploading).into_any() } else { t(hint).into_any() }}</p>
        </div>
        {move || error.get().map(|e| {
            let msg = e.field_errors().and_then(|f| f.get("file")).unwrap_or(e.summary());
            view! {
                <div class="banner banner-error" role="alert" data-testid="upload-error">
                    <span class="banner-icon" aria-hidden="true">"!"</span>
                    <span>{t(msg)}</span>
                </div>
            }
        })}
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use crate::error::AppError;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    fn transport(e: wasm_bindgen::JsValue) -> AppError {
        AppError::Transport(format!("{e:?}"))
    }

    pub async fn upload(url: &str, input: &web_sys::HtmlInputElement) -> Result<(), AppError> {
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return Ok(());
        };
        let form = web_sys::FormData::new().map_err(transport)?;
        form.append_with_blob_and_filename("file", &file, &file.name())
            .map_err(transport)?;
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&form);
        let window = web_sys::window().ok_or(AppError::Internal)?;
        let response: web_sys::Response =
            JsFuture::from(window.fetch_with_str_and_init(url, &init))
                .await
                .map_err(transport)?
                .dyn_into()
                .map_err(transport)?;
        if response.ok() {
            return Ok(());
        }
        let text = match response.text() {
            Ok(promise) => JsFuture::from(promise)
                .await
                .ok()
                .and_then(|v| v.as_string()),
            Err(_) => None,
        };
        Err(text
            .and_then(|t| serde_json::from_str::<AppError>(&t).ok())
            .unwrap_or(AppError::Internal))
    }
}
