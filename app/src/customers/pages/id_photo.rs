//! The identity photo (KTP) on the customer page: a link to view it (staff only, served by
//! `/api/customers/{id}/id-photo`) and, for staff who edit customers, an upload field.

use crate::components::FileUpload;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

#[component]
pub fn IdPhotoPanel(
    customer_id: i64,
    has_photo: bool,
    can_upload: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let url = format!("/api/customers/{customer_id}/id-photo");
    view! {
        <section class="panel" data-testid="id-photo">
            <h2>{t(Msg::IdPhotoTitle)}</h2>
            {if has_photo {
                view! {
                    <p><a href=url.clone() target="_blank" rel="noopener">{t(Msg::IdPhotoView)}</a></p>
                }.into_any()
            } else {
                view! { <p class="muted">{t(Msg::IdPhotoNone)}</p> }.into_any()
            }}
            {can_upload.then(|| view! {
                <FileUpload input_id="id-photo-file"
                    label=if has_photo { Msg::IdPhotoReplace } else { Msg::IdPhotoUpload }
                    hint=Msg::IdPhotoHint accept="image/jpeg,image/png,image/webp,application/pdf"
                    url=url.clone() done=reload/>
            })}
        </section>
    }
}
