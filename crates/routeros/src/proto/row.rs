use std::fmt;

/// One item as the router reports it: properties in the order the router sent them. Every
/// value is a string, as on the wire (and in REST JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Row(pub Vec<(String, String)>);

impl Row {
    pub fn new() -> Self {
        Row::default()
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Sets a property, replacing an earlier value of the same name in place.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let (name, value) = (name.into(), value.into());
        match self.0.iter_mut().find(|(key, _)| *key == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name, value)),
        }
    }

    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.set(name, value);
        self
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl FromIterator<(String, String)> for Row {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        let mut row = Row::new();
        for (name, value) in iter {
            row.set(name, value);
        }
        row
    }
}

/// `name=value name2=value2`, the way RouterOS' terminal shows `print as-value`.
impl fmt::Display for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, (name, value)) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str(" ")?;
            }
            if value.is_empty() || value.contains(char::is_whitespace) {
                write!(f, "{name}=\"{value}\"")?;
            } else {
                write!(f, "{name}={value}")?;
            }
        }
        Ok(())
    }
}
