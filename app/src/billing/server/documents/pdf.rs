//! A [`Sheet`] drawn on A4 with docpdf: letterhead, buyer and facts, the lines (continued
//! on further pages with their header repeated), totals, payment instructions with a QR
//! code to the pay page, notes, and a page footer.

use super::{grouped, Columns, Sheet};
use crate::i18n::Msg;
use docpdf::{Color, Document, Page, TextStyle, Weight, A4_HEIGHT, A4_WIDTH};

const LEFT: f32 = 18.0;
const RIGHT: f32 = A4_WIDTH - 18.0;
const WIDTH: f32 = RIGHT - LEFT;
/// Content stops here; the footer sits below.
const BOTTOM: f32 = A4_HEIGHT - 22.0;
const FACTS_LEFT: f32 = 118.0;

const GRAY: Color = Color(100, 100, 100);
const RULE: Color = Color(200, 200, 200);
const HEAD_FILL: Color = Color(238, 241, 245);
const GREEN: Color = Color(22, 128, 61);
const RED: Color = Color(185, 28, 28);

fn regular(size: f32) -> TextStyle {
    TextStyle::new(Weight::Regular, size)
}

fn bold(size: f32) -> TextStyle {
    TextStyle::new(Weight::Bold, size)
}

/// A column of the lines table: header, width, and how a line fills it.
struct Column {
    header: String,
    width: f32,
    value: fn(&super::SheetLine) -> String,
}

fn columns(sheet: &Sheet) -> Vec<Column> {
    let m = |msg: Msg| msg.text(sheet.locale).to_owned();
    let description = |width| Column {
        header: m(Msg::InvoiceLineDescription),
        width,
        value: |l| l.description.clone(),
    };
    let total = |width| Column {
        header: m(Msg::InvoiceTotal),
        width,
        value: |l| grouped(l.total),
    };
    let quantity = |width| Column {
        header: m(Msg::InvoiceQuantity),
        width,
        value: |l| l.quantity.to_string(),
    };
    let price = |width| Column {
        header: m(Msg::InvoiceUnitPrice),
        width,
        value: |l| grouped(l.unit_price),
    };
    let discount = |width| Column {
        header: m(Msg::DocDiscount),
        width,
        value: |l| {
            if l.discount == 0 {
                "–".into()
            } else {
                grouped(l.discount)
            }
        },
    };
    match (sheet.columns, sheet.taxed) {
        (Columns::Simple, _) => vec![description(140.0), total(34.0)],
        (Columns::Full, false) => vec![
            description(84.0),
            quantity(12.0),
            price(26.0),
            discount(24.0),
            total(28.0),
        ],
        (Columns::Full, true) => vec![
            description(56.0),
            quantity(10.0),
            price(24.0),
            discount(19.0),
            Column {
                header: m(Msg::DocDpp),
                width: 22.0,
                value: |l| grouped(l.dpp),
            },
            Column {
                header: m(Msg::DocPpn),
                width: 19.0,
                value: |l| grouped(l.ppn),
            },
            total(24.0),
        ],
    }
}

/// Where drawing has got to.
struct Layout {
    pages: Vec<Page>,
    y: f32,
}

impl Layout {
    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a layout always has a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Page::new());
        self.y = 20.0;
    }

    /// Starts a new page unless `height` still fits on this one.
    fn room_for(&mut self, height: f32) -> bool {
        if self.y + height > BOTTOM {
            self.new_page();
            return false;
        }
        true
    }
}

fn letterhead(doc: &mut Document, layout: &mut Layout, sheet: &Sheet) {
    let mut x = LEFT;
    let mut bottom: f32 = 14.0;
    if let Some(bytes) = &sheet.logo {
        // A logo that no longer decodes is left out rather than failing the document.
        if let Ok((id, w, h)) = doc.add_image(bytes) {
            let scale = (40.0 / w as f32).min(18.0 / h as f32);
            let (width, height) = (w as f32 * scale, h as f32 * scale);
            layout.page().image(id, LEFT, 14.0, width, height);
            x = LEFT + width + 5.0;
            bottom = bottom.max(14.0 + height);
        }
    }
    let page = layout.page();
    let mut y = 18.0;
    let seller = &sheet.seller;
    for line in docpdf::wrap(Weight::Bold, 11.0, &seller.name, FACTS_LEFT - 4.0 - x) {
        page.text(x, y, bold(11.0), &line);
        y += 5.0;
    }
    for line in docpdf::wrap(Weight::Regular, 8.5, &seller.address, FACTS_LEFT - 4.0 - x) {
        page.text(x, y, regular(8.5).color(GRAY), &line);
        y += 3.8;
    }
    if !seller.npwp.is_empty() {
        let label = Msg::DocNpwp.text(sheet.locale);
        page.text(
            x,
            y,
            regular(8.5).color(GRAY),
            &format!("{label} {}", seller.npwp),
        );
        y += 3.8;
    }
    let contact: Vec<&str> = [seller.phone.as_str(), seller.email.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !contact.is_empty() {
        page.text(x, y, regular(8.5).color(GRAY), &contact.join(" · "));
        y += 3.8;
    }
    page.text_right(RIGHT, 22.0, bold(20.0), &sheet.title);
    page.text_right(RIGHT, 28.0, regular(10.0), &sheet.number);
    let mut right_bottom: f32 = 30.0;
    if let Some(stamp) = &sheet.stamp {
        let color = if sheet.pay_url.is_none() && stamp == Msg::DocStampPaid.text(sheet.locale) {
            GREEN
        } else {
            RED
        };
        let style = bold(12.0).color(color);
        let width = style.width(stamp) + 8.0;
        page.stroke_rect(RIGHT - width, 32.0, width, 9.0, color, 0.6);
        page.text_center(RIGHT - width / 2.0, 38.6, style, stamp);
        right_bottom = 43.0;
    }
    layout.y = y.max(bottom).max(right_bottom) + 3.0;
    let y = layout.y;
    layout.page().line((LEFT, y), (RIGHT, y), RULE, 0.3);
    layout.y += 7.0;
}

fn parties(layout: &mut Layout, sheet: &Sheet) {
    let top = layout.y;
    let page = layout.page();
    let mut y = top;
    page.text(LEFT, y, regular(8.0).color(GRAY), &sheet.buyer_label);
    y += 5.0;
    let width = FACTS_LEFT - LEFT - 8.0;
    for line in docpdf::wrap(Weight::Bold, 10.0, &sheet.buyer.name, width) {
        page.text(LEFT, y, bold(10.0), &line);
        y += 4.6;
    }
    for line in docpdf::wrap(Weight::Regular, 9.0, &sheet.buyer.address, width) {
        page.text(LEFT, y, regular(9.0), &line);
        y += 4.0;
    }
    // Faktur fields: the buyer's NPWP, or the NIK of a buyer without one.
    if sheet.seller_pkp {
        let (label, value) = if !sheet.buyer.npwp.is_empty() {
            (Msg::DocNpwp, &sheet.buyer.npwp)
        } else {
            (Msg::DocNik, &sheet.buyer.nik)
        };
        if !value.is_empty() {
            page.text(
                LEFT,
                y,
                regular(9.0),
                &format!("{}: {value}", label.text(sheet.locale)),
            );
            y += 4.0;
        }
    }
    let mut facts_y = top;
    for (label, value) in &sheet.facts {
        page.text(FACTS_LEFT, facts_y, regular(8.5).color(GRAY), label);
        page.text_right(RIGHT, facts_y, bold(8.5), value);
        facts_y += 5.0;
    }
    layout.y = y.max(facts_y) + 5.0;
}

fn table_header(layout: &mut Layout, columns: &[Column]) {
    let y = layout.y;
    let page = layout.page();
    page.fill_rect(LEFT, y, WIDTH, 7.0, HEAD_FILL);
    let mut x = LEFT;
    for (index, column) in columns.iter().enumerate() {
        if index == 0 {
            page.text(x + 1.5, y + 4.8, bold(8.0), &column.header);
        } else {
            page.text_right(x + column.width - 1.5, y + 4.8, bold(8.0), &column.header);
        }
        x += column.width;
    }
    layout.y += 7.0;
}

fn lines_table(layout: &mut Layout, sheet: &Sheet) {
    let columns = columns(sheet);
    let note = Msg::DocAmountsInRupiah.text(sheet.locale);
    let y = layout.y - 1.5;
    layout
        .page()
        .text_right(RIGHT, y, regular(7.5).color(GRAY), note);
    table_header(layout, &columns);
    for line in &sheet.lines {
        let wrapped = docpdf::wrap(
            Weight::Regular,
            8.5,
            &(columns[0].value)(line),
            columns[0].width - 3.0,
        );
        let height = wrapped.len() as f32 * 3.9 + 3.2;
        if !layout.room_for(height) {
            table_header(layout, &columns);
        }
        let top = layout.y;
        let page = layout.page();
        for (i, text) in wrapped.iter().enumerate() {
            page.text(LEFT + 1.5, top + 4.4 + i as f32 * 3.9, regular(8.5), text);
        }
        let mut x = LEFT + columns[0].width;
        for column in &columns[1..] {
            page.text_right(
                x + column.width - 1.5,
                top + 4.4,
                regular(8.5),
                &(column.value)(line),
            );
            x += column.width;
        }
        page.line((LEFT, top + height), (RIGHT, top + height), RULE, 0.2);
        layout.y += height;
    }
    layout.y += 4.0;
}

fn totals(layout: &mut Layout, sheet: &Sheet) {
    layout.room_for(sheet.totals.len() as f32 * 5.5 + 2.0);
    for row in &sheet.totals {
        let y = layout.y + 4.0;
        let page = layout.page();
        let style = if row.strong { bold(9.5) } else { regular(9.0) };
        if row.strong {
            page.line((FACTS_LEFT, y - 4.2), (RIGHT, y - 4.2), RULE, 0.3);
        }
        page.text(FACTS_LEFT, y, style, &row.label);
        page.text_right(RIGHT, y, style, &crate::format::rupiah(row.amount));
        layout.y += 5.5;
    }
    layout.y += 3.0;
}

fn in_words(layout: &mut Layout, sheet: &Sheet) {
    let Some(words) = &sheet.in_words else {
        return;
    };
    let label = format!("{}:", Msg::DocInWords.text(sheet.locale));
    let indent = bold(9.0).width(&label) + 2.0;
    let wrapped = docpdf::wrap(Weight::Regular, 9.0, words, WIDTH - indent - 6.0);
    let height = wrapped.len() as f32 * 4.2 + 4.0;
    layout.room_for(height);
    let top = layout.y;
    let page = layout.page();
    page.fill_rect(LEFT, top, WIDTH, height, HEAD_FILL);
    page.text(LEFT + 3.0, top + 5.2, bold(9.0), &label);
    for (i, line) in wrapped.iter().enumerate() {
        page.text(
            LEFT + 3.0 + indent,
            top + 5.2 + i as f32 * 4.2,
            regular(9.0),
            line,
        );
    }
    layout.y += height + 5.0;
}

/// Bank accounts on the left, the QR code to the pay page on the right.
fn how_to_pay(layout: &mut Layout, sheet: &Sheet) {
    if sheet.bank_accounts.is_empty() && sheet.pay_url.is_none() {
        return;
    }
    let qr_size = 30.0;
    layout.room_for(qr_size + 8.0);
    let top = layout.y;
    let page = layout.page();
    let mut y = top + 3.0;
    if !sheet.bank_accounts.is_empty() {
        page.text(LEFT, y, bold(9.0), Msg::DocPayByTransfer.text(sheet.locale));
        y += 5.0;
        for account in &sheet.bank_accounts {
            page.text(
                LEFT,
                y,
                regular(9.0),
                &format!(
                    "{} {} a.n. {}",
                    account.bank, account.number, account.holder
                ),
            );
            y += 4.5;
        }
    }
    let mut bottom = y;
    if let Some(url) = &sheet.pay_url {
        let x = RIGHT - qr_size;
        if page.qr(url, x, top, qr_size) {
            let caption = Msg::DocScanToPay.text(sheet.locale);
            page.text_center(x + qr_size / 2.0, top + qr_size + 3.5, bold(8.0), caption);
            bottom = bottom.max(top + qr_size + 5.0);
        }
    }
    layout.y = bottom + 4.0;
}

fn notes(layout: &mut Layout, sheet: &Sheet) {
    for note in &sheet.notes {
        let wrapped = docpdf::wrap(Weight::Regular, 8.0, note, WIDTH);
        layout.room_for(wrapped.len() as f32 * 3.8 + 1.5);
        for line in wrapped {
            let y = layout.y;
            layout.page().text(LEFT, y, regular(8.0).color(GRAY), &line);
            layout.y += 3.8;
        }
        layout.y += 1.5;
    }
}

fn footers(pages: &mut [Page], sheet: &Sheet) {
    let count = pages.len();
    let (page_label, of) = (
        Msg::DocPage.text(sheet.locale),
        Msg::DocOf.text(sheet.locale),
    );
    for (index, page) in pages.iter_mut().enumerate() {
        let y = A4_HEIGHT - 12.0;
        page.line((LEFT, y - 4.0), (RIGHT, y - 4.0), RULE, 0.2);
        page.text(
            LEFT,
            y,
            regular(7.5).color(GRAY),
            &format!("{} {}", sheet.title, sheet.number),
        );
        page.text_right(
            RIGHT,
            y,
            regular(7.5).color(GRAY),
            &format!("{page_label} {} {of} {count}", index + 1),
        );
    }
}

/// The document as a PDF file.
pub fn render(sheet: &Sheet) -> Vec<u8> {
    let title = format!("{} {}", sheet.title, sheet.number);
    let mut doc = Document::new(&title, sheet.locale.code()).author(&sheet.seller.name);
    let mut layout = Layout {
        pages: vec![Page::new()],
        y: 0.0,
    };
    letterhead(&mut doc, &mut layout, sheet);
    parties(&mut layout, sheet);
    lines_table(&mut layout, sheet);
    totals(&mut layout, sheet);
    in_words(&mut layout, sheet);
    how_to_pay(&mut layout, sheet);
    notes(&mut layout, sheet);
    footers(&mut layout.pages, sheet);
    for page in layout.pages {
        doc.push(page);
    }
    doc.render()
}

#[cfg(test)]
mod tests {
    use super::super::tests::invoice_sheet;
    use super::super::SheetLine;
    use super::*;
    use docpdf::inspect::{all_text, page_texts};

    #[test]
    fn an_invoice_prints_its_faktur_fields_lines_totals_and_pay_code() {
        let text = all_text(&render(&invoice_sheet())).unwrap();
        for expected in [
            "TAGIHAN",
            "INV/2026/12/000123",
            "PT Simpul Jaringan Nusantara",
            "NPWP 0123456789012345",
            "Budi Santoso",
            "NIK: 3273010101900001",
            "166.500",
            "Rp 66.500",
            "BCA 1234567890 a.n. PT Simpul Jaringan Nusantara",
            "Pindai untuk membayar",
            "Halaman 1 dari 1",
        ] {
            assert!(text.contains(expected), "{expected} missing from:\n{text}");
        }
        // The long description wraps inside its column rather than running over numbers.
        assert!(text.contains("Internet Rumah 20 Mbps"));
    }

    #[test]
    fn a_buyer_npwp_wins_over_the_nik_and_non_pkp_sellers_print_neither() {
        let mut sheet = invoice_sheet();
        sheet.buyer.npwp = "9876543210987654".into();
        let text = all_text(&render(&sheet)).unwrap();
        assert!(text.contains("NPWP: 9876543210987654"));
        assert!(!text.contains("NIK:"));
        sheet.seller_pkp = false;
        let text = all_text(&render(&sheet)).unwrap();
        assert!(!text.contains("NPWP: 9876543210987654") && !text.contains("NIK:"));
    }

    #[test]
    fn many_lines_continue_on_new_pages_with_the_header_repeated() {
        let mut sheet = invoice_sheet();
        sheet.lines = (1..=70)
            .map(|n| SheetLine {
                description: format!("Biaya {n}"),
                quantity: 1,
                unit_price: 1_000,
                total: 1_000,
                ..SheetLine::default()
            })
            .collect();
        let pages = page_texts(&render(&sheet)).unwrap();
        assert!(pages.len() >= 2, "{} pages", pages.len());
        let count = pages.len();
        for (index, texts) in pages.iter().enumerate() {
            assert!(texts.contains(&format!("Halaman {} dari {count}", index + 1)));
            assert!(
                texts.contains(&"Uraian".to_owned()),
                "header on page {}",
                index + 1
            );
        }
        let all: Vec<&String> = pages.iter().flatten().collect();
        for n in 1..=70 {
            assert!(all.contains(&&format!("Biaya {n}")), "line {n} printed");
        }
    }

    #[test]
    fn a_logo_is_embedded_and_a_broken_one_is_left_out() {
        let mut sheet = invoice_sheet();
        sheet.logo = Some(tiny_png());
        let pdf = render(&sheet);
        assert!(String::from_utf8_lossy(&pdf).contains("/Subtype /Image"));
        sheet.logo = Some(b"not an image".to_vec());
        let pdf = render(&sheet);
        assert!(!String::from_utf8_lossy(&pdf).contains("/Subtype /Image"));
        assert!(all_text(&pdf).unwrap().contains("TAGIHAN"));
    }

    fn tiny_png() -> Vec<u8> {
        // 1×1 opaque white PNG.
        vec![
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
            0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
            0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x78,
            0x9C, 0x63, 0xF8, 0xFF, 0xFF, 0x3F, 0x00, 0x05, 0xFE, 0x02, 0xFE, 0x0D, 0xEF, 0x46,
            0xB8, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
        ]
    }
}
