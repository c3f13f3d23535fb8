//! Invoices, receipts (kuitansi) and credit notes as documents: loaded once into a
//! [`Sheet`], then drawn as a PDF ([`pdf`]) or a printable page ([`html`]) so the two never
//! disagree.

pub mod html;
pub mod links;
mod load;
pub mod pdf;
pub mod words;

pub use load::{load, owner};

use crate::billing::model::documents::DocKind;
use crate::billing::model::settings::BankAccount;
use crate::i18n::Locale;

/// A seller or buyer as printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    pub address: String,
    pub npwp: String,
    pub nik: String,
    pub phone: String,
    pub email: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Columns {
    /// Quantity, unit price, discount, (DPP, PPN when taxed), total.
    Full,
    /// Description and amount only.
    Simple,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SheetLine {
    pub description: String,
    pub quantity: i64,
    pub unit_price: i64,
    pub discount: i64,
    pub dpp: i64,
    pub ppn: i64,
    pub total: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TotalRow {
    pub label: String,
    pub amount: i64,
    pub strong: bool,
}

/// Everything a document shows, in the customer's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    pub kind: DocKind,
    pub id: i64,
    pub customer_id: i64,
    pub locale: Locale,
    pub title: String,
    pub number: String,
    pub seller: Party,
    /// Faktur fields (NPWP, NIK) are printed when the seller is a PKP.
    pub seller_pkp: bool,
    pub buyer_label: String,
    pub buyer: Party,
    /// Label and value pairs beside the buyer: dates, period, customer code, method.
    pub facts: Vec<(String, String)>,
    pub columns: Columns,
    pub taxed: bool,
    pub lines: Vec<SheetLine>,
    pub totals: Vec<TotalRow>,
    /// The received amount in words (receipts).
    pub in_words: Option<String>,
    pub notes: Vec<String>,
    pub bank_accounts: Vec<BankAccount>,
    /// Where the QR code leads: the portal's pay page for an open invoice.
    pub pay_url: Option<String>,
    pub logo: Option<Vec<u8>>,
    /// "LUNAS", "DIBATALKAN".
    pub stamp: Option<String>,
}

impl Sheet {
    /// A file name without characters a browser or file system could stumble on:
    /// `INV-2026-12-000123.pdf`.
    pub fn file_name(&self) -> String {
        let stem: String = self
            .number
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let stem = stem.trim_matches('-');
        if stem.is_empty() {
            format!("{}-{}.pdf", self.kind.segment(), self.id)
        } else {
            format!("{stem}.pdf")
        }
    }
}

/// Rupiah grouped with dots, without the currency (table cells say it once in the header).
pub fn grouped(amount: i64) -> String {
    crate::format::rupiah(amount).replacen("Rp ", "", 1)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A taxed, partly paid invoice with a long description, as the renderers see it.
    pub fn invoice_sheet() -> Sheet {
        Sheet {
            kind: DocKind::Invoice,
            id: 42,
            customer_id: 7,
            locale: Locale::Id,
            title: "TAGIHAN".into(),
            number: "INV/2026/12/000123".into(),
            seller: Party {
                name: "PT Simpul Jaringan Nusantara".into(),
                address: "Jl. Merdeka No. 10\nBandung 40111".into(),
                npwp: "0123456789012345".into(),
                phone: "+62 22 123456".into(),
                email: "billing@simpul.example".into(),
                ..Party::default()
            },
            seller_pkp: true,
            buyer_label: "Kepada".into(),
            buyer: Party {
                name: "Budi Santoso".into(),
                address: "Perum Griya Asri Blok C-12, Kelurahan Sukamaju, Kecamatan Cibeunying"
                    .into(),
                nik: "3273010101900001".into(),
                ..Party::default()
            },
            facts: vec![
                ("Nomor".into(), "INV/2026/12/000123".into()),
                ("Jatuh tempo".into(), "11 Des 2026".into()),
            ],
            columns: Columns::Full,
            taxed: true,
            lines: vec![SheetLine {
                description: "Internet Rumah 20 Mbps — 14–31 Des 2026, 18 dari 31 hari".into(),
                quantity: 1,
                unit_price: 150_000,
                discount: 0,
                dpp: 137_500,
                ppn: 16_500,
                total: 166_500,
            }],
            totals: vec![
                TotalRow {
                    label: "Total".into(),
                    amount: 166_500,
                    strong: true,
                },
                TotalRow {
                    label: "Sisa tagihan".into(),
                    amount: 66_500,
                    strong: true,
                },
            ],
            in_words: None,
            notes: vec!["Dokumen ini dibuat secara elektronik.".into()],
            bank_accounts: vec![BankAccount {
                bank: "BCA".into(),
                number: "1234567890".into(),
                holder: "PT Simpul Jaringan Nusantara".into(),
            }],
            pay_url: Some("https://isp.example/portal/pay?invoice=42".into()),
            logo: None,
            stamp: None,
        }
    }

    #[test]
    fn file_names_come_from_the_number() {
        let mut sheet = invoice_sheet();
        assert_eq!(sheet.file_name(), "INV-2026-12-000123.pdf");
        sheet.number = "///".into();
        assert_eq!(sheet.file_name(), "invoices-42.pdf");
    }

    #[test]
    fn grouped_amounts_drop_the_currency() {
        assert_eq!(grouped(1_500_000), "1.500.000");
        assert_eq!(grouped(-500), "-500");
    }
}
