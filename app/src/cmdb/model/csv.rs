//! CSV for the plant spreadsheets ISPs keep: one file per class, a header row naming the
//! columns (the fixed ones, then the class's attribute keys), comma or semicolon separated
//! (Indonesian Excel writes semicolons), fields quoted the RFC 4180 way.

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// The columns every class has, in export order; attribute keys follow.
pub const FIXED_COLUMNS: [&str; 8] = [
    "code",
    "name",
    "lifecycle",
    "latitude",
    "longitude",
    "address",
    "owner_group",
    "notes",
];

/// The most rows one import takes.
pub const MAX_IMPORT_ROWS: usize = 5000;

/// Splits CSV text into records. The separator is the header's: a semicolon when the first
/// line has more semicolons than commas, otherwise a comma.
pub fn parse(text: &str) -> Result<Vec<Vec<String>>, Msg> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or_default();
    let separator = if first_line.matches(';').count() > first_line.matches(',').count() {
        ';'
    } else {
        ','
    };
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut field_started_quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                other => field.push(other),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !field_started_quoted => {
                quoted = true;
                field_started_quoted = true;
            }
            c if c == separator => {
                record.push(std::mem::take(&mut field));
                field_started_quoted = false;
            }
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                field_started_quoted = false;
                if !(record.len() == 1 && record[0].is_empty()) {
                    records.push(std::mem::take(&mut record));
                } else {
                    record.clear();
                }
            }
            other => field.push(other),
        }
    }
    if quoted {
        return Err(Msg::ValCsvUnclosedQuote);
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    Ok(records)
}

/// One CSV line (with its line break), quoting fields that need it.
pub fn write_record(fields: &[String]) -> String {
    let mut line = fields
        .iter()
        .map(|f| {
            if f.contains([',', ';', '"', '\n', '\r']) || f.starts_with(' ') || f.ends_with(' ') {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// What importing one row would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportAction {
    Create,
    Update,
    Unchanged,
}

/// One row of the review: its line in the file, its code, what would happen, and the
/// problems that stop the import (field name, message).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    pub line: usize,
    pub code: String,
    pub name: String,
    pub action: ImportAction,
    pub errors: Vec<(String, Msg)>,
}

/// The review of a whole file. Nothing is written while any row has errors.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub rows: Vec<ImportRow>,
    /// Problems of the file as a whole (no header, unknown columns, too many rows).
    pub file_errors: Vec<Msg>,
    /// Header columns this class does not know; they are ignored.
    pub ignored_columns: Vec<String>,
}

impl ImportPreview {
    pub fn is_clean(&self) -> bool {
        self.file_errors.is_empty() && self.rows.iter().all(|r| r.errors.is_empty())
    }

    pub fn count(&self, action: ImportAction) -> usize {
        self.rows.iter().filter(|r| r.action == action).count()
    }
}

/// What an applied import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub created: usize,
    pub updated: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_separators_and_line_breaks() {
        let text = "\u{feff}code,name,notes\r\nODP-1,\"ODP, Jl. Melati\",\"tiang \"\"TN-1\"\"\nbaris 2\"\r\n\r\nODP-2,ODP 2,\n";
        let records = parse(text).unwrap();
        assert_eq!(
            records,
            vec![
                vec!["code", "name", "notes"],
                vec!["ODP-1", "ODP, Jl. Melati", "tiang \"TN-1\"\nbaris 2"],
                vec!["ODP-2", "ODP 2", ""],
            ]
        );
        assert_eq!(parse("a,\"b").unwrap_err(), Msg::ValCsvUnclosedQuote);
    }

    #[test]
    fn semicolon_files_from_indonesian_excel() {
        let records = parse("code;latitude;longitude\nODP-1;-6,2;106,8").unwrap();
        assert_eq!(records[1], vec!["ODP-1", "-6,2", "106,8"]);
    }

    #[test]
    fn written_records_read_back() {
        let fields: Vec<String> = ["ODP-1", "a, b", "say \"hi\"", "two\nlines", ""]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let text = write_record(&fields);
        assert_eq!(parse(&text).unwrap(), vec![fields]);
    }
}
