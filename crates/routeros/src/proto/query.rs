//! Query words of `print`: each pushes a test on a stack, `?#` combines the stack.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Query {
    /// `?name`: the item has the property.
    Has(String),
    /// `?-name`: the item lacks the property.
    Lacks(String),
    /// `?name=value` (also written `?=name=value`).
    Equals(String, String),
    /// `?<name=value`.
    Less(String, String),
    /// `?>name=value`.
    Greater(String, String),
    /// `?#ops`: `!` not, `&` and, `|` or, `.` duplicate top, digits push a copy of that
    /// stack index.
    Operations(String),
}

impl Query {
    /// Reads a word starting with `?`; `None` if it does not.
    pub fn parse(word: &str) -> Option<Query> {
        let body = word.strip_prefix('?')?;
        if let Some(ops) = body.strip_prefix('#') {
            return Some(Query::Operations(ops.to_owned()));
        }
        if let Some(rest) = body.strip_prefix('-') {
            return Some(Query::Lacks(rest.to_owned()));
        }
        let pair = |rest: &str| {
            let (name, value) = rest.split_once('=').unwrap_or((rest, ""));
            (name.to_owned(), value.to_owned())
        };
        if let Some(rest) = body.strip_prefix('<') {
            let (name, value) = pair(rest);
            return Some(Query::Less(name, value));
        }
        if let Some(rest) = body.strip_prefix('>') {
            let (name, value) = pair(rest);
            return Some(Query::Greater(name, value));
        }
        let body = body.strip_prefix('=').unwrap_or(body);
        Some(match body.split_once('=') {
            Some((name, value)) => Query::Equals(name.to_owned(), value.to_owned()),
            None => Query::Has(body.to_owned()),
        })
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Query::Has(name) => write!(f, "?{name}"),
            Query::Lacks(name) => write!(f, "?-{name}"),
            Query::Equals(name, value) => write!(f, "?{name}={value}"),
            Query::Less(name, value) => write!(f, "?<{name}={value}"),
            Query::Greater(name, value) => write!(f, "?>{name}={value}"),
            Query::Operations(ops) => write!(f, "?#{ops}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form_and_writes_it_back() {
        let cases = [
            ("?name", Query::Has("name".into())),
            ("?-name", Query::Lacks("name".into())),
            (
                "?disabled=false",
                Query::Equals("disabled".into(), "false".into()),
            ),
            ("?comment=", Query::Equals("comment".into(), String::new())),
            ("?<rx-byte=100", Query::Less("rx-byte".into(), "100".into())),
            (
                "?>rx-byte=100",
                Query::Greater("rx-byte".into(), "100".into()),
            ),
            ("?#|!", Query::Operations("|!".into())),
        ];
        for (word, query) in cases {
            assert_eq!(Query::parse(word).as_ref(), Some(&query), "{word}");
            assert_eq!(query.to_string(), word);
        }
        assert_eq!(
            Query::parse("?=name=a=b"),
            Some(Query::Equals("name".into(), "a=b".into()))
        );
        assert_eq!(Query::parse("=name=x"), None);
    }
}
