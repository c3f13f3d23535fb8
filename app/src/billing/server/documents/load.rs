//! Reading a document into a [`Sheet`]. Issued invoices print the seller and buyer as they
//! were fixed at issue; receipts and credit notes print today's seller and the customer.

use super::words::amount_in_words;
use super::{Columns, Party, Sheet, SheetLine, TotalRow};
use crate::billing::model::documents::DocKind;
use crate::billing::model::proration::span_label;
use crate::billing::model::settings::BankAccount;
use crate::billing::model::DateSpan;
use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use chrono::{NaiveDate, TimeZone as _};
use serde_json::Value;
use sqlx::PgConnection;

/// A receipt above this needs bea meterai (UU 10/2020, PP 86/2021: Rp10.000 on documents
/// acknowledging receipt of money above Rp5.000.000).
pub const E_METERAI_ABOVE: i64 = 5_000_000;

/// Who a document belongs to, and whether that customer may see it (drafts are staff-only).
pub async fn owner(
    conn: &mut PgConnection,
    kind: DocKind,
    id: i64,
) -> ServiceResult<Option<(i64, bool)>> {
    let row = match kind {
        DocKind::Invoice => sqlx::query!(
            r#"SELECT customer_id, status <> 'draft' AS "visible!" FROM invoices WHERE id = $1"#,
            id
        )
        .fetch_optional(conn)
        .await?
        .map(|r| (r.customer_id, r.visible)),
        DocKind::Receipt => {
            sqlx::query_scalar!("SELECT customer_id FROM payments WHERE id = $1", id)
                .fetch_optional(conn)
                .await?
                .map(|c| (c, true))
        }
        DocKind::CreditNote => {
            sqlx::query_scalar!("SELECT customer_id FROM credit_notes WHERE id = $1", id)
                .fetch_optional(conn)
                .await?
                .map(|c| (c, true))
        }
    };
    Ok(row)
}

/// The ISP as it prints today, with its bank accounts and logo.
struct Issuer {
    party: Party,
    pkp: bool,
    bank_accounts: Vec<BankAccount>,
    logo: Option<Vec<u8>>,
}

async fn issuer(conn: &mut PgConnection) -> ServiceResult<Issuer> {
    let row = sqlx::query!(
        r#"SELECT legal_name, address, npwp, phone, email, is_pkp, bank_accounts, logo
           FROM billing_settings WHERE id = 1"#
    )
    .fetch_one(conn)
    .await?;
    Ok(Issuer {
        party: Party {
            name: row.legal_name,
            address: row.address,
            npwp: row.npwp,
            nik: String::new(),
            phone: row.phone,
            email: row.email,
        },
        pkp: row.is_pkp,
        bank_accounts: serde_json::from_value(row.bank_accounts).unwrap_or_default(),
        logo: row.logo,
    })
}

fn text(json: &Value, key: &str) -> String {
    json.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// A party from a snapshot taken at issue, falling back to today's values for fields the
/// snapshot lacks.
fn party_from(snapshot: Option<&Value>, today: Party) -> Party {
    let Some(json) = snapshot.filter(|v| v.is_object()) else {
        return today;
    };
    let pick = |key: &str, current: String| {
        json.get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or(current)
    };
    Party {
        name: pick("name", today.name),
        address: pick("address", today.address),
        npwp: pick("npwp", today.npwp),
        nik: pick("nik", today.nik),
        phone: pick("phone", today.phone),
        email: pick("email", today.email),
    }
}

fn date(locale: Locale, day: NaiveDate) -> String {
    span_label(
        locale,
        DateSpan {
            start: day,
            end: day,
        },
    )
}

struct Customer {
    code: String,
    party: Party,
    locale: Locale,
}

async fn customer(conn: &mut PgConnection, id: i64) -> ServiceResult<Customer> {
    let row = sqlx::query!(
        r#"SELECT code, full_name, address, npwp, nik, phone, email, document_language
           FROM customers WHERE id = $1"#,
        id
    )
    .fetch_one(conn)
    .await?;
    Ok(Customer {
        code: row.code,
        party: Party {
            name: row.full_name,
            address: row.address,
            npwp: row.npwp,
            nik: row.nik.unwrap_or_default(),
            phone: row.phone,
            email: row.email,
        },
        locale: Locale::from_code(&row.document_language).unwrap_or_default(),
    })
}

/// The document, or NotFound.
pub async fn load(
    conn: &mut PgConnection,
    kind: DocKind,
    id: i64,
    public_url: &str,
) -> ServiceResult<Sheet> {
    match kind {
        DocKind::Invoice => invoice(conn, id, public_url).await,
        DocKind::Receipt => receipt(conn, id).await,
        DocKind::CreditNote => credit_note(conn, id).await,
    }
}

fn tax_label(locale: Locale, rate_bp: i32) -> String {
    let whole = rate_bp / 100;
    let rest = rate_bp % 100;
    let rate = if rest == 0 {
        format!("{whole}")
    } else {
        format!("{whole},{rest:02}")
            .trim_end_matches('0')
            .to_owned()
    };
    format!("{} {rate} %", Msg::DocPpn.text(locale))
}

async fn invoice(conn: &mut PgConnection, id: i64, public_url: &str) -> ServiceResult<Sheet> {
    let head = sqlx::query!(
        r#"SELECT i.number, i.customer_id, i.status, i.issue_date, i.due_date, i.period_start,
                  i.period_end, i.language, i.taxed, i.tax_rate_bp, i.dpp_numerator,
                  i.dpp_denominator, i.subtotal, i.dpp, i.ppn, i.total, i.amount_due,
                  i.seller, i.buyer,
                  (SELECT cn.number FROM credit_notes cn WHERE cn.invoice_id = i.id)
                      AS credit_note
           FROM invoices i WHERE i.id = $1"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let lines = sheet_lines(conn, id).await?;
    let issuer = issuer(conn).await?;
    let customer = customer(conn, head.customer_id).await?;
    let locale = Locale::from_code(&head.language).unwrap_or(customer.locale);
    let seller = party_from(head.seller.as_ref(), issuer.party.clone());
    let seller_pkp = head
        .seller
        .as_ref()
        .and_then(|s| s.get("pkp"))
        .and_then(Value::as_bool)
        .unwrap_or(issuer.pkp);
    let buyer = party_from(head.buyer.as_ref(), customer.party);
    let code = head
        .buyer
        .as_ref()
        .map(|b| text(b, "code"))
        .filter(|c| !c.is_empty())
        .unwrap_or(customer.code);
    let number = head.number.clone().unwrap_or_default();
    let m = |msg: Msg| msg.text(locale).to_owned();

    let mut facts = vec![
        (m(Msg::InvoiceNumber), number.clone()),
        (m(Msg::InvoiceIssueDate), date(locale, head.issue_date)),
        (m(Msg::InvoiceDueDate), date(locale, head.due_date)),
    ];
    if let (Some(start), Some(end)) = (head.period_start, head.period_end) {
        facts.push((
            m(Msg::InvoicePeriod),
            span_label(locale, DateSpan { start, end }),
        ));
    }
    facts.push((m(Msg::DocCustomerCode), code));

    let mut totals = vec![TotalRow {
        label: m(Msg::DocSubtotal),
        amount: head.subtotal,
        strong: false,
    }];
    if head.taxed {
        if head.dpp_numerator != head.dpp_denominator {
            totals.push(TotalRow {
                label: format!(
                    "{} ({}/{})",
                    m(Msg::DocDppOther),
                    head.dpp_numerator,
                    head.dpp_denominator
                ),
                amount: head.dpp,
                strong: false,
            });
        }
        totals.push(TotalRow {
            label: tax_label(locale, head.tax_rate_bp),
            amount: head.ppn,
            strong: false,
        });
    }
    totals.push(TotalRow {
        label: m(Msg::DocTotal),
        amount: head.total,
        strong: true,
    });
    let cancelled = head.status == "cancelled";
    let open = matches!(head.status.as_str(), "issued" | "partially_paid") && head.amount_due > 0;
    if !cancelled && head.amount_due < head.total {
        totals.push(TotalRow {
            label: m(Msg::DocPaidSoFar),
            amount: head.total - head.amount_due,
            strong: false,
        });
    }
    if open {
        totals.push(TotalRow {
            label: m(Msg::DocAmountDue),
            amount: head.amount_due,
            strong: true,
        });
    }

    let mut notes = Vec::new();
    if let Some(credit_note) = &head.credit_note {
        notes.push(format!("{} {credit_note}.", m(Msg::DocCancelledBy)));
    }
    notes.push(m(Msg::DocElectronic));
    let stamp = match head.status.as_str() {
        "paid" => Some(m(Msg::DocStampPaid)),
        "cancelled" => Some(m(Msg::DocStampCancelled)),
        "draft" => Some(m(Msg::InvoiceDraft).to_uppercase()),
        _ => None,
    };
    let base = public_url.trim_end_matches('/');
    Ok(Sheet {
        kind: DocKind::Invoice,
        id,
        customer_id: head.customer_id,
        locale,
        title: m(Msg::DocInvoiceTitle),
        number,
        seller,
        seller_pkp,
        buyer_label: m(Msg::DocBillTo),
        buyer,
        facts,
        columns: Columns::Full,
        taxed: head.taxed,
        lines,
        totals,
        in_words: None,
        notes,
        bank_accounts: if open {
            issuer.bank_accounts
        } else {
            Vec::new()
        },
        pay_url: open.then(|| format!("{base}/portal/pay?invoice={id}")),
        logo: issuer.logo,
        stamp,
    })
}

fn method_label(locale: Locale, method: &str) -> String {
    let msg = match method {
        "cash" => Msg::PaymentCash,
        "bank_transfer" => Msg::PaymentBankTransfer,
        "midtrans" => Msg::PaymentMidtrans,
        "tripay" => Msg::PaymentTripay,
        other => return other.to_owned(),
    };
    msg.text(locale).to_owned()
}

async fn receipt(conn: &mut PgConnection, id: i64) -> ServiceResult<Sheet> {
    let payment = sqlx::query!(
        r#"SELECT number, customer_id, method, amount, received_on, reference, status,
                  reversal_reason
           FROM payments WHERE id = $1"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    // What the payment settled, as matched in the ledger now (the rest is credit).
    let settled = sqlx::query!(
        r#"SELECT i.number AS "number?", SUM(a.amount)::bigint AS "amount!"
           FROM ledger_entries pe
           JOIN ledger_allocations a ON a.credit_id = pe.id AND a.released_at IS NULL
           JOIN ledger_entries de ON de.id = a.debit_id
           LEFT JOIN invoices i ON i.id = de.invoice_id
           WHERE pe.payment_id = $1 AND pe.kind = 'payment'
           GROUP BY i.number, de.id ORDER BY de.id"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let issuer = issuer(conn).await?;
    let customer = customer(conn, payment.customer_id).await?;
    let locale = customer.locale;
    let m = |msg: Msg| msg.text(locale).to_owned();
    let mut facts = vec![
        (m(Msg::ReceiptNumber), payment.number.clone()),
        (m(Msg::PaymentDate), date(locale, payment.received_on)),
        (
            m(Msg::PaymentMethodLabel),
            method_label(locale, &payment.method),
        ),
    ];
    if !payment.reference.is_empty() {
        facts.push((m(Msg::PaymentReference), payment.reference.clone()));
    }
    facts.push((m(Msg::DocCustomerCode), customer.code));

    let reversed = payment.status == "reversed";
    let mut lines: Vec<SheetLine> = settled
        .iter()
        .map(|s| SheetLine {
            description: match &s.number {
                Some(number) => format!("{} {number}", m(Msg::DocPaymentOf)),
                None => m(Msg::DocOtherCharge),
            },
            total: s.amount,
            ..SheetLine::default()
        })
        .collect();
    let applied: i64 = settled.iter().map(|s| s.amount).sum();
    if !reversed && applied < payment.amount {
        lines.push(SheetLine {
            description: m(Msg::DocKeptAsCredit),
            total: payment.amount - applied,
            ..SheetLine::default()
        });
    }
    let mut notes = Vec::new();
    if reversed {
        let reason = payment.reversal_reason.unwrap_or_default();
        notes.push(format!("{}: {reason}", m(Msg::DocReversedBecause)));
    }
    if payment.amount > E_METERAI_ABOVE {
        notes.push(m(Msg::DocEMeterai));
    }
    notes.push(m(Msg::DocElectronic));
    Ok(Sheet {
        kind: DocKind::Receipt,
        id,
        customer_id: payment.customer_id,
        locale,
        title: m(Msg::DocReceiptTitle),
        number: payment.number,
        seller: issuer.party,
        seller_pkp: issuer.pkp,
        buyer_label: m(Msg::DocReceivedFrom),
        buyer: customer.party,
        facts,
        columns: Columns::Simple,
        taxed: false,
        lines,
        totals: vec![TotalRow {
            label: m(Msg::DocAmountReceived),
            amount: payment.amount,
            strong: true,
        }],
        in_words: Some(amount_in_words(locale, payment.amount)),
        notes,
        bank_accounts: Vec::new(),
        pay_url: None,
        logo: issuer.logo,
        stamp: reversed.then(|| m(Msg::DocStampCancelled)),
    })
}

async fn credit_note(conn: &mut PgConnection, id: i64) -> ServiceResult<Sheet> {
    let note = sqlx::query!(
        r#"SELECT cn.number, cn.customer_id, cn.invoice_id, cn.amount, cn.dpp, cn.ppn, cn.reason,
                  cn.created_at, i.number AS "invoice_number?", i.taxed, i.tax_rate_bp,
                  i.language, i.buyer, i.seller
           FROM credit_notes cn JOIN invoices i ON i.id = cn.invoice_id WHERE cn.id = $1"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let lines = sheet_lines(conn, note.invoice_id).await?;
    let issuer = issuer(conn).await?;
    let customer = customer(conn, note.customer_id).await?;
    let locale = Locale::from_code(&note.language).unwrap_or(customer.locale);
    let m = |msg: Msg| msg.text(locale).to_owned();
    let issued_on = crate::format::TimeZone::AsiaJakarta
        .offset()
        .from_utc_datetime(&note.created_at.naive_utc())
        .date_naive();
    let invoice_number = note.invoice_number.unwrap_or_default();
    let facts = vec![
        (m(Msg::InvoiceNumber), note.number.clone()),
        (m(Msg::DocDate), date(locale, issued_on)),
        (m(Msg::DocCancelsInvoice), invoice_number),
        (m(Msg::DocCustomerCode), customer.code),
    ];
    let mut totals = Vec::new();
    if note.taxed {
        totals.push(TotalRow {
            label: m(Msg::DocDpp),
            amount: note.dpp,
            strong: false,
        });
        totals.push(TotalRow {
            label: tax_label(locale, note.tax_rate_bp),
            amount: note.ppn,
            strong: false,
        });
    }
    totals.push(TotalRow {
        label: m(Msg::DocAmountCredited),
        amount: note.amount,
        strong: true,
    });
    let seller_pkp = note
        .seller
        .as_ref()
        .and_then(|s| s.get("pkp"))
        .and_then(Value::as_bool)
        .unwrap_or(issuer.pkp);
    Ok(Sheet {
        kind: DocKind::CreditNote,
        id,
        customer_id: note.customer_id,
        locale,
        title: m(Msg::DocCreditNoteTitle),
        number: note.number,
        seller: party_from(note.seller.as_ref(), issuer.party),
        seller_pkp,
        buyer_label: m(Msg::DocBillTo),
        buyer: party_from(note.buyer.as_ref(), customer.party),
        facts,
        columns: Columns::Full,
        taxed: note.taxed,
        lines,
        totals,
        in_words: None,
        notes: vec![
            format!("{}: {}", m(Msg::DocReason), note.reason),
            m(Msg::DocElectronic),
        ],
        bank_accounts: Vec::new(),
        pay_url: None,
        logo: issuer.logo,
        stamp: None,
    })
}

/// The lines of an invoice as printed (a credit note prints the lines it cancels).
async fn sheet_lines(conn: &mut PgConnection, invoice_id: i64) -> ServiceResult<Vec<SheetLine>> {
    Ok(sqlx::query!(
        r#"SELECT description, quantity, unit_price, discount, dpp, ppn, total
           FROM invoice_lines WHERE invoice_id = $1 ORDER BY position"#,
        invoice_id
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|l| SheetLine {
        description: l.description,
        quantity: i64::from(l.quantity),
        unit_price: l.unit_price,
        discount: l.discount,
        dpp: l.dpp,
        ppn: l.ppn,
        total: l.total,
    })
    .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tax_labels_show_the_rate_as_printed() {
        assert_eq!(tax_label(Locale::Id, 1200), "PPN 12 %");
        assert_eq!(tax_label(Locale::En, 1100), "VAT 11 %");
        assert_eq!(tax_label(Locale::Id, 1150), "PPN 11,5 %");
    }

    #[test]
    fn snapshots_win_over_todays_values_but_fill_gaps_from_them() {
        let today = Party {
            name: "Now".into(),
            address: "New address".into(),
            phone: "+62 1".into(),
            ..Party::default()
        };
        let snapshot = serde_json::json!({"name": "Then", "address": "Old address"});
        let party = party_from(Some(&snapshot), today.clone());
        assert_eq!(party.name, "Then");
        assert_eq!(party.address, "Old address");
        assert_eq!(party.phone, "+62 1");
        assert_eq!(party_from(None, today.clone()), today);
        assert_eq!(party_from(Some(&Value::Null), today.clone()), today);
    }
}
