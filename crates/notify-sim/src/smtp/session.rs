//! One SMTP conversation as a state machine without I/O: a line goes in, a step comes out.
//! That keeps the protocol rules (RFC 5321 order of commands, AUTH exchanges, DATA
//! transparency) testable line by line; `smtp::connection` only moves bytes.

use super::line::Line;
use crate::mime;

/// Longest command line, with its ending (RFC 5321 4.5.3.1.4 allows 512; the sink is
/// lenient up to the text-line limit).
pub(crate) const COMMAND_LIMIT: usize = 1000;
/// Recipients per message (RFC 5321 4.5.3.1.8: at least 100 must be accepted).
const MAX_RECIPIENTS: usize = 100;
/// After this many error replies the sink hangs up on the client.
const MAX_ERRORS: u32 = 20;
pub(crate) const NAME: &str = "notify-sim";

/// What the connection does after a line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// Nothing to answer yet (a DATA line).
    Continue,
    /// Write this reply (CRLF-terminated, possibly multi-line).
    Reply(String),
    /// Write this reply, then close.
    Close(String),
    /// A whole message arrived: record it and answer 250 with its id.
    Deliver(Envelope),
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Envelope {
    pub from: String,
    pub to: Vec<String>,
    pub username: Option<String>,
    /// The DATA text, dot-unstuffed, lines ending in CRLF.
    pub data: Vec<u8>,
}

#[derive(Debug)]
enum Phase {
    Command,
    AuthPlain,
    AuthLoginUser,
    AuthLoginPassword(String),
    Data,
}

pub(crate) struct Session {
    phase: Phase,
    max_size: usize,
    greeted: bool,
    username: Option<String>,
    from: Option<String>,
    to: Vec<String>,
    data: Vec<u8>,
    oversized: bool,
    errors: u32,
}

fn reply(code: u16, text: &str) -> Step {
    Step::Reply(format!("{code} {text}\r\n"))
}

impl Session {
    pub fn new(max_size: usize) -> Session {
        Session {
            phase: Phase::Command,
            max_size,
            greeted: false,
            username: None,
            from: None,
            to: Vec::new(),
            data: Vec::new(),
            oversized: false,
            errors: 0,
        }
    }

    pub fn greeting() -> String {
        format!("220 {NAME} ESMTP Simpul notification sink ready\r\n")
    }

    /// How long the next line may be: a command line, or during DATA whatever still fits
    /// in SIZE (longer text lines are accepted; the total is what is limited).
    pub fn line_limit(&self) -> usize {
        match self.phase {
            Phase::Data => (self.max_size + 3).saturating_sub(self.data.len()).max(3),
            _ => COMMAND_LIMIT,
        }
    }

    pub fn feed(&mut self, line: Line) -> Step {
        let step = match std::mem::replace(&mut self.phase, Phase::Command) {
            Phase::Data => {
                self.phase = Phase::Data;
                return self.data_line(line);
            }
            _ if line.too_long => reply(500, "Line too long"),
            Phase::Command => self.command(&String::from_utf8_lossy(&line.bytes)),
            Phase::AuthPlain => self.auth_plain(&String::from_utf8_lossy(&line.bytes)),
            Phase::AuthLoginUser => self.auth_login_user(&String::from_utf8_lossy(&line.bytes)),
            Phase::AuthLoginPassword(user) => {
                self.auth_login_password(user, &String::from_utf8_lossy(&line.bytes))
            }
        };
        match step {
            Step::Reply(text) if text.starts_with('5') => {
                self.errors += 1;
                if self.errors >= MAX_ERRORS {
                    return Step::Close("421 Too many errors, closing\r\n".into());
                }
                Step::Reply(text)
            }
            step => step,
        }
    }

    fn reset(&mut self) {
        self.from = None;
        self.to.clear();
        self.data = Vec::new();
        self.oversized = false;
    }

    fn command(&mut self, line: &str) -> Step {
        let (verb, argument) = match line.split_once(' ') {
            Some((verb, argument)) => (verb, argument.trim()),
            None => (line.trim(), ""),
        };
        match verb.to_ascii_uppercase().as_str() {
            "EHLO" | "HELO" if argument.is_empty() => reply(501, "Syntax: EHLO hostname"),
            "EHLO" => {
                self.greeted = true;
                self.reset();
                Step::Reply(format!(
                    "250-{NAME} Hello {argument}\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n\
                     250-AUTH PLAIN LOGIN\r\n250 SIZE {}\r\n",
                    self.max_size
                ))
            }
            "HELO" => {
                self.greeted = true;
                self.reset();
                reply(250, NAME)
            }
            "AUTH" => self.auth(argument),
            "MAIL" => self.mail(argument),
            "RCPT" => self.rcpt(argument),
            "DATA" => self.data_start(argument),
            "RSET" => {
                self.reset();
                reply(250, "OK")
            }
            "NOOP" => reply(250, "OK"),
            "QUIT" => Step::Close(format!("221 {NAME} closing connection\r\n")),
            "VRFY" => reply(252, "Cannot VRFY user, but will accept message"),
            "HELP" => reply(214, "See RFC 5321"),
            "STARTTLS" => reply(
                502,
                "STARTTLS not supported: send plain SMTP to this test sink",
            ),
            "EXPN" | "BDAT" | "ETRN" | "TURN" => reply(502, "Command not implemented"),
            _ => reply(500, "Command unrecognized"),
        }
    }

    fn auth(&mut self, argument: &str) -> Step {
        if !self.greeted {
            return reply(503, "Send EHLO first");
        }
        if self.username.is_some() {
            return reply(503, "Already authenticated");
        }
        if self.from.is_some() {
            return reply(503, "AUTH not allowed during a mail transaction");
        }
        let mut words = argument.split_whitespace();
        let mechanism = words.next().unwrap_or("").to_ascii_uppercase();
        let initial = words.next();
        match (mechanism.as_str(), initial) {
            ("", _) => reply(501, "Syntax: AUTH mechanism"),
            ("PLAIN", None) => {
                self.phase = Phase::AuthPlain;
                Step::Reply("334 \r\n".into())
            }
            ("PLAIN", Some(initial)) => self.auth_plain(initial),
            ("LOGIN", None) => {
                self.phase = Phase::AuthLoginUser;
                Step::Reply("334 VXNlcm5hbWU6\r\n".into())
            }
            ("LOGIN", Some(initial)) => self.auth_login_user(initial),
            _ => reply(504, "Unrecognized authentication type"),
        }
    }

    /// Decodes one base64 AUTH response; `Err` is the reply to give.
    fn auth_response(response: &str) -> Result<Vec<u8>, Step> {
        match response.trim() {
            "*" => Err(reply(501, "Authentication cancelled")),
            "=" => Ok(Vec::new()),
            text => mime::base64_strict(text).ok_or_else(|| reply(501, "Cannot decode response")),
        }
    }

    fn authenticated(&mut self, username: String) -> Step {
        tracing::debug!(smtp.username = %username, "authenticated");
        self.username = Some(username);
        reply(235, "Authentication successful")
    }

    /// RFC 4616: `authzid NUL authcid NUL passwd`. Any credentials are accepted.
    fn auth_plain(&mut self, response: &str) -> Step {
        let decoded = match Self::auth_response(response) {
            Ok(decoded) => decoded,
            Err(step) => return step,
        };
        let fields: Vec<&[u8]> = decoded.split(|&b| b == 0).collect();
        match fields.as_slice() {
            [_authzid, user, _password] if !user.is_empty() => {
                self.authenticated(String::from_utf8_lossy(user).into_owned())
            }
            _ => reply(535, "Authentication credentials invalid"),
        }
    }

    fn auth_login_user(&mut self, response: &str) -> Step {
        match Self::auth_response(response) {
            Ok(user) => {
                self.phase = Phase::AuthLoginPassword(String::from_utf8_lossy(&user).into_owned());
                Step::Reply("334 UGFzc3dvcmQ6\r\n".into())
            }
            Err(step) => step,
        }
    }

    fn auth_login_password(&mut self, user: String, response: &str) -> Step {
        match Self::auth_response(response) {
            Ok(_password) => self.authenticated(user),
            Err(step) => step,
        }
    }

    fn mail(&mut self, argument: &str) -> Step {
        if !self.greeted {
            return reply(503, "Send EHLO first");
        }
        if self.from.is_some() {
            return reply(503, "Nested MAIL command");
        }
        let Some((address, parameters)) = path(argument, "FROM:") else {
            return reply(501, "Syntax: MAIL FROM:<address>");
        };
        for parameter in parameters.split_whitespace() {
            let (key, value) = parameter.split_once('=').unwrap_or((parameter, ""));
            if key.eq_ignore_ascii_case("SIZE") {
                match value.parse::<usize>() {
                    Ok(size) if size > self.max_size => {
                        return reply(552, "Message size exceeds fixed maximum message size")
                    }
                    Ok(_) => {}
                    Err(_) => return reply(501, "Bad SIZE parameter"),
                }
            }
        }
        self.from = Some(address.to_owned());
        reply(250, "OK")
    }

    fn rcpt(&mut self, argument: &str) -> Step {
        if self.from.is_none() {
            return reply(503, "Need MAIL before RCPT");
        }
        let Some((address, _parameters)) = path(argument, "TO:").filter(|(a, _)| !a.is_empty())
        else {
            return reply(501, "Syntax: RCPT TO:<address>");
        };
        if self.to.len() >= MAX_RECIPIENTS {
            return reply(452, "Too many recipients");
        }
        self.to.push(address.to_owned());
        reply(250, "OK")
    }

    fn data_start(&mut self, argument: &str) -> Step {
        if self.from.is_none() {
            return reply(503, "Need MAIL command");
        }
        if self.to.is_empty() {
            return reply(503, "Need RCPT command");
        }
        if !argument.is_empty() {
            return reply(501, "Syntax: DATA");
        }
        self.phase = Phase::Data;
        reply(354, "End data with <CR><LF>.<CR><LF>")
    }

    fn data_line(&mut self, line: Line) -> Step {
        if line.bytes == b"." && !line.too_long {
            self.phase = Phase::Command;
            if self.oversized {
                self.reset();
                return reply(552, "Message size exceeds fixed maximum message size");
            }
            let envelope = Envelope {
                from: self.from.take().unwrap_or_default(),
                to: std::mem::take(&mut self.to),
                username: self.username.clone(),
                data: std::mem::take(&mut self.data),
            };
            self.reset();
            return Step::Deliver(envelope);
        }
        // RFC 5321 4.5.2: a leading dot was doubled by the client.
        let content = line.bytes.strip_prefix(b".").unwrap_or(&line.bytes);
        if self.oversized || line.too_long || self.data.len() + content.len() + 2 > self.max_size {
            self.oversized = true;
            self.data = Vec::new();
        } else {
            self.data.extend_from_slice(content);
            self.data.extend_from_slice(b"\r\n");
        }
        Step::Continue
    }
}

/// `FROM:<a@b> PARAMS` → (`a@b`, `PARAMS`). Tolerates a space after the colon and a bare
/// address without brackets; `<>` is the null path.
fn path<'a>(argument: &'a str, keyword: &str) -> Option<(&'a str, &'a str)> {
    let head = argument.get(..keyword.len())?;
    if !head.eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = argument[keyword.len()..].trim_start();
    if let Some(inner) = rest.strip_prefix('<') {
        let end = inner.find('>')?;
        let address = &inner[..end];
        // A source route (`<@relay:user@host>`) is ignored, as RFC 5321 4.1.2 allows.
        let address = address.rsplit_once(':').map_or(address, |(_, a)| a);
        if address.contains(char::is_whitespace) {
            return None;
        }
        return Some((address, inner[end + 1..].trim()));
    }
    let (address, parameters) = rest.split_once(' ').unwrap_or((rest, ""));
    (!address.is_empty() && address.contains('@')).then_some((address, parameters.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(session: &mut Session, text: &str) -> Step {
        session.feed(Line {
            bytes: text.as_bytes().to_vec(),
            too_long: false,
        })
    }

    fn code(step: &Step) -> u16 {
        let text = match step {
            Step::Reply(text) | Step::Close(text) => text,
            other => panic!("no reply: {other:?}"),
        };
        let last = text.trim_end().lines().last().unwrap();
        last[..3].parse().unwrap()
    }

    #[test]
    fn whole_conversation_with_auth_login() {
        let mut s = Session::new(1000);
        assert_eq!(code(&feed(&mut s, "EHLO client.test")), 250);
        assert_eq!(code(&feed(&mut s, "AUTH LOGIN")), 334);
        assert_eq!(code(&feed(&mut s, "YnVkaQ==")), 334);
        assert_eq!(code(&feed(&mut s, "cmFoYXNpYQ==")), 235);
        assert_eq!(code(&feed(&mut s, "AUTH PLAIN AGEAYg==")), 503);
        assert_eq!(
            code(&feed(&mut s, "MAIL FROM: <tagihan@isp.test> BODY=8BITMIME")),
            250
        );
        assert_eq!(code(&feed(&mut s, "RCPT TO:<a@x.test>")), 250);
        assert_eq!(code(&feed(&mut s, "rcpt to:<b@x.test> NOTIFY=NEVER")), 250);
        assert_eq!(code(&feed(&mut s, "DATA")), 354);
        assert_eq!(feed(&mut s, "Subject: x"), Step::Continue);
        assert_eq!(feed(&mut s, ""), Step::Continue);
        assert_eq!(feed(&mut s, "..dot"), Step::Continue);
        assert_eq!(
            feed(&mut s, "."),
            Step::Deliver(Envelope {
                from: "tagihan@isp.test".into(),
                to: vec!["a@x.test".into(), "b@x.test".into()],
                username: Some("budi".into()),
                data: b"Subject: x\r\n\r\n.dot\r\n".to_vec(),
            })
        );
        assert_eq!(code(&feed(&mut s, "DATA")), 503);
        assert_eq!(code(&feed(&mut s, "QUIT")), 221);
    }

    #[test]
    fn auth_plain_two_step_and_cancel() {
        let mut s = Session::new(1000);
        assert_eq!(code(&feed(&mut s, "AUTH PLAIN")), 503);
        feed(&mut s, "HELO x");
        assert_eq!(code(&feed(&mut s, "AUTH PLAIN")), 334);
        assert_eq!(code(&feed(&mut s, "*")), 501);
        assert_eq!(code(&feed(&mut s, "AUTH PLAIN")), 334);
        assert_eq!(code(&feed(&mut s, "!!")), 501);
        assert_eq!(code(&feed(&mut s, "AUTH PLAIN dXNlcg==")), 535);
        assert_eq!(code(&feed(&mut s, "AUTH CRAM-MD5")), 504);
        assert_eq!(code(&feed(&mut s, "AUTH PLAIN")), 334);
        // "\0admin@isp.test\0secret"
        assert_eq!(code(&feed(&mut s, "AGFkbWluQGlzcC50ZXN0AHNlY3JldA==")), 235);
        assert_eq!(s.username.as_deref(), Some("admin@isp.test"));
    }

    #[test]
    fn order_and_syntax_errors() {
        let mut s = Session::new(1000);
        assert_eq!(code(&feed(&mut s, "MAIL FROM:<a@b>")), 503);
        assert_eq!(code(&feed(&mut s, "EHLO")), 501);
        feed(&mut s, "EHLO x");
        assert_eq!(code(&feed(&mut s, "RCPT TO:<a@b>")), 503);
        assert_eq!(code(&feed(&mut s, "DATA")), 503);
        assert_eq!(code(&feed(&mut s, "MAIL TO:<a@b>")), 501);
        assert_eq!(code(&feed(&mut s, "MAIL FROM:<>")), 250);
        assert_eq!(code(&feed(&mut s, "MAIL FROM:<a@b>")), 503);
        assert_eq!(code(&feed(&mut s, "DATA")), 503);
        assert_eq!(code(&feed(&mut s, "RCPT TO:<>")), 501);
        assert_eq!(code(&feed(&mut s, "RSET")), 250);
        assert_eq!(code(&feed(&mut s, "RCPT TO:<a@b>")), 503);
        assert_eq!(code(&feed(&mut s, "VRFY x")), 252);
        assert_eq!(code(&feed(&mut s, "NOOP")), 250);
        assert_eq!(code(&feed(&mut s, "STARTTLS")), 502);
        assert_eq!(code(&feed(&mut s, "BOGUS")), 500);
        assert_eq!(code(&feed(&mut s, "")), 500);
    }

    #[test]
    fn size_limits() {
        let mut s = Session::new(20);
        feed(&mut s, "EHLO x");
        assert_eq!(code(&feed(&mut s, "MAIL FROM:<a@b> SIZE=21")), 552);
        assert_eq!(code(&feed(&mut s, "MAIL FROM:<a@b> SIZE=x")), 501);
        assert_eq!(code(&feed(&mut s, "MAIL FROM:<a@b> SIZE=20")), 250);
        feed(&mut s, "RCPT TO:<c@d>");
        feed(&mut s, "DATA");
        assert_eq!(feed(&mut s, "0123456789"), Step::Continue);
        assert_eq!(feed(&mut s, "0123456789"), Step::Continue);
        assert_eq!(code(&feed(&mut s, ".")), 552);
        // The session goes on after a refused message.
        assert_eq!(code(&feed(&mut s, "MAIL FROM:<a@b>")), 250);
        let long = s.feed(Line {
            bytes: b"x".repeat(COMMAND_LIMIT),
            too_long: true,
        });
        assert_eq!(code(&long), 500);
    }

    #[test]
    fn hangs_up_after_many_errors() {
        let mut s = Session::new(1000);
        for _ in 1..MAX_ERRORS {
            assert!(matches!(feed(&mut s, "\u{0}\u{ff}garbage"), Step::Reply(_)));
        }
        assert_eq!(code(&feed(&mut s, "garbage")), 421);
    }

    #[test]
    fn paths() {
        assert_eq!(path("FROM:<a@b>", "FROM:"), Some(("a@b", "")));
        assert_eq!(path("from: <a@b> SIZE=1", "FROM:"), Some(("a@b", "SIZE=1")));
        assert_eq!(path("FROM:<@relay:a@b>", "FROM:"), Some(("a@b", "")));
        assert_eq!(path("FROM:a@b", "FROM:"), Some(("a@b", "")));
        assert_eq!(path("FROM:<a b>", "FROM:"), None);
        assert_eq!(path("FROM:<a@b", "FROM:"), None);
        assert_eq!(path("FR", "FROM:"), None);
        assert_eq!(path("FROM:", "FROM:"), None);
        assert_eq!(path("FRÖM:<a@b>", "FROM:"), None);
    }
}
