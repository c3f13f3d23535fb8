-- Billing: settings, tax rates, documents (invoices, credit notes, payments), the customer
-- ledger with open-item matching, one-time charges, billing runs, and isolation for unpaid
-- invoices (app/src/billing).

-- The ISP's identity on documents and its billing defaults. One row.
CREATE TABLE billing_settings (
    id               smallint    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    legal_name       text        NOT NULL DEFAULT '' CHECK (length(legal_name) <= 200),
    address          text        NOT NULL DEFAULT '' CHECK (length(address) <= 500),
    -- NPWP: 15 digits (old form) or 16 (NIK-based, since 2024); empty when unknown
    npwp             text        NOT NULL DEFAULT '' CHECK (npwp = '' OR npwp ~ '^[0-9]{15,16}$'),
    phone            text        NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
    email            text        NOT NULL DEFAULT '' CHECK (length(email) <= 254),
    -- [{"bank": "BCA", "number": "1234567890", "holder": "PT …"}]
    bank_accounts    jsonb       NOT NULL DEFAULT '[]',
    -- {YYYY} {YY} {MM} and {SEQ:n} (the yearly sequence, zero-padded to n digits)
    invoice_number_format     text NOT NULL DEFAULT 'INV/{YYYY}/{MM}/{SEQ:6}',
    receipt_number_format     text NOT NULL DEFAULT 'KW/{YYYY}/{MM}/{SEQ:6}',
    credit_note_number_format text NOT NULL DEFAULT 'CN/{YYYY}/{MM}/{SEQ:6}',
    -- Pengusaha Kena Pajak: charges PPN (tax_rates) on every invoice
    is_pkp           boolean     NOT NULL DEFAULT false,
    billing_mode     text        NOT NULL DEFAULT 'postpaid' CHECK (billing_mode IN ('postpaid', 'prepaid')),
    billing_day      smallint    NOT NULL DEFAULT 1 CHECK (billing_day BETWEEN 1 AND 28),
    due_days         smallint    NOT NULL DEFAULT 10 CHECK (due_days BETWEEN 0 AND 90),
    grace_days       smallint    NOT NULL DEFAULT 3 CHECK (grace_days BETWEEN 0 AND 90),
    late_fee         bigint      NOT NULL DEFAULT 0 CHECK (late_fee >= 0),
    reconnection_fee bigint      NOT NULL DEFAULT 0 CHECK (reconnection_fee >= 0),
    -- days relative to the due date (H-7 = -7, H+1 = 1)
    reminder_offsets smallint[]  NOT NULL DEFAULT '{-7,-3,-1,1}',
    -- issue the daily run's invoices at once instead of leaving a batch for finance
    auto_issue       boolean     NOT NULL DEFAULT false,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
INSERT INTO billing_settings DEFAULT VALUES;

-- PPN as data: the rate and the DPP fraction in force from a date (the invoice's issue date
-- picks the row). PMK 131/2024: 12 % on a DPP of 11/12 of the price from 2025.
CREATE TABLE tax_rates (
    effective_from  date     PRIMARY KEY,
    -- basis points: 1200 = 12 %
    rate_bp         integer  NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
    dpp_numerator   integer  NOT NULL CHECK (dpp_numerator > 0),
    dpp_denominator integer  NOT NULL CHECK (dpp_denominator >= dpp_numerator),
    note            text     NOT NULL DEFAULT ''
);
INSERT INTO tax_rates VALUES
    ('2022-04-01', 1100, 1, 1, 'UU HPP: PPN 11 %'),
    ('2025-01-01', 1200, 11, 12, 'PMK 131/2024: PPN 12 % x DPP nilai lain 11/12');

-- Per-customer overrides of the defaults (NULL = the ISP's default), the language of the
-- customer's documents, a buyer NPWP for the faktur, and a promise to pay (janji bayar).
ALTER TABLE customers
    ADD COLUMN billing_mode text CHECK (billing_mode IN ('postpaid', 'prepaid')),
    ADD COLUMN billing_day smallint CHECK (billing_day BETWEEN 1 AND 28),
    ADD COLUMN due_days smallint CHECK (due_days BETWEEN 0 AND 90),
    ADD COLUMN grace_days smallint CHECK (grace_days BETWEEN 0 AND 90),
    ADD COLUMN late_fee bigint CHECK (late_fee >= 0),
    ADD COLUMN reconnection_fee bigint CHECK (reconnection_fee >= 0),
    ADD COLUMN reminder_offsets smallint[],
    ADD COLUMN document_language text NOT NULL DEFAULT 'id' CHECK (document_language IN ('id', 'en')),
    ADD COLUMN npwp text NOT NULL DEFAULT '' CHECK (npwp = '' OR npwp ~ '^[0-9]{15,16}$'),
    ADD COLUMN promise_to_pay_until date;

ALTER TABLE plans
    ADD COLUMN price_includes_tax boolean NOT NULL DEFAULT false;

-- Billing starts on this date (NULL = the line's start date). Lines that existed before
-- billing was switched on start now, so the first run never bills their past.
ALTER TABLE subscriptions ADD COLUMN billing_starts_on date;
UPDATE subscriptions SET billing_starts_on = CURRENT_DATE WHERE status <> 'pending_install';

-- Gap-free yearly numbering: the counter row is taken inside the transaction that issues
-- the document, so a rollback returns the number and no two documents share one.
CREATE TABLE document_counters (
    kind       text    NOT NULL CHECK (kind IN ('invoice', 'receipt', 'credit_note')),
    year       integer NOT NULL,
    last_value bigint  NOT NULL DEFAULT 0 CHECK (last_value >= 0),
    PRIMARY KEY (kind, year)
);

CREATE TABLE billing_runs (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_date         date        NOT NULL,
    -- preview: drafts for finance to check; issue: issued at once
    mode             text        NOT NULL CHECK (mode IN ('preview', 'issue')),
    state            text        NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed')),
    lines_total      integer     NOT NULL DEFAULT 0,
    lines_done       integer     NOT NULL DEFAULT 0,
    invoices_created integer     NOT NULL DEFAULT 0,
    total_amount     bigint      NOT NULL DEFAULT 0,
    error            text,
    started_by       bigint      REFERENCES users (id),
    started_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz
);
CREATE INDEX billing_runs_recent_idx ON billing_runs (started_at DESC, id DESC);

CREATE TABLE invoices (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- assigned when issued; drafts have none
    number          text        UNIQUE,
    customer_id     bigint      NOT NULL REFERENCES customers (id),
    -- service invoices bill one line for one period; one-time invoices bill charges
    kind            text        NOT NULL CHECK (kind IN ('service', 'one_time')),
    subscription_id bigint      REFERENCES subscriptions (id),
    period_start    date,
    period_end      date,
    status          text        NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'issued', 'partially_paid', 'paid', 'cancelled')),
    issue_date      date        NOT NULL,
    due_date        date        NOT NULL,
    language        text        NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en')),
    -- tax as applied when the invoice was made
    taxed           boolean     NOT NULL,
    tax_rate_bp     integer     NOT NULL DEFAULT 0,
    dpp_numerator   integer     NOT NULL DEFAULT 1,
    dpp_denominator integer     NOT NULL DEFAULT 1,
    -- sums of the lines: price after discount without tax, DPP, PPN, what is payable
    subtotal        bigint      NOT NULL,
    dpp             bigint      NOT NULL,
    ppn             bigint      NOT NULL,
    total           bigint      NOT NULL CHECK (total >= 0),
    -- what is still to pay (kept equal to the open part of its ledger entry)
    amount_due      bigint      NOT NULL CHECK (amount_due BETWEEN 0 AND total),
    -- seller and buyer as printed (name, address, NPWP or NIK), fixed at issue
    seller          jsonb,
    buyer           jsonb,
    run_id          bigint      REFERENCES billing_runs (id),
    -- the service line's total differs from its previous invoice (shown in the batch)
    changed         boolean     NOT NULL DEFAULT false,
    issued_at       timestamptz,
    issued_by       bigint      REFERENCES users (id),
    cancelled_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT invoices_number_when_issued CHECK ((number IS NULL) = (status = 'draft')),
    CONSTRAINT invoices_service_has_period CHECK (
        kind <> 'service' OR (subscription_id IS NOT NULL AND period_start IS NOT NULL
                              AND period_end >= period_start))
);
-- one invoice per line and period, whatever the number of runs (cancelled ones included:
-- a period that finance cancelled is not billed again by the run)
CREATE UNIQUE INDEX invoices_service_period_key ON invoices (subscription_id, period_start)
    WHERE kind = 'service';
-- the finance list: newest first, optionally by status; keyset on (issue_date, id)
CREATE INDEX invoices_list_idx ON invoices (issue_date DESC, id DESC);
CREATE INDEX invoices_status_idx ON invoices (status, issue_date DESC, id DESC);
CREATE INDEX invoices_customer_idx ON invoices (customer_id, issue_date DESC, id DESC);
-- collections: open invoices by due date
CREATE INDEX invoices_open_idx ON invoices (due_date, id) WHERE status IN ('issued', 'partially_paid');
CREATE INDEX invoices_run_idx ON invoices (run_id, id) WHERE run_id IS NOT NULL;

CREATE TABLE invoice_lines (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id      bigint      NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    position        smallint    NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('service', 'one_time', 'late_fee', 'reconnection')),
    description     text        NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
    period_start    date,
    period_end      date,
    -- prorated lines: the days billed out of the days of the cycle
    days_used       integer     CHECK (days_used > 0),
    days_in_period  integer     CHECK (days_in_period >= days_used),
    quantity        integer     NOT NULL DEFAULT 1 CHECK (quantity > 0),
    -- as the price was stated (with or without tax, see price_includes_tax)
    unit_price      bigint      NOT NULL CHECK (unit_price >= 0),
    discount        bigint      NOT NULL DEFAULT 0 CHECK (discount >= 0),
    price_includes_tax boolean  NOT NULL,
    -- price after discount without tax (harga jual), DPP, PPN and what is payable
    amount          bigint      NOT NULL,
    dpp             bigint      NOT NULL,
    ppn             bigint      NOT NULL,
    total           bigint      NOT NULL CHECK (total >= 0),
    UNIQUE (invoice_id, position)
);

-- An issued invoice is never edited or deleted: only its status and what is still due move
-- (and a credit note cancels it). Drafts may be changed or discarded.
CREATE FUNCTION invoices_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'issued invoice % cannot be deleted', OLD.number;
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status <> 'draft' AND (
        NEW.number IS DISTINCT FROM OLD.number OR NEW.customer_id <> OLD.customer_id
        OR NEW.subscription_id IS DISTINCT FROM OLD.subscription_id
        OR NEW.period_start IS DISTINCT FROM OLD.period_start
        OR NEW.period_end IS DISTINCT FROM OLD.period_end
        OR NEW.issue_date <> OLD.issue_date OR NEW.due_date <> OLD.due_date
        OR NEW.subtotal <> OLD.subtotal OR NEW.dpp <> OLD.dpp OR NEW.ppn <> OLD.ppn
        OR NEW.total <> OLD.total OR NEW.status = 'draft'
        OR NEW.seller IS DISTINCT FROM OLD.seller OR NEW.buyer IS DISTINCT FROM OLD.buyer
    ) THEN
        RAISE EXCEPTION 'issued invoice % cannot be edited', OLD.number;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER invoices_guard BEFORE UPDATE OR DELETE ON invoices
    FOR EACH ROW EXECUTE FUNCTION invoices_guard();

-- Lines change only while their invoice is a draft; an invoice issued as it is written (the
-- billing run) gets its lines in the transaction that wrote it. Checked once per statement
-- over the rows it touched, so a run writing thousands of lines pays for one query.
CREATE FUNCTION invoice_lines_guard_insert() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_lines l JOIN invoices i ON i.id = l.invoice_id
               WHERE i.status <> 'draft' AND i.xmin <> pg_current_xact_id()::xid) THEN
        RAISE EXCEPTION 'lines of an issued invoice cannot change';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION invoice_lines_guard_update() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_lines l JOIN invoices i ON i.id = l.invoice_id
               WHERE i.status <> 'draft') THEN
        RAISE EXCEPTION 'lines of an issued invoice cannot change';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
-- A draft deleted with its lines is gone before this runs, so only issued invoices match.
CREATE FUNCTION invoice_lines_guard_delete() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_lines l JOIN invoices i ON i.id = l.invoice_id
               WHERE i.status <> 'draft') THEN
        RAISE EXCEPTION 'lines of an issued invoice cannot change';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER invoice_lines_guard_insert AFTER INSERT ON invoice_lines
    REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION invoice_lines_guard_insert();
CREATE TRIGGER invoice_lines_guard_update AFTER UPDATE ON invoice_lines
    REFERENCING OLD TABLE AS old_lines
    FOR EACH STATEMENT EXECUTE FUNCTION invoice_lines_guard_update();
CREATE TRIGGER invoice_lines_guard_delete AFTER DELETE ON invoice_lines
    REFERENCING OLD TABLE AS old_lines
    FOR EACH STATEMENT EXECUTE FUNCTION invoice_lines_guard_delete();

-- Charges waiting for the next invoice of the customer (or of one line): installation fee,
-- router sale, late fee, reconnection fee.
CREATE TABLE billing_charges (
    id                 bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id        bigint      NOT NULL REFERENCES customers (id),
    subscription_id    bigint      REFERENCES subscriptions (id),
    kind               text        NOT NULL CHECK (kind IN ('one_time', 'late_fee', 'reconnection')),
    description        text        NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
    quantity           integer     NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 10000),
    unit_price         bigint      NOT NULL CHECK (unit_price > 0),
    price_includes_tax boolean     NOT NULL DEFAULT false,
    -- the overdue invoice a late fee is for (one per invoice)
    source_invoice_id  bigint      REFERENCES invoices (id),
    -- the invoice that billed it
    invoice_id         bigint      REFERENCES invoices (id),
    cancelled_at       timestamptz,
    created_by         bigint      REFERENCES users (id),
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX billing_charges_pending_idx ON billing_charges (customer_id, id)
    WHERE invoice_id IS NULL AND cancelled_at IS NULL;
CREATE UNIQUE INDEX billing_charges_late_fee_key ON billing_charges (source_invoice_id)
    WHERE kind = 'late_fee';

CREATE TABLE payments (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the receipt (kwitansi) number
    number          text        NOT NULL UNIQUE,
    customer_id     bigint      NOT NULL REFERENCES customers (id),
    method          text        NOT NULL CHECK (method IN ('cash', 'bank_transfer', 'midtrans', 'tripay')),
    amount          bigint      NOT NULL CHECK (amount > 0),
    received_on     date        NOT NULL,
    reference       text        NOT NULL DEFAULT '' CHECK (length(reference) <= 120),
    note            text        NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    status          text        NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'reversed')),
    reversed_at     timestamptz,
    reversed_by     bigint      REFERENCES users (id),
    reversal_reason text        CHECK (length(reversal_reason) <= 500),
    created_by      bigint      REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT payments_reversal_complete CHECK ((status = 'reversed') = (reversed_at IS NOT NULL))
);
CREATE INDEX payments_list_idx ON payments (received_on DESC, id DESC);
CREATE INDEX payments_customer_idx ON payments (customer_id, id DESC);

-- A credit note cancels one issued invoice in full.
CREATE TABLE credit_notes (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number      text        NOT NULL UNIQUE,
    customer_id bigint      NOT NULL REFERENCES customers (id),
    invoice_id  bigint      NOT NULL UNIQUE REFERENCES invoices (id),
    amount      bigint      NOT NULL CHECK (amount >= 0),
    dpp         bigint      NOT NULL,
    ppn         bigint      NOT NULL,
    reason      text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    created_by  bigint      REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The customer's ledger. amount > 0: the customer owes more (invoice, reversed payment,
-- debit adjustment); amount < 0: owes less (payment, credit note, credit adjustment).
-- Balance = SUM(amount), always. open_amount is the part not yet matched against an entry
-- of the other sign (ledger_allocations): open debits are what is due, open credits are the
-- customer's credit, applied to the next debit automatically.
CREATE TABLE ledger_entries (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id    bigint      NOT NULL REFERENCES customers (id),
    kind           text        NOT NULL CHECK (kind IN
                   ('invoice', 'payment', 'credit_note', 'payment_reversal', 'adjustment')),
    amount         bigint      NOT NULL CHECK (amount <> 0),
    open_amount    bigint      NOT NULL,
    invoice_id     bigint      REFERENCES invoices (id),
    payment_id     bigint      REFERENCES payments (id),
    credit_note_id bigint      REFERENCES credit_notes (id),
    description    text        NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    -- debits are settled in order of this date (an invoice's due date), then id
    settle_order   date        NOT NULL,
    created_by     bigint      REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ledger_open_within CHECK (open_amount BETWEEN 0 AND abs(amount))
);
CREATE INDEX ledger_entries_customer_idx ON ledger_entries (customer_id, id);
CREATE INDEX ledger_entries_open_idx ON ledger_entries (customer_id, settle_order, id)
    WHERE open_amount > 0;
CREATE UNIQUE INDEX ledger_entries_invoice_key ON ledger_entries (invoice_id) WHERE kind = 'invoice';
CREATE UNIQUE INDEX ledger_entries_payment_key ON ledger_entries (payment_id, kind)
    WHERE payment_id IS NOT NULL;
CREATE UNIQUE INDEX ledger_entries_credit_note_key ON ledger_entries (credit_note_id)
    WHERE credit_note_id IS NOT NULL;

-- Matching of a credit entry against a debit entry. Released (not deleted) when a credit
-- note or a reversal takes the match back, so the history stays readable.
CREATE TABLE ledger_allocations (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    debit_id    bigint      NOT NULL REFERENCES ledger_entries (id),
    credit_id   bigint      NOT NULL REFERENCES ledger_entries (id),
    amount      bigint      NOT NULL CHECK (amount > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    released_at timestamptz
);
CREATE INDEX ledger_allocations_debit_idx ON ledger_allocations (debit_id) WHERE released_at IS NULL;
CREATE INDEX ledger_allocations_credit_idx ON ledger_allocations (credit_id) WHERE released_at IS NULL;

-- Lines isolated because an invoice stayed unpaid past its grace days, until restored.
CREATE TABLE billing_isolations (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id bigint      NOT NULL REFERENCES subscriptions (id),
    invoice_id      bigint      NOT NULL REFERENCES invoices (id),
    isolated_at     timestamptz NOT NULL DEFAULT now(),
    restored_at     timestamptz
);
CREATE UNIQUE INDEX billing_isolations_open_key ON billing_isolations (subscription_id)
    WHERE restored_at IS NULL;
