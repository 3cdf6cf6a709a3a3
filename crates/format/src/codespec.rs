//! Code specs as written in `data/` tables: a code (`A01.0`), a category that stands for itself
//! and its descendants (`K35`, `74`), or an inclusive range `FROM-TO` compared on the code as
//! written (`O00-O99`, `74.0-74.99`). Shared by `build.rs` and the claim checks.

use std::cmp::Ordering;

/// One parsed spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeSpec {
    /// Lower bound (a code or code prefix).
    pub from: String,
    /// Upper bound (a code or code prefix).
    pub to: String,
}

impl CodeSpec {
    /// Parses one spec; `None` when empty.
    pub fn parse(spec: &str) -> Option<CodeSpec> {
        let spec = spec.trim().trim_end_matches(['*', '†']);
        if spec.is_empty() {
            return None;
        }
        // A leading '-' is an ICPC-2 process code ("-30"), not a range.
        match spec.get(1..).and_then(|rest| rest.find('-')).map(|i| i + 1) {
            Some(i) => Some(CodeSpec { from: spec[..i].trim().to_string(), to: spec[i + 1..].trim().to_string() }),
            None => Some(CodeSpec { from: spec.to_string(), to: spec.to_string() }),
        }
    }

    /// Parses a comma-separated list of specs.
    pub fn parse_list(list: &str) -> Vec<CodeSpec> {
        list.split(',').filter_map(CodeSpec::parse).collect()
    }

    /// True when `code` (written with its dot) is within the spec.
    #[inline]
    pub fn matches(&self, code: &str) -> bool {
        cmp_prefix(code, &self.from) != Ordering::Less && cmp_prefix(code, &self.to) != Ordering::Greater
    }

    /// True for a single code or category (not a range).
    pub fn is_single(&self) -> bool {
        self.from == self.to
    }
}

impl std::fmt::Display for CodeSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_single() {
            f.write_str(&self.from)
        } else {
            write!(f, "{}-{}", self.from, self.to)
        }
    }
}

/// Compares `code` with a bound on the bound's length: "A16.2" equals "A16"; a code shorter
/// than the bound ("K35" against "K35.2") is less.
#[inline]
fn cmp_prefix(code: &str, bound: &str) -> Ordering {
    // Codes are a few bytes long: a byte loop that mostly stops at the first byte beats memcmp.
    let (c, b) = (code.as_bytes(), bound.as_bytes());
    for (x, y) in c.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    if c.len() < b.len() {
        Ordering::Less
    } else {
        Ordering::Equal
    }
}

/// True when any spec of the list matches `code`.
pub fn any_matches(specs: &[CodeSpec], code: &str) -> bool {
    specs.iter().any(|s| s.matches(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_codes_cover_descendants() {
        let s = CodeSpec::parse("K35").unwrap();
        assert!(s.matches("K35") && s.matches("K35.2") && !s.matches("K36") && !s.matches("K3"));
        let s = CodeSpec::parse("74").unwrap();
        assert!(s.matches("74.1") && s.matches("74.99") && !s.matches("75.1"));
    }

    #[test]
    fn ranges_are_inclusive_on_the_written_code() {
        let s = CodeSpec::parse("O00-O99").unwrap();
        assert!(s.matches("O00.1") && s.matches("O99.8") && !s.matches("P00"));
        let s = CodeSpec::parse("K35.2-K35.3").unwrap();
        assert!(s.matches("K35.2") && s.matches("K35.3") && !s.matches("K35.8") && !s.matches("K35"));
        let s = CodeSpec::parse("01-05.99").unwrap();
        assert!(s.matches("03.09") && s.matches("05.99") && !s.matches("06.2"));
        assert_eq!(CodeSpec::parse("-30").unwrap().to, "-30");
        assert_eq!(CodeSpec::parse_list("A90, A91,,").len(), 2);
    }
}
