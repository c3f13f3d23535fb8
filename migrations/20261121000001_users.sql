-- Accounts for staff and customers. Roles are a small closed set kept in an array so that a
-- user's permissions come from one row; customers hold exactly the customer role.
CREATE TABLE users (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username       text        NOT NULL,
    email          text        NOT NULL,
    full_name      text        NOT NULL,
    password_hash  text        NOT NULL,
    roles          text[]      NOT NULL,
    active         boolean     NOT NULL DEFAULT true,
    locale         text        NOT NULL DEFAULT 'id',
    time_zone      text        NOT NULL DEFAULT 'Asia/Jakarta',
    last_login_at  timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_roles_known CHECK (
        cardinality(roles) >= 1
        AND roles <@ ARRAY['admin', 'supervisor', 'agent', 'technician', 'finance', 'customer']
    ),
    CONSTRAINT users_customer_alone CHECK (NOT ('customer' = ANY (roles)) OR cardinality(roles) = 1),
    CONSTRAINT users_locale_known CHECK (locale IN ('id', 'en')),
    CONSTRAINT users_username_format CHECK (username ~ '^[a-z0-9._-]{3,32}$')
);

CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_username_key ON users (username);
-- keyset pagination of the admin list: ORDER BY lower(full_name), id
CREATE INDEX users_name_order_idx ON users (lower(full_name), id);
CREATE INDEX users_roles_idx ON users USING gin (roles);
