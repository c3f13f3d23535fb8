-- IP address management: the address blocks an ISP gives each router (a /22 for its
-- PPPoE customers, a /29 of public addresses for business lines). The pools the router
-- hands addresses out of are read from the router itself (nas.address_pools); which
-- line holds which address comes from the lines (static_ip) and their live sessions.
CREATE TABLE ip_prefixes (
    id          bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    nas_id      bigint  NOT NULL REFERENCES nas (id) ON DELETE CASCADE,
    prefix      cidr    NOT NULL CHECK (family(prefix) = 4 AND masklen(prefix) >= 8),
    description text    NOT NULL DEFAULT '' CHECK (length(description) <= 200),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ip_prefixes_key UNIQUE (nas_id, prefix)
);
