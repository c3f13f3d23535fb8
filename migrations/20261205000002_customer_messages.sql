-- Messages to customers over WhatsApp and email: the channels' settings (secrets sealed),
-- editable templates per event and language, and a durable queue that doubles as the
-- delivery log. Messages are queued in the transaction of what caused them (a payment, an
-- isolation) and sent afterwards, so a failing gateway never blocks or rolls anything back.

CREATE TABLE messaging_settings (
    id                smallint    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    -- none, Fonnte's API, or one URL template with [number] and [text] (Wablas, self-hosted)
    whatsapp_provider text        NOT NULL DEFAULT 'none'
                      CHECK (whatsapp_provider IN ('none', 'fonnte', 'url_template')),
    fonnte_url        text        NOT NULL DEFAULT 'https://api.fonnte.com/send'
                      CHECK (length(fonnte_url) <= 300),
    -- sealed ('messaging.whatsapp_token'): Fonnte's token, or the template's Authorization
    whatsapp_token    bytea,
    template_method   text        NOT NULL DEFAULT 'GET' CHECK (template_method IN ('GET', 'POST')),
    template_url      text        NOT NULL DEFAULT '' CHECK (length(template_url) <= 500),
    -- POST only: form fields (a=b&c=[text]) or JSON ({"phone":"[number]"}); empty: none
    template_body     text        NOT NULL DEFAULT '' CHECK (length(template_body) <= 1000),
    email_enabled     boolean     NOT NULL DEFAULT false,
    smtp_host         text        NOT NULL DEFAULT '' CHECK (length(smtp_host) <= 200),
    smtp_port         integer     NOT NULL DEFAULT 587 CHECK (smtp_port BETWEEN 1 AND 65535),
    smtp_security     text        NOT NULL DEFAULT 'starttls'
                      CHECK (smtp_security IN ('none', 'starttls', 'tls')),
    smtp_username     text        NOT NULL DEFAULT '' CHECK (length(smtp_username) <= 200),
    -- sealed ('messaging.smtp_password')
    smtp_password     bytea,
    email_from        text        NOT NULL DEFAULT '' CHECK (length(email_from) <= 254),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
INSERT INTO messaging_settings DEFAULT VALUES;

-- One template per event and language; the email uses the subject, WhatsApp the body only.
CREATE TABLE message_templates (
    event      text        NOT NULL CHECK (event IN
               ('invoice_issued', 'reminder', 'payment_received', 'isolated', 'restored')),
    locale     text        NOT NULL CHECK (locale IN ('id', 'en')),
    subject    text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    body       text        NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by bigint      REFERENCES users (id),
    PRIMARY KEY (event, locale)
);
INSERT INTO message_templates (event, locale, subject, body) VALUES
 ('invoice_issued', 'id', 'Tagihan {invoice_number} dari {isp_name}',
  E'Halo {name},\n\ntagihan internet Anda {invoice_number} ({period}) sebesar {amount} sudah terbit, jatuh tempo {due_date}.\nLihat dan bayar: {link}\n\nTerima kasih,\n{isp_name}'),
 ('invoice_issued', 'en', 'Invoice {invoice_number} from {isp_name}',
  E'Hello {name},\n\nyour internet invoice {invoice_number} ({period}) for {amount} has been issued, due {due_date}.\nView and pay: {link}\n\nThank you,\n{isp_name}'),
 ('reminder', 'id', 'Pengingat tagihan {invoice_number}',
  E'Halo {name},\n\nmengingatkan tagihan {invoice_number} sebesar {amount}, jatuh tempo {due_date}.\nBayar di: {link}\nAbaikan pesan ini bila sudah membayar.\n\n{isp_name}'),
 ('reminder', 'en', 'Reminder: invoice {invoice_number}',
  E'Hello {name},\n\na reminder of invoice {invoice_number} for {amount}, due {due_date}.\nPay at: {link}\nPlease ignore this message if you have paid.\n\n{isp_name}'),
 ('payment_received', 'id', 'Pembayaran diterima: {receipt_number}',
  E'Halo {name},\n\npembayaran Anda sebesar {amount} sudah kami terima. Nomor kuitansi: {receipt_number}.\nKuitansi: {link}\n\nTerima kasih,\n{isp_name}'),
 ('payment_received', 'en', 'Payment received: {receipt_number}',
  E'Hello {name},\n\nwe have received your payment of {amount}. Receipt number: {receipt_number}.\nReceipt: {link}\n\nThank you,\n{isp_name}'),
 ('isolated', 'id', 'Layanan internet Anda diisolir',
  E'Halo {name},\n\nlayanan internet Anda diisolir karena tagihan {period} belum dibayar ({amount}).\nBayar sekarang dan layanan pulih dalam beberapa detik: {link}\n\n{isp_name}'),
 ('isolated', 'en', 'Your internet service is suspended',
  E'Hello {name},\n\nyour internet service is suspended because the invoice for {period} is unpaid ({amount}).\nPay now and the service is back within seconds: {link}\n\n{isp_name}'),
 ('restored', 'id', 'Layanan internet Anda aktif kembali',
  E'Halo {name},\n\nterima kasih, layanan internet Anda sudah aktif kembali.\n\n{isp_name}'),
 ('restored', 'en', 'Your internet service is back',
  E'Hello {name},\n\nthank you, your internet service is active again.\n\n{isp_name}');

-- The queue and the delivery log: one row per message and channel. Subject and body are
-- written when the message is sent (from the template then in force) and kept as sent.
CREATE TABLE customer_messages (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id     bigint      NOT NULL REFERENCES customers (id),
    event           text        NOT NULL CHECK (event IN
                    ('invoice_issued', 'reminder', 'payment_received', 'isolated', 'restored')),
    channel         text        NOT NULL CHECK (channel IN ('whatsapp', 'email')),
    recipient       text        NOT NULL CHECK (length(recipient) BETWEEN 1 AND 254),
    locale          text        NOT NULL CHECK (locale IN ('id', 'en')),
    -- the template's placeholders, as known when the message was queued
    vars            jsonb       NOT NULL DEFAULT '{}',
    subject         text        NOT NULL DEFAULT '' CHECK (length(subject) <= 300),
    body            text        NOT NULL DEFAULT '' CHECK (length(body) <= 4000),
    status          text        NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'sent', 'failed', 'cancelled')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text        CHECK (length(last_error) <= 500),
    provider_ref    text        CHECK (length(provider_ref) <= 200),
    -- one receipt per payment and channel, one reminder per invoice, offset and channel …
    dedupe_key      text        UNIQUE CHECK (length(dedupe_key) <= 200),
    invoice_id      bigint      REFERENCES invoices (id),
    payment_id      bigint      REFERENCES payments (id),
    created_by      bigint      REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    CONSTRAINT customer_messages_sent_when CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX customer_messages_due_idx ON customer_messages (next_attempt_at) WHERE status = 'queued';
CREATE INDEX customer_messages_customer_idx ON customer_messages (customer_id, id DESC);
CREATE INDEX customer_messages_list_idx ON customer_messages (id DESC);
