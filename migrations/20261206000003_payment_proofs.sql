-- Proof of a manual payment (a photo of the transfer slip, a PDF from the bank), stored like
-- ticket attachments. A new upload is shown in place of the earlier one; earlier ones stay.
CREATE TABLE payment_proofs (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payment_id   bigint      NOT NULL REFERENCES payments (id),
    filename     text        NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    content_type text        NOT NULL,
    size_bytes   bigint      NOT NULL CHECK (size_bytes > 0),
    sha256       bytea       NOT NULL,
    storage_key  text        NOT NULL UNIQUE,
    uploaded_by  bigint      REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_proofs_payment_idx ON payment_proofs (payment_id, created_at DESC, id DESC);
