-- Subscribers: customers, service plans, subscriptions, and the provisioning outbox that
-- carries every change to the routers (app/src/provisioning).

CREATE SEQUENCE customer_code_seq;

CREATE TABLE customers (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- CUST-00001: what staff read out on the phone and customers quote
    code           text        NOT NULL UNIQUE
                   DEFAULT ('CUST-' || lpad(nextval('customer_code_seq')::text, 5, '0')),
    full_name      text        NOT NULL CHECK (length(full_name) BETWEEN 1 AND 120),
    -- +62… (normalized by the application); empty only for records adopted from a router
    phone          text        NOT NULL DEFAULT '' CHECK (phone = '' OR phone ~ '^\+[0-9]{8,15}$'),
    email          text        NOT NULL DEFAULT '' CHECK (length(email) <= 254),
    address        text        NOT NULL DEFAULT '' CHECK (length(address) <= 500),
    latitude       double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude      double precision CHECK (longitude BETWEEN -180 AND 180),
    -- Nomor Induk Kependudukan: 16 digits, checked by the application (region, birth date)
    nik            text        CHECK (nik ~ '^[0-9]{16}$'),
    category       text        NOT NULL DEFAULT 'residential'
                   CHECK (category IN ('residential', 'business')),
    status         text        NOT NULL DEFAULT 'lead'
                   CHECK (status IN ('lead', 'active', 'suspended', 'terminated')),
    status_reason  text        NOT NULL DEFAULT '' CHECK (length(status_reason) <= 500),
    status_changed_at timestamptz NOT NULL DEFAULT now(),
    notes          text        NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
    -- the portal account of this customer (role customer), when one was made
    user_id        bigint      UNIQUE REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT customers_coordinates_pair CHECK ((latitude IS NULL) = (longitude IS NULL))
);
ALTER SEQUENCE customer_code_seq OWNED BY customers.code;

CREATE UNIQUE INDEX customers_nik_key ON customers (nik);
-- the list: newest first, keyset on (created_at, id)
CREATE INDEX customers_created_idx ON customers (created_at DESC, id DESC);
CREATE INDEX customers_status_idx ON customers (status, created_at DESC, id DESC);
-- search by part of a code, name or phone
CREATE INDEX customers_search_idx ON customers
    USING gin (lower(code || ' ' || full_name || ' ' || phone) gin_trgm_ops);

-- The identity document photo (KTP). Like ticket attachments: bytes under
-- SIMPUL_DATA_DIR/attachments, the row keeps what was checked on upload. Staff only.
CREATE TABLE customer_documents (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  bigint      NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    kind         text        NOT NULL DEFAULT 'id_photo' CHECK (kind IN ('id_photo')),
    filename     text        NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    content_type text        NOT NULL,
    size_bytes   bigint      NOT NULL CHECK (size_bytes > 0),
    sha256       bytea       NOT NULL,
    storage_key  text        NOT NULL UNIQUE,
    uploaded_by  bigint      REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_documents_customer_idx ON customer_documents (customer_id, created_at DESC);

CREATE TABLE plans (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    description     text        NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
    connection_type text        NOT NULL CHECK (connection_type IN ('pppoe', 'hotspot', 'static')),
    -- the RouterOS PPP profile / hotspot user profile this plan becomes on each NAS
    profile_name    text        NOT NULL CHECK (profile_name ~ '^[A-Za-z0-9._-]{1,40}$'),
    -- kbit/s; RouterOS rate-limit is written "upload/download" (router's rx/tx)
    download_kbps   integer     NOT NULL CHECK (download_kbps > 0),
    upload_kbps     integer     NOT NULL CHECK (upload_kbps > 0),
    burst_download_kbps  integer,
    burst_upload_kbps    integer,
    burst_threshold_download_kbps integer,
    burst_threshold_upload_kbps   integer,
    burst_time_secs      integer CHECK (burst_time_secs BETWEEN 1 AND 3600),
    price_rupiah    bigint      NOT NULL CHECK (price_rupiah >= 0),
    billing_cycle   text        NOT NULL DEFAULT 'monthly' CHECK (billing_cycle IN ('monthly')),
    -- remote-address of the profile (a pool name on the router); empty = router default
    address_pool    text        NOT NULL DEFAULT '' CHECK (length(address_pool) <= 40),
    active          boolean     NOT NULL DEFAULT true,
    -- made from a profile found on a router (import): may take over that profile
    adopted         boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT plans_burst_complete CHECK (
        (burst_download_kbps IS NULL) = (burst_upload_kbps IS NULL)
        AND (burst_download_kbps IS NULL) = (burst_threshold_download_kbps IS NULL)
        AND (burst_download_kbps IS NULL) = (burst_threshold_upload_kbps IS NULL)
        AND (burst_download_kbps IS NULL) = (burst_time_secs IS NULL)
    )
);
CREATE UNIQUE INDEX plans_name_key ON plans (lower(name));
CREATE UNIQUE INDEX plans_profile_key ON plans (connection_type, profile_name);
CREATE INDEX plans_order_idx ON plans (active DESC, download_kbps, id);

-- Which routers offer which plans.
CREATE TABLE plan_nas (
    plan_id bigint NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    nas_id  bigint NOT NULL REFERENCES nas (id),
    PRIMARY KEY (plan_id, nas_id)
);
CREATE INDEX plan_nas_nas_idx ON plan_nas (nas_id);

-- How each router isolates (isolir) a subscription: move it to an isolir profile, or keep its
-- profile and list its static address in an address-list that the router's firewall
-- redirects to the isolir page. Simpul creates the isolir profile itself.
ALTER TABLE nas
    ADD COLUMN isolir_mode text NOT NULL DEFAULT 'profile'
        CHECK (isolir_mode IN ('profile', 'address_list')),
    ADD COLUMN isolir_profile text NOT NULL DEFAULT 'simpul-isolir'
        CHECK (isolir_profile ~ '^[A-Za-z0-9._-]{1,40}$'),
    ADD COLUMN isolir_pool text NOT NULL DEFAULT '' CHECK (length(isolir_pool) <= 40),
    ADD COLUMN isolir_rate_limit text NOT NULL DEFAULT '512k/512k'
        CHECK (length(isolir_rate_limit) <= 60),
    ADD COLUMN isolir_address_list text NOT NULL DEFAULT 'isolir'
        CHECK (isolir_address_list ~ '^[A-Za-z0-9._-]{1,40}$'),
    -- the provisioning worker applies the outbox only to routers with this on
    ADD COLUMN provisioning boolean NOT NULL DEFAULT true;

CREATE TABLE subscriptions (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id     bigint      NOT NULL REFERENCES customers (id),
    plan_id         bigint      NOT NULL REFERENCES plans (id),
    nas_id          bigint      NOT NULL REFERENCES nas (id),
    connection_type text        NOT NULL CHECK (connection_type IN ('pppoe', 'hotspot', 'static')),
    -- PPPoE/hotspot user name; for static lines the name of their queue
    username        text        NOT NULL CHECK (username ~ '^[A-Za-z0-9._@-]{3,64}$'),
    -- sealed with AES-256-GCM by the application (purpose "subscription.password")
    password_sealed bytea       NOT NULL,
    static_ip       inet        CHECK (static_ip IS NULL OR family(static_ip) = 4 AND masklen(static_ip) = 32),
    install_address text        NOT NULL DEFAULT '' CHECK (length(install_address) <= 500),
    status          text        NOT NULL DEFAULT 'pending_install'
                    CHECK (status IN ('pending_install', 'active', 'isolated', 'suspended', 'terminated')),
    status_reason   text        NOT NULL DEFAULT '' CHECK (length(status_reason) <= 500),
    status_changed_at timestamptz NOT NULL DEFAULT now(),
    start_date      date,
    -- switched off because the whole customer was suspended; the status to return to when
    -- the customer is reactivated (a line isolated for an unpaid invoice stays isolated)
    held_by_customer   boolean  NOT NULL DEFAULT false,
    status_before_hold text     CHECK (status_before_hold IN ('active', 'isolated')),
    -- adopted from secrets found on the router (import): allowed to take over the
    -- router object of the same name instead of refusing it as someone else's
    adopted         boolean     NOT NULL DEFAULT false,
    -- provisioning as last seen by the worker
    provision_state text        NOT NULL DEFAULT 'queued'
                    CHECK (provision_state IN ('queued', 'applied', 'failed')),
    provisioned_at  timestamptz,
    provision_error text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT subscriptions_static_needs_ip CHECK (connection_type <> 'static' OR static_ip IS NOT NULL)
);
-- One live user name per router (terminated lines are removed from it, so names free up).
CREATE UNIQUE INDEX subscriptions_username_key ON subscriptions (nas_id, username)
    WHERE status <> 'terminated';
CREATE UNIQUE INDEX subscriptions_static_ip_key ON subscriptions (nas_id, static_ip)
    WHERE static_ip IS NOT NULL AND status <> 'terminated';
CREATE INDEX subscriptions_customer_idx ON subscriptions (customer_id, id);
CREATE INDEX subscriptions_nas_idx ON subscriptions (nas_id, status);
CREATE INDEX subscriptions_plan_idx ON subscriptions (plan_id);
-- customer search by PPPoE user name
CREATE INDEX subscriptions_username_search_idx ON subscriptions USING gin (lower(username) gin_trgm_ops);

-- The category a fault reported in the portal files under, per symptom (set by the desk).
ALTER TABLE ticket_categories
    ADD COLUMN portal_symptom text CHECK (portal_symptom IN ('no_internet', 'slow', 'intermittent', 'other'));
CREATE UNIQUE INDEX ticket_categories_portal_symptom_key ON ticket_categories (portal_symptom)
    WHERE portal_symptom IS NOT NULL;

ALTER TABLE tickets
    ADD CONSTRAINT tickets_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
    ADD CONSTRAINT tickets_subscription_fk FOREIGN KEY (subscription_id) REFERENCES subscriptions (id);
CREATE INDEX tickets_customer_idx ON tickets (customer_id, id DESC) WHERE customer_id IS NOT NULL;
CREATE INDEX tickets_subscription_idx ON tickets (subscription_id, id DESC) WHERE subscription_id IS NOT NULL;

-- The provisioning outbox. A row says "make object <kind> <key> on router <nas_id> match
-- what Simpul wants now" (sync) or "end the session of <key>" (kick). Rows are written in
-- the same transaction as the business change; the worker of each router applies them in
-- id order and recomputes the wanted state when it applies, so a retry never brings back
-- an older version and applying the same row twice changes nothing the second time.
CREATE TABLE provisioning_jobs (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    nas_id          bigint      NOT NULL REFERENCES nas (id),
    action          text        NOT NULL CHECK (action IN ('sync', 'kick')),
    object_kind     text        NOT NULL CHECK (object_kind IN
                    ('ppp_profile', 'ppp_secret', 'hotspot_profile', 'hotspot_user',
                     'simple_queue', 'address_list')),
    object_key      text        NOT NULL CHECK (length(object_key) BETWEEN 1 AND 120),
    subscription_id bigint      REFERENCES subscriptions (id),
    plan_id         bigint      REFERENCES plans (id),
    -- why: "subscription.create", "plan.update", "drift.fix", …
    reason          text        NOT NULL,
    state           text        NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'done', 'failed', 'cancelled')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    -- what the worker did: "added", "updated password, profile", "unchanged", "removed"
    outcome         text,
    created_by      bigint      REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);
-- the worker's queue: pending rows of one router in order
CREATE INDEX provisioning_jobs_pending_idx ON provisioning_jobs (nas_id, id) WHERE state = 'pending';
-- the admin list: newest first, optionally by state
CREATE INDEX provisioning_jobs_list_idx ON provisioning_jobs (state, id DESC);
CREATE INDEX provisioning_jobs_subscription_idx ON provisioning_jobs (subscription_id, id DESC)
    WHERE subscription_id IS NOT NULL;

-- Wake the worker as soon as a job commits.
CREATE FUNCTION provisioning_jobs_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('provisioning_jobs', NEW.nas_id::text);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER provisioning_jobs_notify AFTER INSERT OR UPDATE OF state, next_attempt_at ON provisioning_jobs
    FOR EACH ROW WHEN (NEW.state = 'pending') EXECUTE FUNCTION provisioning_jobs_notify();

-- The last reconciliation of each router: what differed between Simpul and the router.
CREATE TABLE nas_drift (
    nas_id      bigint      PRIMARY KEY REFERENCES nas (id),
    checked_at  timestamptz NOT NULL,
    -- [{kind, key, problem: missing|extra|different|foreign, fields: [...]}]
    items       jsonb       NOT NULL DEFAULT '[]',
    error       text
);
