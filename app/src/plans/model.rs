//! Service plans: speed, optional burst, price, and how a plan is written on a router
//! (a PPP profile or hotspot user profile whose `rate-limit` carries the speeds).

use crate::error::FieldErrors;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// How a line reaches the customer; decides what Simpul writes on the router.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum ConnectionType {
    /// A `/ppp/secret` with the plan's `/ppp/profile`.
    #[default]
    Pppoe,
    /// An `/ip/hotspot/user` with the plan's `/ip/hotspot/user/profile`.
    Hotspot,
    /// A fixed address shaped by a `/queue/simple`.
    Static,
}

impl ConnectionType {
    pub const ALL: [ConnectionType; 3] = [
        ConnectionType::Pppoe,
        ConnectionType::Hotspot,
        ConnectionType::Static,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionType::Pppoe => "pppoe",
            ConnectionType::Hotspot => "hotspot",
            ConnectionType::Static => "static",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }

    pub fn label(self) -> Msg {
        match self {
            ConnectionType::Pppoe => Msg::ConnPppoe,
            ConnectionType::Hotspot => Msg::ConnHotspot,
            ConnectionType::Static => Msg::ConnStatic,
        }
    }
}

/// Speeds in kbit/s. RouterOS counts k = 1 000 and M = 1 000 000.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Rates {
    pub download_kbps: i32,
    pub upload_kbps: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Burst {
    pub download_kbps: i32,
    pub upload_kbps: i32,
    pub threshold_download_kbps: i32,
    pub threshold_upload_kbps: i32,
    pub time_secs: i32,
}

impl Burst {
    /// A burst is stored as five nullable columns that are set or cleared together; any one
    /// missing means the plan has no burst.
    pub fn from_columns(columns: [Option<i32>; 5]) -> Option<Burst> {
        let [Some(d), Some(u), Some(td), Some(tu), Some(t)] = columns else {
            return None;
        };
        Some(Burst {
            download_kbps: d,
            upload_kbps: u,
            threshold_download_kbps: td,
            threshold_upload_kbps: tu,
            time_secs: t,
        })
    }
}

/// Reads "20M", "20", "1.5M", "512k", "1G" (a bare number is Mbit/s) as kbit/s.
pub fn parse_rate(text: &str) -> Option<i32> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let lower = lower.strip_suffix("bps").unwrap_or(&lower);
    let (number, factor) = match lower.chars().last()? {
        'k' => (&lower[..lower.len() - 1], 1.0),
        'm' => (&lower[..lower.len() - 1], 1_000.0),
        'g' => (&lower[..lower.len() - 1], 1_000_000.0),
        _ => (lower, 1_000.0),
    };
    let value: f64 = number.trim().parse().ok()?;
    let kbps = (value * factor).round();
    (value.is_finite() && (1.0..=100_000_000.0).contains(&kbps)).then_some(kbps as i32)
}

/// The RouterOS spelling of a speed: whole megabits as `20M`, the rest as `512k`.
pub fn format_rate(kbps: i32) -> String {
    if kbps % 1000 == 0 {
        format!("{}M", kbps / 1000)
    } else {
        format!("{kbps}k")
    }
}

/// How people read a speed: "20 Mbps", "512 kbps".
pub fn display_rate(kbps: i32) -> String {
    if kbps % 1000 == 0 {
        format!("{} Mbps", kbps / 1000)
    } else if kbps > 1000 {
        format!("{:.1} Mbps", f64::from(kbps) / 1000.0)
    } else {
        format!("{kbps} kbps")
    }
}

/// RouterOS `rate-limit`: `rx/tx [burst-rx/burst-tx threshold-rx/threshold-tx time/time]`,
/// where rx is what the router receives from the customer (upload) and tx what it sends
/// (download): a 20 Mbps down / 10 Mbps up plan is `10M/20M`.
pub fn rate_limit(rates: Rates, burst: Option<Burst>) -> String {
    let pair = |up: i32, down: i32| format!("{}/{}", format_rate(up), format_rate(down));
    let mut text = pair(rates.upload_kbps, rates.download_kbps);
    if let Some(b) = burst {
        text.push(' ');
        text.push_str(&pair(b.upload_kbps, b.download_kbps));
        text.push(' ');
        text.push_str(&pair(b.threshold_upload_kbps, b.threshold_download_kbps));
        text.push_str(&format!(" {}/{}", b.time_secs, b.time_secs));
    }
    text
}

/// One speed as the router prints it: plain numbers are bit/s, otherwise `10M`, `512k`.
fn router_kbps(part: &str) -> Option<i32> {
    let part = part.trim();
    if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
        // Only whole kbit/s: a plan could not write anything finer back.
        let bits: i64 = part.parse().ok().filter(|b| b % 1000 == 0)?;
        return i32::try_from(bits / 1000).ok().filter(|k| *k > 0);
    }
    parse_rate(part)
}

/// `up/down` (or one value for both) as (upload, download) kbit/s.
fn router_pair(part: &str) -> Option<(i32, i32)> {
    let (up, down) = part.split_once('/').unwrap_or((part, part));
    Some((router_kbps(up)?, router_kbps(down)?))
}

/// Reads the first part of a `rate-limit` (`10M/20M`, `512k`) back as rates.
pub fn parse_rate_limit(text: &str) -> Option<Rates> {
    let (upload_kbps, download_kbps) = router_pair(text.split_whitespace().next()?)?;
    Some(Rates {
        download_kbps,
        upload_kbps,
    })
}

/// Reads a whole `rate-limit` when a plan can carry all of it, so that writing the plan's
/// profile back keeps its meaning: rates alone, or rates with burst limit, threshold and one
/// burst time. Unlimited (empty or zero), priority, limit-at and unequal burst times give
/// `None`: a plan made from such a profile would change it. Used when adopting profiles.
pub fn parse_full_rate_limit(text: &str) -> Option<(Rates, Option<Burst>)> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let rates = |part: &str| {
        router_pair(part).map(|(upload_kbps, download_kbps)| Rates {
            download_kbps,
            upload_kbps,
        })
    };
    match parts.as_slice() {
        [rate] => Some((rates(rate)?, None)),
        [rate, burst, threshold, time] => {
            let secs = |t: &str| {
                let t = t.trim();
                t.strip_suffix('s')
                    .unwrap_or(t)
                    .parse::<i32>()
                    .ok()
                    .filter(|s| (1..=3600).contains(s))
            };
            let (rx_time, tx_time) = time.split_once('/').unwrap_or((time, time));
            let time_secs = secs(rx_time)?;
            if secs(tx_time)? != time_secs {
                return None;
            }
            let (burst_up, burst_down) = router_pair(burst)?;
            let (threshold_up, threshold_down) = router_pair(threshold)?;
            let rates = rates(rate)?;
            // The plan form's rules (burst above the rate, threshold at most the rate):
            // a plan that breaks them could not be saved again.
            let sensible = burst_down > rates.download_kbps
                && burst_up > rates.upload_kbps
                && threshold_down <= rates.download_kbps
                && threshold_up <= rates.upload_kbps;
            if !sensible {
                return None;
            }
            Some((
                rates,
                Some(Burst {
                    download_kbps: burst_down,
                    upload_kbps: burst_up,
                    threshold_download_kbps: threshold_down,
                    threshold_upload_kbps: threshold_up,
                    time_secs,
                }),
            ))
        }
        _ => None,
    }
}

/// What the plan form sends; speeds as typed ("20M", "512k").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PlanDraft {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub connection_type: ConnectionType,
    pub profile_name: String,
    pub download: String,
    pub upload: String,
    pub burst_enabled: bool,
    pub burst_download: String,
    pub burst_upload: String,
    pub burst_threshold_download: String,
    pub burst_threshold_upload: String,
    pub burst_time_secs: String,
    pub price_rupiah: String,
    pub address_pool: String,
    pub nas_ids: Vec<i64>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPlan {
    pub name: String,
    pub description: String,
    pub connection_type: ConnectionType,
    pub profile_name: String,
    pub rates: Rates,
    pub burst: Option<Burst>,
    pub price_rupiah: i64,
    pub address_pool: String,
    pub nas_ids: Vec<i64>,
    pub active: bool,
}

/// RouterOS object names Simpul writes: letters, digits, dot, underscore, hyphen.
pub fn router_name_ok(name: &str, max: usize) -> bool {
    !name.is_empty()
        && name.len() <= max
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// "Rp 150.000", "150000", "150.000" → 150000.
pub fn parse_rupiah(text: &str) -> Option<i64> {
    let digits: String = text
        .trim()
        .trim_start_matches("Rp")
        .trim_start_matches("rp")
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}'))
        .collect();
    let digits = digits.strip_suffix(",00").unwrap_or(&digits);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 12 {
        return None;
    }
    digits.parse().ok()
}

impl PlanDraft {
    pub fn check(&self) -> Result<CheckedPlan, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            errors.add("name", Msg::ValRequired);
        } else if name.chars().count() > 80 {
            errors.add("name", Msg::ValTooLong);
        }
        let description = self.description.trim().to_owned();
        if description.chars().count() > 1000 {
            errors.add("description", Msg::ValTooLong);
        }
        let profile_name = self.profile_name.trim().to_owned();
        if profile_name.is_empty() {
            errors.add("profile_name", Msg::ValRequired);
        } else if !router_name_ok(&profile_name, 40) {
            errors.add("profile_name", Msg::ValRouterName);
        }
        let mut rate = |field: &str, text: &str| -> i32 {
            match parse_rate(text) {
                Some(kbps) => kbps,
                None => {
                    errors.add(field, Msg::ValRate);
                    0
                }
            }
        };
        let rates = Rates {
            download_kbps: rate("download", &self.download),
            upload_kbps: rate("upload", &self.upload),
        };
        let burst = if self.burst_enabled {
            let b = Burst {
                download_kbps: rate("burst_download", &self.burst_download),
                upload_kbps: rate("burst_upload", &self.burst_upload),
                threshold_download_kbps: rate(
                    "burst_threshold_download",
                    &self.burst_threshold_download,
                ),
                threshold_upload_kbps: rate("burst_threshold_upload", &self.burst_threshold_upload),
                time_secs: match self.burst_time_secs.trim().parse::<i32>() {
                    Ok(t) if (1..=3600).contains(&t) => t,
                    _ => {
                        errors.add("burst_time_secs", Msg::ValBurstTime);
                        0
                    }
                },
            };
            // Burst only works above the normal rate, and starts below it.
            if b.download_kbps > 0 && rates.download_kbps > 0 {
                if b.download_kbps <= rates.download_kbps {
                    errors.add("burst_download", Msg::ValBurstAboveRate);
                }
                if b.threshold_download_kbps > rates.download_kbps {
                    errors.add("burst_threshold_download", Msg::ValBurstThreshold);
                }
            }
            if b.upload_kbps > 0 && rates.upload_kbps > 0 {
                if b.upload_kbps <= rates.upload_kbps {
                    errors.add("burst_upload", Msg::ValBurstAboveRate);
                }
                if b.threshold_upload_kbps > rates.upload_kbps {
                    errors.add("burst_threshold_upload", Msg::ValBurstThreshold);
                }
            }
            Some(b)
        } else {
            None
        };
        let price_rupiah = match parse_rupiah(&self.price_rupiah) {
            Some(p) => p,
            None => {
                errors.add("price_rupiah", Msg::ValRupiah);
                0
            }
        };
        let address_pool = self.address_pool.trim().to_owned();
        if !address_pool.is_empty() && !router_name_ok(&address_pool, 40) {
            errors.add("address_pool", Msg::ValRouterName);
        }
        if self.connection_type == ConnectionType::Static && !address_pool.is_empty() {
            errors.add("address_pool", Msg::ValPoolNotForStatic);
        }
        let mut nas_ids = self.nas_ids.clone();
        nas_ids.sort_unstable();
        nas_ids.dedup();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CheckedPlan {
            name,
            description,
            connection_type: self.connection_type,
            profile_name,
            rates,
            burst,
            price_rupiah,
            address_pool,
            nas_ids,
            active: self.active,
        })
    }
}

/// A router a plan is offered on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanNas {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub connection_type: ConnectionType,
    pub profile_name: String,
    pub rates: Rates,
    pub burst: Option<Burst>,
    pub price_rupiah: i64,
    pub address_pool: String,
    pub active: bool,
    pub nas: Vec<PlanNas>,
    /// Subscriptions that are not terminated.
    pub subscriptions: i64,
}

impl Plan {
    pub fn rate_limit(&self) -> String {
        rate_limit(self.rates, self.burst)
    }

    pub fn speed_label(&self) -> String {
        format!(
            "{} / {}",
            display_rate(self.rates.download_kbps),
            display_rate(self.rates.upload_kbps)
        )
    }

    pub fn draft(&self) -> PlanDraft {
        let b = self.burst;
        let rate = |v: Option<i32>| v.map(format_rate).unwrap_or_default();
        PlanDraft {
            id: self.id,
            name: self.name.clone(),
            description: self.description.clone(),
            connection_type: self.connection_type,
            profile_name: self.profile_name.clone(),
            download: format_rate(self.rates.download_kbps),
            upload: format_rate(self.rates.upload_kbps),
            burst_enabled: b.is_some(),
            burst_download: rate(b.map(|b| b.download_kbps)),
            burst_upload: rate(b.map(|b| b.upload_kbps)),
            burst_threshold_download: rate(b.map(|b| b.threshold_download_kbps)),
            burst_threshold_upload: rate(b.map(|b| b.threshold_upload_kbps)),
            burst_time_secs: b.map(|b| b.time_secs.to_string()).unwrap_or_default(),
            price_rupiah: self.price_rupiah.to_string(),
            address_pool: self.address_pool.clone(),
            nas_ids: self.nas.iter().map(|n| n.id).collect(),
            active: self.active,
        }
    }
}

/// Saving a plan whose speed changed can also end its live sessions so the new speed
/// applies now; otherwise it applies at each customer's next connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PlanSave {
    pub draft: PlanDraft,
    pub kick_sessions: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_the_way_people_type_them() {
        assert_eq!(parse_rate("20M"), Some(20_000));
        assert_eq!(parse_rate("20"), Some(20_000));
        assert_eq!(parse_rate("1,5M"), Some(1_500));
        assert_eq!(parse_rate("512k"), Some(512));
        assert_eq!(parse_rate("512 kbps"), Some(512));
        assert_eq!(parse_rate("1G"), Some(1_000_000));
        assert_eq!(parse_rate(""), None);
        assert_eq!(parse_rate("0"), None);
        assert_eq!(parse_rate("-5M"), None);
        assert_eq!(parse_rate("fast"), None);
        assert_eq!(parse_rate("1e308"), None);
    }

    #[test]
    fn a_burst_needs_all_five_columns() {
        let full = [
            Some(30_000),
            Some(15_000),
            Some(16_000),
            Some(8_000),
            Some(8),
        ];
        assert_eq!(
            Burst::from_columns(full),
            Some(Burst {
                download_kbps: 30_000,
                upload_kbps: 15_000,
                threshold_download_kbps: 16_000,
                threshold_upload_kbps: 8_000,
                time_secs: 8,
            })
        );
        for missing in 0..5 {
            let mut columns = full;
            columns[missing] = None;
            assert_eq!(Burst::from_columns(columns), None);
        }
    }

    #[test]
    fn rate_limit_is_upload_first_as_routeros_expects() {
        let rates = Rates {
            download_kbps: 20_000,
            upload_kbps: 10_000,
        };
        assert_eq!(rate_limit(rates, None), "10M/20M");
        let burst = Burst {
            download_kbps: 30_000,
            upload_kbps: 15_000,
            threshold_download_kbps: 16_000,
            threshold_upload_kbps: 8_000,
            time_secs: 8,
        };
        assert_eq!(rate_limit(rates, Some(burst)), "10M/20M 15M/30M 8M/16M 8/8");
        assert_eq!(
            rate_limit(
                Rates {
                    download_kbps: 1_500,
                    upload_kbps: 512
                },
                None
            ),
            "512k/1500k"
        );
        assert_eq!(parse_rate_limit("10M/20M 15M/30M 8M/16M 8/8"), Some(rates));
        assert_eq!(parse_rate_limit("10000000/20000000"), Some(rates));
        assert_eq!(parse_rate_limit(""), None);
    }

    #[test]
    fn whole_rate_limits_are_read_only_when_a_plan_can_carry_them() {
        let rates = Rates {
            download_kbps: 20_000,
            upload_kbps: 10_000,
        };
        assert_eq!(parse_full_rate_limit("10M/20M"), Some((rates, None)));
        assert_eq!(
            parse_full_rate_limit("10M"),
            Some((
                Rates {
                    download_kbps: 10_000,
                    upload_kbps: 10_000
                },
                None
            ))
        );
        let burst = Burst {
            download_kbps: 30_000,
            upload_kbps: 15_000,
            threshold_download_kbps: 16_000,
            threshold_upload_kbps: 8_000,
            time_secs: 8,
        };
        let full = "10M/20M 15M/30M 8M/16M 8/8";
        assert_eq!(parse_full_rate_limit(full), Some((rates, Some(burst))));
        assert_eq!(
            parse_full_rate_limit("10000000/20000000 15M/30M 8M/16M 8s/8s"),
            Some((rates, Some(burst)))
        );
        // What is read back is written the same way.
        assert_eq!(rate_limit(rates, Some(burst)), full);
        // Unlimited, priority/limit-at, unequal times, half a burst: a plan would change it.
        for refused in [
            "",
            "0/0",
            "10M/20M 15M/30M 8M/16M 8/8 8 5M/10M",
            "10M/20M 15M/30M 8M/16M 8/16",
            "10M/20M 15M/30M",
            "10M/20M 15M/30M 8M/16M 0/0",
            "10M/20M 5M/10M 8M/16M 8/8",
            "10M/20M 15M/30M 12M/24M 8/8",
            "1234567/20M",
            "cepat",
        ] {
            assert_eq!(parse_full_rate_limit(refused), None, "{refused}");
        }
    }

    #[test]
    fn rupiah_amounts() {
        assert_eq!(parse_rupiah("Rp 150.000"), Some(150_000));
        assert_eq!(parse_rupiah("150000"), Some(150_000));
        assert_eq!(parse_rupiah("150.000,00"), Some(150_000));
        assert_eq!(parse_rupiah("-1"), None);
        assert_eq!(parse_rupiah("1.5"), Some(15));
        assert_eq!(parse_rupiah("abc"), None);
    }

    #[test]
    fn plan_checks() {
        let draft = PlanDraft {
            name: "Rumah 20".into(),
            profile_name: "simpul-20m".into(),
            download: "20M".into(),
            upload: "10M".into(),
            price_rupiah: "Rp 250.000".into(),
            burst_enabled: true,
            burst_download: "15M".into(),
            burst_upload: "20M".into(),
            burst_threshold_download: "25M".into(),
            burst_threshold_upload: "8M".into(),
            burst_time_secs: "0".into(),
            nas_ids: vec![3, 1, 3],
            ..Default::default()
        };
        let errors = draft.check().unwrap_err();
        assert_eq!(errors.get("burst_download"), Some(Msg::ValBurstAboveRate));
        assert_eq!(
            errors.get("burst_threshold_download"),
            Some(Msg::ValBurstThreshold)
        );
        assert_eq!(errors.get("burst_time_secs"), Some(Msg::ValBurstTime));
        assert_eq!(errors.get("burst_upload"), None);
        let fixed = PlanDraft {
            burst_download: "30M".into(),
            burst_threshold_download: "16M".into(),
            burst_time_secs: "8".into(),
            ..draft
        };
        let plan = fixed.check().unwrap();
        assert_eq!(plan.price_rupiah, 250_000);
        assert_eq!(plan.nas_ids, vec![1, 3]);
        let bad_name = PlanDraft {
            profile_name: "paket 20".into(),
            ..PlanDraft::default()
        };
        assert_eq!(
            bad_name.check().unwrap_err().get("profile_name"),
            Some(Msg::ValRouterName)
        );
    }
}
