-- Tickets (incidents and service requests), their status history, SLA clocks, comments,
-- watchers, links, saved filters and in-app notifications.

CREATE SEQUENCE ticket_number_incident;
CREATE SEQUENCE ticket_number_request;

CREATE TABLE tickets (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text        NOT NULL CHECK (kind IN ('incident', 'request')),
    -- per-kind human number: INC-000123, REQ-000045
    number           bigint      NOT NULL,
    number_text      text        NOT NULL GENERATED ALWAYS AS (
                         CASE kind WHEN 'incident' THEN 'INC-' ELSE 'REQ-' END
                         || CASE WHEN number < 1000000 THEN lpad(number::text, 6, '0')
                                 ELSE number::text END) STORED,
    title            text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description      text        NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
    status           text        NOT NULL DEFAULT 'new' CHECK (status IN (
                         'new', 'assigned', 'in_progress', 'pending_customer',
                         'pending_third_party', 'pending_approval', 'resolved', 'closed',
                         'cancelled')),
    impact           smallint    NOT NULL CHECK (impact BETWEEN 1 AND 3),
    urgency          smallint    NOT NULL CHECK (urgency BETWEEN 1 AND 3),
    priority         smallint    NOT NULL CHECK (priority BETWEEN 1 AND 5),
    category_id      bigint      REFERENCES ticket_categories (id),
    group_id         bigint      REFERENCES support_groups (id),
    assignee_id      bigint      REFERENCES users (id),
    -- why the ticket went where it went, e.g. {"rule": "least_loaded", "group": "Network Ops",
    -- "open_tickets": 3}; rendered in the reader's language
    assignment_reason jsonb,
    -- who reported it: a portal user, or a name taken down by staff on the phone
    caller_id        bigint      REFERENCES users (id),
    caller_name      text        NOT NULL DEFAULT '' CHECK (length(caller_name) <= 120),
    caller_contact   text        NOT NULL DEFAULT '' CHECK (length(caller_contact) <= 120),
    -- links to domains that arrive later (customers, subscriptions, CMDB); constraints are
    -- added by the migrations that create those tables
    customer_id      bigint,
    subscription_id  bigint,
    config_item_id   bigint,
    tags             text[]      NOT NULL DEFAULT '{}',
    resolution       text        CHECK (length(resolution) <= 20000),
    comment_count    integer     NOT NULL DEFAULT 0,
    -- worst SLA state over the ticket's clocks, and the nearest due time of a running clock,
    -- kept here so lists can filter and sort on them with an index
    sla_state        text        CHECK (sla_state IN ('running', 'paused', 'warning', 'breached', 'met')),
    sla_due_at       timestamptz,
    created_by       bigint      REFERENCES users (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    -- bumped by every change; also the optimistic-locking version
    updated_at       timestamptz NOT NULL DEFAULT now(),
    first_response_at timestamptz,
    resolved_at      timestamptz,
    closed_at        timestamptz,
    search_vector    tsvector    NOT NULL DEFAULT ''::tsvector,
    CONSTRAINT tickets_kind_number_key UNIQUE (kind, number)
);

-- Lists: newest change first, overall and per common filter (keyset on (updated_at, id)).
CREATE INDEX tickets_updated_idx ON tickets (updated_at DESC, id DESC);
CREATE INDEX tickets_assignee_updated_idx ON tickets (assignee_id, updated_at DESC, id DESC);
CREATE INDEX tickets_group_updated_idx ON tickets (group_id, updated_at DESC, id DESC);
CREATE INDEX tickets_status_updated_idx ON tickets (status, updated_at DESC, id DESC);
CREATE INDEX tickets_caller_idx ON tickets (caller_id, updated_at DESC, id DESC);
-- Open work by group or person, most urgent first (the board and "my open tickets").
CREATE INDEX tickets_open_group_idx ON tickets (group_id, priority, updated_at DESC, id DESC)
    WHERE status NOT IN ('resolved', 'closed', 'cancelled');
CREATE INDEX tickets_open_assignee_idx ON tickets (assignee_id, priority, updated_at DESC, id DESC)
    WHERE status NOT IN ('resolved', 'closed', 'cancelled');
-- Deadlines: nearest first, overall and per SLA state ("breached, nearest first").
CREATE INDEX tickets_sla_due_idx ON tickets (sla_due_at, id) WHERE sla_due_at IS NOT NULL;
CREATE INDEX tickets_sla_state_idx ON tickets (sla_state, sla_due_at, id)
    WHERE sla_state IN ('warning', 'breached', 'paused');
CREATE INDEX tickets_search_idx ON tickets USING gin (search_vector);
CREATE INDEX tickets_number_trgm_idx ON tickets USING gin (number_text gin_trgm_ops);
CREATE INDEX tickets_tags_idx ON tickets USING gin (tags);

-- Every status a ticket has been in, with when. SLA pauses are derived from it, so any
-- recomputation sees the whole waiting history.
CREATE TABLE ticket_status_periods (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id  bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    status     text        NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at   timestamptz,
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX ticket_status_periods_ticket_idx ON ticket_status_periods (ticket_id, started_at, id);
CREATE UNIQUE INDEX ticket_status_periods_current_key ON ticket_status_periods (ticket_id)
    WHERE ended_at IS NULL;

-- One row per clock (response, resolution) per ticket; recomputed from the status history
-- on every change, moved to warning/breached by the SLA job.
CREATE TABLE ticket_sla_clocks (
    ticket_id       bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    metric          text        NOT NULL CHECK (metric IN ('response', 'resolution')),
    policy_id       bigint      NOT NULL REFERENCES sla_policies (id),
    target_minutes  integer     NOT NULL,
    state           text        NOT NULL CHECK (state IN ('running', 'paused', 'warning', 'breached', 'met')),
    elapsed_seconds bigint      NOT NULL DEFAULT 0,
    due_at          timestamptz,
    warning_at      timestamptz,
    stopped_at      timestamptz,
    -- when the job announced the warning and the breach (once each)
    warned_at       timestamptz,
    breached_at     timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ticket_id, metric)
);
-- What the SLA job scans: running clocks ordered by their next threshold.
CREATE INDEX ticket_sla_clocks_warning_idx ON ticket_sla_clocks (warning_at) WHERE state = 'running';
CREATE INDEX ticket_sla_clocks_due_idx ON ticket_sla_clocks (due_at) WHERE state IN ('running', 'warning');

CREATE TABLE ticket_comments (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id   bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    author_id   bigint      REFERENCES users (id),
    -- public replies are shown to the customer; internal work notes never are
    visibility  text        NOT NULL CHECK (visibility IN ('public', 'internal')),
    body        text        NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_comments_ticket_idx ON ticket_comments (ticket_id, created_at, id);

CREATE TABLE ticket_watchers (
    ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (ticket_id, user_id)
);
CREATE INDEX ticket_watchers_user_idx ON ticket_watchers (user_id);

-- Related tickets, stored once per pair (smaller id first).
CREATE TABLE ticket_links (
    ticket_id  bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    related_id bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ticket_id, related_id),
    CHECK (ticket_id < related_id)
);
CREATE INDEX ticket_links_related_idx ON ticket_links (related_id);

CREATE TABLE saved_ticket_filters (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    filter     jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX saved_ticket_filters_name_key ON saved_ticket_filters (user_id, lower(name));

-- In-app notifications. `kind` and `payload` are rendered by the client in its language.
CREATE TABLE notifications (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       text        NOT NULL,
    ticket_id  bigint      REFERENCES tickets (id) ON DELETE CASCADE,
    payload    jsonb       NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at    timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- The search document: the number and title weigh most, then the description, then comments.
-- `simple` keeps Indonesian words as written (PostgreSQL has no Indonesian stemmer).
CREATE FUNCTION tickets_refresh_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        -- the bare number ("123"); prefixed and partial numbers go through the trigram index
        setweight(to_tsvector('simple', NEW.number::text), 'A')
        || setweight(to_tsvector('simple', NEW.title), 'A')
        || setweight(to_tsvector('simple', NEW.description), 'B')
        || setweight(to_tsvector('simple', coalesce(
               (SELECT string_agg(body, ' ' ORDER BY id) FROM ticket_comments
                WHERE ticket_id = NEW.id), '')), 'C');
    RETURN NEW;
END;
$$;
CREATE TRIGGER tickets_search_vector_insert BEFORE INSERT ON tickets
    FOR EACH ROW EXECUTE FUNCTION tickets_refresh_search_vector();
CREATE TRIGGER tickets_search_vector_update BEFORE UPDATE ON tickets
    FOR EACH ROW
    WHEN (OLD.title IS DISTINCT FROM NEW.title
          OR OLD.description IS DISTINCT FROM NEW.description
          OR OLD.comment_count IS DISTINCT FROM NEW.comment_count)
    EXECUTE FUNCTION tickets_refresh_search_vector();

-- Live updates: every committed change to a ticket is announced on `ticket_changes`, so each
-- server instance (behind any load balancer) can push it to its open browsers.
CREATE FUNCTION tickets_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ticket_changes', NEW.id::text);
    RETURN NULL;
END;
$$;
CREATE TRIGGER tickets_notify AFTER INSERT OR UPDATE ON tickets
    FOR EACH ROW EXECUTE FUNCTION tickets_notify_change();
