-- Impact analysis keeps the plant's relations in memory (app/src/cmdb/server/topology.rs)
-- and reloads them when this row says they changed. `token` tells databases apart (a
-- recreated database starts a new token), `version` counts committed changes to what the
-- walk reads: relations, and which CIs exist with which class and line.
CREATE TABLE cmdb_topology (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    token    bigint  NOT NULL DEFAULT floor(random() * 9e18)::bigint,
    version  bigint  NOT NULL DEFAULT 0
);
INSERT INTO cmdb_topology DEFAULT VALUES;

-- Every writer of the plant takes the plant lock (the feed-loop trigger's advisory lock)
-- before the version row, and the services take it before any CI row, so two writers
-- always lock in the same order and never deadlock.
CREATE FUNCTION cmdb_topology_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7340150);
    UPDATE cmdb_topology SET version = version + 1;
    RETURN NULL;
END $$;

CREATE TRIGGER ci_relations_topology
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ci_relations
    FOR EACH STATEMENT EXECUTE FUNCTION cmdb_topology_changed();
CREATE TRIGGER cis_topology
    AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF class, subscription_id ON cis
    FOR EACH STATEMENT EXECUTE FUNCTION cmdb_topology_changed();
