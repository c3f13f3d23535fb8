use crate::dashboard::model::Overview;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user's overview; account statistics only for those allowed to see them.
#[server]
pub async fn dashboard_overview() -> Result<Overview, AppError> {
    use crate::auth::Permission;
    use crate::dashboard::server;
    use crate::request::{current_user, pool};

    let (db, (auth, actor)) = (pool()?, current_user()?);
    let with_stats = actor.can(Permission::ViewUserStats);
    Ok(server::overview(&db, auth.user.id, auth.time_zone, with_stats).await?)
}
