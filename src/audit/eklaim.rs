//! The E-Klaim TXT export (`EKLAIM.md` §1): recognised by its header, read natively (tab, no
//! quoting, 78 columns or 77), and compared with Koder's grouping preview: E-Klaim's own
//! INACBG / TARIF_INACBG columns say what E-Klaim gave; the audit shows per claim and in total
//! where the preview agrees.

use crate::checks::claim::normalise_key;
use serde::{Deserialize, Serialize};

/// Columns of E-Klaim 5.x's TXT export.
pub const EKLAIM_COLUMNS: usize = 78;

/// Header names that, together, mark an E-Klaim TXT export.
const MARKERS: [&str; 6] = ["kode_rs", "ptd", "diaglist", "proclist", "inacbg", "sep"];

/// True when a header is E-Klaim's TXT export.
pub fn is_eklaim_header(header: &[String]) -> bool {
    let names: Vec<String> = header.iter().map(|h| normalise_key(h)).collect();
    MARKERS.iter().all(|m| names.iter().any(|n| n == m))
}

/// True when a row of `fields` columns fits a header of `header` columns: equal, or the last
/// (optional) column missing, as some importers write 77 of the 78.
pub fn row_fits(header: usize, fields: usize) -> bool {
    fields == header
        || (header == EKLAIM_COLUMNS && fields + 1 == header)
        || (header + 1 == EKLAIM_COLUMNS && fields == EKLAIM_COLUMNS)
}

/// How Koder's preview compares with E-Klaim's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    /// The same INA-CBG code.
    Agree,
    /// The same CMG, case type and group; another severity.
    Severity,
    /// Another group (or one of them ungroupable).
    Differ,
    /// No preview (grouping off).
    NotGrouped,
}

/// E-Klaim's result for one claim beside Koder's preview.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct EklaimMatch {
    /// Row (line where the record starts).
    pub row: u64,
    /// SEP number.
    pub nomor_sep: String,
    /// INA-CBG code E-Klaim gave.
    pub eklaim_cbg: String,
    /// Tariff E-Klaim gave, rupiah.
    pub eklaim_tariff: Option<u64>,
    /// Koder's preview.
    pub koder_cbg: Option<String>,
    /// How they compare.
    pub agreement: Agreement,
}

/// In total: where the preview agrees with E-Klaim.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct EklaimComparison {
    /// Claims carrying E-Klaim's result.
    pub claims: u64,
    /// Same INA-CBG code.
    pub agree: u64,
    /// Same group, another severity.
    pub severity: u64,
    /// Another group.
    pub differ: u64,
    /// Without a preview.
    pub not_grouped: u64,
    /// Sum of E-Klaim's tariffs, rupiah.
    pub eklaim_tariff_total: u64,
    /// … of the claims where the preview agrees.
    pub eklaim_tariff_agree: u64,
    /// … of the claims where it does not (severity or group).
    pub eklaim_tariff_differ: u64,
    /// Claims where the preview does not agree, in file order (the first `detail_limit`).
    pub differences: Vec<EklaimMatch>,
    /// Differences not listed.
    pub differences_not_listed: u64,
}

/// `CMG-type-group` of an INA-CBG code (`M-1-04-II` → `M-1-04`).
fn base(cbg: &str) -> &str {
    cbg.rsplit_once('-').map_or(cbg, |(b, _)| b)
}

/// Compares E-Klaim's code with the preview.
pub fn compare(eklaim: &str, koder: Option<&str>) -> Agreement {
    let e = eklaim.trim().to_ascii_uppercase();
    match koder {
        None => Agreement::NotGrouped,
        Some(k) if k.eq_ignore_ascii_case(&e) => Agreement::Agree,
        Some(k) if !e.starts_with('X') && base(&k.to_ascii_uppercase()) == base(&e) => Agreement::Severity,
        Some(_) => Agreement::Differ,
    }
}

impl EklaimComparison {
    /// Counts one claim.
    pub fn add(&mut self, m: &EklaimMatch, limit: usize) {
        self.claims += 1;
        let t = m.eklaim_tariff.unwrap_or(0);
        self.eklaim_tariff_total += t;
        match m.agreement {
            Agreement::Agree => {
                self.agree += 1;
                self.eklaim_tariff_agree += t;
            }
            Agreement::Severity => self.severity += 1,
            Agreement::Differ => self.differ += 1,
            Agreement::NotGrouped => self.not_grouped += 1,
        }
        if matches!(m.agreement, Agreement::Severity | Agreement::Differ) {
            self.eklaim_tariff_differ += t;
            if self.differences.len() < limit {
                self.differences.push(m.clone());
            } else {
                self.differences_not_listed += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreement() {
        assert_eq!(compare("M-1-04-II", Some("M-1-04-II")), Agreement::Agree);
        assert_eq!(compare("m-1-04-ii", Some("M-1-04-II")), Agreement::Agree);
        assert_eq!(compare("M-1-04-II", Some("M-1-04-I")), Agreement::Severity);
        assert_eq!(compare("M-1-04-II", Some("M-1-05-II")), Agreement::Differ);
        assert_eq!(compare("X-0-96-X", Some("X-0-13-X")), Agreement::Differ);
        assert_eq!(compare("X-0-96-X", None), Agreement::NotGrouped);
        assert!(row_fits(78, 77) && row_fits(78, 78) && row_fits(77, 78) && !row_fits(78, 76));
        let h: Vec<String> =
            ["KODE_RS", "PTD", "DIAGLIST", "PROCLIST", "INACBG", "SEP"].iter().map(|s| s.to_string()).collect();
        assert!(is_eklaim_header(&h));
        assert!(!is_eklaim_header(&h[1..]));
    }
}
