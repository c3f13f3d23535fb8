//! The payment channels the simulated merchant has, with Tripay-like fees: the four big
//! banks' virtual accounts (BCA with the fee charged to the customer, the others to the
//! merchant), QRIS with a flat plus percentage fee, and OVO switched off so clients meet an
//! inactive channel.

use serde_json::{json, Value};

/// A fee as Tripay states it: flat rupiah plus a percentage, kept in basis points so money
/// stays integer; fractions of a rupiah are rounded up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fee {
    pub flat: i64,
    pub basis_points: i64,
}

impl Fee {
    const fn flat(flat: i64) -> Fee {
        Fee {
            flat,
            basis_points: 0,
        }
    }

    pub fn on(self, amount: i64) -> i64 {
        self.flat + (amount * self.basis_points + 9_999) / 10_000
    }

    fn percent(self) -> f64 {
        self.basis_points as f64 / 100.0
    }

    fn json(self) -> Value {
        json!({ "flat": self.flat, "percent": self.percent() })
    }
}

#[derive(Debug)]
pub struct Channel {
    pub group: &'static str,
    pub code: &'static str,
    pub name: &'static str,
    pub fee_merchant: Fee,
    pub fee_customer: Fee,
    pub minimum_amount: i64,
    pub maximum_amount: i64,
    pub active: bool,
    /// Bank name for instructions and the VA number prefix; `None` for QRIS / e-wallets.
    pub bank: Option<(&'static str, &'static str)>,
}

const NO_FEE: Fee = Fee::flat(0);

pub const CHANNELS: [Channel; 6] = [
    Channel {
        group: "Virtual Account",
        code: "BRIVA",
        name: "BRI Virtual Account",
        fee_merchant: Fee::flat(4250),
        fee_customer: NO_FEE,
        minimum_amount: 10_000,
        maximum_amount: 5_000_000,
        active: true,
        bank: Some(("BRI", "26215")),
    },
    Channel {
        group: "Virtual Account",
        code: "BNIVA",
        name: "BNI Virtual Account",
        fee_merchant: Fee::flat(4250),
        fee_customer: NO_FEE,
        minimum_amount: 10_000,
        maximum_amount: 5_000_000,
        active: true,
        bank: Some(("BNI", "8808")),
    },
    Channel {
        group: "Virtual Account",
        code: "MANDIRIVA",
        name: "Mandiri Virtual Account",
        fee_merchant: Fee::flat(4250),
        fee_customer: NO_FEE,
        minimum_amount: 10_000,
        maximum_amount: 5_000_000,
        active: true,
        bank: Some(("Mandiri", "89022")),
    },
    Channel {
        group: "Virtual Account",
        code: "BCAVA",
        name: "BCA Virtual Account",
        fee_merchant: NO_FEE,
        fee_customer: Fee::flat(5500),
        minimum_amount: 10_000,
        maximum_amount: 5_000_000,
        active: true,
        bank: Some(("BCA", "11173")),
    },
    Channel {
        group: "E-Wallet",
        code: "QRIS",
        name: "QRIS by ShopeePay",
        fee_merchant: Fee {
            flat: 750,
            basis_points: 70,
        },
        fee_customer: NO_FEE,
        minimum_amount: 10_000,
        maximum_amount: 5_000_000,
        active: true,
        bank: None,
    },
    Channel {
        group: "E-Wallet",
        code: "OVO",
        name: "OVO",
        fee_merchant: Fee {
            flat: 0,
            basis_points: 300,
        },
        fee_customer: NO_FEE,
        minimum_amount: 10_000,
        maximum_amount: 2_000_000,
        active: false,
        bank: None,
    },
];

pub fn find(code: &str) -> Option<&'static Channel> {
    CHANNELS.iter().find(|c| c.code == code)
}

impl Channel {
    pub fn is_qris(&self) -> bool {
        self.code == "QRIS"
    }

    fn total_fee(&self) -> Fee {
        Fee {
            flat: self.fee_merchant.flat + self.fee_customer.flat,
            basis_points: self.fee_merchant.basis_points + self.fee_customer.basis_points,
        }
    }

    /// An entry of `merchant/payment-channel`.
    pub fn json(&self, public_url: &str) -> Value {
        json!({
            "group": self.group,
            "code": self.code,
            "name": self.name,
            "type": "direct",
            "fee_merchant": self.fee_merchant.json(),
            "fee_customer": self.fee_customer.json(),
            "total_fee": self.total_fee().json(),
            "minimum_fee": null,
            "maximum_fee": null,
            "minimum_amount": self.minimum_amount,
            "maximum_amount": self.maximum_amount,
            "icon_url": format!("{public_url}/tripay/icon/{}.svg", self.code),
            "active": self.active,
        })
    }

    /// An entry of `merchant/fee-calculator`.
    pub fn fee_json(&self, amount: i64) -> Value {
        let total = self.total_fee();
        json!({
            "code": self.code,
            "name": self.name,
            "fee": { "flat": total.flat, "percent": total.percent(), "min": null, "max": null },
            "total_fee": {
                "merchant": self.fee_merchant.on(amount),
                "customer": self.fee_customer.on(amount),
            },
        })
    }

    /// The VA number for the n-th transaction; `None` for channels without one.
    pub fn pay_code(&self, counter: u64) -> Option<String> {
        self.bank
            .map(|(_, prefix)| format!("{prefix}{counter:011}"))
    }

    /// Payment steps, in Indonesian, as Tripay returns them.
    pub fn instructions(&self, pay_code: Option<&str>) -> Value {
        let Some((bank, _)) = self.bank else {
            return json!([{
                "title": "Pembayaran via QRIS",
                "steps": [
                    "Buka aplikasi e-wallet atau mobile banking yang mendukung QRIS",
                    "Pindai kode QR yang ditampilkan",
                    "Periksa nama merchant dan nominal pembayaran",
                    "Konfirmasi pembayaran dan simpan bukti transaksi",
                ],
            }]);
        };
        let code = pay_code.unwrap_or_default();
        json!([
            {
                "title": format!("Mobile Banking {bank}"),
                "steps": [
                    format!("Login ke aplikasi mobile banking {bank}"),
                    "Pilih menu Transfer lalu Virtual Account".to_owned(),
                    format!("Masukkan nomor Virtual Account {code}"),
                    "Periksa detail tagihan lalu konfirmasi pembayaran".to_owned(),
                ],
            },
            {
                "title": format!("ATM {bank}"),
                "steps": [
                    "Masukkan kartu ATM dan PIN".to_owned(),
                    "Pilih menu Transaksi Lainnya lalu Pembayaran / Virtual Account".to_owned(),
                    format!("Masukkan nomor Virtual Account {code}"),
                    "Periksa detail tagihan lalu pilih Ya untuk membayar".to_owned(),
                ],
            },
        ])
    }
}

/// A QRIS payload in EMV merchant-presented format, with a valid CRC, so a scanner app in
/// a demo reads it (it pays nobody).
pub fn qris_payload(reference: &str, amount: i64) -> String {
    fn field(id: &str, value: &str) -> String {
        format!("{id}{:02}{value}", value.len())
    }
    let merchant = [
        field("00", "ID.CO.SHOPEE.WWW"),
        field("01", "936009180000000001"),
        field("02", "SIMPULDEMO"),
        field("03", "UMI"),
    ]
    .concat();
    let additional = field("01", &reference.chars().take(25).collect::<String>());
    let mut payload = [
        field("00", "01"),
        field("01", "12"),
        field("26", &merchant),
        field("52", "4816"),
        field("53", "360"),
        field("54", &amount.to_string()),
        field("58", "ID"),
        field("59", "SIMPUL DEMO ISP"),
        field("60", "JAKARTA"),
        field("62", &additional),
    ]
    .concat();
    payload.push_str("6304");
    let crc = crc16_ccitt(payload.as_bytes());
    payload.push_str(&format!("{crc:04X}"));
    payload
}

/// CRC-16/CCITT-FALSE, as EMV QR codes use.
fn crc16_ccitt(bytes: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &byte in bytes {
        crc ^= (byte as u16) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fees_round_up_to_the_rupiah() {
        let qris = find("QRIS").unwrap();
        assert_eq!(qris.fee_merchant.on(150_000), 750 + 1050);
        assert_eq!(qris.fee_merchant.on(100_001), 750 + 701);
        assert_eq!(find("BCAVA").unwrap().fee_customer.on(150_000), 5500);
        assert_eq!(find("BRIVA").unwrap().fee_customer.on(150_000), 0);
        let json = qris.json("http://x");
        assert_eq!(json["fee_merchant"]["percent"], json!(0.7));
        assert_eq!(json["total_fee"]["flat"], json!(750));
    }

    #[test]
    fn qris_payload_is_emv_with_crc() {
        // The check value of CRC-16/CCITT-FALSE.
        assert_eq!(crc16_ccitt(b"123456789"), 0x29B1);
        let payload = qris_payload("T00010000011234", 150_000);
        assert!(payload.starts_with("000201010212"));
        assert!(payload.contains("5406150000"));
        let (body, crc) = payload.split_at(payload.len() - 4);
        assert_eq!(crc, format!("{:04X}", crc16_ccitt(body.as_bytes())));
    }
}
