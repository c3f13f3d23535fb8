-- Network plant and CMDB: classes of configuration items with typed attributes, the items
-- themselves (routers and lines included, kept in step by triggers), and the relations
-- between them that impact analysis walks.

-- A class is data: its attributes are definitions the application validates and draws as
-- form fields, so a new kind of device needs a row here, not a migration of its own.
CREATE TABLE ci_classes (
    code        text     PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,30}$'),
    name_id     text     NOT NULL CHECK (length(name_id) BETWEEN 1 AND 80),
    name_en     text     NOT NULL CHECK (length(name_en) BETWEEN 1 AND 80),
    -- From the core (0) to the customer's house: the graph lays classes out in this order.
    tier        smallint NOT NULL CHECK (tier BETWEEN 0 AND 20),
    -- [{"key", "label": {"id", "en"}, "type": text|integer|choice|serial|mac|ip,
    --   "required", "choices", "min", "max"}]
    attributes  jsonb    NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attributes) = 'array'),
    -- The attribute holding how many downstream ports an item of this class has.
    ports_key   text,
    -- Items made and kept by Simpul from other records (routers, lines): not created,
    -- renamed or retired by hand.
    managed     boolean  NOT NULL DEFAULT false,
    position    smallint NOT NULL DEFAULT 0
);

INSERT INTO ci_classes (code, name_id, name_en, tier, attributes, ports_key, managed, position) VALUES
('nas', 'Router (NAS)', 'Router (NAS)', 1, '[]', NULL, true, 10),
('switch', 'Switch', 'Switch', 2,
 '[{"key":"vendor","label":{"id":"Vendor","en":"Vendor"},"type":"text"},
   {"key":"model","label":{"id":"Model","en":"Model"},"type":"text"},
   {"key":"ports","label":{"id":"Jumlah port","en":"Ports"},"type":"integer","min":1,"max":512},
   {"key":"management_ip","label":{"id":"IP manajemen","en":"Management IP"},"type":"ip"}]',
 'ports', false, 20),
('server', 'Server', 'Server', 1,
 '[{"key":"vendor","label":{"id":"Vendor","en":"Vendor"},"type":"text"},
   {"key":"model","label":{"id":"Model","en":"Model"},"type":"text"},
   {"key":"management_ip","label":{"id":"IP manajemen","en":"Management IP"},"type":"ip"}]',
 NULL, false, 30),
('link', 'Uplink / backbone', 'Uplink / backbone', 0,
 '[{"key":"provider","label":{"id":"Penyedia","en":"Provider"},"type":"text"},
   {"key":"capacity_mbps","label":{"id":"Kapasitas (Mbps)","en":"Capacity (Mbps)"},"type":"integer","min":1,"max":1000000},
   {"key":"circuit_id","label":{"id":"ID sirkuit","en":"Circuit ID"},"type":"text"}]',
 NULL, false, 40),
('olt', 'OLT', 'OLT', 3,
 '[{"key":"vendor","label":{"id":"Vendor","en":"Vendor"},"type":"text","required":true},
   {"key":"model","label":{"id":"Model","en":"Model"},"type":"text"},
   {"key":"pon_ports","label":{"id":"Port PON","en":"PON ports"},"type":"integer","required":true,"min":1,"max":128},
   {"key":"management_ip","label":{"id":"IP manajemen","en":"Management IP"},"type":"ip"}]',
 'pon_ports', false, 50),
('pon_port', 'Port PON', 'PON port', 4,
 '[{"key":"port_number","label":{"id":"Nomor port","en":"Port number"},"type":"integer","required":true,"min":1,"max":128}]',
 NULL, false, 60),
('odc', 'ODC', 'ODC', 5,
 '[{"key":"cabinet","label":{"id":"Kabinet","en":"Cabinet"},"type":"text"},
   {"key":"capacity","label":{"id":"Kapasitas port","en":"Port capacity"},"type":"integer","required":true,"min":1,"max":576},
   {"key":"splitter_ratio","label":{"id":"Rasio splitter","en":"Splitter ratio"},"type":"choice","choices":["1:2","1:4","1:8","1:16","1:32"]}]',
 'capacity', false, 70),
('splitter', 'Splitter', 'Splitter', 6,
 '[{"key":"outputs","label":{"id":"Jumlah keluaran","en":"Outputs"},"type":"choice","required":true,"choices":["2","4","8","16","32"]}]',
 'outputs', false, 80),
('odp', 'ODP', 'ODP', 7,
 '[{"key":"capacity","label":{"id":"Kapasitas port","en":"Port capacity"},"type":"choice","required":true,"choices":["8","16"]},
   {"key":"splitter_ratio","label":{"id":"Rasio splitter","en":"Splitter ratio"},"type":"choice","choices":["1:8","1:16"]},
   {"key":"pole","label":{"id":"Tiang","en":"Pole"},"type":"text"}]',
 'capacity', false, 90),
('ont', 'ONT', 'ONT', 8,
 '[{"key":"vendor","label":{"id":"Vendor","en":"Vendor"},"type":"text"},
   {"key":"model","label":{"id":"Model","en":"Model"},"type":"text"},
   {"key":"serial_number","label":{"id":"Nomor seri","en":"Serial number"},"type":"serial","required":true},
   {"key":"mac","label":{"id":"Alamat MAC","en":"MAC address"},"type":"mac"}]',
 NULL, false, 100),
('premise', 'Lokasi pelanggan', 'Customer premise', 9, '[]', NULL, true, 110),
('service', 'Layanan', 'Service', 10,
 '[{"key":"description","label":{"id":"Keterangan","en":"Description"},"type":"text"}]',
 NULL, false, 120);

CREATE TABLE cis (
    id              bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    class           text    NOT NULL REFERENCES ci_classes (code),
    code            text    NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$'),
    name            text    NOT NULL CHECK (length(name) BETWEEN 1 AND 160),
    lifecycle       text    NOT NULL DEFAULT 'active'
                    CHECK (lifecycle IN ('planned', 'installed', 'active', 'maintenance', 'retired')),
    latitude        double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude       double precision CHECK (longitude BETWEEN -180 AND 180),
    address         text    NOT NULL DEFAULT '' CHECK (length(address) <= 500),
    owner_group_id  bigint  REFERENCES support_groups (id),
    notes           text    NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
    -- values of the class's attributes, checked by the application against its definitions
    attributes      jsonb   NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
    -- the router or line this item stands for (managed classes)
    nas_id          bigint  UNIQUE REFERENCES nas (id),
    subscription_id bigint  UNIQUE REFERENCES subscriptions (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cis_coordinates_pair CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE UNIQUE INDEX cis_code_key ON cis (lower(code));
-- the list, all classes or one: keyset on (lower(code), id)
CREATE INDEX cis_class_code_idx ON cis (class, lower(code), id);
CREATE INDEX cis_search_idx ON cis USING gin (lower(code || ' ' || name) gin_trgm_ops);

CREATE TABLE ci_relations (
    id          bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text    NOT NULL CHECK (kind IN ('feeds', 'depends_on', 'hosted_on', 'backup_of')),
    from_ci     bigint  NOT NULL REFERENCES cis (id) ON DELETE CASCADE,
    to_ci       bigint  NOT NULL REFERENCES cis (id) ON DELETE CASCADE,
    -- feeds: the port on the upstream item and on the downstream one (OLT PON 3 → ODC port 2)
    from_port   integer CHECK (from_port BETWEEN 1 AND 10000),
    to_port     integer CHECK (to_port BETWEEN 1 AND 10000),
    note        text    NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- Which end a failure travels from and to: a feeder fails what it feeds, a host or a
    -- dependency fails what relies on it. A backup carries no failure; impact analysis
    -- reads it to keep up what a redundant path still serves.
    upstream_id   bigint GENERATED ALWAYS AS
                  (CASE kind WHEN 'feeds' THEN from_ci WHEN 'backup_of' THEN NULL ELSE to_ci END) STORED,
    downstream_id bigint GENERATED ALWAYS AS
                  (CASE kind WHEN 'feeds' THEN to_ci WHEN 'backup_of' THEN NULL ELSE from_ci END) STORED,
    CONSTRAINT ci_relations_not_self CHECK (from_ci <> to_ci),
    CONSTRAINT ci_relations_ports_only_on_feeds CHECK (kind = 'feeds' OR (from_port IS NULL AND to_port IS NULL)),
    CONSTRAINT ci_relations_pair_key UNIQUE (kind, from_ci, to_ci)
);
CREATE UNIQUE INDEX ci_relations_out_port_key ON ci_relations (from_ci, from_port)
    WHERE kind = 'feeds' AND from_port IS NOT NULL;
CREATE UNIQUE INDEX ci_relations_in_port_key ON ci_relations (to_ci, to_port)
    WHERE kind = 'feeds' AND to_port IS NOT NULL;
-- impact walks down, the path walks up; both read only the index
CREATE INDEX ci_relations_down_idx ON ci_relations (upstream_id) INCLUDE (downstream_id, kind);
CREATE INDEX ci_relations_up_idx ON ci_relations (downstream_id) INCLUDE (upstream_id, kind);
CREATE INDEX ci_relations_to_idx ON ci_relations (to_ci);

-- Feeds never loop: a new feed A → B is refused when B already feeds A, directly or not.
-- One lock for all feed changes, so that two transactions cannot each add half of a loop.
CREATE FUNCTION ci_relations_refuse_feed_loop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.kind <> 'feeds' THEN
        RETURN NEW;
    END IF;
    PERFORM pg_advisory_xact_lock(7340150);
    IF EXISTS (
        WITH RECURSIVE reach(id) AS (
            SELECT NEW.to_ci
            UNION
            SELECT r.to_ci FROM ci_relations r JOIN reach ON r.from_ci = reach.id
            WHERE r.kind = 'feeds' AND r.id IS DISTINCT FROM NEW.id
        )
        SELECT 1 FROM reach WHERE id = NEW.from_ci
    ) THEN
        RAISE EXCEPTION 'feed loop: % already feeds %', NEW.to_ci, NEW.from_ci
            USING ERRCODE = '23514', CONSTRAINT = 'ci_relations_feed_loop';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER ci_relations_feed_loop BEFORE INSERT OR UPDATE ON ci_relations
    FOR EACH ROW EXECUTE FUNCTION ci_relations_refuse_feed_loop();

CREATE TABLE ci_broken_ports (
    ci_id    bigint  NOT NULL REFERENCES cis (id) ON DELETE CASCADE,
    port     integer NOT NULL CHECK (port BETWEEN 1 AND 10000),
    note     text    NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    PRIMARY KEY (ci_id, port)
);

-- Routers are CIs: NAS-001 follows its router's name and whether it is in service.
CREATE FUNCTION nas_sync_ci() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO cis (class, code, name, lifecycle, address, nas_id)
    VALUES ('nas', 'NAS-' || lpad(NEW.id::text, 3, '0'), NEW.name,
            CASE WHEN NEW.active THEN 'active' ELSE 'retired' END, NEW.site, NEW.id)
    ON CONFLICT (nas_id) DO UPDATE
        SET name = EXCLUDED.name, lifecycle = EXCLUDED.lifecycle, address = EXCLUDED.address,
            updated_at = now()
        WHERE (cis.name, cis.lifecycle, cis.address)
              IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.lifecycle, EXCLUDED.address);
    RETURN NEW;
END $$;
CREATE TRIGGER nas_sync_ci AFTER INSERT OR UPDATE OF name, active, site ON nas
    FOR EACH ROW EXECUTE FUNCTION nas_sync_ci();

-- Where a line stands in its life, as a CI.
CREATE FUNCTION line_lifecycle(status text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE status
        WHEN 'pending_install' THEN 'planned'
        WHEN 'terminated' THEN 'retired'
        WHEN 'suspended' THEN 'installed'
        ELSE 'active' END
$$;

-- Lines are customer premises: LINE-000001, named after the customer, depending on the
-- line's router (moved with it).
CREATE FUNCTION subscription_sync_ci() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    premise bigint;
    router_ci bigint;
BEGIN
    INSERT INTO cis (class, code, name, lifecycle, address, latitude, longitude, subscription_id)
    SELECT 'premise', 'LINE-' || lpad(NEW.id::text, 6, '0'),
           left(c.full_name || ' · ' || NEW.username, 160), line_lifecycle(NEW.status),
           NEW.install_address, c.latitude, c.longitude, NEW.id
    FROM customers c WHERE c.id = NEW.customer_id
    ON CONFLICT (subscription_id) DO UPDATE
        SET name = EXCLUDED.name, lifecycle = EXCLUDED.lifecycle, address = EXCLUDED.address,
            updated_at = now()
        WHERE (cis.name, cis.lifecycle, cis.address)
              IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.lifecycle, EXCLUDED.address);
    SELECT id INTO premise FROM cis WHERE subscription_id = NEW.id;
    SELECT id INTO router_ci FROM cis WHERE nas_id = NEW.nas_id;
    IF premise IS NOT NULL AND router_ci IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM ci_relations
        WHERE kind = 'depends_on' AND from_ci = premise AND to_ci = router_ci
    ) THEN
        DELETE FROM ci_relations r USING cis n
        WHERE r.from_ci = premise AND r.kind = 'depends_on' AND n.id = r.to_ci AND n.class = 'nas';
        INSERT INTO ci_relations (kind, from_ci, to_ci) VALUES ('depends_on', premise, router_ci);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER subscription_sync_ci
    AFTER INSERT OR UPDATE OF status, nas_id, customer_id, username, install_address ON subscriptions
    FOR EACH ROW EXECUTE FUNCTION subscription_sync_ci();

-- A customer's new name or place follows onto their premises.
CREATE FUNCTION customer_sync_cis() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cis p SET name = left(NEW.full_name || ' · ' || s.username, 160),
                     latitude = NEW.latitude, longitude = NEW.longitude, updated_at = now()
    FROM subscriptions s
    WHERE s.customer_id = NEW.id AND p.subscription_id = s.id;
    RETURN NEW;
END $$;
CREATE TRIGGER customer_sync_cis AFTER UPDATE OF full_name, latitude, longitude ON customers
    FOR EACH ROW
    WHEN ((OLD.full_name, OLD.latitude, OLD.longitude)
          IS DISTINCT FROM (NEW.full_name, NEW.latitude, NEW.longitude))
    EXECUTE FUNCTION customer_sync_cis();

-- What exists already becomes CIs (the triggers do the same work row by row).
UPDATE nas SET name = name;
UPDATE subscriptions SET nas_id = nas_id;

ALTER TABLE tickets ADD CONSTRAINT tickets_config_item_fkey
    FOREIGN KEY (config_item_id) REFERENCES cis (id);
CREATE INDEX tickets_config_item_idx ON tickets (config_item_id) WHERE config_item_id IS NOT NULL;
