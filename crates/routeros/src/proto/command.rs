use std::time::Duration;

use super::{split_attribute, Query, Row};

/// A command as the API takes it: a path such as `/ppp/secret/print`, attribute words
/// (`=name=value`, including `=.id=` and `=.proplist=`) and query words. The `.tag` is not
/// part of it: the client that sends it chooses one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub path: String,
    pub attributes: Row,
    pub queries: Vec<Query>,
    /// Overrides the client's default timeout for this command.
    pub timeout: Option<Duration>,
}

/// A command sentence as a router receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub command: Command,
    pub tag: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("empty command")]
    Empty,
    #[error("command must start with '/': {0}")]
    NotAPath(String),
    #[error("unexpected word in a command: {0}")]
    UnexpectedWord(String),
}

impl Command {
    pub fn new(path: impl Into<String>) -> Self {
        Command {
            path: path.into(),
            attributes: Row::new(),
            queries: Vec::new(),
            timeout: None,
        }
    }

    pub fn attr(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.attributes.set(name, value);
        self
    }

    pub fn query(mut self, query: Query) -> Self {
        self.queries.push(query);
        self
    }

    /// `?name=value`, the common case of a query.
    pub fn filter(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query(Query::Equals(name.into(), value.into()))
    }

    pub fn proplist(self, names: &[&str]) -> Self {
        self.attr(".proplist", names.join(","))
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The menu the command acts on: `/ppp/secret` for `/ppp/secret/print`.
    pub fn menu(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(menu, _)| menu)
    }

    /// The verb: `print` for `/ppp/secret/print`.
    pub fn verb(&self) -> &str {
        self.path
            .rsplit_once('/')
            .map_or(&self.path, |(_, verb)| verb)
    }

    /// Words of the sentence, with `.tag` when given.
    pub fn to_words(&self, tag: Option<&str>) -> Vec<String> {
        let mut words = Vec::with_capacity(2 + self.attributes.len() + self.queries.len());
        words.push(self.path.clone());
        words.extend(self.attributes.iter().map(|(n, v)| format!("={n}={v}")));
        words.extend(self.queries.iter().map(Query::to_string));
        if let Some(tag) = tag {
            words.push(format!(".tag={tag}"));
        }
        words
    }

    /// Reads command words as an operator types them (`/ppp/secret/print ?disabled=false
    /// =.proplist=name`); the same grammar as [`Request::parse`] without `.tag`.
    pub fn parse<S: AsRef<str>>(words: &[S]) -> Result<Command, CommandError> {
        let request = Request::parse(words)?;
        match request.tag {
            Some(tag) => Err(CommandError::UnexpectedWord(format!(".tag={tag}"))),
            None => Ok(request.command),
        }
    }
}

impl Request {
    pub fn parse<S: AsRef<str>>(words: &[S]) -> Result<Request, CommandError> {
        let (path, rest) = words.split_first().ok_or(CommandError::Empty)?;
        let path = path.as_ref();
        if !path.starts_with('/') {
            return Err(CommandError::NotAPath(path.to_owned()));
        }
        let mut command = Command::new(path);
        let mut tag = None;
        for word in rest {
            let word = word.as_ref();
            if let Some(body) = word.strip_prefix('=') {
                let (name, value) = split_attribute(body);
                command.attributes.set(name, value);
            } else if let Some(value) = word.strip_prefix(".tag=") {
                tag = Some(value.to_owned());
            } else if let Some(query) = Query::parse(word) {
                command.queries.push(query);
            } else {
                return Err(CommandError::UnexpectedWord(word.to_owned()));
            }
        }
        Ok(Request { command, tag })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_words_of_a_tagged_print() {
        let command = Command::new("/ppp/secret/print")
            .filter("disabled", "false")
            .proplist(&["name", "profile"]);
        assert_eq!(
            command.to_words(Some("7")),
            [
                "/ppp/secret/print",
                "=.proplist=name,profile",
                "?disabled=false",
                ".tag=7"
            ]
        );
        assert_eq!(command.menu(), "/ppp/secret");
        assert_eq!(command.verb(), "print");
    }

    #[test]
    fn parses_what_it_writes() {
        let command = Command::new("/ppp/secret/add")
            .attr("name", "budi")
            .attr("password", "")
            .attr("comment", "a=b");
        let request = Request::parse(&command.to_words(Some("x1"))).unwrap();
        assert_eq!(request.tag.as_deref(), Some("x1"));
        assert_eq!(request.command, command);
    }

    #[test]
    fn refuses_what_is_not_a_command() {
        assert_eq!(Command::parse::<&str>(&[]), Err(CommandError::Empty));
        assert_eq!(
            Command::parse(&["ppp/secret/print"]),
            Err(CommandError::NotAPath("ppp/secret/print".into()))
        );
        assert_eq!(
            Command::parse(&["/ppp/secret/print", "name=x"]),
            Err(CommandError::UnexpectedWord("name=x".into()))
        );
    }
}
