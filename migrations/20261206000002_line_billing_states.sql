-- What each line was, day by day, for billing: its plan and whether it is charged (active
-- or isolated) from a date on. The billing run cuts a period into parts by these rows: a
-- plan change mid-cycle bills the old plan up to the day before and the new plan from the
-- day of the change; suspended days and days after termination are not billed.
CREATE TABLE line_billing_states (
    subscription_id bigint      NOT NULL REFERENCES subscriptions (id),
    effective_from  date        NOT NULL,
    plan_id         bigint      NOT NULL REFERENCES plans (id),
    billable        boolean     NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscription_id, effective_from)
);

-- Lines so far: their present plan and state from the day billing starts for them.
INSERT INTO line_billing_states (subscription_id, effective_from, plan_id, billable)
SELECT id, COALESCE(billing_starts_on, start_date, created_at::date), plan_id,
       status IN ('active', 'isolated')
FROM subscriptions;

-- Kept by the database itself, so no code path that changes a line can forget it. A change
-- takes effect on the ISP's calendar day (Asia/Jakarta); the last change of a day wins.
CREATE FUNCTION record_line_billing_state() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    today   date := (now() AT TIME ZONE 'Asia/Jakarta')::date;
    starts  date := COALESCE(NEW.billing_starts_on, NEW.start_date, today);
    charged boolean := NEW.status IN ('active', 'isolated');
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO line_billing_states (subscription_id, effective_from, plan_id, billable)
        VALUES (NEW.id, starts, NEW.plan_id, charged);
        RETURN NEW;
    END IF;
    IF OLD.status = 'pending_install' AND NEW.status <> 'pending_install' THEN
        -- Installed: the line's history starts on its (possibly earlier) start date.
        DELETE FROM line_billing_states WHERE subscription_id = NEW.id AND effective_from > starts;
        INSERT INTO line_billing_states (subscription_id, effective_from, plan_id, billable)
        VALUES (NEW.id, starts, NEW.plan_id, charged)
        ON CONFLICT (subscription_id, effective_from) DO UPDATE
            SET plan_id = EXCLUDED.plan_id, billable = EXCLUDED.billable, recorded_at = now();
        RETURN NEW;
    END IF;
    IF (NEW.billing_starts_on, NEW.start_date) IS DISTINCT FROM (OLD.billing_starts_on, OLD.start_date)
       AND NOT EXISTS (SELECT 1 FROM line_billing_states
                       WHERE subscription_id = NEW.id AND effective_from <= starts) THEN
        -- Billing moved to an earlier start: the history reaches back to it.
        INSERT INTO line_billing_states (subscription_id, effective_from, plan_id, billable)
        VALUES (NEW.id, starts, NEW.plan_id, charged);
    END IF;
    IF NEW.plan_id IS DISTINCT FROM OLD.plan_id
       OR (NEW.status IN ('active', 'isolated')) IS DISTINCT FROM (OLD.status IN ('active', 'isolated')) THEN
        INSERT INTO line_billing_states (subscription_id, effective_from, plan_id, billable)
        VALUES (NEW.id, GREATEST(today, starts), NEW.plan_id, charged)
        ON CONFLICT (subscription_id, effective_from) DO UPDATE
            SET plan_id = EXCLUDED.plan_id, billable = EXCLUDED.billable, recorded_at = now();
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER subscriptions_billing_state
    AFTER INSERT OR UPDATE OF plan_id, status, billing_starts_on, start_date ON subscriptions
    FOR EACH ROW EXECUTE FUNCTION record_line_billing_state();
