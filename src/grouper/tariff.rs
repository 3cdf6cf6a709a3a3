//! Tariff tables (`# koder-tariff v1` CSV): the hospital's INA-CBG tariff list, loaded at run
//! time, looked up by CBG code (or special CMG option), regional, hospital class, ownership and
//! care class. `*` in a key column matches any value; the most specific matching row wins.

use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The header line every tariff file starts with.
pub const TARIFF_HEADER: &str = "# koder-tariff v1";
/// The columns of a tariff file (any order).
pub const TARIFF_COLUMNS: [&str; 6] = ["cbg", "regional", "hospital_class", "ownership", "care_class", "tariff"];

/// Hospital ownership.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Ownership {
    /// Pemerintah.
    Government,
    /// Swasta.
    Private,
}

impl Ownership {
    /// Parses `government`/`pemerintah` or `private`/`swasta`.
    pub fn parse(s: &str) -> Option<Ownership> {
        match s.trim().to_ascii_lowercase().as_str() {
            "government" | "pemerintah" | "gov" | "negeri" | "public" => Some(Ownership::Government),
            "private" | "swasta" => Some(Ownership::Private),
            _ => None,
        }
    }
}

/// Where and how the case is paid: the tariff context.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TariffContext {
    /// Regional tariff zone 1–5.
    pub regional: Option<u8>,
    /// Hospital class A–D.
    pub hospital_class: Option<char>,
    /// Government or private.
    pub ownership: Option<Ownership>,
    /// Care class 1–3 (defaults to the claim's).
    pub care_class: Option<u8>,
}

/// The tariff context as received (numbers or strings).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct TariffContextInput {
    /// 1–5.
    #[serde(alias = "regional_tarif")]
    pub regional: Option<crate::checks::claim::Scalar>,
    /// A, B, C or D.
    #[serde(alias = "kelas_rs")]
    pub hospital_class: Option<crate::checks::claim::Scalar>,
    /// `government`/`pemerintah` or `private`/`swasta`.
    #[serde(alias = "kepemilikan")]
    pub ownership: Option<crate::checks::claim::Scalar>,
    /// 1, 2 or 3.
    #[serde(alias = "kelas_rawat")]
    pub care_class: Option<crate::checks::claim::Scalar>,
}

/// Every key a context object may carry.
pub const CONTEXT_FIELDS: &[&str] = &[
    "regional",
    "regional_tarif",
    "hospital_class",
    "kelas_rs",
    "ownership",
    "kepemilikan",
    "care_class",
    "kelas_rawat",
];

fn scalar_text(s: &crate::checks::claim::Scalar) -> String {
    use crate::checks::claim::Scalar;
    match s {
        Scalar::Text(t) => t.trim().to_string(),
        Scalar::Number(n) => format!("{n}"),
        Scalar::Bool(b) => b.to_string(),
    }
}

fn invalid(field: &'static str, detail: String) -> Error {
    Error::InvalidInput { field, detail }
}

impl TariffContextInput {
    /// Validates the context; errors name the field.
    pub fn validate(&self) -> Result<TariffContext, Error> {
        let mut ctx = TariffContext::default();
        if let Some(r) = self.regional.as_ref().map(scalar_text).filter(|s| !s.is_empty()) {
            ctx.regional = Some(
                parse_regional(&r)
                    .ok_or_else(|| invalid("context.regional", format!("\"{}\": gunakan / use 1–5", short(&r))))?,
            );
        }
        if let Some(c) = self.hospital_class.as_ref().map(scalar_text).filter(|s| !s.is_empty()) {
            ctx.hospital_class = Some(parse_class(&c).ok_or_else(|| {
                invalid("context.hospital_class", format!("\"{}\": gunakan / use A | B | C | D", short(&c)))
            })?);
        }
        if let Some(o) = self.ownership.as_ref().map(scalar_text).filter(|s| !s.is_empty()) {
            ctx.ownership = Some(Ownership::parse(&o).ok_or_else(|| {
                invalid(
                    "context.ownership",
                    format!("\"{}\": gunakan / use government (pemerintah) | private (swasta)", short(&o)),
                )
            })?);
        }
        if let Some(c) = self.care_class.as_ref().map(scalar_text).filter(|s| !s.is_empty()) {
            ctx.care_class =
                Some(parse_care(&c).ok_or_else(|| {
                    invalid("context.care_class", format!("\"{}\": gunakan / use 1 | 2 | 3", short(&c)))
                })?);
        }
        Ok(ctx)
    }
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

fn parse_regional(s: &str) -> Option<u8> {
    match s.trim() {
        "1" | "1.0" => Some(1),
        "2" | "2.0" => Some(2),
        "3" | "3.0" => Some(3),
        "4" | "4.0" => Some(4),
        "5" | "5.0" => Some(5),
        _ => None,
    }
}

fn parse_class(s: &str) -> Option<char> {
    match s.trim().to_ascii_uppercase().as_str() {
        "A" => Some('A'),
        "B" => Some('B'),
        "C" => Some('C'),
        "D" => Some('D'),
        _ => None,
    }
}

fn parse_care(s: &str) -> Option<u8> {
    match s.trim().to_ascii_lowercase().as_str() {
        "1" | "1.0" | "kelas_1" => Some(1),
        "2" | "2.0" | "kelas_2" => Some(2),
        "3" | "3.0" | "kelas_3" => Some(3),
        _ => None,
    }
}

/// The key of a tariff row: code, regional, class, ownership, care class (`None` = `*`).
type TariffKey = (String, Option<u8>, Option<char>, Option<Ownership>, Option<u8>);

/// One row: `None` in a key field is `*`.
#[derive(Clone, Debug)]
struct Row {
    regional: Option<u8>,
    class: Option<char>,
    ownership: Option<Ownership>,
    care: Option<u8>,
    amount: u64,
    line: usize,
}

/// A loaded tariff table.
#[derive(Clone, Debug, Default)]
pub struct TariffTable {
    rows: HashMap<String, Vec<Row>>,
    /// Number of rows.
    pub row_count: usize,
    /// `# version: …` comment of the file, when given.
    pub version: Option<String>,
}

/// A tariff found for a code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TariffHit {
    /// Rupiah.
    pub amount: u64,
    /// Line of the row in the CSV.
    pub line: usize,
}

fn is_cbg_or_option(s: &str) -> bool {
    if s.contains('-') {
        let parts: Vec<&str> = s.split('-').collect();
        parts.len() == 4
            && super::tables::GroupCode::parse(&parts[..3].join("-")).is_some()
            && matches!(parts[3], "0" | "I" | "II" | "III" | "X")
    } else {
        (2..=16).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
    }
}

impl TariffTable {
    /// Parses a `# koder-tariff v1` CSV. Errors give the line number.
    pub fn parse(csv: &str) -> Result<TariffTable, Error> {
        let bad = |line: usize, what: String| invalid("tariffs", format!("baris / line {line}: {what}"));
        let mut lines = csv.lines().enumerate().map(|(i, l)| (i + 1, l.trim_end_matches('\r').trim()));
        let first = lines.by_ref().find(|(_, l)| !l.is_empty());
        match first {
            Some((_, l)) if l.trim_start_matches('\u{feff}') == TARIFF_HEADER => {}
            Some((n, _)) => {
                return Err(bad(n, format!("baris pertama harus / the first line must be `{TARIFF_HEADER}`")))
            }
            None => return Err(bad(1, "berkas kosong / empty file".into())),
        }
        let mut t = TariffTable::default();
        let mut cols: Option<[usize; 6]> = None;
        let mut seen: HashMap<TariffKey, usize> = HashMap::new();
        for (n, line) in lines {
            if line.is_empty() {
                continue;
            }
            if let Some(c) = line.strip_prefix('#') {
                if let Some(v) = c.trim().strip_prefix("version:") {
                    t.version = Some(v.trim().chars().take(80).collect());
                }
                continue;
            }
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            let Some(idx) = cols else {
                let mut idx = [0usize; 6];
                for (k, name) in TARIFF_COLUMNS.iter().enumerate() {
                    idx[k] = fields.iter().position(|f| f.eq_ignore_ascii_case(name)).ok_or_else(|| {
                        bad(n, format!("kolom `{name}` tidak ada / missing column `{name}` (header: {})", short(line)))
                    })?;
                }
                cols = Some(idx);
                continue;
            };
            let get = |k: usize| fields.get(idx[k]).copied().unwrap_or("");
            if fields.len() < idx.iter().max().map_or(0, |m| m + 1) {
                return Err(bad(n, format!("{} kolom, kurang / {} fields, too few", fields.len(), fields.len())));
            }
            let cbg = get(0).to_string();
            if !is_cbg_or_option(&cbg) {
                return Err(bad(n, format!("`{}` bukan kode CBG (J-4-16-I) atau kode special CMG (YY01) / not a CBG code or special CMG option", short(&cbg))));
            }
            let star = |v: &str| v == "*";
            let regional = if star(get(1)) {
                None
            } else {
                Some(
                    parse_regional(get(1))
                        .ok_or_else(|| bad(n, format!("regional `{}`: gunakan / use 1–5 | *", short(get(1)))))?,
                )
            };
            let class = if star(get(2)) {
                None
            } else {
                Some(parse_class(get(2)).ok_or_else(|| {
                    bad(n, format!("hospital_class `{}`: gunakan / use A | B | C | D | *", short(get(2))))
                })?)
            };
            let ownership = if star(get(3)) {
                None
            } else {
                Some(Ownership::parse(get(3)).ok_or_else(|| {
                    bad(n, format!("ownership `{}`: gunakan / use government | private | *", short(get(3))))
                })?)
            };
            let care =
                if star(get(4)) {
                    None
                } else {
                    Some(parse_care(get(4)).ok_or_else(|| {
                        bad(n, format!("care_class `{}`: gunakan / use 1 | 2 | 3 | *", short(get(4))))
                    })?)
                };
            let amount = parse_amount(get(5)).ok_or_else(|| {
                bad(n, format!("tariff `{}`: harus angka rupiah ≥ 0 / must be a rupiah amount ≥ 0", short(get(5))))
            })?;
            if let Some(prev) = seen.insert((cbg.clone(), regional, class, ownership, care), n) {
                return Err(bad(n, format!("baris ganda dengan baris {prev} / duplicate of line {prev}")));
            }
            t.rows.entry(cbg).or_default().push(Row { regional, class, ownership, care, amount, line: n });
            t.row_count += 1;
        }
        if cols.is_none() {
            return Err(bad(
                1,
                format!("tidak ada baris judul kolom / no column header ({})", TARIFF_COLUMNS.join(",")),
            ));
        }
        Ok(t)
    }

    /// The tariff of `code` in the context, the most specific row first.
    pub fn lookup(&self, code: &str, ctx: &TariffContext) -> Option<TariffHit> {
        let rows = self.rows.get(code)?;
        let fits = |want: Option<u8>, have: Option<u8>| want.is_none() || want == have;
        rows.iter()
            .filter(|r| fits(r.regional, ctx.regional))
            .filter(|r| r.class.is_none() || r.class == ctx.hospital_class)
            .filter(|r| r.ownership.is_none() || r.ownership == ctx.ownership)
            .filter(|r| fits(r.care, ctx.care_class))
            .max_by_key(|r| {
                let spec = [r.regional.is_some(), r.class.is_some(), r.ownership.is_some(), r.care.is_some()];
                (spec.iter().filter(|x| **x).count(), std::cmp::Reverse(r.line))
            })
            .map(|r| TariffHit { amount: r.amount, line: r.line })
    }
}

fn parse_amount(s: &str) -> Option<u64> {
    let s = s.trim();
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() || int.len() > 15 || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: u64 = int.parse().ok()?;
    let cents: u64 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().ok()? };
    Some(if cents >= 50 { v + 1 } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "# koder-tariff v1\n# version: contoh 2024\ncbg,regional,hospital_class,ownership,care_class,tariff\n\
J-4-16-I,1,C,government,3,3500000\nJ-4-16-I,1,C,government,2,4200000\nJ-4-16-I,*,*,*,*,3000000\nYY01,*,*,*,*,12000000.50\n";

    #[test]
    fn lookup_prefers_the_most_specific_row() {
        let t = TariffTable::parse(CSV).unwrap();
        assert_eq!(t.row_count, 4);
        assert_eq!(t.version.as_deref(), Some("contoh 2024"));
        let ctx = TariffContext {
            regional: Some(1),
            hospital_class: Some('C'),
            ownership: Some(Ownership::Government),
            care_class: Some(2),
        };
        assert_eq!(t.lookup("J-4-16-I", &ctx).unwrap().amount, 4_200_000);
        let other = TariffContext { regional: Some(4), ..ctx.clone() };
        assert_eq!(t.lookup("J-4-16-I", &other).unwrap().amount, 3_000_000);
        assert_eq!(t.lookup("YY01", &other).unwrap().amount, 12_000_001);
        assert!(t.lookup("J-4-16-II", &ctx).is_none());
    }

    #[test]
    fn errors_give_the_line() {
        let e = TariffTable::parse("cbg,regional\n").unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
        let e = TariffTable::parse("# koder-tariff v1\ncbg,regional,hospital_class,ownership,tariff\n").unwrap_err();
        assert!(e.to_string().contains("care_class"), "{e}");
        let bad_amount = CSV.replace("3500000", "3.500.000");
        assert!(TariffTable::parse(&bad_amount).unwrap_err().to_string().contains("line 4"));
        let bad_region = CSV.replace("J-4-16-I,1,C,government,3", "J-4-16-I,9,C,government,3");
        assert!(TariffTable::parse(&bad_region).unwrap_err().to_string().contains("regional"));
        let dup = format!("{CSV}J-4-16-I,1,C,government,3,1\n");
        assert!(TariffTable::parse(&dup).unwrap_err().to_string().contains("duplicate of line 4"));
        let bad_code = CSV.replace("J-4-16-I,*", "J-4-16-IV,*");
        assert!(TariffTable::parse(&bad_code).is_err());
        assert!(TariffTable::parse("").is_err());
    }

    #[test]
    fn context_validation_names_the_field() {
        let c: TariffContextInput =
            serde_json::from_str(r#"{"regional":"2","hospital_class":"b","ownership":"swasta","care_class":1}"#)
                .unwrap();
        let c = c.validate().unwrap();
        assert_eq!(
            (c.regional, c.hospital_class, c.ownership, c.care_class),
            (Some(2), Some('B'), Some(Ownership::Private), Some(1))
        );
        let c: TariffContextInput = serde_json::from_str(r#"{"regional":7}"#).unwrap();
        assert!(matches!(c.validate().unwrap_err(), Error::InvalidInput { field: "context.regional", .. }));
        assert!(serde_json::from_str::<TariffContextInput>(r#"{"region":1}"#).is_err());
    }
}
