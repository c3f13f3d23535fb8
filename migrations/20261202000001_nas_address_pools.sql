-- The router's address pools as last read by the monitor, so a static address can be
-- checked against them while the router is down (app/src/nas/server/pools.rs).
ALTER TABLE nas
    ADD COLUMN address_pools jsonb NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN pools_read_at timestamptz;
