//! The ticket's files: a list of downloads and an upload field. Uploads go to the plain
//! multipart route (`/api/tickets/{id}/attachments`), which checks the same permissions as
//! every ticket action and decides the file type from its bytes.

use crate::components::LocalTime;
use crate::error::AppError;
use crate::i18n::{t, Msg};
use crate::tickets::model::{AttachmentView, TicketId};
use leptos::prelude::*;

fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

#[component]
pub fn Attachments(
    id: TicketId,
    files: Vec<AttachmentView>,
    can_upload: bool,
    refresh: Callback<()>,
) -> impl IntoView {
    let error: RwSignal<Option<AppError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    view! {
        <section class="panel" data-testid="attachments">
            <h2>{t(Msg::AttachmentsTitle)}</h2>
            {if files.is_empty() {
                view! { <p class="muted">{t(Msg::NoAttachments)}</p> }.into_any()
            } else {
                view! {
                    <ul class="attachments">
                        {files.into_iter().map(|f| view! {
                            <li>
                                <a href=format!("/api/attachments/{}", f.id) target="_blank" rel="noopener">{f.filename.clone()}</a>
                                <span class="muted">" · "{size_text(f.size_bytes)}" · "{f.uploaded_by.clone().unwrap_or_default()}" · "<LocalTime at=f.created_at/></span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {can_upload.then(|| view! {
                <div class="field">
                    <label for="attach-file">{t(Msg::AttachFile)}</label>
                    <input id="attach-file" type="file" disabled=move || busy.get()
                        on:change=move |ev| {
                            #[cfg(feature = "hydrate")]
                            {
                                use wasm_bindgen::JsCast;
                                let input: Option<web_sys::HtmlInputElement> =
                                    ev.target().and_then(|t| t.dyn_into().ok());
                                if let Some(input) = input {
                                    busy.set(true);
                                    error.set(None);
                                    leptos::task::spawn_local(async move {
                                        let result = browser::upload(id, &input).await;
                                        input.set_value("");
                                        busy.set(false);
                                        match result {
                                            Ok(()) => refresh.run(()),
                                            Err(e) => error.set(Some(e)),
                                        }
                                    });
                                }
                            }
                            #[cfg(not(feature = "hydrate"))]
                            let _ = (ev, id, refresh);
                        }/>
                    <p class="field-hint">{move || if busy.get() { t(Msg::Uploading).into_any() } else { t(Msg::AttachHint).into_any() }}</p>
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
            })}
        </section>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use crate::error::AppError;
    use crate::tickets::model::TicketId;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    fn transport(e: wasm_bindgen::JsValue) -> AppError {
        AppError::Transport(format!("{e:?}"))
    }

    pub async fn upload(id: TicketId, input: &web_sys::HtmlInputElement) -> Result<(), AppError> {
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
        let response: web_sys::Response = JsFuture::from(
            window.fetch_with_str_and_init(&format!("/api/tickets/{id}/attachments"), &init),
        )
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
