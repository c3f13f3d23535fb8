//! Identity and resources: what "test connection" and the monitor show.

use routeros::{Command, RouterApi};

use crate::nas::model::RouterFacts;

pub async fn read_facts(api: &dyn RouterApi) -> Result<RouterFacts, routeros::Error> {
    let identity = api.print("/system/identity").await?;
    let resource = api.execute(Command::new("/system/resource/print")).await?;
    let resource = resource.rows.into_iter().next().unwrap_or_default();
    let text = |name: &str| resource.get(name).unwrap_or_default().to_owned();
    Ok(RouterFacts {
        identity: identity
            .first()
            .and_then(|row| row.get("name"))
            .unwrap_or_default()
            .to_owned(),
        version: text("version"),
        board: text("board-name"),
        uptime: text("uptime"),
        cpu_load: resource.get("cpu-load").and_then(|v| v.parse().ok()),
        free_memory: resource.get("free-memory").and_then(|v| v.parse().ok()),
        total_memory: resource.get("total-memory").and_then(|v| v.parse().ok()),
    })
}
