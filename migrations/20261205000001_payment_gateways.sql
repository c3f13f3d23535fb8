-- Online payments through Midtrans and Tripay: gateway settings, one row per payment
-- attempt, every notification/poll answer as received, and refunds as their own entries.

-- Gateway configuration. Keys are sealed (AES-256-GCM, purpose-bound) like router passwords;
-- environment variables override each field (see payments/server/gateways.rs).
ALTER TABLE billing_settings
    ADD COLUMN midtrans_enabled     boolean NOT NULL DEFAULT false,
    ADD COLUMN midtrans_server_key  bytea,
    ADD COLUMN midtrans_snap_url    text    NOT NULL DEFAULT 'https://app.sandbox.midtrans.com/snap/v1'
                                    CHECK (length(midtrans_snap_url) <= 300),
    ADD COLUMN midtrans_api_url     text    NOT NULL DEFAULT 'https://api.sandbox.midtrans.com/v2'
                                    CHECK (length(midtrans_api_url) <= 300),
    ADD COLUMN tripay_enabled       boolean NOT NULL DEFAULT false,
    ADD COLUMN tripay_api_key       bytea,
    ADD COLUMN tripay_private_key   bytea,
    ADD COLUMN tripay_merchant_code text    NOT NULL DEFAULT '' CHECK (length(tripay_merchant_code) <= 40),
    ADD COLUMN tripay_url           text    NOT NULL DEFAULT 'https://tripay.co.id/api-sandbox'
                                    CHECK (length(tripay_url) <= 300),
    -- how long a customer has to pay an attempt
    ADD COLUMN payment_expiry_minutes integer NOT NULL DEFAULT 1440
                                    CHECK (payment_expiry_minutes BETWEEN 15 AND 10080);

-- One try at paying online. Each has its own order id (Midtrans order_id, Tripay
-- merchant_ref): a gateway refuses a reused one, and a retry after expiry is a new attempt.
CREATE TABLE payment_attempts (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id          text        NOT NULL UNIQUE CHECK (length(order_id) <= 50),
    gateway           text        NOT NULL CHECK (gateway IN ('midtrans', 'tripay')),
    -- Tripay method code (BRIVA, QRIS, …); Midtrans payment_type once the customer picks one
    channel           text        NOT NULL DEFAULT '' CHECK (length(channel) <= 40),
    channel_name      text        NOT NULL DEFAULT '' CHECK (length(channel_name) <= 100),
    customer_id       bigint      NOT NULL REFERENCES customers (id),
    -- the invoices it pays first (empty: the whole balance, oldest first)
    invoice_ids       bigint[]    NOT NULL DEFAULT '{}',
    -- what reaches the ledger, and what the gateway must report (amount + customer fee)
    amount            bigint      NOT NULL CHECK (amount > 0),
    fee_customer      bigint      NOT NULL DEFAULT 0 CHECK (fee_customer >= 0),
    gross_amount      bigint      NOT NULL CHECK (gross_amount >= amount),
    -- creating: the gateway has not answered yet; held: waiting for finance
    status            text        NOT NULL DEFAULT 'creating' CHECK (status IN
                      ('creating', 'pending', 'paid', 'expired', 'failed', 'held', 'refunded')),
    -- Tripay reference or Midtrans transaction_id
    gateway_reference text        CHECK (length(gateway_reference) <= 100),
    -- Snap page or Tripay checkout page
    redirect_url      text        CHECK (length(redirect_url) <= 1000),
    pay_code          text        CHECK (length(pay_code) <= 100),
    qr_string         text        CHECK (length(qr_string) <= 2000),
    instructions      jsonb       NOT NULL DEFAULT '[]',
    expires_at        timestamptz NOT NULL,
    -- why it is held or failed, for finance (amount_mismatch, challenge, gateway error)
    problem           text        CHECK (length(problem) <= 500),
    -- what the gateway reported when it differed from gross_amount
    reported_amount   bigint,
    payment_id        bigint      UNIQUE REFERENCES payments (id),
    paid_at           timestamptz,
    resolved_by       bigint      REFERENCES users (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    -- the poller asks the gateway when this passes
    next_check_at     timestamptz,
    checked_at        timestamptz,
    checks            integer     NOT NULL DEFAULT 0,
    CONSTRAINT payment_attempts_paid_has_payment CHECK (
        (status IN ('paid', 'refunded')) = (payment_id IS NOT NULL))
);
CREATE INDEX payment_attempts_customer_idx ON payment_attempts (customer_id, id DESC);
CREATE INDEX payment_attempts_created_idx ON payment_attempts (created_at, id);
CREATE INDEX payment_attempts_check_idx ON payment_attempts (next_check_at)
    WHERE status IN ('creating', 'pending', 'held');
CREATE UNIQUE INDEX payment_attempts_reference_key ON payment_attempts (gateway, gateway_reference)
    WHERE gateway_reference IS NOT NULL;

-- Every notification, callback and poll answer, as received, with what Simpul did with it.
-- Forged and malformed ones are kept too: they are evidence.
CREATE TABLE gateway_events (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    gateway        text        NOT NULL CHECK (gateway IN ('midtrans', 'tripay')),
    source         text        NOT NULL CHECK (source IN ('webhook', 'poll')),
    attempt_id     bigint      REFERENCES payment_attempts (id),
    order_id       text        CHECK (length(order_id) <= 200),
    gateway_status text        CHECK (length(gateway_status) <= 40),
    amount         bigint,
    verified       boolean     NOT NULL,
    -- credited, duplicate, stale, held, refunded, expired, pending, rejected, unknown_order …
    outcome        text        NOT NULL CHECK (length(outcome) <= 40),
    detail         text        NOT NULL DEFAULT '' CHECK (length(detail) <= 500),
    body           text        NOT NULL DEFAULT '' CHECK (length(body) <= 16384),
    remote_addr    text        CHECK (length(remote_addr) <= 100),
    received_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gateway_events_attempt_idx ON gateway_events (attempt_id, id);
CREATE INDEX gateway_events_received_idx ON gateway_events (received_at, id);

-- Money a gateway gave back (refund, chargeback), once per gateway report.
CREATE TABLE payment_refunds (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    attempt_id  bigint      NOT NULL REFERENCES payment_attempts (id),
    payment_id  bigint      NOT NULL REFERENCES payments (id),
    amount      bigint      NOT NULL CHECK (amount > 0),
    kind        text        NOT NULL CHECK (kind IN ('refund', 'chargeback')),
    -- what the gateway reported, so a repeated report adds nothing
    gateway_key text        NOT NULL CHECK (length(gateway_key) <= 200),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (attempt_id, gateway_key)
);

ALTER TABLE ledger_entries ADD COLUMN refund_id bigint UNIQUE REFERENCES payment_refunds (id);
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN
    ('invoice', 'payment', 'credit_note', 'payment_reversal', 'adjustment', 'refund'));

ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check
    CHECK (status IN ('completed', 'reversed', 'refunded'));
ALTER TABLE payments DROP CONSTRAINT payments_reversal_complete;
ALTER TABLE payments ADD CONSTRAINT payments_reversal_complete
    CHECK ((status = 'completed') = (reversed_at IS NULL));
