//! Server functions for customer messages: channel settings and templates (admins), the
//! delivery log (billing staff), sending again (finance).

use crate::error::AppError;
use crate::messaging::model::{
    ChannelSettingsDraft, ChannelSettingsView, MessageRow, TemplateDraft, TemplateView,
};
use leptos::prelude::*;

#[server]
pub async fn read_channel_settings() -> Result<ChannelSettingsView, AppError> {
    use crate::auth::Permission;
    use crate::messaging::server::settings;
    use crate::request::{authorize, pool};
    let db = pool()?;
    authorize(Permission::ManageBillingSettings)?;
    Ok(settings::view(&db).await?)
}

#[server]
pub async fn save_channel_settings(draft: ChannelSettingsDraft) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::messaging::server::settings;
    use crate::request::{app_context, authorize};
    let ctx = app_context()?;
    let actor = authorize(Permission::ManageBillingSettings)?;
    Ok(settings::save(&ctx.pool, &ctx.secrets, &actor, draft).await?)
}

#[server]
pub async fn list_message_templates() -> Result<Vec<TemplateView>, AppError> {
    use crate::auth::Permission;
    use crate::messaging::server::templates;
    use crate::request::{authorize, pool};
    let db = pool()?;
    authorize(Permission::ManageBillingSettings)?;
    Ok(templates::list(&db).await?)
}

/// The draft rendered with example values: (subject, body).
#[server]
pub async fn preview_message_template(draft: TemplateDraft) -> Result<(String, String), AppError> {
    use crate::auth::Permission;
    use crate::messaging::server::templates;
    use crate::request::authorize;
    authorize(Permission::ManageBillingSettings)?;
    templates::preview(&draft)
}

#[server]
pub async fn save_message_template(draft: TemplateDraft) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::messaging::server::templates;
    use crate::request::{authorize, pool};
    let db = pool()?;
    let actor = authorize(Permission::ManageBillingSettings)?;
    Ok(templates::save(&db, &actor, draft).await?)
}

/// The newest 200 messages, of one customer when given.
#[server]
pub async fn list_customer_messages(customer_id: Option<i64>) -> Result<Vec<MessageRow>, AppError> {
    use crate::auth::Permission;
    use crate::messaging::server::repo;
    use crate::request::{authorize, pool};
    let db = pool()?;
    authorize(Permission::ViewBilling)?;
    Ok(repo::list(&db, customer_id, 200).await?)
}

#[server]
pub async fn send_message_again(id: i64) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::messaging::server::repo;
    use crate::request::{authorize, pool};
    let db = pool()?;
    let actor = authorize(Permission::ManageBilling)?;
    Ok(repo::send_again(&db, &actor, id).await?)
}
