//! Evaluating `print` queries the way RouterOS does: every query word pushes a boolean,
//! `?#` operators combine the stack, and whatever is left is and-ed together.

use routeros::{Query, Row};

use crate::store::Trap;

pub fn matches(queries: &[Query], row: &Row) -> Result<bool, Trap> {
    let mut stack: Vec<bool> = Vec::with_capacity(queries.len());
    for query in queries {
        match query {
            Query::Has(name) => stack.push(row.get(name).is_some()),
            Query::Lacks(name) => stack.push(row.get(name).is_none()),
            Query::Equals(name, value) => {
                stack.push(row.get(name).is_some_and(|have| same(have, value)))
            }
            Query::Less(name, value) => stack.push(
                row.get(name)
                    .is_some_and(|have| compare(have, value).is_lt()),
            ),
            Query::Greater(name, value) => stack.push(
                row.get(name)
                    .is_some_and(|have| compare(have, value).is_gt()),
            ),
            Query::Operations(ops) => apply(ops, &mut stack)?,
        }
    }
    Ok(stack.iter().all(|&value| value))
}

fn invalid() -> Trap {
    Trap::argument("invalid query")
}

/// The `?#` rules of MikroTik's manual: digits are a stack index counted from the top (0);
/// an index followed by more operators pushes a copy of that value (a `.` right after it
/// does nothing), an index ending the word replaces the whole stack with that value; `!`
/// negates the top, `&` and `|` combine the top two, `.` elsewhere duplicates the top.
fn apply(ops: &str, stack: &mut Vec<bool>) -> Result<(), Trap> {
    let mut chars = ops.chars().peekable();
    while let Some(op) = chars.next() {
        match op {
            '!' => {
                let top = stack.pop().ok_or_else(invalid)?;
                stack.push(!top);
            }
            '&' | '|' => {
                let (right, left) = (
                    stack.pop().ok_or_else(invalid)?,
                    stack.pop().ok_or_else(invalid)?,
                );
                stack.push(if op == '&' {
                    left && right
                } else {
                    left || right
                });
            }
            '.' => {
                let top = *stack.last().ok_or_else(invalid)?;
                stack.push(top);
            }
            digit if digit.is_ascii_digit() => {
                let mut index = digit.to_digit(10).unwrap_or(0) as usize;
                while let Some(next) = chars.peek().and_then(|c| c.to_digit(10)) {
                    index = index.saturating_mul(10).saturating_add(next as usize);
                    chars.next();
                }
                let position = index
                    .checked_add(1)
                    .and_then(|depth| stack.len().checked_sub(depth))
                    .ok_or_else(invalid)?;
                let value = stack[position];
                if chars.peek().is_none() {
                    stack.clear();
                    stack.push(value);
                } else {
                    stack.push(value);
                    if chars.peek() == Some(&'.') {
                        chars.next();
                    }
                }
            }
            _ => return Err(invalid()),
        }
    }
    Ok(())
}

/// Booleans are printed `true`/`false` but may be asked for as `yes`/`no`.
fn same(have: &str, want: &str) -> bool {
    let boolean = |text: &str| match text {
        "yes" | "true" => Some(true),
        "no" | "false" => Some(false),
        _ => None,
    };
    have == want || matches!((boolean(have), boolean(want)), (Some(a), Some(b)) if a == b)
}

/// Numbers compare as numbers, ids (`*1A`) by their hex value, everything else as text.
fn compare(have: &str, want: &str) -> std::cmp::Ordering {
    let number = |text: &str| -> Option<i128> {
        match text.strip_prefix('*') {
            Some(hex) => i128::from_str_radix(hex, 16).ok(),
            None => text.parse().ok(),
        }
    };
    match (number(have), number(want)) {
        (Some(a), Some(b)) => a.cmp(&b),
        _ => have.cmp(want),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(words: &[&str]) -> Vec<Query> {
        words.iter().map(|w| Query::parse(w).unwrap()).collect()
    }

    fn ether() -> Row {
        Row::new()
            .with(".id", "*1")
            .with("name", "ether1")
            .with("type", "ether")
            .with("rx-byte", "1500")
            .with("disabled", "false")
    }

    #[test]
    fn single_tests() {
        let row = ether();
        assert!(matches(&q(&["?name"]), &row).unwrap());
        assert!(!matches(&q(&["?comment"]), &row).unwrap());
        assert!(matches(&q(&["?-comment"]), &row).unwrap());
        assert!(matches(&q(&["?type=ether"]), &row).unwrap());
        assert!(matches(&q(&["?disabled=no"]), &row).unwrap());
        assert!(matches(&q(&["?>rx-byte=999"]), &row).unwrap());
        assert!(!matches(&q(&["?<rx-byte=999"]), &row).unwrap());
        assert!(matches(&q(&["?<.id=*A"]), &row).unwrap());
    }

    #[test]
    fn operators_from_the_manual() {
        let row = ether();
        // ether or vlan
        assert!(matches(&q(&["?type=ether", "?type=vlan", "?#|"]), &row).unwrap());
        // not ether
        assert!(!matches(&q(&["?type=ether", "?#!"]), &row).unwrap());
        // (vlan or bridge) and not disabled
        assert!(!matches(
            &q(&[
                "?type=vlan",
                "?type=bridge",
                "?#|",
                "?disabled=false",
                "?#&"
            ]),
            &row
        )
        .unwrap());
        // several tests without operators are and-ed
        assert!(!matches(&q(&["?type=ether", "?name=ether2"]), &row).unwrap());
        // `.` duplicates the top
        assert!(!matches(&q(&["?type=vlan", "?#.&"]), &row).unwrap());
        // an index ending the word replaces the stack: [vlan=false, ether=true] → index 0
        // (the top) leaves only true, index 1 only false
        assert!(matches(&q(&["?type=vlan", "?type=ether", "?#0"]), &row).unwrap());
        assert!(!matches(&q(&["?type=vlan", "?type=ether", "?#1"]), &row).unwrap());
        // an index followed by more pushes a copy: [false, true] + copy of index 1 (false),
        // then `|` → [false, true], and-ed → false
        assert!(!matches(&q(&["?type=vlan", "?type=ether", "?#1.|"]), &row).unwrap());
        // `?>comment=` finds items with a non-empty comment
        assert!(!matches(&q(&["?>comment="]), &row).unwrap());
        assert!(matches(&q(&["?>comment="]), &row.clone().with("comment", "x")).unwrap());
    }

    #[test]
    fn malformed_operators_are_refused_not_panicked_on() {
        let row = ether();
        assert!(matches(&q(&["?#|"]), &row).is_err());
        assert!(matches(&q(&["?#!"]), &row).is_err());
        assert!(matches(&q(&["?name", "?#99999999999999999999"]), &row).is_err());
        assert!(matches(&q(&["?name", "?#x"]), &row).is_err());
        assert!(matches(&q(&["?name", "?#1"]), &row).is_err());
    }
}
