//! The audit's columns: canonical names, the header names recognised for each, and the
//! column-mapping option (`sep=NO_SEP,diagnosa=DIAGLIST` or a JSON object) for other SIMRS
//! exports. Documented in `docs/AUDIT.md`.

use crate::error::Error;

/// The columns of the audit, in a fixed order (the index is the field's slot in a row).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// SEP number (required).
    NomorSep = 0,
    /// Medical record number.
    NoRm,
    /// JKN card number.
    NoKartu,
    /// Sex.
    Sex,
    /// Birth date.
    BirthDate,
    /// Admission / service date (required).
    Admission,
    /// Discharge date.
    Discharge,
    /// Setting: jenis_rawat (required).
    Setting,
    /// Care class.
    CareClass,
    /// Diagnoses, `#`-joined, principal first.
    Diagnosa,
    /// Procedures, `#`-joined.
    Procedure,
    /// Attached documents, `;`-separated kinds.
    Documents,
    /// Department (poli / ruangan).
    Department,
    /// Facility level (fktl / fktp).
    Facility,
    /// Discharge status (cara_pulang).
    DischargeStatus,
    /// Birth weight in grams.
    BirthWeight,
}

/// Number of fields.
pub const FIELD_COUNT: usize = 16;

/// Every field with its canonical name and the header names recognised (lower case; spaces
/// and dashes count as `_`).
pub const FIELDS: [(Field, &str, &[&str]); FIELD_COUNT] = [
    (Field::NomorSep, "nomor_sep", &["nomor_sep", "no_sep", "sep", "nosep", "id"]),
    (Field::NoRm, "no_rm", &["no_rm", "norm", "nomor_rm", "no_mr", "mrn", "no_rekam_medis", "patient_id"]),
    (Field::NoKartu, "no_kartu", &["no_kartu", "nomor_kartu", "no_peserta", "nokartu", "no_bpjs"]),
    (Field::Sex, "jenis_kelamin", &["jenis_kelamin", "gender", "sex", "jk"]),
    (Field::BirthDate, "tgl_lahir", &["tgl_lahir", "tanggal_lahir", "birth_date", "dob"]),
    (Field::Admission, "tgl_masuk", &["tgl_masuk", "tanggal_masuk", "admission_date", "service_date", "tgl_pelayanan"]),
    (Field::Discharge, "tgl_pulang", &["tgl_pulang", "tanggal_pulang", "discharge_date"]),
    (Field::Setting, "jenis_rawat", &["jenis_rawat", "setting", "jenis_pelayanan"]),
    (Field::CareClass, "kelas_rawat", &["kelas_rawat", "care_class", "kelas"]),
    (Field::Diagnosa, "diagnosa", &["diagnosa", "diagnosis", "diagnoses", "dx", "kode_diagnosa"]),
    (Field::Procedure, "procedure", &["procedure", "procedures", "prosedur", "tindakan", "kode_tindakan"]),
    (Field::Documents, "berkas", &["berkas", "documents", "dokumen", "berkas_pendukung"]),
    (Field::Department, "poli", &["poli", "ruangan", "department", "unit", "instalasi", "poli_ruangan"]),
    (Field::Facility, "facility", &["facility", "faskes", "tingkat_faskes"]),
    (Field::DischargeStatus, "cara_pulang", &["cara_pulang", "discharge_status"]),
    (Field::BirthWeight, "berat_lahir", &["berat_lahir", "birth_weight_grams", "birth_weight"]),
];

/// Keys accepted on the left of a mapping (canonical names, their aliases, and `patient`).
pub fn field_by_key(key: &str) -> Option<Field> {
    let k = normalise(key);
    if k == "patient" || k == "pasien" {
        return Some(Field::NoRm);
    }
    FIELDS.iter().find(|(_, name, aliases)| *name == k || aliases.contains(&k.as_str())).map(|f| f.0)
}

/// Lower case, trimmed, spaces / dashes / dots as `_`, BOM removed.
pub fn normalise(s: &str) -> String {
    s.trim_start_matches('\u{feff}')
        .trim()
        .chars()
        .map(|c| if c == ' ' || c == '-' || c == '.' { '_' } else { c.to_ascii_lowercase() })
        .collect()
}

/// A user mapping: field → header name in the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ColumnMap {
    /// Explicit pairs.
    pub pairs: Vec<(Field, String)>,
}

fn bad_map(detail: String) -> Error {
    Error::InvalidInput { field: "map", detail }
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
                    _ => Err(bad_map(format!("\"{k}\": nilai harus teks / value must be a string"))),
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
                let names: Vec<&str> = FIELDS.iter().map(|f| f.1).collect();
                bad_map(format!(
                    "kolom tidak dikenal / unknown column \"{}\"; gunakan / use: {}",
                    short(&k),
                    names.join(", ")
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

    /// Resolves the file's header names to field slots: `slots[field] = Some(column index)`.
    /// Errors list the required columns that are missing.
    pub fn resolve(&self, header: &[String]) -> Result<[Option<usize>; FIELD_COUNT], Error> {
        let norm: Vec<String> = header.iter().map(|h| normalise(h)).collect();
        let mut slots = [None; FIELD_COUNT];
        for (f, name, aliases) in FIELDS {
            if let Some((_, h)) = self.pairs.iter().find(|(g, _)| *g == f) {
                let want = normalise(h);
                match norm.iter().position(|n| *n == want) {
                    Some(i) => slots[f as usize] = Some(i),
                    None => {
                        return Err(Error::InvalidInput {
                            field: "map",
                            detail: format!(
                                "kolom \"{}\" (untuk / for {name}) tidak ada di header / is not in the header",
                                short(h)
                            ),
                        })
                    }
                }
                continue;
            }
            slots[f as usize] = norm.iter().position(|n| n == name || aliases.contains(&n.as_str()));
        }
        let mut missing = Vec::new();
        for f in [Field::NomorSep, Field::Admission, Field::Setting, Field::Diagnosa] {
            if slots[f as usize].is_none() {
                missing.push(FIELDS[f as usize].1);
            }
        }
        if slots[Field::NoRm as usize].is_none() && slots[Field::NoKartu as usize].is_none() {
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
        Ok(slots)
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
            let mut p: Vec<(usize, String)> = m.pairs.iter().map(|(f, h)| (*f as usize, h.clone())).collect();
            p.sort();
            p
        };
        assert_eq!(sorted(&m), sorted(&j));
        assert!(ColumnMap::parse("bogus=X").is_err());
        assert!(ColumnMap::parse("sep").is_err());
        let header: Vec<String> =
            ["NO_SEP", "MR", "TGL MASUK", "jenis rawat", "DIAGLIST"].iter().map(|s| s.to_string()).collect();
        let slots = m.resolve(&header).unwrap();
        assert_eq!(slots[Field::NomorSep as usize], Some(0));
        assert_eq!(slots[Field::Admission as usize], Some(2));
        assert_eq!(slots[Field::Diagnosa as usize], Some(4));
        let e = ColumnMap::default().resolve(&header).unwrap_err();
        assert!(e.to_string().contains("diagnosa") && e.to_string().contains("no_rm"), "{e}");
    }
}
