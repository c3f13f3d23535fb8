//! The detail page's live view: resources, interfaces, PPP profiles and active sessions,
//! read from the router in parallel on its pooled sessions.

use routeros::{Command, RouterApi, Row};

use crate::nas::model::{NasLive, RouterRow};
use crate::nas::server::facts::read_facts;

fn rows(rows: Vec<Row>) -> Vec<RouterRow> {
    rows.into_iter().map(|row| row.0).collect()
}

pub async fn read_live(api: &dyn RouterApi) -> Result<NasLive, routeros::Error> {
    let interfaces = Command::new("/interface/print").proplist(&[
        ".id", "name", "type", "running", "disabled", "rx-byte", "tx-byte", "comment",
    ]);
    let profiles = Command::new("/ppp/profile/print").proplist(&[
        ".id",
        "name",
        "rate-limit",
        "local-address",
        "remote-address",
        "comment",
    ]);
    let sessions = Command::new("/ppp/active/print").proplist(&[
        ".id",
        "name",
        "service",
        "address",
        "caller-id",
        "uptime",
    ]);
    let (facts, interfaces, profiles, sessions) = tokio::join!(
        read_facts(api),
        api.execute(interfaces),
        api.execute(profiles),
        api.execute(sessions),
    );
    Ok(NasLive {
        facts: facts?,
        interfaces: rows(interfaces?.rows),
        profiles: rows(profiles?.rows),
        sessions: rows(sessions?.rows),
    })
}
