//! PPN on an invoice line, as PMK 131/2024 computes it for taxable services.
//!
//! * The base (DPP) is a fraction of the price (11/12 from 2025, "DPP nilai lain"), rounded
//!   down to whole rupiah; PPN is the rate times the DPP, rounded down to whole rupiah.
//!   Rp150.000 → DPP Rp137.500 → PPN 12 % = Rp16.500, payable Rp166.500.
//! * Rate and fraction are data (`tax_rates`, by effective date), never constants here.
//! * Tax is computed per invoice line; the invoice's DPP, PPN and total are the lines' sums.
//! * A tax-inclusive price is what the customer pays. Its PPN is the PPN of the largest
//!   price without tax whose own total does not exceed it; the price without tax is the
//!   stated price minus that PPN. So the customer pays exactly the stated price and the PPN
//!   is never more than the rule gives.

use serde::{Deserialize, Serialize};

/// A tax rate in force: `rate_bp` basis points (1200 = 12 %) on `numerator/denominator` of
/// the price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxRule {
    pub rate_bp: i64,
    pub dpp_numerator: i64,
    pub dpp_denominator: i64,
}

/// One line's amounts, all in whole rupiah.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxSplit {
    /// The price without tax, after discount (harga jual).
    pub amount: i64,
    pub dpp: i64,
    pub ppn: i64,
    /// What the customer pays: amount + PPN.
    pub total: i64,
}

impl TaxRule {
    /// No PPN (the ISP is not a PKP): the DPP is the whole price and the tax is zero.
    pub const NONE: TaxRule = TaxRule {
        rate_bp: 0,
        dpp_numerator: 1,
        dpp_denominator: 1,
    };

    pub fn is_none(self) -> bool {
        self.rate_bp == 0
    }

    /// DPP of a price without tax, rounded down.
    pub fn dpp_of(self, amount: i64) -> i64 {
        floor_div(
            i128::from(amount) * i128::from(self.dpp_numerator),
            i128::from(self.dpp_denominator),
        )
    }

    /// PPN of a price without tax: rate × DPP, rounded down.
    pub fn ppn_of(self, amount: i64) -> i64 {
        floor_div(
            i128::from(self.dpp_of(amount)) * i128::from(self.rate_bp),
            10_000,
        )
    }

    /// Splits a stated price (after discount) into price without tax, DPP, PPN and total.
    pub fn split(self, stated: i64, includes_tax: bool) -> TaxSplit {
        if !includes_tax || self.is_none() {
            let ppn = self.ppn_of(stated);
            return TaxSplit {
                amount: stated,
                dpp: self.dpp_of(stated),
                ppn,
                total: stated + ppn,
            };
        }
        let ppn = self.ppn_of(self.largest_base_within(stated));
        let amount = stated - ppn;
        TaxSplit {
            amount,
            dpp: self.dpp_of(amount),
            ppn,
            total: stated,
        }
    }

    /// The largest price without tax whose total (price + PPN) is at most `total`.
    fn largest_base_within(self, total: i64) -> i64 {
        let total_of = |base: i64| base + self.ppn_of(base);
        // Start from the exact inverse of total = base × (1 + rate × fraction), then step:
        // the rounding makes the answer at most a couple of rupiah away.
        let scale = i128::from(self.dpp_denominator) * 10_000;
        let grossed = scale + i128::from(self.dpp_numerator) * i128::from(self.rate_bp);
        let mut base = floor_div(i128::from(total) * scale, grossed);
        while base > 0 && total_of(base) > total {
            base -= 1;
        }
        while total_of(base + 1) <= total {
            base += 1;
        }
        base
    }
}

/// Division rounding toward negative infinity (credits are negative amounts).
fn floor_div(numerator: i128, denominator: i128) -> i64 {
    let q = numerator.div_euclid(denominator);
    i64::try_from(q).unwrap_or(if q > 0 { i64::MAX } else { i64::MIN })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PMK_131: TaxRule = TaxRule {
        rate_bp: 1200,
        dpp_numerator: 11,
        dpp_denominator: 12,
    };
    const UU_HPP: TaxRule = TaxRule {
        rate_bp: 1100,
        dpp_numerator: 1,
        dpp_denominator: 1,
    };

    #[test]
    fn the_worked_example_of_pmk_131() {
        assert_eq!(
            PMK_131.split(150_000, false),
            TaxSplit {
                amount: 150_000,
                dpp: 137_500,
                ppn: 16_500,
                total: 166_500
            }
        );
    }

    #[test]
    fn dpp_and_ppn_round_down_to_whole_rupiah() {
        // 99.999 × 11/12 = 91.665,75 → 91.665; × 12 % = 10.999,8 → 10.999
        let split = PMK_131.split(99_999, false);
        assert_eq!(
            (split.dpp, split.ppn, split.total),
            (91_665, 10_999, 110_998)
        );
        // 11 % of Rp9 is 0,99: no PPN
        assert_eq!(UU_HPP.split(9, false).ppn, 0);
    }

    #[test]
    fn an_inclusive_price_is_exactly_what_the_customer_pays() {
        let split = PMK_131.split(166_500, true);
        assert_eq!(
            split,
            TaxSplit {
                amount: 150_000,
                dpp: 137_500,
                ppn: 16_500,
                total: 166_500
            }
        );
        let split = PMK_131.split(150_000, true);
        assert_eq!(
            (split.amount, split.ppn, split.total),
            (135_136, 14_864, 150_000)
        );
        assert_eq!(PMK_131.ppn_of(split.amount), split.ppn);
    }

    #[test]
    fn every_inclusive_price_keeps_its_total_and_never_overstates_ppn() {
        for rule in [PMK_131, UU_HPP] {
            for stated in (0..20_000).chain([1_000_000, 5_000_001, 123_456_789]) {
                let split = rule.split(stated, true);
                assert_eq!(split.total, stated);
                assert_eq!(split.amount + split.ppn, stated);
                assert!(split.ppn <= rule.ppn_of(split.amount), "{stated}");
                assert!(split.ppn + 1 >= rule.ppn_of(split.amount), "{stated}");
            }
        }
    }

    #[test]
    fn no_tax_leaves_the_price_alone() {
        let split = TaxRule::NONE.split(250_000, true);
        assert_eq!(
            (split.amount, split.dpp, split.ppn, split.total),
            (250_000, 250_000, 0, 250_000)
        );
    }

    #[test]
    fn credits_round_toward_the_customer() {
        // A negative line (credit) rounds down too, i.e. a rupiah more credit.
        assert_eq!(PMK_131.dpp_of(-1), -1);
    }
}
