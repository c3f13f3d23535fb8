-- Documents: the ISP's logo printed on invoices, receipts and credit notes (PNG or JPEG,
-- checked on upload; small enough to keep in the settings row).
ALTER TABLE billing_settings
    ADD COLUMN logo            bytea CHECK (octet_length(logo) <= 524288),
    ADD COLUMN logo_type       text  CHECK (logo_type IN ('image/png', 'image/jpeg')),
    ADD COLUMN logo_updated_at timestamptz,
    ADD CONSTRAINT billing_settings_logo_typed CHECK ((logo IS NULL) = (logo_type IS NULL));

-- Messages carry the document itself: a signed link to the invoice or receipt PDF
-- ({pdf}). Only templates no admin has edited are changed.
UPDATE message_templates
   SET body = replace(body, 'Lihat dan bayar: {link}', E'Lihat dan bayar: {link}\nPDF tagihan: {pdf}')
 WHERE event = 'invoice_issued' AND locale = 'id' AND updated_by IS NULL;
UPDATE message_templates
   SET body = replace(body, 'View and pay: {link}', E'View and pay: {link}\nInvoice PDF: {pdf}')
 WHERE event = 'invoice_issued' AND locale = 'en' AND updated_by IS NULL;
UPDATE message_templates
   SET body = replace(body, 'Kuitansi: {link}', 'Kuitansi (PDF): {pdf}')
 WHERE event = 'payment_received' AND locale = 'id' AND updated_by IS NULL;
UPDATE message_templates
   SET body = replace(body, 'Receipt: {link}', 'Receipt (PDF): {pdf}')
 WHERE event = 'payment_received' AND locale = 'en' AND updated_by IS NULL;
