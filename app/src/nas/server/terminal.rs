//! The admin terminal: one read-only command typed as in the `ros` CLI, e.g.
//! `/ppp/secret/print ?disabled=false =.proplist=name,profile`. Only `print` runs here:
//! changes go through Simpul's own screens, where they are validated and audited.

use routeros::{Command, Query, RouterApi};

use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::nas::model::TerminalOutput;

/// Splits the line into words (double quotes keep spaces: `?comment="two words"`) and
/// accepts only a `print`.
pub fn parse(line: &str) -> Result<Command, AppError> {
    let mut words = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut started) = (false, false);
    for c in line.trim().chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            c if c.is_whitespace() && !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    if quoted {
        return Err(FieldErrors::single("command", Msg::ValTerminalSyntax));
    }
    if words.is_empty() {
        return Err(FieldErrors::single("command", Msg::ValRequired));
    }
    // Operators type `name=value`; the API wants `=name=value`.
    for word in words.iter_mut().skip(1) {
        if !word.starts_with(['=', '?']) && word.contains('=') {
            word.insert(0, '=');
        }
    }
    let command = Command::parse(&words)
        .map_err(|_| FieldErrors::single("command", Msg::ValTerminalSyntax))?;
    if command.verb() != "print" {
        return Err(FieldErrors::single("command", Msg::ValTerminalPrintOnly));
    }
    if command
        .attributes
        .iter()
        .any(|(name, _)| !PRINT_OPTIONS.contains(&name))
    {
        return Err(FieldErrors::single("command", Msg::ValTerminalOption));
    }
    // A query on a hidden value would reveal it one comparison at a time.
    let queried = command.queries.iter().any(|query| match query {
        Query::Has(name)
        | Query::Lacks(name)
        | Query::Equals(name, _)
        | Query::Less(name, _)
        | Query::Greater(name, _) => sensitive(name),
        Query::Operations(_) => false,
    });
    if queried {
        return Err(FieldErrors::single("command", Msg::ValTerminalSensitive));
    }
    Ok(command)
}

/// The print options the terminal passes on; anything else is refused.
const PRINT_OPTIONS: &[&str] = &[
    ".proplist",
    "count-only",
    "detail",
    "without-paging",
    "terse",
    "brief",
    "from",
];

/// Properties whose values stay on the router: customers' PPPoE and hotspot passwords,
/// RADIUS and IPsec secrets, WireGuard and Wi-Fi keys.
fn sensitive(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["password", "secret", "key", "passphrase", "psk"]
        .iter()
        .any(|word| name.contains(word))
}

/// Rows are capped so a print of a big table cannot swamp the page.
pub const MAX_ROWS: usize = 2_000;

pub async fn run(
    api: &dyn RouterApi,
    line: &str,
    command: Command,
) -> Result<TerminalOutput, routeros::Error> {
    let output = api.execute(command).await?;
    let mut columns: Vec<String> = Vec::new();
    for row in &output.rows {
        for (name, _) in row.iter() {
            if !columns.iter().any(|c| c == name) {
                columns.push(name.to_owned());
            }
        }
    }
    let rows = output
        .rows
        .iter()
        .take(MAX_ROWS)
        .map(|row| {
            columns
                .iter()
                .map(|c| {
                    let value = row.get(c).unwrap_or_default();
                    if sensitive(c) && !value.is_empty() {
                        "••••••".to_owned()
                    } else {
                        value.to_owned()
                    }
                })
                .collect()
        })
        .collect();
    Ok(TerminalOutput {
        command: line.trim().to_owned(),
        columns,
        rows,
        ret: output.ret().map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_prints_with_queries_and_quotes() {
        let command = parse(
            r#"/ppp/secret/print ?disabled=false =.proplist=name,profile ?comment="two words""#,
        )
        .unwrap();
        assert_eq!(
            command.to_words(None),
            [
                "/ppp/secret/print",
                "=.proplist=name,profile",
                "?disabled=false",
                "?comment=two words"
            ]
        );
        let bare = parse("/interface/print count-only=").unwrap();
        assert_eq!(bare.attributes.get("count-only"), Some(""));
    }

    #[test]
    fn refuses_writes_and_nonsense() {
        for line in [
            "/ppp/secret/add name=x",
            "/ppp/secret/remove =.id=*1",
            "/system/reboot",
            "/ppp/active/listen",
        ] {
            let error = parse(line).unwrap_err();
            assert_eq!(
                error.field_errors().unwrap().get("command"),
                Some(Msg::ValTerminalPrintOnly),
                "{line}"
            );
        }
        for line in [
            "/ppp/secret/print ?>password=m count-only=",
            "/ppp/secret/print ?password=x",
            "/radius/print ?<secret=a",
            "/interface/wireguard/print ?private-key=x",
        ] {
            let error = parse(line).unwrap_err();
            assert_eq!(
                error.field_errors().unwrap().get("command"),
                Some(Msg::ValTerminalSensitive),
                "{line}"
            );
        }
        let option = parse("/ppp/secret/print =.tag=x").unwrap_err();
        assert_eq!(
            option.field_errors().unwrap().get("command"),
            Some(Msg::ValTerminalOption)
        );
        assert!(
            sensitive("wpa2-pre-shared-key") && sensitive("ipsec-secret") && !sensitive("name")
        );
        assert!(parse("").is_err());
        assert!(parse("ppp secret print").is_err());
        assert!(parse("/ip/address/print ?comment=\"unclosed").is_err());
    }
}
