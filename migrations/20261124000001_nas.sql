-- MikroTik routers (NAS) Simpul manages. Secrets are sealed by the application
-- (AES-256-GCM, app/src/secrets.rs) and never stored in the clear.
CREATE TABLE nas (
    id              BIGSERIAL PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    site            TEXT NOT NULL DEFAULT '',
    host            TEXT NOT NULL CHECK (length(host) BETWEEN 1 AND 253),
    api_kind        TEXT NOT NULL CHECK (api_kind IN ('binary', 'binary_tls', 'rest_https', 'rest_http')),
    port            INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    tls_verify      BOOLEAN NOT NULL DEFAULT false,
    username        TEXT NOT NULL,
    password_sealed BYTEA NOT NULL,
    -- Reserved for RADIUS; sealed like the password.
    radius_secret_sealed BYTEA,
    tags            TEXT[] NOT NULL DEFAULT '{}',
    notes           TEXT NOT NULL DEFAULT '',
    active          BOOLEAN NOT NULL DEFAULT true,
    -- The monitor's last look (written every check, not audited).
    status          TEXT NOT NULL DEFAULT 'unknown' CHECK (status IN ('unknown', 'up', 'down')),
    checked_at      TIMESTAMPTZ,
    last_seen_at    TIMESTAMPTZ,
    last_error      TEXT,
    identity        TEXT,
    version         TEXT,
    board           TEXT,
    uptime          TEXT,
    cpu_load        INTEGER,
    free_memory     BIGINT,
    total_memory    BIGINT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX nas_name_key ON nas (lower(name));
-- One router is one record: the same API endpoint twice would be managed twice.
CREATE UNIQUE INDEX nas_endpoint_key ON nas (lower(host), port);
-- The list page: by name.
CREATE INDEX nas_name_idx ON nas (name, id);
