//! The audit's columns: the file's header names resolved with the claim model's one alias table
//! ([`crate::checks::claim::ALIASES`]), and the column-mapping option (`sep=NO_SEP,diagnosa=DIAGLIST`
//! or a JSON object) for exports with other names. Documented in `docs/AUDIT.md`.

use crate::checks::claim::{normalise_key, Form, Key};
use crate::error::Error;

/// A user mapping: claim field → header name in the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ColumnMap {
    /// Explicit pairs.
    pub pairs: Vec<(Key, String)>,
}

fn bad_map(detail: String) -> Error {
    Error::InvalidInput { field: "map", detail }
}

/// The field a mapping key names: any key of the alias table, or `patient` / `pasien` for the
/// medical record number.
pub fn field_by_key(key: &str) -> Option<Key> {
    let k = normalise_key(key);
    if k == "patient" || k == "pasien" {
        return Some(Key::Mrn);
    }
    Key::lookup(&k).map(|(key, _)| key).filter(|k| *k != Key::Unused)
}

impl ColumnMap {
    /// Parses `field=HEADER,field=HEADER` or a JSON object `{"field": "HEADER"}`.
    pub fn parse(text: &str) -> Result<ColumnMap, Error> {
        let text = text.trim();
        let mut pairs = Vec::new();
        if text.is_empty() {
            return Ok(ColumnMap::default());
        }
        let raw: Vec<(String, String)> = if text.starts_with('{') {
            let v: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(text).map_err(|e| bad_map(format!("JSON tidak valid / invalid JSON: {e}")))?;
            v.into_iter()
                .map(|(k, v)| match v {
                    serde_json::Value::String(s) => Ok((k, s)),
                    _ => Err(bad_map(format!("\"{}\": nilai harus teks / value must be a string", short(&k)))),
                })
                .collect::<Result<_, _>>()?
        } else {
            text.split(',')
                .filter(|p| !p.trim().is_empty())
                .map(|p| match p.split_once('=') {
                    Some((k, v)) => Ok((k.trim().to_string(), v.trim().to_string())),
                    None => Err(bad_map(format!("\"{}\": gunakan / use kolom=HEADER", short(p)))),
                })
                .collect::<Result<_, _>>()?
        };
        for (k, v) in raw {
            let f = field_by_key(&k).ok_or_else(|| {
                bad_map(format!(
                    "kolom tidak dikenal / unknown column \"{}\"; gunakan nama isian klaim / use a claim field name \
                     (README: Kolom klaim / Claim fields)",
                    short(&k)
                ))
            })?;
            if v.is_empty() {
                return Err(bad_map(format!("\"{}\": nama kolom kosong / empty header name", short(&k))));
            }
            pairs.retain(|(g, _)| *g != f);
            pairs.push((f, v));
        }
        Ok(ColumnMap { pairs })
    }

    /// The field of a key (a JSON-lines key or a header name): the mapping first, then the
    /// alias table (unless the mapping gives that field to another name).
    pub fn field_of(&self, name: &str) -> Option<(Key, Form)> {
        let n = normalise_key(name);
        if let Some((k, _)) = self.pairs.iter().find(|(_, h)| normalise_key(h) == n) {
            return Some((*k, Form::Joined));
        }
        let (k, f) = Key::lookup(&n)?;
        if self.pairs.iter().any(|(g, _)| *g == k) {
            return None;
        }
        Some((k, if f == Form::Api { Form::Joined } else { f }))
    }

    /// Resolves the file's header to the field of each column. Errors list the required
    /// columns that are missing, a mapped header the file does not have, or two columns that
    /// fill the same field.
    pub fn resolve(&self, header: &[String]) -> Result<Columns, Error> {
        let norm: Vec<String> = header.iter().map(|h| normalise_key(h)).collect();
        for (k, h) in &self.pairs {
            if !norm.contains(&normalise_key(h)) {
                return Err(bad_map(format!(
                    "kolom \"{}\" (untuk / for {}) tidak ada di header / is not in the header",
                    short(h),
                    k.name()
                )));
            }
        }
        let mut cols: Vec<Option<(Key, Form)>> = Vec::with_capacity(header.len());
        for (i, h) in header.iter().enumerate() {
            let field = self.field_of(h);
            if let Some((k, _)) = field.filter(|(k, _)| *k != Key::Unused) {
                if let Some(j) = cols.iter().position(|c| c.is_some_and(|(x, _)| x == k)) {
                    return Err(Error::InvalidInput {
                        field: "header",
                        detail: format!(
                            "kolom \"{}\" dan / and \"{}\" mengisi isian yang sama / fill the same field ({}); \
                             pilih satu dengan / choose one with --map {}=…",
                            short(&header[j]),
                            short(h),
                            k.name(),
                            k.name()
                        ),
                    });
                }
            }
            let _ = i;
            cols.push(field);
        }
        let columns = Columns { cols };
        let mut missing = Vec::new();
        for (k, label) in [(Key::Id, "nomor_sep"), (Key::ServiceDate, "tgl_masuk"), (Key::Setting, "jenis_rawat")] {
            if columns.index(k).is_none() {
                missing.push(label);
            }
        }
        if columns.index(Key::Diagnoses).is_none() && columns.index(Key::Principal).is_none() {
            missing.push("diagnosa");
        }
        if columns.index(Key::Mrn).is_none() && columns.index(Key::CardNumber).is_none() {
            missing.push("no_rm / no_kartu");
        }
        if !missing.is_empty() {
            let hint = if header.len() <= 1 {
                " — header hanya 1 kolom; pemisah salah? / the header has 1 column; wrong delimiter?"
            } else {
                ""
            };
            return Err(Error::InvalidInput {
                field: "header",
                detail: format!(
                    "kolom wajib tidak ada / missing required columns: {} (header: {}){hint}",
                    missing.join(", "),
                    short(&header.join("|"))
                ),
            });
        }
        Ok(columns)
    }
}

/// The field of each column of a file (`None`: a column Koder does not read).
#[derive(Clone, Debug, Default)]
pub struct Columns {
    /// By column index.
    pub cols: Vec<Option<(Key, Form)>>,
}

impl Columns {
    /// The column of a field.
    pub fn index(&self, key: Key) -> Option<usize> {
        self.cols.iter().position(|c| c.is_some_and(|(k, _)| k == key))
    }
}

pub(crate) fn short(s: &str) -> String {
    let mut t: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        t.push('…');
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_forms() {
        let m = ColumnMap::parse("sep=NO_SEP, diagnosa=DIAGLIST,patient=MR").unwrap();
        assert_eq!(m.pairs.len(), 3);
        let j = ColumnMap::parse(r#"{"nomor_sep":"NO_SEP","diagnosa":"DIAGLIST","no_rm":"MR"}"#).unwrap();
        let sorted = |m: &ColumnMap| {
            let mut p: Vec<(String, String)> = m.pairs.iter().map(|(f, h)| (f.name().to_string(), h.clone())).collect();
            p.sort();
            p
        };
        assert_eq!(sorted(&m), sorted(&j));
        assert!(ColumnMap::parse("bogus=X").is_err());
        assert!(ColumnMap::parse("sep").is_err());
        let header: Vec<String> =
            ["NO_SEP", "MR", "TGL MASUK", "jenis rawat", "DIAGLIST"].iter().map(|s| s.to_string()).collect();
        let c = m.resolve(&header).unwrap();
        assert_eq!(c.index(Key::Id), Some(0));
        assert_eq!(c.index(Key::ServiceDate), Some(2));
        assert_eq!(c.index(Key::Diagnoses), Some(4));
        // Without the mapping, E-Klaim's names (NO_SEP, DIAGLIST) are known; MR is not.
        let e = ColumnMap::default().resolve(&header).unwrap_err();
        assert!(e.to_string().contains("no_rm") && !e.to_string().contains("diagnosa"), "{e}");
    }

    #[test]
    fn two_columns_of_one_field_are_refused_unless_mapped() {
        let header: Vec<String> = ["sep", "no_rm", "tgl_masuk", "jenis_rawat", "diagnosa", "jk", "gender"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let e = ColumnMap::default().resolve(&header).unwrap_err().to_string();
        assert!(e.contains("same field") && e.contains("jk") && e.contains("gender"), "{e}");
        let c = ColumnMap::parse("sex=gender").unwrap().resolve(&header).unwrap();
        assert_eq!(c.index(Key::Sex), Some(6));
        assert_eq!(c.cols[5], None, "the other column is not read");
    }
}
