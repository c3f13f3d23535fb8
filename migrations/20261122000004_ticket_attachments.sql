-- Files attached to tickets. The bytes live under SIMPUL_DATA_DIR/attachments; the row holds
-- what was checked on upload (sniffed content type, size, SHA-256).
CREATE TABLE ticket_attachments (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id    bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    filename     text        NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    content_type text        NOT NULL,
    size_bytes   bigint      NOT NULL CHECK (size_bytes > 0),
    sha256       bytea       NOT NULL,
    -- path below the attachments directory; never built from user input
    storage_key  text        NOT NULL UNIQUE,
    uploaded_by  bigint      REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_attachments_ticket_idx ON ticket_attachments (ticket_id, created_at, id);
