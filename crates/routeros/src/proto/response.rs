//! Reply sentences: `!re`, `!done`, `!trap`, `!fatal` and `!empty` (RouterOS 7.18+).

use super::{split_attribute, word_text, Row};
use crate::codec::Sentence;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// `!re`: one row of a print or one event of a listen.
    Row(Row),
    /// `!done`: the command has finished; `=ret=` carries e.g. the id made by `add`.
    Done(Row),
    /// `!trap`: the command failed. It is always followed by `!done`.
    Trap {
        category: Option<u8>,
        message: String,
    },
    /// `!fatal`: the router is closing the connection.
    Fatal(String),
    /// `!empty`: a print found no rows (7.18+); `!done` follows.
    Empty,
}

/// A reply sentence and the `.tag` it echoes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub tag: Option<String>,
    pub response: Response,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseError {
    #[error("empty reply sentence")]
    Empty,
    #[error("unknown reply word {0:?}")]
    UnknownKind(String),
    #[error("unexpected word {0:?} in a reply")]
    UnexpectedWord(String),
}

impl Reply {
    pub fn parse(sentence: &Sentence) -> Result<Reply, ResponseError> {
        let mut words = sentence.iter().map(|word| word_text(word));
        let kind = words.next().ok_or(ResponseError::Empty)?;
        let mut tag = None;
        let mut attributes = Row::new();
        let mut fatal_message = Vec::new();
        for word in words {
            if let Some(body) = word.strip_prefix('=') {
                let (name, value) = split_attribute(body);
                attributes.0.push((name.to_owned(), value.to_owned()));
            } else if let Some(value) = word.strip_prefix(".tag=") {
                tag = Some(value.to_owned());
            } else if kind == "!fatal" {
                // `!fatal` carries its reason as a bare word.
                fatal_message.push(word);
            } else if word.starts_with('.') {
                // Other API words (`.section=`) carry nothing a client needs.
            } else {
                return Err(ResponseError::UnexpectedWord(word));
            }
        }
        let response = match kind.as_str() {
            "!re" => Response::Row(attributes),
            "!done" => Response::Done(attributes),
            "!empty" => Response::Empty,
            "!trap" => Response::Trap {
                category: attributes.get("category").and_then(|c| c.parse().ok()),
                message: attributes.get("message").unwrap_or_default().to_owned(),
            },
            "!fatal" => Response::Fatal(match attributes.get("message") {
                Some(message) => message.to_owned(),
                None => fatal_message.join(" "),
            }),
            _ => return Err(ResponseError::UnknownKind(kind)),
        };
        Ok(Reply { tag, response })
    }

    pub fn to_words(&self) -> Vec<String> {
        let attribute = |(name, value): (&str, &str)| format!("={name}={value}");
        let mut words: Vec<String> = match &self.response {
            Response::Row(row) => std::iter::once("!re".to_owned())
                .chain(row.iter().map(attribute))
                .collect(),
            Response::Done(row) => std::iter::once("!done".to_owned())
                .chain(row.iter().map(attribute))
                .collect(),
            Response::Empty => vec!["!empty".to_owned()],
            Response::Trap { category, message } => {
                let mut words = vec!["!trap".to_owned()];
                if let Some(category) = category {
                    words.push(format!("=category={category}"));
                }
                words.push(format!("=message={message}"));
                words
            }
            Response::Fatal(message) => vec!["!fatal".to_owned(), message.clone()],
        };
        if let Some(tag) = &self.tag {
            words.push(format!(".tag={tag}"));
        }
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(words: &[&str]) -> Sentence {
        words.iter().map(|w| w.as_bytes().to_vec()).collect()
    }

    #[test]
    fn reads_each_kind() {
        let re = Reply::parse(&sentence(&["!re", "=.id=*1", "=name=a", ".tag=3"])).unwrap();
        assert_eq!(re.tag.as_deref(), Some("3"));
        assert_eq!(
            re.response,
            Response::Row(Row::new().with(".id", "*1").with("name", "a"))
        );
        let done = Reply::parse(&sentence(&["!done", "=ret=*2A"])).unwrap();
        assert_eq!(done.response, Response::Done(Row::new().with("ret", "*2A")));
        let trap = Reply::parse(&sentence(&[
            "!trap",
            "=category=1",
            "=message=failure: secret with the same name already exists",
        ]))
        .unwrap();
        assert_eq!(
            trap.response,
            Response::Trap {
                category: Some(1),
                message: "failure: secret with the same name already exists".into()
            }
        );
        let fatal = Reply::parse(&sentence(&["!fatal", "not logged in"])).unwrap();
        assert_eq!(fatal.response, Response::Fatal("not logged in".into()));
        let empty = Reply::parse(&sentence(&["!empty", ".tag=9"])).unwrap();
        assert_eq!(empty.response, Response::Empty);
    }

    #[test]
    fn writes_what_it_reads() {
        for words in [
            &["!re", "=name=x", "=comment=a=b", ".tag=1"][..],
            &["!done"],
            &["!trap", "=category=2", "=message=interrupted", ".tag=5"],
            &["!fatal", "session terminated on request"],
            &["!empty"],
        ] {
            let reply = Reply::parse(&sentence(words)).unwrap();
            assert_eq!(reply.to_words(), words, "{words:?}");
        }
    }

    #[test]
    fn refuses_unknown_replies() {
        assert_eq!(
            Reply::parse(&sentence(&["!bogus"])),
            Err(ResponseError::UnknownKind("!bogus".into()))
        );
        assert_eq!(Reply::parse(&Vec::new()), Err(ResponseError::Empty));
        assert!(Reply::parse(&sentence(&["!re", "stray"])).is_err());
    }
}
