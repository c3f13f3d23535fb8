-- Open tickets whose SLA clocks must be recomputed because an admin changed what they depend
-- on (a policy, a calendar, a holiday, the category tree). The change and the queue rows are
-- written in one transaction; the SLA job drains the queue in batches, and any refresh of a
-- ticket removes it first, so a ticket is never left on stale settings.
CREATE TABLE sla_recompute_queue (
    ticket_id bigint      PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
    queued_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sla_recompute_queue_order_idx ON sla_recompute_queue (queued_at, ticket_id);
