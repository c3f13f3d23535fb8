-- Prepaid periods are invoiced before they are lived. When the line's history changes
-- inside an invoiced period (a plan change, a suspension, termination), the billing run
-- trues it up: the unused days of what was billed are credited to the ledger and the days
-- of the new plan are charged on the next invoice (billing/server/trueup.rs).

-- The plan a service line bills, so that a later correction knows what was paid for.
ALTER TABLE invoice_lines ADD COLUMN plan_id bigint REFERENCES plans (id);

ALTER TABLE invoice_lines DROP CONSTRAINT invoice_lines_kind_check;
ALTER TABLE invoice_lines ADD CONSTRAINT invoice_lines_kind_check
    CHECK (kind IN ('service', 'one_time', 'late_fee', 'reconnection', 'proration'));
ALTER TABLE billing_charges DROP CONSTRAINT billing_charges_kind_check;
ALTER TABLE billing_charges ADD CONSTRAINT billing_charges_kind_check
    CHECK (kind IN ('one_time', 'late_fee', 'reconnection', 'proration'));

-- Each correction of an invoiced period: days of a plan credited (count < 0, a ledger
-- credit) or charged (count > 0, a charge for the next invoice).
CREATE TABLE line_prorations (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id bigint      NOT NULL REFERENCES subscriptions (id),
    invoice_id      bigint      NOT NULL REFERENCES invoices (id),
    plan_id         bigint      NOT NULL REFERENCES plans (id),
    span_start      date        NOT NULL,
    span_end        date        NOT NULL CHECK (span_end >= span_start),
    count           smallint    NOT NULL CHECK (count <> 0),
    -- what was credited (tax included, < 0) or the price charged (as the plan states it)
    amount          bigint      NOT NULL,
    charge_id       bigint      UNIQUE REFERENCES billing_charges (id),
    ledger_entry_id bigint      UNIQUE REFERENCES ledger_entries (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT line_prorations_posted CHECK (
        (count > 0) = (charge_id IS NOT NULL) AND (count < 0) = (ledger_entry_id IS NOT NULL))
);
CREATE INDEX line_prorations_invoice_idx ON line_prorations (invoice_id);

-- Where the true-up has read the history up to. Rows recorded before history_from (the
-- backfill when the history began) say what lines were, not that they changed.
CREATE TABLE billing_trueup_scan (
    id            boolean     PRIMARY KEY DEFAULT true CHECK (id),
    history_from  timestamptz NOT NULL DEFAULT now(),
    scanned_until timestamptz NOT NULL DEFAULT now()
);
INSERT INTO billing_trueup_scan DEFAULT VALUES;
CREATE INDEX line_billing_states_recorded_idx ON line_billing_states (recorded_at);
