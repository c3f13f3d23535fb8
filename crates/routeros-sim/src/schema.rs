//! The menus the simulator models, with the properties RouterOS has in them, their
//! defaults, and which of them an API client may set.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuKind {
    /// `add`, `set`, `remove`, `enable`, `disable`, `print`, `listen`.
    Table,
    /// One item without `.id`: `print` and `set` (`/system/identity`).
    Singleton,
    /// Made by the router: `print`, `listen`, and `remove` to kick (`/ppp/active`).
    Dynamic,
    /// Interfaces are made by their own menus; here they can be printed and set.
    Interfaces,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// `yes`/`no`/`true`/`false`, stored as `true`/`false` as the API prints them.
    Bool,
    Integer,
    /// One of the given words.
    Choice(&'static [&'static str]),
    /// The `name` of an item in another menu (or one of the extra words given).
    Reference(&'static str, &'static [&'static str]),
    /// Shown but never set by a client (counters, uptimes, dynamic flags).
    ReadOnly,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: FieldKind,
    pub default: Option<&'static str>,
}

const fn field(name: &'static str, kind: FieldKind, default: Option<&'static str>) -> Field {
    Field {
        name,
        kind,
        default,
    }
}

const fn text(name: &'static str) -> Field {
    field(name, FieldKind::Text, None)
}

const fn read_only(name: &'static str) -> Field {
    field(name, FieldKind::ReadOnly, None)
}

const DISABLED: Field = field("disabled", FieldKind::Bool, Some("false"));
const COMMENT: Field = text("comment");

#[derive(Debug)]
pub struct MenuSchema {
    pub path: &'static str,
    pub kind: MenuKind,
    /// Properties whose combined value must be unique, and the trap when it is not.
    pub unique: &'static [&'static str],
    pub duplicate_message: &'static str,
    /// Properties that `add` needs.
    pub required: &'static [&'static str],
    pub fields: &'static [Field],
}

impl MenuSchema {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn has_disabled(&self) -> bool {
        self.field("disabled").is_some()
    }
}

const SERVICES: &[&str] = &["any", "async", "l2tp", "ovpn", "pppoe", "pptp", "sstp"];

pub static MENUS: &[MenuSchema] = &[
    MenuSchema {
        path: "/system/identity",
        kind: MenuKind::Singleton,
        unique: &[],
        duplicate_message: "",
        required: &[],
        fields: &[field("name", FieldKind::Text, Some("MikroTik"))],
    },
    MenuSchema {
        path: "/system/resource",
        kind: MenuKind::Singleton,
        unique: &[],
        duplicate_message: "",
        required: &[],
        fields: &[
            read_only("uptime"),
            read_only("version"),
            read_only("build-time"),
            read_only("factory-software"),
            read_only("free-memory"),
            read_only("total-memory"),
            read_only("cpu"),
            read_only("cpu-count"),
            read_only("cpu-frequency"),
            read_only("cpu-load"),
            read_only("free-hdd-space"),
            read_only("total-hdd-space"),
            read_only("architecture-name"),
            read_only("board-name"),
            read_only("platform"),
        ],
    },
    MenuSchema {
        path: "/interface",
        kind: MenuKind::Interfaces,
        unique: &["name"],
        duplicate_message: "failure: already have interface with such name",
        required: &[],
        fields: &[
            text("name"),
            read_only("default-name"),
            read_only("type"),
            field("mtu", FieldKind::Integer, Some("1500")),
            read_only("actual-mtu"),
            read_only("mac-address"),
            read_only("last-link-up-time"),
            read_only("link-downs"),
            read_only("rx-byte"),
            read_only("tx-byte"),
            read_only("rx-packet"),
            read_only("tx-packet"),
            read_only("running"),
            read_only("dynamic"),
            DISABLED,
            COMMENT,
        ],
    },
    MenuSchema {
        path: "/ip/address",
        kind: MenuKind::Table,
        unique: &["address", "interface"],
        duplicate_message: "failure: already have such address",
        required: &["address", "interface"],
        fields: &[
            text("address"),
            text("network"),
            field("interface", FieldKind::Reference("/interface", &[]), None),
            read_only("actual-interface"),
            read_only("invalid"),
            read_only("dynamic"),
            DISABLED,
            COMMENT,
        ],
    },
    MenuSchema {
        path: "/ip/pool",
        kind: MenuKind::Table,
        unique: &["name"],
        duplicate_message: "failure: pool with such name exists",
        required: &["name", "ranges"],
        fields: &[
            text("name"),
            text("ranges"),
            field(
                "next-pool",
                FieldKind::Reference("/ip/pool", &["none"]),
                Some("none"),
            ),
            COMMENT,
        ],
    },
    MenuSchema {
        path: "/ppp/profile",
        kind: MenuKind::Table,
        unique: &["name"],
        duplicate_message: "failure: profile with the same name already exists",
        required: &["name"],
        fields: &[
            text("name"),
            text("local-address"),
            text("remote-address"),
            text("rate-limit"),
            text("dns-server"),
            field(
                "only-one",
                FieldKind::Choice(&["default", "yes", "no"]),
                Some("default"),
            ),
            field(
                "change-tcp-mss",
                FieldKind::Choice(&["default", "yes", "no"]),
                Some("default"),
            ),
            text("address-list"),
            text("parent-queue"),
            read_only("default"),
            COMMENT,
        ],
    },
    MenuSchema {
        path: "/ppp/secret",
        kind: MenuKind::Table,
        unique: &["name"],
        duplicate_message: "failure: secret with the same name already exists",
        required: &["name"],
        fields: &[
            text("name"),
            text("password"),
            field("service", FieldKind::Choice(SERVICES), Some("any")),
            text("caller-id"),
            field(
                "profile",
                FieldKind::Reference("/ppp/profile", &[]),
                Some("default"),
            ),
            text("local-address"),
            text("remote-address"),
            text("routes"),
            field("limit-bytes-in", FieldKind::Integer, Some("0")),
            field("limit-bytes-out", FieldKind::Integer, Some("0")),
            read_only("last-logged-out"),
            read_only("last-caller-id"),
            read_only("last-disconnect-reason"),
            DISABLED,
            COMMENT,
        ],
    },
    MenuSchema {
        path: "/ppp/active",
        kind: MenuKind::Dynamic,
        unique: &[],
        duplicate_message: "",
        required: &[],
        fields: &[
            read_only("name"),
            read_only("service"),
            read_only("caller-id"),
            read_only("encoding"),
            read_only("address"),
            read_only("uptime"),
            read_only("session-id"),
            read_only("limit-bytes-in"),
            read_only("limit-bytes-out"),
            read_only("radius"),
        ],
    },
    MenuSchema {
        path: "/queue/simple",
        kind: MenuKind::Table,
        unique: &["name"],
        duplicate_message: "failure: queue with such name already exists",
        required: &["target"],
        fields: &[
            text("name"),
            text("target"),
            text("dst"),
            field("parent", FieldKind::Text, Some("none")),
            field("max-limit", FieldKind::Text, Some("0/0")),
            field("limit-at", FieldKind::Text, Some("0/0")),
            field("burst-limit", FieldKind::Text, Some("0/0")),
            field("burst-threshold", FieldKind::Text, Some("0/0")),
            field("burst-time", FieldKind::Text, Some("0s/0s")),
            field("priority", FieldKind::Text, Some("8/8")),
            read_only("bytes"),
            read_only("dynamic"),
            DISABLED,
            COMMENT,
        ],
    },
    MenuSchema {
        path: "/ip/firewall/address-list",
        kind: MenuKind::Table,
        unique: &["list", "address"],
        duplicate_message: "failure: already have such entry",
        required: &["list", "address"],
        fields: &[
            text("list"),
            text("address"),
            text("timeout"),
            read_only("creation-time"),
            read_only("dynamic"),
            DISABLED,
            COMMENT,
        ],
    },
    MenuSchema {
        path: "/ip/hotspot/user/profile",
        kind: MenuKind::Table,
        unique: &["name"],
        duplicate_message: "failure: profile with the same name already exists",
        required: &["name"],
        fields: &[
            text("name"),
            text("rate-limit"),
            field("shared-users", FieldKind::Text, Some("1")),
            text("session-timeout"),
            field(
                "address-pool",
                FieldKind::Reference("/ip/pool", &["none"]),
                Some("none"),
            ),
            text("address-list"),
            read_only("default"),
            COMMENT,
        ],
    },
    MenuSchema {
        path: "/ip/hotspot/user",
        kind: MenuKind::Table,
        unique: &["name"],
        duplicate_message: "failure: user with the same name already exists",
        required: &["name"],
        fields: &[
            field("server", FieldKind::Text, Some("all")),
            text("name"),
            text("password"),
            field(
                "profile",
                FieldKind::Reference("/ip/hotspot/user/profile", &[]),
                Some("default"),
            ),
            text("mac-address"),
            text("address"),
            field("limit-uptime", FieldKind::Text, Some("0s")),
            field("limit-bytes-total", FieldKind::Integer, Some("0")),
            read_only("uptime"),
            read_only("bytes-in"),
            read_only("bytes-out"),
            read_only("dynamic"),
            DISABLED,
            COMMENT,
        ],
    },
    MenuSchema {
        path: "/ip/hotspot/active",
        kind: MenuKind::Dynamic,
        unique: &[],
        duplicate_message: "",
        required: &[],
        fields: &[
            read_only("server"),
            read_only("user"),
            read_only("address"),
            read_only("mac-address"),
            read_only("login-by"),
            read_only("uptime"),
            read_only("bytes-in"),
            read_only("bytes-out"),
        ],
    },
];

pub fn menu(path: &str) -> Option<&'static MenuSchema> {
    MENUS.iter().find(|m| m.path == path)
}

/// Whether `path` is a prefix of some menu (`/ppp` of `/ppp/secret`): RouterOS tells
/// "no such command" from "no such command prefix".
pub fn is_menu_prefix(path: &str) -> bool {
    MENUS
        .iter()
        .any(|m| m.path.starts_with(path) && m.path[path.len()..].starts_with('/'))
}
