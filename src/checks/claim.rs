//! The claim (encounter) model the checks and the grouper read: accepted as JSON from the form,
//! the CLI or an E-Klaim-style record, validated into a [`Claim`] with clear, field-naming errors.

use crate::error::Error;
use serde::{Deserialize, Serialize};

/// Most codes accepted in one list (diagnoses, procedures, ICPC-2).
pub const MAX_CODES: usize = 100;
/// Most supporting documents accepted.
pub const MAX_DOCUMENTS: usize = 64;
/// Longest E-Klaim `#`-joined string accepted, in bytes.
pub const MAX_JOINED_BYTES: usize = 4096;
/// Longest single code or free value, in bytes.
pub const MAX_VALUE_BYTES: usize = 64;
/// Oldest plausible patient, in days (130 years).
pub const MAX_AGE_DAYS: u32 = 130 * 365;

/// Every key a claim object may carry (field names and their E-Klaim aliases), for front ends
/// whose deserialiser would otherwise ignore a misspelled key.
pub const CLAIM_FIELDS: &[&str] = &[
    "id",
    "nomor_sep",
    "sep",
    "facility",
    "setting",
    "jenis_rawat",
    "sex",
    "gender",
    "jenis_kelamin",
    "birth_date",
    "tgl_lahir",
    "service_date",
    "tgl_masuk",
    "admission_date",
    "discharge_date",
    "tgl_pulang",
    "age_days",
    "age_years",
    "principal_diagnosis",
    "secondary_diagnoses",
    "diagnoses",
    "diagnosa",
    "procedures",
    "procedure",
    "icpc2",
    "los_days",
    "lama_rawat",
    "discharge_status",
    "cara_pulang",
    "referral",
    "rujukan",
    "documents",
    "berkas",
    "birth_weight_grams",
    "berat_lahir",
    "care_class",
    "kelas_rawat",
];

/// A string or a number, as forms and E-Klaim send them ("1" or 1).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Scalar {
    /// A text value.
    Text(String),
    /// A numeric value.
    Number(f64),
    /// A boolean value.
    Bool(bool),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Text(s) => s.trim().to_lowercase(),
            Scalar::Number(n) => format!("{n}"),
            Scalar::Bool(b) => b.to_string(),
        }
    }
}

/// A claim as received (JSON). Field names follow the JavaScript API; E-Klaim names are
/// accepted as aliases (`diagnosa`, `procedure`, `gender`, `tgl_lahir`, `tgl_masuk`,
/// `tgl_pulang`, `jenis_rawat`, `kelas_rawat`, `cara_pulang`, `berat_lahir`).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ClaimInput {
    /// Optional identifier echoed in reports (SEP number, encounter id).
    #[serde(alias = "nomor_sep", alias = "sep")]
    pub id: Option<String>,
    /// `fktp` (puskesmas, klinik) or `fktl` (hospital); default `fktl`.
    pub facility: Option<Scalar>,
    /// `outpatient` / `rawat_jalan` / 2 or `inpatient` / `rawat_inap` / 1.
    #[serde(alias = "jenis_rawat")]
    pub setting: Option<Scalar>,
    /// `M`/`L`/`male`/`laki-laki`/1 or `F`/`P`/`female`/`perempuan`/2.
    #[serde(alias = "gender", alias = "jenis_kelamin")]
    pub sex: Option<Scalar>,
    /// Birth date, `YYYY-MM-DD`.
    #[serde(alias = "tgl_lahir")]
    pub birth_date: Option<String>,
    /// Service / admission date, `YYYY-MM-DD`.
    #[serde(alias = "tgl_masuk", alias = "admission_date")]
    pub service_date: Option<String>,
    /// Discharge date, `YYYY-MM-DD` (gives the length of stay).
    #[serde(alias = "tgl_pulang")]
    pub discharge_date: Option<String>,
    /// Age in days (when no birth date).
    pub age_days: Option<f64>,
    /// Age in years (when no birth date).
    pub age_years: Option<f64>,
    /// The principal diagnosis (ICD-10).
    pub principal_diagnosis: Option<String>,
    /// Secondary diagnoses (ICD-10).
    pub secondary_diagnoses: Vec<String>,
    /// All diagnoses, the first being the principal (alternative to the two fields above).
    pub diagnoses: Vec<String>,
    /// E-Klaim form: `"A91#R50.9"` (the first is the principal).
    pub diagnosa: Option<String>,
    /// Procedures (ICD-9-CM).
    pub procedures: Vec<String>,
    /// E-Klaim form: `"99.29#89.52"`.
    pub procedure: Option<String>,
    /// ICPC-2 codes (primary care).
    pub icpc2: Vec<String>,
    /// Length of stay in days.
    #[serde(alias = "lama_rawat")]
    pub los_days: Option<f64>,
    /// `home`, `referred`, `self_discharge`, `died`, `other` (or E-Klaim `cara_pulang` 1–5).
    #[serde(alias = "cara_pulang")]
    pub discharge_status: Option<Scalar>,
    /// Referred onward (rujukan).
    #[serde(alias = "rujukan")]
    pub referral: Option<bool>,
    /// Attached supporting documents (kinds of `data/rules/document_kinds.tsv`).
    #[serde(alias = "berkas")]
    pub documents: Vec<String>,
    /// Birth weight in grams (newborns).
    #[serde(alias = "berat_lahir")]
    pub birth_weight_grams: Option<f64>,
    /// Care class 1, 2 or 3.
    #[serde(alias = "kelas_rawat")]
    pub care_class: Option<Scalar>,
}

/// Facility level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Facility {
    /// Primary care (puskesmas, klinik pratama, dokter praktik).
    Fktp,
    /// Referral care (hospital).
    Fktl,
}

/// Care setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Setting {
    /// Rawat jalan.
    Outpatient,
    /// Rawat inap.
    Inpatient,
}

impl Setting {
    /// The name used in rule tables.
    pub fn name(self) -> &'static str {
        match self {
            Setting::Outpatient => "outpatient",
            Setting::Inpatient => "inpatient",
        }
    }
}

/// Patient sex.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    /// Laki-laki.
    #[serde(rename = "M")]
    Male,
    /// Perempuan.
    #[serde(rename = "F")]
    Female,
}

impl Sex {
    /// Indonesian label.
    pub fn label_id(self) -> &'static str {
        match self {
            Sex::Male => "laki-laki",
            Sex::Female => "perempuan",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

/// Discharge status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Discharge {
    /// Atas persetujuan dokter.
    Home,
    /// Dirujuk.
    Referred,
    /// Atas permintaan sendiri (APS).
    SelfDischarge,
    /// Meninggal.
    Died,
    /// Lain-lain.
    Other,
}

/// A validated claim.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Claim {
    /// Identifier echoed in reports.
    pub id: Option<String>,
    /// Facility level.
    pub facility: Facility,
    /// Care setting.
    pub setting: Setting,
    /// Sex, when known.
    pub sex: Option<Sex>,
    /// Age in days at the service date, when known.
    pub age_days: Option<u32>,
    /// True when the age came in whole years only (`age_years`): a 0 then says "under one
    /// year", not "in the neonatal period".
    #[serde(default)]
    pub age_from_years: bool,
    /// Principal diagnosis as typed (trimmed).
    pub principal: Option<String>,
    /// Secondary diagnoses as typed.
    pub secondary: Vec<String>,
    /// Procedures as typed.
    pub procedures: Vec<String>,
    /// ICPC-2 codes as typed.
    pub icpc2: Vec<String>,
    /// Length of stay in days.
    pub los_days: Option<u32>,
    /// Discharge status.
    pub discharge: Option<Discharge>,
    /// Referred onward.
    pub referral: bool,
    /// Attached document kinds (lower case).
    pub documents: Vec<String>,
    /// Birth weight in grams.
    pub birth_weight_grams: Option<u32>,
    /// Care class 1–3.
    pub care_class: Option<u8>,
}

fn invalid(field: &'static str, detail: impl Into<String>) -> Error {
    Error::InvalidInput { field, detail: detail.into() }
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Splits an E-Klaim `#`-joined list.
fn split_joined(field: &'static str, s: &str) -> Result<Vec<String>, Error> {
    if s.len() > MAX_JOINED_BYTES {
        return Err(invalid(field, format!("lebih dari / more than {MAX_JOINED_BYTES} byte")));
    }
    Ok(s.split('#').map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect())
}

fn code_list(field: &'static str, list: Vec<String>) -> Result<Vec<String>, Error> {
    if list.len() > MAX_CODES {
        return Err(invalid(field, format!("{} kode; maksimal / at most {MAX_CODES}", list.len())));
    }
    let mut out = Vec::with_capacity(list.len());
    for c in list {
        let c = c.trim();
        if c.len() > MAX_VALUE_BYTES {
            return Err(invalid(field, format!("kode terlalu panjang / code too long: \"{}…\"", short(c))));
        }
        if !c.is_empty() {
            out.push(c.to_string());
        }
    }
    Ok(out)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian).
pub fn parse_date(field: &'static str, s: &str) -> Result<i64, Error> {
    let bad = || invalid(field, format!("tanggal harus YYYY-MM-DD / date must be YYYY-MM-DD, not \"{}\"", short(s)));
    let s = s.trim();
    let s = s.get(..10).filter(|_| s.len() == 10 || s.as_bytes().get(10) == Some(&b'T')).ok_or_else(bad)?;
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return Err(bad()) };
    if (y.len(), m.len(), d.len()) != (4, 2, 2) {
        return Err(bad());
    }
    let (y, m, d): (i64, i64, i64) = match (y.parse(), m.parse(), d.parse()) {
        (Ok(y), Ok(m), Ok(d)) => (y, m, d),
        _ => return Err(bad()),
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let dim = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&m) || d < 1 || d > dim[(m - 1) as usize] {
        return Err(invalid(field, format!("tanggal tidak ada / no such date: \"{}\"", short(s))));
    }
    if !(1900..=2200).contains(&y) {
        return Err(invalid(
            field,
            format!("tanggal di luar rentang 1900-01-01 – 2200-12-31 / date outside 1900-01-01 – 2200-12-31: \"{s}\""),
        ));
    }
    // Howard Hinnant's days_from_civil.
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Ok(era * 146_097 + doe - 719_468)
}

fn whole(field: &'static str, v: f64, max: f64) -> Result<u32, Error> {
    if !v.is_finite() || v < 0.0 || v > max || v.fract() != 0.0 {
        return Err(invalid(field, format!("harus bilangan bulat 0–{max} / must be a whole number 0–{max}")));
    }
    Ok(v as u32)
}

impl ClaimInput {
    /// Validates and normalises the claim. Every error names the field.
    pub fn validate(self) -> Result<Claim, Error> {
        let facility = match self.facility.as_ref().map(Scalar::text).as_deref() {
            None | Some("") | Some("fktl") | Some("rs") | Some("hospital") | Some("rumah_sakit") => Facility::Fktl,
            Some("fktp") | Some("puskesmas") | Some("klinik") | Some("primary") => Facility::Fktp,
            Some(other) => return Err(invalid("facility", format!("\"{}\": gunakan / use fktp | fktl", short(other)))),
        };
        let setting = match self.setting.as_ref().map(Scalar::text).as_deref() {
            None | Some("") | Some("outpatient") | Some("rawat_jalan") | Some("rj") | Some("2") => Setting::Outpatient,
            Some("inpatient") | Some("rawat_inap") | Some("ri") | Some("1") => Setting::Inpatient,
            Some(other) => {
                return Err(invalid("setting", format!("\"{}\": gunakan / use outpatient | inpatient", short(other))))
            }
        };
        let sex = match self.sex.as_ref().map(Scalar::text).as_deref() {
            None | Some("") => None,
            Some("m") | Some("l") | Some("male") | Some("laki-laki") | Some("lk") | Some("1") => Some(Sex::Male),
            Some("f") | Some("p") | Some("female") | Some("perempuan") | Some("pr") | Some("2") => Some(Sex::Female),
            Some(other) => return Err(invalid("sex", format!("\"{}\": gunakan / use M | F (L | P)", short(other)))),
        };
        let service = self.service_date.as_deref().map(|s| parse_date("service_date", s)).transpose()?;
        let birth = self.birth_date.as_deref().map(|s| parse_date("birth_date", s)).transpose()?;
        let discharge_day = self.discharge_date.as_deref().map(|s| parse_date("discharge_date", s)).transpose()?;
        let age_days = match (birth, service, self.age_days, self.age_years) {
            (Some(b), Some(s), _, _) => {
                if b > s {
                    return Err(invalid("birth_date", "setelah tanggal layanan / after the service date"));
                }
                let days = s - b;
                if days > i64::from(MAX_AGE_DAYS) {
                    return Err(invalid("birth_date", "umur lebih dari 130 tahun / age over 130 years"));
                }
                Some(days as u32)
            }
            (_, _, Some(d), _) => Some(whole("age_days", d, f64::from(MAX_AGE_DAYS))?),
            (_, _, None, Some(y)) => Some(whole("age_years", y, 130.0)? * 365),
            _ => None,
        };
        let age_from_years = (birth.is_none() || service.is_none()) && self.age_days.is_none() && age_days.is_some();
        let mut los_days = self.los_days.map(|v| whole("los_days", v, 3650.0)).transpose()?;
        if let (Some(s), Some(d)) = (service, discharge_day) {
            if d < s {
                return Err(invalid("discharge_date", "sebelum tanggal masuk / before the admission date"));
            }
            if los_days.is_none() {
                los_days = Some(((d - s) as u32).min(3650));
            }
        }
        // Diagnoses: principal + secondary, or the `diagnoses` list, or E-Klaim `diagnosa`.
        let mut all = code_list("diagnoses", self.diagnoses)?;
        if let Some(d) = &self.diagnosa {
            all.extend(code_list("diagnosa", split_joined("diagnosa", d)?)?);
        }
        let mut principal = self.principal_diagnosis.map(|p| p.trim().to_string()).filter(|p| !p.is_empty());
        if let Some(p) = &principal {
            if p.len() > MAX_VALUE_BYTES {
                return Err(invalid("principal_diagnosis", "kode terlalu panjang / code too long"));
            }
        }
        let mut secondary = code_list("secondary_diagnoses", self.secondary_diagnoses)?;
        if !all.is_empty() {
            if principal.is_none() {
                principal = Some(all.remove(0));
            }
            secondary.splice(0..0, all);
        }
        if secondary.len() > MAX_CODES {
            return Err(invalid("secondary_diagnoses", format!("lebih dari / more than {MAX_CODES} kode")));
        }
        let mut procedures = code_list("procedures", self.procedures)?;
        if let Some(p) = &self.procedure {
            procedures.extend(code_list("procedure", split_joined("procedure", p)?)?);
        }
        if procedures.len() > MAX_CODES {
            return Err(invalid("procedures", format!("lebih dari / more than {MAX_CODES} kode")));
        }
        let discharge = match self.discharge_status.as_ref().map(Scalar::text).as_deref() {
            None | Some("") => None,
            Some("home") | Some("1") | Some("pulang") | Some("atas_persetujuan_dokter") => Some(Discharge::Home),
            Some("referred") | Some("2") | Some("dirujuk") => Some(Discharge::Referred),
            Some("self_discharge") | Some("3") | Some("aps") | Some("atas_permintaan_sendiri") => {
                Some(Discharge::SelfDischarge)
            }
            Some("died") | Some("4") | Some("meninggal") => Some(Discharge::Died),
            Some("other") | Some("5") | Some("lain") => Some(Discharge::Other),
            Some(other) => {
                return Err(invalid(
                    "discharge_status",
                    format!("\"{}\": gunakan / use home | referred | self_discharge | died | other", short(other)),
                ))
            }
        };
        if self.documents.len() > MAX_DOCUMENTS {
            return Err(invalid("documents", format!("maksimal / at most {MAX_DOCUMENTS}")));
        }
        let documents = self
            .documents
            .iter()
            .map(|d| d.trim().to_lowercase())
            .filter(|d| !d.is_empty())
            .map(|d| if d.len() > MAX_VALUE_BYTES { d.chars().take(64).collect() } else { d })
            .collect();
        let care_class = match self.care_class.as_ref().map(Scalar::text).as_deref() {
            None | Some("") => None,
            Some("1") | Some("kelas_1") => Some(1),
            Some("2") | Some("kelas_2") => Some(2),
            Some("3") | Some("kelas_3") => Some(3),
            Some(other) => return Err(invalid("care_class", format!("\"{}\": gunakan / use 1 | 2 | 3", short(other)))),
        };
        let birth_weight_grams =
            self.birth_weight_grams.map(|w| whole("birth_weight_grams", w, 10_000.0)).transpose()?;
        let id = self.id.map(|s| short(&s));
        Ok(Claim {
            id,
            facility,
            setting,
            sex,
            age_days,
            age_from_years,
            principal,
            secondary,
            procedures,
            icpc2: code_list("icpc2", self.icpc2)?,
            los_days,
            discharge,
            referral: self.referral.unwrap_or(false) || discharge == Some(Discharge::Referred),
            documents,
            birth_weight_grams,
            care_class,
        })
    }
}

impl Claim {
    /// All diagnoses, the principal first.
    pub fn diagnoses(&self) -> impl Iterator<Item = &str> {
        self.principal.iter().chain(self.secondary.iter()).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Claim, Error> {
        let input: ClaimInput = serde_json::from_str(json).map_err(|e| invalid("claim", e.to_string()))?;
        input.validate()
    }

    #[test]
    fn eklaim_strings_and_aliases() {
        let c = parse(
            r#"{"diagnosa":"A91#R50.9","procedure":"99.29#89.52","jenis_rawat":1,"gender":2,
            "tgl_lahir":"2000-01-01","tgl_masuk":"2020-01-01","tgl_pulang":"2020-01-04"}"#,
        )
        .unwrap();
        assert_eq!(c.principal.as_deref(), Some("A91"));
        assert_eq!(c.secondary, ["R50.9"]);
        assert_eq!(c.procedures, ["99.29", "89.52"]);
        assert_eq!(c.setting, Setting::Inpatient);
        assert_eq!(c.sex, Some(Sex::Female));
        assert_eq!(c.age_days, Some(7305));
        assert_eq!(c.los_days, Some(3));
    }

    #[test]
    fn errors_name_the_field() {
        let e = parse(r#"{"sex":"X"}"#).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "sex", .. }), "{e}");
        let e = parse(r#"{"birth_date":"2020-02-30"}"#).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "birth_date", .. }));
        let e = parse(r#"{"birth_date":"2021-01-01","service_date":"2020-01-01"}"#).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "birth_date", .. }));
        let e = parse(r#"{"age_years":-3}"#).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "age_years", .. }));
        let e = parse(r#"{"age_years":500}"#).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "age_years", .. }));
        let many: Vec<String> = (0..10_000).map(|i| format!("\"A{:02}\"", i % 100)).collect();
        let e = parse(&format!(r#"{{"procedures":[{}]}}"#, many.join(","))).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "procedures", .. }));
        let e = parse(&format!(r#"{{"diagnosa":"{}"}}"#, "A00#".repeat(5000))).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "diagnosa", .. }));
        assert!(parse(r#"{"unknown_field":1}"#).is_err());
    }

    #[test]
    fn claim_fields_lists_every_accepted_key() {
        for key in CLAIM_FIELDS {
            let r: Result<ClaimInput, _> = serde_json::from_str(&format!(r#"{{"{key}": null}}"#));
            if let Err(e) = r {
                assert!(!e.to_string().contains("unknown field"), "{key}: {e}");
            }
        }
        let e = serde_json::from_str::<ClaimInput>(r#"{"diagnosis": "A09"}"#).unwrap_err();
        assert!(e.to_string().contains("unknown field"));
    }

    #[test]
    fn dates_count_days() {
        assert_eq!(parse_date("d", "1970-01-01").unwrap(), 0);
        assert_eq!(parse_date("d", "2024-03-01").unwrap() - parse_date("d", "2024-02-28").unwrap(), 2);
        assert!(parse_date("d", "2024-13-01").is_err());
        assert!(parse_date("d", "ab").is_err());
        assert!(parse_date("d", "2024-01-01T10:00:00").is_ok());
    }

    #[test]
    fn date_errors_say_what_is_wrong() {
        let msg = |s: &str| parse_date("birth_date", s).unwrap_err().to_string();
        for old in ["1800-01-01", "1899-12-31", "2201-01-01", "0000-01-01"] {
            let m = msg(old);
            assert!(m.contains("di luar rentang 1900-01-01 – 2200-12-31") && m.contains("outside"), "{m}");
            assert!(!m.contains("YYYY-MM-DD"), "{m}");
        }
        for no_such in ["2023-02-29", "2024-13-01", "2024-04-31", "2024-00-10"] {
            let m = msg(no_such);
            assert!(m.contains("tanggal tidak ada") && m.contains("no such date"), "{m}");
        }
        for malformed in ["01-01-2020", "2020/01/01", "kemarin", "2020-1-1"] {
            assert!(msg(malformed).contains("YYYY-MM-DD"), "{malformed}");
        }
        assert!(parse_date("d", "1900-01-01").is_ok() && parse_date("d", "2200-12-31").is_ok());
    }
}
