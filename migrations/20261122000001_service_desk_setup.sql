-- Service desk configuration: support groups, business calendars and holidays, the category
-- tree, the priority matrix, SLA policies and desk-wide settings.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Teams that tickets are assigned to ("Network Ops", "Field Technicians").
CREATE TABLE support_groups (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    description   text        NOT NULL DEFAULT '',
    -- told about warnings and breaches of the group's tickets
    supervisor_id bigint      REFERENCES users (id),
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX support_groups_name_key ON support_groups (lower(name));

CREATE TABLE support_group_members (
    group_id bigint NOT NULL REFERENCES support_groups (id) ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX support_group_members_user_idx ON support_group_members (user_id);

-- When SLA clocks run. `always_open` calendars (24×7) ignore segments and holidays.
CREATE TABLE business_calendars (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name              text        NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    time_zone         text        NOT NULL DEFAULT 'Asia/Jakarta'
                                  CHECK (time_zone IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'UTC')),
    always_open       boolean     NOT NULL DEFAULT false,
    observes_holidays boolean     NOT NULL DEFAULT true,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX business_calendars_name_key ON business_calendars (lower(name));

-- Working periods per ISO weekday (1 = Monday), in minutes after local midnight.
CREATE TABLE business_calendar_segments (
    calendar_id  bigint   NOT NULL REFERENCES business_calendars (id) ON DELETE CASCADE,
    weekday      smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_minute smallint NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute   smallint NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
    PRIMARY KEY (calendar_id, weekday, start_minute),
    CHECK (end_minute > start_minute)
);

-- National holidays, shared by every calendar that observes them. `provisional` marks dates
-- estimated before the government's decree (SKB) for that year was available.
CREATE TABLE holidays (
    day         date    PRIMARY KEY,
    name        text    NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    provisional boolean NOT NULL DEFAULT false
);

CREATE TABLE ticket_categories (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id       bigint      REFERENCES ticket_categories (id),
    name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    -- category-driven defaults for new tickets and auto-assignment
    group_id        bigint      REFERENCES support_groups (id),
    default_impact  smallint    CHECK (default_impact BETWEEN 1 AND 3),
    default_urgency smallint    CHECK (default_urgency BETWEEN 1 AND 3),
    active          boolean     NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS DISTINCT FROM id)
);
CREATE UNIQUE INDEX ticket_categories_name_key
    ON ticket_categories (coalesce(parent_id, 0), lower(name));

-- Impact × urgency → priority. Starts as the ITIL 3×3 → 5 levels.
CREATE TABLE priority_matrix (
    impact   smallint NOT NULL CHECK (impact BETWEEN 1 AND 3),
    urgency  smallint NOT NULL CHECK (urgency BETWEEN 1 AND 3),
    priority smallint NOT NULL CHECK (priority BETWEEN 1 AND 5),
    PRIMARY KEY (impact, urgency)
);
INSERT INTO priority_matrix (impact, urgency, priority) VALUES
    (1, 1, 1), (1, 2, 2), (1, 3, 3),
    (2, 1, 2), (2, 2, 3), (2, 3, 4),
    (3, 1, 3), (3, 2, 4), (3, 3, 5);

-- A policy applies when every criterion it sets matches the ticket; the most specific
-- policy wins (see app/src/sla/model.rs).
CREATE TABLE sla_policies (
    id                 bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name               text        NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    ticket_kind        text        CHECK (ticket_kind IN ('incident', 'request')),
    priority           smallint    CHECK (priority BETWEEN 1 AND 5),
    category_id        bigint      REFERENCES ticket_categories (id),
    calendar_id        bigint      NOT NULL REFERENCES business_calendars (id),
    response_minutes   integer     NOT NULL CHECK (response_minutes > 0),
    resolution_minutes integer     NOT NULL CHECK (resolution_minutes > 0),
    warning_percent    smallint    NOT NULL DEFAULT 75 CHECK (warning_percent BETWEEN 1 AND 99),
    active             boolean     NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sla_policies_name_key ON sla_policies (lower(name));

-- Desk-wide settings: exactly one row.
CREATE TABLE service_desk_settings (
    id                  boolean     PRIMARY KEY DEFAULT true CHECK (id),
    -- how long after resolution a ticket may be reopened; later it closes by itself
    reopen_window_hours integer     NOT NULL DEFAULT 168 CHECK (reopen_window_hours BETWEEN 1 AND 8760),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
INSERT INTO service_desk_settings DEFAULT VALUES;

-- Indonesian national holidays (libur nasional). 2026 follows the joint decree (SKB 3 Menteri)
-- published in September 2025. For 2027 the fixed-date holidays and the Easter-based ones are
-- exact; the lunar ones are astronomical estimates, marked provisional until the 2027 decree
-- is entered on the holidays screen.
INSERT INTO holidays (day, name, provisional) VALUES
    ('2026-01-01', 'Tahun Baru Masehi', false),
    ('2026-01-16', 'Isra Mikraj Nabi Muhammad SAW', false),
    ('2026-02-17', 'Tahun Baru Imlek 2577 Kongzili', false),
    ('2026-03-19', 'Hari Suci Nyepi Tahun Baru Saka 1948', false),
    ('2026-03-21', 'Hari Raya Idulfitri 1447 H', false),
    ('2026-03-22', 'Hari Raya Idulfitri 1447 H', false),
    ('2026-04-03', 'Wafat Yesus Kristus', false),
    ('2026-04-05', 'Kebangkitan Yesus Kristus (Paskah)', false),
    ('2026-05-01', 'Hari Buruh Internasional', false),
    ('2026-05-14', 'Kenaikan Yesus Kristus', false),
    ('2026-05-27', 'Hari Raya Iduladha 1447 H', false),
    ('2026-05-31', 'Hari Raya Waisak 2570 BE', false),
    ('2026-06-01', 'Hari Lahir Pancasila', false),
    ('2026-06-16', 'Tahun Baru Islam 1448 H', false),
    ('2026-08-17', 'Hari Kemerdekaan Republik Indonesia', false),
    ('2026-08-25', 'Maulid Nabi Muhammad SAW', false),
    ('2026-12-25', 'Hari Raya Natal', false),
    ('2027-01-01', 'Tahun Baru Masehi', false),
    ('2027-01-05', 'Isra Mikraj Nabi Muhammad SAW', true),
    ('2027-02-06', 'Tahun Baru Imlek 2578 Kongzili', false),
    ('2027-03-09', 'Hari Suci Nyepi Tahun Baru Saka 1949', true),
    ('2027-03-10', 'Hari Raya Idulfitri 1448 H', true),
    ('2027-03-11', 'Hari Raya Idulfitri 1448 H', true),
    ('2027-03-26', 'Wafat Yesus Kristus', false),
    ('2027-03-28', 'Kebangkitan Yesus Kristus (Paskah)', false),
    ('2027-05-01', 'Hari Buruh Internasional', false),
    ('2027-05-06', 'Kenaikan Yesus Kristus', false),
    ('2027-05-17', 'Hari Raya Iduladha 1448 H', true),
    ('2027-05-20', 'Hari Raya Waisak 2571 BE', true),
    ('2027-06-01', 'Hari Lahir Pancasila', false),
    ('2027-06-06', 'Tahun Baru Islam 1449 H', true),
    ('2027-08-17', 'Hari Kemerdekaan Republik Indonesia', false),
    ('2027-08-15', 'Maulid Nabi Muhammad SAW', true),
    ('2027-12-25', 'Hari Raya Natal', false);

-- Every install starts with a Monday–Friday office calendar and a 24×7 one, and SLA policies
-- per priority on them, so the first ticket already has clocks. Admins change them freely.
INSERT INTO business_calendars (name, time_zone, always_open, observes_holidays) VALUES
    ('Jam kerja kantor (Sen–Jum 08.00–17.00)', 'Asia/Jakarta', false, true),
    ('24×7', 'Asia/Jakarta', true, false);
INSERT INTO business_calendar_segments (calendar_id, weekday, start_minute, end_minute)
SELECT c.id, d.weekday, 480, 1020
FROM business_calendars c, generate_series(1, 5) AS d(weekday)
WHERE c.always_open = false;

INSERT INTO sla_policies (name, ticket_kind, priority, calendar_id, response_minutes, resolution_minutes)
SELECT p.name, NULL, p.priority, c.id, p.response, p.resolution
FROM (VALUES
        ('P1 Kritis (24×7)', 1, 15, 240, true),
        ('P2 Tinggi (24×7)', 2, 30, 480, true),
        ('P3 Sedang', 3, 120, 1080, false),
        ('P4 Rendah', 4, 240, 2700, false),
        ('P5 Perencanaan', 5, 480, 5400, false)
     ) AS p(name, priority, response, resolution, always_open)
JOIN business_calendars c ON c.always_open = p.always_open;
