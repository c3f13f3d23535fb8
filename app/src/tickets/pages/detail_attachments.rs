//! The ticket's files: a list of downloads and an upload field. Uploads go to the plain
//! multipart route (`/api/tickets/{id}/attachments`), which checks the same permissions as
//! every ticket action and decides the file type from its bytes.

use crate::components::{FileUpload, LocalTime};
use crate::files::size_text;
use crate::i18n::{t, Msg};
use crate::tickets::model::{AttachmentView, TicketId};
use leptos::prelude::*;

#[component]
pub fn Attachments(
    id: TicketId,
    files: Vec<AttachmentView>,
    can_upload: bool,
    refresh: Callback<()>,
) -> impl IntoView {
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
                <FileUpload input_id="attach-file" label=Msg::AttachFile hint=Msg::AttachHint
                    url=format!("/api/tickets/{id}/attachments") done=refresh/>
            })}
        </section>
    }
}
