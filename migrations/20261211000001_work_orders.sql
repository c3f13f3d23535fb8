-- Field service: technicians, work orders with their state history, the checklist and the
-- evidence each kind of order needs before it can be done.

-- A staff account that works in the field. Skills and zone drive auto-assign; the home base
-- and working hours bound the route of the day.
CREATE TABLE technicians (
    user_id     bigint      PRIMARY KEY REFERENCES users (id),
    skills      text[]      NOT NULL DEFAULT '{}'
                CHECK (skills <@ ARRAY['fiber_splicing', 'wireless', 'installation']::text[]),
    zone        text        NOT NULL DEFAULT '' CHECK (length(zone) <= 60),
    home_lat    double precision CHECK (home_lat BETWEEN -90 AND 90),
    home_lng    double precision CHECK (home_lng BETWEEN -180 AND 180),
    -- local (Asia/Jakarta) times of the working day
    work_start  time        NOT NULL DEFAULT '08:00',
    work_end    time        NOT NULL DEFAULT '17:00',
    active      boolean     NOT NULL DEFAULT true,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT technicians_home_pair CHECK ((home_lat IS NULL) = (home_lng IS NULL)),
    CONSTRAINT technicians_hours CHECK (work_start < work_end)
);

-- What each kind of order asks of the technician; admins edit it. The checklist is a list of
-- {key, id, en} items; evidence names the kinds of proof that must be in before "done".
CREATE TABLE work_order_templates (
    kind       text        PRIMARY KEY
               CHECK (kind IN ('installation', 'repair', 'dismantle', 'survey')),
    checklist  jsonb       NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(checklist) = 'array'),
    evidence   text[]      NOT NULL DEFAULT '{}'
               CHECK (evidence <@ ARRAY['photo_odp', 'photo_ont', 'ont_serial', 'rx_power',
                                        'signature']::text[]),
    updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO work_order_templates (kind, checklist, evidence) VALUES
('installation',
 '[{"key":"drop_cable","id":"Tarik kabel drop dari ODP ke rumah","en":"Run the drop cable from the ODP to the house"},
   {"key":"splice","id":"Sambung dan rapikan di ODP","en":"Splice and tidy up at the ODP"},
   {"key":"ont_mount","id":"Pasang ONT dan adaptor daya","en":"Mount the ONT and its power adapter"},
   {"key":"speed_test","id":"Uji kecepatan bersama pelanggan","en":"Run a speed test with the customer"},
   {"key":"wifi_explained","id":"Jelaskan nama dan sandi Wi-Fi","en":"Explain the Wi-Fi name and password"}]',
 '{photo_odp,photo_ont,ont_serial,rx_power,signature}'),
('repair',
 '[{"key":"check_power","id":"Periksa daya dan lampu ONT","en":"Check the ONT power and lights"},
   {"key":"check_cable","id":"Periksa kabel drop dan konektor","en":"Check the drop cable and connectors"},
   {"key":"verify_service","id":"Pastikan layanan kembali normal","en":"Verify the service works again"}]',
 '{rx_power,signature}'),
('dismantle',
 '[{"key":"ont_collected","id":"Ambil ONT dan adaptor","en":"Collect the ONT and its adapter"},
   {"key":"port_freed","id":"Lepas kabel drop di ODP","en":"Disconnect the drop cable at the ODP"}]',
 '{photo_odp,ont_serial,signature}'),
('survey',
 '[{"key":"odp_distance","id":"Ukur jarak ke ODP terdekat","en":"Measure the distance to the nearest ODP"},
   {"key":"route_ok","id":"Pastikan jalur kabel bisa dilewati","en":"Confirm a cable route is possible"}]',
 '{photo_odp}');

CREATE SEQUENCE work_order_numbers;

CREATE TABLE work_orders (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number          text        NOT NULL UNIQUE,
    kind            text        NOT NULL REFERENCES work_order_templates (kind),
    state           text        NOT NULL DEFAULT 'new'
                    CHECK (state IN ('new', 'scheduled', 'on_the_way', 'on_site', 'done', 'failed',
                                     'rescheduled', 'cancelled')),
    ticket_id       bigint      REFERENCES tickets (id),
    subscription_id bigint      REFERENCES subscriptions (id),
    customer_id     bigint      REFERENCES customers (id),
    -- the plant it is about (the line's premise, the CI an incident names)
    ci_id           bigint      REFERENCES cis (id),
    -- where an installation connects the line: chosen by the desk or on site
    odp_id          bigint      REFERENCES cis (id),
    odp_port        integer     CHECK (odp_port BETWEEN 1 AND 10000),
    technician_id   bigint      REFERENCES technicians (user_id),
    -- the appointment agreed with the customer
    window_start    timestamptz,
    window_end      timestamptz,
    address         text        NOT NULL DEFAULT '' CHECK (length(address) <= 500),
    latitude        double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude       double precision CHECK (longitude BETWEEN -180 AND 180),
    -- what the dispatcher or agent asks for
    instructions    text        NOT NULL DEFAULT '' CHECK (length(instructions) <= 2000),
    -- what the technician reports
    tech_notes      text        NOT NULL DEFAULT '' CHECK (length(tech_notes) <= 4000),
    failure_reason  text        CHECK (failure_reason IN ('customer_absent', 'no_odp_port',
                                       'bad_weather', 'no_access', 'material_missing', 'other')),
    failure_note    text        NOT NULL DEFAULT '' CHECK (length(failure_note) <= 1000),
    -- checklist item key -> ticked
    checklist       jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(checklist) = 'object'),
    created_by      bigint      REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    completed_at    timestamptz,
    -- bumped on every change; the offline app sends the version it saw
    version         integer     NOT NULL DEFAULT 1,
    CONSTRAINT work_orders_window CHECK (window_end > window_start),
    CONSTRAINT work_orders_window_pair CHECK ((window_start IS NULL) = (window_end IS NULL)),
    CONSTRAINT work_orders_port_pair CHECK ((odp_id IS NULL) = (odp_port IS NULL)),
    CONSTRAINT work_orders_coordinates_pair CHECK ((latitude IS NULL) = (longitude IS NULL)),
    CONSTRAINT work_orders_scheduled_needs CHECK (
        state NOT IN ('scheduled', 'on_the_way', 'on_site', 'rescheduled')
        OR (technician_id IS NOT NULL AND window_start IS NOT NULL)),
    CONSTRAINT work_orders_failed_needs CHECK (state <> 'failed' OR failure_reason IS NOT NULL)
);
-- One open order of a kind per line: a second installation of one line is a mistake.
CREATE UNIQUE INDEX work_orders_open_per_line_key ON work_orders (subscription_id, kind)
    WHERE subscription_id IS NOT NULL AND state NOT IN ('done', 'cancelled');
-- the list, newest first, with its filters
CREATE INDEX work_orders_list_idx ON work_orders (id DESC);
CREATE INDEX work_orders_state_idx ON work_orders (state, id DESC);
-- a technician's day
CREATE INDEX work_orders_technician_idx ON work_orders (technician_id, window_start);
CREATE INDEX work_orders_ticket_idx ON work_orders (ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX work_orders_subscription_idx ON work_orders (subscription_id)
    WHERE subscription_id IS NOT NULL;
CREATE INDEX work_orders_customer_idx ON work_orders (customer_id, id DESC)
    WHERE customer_id IS NOT NULL;

-- Every state change with its time, who made it and why; the audit log keeps the rest.
CREATE TABLE work_order_events (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    work_order_id bigint      NOT NULL REFERENCES work_orders (id),
    at            timestamptz NOT NULL DEFAULT now(),
    actor_id      bigint      REFERENCES users (id),
    from_state    text,
    to_state      text        NOT NULL,
    -- why it failed (failure_reason codes), kept here as the order's own field is cleared
    -- when it is rescheduled
    reason        text,
    note          text        NOT NULL DEFAULT ''
);
CREATE INDEX work_order_events_order_idx ON work_order_events (work_order_id, at, id);

-- Proof gathered on site. Text proof (serial, RX power) is in value; photos and the signature
-- are files (file_path under the data dir, as ticket attachments).
CREATE TABLE work_order_evidence (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    work_order_id bigint      NOT NULL REFERENCES work_orders (id),
    kind          text        NOT NULL
                  CHECK (kind IN ('photo_odp', 'photo_ont', 'ont_serial', 'rx_power', 'signature')),
    value         text        NOT NULL DEFAULT '' CHECK (length(value) <= 200),
    file_path     text,
    content_type  text,
    size_bytes    bigint,
    created_by    bigint      REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_order_evidence_order_idx ON work_order_evidence (work_order_id, kind, id);
