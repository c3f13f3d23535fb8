-- The service catalog: requestable items with their form and approval chain; requests are
-- tickets of kind 'request' that carry the item and the answers.

CREATE TABLE catalog_items (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    description text        NOT NULL DEFAULT '',
    category_id bigint      REFERENCES ticket_categories (id),
    impact      smallint    NOT NULL DEFAULT 3 CHECK (impact BETWEEN 1 AND 3),
    urgency     smallint    NOT NULL DEFAULT 3 CHECK (urgency BETWEEN 1 AND 3),
    -- [{key, label, kind, required, help, options}], validated by the service
    form        jsonb       NOT NULL DEFAULT '[]',
    -- approver roles in order; empty: no approval
    approvals   text[]      NOT NULL DEFAULT '{}'
                            CHECK (approvals <@ ARRAY['supervisor', 'finance']::text[]),
    active      boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX catalog_items_name_key ON catalog_items (lower(name));

ALTER TABLE tickets
    ADD COLUMN catalog_item_id bigint REFERENCES catalog_items (id),
    ADD COLUMN request_answers jsonb;

-- One row per approval step of a request. Only one step is `pending` at a time.
CREATE TABLE ticket_approvals (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id     bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    step          smallint    NOT NULL CHECK (step >= 1),
    approver_role text        NOT NULL CHECK (approver_role IN ('supervisor', 'finance')),
    -- withdrawn: the request was cancelled before this step was decided
    state         text        NOT NULL CHECK (state IN ('waiting', 'pending', 'approved', 'rejected', 'withdrawn')),
    decided_by    bigint      REFERENCES users (id),
    decided_at    timestamptz,
    comment       text        CHECK (length(comment) <= 2000),
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (ticket_id, step)
);
-- The approvers' queue: pending steps by role, oldest first.
CREATE INDEX ticket_approvals_queue_idx ON ticket_approvals (approver_role, created_at, id)
    WHERE state = 'pending';
