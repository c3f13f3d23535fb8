-- Mass outage: an incident on a CI (an OLT, an ODP) stands for everyone it cuts off.
-- The lines attached to it see the outage on the portal's fault page; incidents reported
-- on them point at it and are resolved with it.
ALTER TABLE tickets ADD COLUMN parent_id bigint REFERENCES tickets (id) ON DELETE SET NULL;
ALTER TABLE tickets ADD CONSTRAINT tickets_parent_not_self CHECK (parent_id <> id);
CREATE INDEX tickets_parent_idx ON tickets (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE outage_lines (
    ticket_id       bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    subscription_id bigint      NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    attached_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ticket_id, subscription_id)
);
-- "Is this customer's line in an open outage?" from the portal.
CREATE INDEX outage_lines_line_idx ON outage_lines (subscription_id, ticket_id);
