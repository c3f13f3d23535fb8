-- Server-side sessions. The cookie holds a random token; only its SHA-256 is stored, so a
-- leaked database dump cannot be replayed as cookies.
CREATE TABLE sessions (
    token_hash           bytea       PRIMARY KEY,
    user_id              bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at           timestamptz NOT NULL DEFAULT now(),
    last_seen_at         timestamptz NOT NULL DEFAULT now(),
    idle_expires_at      timestamptz NOT NULL,
    absolute_expires_at  timestamptz NOT NULL,
    ip                   text,
    user_agent           text
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_idle_expires_idx ON sessions (idle_expires_at);

-- Every sign-in attempt, for throttling by account name and by client address.
CREATE TABLE login_attempts (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login_key  text        NOT NULL,
    ip         text        NOT NULL,
    succeeded  boolean     NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_key_at_idx ON login_attempts (login_key, at DESC);
CREATE INDEX login_attempts_ip_at_idx ON login_attempts (ip, at DESC);
CREATE INDEX login_attempts_at_idx ON login_attempts (at);

-- Single-use password reset tokens; only the hash is kept.
CREATE TABLE password_reset_tokens (
    token_hash  bytea       PRIMARY KEY,
    user_id     bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX password_reset_tokens_user_idx ON password_reset_tokens (user_id);
