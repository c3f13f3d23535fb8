//! Where an invoice, receipt (kwitansi) or credit note can be read: a printable page and a
//! PDF, both rendered on the server from the same data.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocKind {
    Invoice,
    Receipt,
    CreditNote,
}

impl DocKind {
    pub const ALL: [DocKind; 3] = [DocKind::Invoice, DocKind::Receipt, DocKind::CreditNote];

    /// The path segment: `/documents/<segment>/<id>`.
    pub fn segment(self) -> &'static str {
        match self {
            DocKind::Invoice => "invoices",
            DocKind::Receipt => "receipts",
            DocKind::CreditNote => "credit-notes",
        }
    }

    pub fn parse(segment: &str) -> Option<DocKind> {
        Self::ALL.into_iter().find(|k| k.segment() == segment)
    }
}

/// The printable page of a document.
pub fn print_path(kind: DocKind, id: i64) -> String {
    format!("/documents/{}/{id}", kind.segment())
}

/// The PDF of a document.
pub fn pdf_path(kind: DocKind, id: i64) -> String {
    format!("/documents/{}/{id}/pdf", kind.segment())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip_through_their_segment() {
        for kind in DocKind::ALL {
            assert_eq!(DocKind::parse(kind.segment()), Some(kind));
        }
        assert_eq!(
            pdf_path(DocKind::CreditNote, 7),
            "/documents/credit-notes/7/pdf"
        );
        assert_eq!(print_path(DocKind::Receipt, 3), "/documents/receipts/3");
        assert_eq!(DocKind::parse("payments"), None);
    }
}
