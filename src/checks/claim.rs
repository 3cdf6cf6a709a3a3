//! The claim (encounter) model the checks, the grouper and the audit read, and its one parser.
//!
//! Every entry point (the Rust and JavaScript APIs, the CLI, the audit's CSV / JSON-lines / E-Klaim
//! TXT rows and the form components) hands its keys and values to [`ClaimInput::from_members`]
//! (JSON values) or the audit's table path (text cells): the keys are resolved with the one alias
//! table [`ALIASES`], duplicate keys and two aliases of one field are refused alike, and the values
//! are read into a [`ClaimInput`]; [`ClaimInput::validate`] then gives a [`Claim`] with clear,
//! field-naming errors. A field that is absent stays `None`: the checks ask for it instead of
//! treating it as empty (`documents: null` is a checklist, `documents: []` is "nothing attached").

use crate::error::Error;
use crate::grouper::tariff::Ownership;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

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
/// Most keys one claim object may carry.
pub const MAX_KEYS: usize = 256;
/// Largest procedure multiplicity (`86.22+2`).
pub const MAX_MULTIPLICITY: u8 = 99;

/// A field of the claim model. [`Key::name`] is its canonical key.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Id,
    Facility,
    Setting,
    Sex,
    BirthDate,
    ServiceDate,
    DischargeDate,
    AgeDays,
    AgeYears,
    Principal,
    Secondary,
    Diagnoses,
    Procedures,
    Icpc2,
    LosDays,
    DischargeStatus,
    Referral,
    AdmissionSource,
    Documents,
    BirthWeight,
    CareClass,
    IcuIndicator,
    IcuDays,
    VentilatorHours,
    AdlSubacute,
    AdlChronic,
    UpgradeClass,
    TariffCode,
    HospitalClass,
    CodingTrack,
    Mrn,
    CardNumber,
    PatientName,
    Department,
    EklaimCbg,
    EklaimTariff,
    Sodium,
    Potassium,
    Hemoglobin,
    Platelets,
    Leukocytes,
    Temperature,
    Culture,
    EjectionFraction,
    SystolicBp,
    ChestXray,
    SputumSmear,
    Eeg,
    CreatinineBaseline,
    CreatininePeak,
    Antibiotics,
    AntibioticDays,
    Anticonvulsant,
    Inotrope,
    TbDrugs,
    ElectrolyteCorrection,
    AnaemiaTherapy,
    Thoracentesis,
    /// An E-Klaim web-service key Koder accepts and does not read ([`EKLAIM_UNUSED`]).
    Unused,
}

/// How a key's value may be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The JavaScript API form: lists are arrays.
    Api,
    /// An E-Klaim / SIMRS form: lists may also be `#`- or `;`-joined strings.
    Joined,
}

use Form::{Api, Joined};

/// The alias table: every key a claim may carry (compared in lower case, with spaces, dashes and
/// dots read as `_`), the field it fills and its form. The one table of the JSON API, the CLI, the
/// audit's column headers and the form components (JavaScript `claimKeys()`); documented in
/// README.md ("Kolom klaim / Claim fields").
pub const ALIASES: &[(&str, Key, Form)] = &[
    ("id", Key::Id, Api),
    ("nomor_sep", Key::Id, Joined),
    ("no_sep", Key::Id, Joined),
    ("sep", Key::Id, Joined),
    ("nosep", Key::Id, Joined),
    ("facility", Key::Facility, Api),
    ("faskes", Key::Facility, Joined),
    ("tingkat_faskes", Key::Facility, Joined),
    ("jenis_faskes", Key::Facility, Joined),
    ("setting", Key::Setting, Api),
    ("jenis_rawat", Key::Setting, Joined),
    ("jenis_pelayanan", Key::Setting, Joined),
    ("ptd", Key::Setting, Joined),
    ("sex", Key::Sex, Api),
    ("gender", Key::Sex, Joined),
    ("jenis_kelamin", Key::Sex, Joined),
    ("jk", Key::Sex, Joined),
    ("birth_date", Key::BirthDate, Api),
    ("tgl_lahir", Key::BirthDate, Joined),
    ("tanggal_lahir", Key::BirthDate, Joined),
    ("dob", Key::BirthDate, Joined),
    ("service_date", Key::ServiceDate, Api),
    ("tgl_masuk", Key::ServiceDate, Joined),
    ("tanggal_masuk", Key::ServiceDate, Joined),
    ("admission_date", Key::ServiceDate, Joined),
    ("tgl_pelayanan", Key::ServiceDate, Joined),
    ("tgl_kunjungan", Key::ServiceDate, Joined),
    ("discharge_date", Key::DischargeDate, Api),
    ("tgl_pulang", Key::DischargeDate, Joined),
    ("tanggal_pulang", Key::DischargeDate, Joined),
    ("tgl_keluar", Key::DischargeDate, Joined),
    ("tanggal_keluar", Key::DischargeDate, Joined),
    ("age_days", Key::AgeDays, Api),
    ("umur_hari", Key::AgeDays, Joined),
    ("age_years", Key::AgeYears, Api),
    ("umur_tahun", Key::AgeYears, Joined),
    ("principal_diagnosis", Key::Principal, Api),
    ("diagnosa_utama", Key::Principal, Joined),
    ("dx_utama", Key::Principal, Joined),
    ("secondary_diagnoses", Key::Secondary, Api),
    ("diagnosa_sekunder", Key::Secondary, Joined),
    ("dx_sekunder", Key::Secondary, Joined),
    ("diagnoses", Key::Diagnoses, Api),
    ("diagnosa", Key::Diagnoses, Joined),
    ("diaglist", Key::Diagnoses, Joined),
    ("kode_diagnosa", Key::Diagnoses, Joined),
    ("procedures", Key::Procedures, Api),
    ("procedure", Key::Procedures, Joined),
    ("proclist", Key::Procedures, Joined),
    ("prosedur", Key::Procedures, Joined),
    ("tindakan", Key::Procedures, Joined),
    ("kode_tindakan", Key::Procedures, Joined),
    ("icpc2", Key::Icpc2, Api),
    ("diagnosa_icpc2", Key::Icpc2, Joined),
    ("keluhan_icpc2", Key::Icpc2, Joined),
    ("los_days", Key::LosDays, Api),
    ("lama_rawat", Key::LosDays, Joined),
    ("discharge_status", Key::DischargeStatus, Api),
    ("cara_pulang", Key::DischargeStatus, Joined),
    ("referral", Key::Referral, Api),
    ("rujukan", Key::Referral, Joined),
    ("dirujuk", Key::Referral, Joined),
    ("admission_source", Key::AdmissionSource, Api),
    ("cara_masuk", Key::AdmissionSource, Joined),
    ("documents", Key::Documents, Api),
    ("berkas", Key::Documents, Joined),
    ("berkas_pendukung", Key::Documents, Joined),
    ("dokumen", Key::Documents, Joined),
    ("birth_weight_grams", Key::BirthWeight, Api),
    ("berat_lahir", Key::BirthWeight, Joined),
    ("birth_weight", Key::BirthWeight, Joined),
    ("care_class", Key::CareClass, Api),
    ("kelas_rawat", Key::CareClass, Joined),
    ("icu_indicator", Key::IcuIndicator, Api),
    ("icu_indikator", Key::IcuIndicator, Joined),
    ("icu_days", Key::IcuDays, Api),
    ("icu_los", Key::IcuDays, Joined),
    ("ventilator_hours", Key::VentilatorHours, Api),
    ("ventilator_hour", Key::VentilatorHours, Joined),
    ("vent_hour", Key::VentilatorHours, Joined),
    ("adl_subacute", Key::AdlSubacute, Api),
    ("adl_sub_acute", Key::AdlSubacute, Joined),
    ("adl1", Key::AdlSubacute, Joined),
    ("adl_chronic", Key::AdlChronic, Api),
    ("adl2", Key::AdlChronic, Joined),
    ("upgrade_class", Key::UpgradeClass, Api),
    ("upgrade_class_ind", Key::UpgradeClass, Joined),
    ("tariff_code", Key::TariffCode, Api),
    ("kode_tarif", Key::TariffCode, Joined),
    ("hospital_class", Key::HospitalClass, Api),
    ("kelas_rs", Key::HospitalClass, Joined),
    ("coding_track", Key::CodingTrack, Api),
    ("track", Key::CodingTrack, Joined),
    ("mrn", Key::Mrn, Api),
    ("no_rm", Key::Mrn, Joined),
    ("nomor_rm", Key::Mrn, Joined),
    ("norm", Key::Mrn, Joined),
    ("no_mr", Key::Mrn, Joined),
    ("no_rekam_medis", Key::Mrn, Joined),
    ("patient_id", Key::Mrn, Joined),
    ("card_number", Key::CardNumber, Api),
    ("nomor_kartu", Key::CardNumber, Joined),
    ("no_kartu", Key::CardNumber, Joined),
    ("nokartu", Key::CardNumber, Joined),
    ("no_peserta", Key::CardNumber, Joined),
    ("no_bpjs", Key::CardNumber, Joined),
    ("patient_name", Key::PatientName, Api),
    ("nama_pasien", Key::PatientName, Joined),
    ("department", Key::Department, Api),
    ("poli", Key::Department, Joined),
    ("ruangan", Key::Department, Joined),
    ("unit", Key::Department, Joined),
    ("instalasi", Key::Department, Joined),
    ("poli_ruangan", Key::Department, Joined),
    ("eklaim_cbg", Key::EklaimCbg, Api),
    ("inacbg", Key::EklaimCbg, Joined),
    ("eklaim_tariff", Key::EklaimTariff, Api),
    ("tarif_inacbg", Key::EklaimTariff, Joined),
    ("sodium", Key::Sodium, Api),
    ("natrium", Key::Sodium, Joined),
    ("potassium", Key::Potassium, Api),
    ("kalium", Key::Potassium, Joined),
    ("hemoglobin", Key::Hemoglobin, Api),
    ("hb", Key::Hemoglobin, Joined),
    ("platelets", Key::Platelets, Api),
    ("trombosit", Key::Platelets, Joined),
    ("leukocytes", Key::Leukocytes, Api),
    ("leukosit", Key::Leukocytes, Joined),
    ("temperature", Key::Temperature, Api),
    ("suhu", Key::Temperature, Joined),
    ("culture", Key::Culture, Api),
    ("kultur", Key::Culture, Joined),
    ("ejection_fraction", Key::EjectionFraction, Api),
    ("ef", Key::EjectionFraction, Joined),
    ("systolic_bp", Key::SystolicBp, Api),
    ("sistole", Key::SystolicBp, Joined),
    ("chest_xray", Key::ChestXray, Api),
    ("foto_toraks", Key::ChestXray, Joined),
    ("sputum_smear", Key::SputumSmear, Api),
    ("bta", Key::SputumSmear, Joined),
    ("eeg", Key::Eeg, Api),
    ("creatinine_baseline", Key::CreatinineBaseline, Api),
    ("kreatinin_awal", Key::CreatinineBaseline, Joined),
    ("creatinine_peak", Key::CreatininePeak, Api),
    ("kreatinin_puncak", Key::CreatininePeak, Joined),
    ("antibiotics", Key::Antibiotics, Api),
    ("antibiotik", Key::Antibiotics, Joined),
    ("antibiotic_days", Key::AntibioticDays, Api),
    ("lama_antibiotik", Key::AntibioticDays, Joined),
    ("anticonvulsant", Key::Anticonvulsant, Api),
    ("antikonvulsan", Key::Anticonvulsant, Joined),
    ("inotrope", Key::Inotrope, Api),
    ("inotropik", Key::Inotrope, Joined),
    ("tb_drugs", Key::TbDrugs, Api),
    ("oat", Key::TbDrugs, Joined),
    ("electrolyte_correction", Key::ElectrolyteCorrection, Api),
    ("koreksi_elektrolit", Key::ElectrolyteCorrection, Joined),
    ("anaemia_therapy", Key::AnaemiaTherapy, Api),
    ("terapi_anemia", Key::AnaemiaTherapy, Joined),
    ("thoracentesis", Key::Thoracentesis, Api),
    ("pungsi_pleura", Key::Thoracentesis, Joined),
];

/// Keys of E-Klaim's `set_claim_data` / `new_claim` that Koder accepts and does not read (costs,
/// COVID-19 and funeral items, payor and coder ids, the diastolic pressure), so that the `data`
/// object of a web-service request can be checked as it is.
pub const EKLAIM_UNUSED: &[&str] = &[
    "upgrade_class_class",
    "upgrade_class_los",
    "upgrade_class_payor",
    "add_payment_pct",
    "tarif_rs",
    "tarif_poli_eks",
    "diastole",
    "pemulasaraan_jenazah",
    "kantong_jenazah",
    "peti_jenazah",
    "plastik_erat",
    "desinfektan_jenazah",
    "mobil_jenazah",
    "desinfektan_mobil_jenazah",
    "covid19_status_cd",
    "nomor_kartu_t",
    "episodes",
    "covid19_cc_ind",
    "covid19_rs_darurat_ind",
    "covid19_co_insidense_ind",
    "covid19_penunjang_pengurang",
    "terapi_konvalesen",
    "akses_naat",
    "isoman_ind",
    "bayi_lahir_status_cd",
    "dializer_single_use",
    "kantong_darah",
    "alteplase_ind",
    "apgar",
    "persalinan",
    "nama_dokter",
    "payor_id",
    "payor_cd",
    "cob_cd",
    "coder_nik",
    "jkn_sitb_noreg",
];

impl Key {
    /// The canonical key (the JavaScript API name).
    pub fn name(self) -> &'static str {
        static NAMES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
        let names = NAMES.get_or_init(|| {
            let mut v = vec!["claim"; Key::Unused as usize + 1];
            v[Key::Unused as usize] = "eklaim_unused";
            // The first alias of each field is its canonical key.
            for (alias, key, _) in ALIASES.iter().rev() {
                v[*key as usize] = alias;
            }
            v
        });
        names[self as usize]
    }

    /// The field a key names (after [`normalise_key`]), with its form.
    pub fn lookup(normalised: &str) -> Option<(Key, Form)> {
        if let Some((_, k, f)) = ALIASES.iter().find(|(n, _, _)| *n == normalised) {
            return Some((*k, *f));
        }
        EKLAIM_UNUSED.contains(&normalised).then_some((Key::Unused, Joined))
    }
}

/// A key as compared with the alias table: lower case, trimmed, spaces / dashes / dots as `_`,
/// a byte-order mark removed.
pub fn normalise_key(s: &str) -> String {
    s.trim_start_matches('\u{feff}')
        .trim()
        .chars()
        .map(|c| if c == ' ' || c == '-' || c == '.' { '_' } else { c.to_ascii_lowercase() })
        .collect()
}

/// Every top-level key a claim object may carry, as written: the alias table, E-Klaim's unused
/// keys and a web-service request's `metadata` / `data` (for front ends that copy only known keys).
pub fn claim_fields() -> &'static [&'static str] {
    static FIELDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    FIELDS.get_or_init(|| {
        let mut v: Vec<&'static str> = ALIASES.iter().map(|a| a.0).collect();
        v.extend_from_slice(EKLAIM_UNUSED);
        v.extend_from_slice(&["metadata", "data"]);
        v
    })
}

/// The alias table as JSON (`{"tgl_lahir": "birth_date", …}`), for the form components.
pub fn aliases_json() -> String {
    let map: serde_json::Map<String, Value> =
        ALIASES.iter().map(|(a, k, _)| (a.to_string(), Value::String(k.name().to_string()))).collect();
    Value::Object(map).to_string()
}

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

/// Result of a culture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Culture {
    /// Taken, organism grown.
    Positive,
    /// Taken, no growth.
    Negative,
    /// Not taken.
    NotDone,
}

/// A chest X-ray finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum XrayFinding {
    /// No abnormality.
    Normal,
    /// A new or progressing infiltrate, consolidation.
    Infiltrate,
    /// Pleural effusion.
    Effusion,
    /// Features of pulmonary tuberculosis.
    Tb,
    /// Something else.
    Other,
}

/// A positive or negative test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestResult {
    /// Positive / abnormal.
    Positive,
    /// Negative / normal.
    Negative,
}

/// Optional clinical evidence a claim may carry (lab values, findings, therapy given), read by the
/// evidence rules (`VERIFICATION.md` A). Absent values are asked for, never assumed.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Evidence {
    /// Sodium, mmol/L.
    pub sodium: Option<f64>,
    /// Potassium, mmol/L.
    pub potassium: Option<f64>,
    /// Haemoglobin, g/dL.
    pub hemoglobin: Option<f64>,
    /// Platelets per µL (values under 2,000 are read as ×10³/µL).
    pub platelets: Option<f64>,
    /// Leukocytes per µL (values under 500 are read as ×10³/µL).
    pub leukocytes: Option<f64>,
    /// Highest temperature, °C.
    pub temperature: Option<f64>,
    /// Culture taken and its result.
    pub culture: Option<Culture>,
    /// Left-ventricular ejection fraction, %.
    pub ejection_fraction: Option<f64>,
    /// Lowest systolic blood pressure, mmHg.
    pub systolic_bp: Option<f64>,
    /// Chest X-ray findings (empty: not done).
    pub chest_xray: Option<Vec<XrayFinding>>,
    /// Sputum smear (BTA) result.
    pub sputum_smear: Option<TestResult>,
    /// EEG result (positive = abnormal).
    pub eeg: Option<TestResult>,
    /// Baseline serum creatinine, mg/dL.
    pub creatinine_baseline: Option<f64>,
    /// Peak serum creatinine, mg/dL.
    pub creatinine_peak: Option<f64>,
    /// Antibiotics given.
    pub antibiotics: Option<bool>,
    /// Days of (broad-spectrum) antibiotics.
    pub antibiotic_days: Option<f64>,
    /// Anticonvulsant given (diazepam, phenytoin, valproate …).
    pub anticonvulsant: Option<bool>,
    /// Inotrope / vasopressor given.
    pub inotrope: Option<bool>,
    /// TB drugs (OAT) given.
    pub tb_drugs: Option<bool>,
    /// Electrolyte correction given.
    pub electrolyte_correction: Option<bool>,
    /// Anaemia management given (transfusion, iron, …).
    pub anaemia_therapy: Option<bool>,
    /// Thoracentesis (pleural puncture) done.
    pub thoracentesis: Option<bool>,
}

/// A claim as received, keys resolved: each field is `None` (or empty) when the claim does not
/// carry it. Built by [`ClaimInput::from_members`] (and by `Deserialize`, which uses it).
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct ClaimInput {
    /// Identifier echoed in reports (SEP number, encounter id).
    pub id: Option<String>,
    /// `fktp` (puskesmas, klinik) or `fktl` (hospital); default `fktl`.
    pub facility: Option<Scalar>,
    /// `outpatient` / `rawat_jalan` / 2 or `inpatient` / `rawat_inap` / 1.
    pub setting: Option<Scalar>,
    /// `M`/`L`/`male`/`laki-laki`/1 or `F`/`P`/`female`/`perempuan`/2.
    pub sex: Option<Scalar>,
    /// Birth date (`YYYY-MM-DD`, `YYYY-MM-DD hh:mm:ss`, `DD/MM/YYYY` or a spreadsheet day serial).
    pub birth_date: Option<String>,
    /// Service / admission date.
    pub service_date: Option<String>,
    /// Discharge date (gives the length of stay).
    pub discharge_date: Option<String>,
    /// Age in days (when no birth date).
    pub age_days: Option<f64>,
    /// Age in years (when no birth date).
    pub age_years: Option<f64>,
    /// The principal diagnosis (ICD-10).
    pub principal_diagnosis: Option<String>,
    /// Secondary diagnoses (ICD-10).
    pub secondary_diagnoses: Vec<String>,
    /// All diagnoses, the first being the principal (E-Klaim `diagnosa`).
    pub diagnoses: Vec<String>,
    /// Procedures (ICD-9-CM), each optionally with a multiplicity (`86.22+2`).
    pub procedures: Vec<String>,
    /// ICPC-2 codes (primary care).
    pub icpc2: Vec<String>,
    /// Length of stay in days (discharge − admission).
    pub los_days: Option<f64>,
    /// `home`, `referred`, `self_discharge`, `died`, `other` (or E-Klaim 1–5).
    pub discharge_status: Option<Scalar>,
    /// Referred onward (rujukan).
    pub referral: Option<bool>,
    /// How the patient came (E-Klaim `cara_masuk`: `gp`, `hosp-trans`, `mp`, `outp`, `emd` …).
    pub admission_source: Option<String>,
    /// Attached supporting documents (kinds of `data/rules/document_kinds.tsv`); `None` = not
    /// stated, `Some([])` = none attached.
    pub documents: Option<Vec<String>>,
    /// Birth weight in grams (newborns; 0 = not stated).
    pub birth_weight_grams: Option<f64>,
    /// Care class 1, 2 or 3.
    pub care_class: Option<Scalar>,
    /// ICU stay (E-Klaim `icu_indikator`).
    pub icu_indicator: Option<bool>,
    /// ICU days (E-Klaim `icu_los`).
    pub icu_days: Option<f64>,
    /// Hours on a ventilator (E-Klaim `ventilator_hour`).
    pub ventilator_hours: Option<f64>,
    /// ADL score, sub-acute.
    pub adl_subacute: Option<f64>,
    /// ADL score, chronic.
    pub adl_chronic: Option<f64>,
    /// Class upgrade (naik kelas).
    pub upgrade_class: Option<bool>,
    /// E-Klaim `kode_tarif` (AP, AS, BP … RSCM): hospital class and ownership.
    pub tariff_code: Option<String>,
    /// Hospital class A–D.
    pub hospital_class: Option<String>,
    /// `inacbg` or `idrg`: the coding track the codes are meant for.
    pub coding_track: Option<String>,
    /// Medical record number (only to link claims of one patient; never printed).
    #[serde(skip_serializing)]
    pub mrn: Option<String>,
    /// JKN card number (as above; never printed).
    #[serde(skip_serializing)]
    pub card_number: Option<String>,
    /// Patient name (accepted from E-Klaim data, never read or printed).
    #[serde(skip_serializing)]
    pub patient_name: Option<String>,
    /// Department (poli / ruangan).
    pub department: Option<String>,
    /// E-Klaim's own INA-CBG group for this claim (TXT export `INACBG`).
    pub eklaim_cbg: Option<String>,
    /// E-Klaim's tariff for this claim, rupiah (`TARIF_INACBG`).
    pub eklaim_tariff: Option<f64>,
    /// Clinical evidence.
    #[serde(flatten)]
    pub evidence: Evidence,
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

/// Care setting (shared with the rule book's `settings`, which are limited to one).
pub use koder_format::rules::Setting;

pub use crate::catalog::Sex;

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

/// The coding track the codes are meant for (E-Klaim 5.10 codes a case for iDRG, then INA-CBG).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Track {
    /// INA-CBG (ICD-10 2010, ICD-9-CM 2010).
    Inacbg,
    /// iDRG (the Indonesian Modification code sets).
    Idrg,
}

/// E-Klaim's own grouping result carried by the claim (TXT export).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct EklaimResult {
    /// INA-CBG code as E-Klaim gave it.
    pub cbg: String,
    /// Tariff E-Klaim gave, rupiah.
    pub tariff: Option<u64>,
}

/// A validated claim.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Claim {
    /// Identifier echoed in reports.
    pub id: Option<String>,
    /// Facility level.
    pub facility: Facility,
    /// Care setting, when the claim states it (see [`Claim::care_setting`]).
    pub setting: Option<Setting>,
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
    /// Procedures as typed, without their multiplicity.
    pub procedures: Vec<String>,
    /// How many times each procedure of `procedures` was done in that entry (`86.22+2` → 2).
    pub procedure_counts: Vec<u8>,
    /// ICPC-2 codes as typed.
    pub icpc2: Vec<String>,
    /// Length of stay in days (discharge − admission).
    pub los_days: Option<u32>,
    /// Admission / service day (days since 1970-01-01).
    pub service_day: Option<i64>,
    /// Discharge status.
    pub discharge: Option<Discharge>,
    /// Referred onward.
    pub referral: bool,
    /// How the patient came (E-Klaim `cara_masuk`, lower case).
    pub admission_source: Option<String>,
    /// Attached document kinds (lower case); `None` when the claim does not say.
    pub documents: Option<Vec<String>>,
    /// Birth weight in grams.
    pub birth_weight_grams: Option<u32>,
    /// Care class 1–3.
    pub care_class: Option<u8>,
    /// ICU stay.
    pub icu_indicator: Option<bool>,
    /// ICU days.
    pub icu_days: Option<u32>,
    /// Hours on a ventilator.
    pub ventilator_hours: Option<u32>,
    /// Hospital class A–D (from `hospital_class` or `kode_tarif`).
    pub hospital_class: Option<char>,
    /// Hospital ownership (from `kode_tarif`).
    pub ownership: Option<Ownership>,
    /// The coding track, when stated.
    pub track: Option<Track>,
    /// Department, when stated.
    pub department: Option<String>,
    /// E-Klaim's own result, when the claim carries it.
    pub eklaim: Option<EklaimResult>,
    /// Clinical evidence.
    pub evidence: Evidence,
}

impl Claim {
    /// The care setting, outpatient when the claim does not state it (E-Klaim's default form;
    /// rules that need a stated setting look at [`Claim::setting`]).
    pub fn care_setting(&self) -> Setting {
        self.setting.unwrap_or(Setting::Outpatient)
    }

    /// All diagnoses, the principal first.
    pub fn diagnoses(&self) -> impl Iterator<Item = &str> {
        self.principal.iter().chain(self.secondary.iter()).map(String::as_str)
    }

    /// Length of stay as E-Klaim counts it (discharge − admission + 1 for inpatients).
    pub fn eklaim_los(&self) -> Option<u32> {
        self.los_days.map(|l| if self.setting == Some(Setting::Inpatient) { l + 1 } else { l })
    }
}

fn invalid(field: &'static str, detail: impl Into<String>) -> Error {
    Error::InvalidInput { field, detail: detail.into() }
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

// ---------------------------------------------------------------------------------------------
// Reading values

/// One value as received: a JSON value (API, CLI, JSON lines) or a text cell (CSV, E-Klaim TXT).
#[derive(Clone, Copy)]
pub enum Raw<'a> {
    /// A JSON value.
    Json(&'a Value),
    /// A table cell (`""` and `-` are empty).
    Cell(&'a str),
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "angka / number",
        Value::String(_) => "teks / string",
        Value::Array(_) => "larik / array",
        Value::Object(_) => "objek / object",
    }
}

fn wrong(field: &'static str, v: &Value, want: &str) -> Error {
    invalid(field, format!("harus / must be {want}, bukan / not {}", type_name(v)))
}

impl<'a> Raw<'a> {
    /// Text, `None` when empty or null.
    fn text(self, field: &'static str) -> Result<Option<String>, Error> {
        let s = match self {
            Raw::Cell(s) => s.trim().to_string(),
            Raw::Json(Value::Null) => return Ok(None),
            Raw::Json(Value::String(s)) => s.trim().to_string(),
            Raw::Json(Value::Number(n)) => n.to_string(),
            Raw::Json(v) => return Err(wrong(field, v, "teks / a string")),
        };
        if s.len() > MAX_JOINED_BYTES {
            return Err(invalid(field, format!("lebih dari / more than {MAX_JOINED_BYTES} byte")));
        }
        Ok((!s.is_empty() && s != "-").then_some(s))
    }

    fn scalar(self, field: &'static str) -> Result<Option<Scalar>, Error> {
        match self {
            Raw::Json(Value::Bool(b)) => Ok(Some(Scalar::Bool(*b))),
            Raw::Json(Value::Number(n)) => Ok(n.as_f64().map(Scalar::Number)),
            other => Ok(other.text(field)?.map(Scalar::Text)),
        }
    }

    fn number(self, field: &'static str) -> Result<Option<f64>, Error> {
        match self {
            Raw::Json(Value::Number(n)) => Ok(n.as_f64()),
            Raw::Json(v @ (Value::Bool(_) | Value::Array(_) | Value::Object(_))) => {
                Err(wrong(field, v, "angka / a number"))
            }
            other => match other.text(field)? {
                None => Ok(None),
                Some(t) => t
                    .replace(',', ".")
                    .parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite())
                    .map(Some)
                    .ok_or_else(|| invalid(field, format!("bukan angka / not a number: \"{}\"", short(&t)))),
            },
        }
    }

    fn boolean(self, field: &'static str) -> Result<Option<bool>, Error> {
        if let Raw::Json(Value::Bool(b)) = self {
            return Ok(Some(*b));
        }
        let Some(t) = self.text(field)? else { return Ok(None) };
        match t.to_lowercase().as_str() {
            "1" | "true" | "ya" | "y" | "yes" | "dirujuk" => Ok(Some(true)),
            "0" | "false" | "tidak" | "t" | "no" | "n" => Ok(Some(false)),
            _ => Err(invalid(field, format!("\"{}\": gunakan / use true | false (1 | 0, ya | tidak)", short(&t)))),
        }
    }

    /// A list: an array, or (joined forms and cells) a string split at `seps`. `Some(empty)` for
    /// an explicitly empty list (`[]`, `"#"`, `"-"`); `None` when absent (`null`, `""`).
    fn list(self, field: &'static str, form: Form, seps: &[char]) -> Result<Option<Vec<String>>, Error> {
        let joined = |s: &str| -> Result<Option<Vec<String>>, Error> {
            let s = s.trim();
            if s.len() > MAX_JOINED_BYTES {
                return Err(invalid(field, format!("lebih dari / more than {MAX_JOINED_BYTES} byte")));
            }
            if s.is_empty() {
                return Ok(None);
            }
            let items: Vec<String> =
                s.split(seps).map(str::trim).filter(|c| !c.is_empty() && *c != "-").map(str::to_string).collect();
            if items.len() > MAX_CODES.max(MAX_DOCUMENTS) {
                return Err(invalid(field, format!("{} butir; maksimal / at most {MAX_CODES}", items.len())));
            }
            Ok(Some(items))
        };
        match self {
            Raw::Cell(s) => joined(s),
            Raw::Json(Value::Null) => Ok(None),
            Raw::Json(Value::String(s)) if form == Joined => joined(s),
            Raw::Json(Value::Array(a)) => {
                if a.len() > MAX_CODES.max(MAX_DOCUMENTS) {
                    return Err(invalid(field, format!("{} butir; maksimal / at most {MAX_CODES}", a.len())));
                }
                let mut out = Vec::with_capacity(a.len());
                for x in a {
                    match x {
                        Value::String(s) => out.push(s.trim().to_string()),
                        Value::Number(n) => out.push(n.to_string()),
                        other => return Err(wrong(field, other, "larik teks / an array of strings")),
                    }
                }
                Ok(Some(out))
            }
            Raw::Json(v) => Err(wrong(field, v, "larik / an array")),
        }
    }
}

fn enum_value<T: Copy>(field: &'static str, t: &str, table: &[(&str, T)], hint: &str) -> Result<T, Error> {
    let k = normalise_key(t);
    table
        .iter()
        .find(|(n, _)| *n == k)
        .map(|(_, v)| *v)
        .ok_or_else(|| invalid(field, format!("\"{}\": gunakan / use {hint}", short(t))))
}

const CULTURES: &[(&str, Culture)] = &[
    ("positive", Culture::Positive),
    ("positif", Culture::Positive),
    ("negative", Culture::Negative),
    ("negatif", Culture::Negative),
    ("no_growth", Culture::Negative),
    ("steril", Culture::Negative),
    ("not_done", Culture::NotDone),
    ("tidak_dilakukan", Culture::NotDone),
    ("none", Culture::NotDone),
];

const XRAY: &[(&str, XrayFinding)] = &[
    ("normal", XrayFinding::Normal),
    ("infiltrate", XrayFinding::Infiltrate),
    ("infiltrat", XrayFinding::Infiltrate),
    ("consolidation", XrayFinding::Infiltrate),
    ("konsolidasi", XrayFinding::Infiltrate),
    ("effusion", XrayFinding::Effusion),
    ("efusi", XrayFinding::Effusion),
    ("tb", XrayFinding::Tb),
    ("tbc", XrayFinding::Tb),
    ("other", XrayFinding::Other),
    ("lain", XrayFinding::Other),
];

const TESTS: &[(&str, TestResult)] = &[
    ("positive", TestResult::Positive),
    ("positif", TestResult::Positive),
    ("abnormal", TestResult::Positive),
    ("+", TestResult::Positive),
    ("negative", TestResult::Negative),
    ("negatif", TestResult::Negative),
    ("normal", TestResult::Negative),
    ("-", TestResult::Negative),
];

// ---------------------------------------------------------------------------------------------
// The parser

/// A JSON object's members in order, with duplicate keys refused (serde's maps keep the last
/// silently).
#[derive(Debug, Default)]
pub struct Members(pub Vec<(String, Value)>);

struct MembersVisitor;

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = Members;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("objek klaim / a claim object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
        let mut out: Vec<(String, Value)> = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            if out.len() >= MAX_KEYS {
                return Err(serde::de::Error::custom(format!("lebih dari / more than {MAX_KEYS} kunci / keys")));
            }
            if out.iter().any(|(o, _)| *o == k) {
                return Err(serde::de::Error::custom(format!(
                    "kunci \"{}\" diulang / duplicate key \"{}\"",
                    short(&k),
                    short(&k)
                )));
            }
            let v: Value = map.next_value()?;
            out.push((k, v));
        }
        Ok(Members(out))
    }
}

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Members, D::Error> {
        d.deserialize_map(MembersVisitor)
    }
}

/// One claim object or an array of them (the CLI's input).
struct Batch(Vec<Members>, bool);

impl<'de> Deserialize<'de> for Batch {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Batch, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Batch;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("objek klaim atau larik objek / a claim object or an array of them")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Batch, A::Error> {
                Ok(Batch(vec![MembersVisitor.visit_map(map)?], true))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Batch, A::Error> {
                let mut v = Vec::new();
                while let Some(m) = seq.next_element::<Members>()? {
                    v.push(m);
                }
                Ok(Batch(v, false))
            }
        }
        d.deserialize_any(V)
    }
}

fn json_error(field: &'static str, e: serde_json::Error) -> Error {
    invalid(field, e.to_string())
}

/// Parses JSON text holding one claim object or an array of them; duplicate keys are refused.
/// Returns the objects and whether the text held a single object.
pub fn claim_objects_json(text: &str) -> Result<(Vec<Members>, bool), Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let b = Batch::deserialize(&mut de).map_err(|e| json_error("claim", e))?;
    de.end().map_err(|e| json_error("claim", e))?;
    Ok((b.0, b.1))
}

impl<'de> Deserialize<'de> for ClaimInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ClaimInput, D::Error> {
        let m = Members::deserialize(d)?;
        ClaimInput::from_members(&m.0).map_err(serde::de::Error::custom)
    }
}

impl ClaimInput {
    /// Parses a claim from JSON text (one object; duplicate keys refused).
    pub fn from_json(text: &str) -> Result<ClaimInput, Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        let m = Members::deserialize(&mut de).map_err(|e| json_error("claim", e))?;
        de.end().map_err(|e| json_error("claim", e))?;
        ClaimInput::from_members(&m.0)
    }

    /// Parses a claim from a JSON value (an object).
    pub fn from_value(v: &Value) -> Result<ClaimInput, Error> {
        match v {
            Value::Object(o) => {
                let members: Vec<(&str, &Value)> = o.iter().map(|(k, v)| (k.as_str(), v)).collect();
                ClaimInput::from_pairs(&members)
            }
            other => Err(wrong("claim", other, "objek / an object")),
        }
    }

    /// Parses a claim from an object's members.
    pub fn from_members(members: &[(String, Value)]) -> Result<ClaimInput, Error> {
        let pairs: Vec<(&str, &Value)> = members.iter().map(|(k, v)| (k.as_str(), v)).collect();
        ClaimInput::from_pairs(&pairs)
    }

    /// The one parser: keys resolved with [`ALIASES`] (unknown keys, duplicate keys and two
    /// aliases of one field refused), values read by the field's type. An E-Klaim web-service
    /// request (`{"metadata": …, "data": {…}}`) is read from its `data`.
    pub fn from_pairs(pairs: &[(&str, &Value)]) -> Result<ClaimInput, Error> {
        ClaimInput::from_pairs_with(pairs, |n| Key::lookup(&normalise_key(n)), true)
    }

    /// [`ClaimInput::from_pairs`] with another key resolver (the audit's column mapping first);
    /// `strict = false` ignores unknown keys (extra columns of an export) instead of refusing them.
    pub fn from_pairs_with(
        pairs: &[(&str, &Value)],
        resolve: impl Fn(&str) -> Option<(Key, Form)>,
        strict: bool,
    ) -> Result<ClaimInput, Error> {
        if pairs.len() == 2 {
            let get = |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
            if let (Some(Value::Object(_)), Some(Value::Object(data))) = (get("metadata"), get("data")) {
                let inner: Vec<(&str, &Value)> = data.iter().map(|(k, v)| (k.as_str(), v)).collect();
                return ClaimInput::from_pairs_with(&inner, resolve, strict);
            }
        }
        if pairs.len() > MAX_KEYS {
            return Err(invalid("claim", format!("lebih dari / more than {MAX_KEYS} kunci / keys")));
        }
        let mut seen: Vec<(Key, String)> = Vec::with_capacity(pairs.len());
        let mut input = ClaimInput::default();
        for (name, v) in pairs {
            let norm = normalise_key(name);
            let Some((key, form)) = resolve(name) else {
                if !strict {
                    continue;
                }
                return Err(invalid(
                    "claim",
                    format!(
                        "kunci tidak dikenal / unknown key \"{}\" (lihat / see README: Kolom klaim / Claim fields)",
                        short(name)
                    ),
                ));
            };
            if let Some((_, other)) = seen.iter().find(|(k, o)| *o == norm || (*k == key && key != Key::Unused)) {
                let detail = if *other == norm {
                    format!("kunci \"{}\" diulang / duplicate key \"{}\"", short(name), short(name))
                } else {
                    format!(
                        "\"{}\" dan / and \"{}\" mengisi isian yang sama / fill the same field ({})",
                        short(other),
                        short(name),
                        key.name()
                    )
                };
                return Err(invalid(key_field(key), detail));
            }
            seen.push((key, norm));
            input.set(key, form, Raw::Json(v))?;
        }
        Ok(input)
    }

    /// Sets one field from a value (the audit's table path calls this with cells).
    pub fn set(&mut self, key: Key, form: Form, v: Raw<'_>) -> Result<(), Error> {
        let f = key_field(key);
        let ev = &mut self.evidence;
        match key {
            Key::Id => self.id = v.text(f)?,
            Key::Facility => self.facility = v.scalar(f)?,
            Key::Setting => self.setting = v.scalar(f)?,
            Key::Sex => self.sex = v.scalar(f)?,
            Key::BirthDate => self.birth_date = v.text(f)?,
            Key::ServiceDate => self.service_date = v.text(f)?,
            Key::DischargeDate => self.discharge_date = v.text(f)?,
            Key::AgeDays => self.age_days = v.number(f)?,
            Key::AgeYears => self.age_years = v.number(f)?,
            Key::Principal => self.principal_diagnosis = v.text(f)?,
            Key::Secondary => self.secondary_diagnoses = v.list(f, form, &['#', ';'])?.unwrap_or_default(),
            Key::Diagnoses => self.diagnoses = v.list(f, form, &['#', ';'])?.unwrap_or_default(),
            Key::Procedures => self.procedures = v.list(f, form, &['#', ';'])?.unwrap_or_default(),
            Key::Icpc2 => self.icpc2 = v.list(f, form, &['#', ';', ','])?.unwrap_or_default(),
            Key::LosDays => self.los_days = v.number(f)?,
            Key::DischargeStatus => self.discharge_status = v.scalar(f)?,
            Key::Referral => self.referral = v.boolean(f)?,
            Key::AdmissionSource => self.admission_source = v.text(f)?,
            Key::Documents => {
                self.documents = match v {
                    // A documents column that is there but empty: nothing attached.
                    Raw::Cell(s) if s.trim().is_empty() => Some(Vec::new()),
                    _ => v.list(f, Joined, &[';', ',', '#'])?,
                }
            }
            Key::BirthWeight => self.birth_weight_grams = v.number(f)?.filter(|w| *w != 0.0),
            Key::CareClass => self.care_class = v.scalar(f)?,
            Key::IcuIndicator => self.icu_indicator = v.boolean(f)?,
            Key::IcuDays => self.icu_days = v.number(f)?,
            Key::VentilatorHours => self.ventilator_hours = v.number(f)?,
            Key::AdlSubacute => self.adl_subacute = v.number(f)?,
            Key::AdlChronic => self.adl_chronic = v.number(f)?,
            Key::UpgradeClass => self.upgrade_class = v.boolean(f)?,
            Key::TariffCode => self.tariff_code = v.text(f)?,
            Key::HospitalClass => self.hospital_class = v.text(f)?,
            Key::CodingTrack => self.coding_track = v.text(f)?,
            Key::Mrn => self.mrn = v.text(f)?,
            Key::CardNumber => self.card_number = v.text(f)?,
            Key::PatientName => self.patient_name = v.text(f)?.map(|_| String::new()),
            Key::Department => self.department = v.text(f)?,
            Key::EklaimCbg => self.eklaim_cbg = v.text(f)?,
            Key::EklaimTariff => self.eklaim_tariff = v.number(f)?,
            Key::Sodium => ev.sodium = v.number(f)?,
            Key::Potassium => ev.potassium = v.number(f)?,
            Key::Hemoglobin => ev.hemoglobin = v.number(f)?,
            Key::Platelets => ev.platelets = v.number(f)?,
            Key::Leukocytes => ev.leukocytes = v.number(f)?,
            Key::Temperature => ev.temperature = v.number(f)?,
            Key::EjectionFraction => ev.ejection_fraction = v.number(f)?,
            Key::SystolicBp => ev.systolic_bp = v.number(f)?,
            Key::CreatinineBaseline => ev.creatinine_baseline = v.number(f)?,
            Key::CreatininePeak => ev.creatinine_peak = v.number(f)?,
            Key::AntibioticDays => ev.antibiotic_days = v.number(f)?,
            Key::Antibiotics => ev.antibiotics = v.boolean(f)?,
            Key::Anticonvulsant => ev.anticonvulsant = v.boolean(f)?,
            Key::Inotrope => ev.inotrope = v.boolean(f)?,
            Key::TbDrugs => ev.tb_drugs = v.boolean(f)?,
            Key::ElectrolyteCorrection => ev.electrolyte_correction = v.boolean(f)?,
            Key::AnaemiaTherapy => ev.anaemia_therapy = v.boolean(f)?,
            Key::Thoracentesis => ev.thoracentesis = v.boolean(f)?,
            Key::Culture => {
                let hint = "positive | negative | not_done";
                ev.culture = v.text(f)?.map(|t| enum_value(f, &t, CULTURES, hint)).transpose()?;
            }
            Key::SputumSmear | Key::Eeg => {
                let r = match v {
                    Raw::Json(Value::Bool(b)) => Some(if *b { TestResult::Positive } else { TestResult::Negative }),
                    _ => v.text(f)?.map(|t| enum_value(f, &t, TESTS, "positive | negative")).transpose()?,
                };
                if key == Key::Eeg {
                    ev.eeg = r;
                } else {
                    ev.sputum_smear = r;
                }
            }
            Key::ChestXray => {
                let hint = "normal | infiltrate | effusion | tb | other";
                ev.chest_xray = match v.list(f, Joined, &[';', ',', '#'])? {
                    None => None,
                    Some(items) => {
                        Some(items.iter().map(|t| enum_value(f, t, XRAY, hint)).collect::<Result<Vec<_>, _>>()?)
                    }
                };
            }
            Key::Unused => {}
        }
        Ok(())
    }
}

/// The field name errors give for a key.
fn key_field(key: Key) -> &'static str {
    key.name()
}

// ---------------------------------------------------------------------------------------------
// Dates

/// Days since 1970-01-01 of a civil date (proleptic Gregorian), `None` when impossible.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> Option<i64> {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let dim = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > dim[(m - 1) as usize] {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `YYYY-MM-DD` of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days from 1899-12-30 (the spreadsheet epoch) to 1970-01-01.
const SERIAL_EPOCH: i64 = 25_569;

/// Days since 1970-01-01 of a date written `YYYY-MM-DD` (optionally with a time,
/// `YYYY-MM-DD hh:mm:ss` or `…Thh:mm`), `DD/MM/YYYY`, `DD-MM-YYYY`, `YYYY/MM/DD`, or a spreadsheet
/// day serial (`45835` = 2025-06-27, counted from 1899-12-30).
pub fn parse_date(field: &'static str, s: &str) -> Result<i64, Error> {
    let bad = || {
        invalid(
            field,
            format!(
                "tanggal harus YYYY-MM-DD atau DD/MM/YYYY / date must be YYYY-MM-DD or DD/MM/YYYY, not \"{}\"",
                short(s)
            ),
        )
    };
    let t = s.trim();
    let b = t.as_bytes();
    if (1..=6).contains(&b.len()) && b.iter().all(u8::is_ascii_digit) {
        let n: i64 = t.parse().map_err(|_| bad())?;
        // 1900-01-01 … 2200-12-31 as serials.
        if !(2..=110_000).contains(&n) {
            return Err(out_of_range(field, t));
        }
        return Ok(n - SERIAL_EPOCH);
    }
    let date = t.split([' ', 'T']).next().unwrap_or("");
    let rest = &t[date.len()..];
    if !(rest.is_empty() || valid_time(rest.trim_start_matches([' ', 'T']))) {
        return Err(bad());
    }
    let d = date.as_bytes();
    if d.len() != 10 {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| date.get(r).filter(|x| x.bytes().all(|c| c.is_ascii_digit()))?.parse().ok();
    let (y, m, day) = if (d[4] == b'-' || d[4] == b'/') && d[7] == d[4] {
        (num(0..4), num(5..7), num(8..10))
    } else if (d[2] == b'/' || d[2] == b'-') && d[5] == d[2] {
        (num(6..10), num(3..5), num(0..2))
    } else {
        return Err(bad());
    };
    let (Some(y), Some(m), Some(day)) = (y, m, day) else { return Err(bad()) };
    if days_from_civil(2000, m, day).is_none()
        || (m == 2 && day == 29 && days_from_civil(y.clamp(1900, 2200), 2, 29).is_none())
    {
        return Err(invalid(field, format!("tanggal tidak ada / no such date: \"{}\"", short(t))));
    }
    days_from_civil(y, m, day).ok_or_else(|| out_of_range(field, t))
}

fn out_of_range(field: &'static str, s: &str) -> Error {
    invalid(
        field,
        format!(
            "tanggal di luar rentang 1900-01-01 – 2200-12-31 / date outside 1900-01-01 – 2200-12-31: \"{}\"",
            short(s)
        ),
    )
}

fn valid_time(t: &str) -> bool {
    let t = t.trim_end_matches('Z');
    let parts: Vec<&str> = t.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts.iter().enumerate().all(|(i, p)| {
            let p = if i == 2 { p.split('.').next().unwrap_or("") } else { p };
            p.len() == 2 && p.bytes().all(|c| c.is_ascii_digit())
        })
}

// ---------------------------------------------------------------------------------------------
// Validation

fn whole(field: &'static str, v: f64, max: f64) -> Result<u32, Error> {
    if !v.is_finite() || v < 0.0 || v > max || v.fract() != 0.0 {
        return Err(invalid(field, format!("harus bilangan bulat 0–{max} / must be a whole number 0–{max}")));
    }
    Ok(v as u32)
}

fn in_range(field: &'static str, v: Option<f64>, lo: f64, hi: f64) -> Result<Option<f64>, Error> {
    match v {
        Some(x) if !(lo..=hi).contains(&x) => Err(invalid(field, format!("{x} di luar / outside {lo}–{hi}"))),
        other => Ok(other),
    }
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

/// Splits `86.22+2` into the code and its multiplicity (1 without `+N`).
fn multiplicity(field: &'static str, typed: &str) -> Result<(String, u8), Error> {
    match typed.rsplit_once('+') {
        Some((code, n)) if !n.trim().is_empty() && n.trim().bytes().all(|b| b.is_ascii_digit()) => {
            let n: u32 = n.trim().parse().unwrap_or(0);
            if n == 0 || n > u32::from(MAX_MULTIPLICITY) {
                return Err(invalid(
                    field,
                    format!("\"{}\": +N harus 1–{MAX_MULTIPLICITY} / must be 1–{MAX_MULTIPLICITY}", short(typed)),
                ));
            }
            Ok((code.trim().to_string(), n as u8))
        }
        _ => Ok((typed.to_string(), 1)),
    }
}

/// Hospital class and ownership of an E-Klaim `kode_tarif`.
pub fn tariff_code(code: &str) -> Option<(char, Ownership)> {
    let c = code.trim().to_ascii_uppercase();
    match c.as_str() {
        "RSCM" | "RSJP" | "RSD" | "RSAB" => Some(('A', Ownership::Government)),
        _ => {
            let b = c.as_bytes();
            if b.len() != 2 || !(b'A'..=b'D').contains(&b[0]) {
                return None;
            }
            let own = match b[1] {
                b'P' => Ownership::Government,
                b'S' => Ownership::Private,
                _ => return None,
            };
            Some((b[0] as char, own))
        }
    }
}

impl ClaimInput {
    /// Validates and normalises the claim. Every error names the field.
    pub fn validate(self) -> Result<Claim, Error> {
        let text = |s: &Option<Scalar>| s.as_ref().map(Scalar::text).filter(|t| !t.is_empty());
        let facility = match text(&self.facility).as_deref() {
            None | Some("fktl") | Some("rs") | Some("hospital") | Some("rumah_sakit") => Facility::Fktl,
            Some("fktp") | Some("puskesmas") | Some("klinik") | Some("primary") => Facility::Fktp,
            Some(other) => return Err(invalid("facility", format!("\"{}\": gunakan / use fktp | fktl", short(other)))),
        };
        let setting = match text(&self.setting).as_deref() {
            None => None,
            Some("outpatient") | Some("rawat_jalan") | Some("rawat jalan") | Some("rj") | Some("2") => {
                Some(Setting::Outpatient)
            }
            Some("inpatient") | Some("rawat_inap") | Some("rawat inap") | Some("ri") | Some("1") => {
                Some(Setting::Inpatient)
            }
            Some(other) => {
                return Err(invalid("setting", format!("\"{}\": gunakan / use outpatient | inpatient", short(other))))
            }
        };
        let sex = match text(&self.sex).as_deref() {
            None => None,
            Some("m") | Some("l") | Some("male") | Some("laki-laki") | Some("lk") | Some("1") => Some(Sex::Male),
            Some("f") | Some("p") | Some("female") | Some("perempuan") | Some("pr") | Some("2") => Some(Sex::Female),
            Some(other) => {
                return Err(invalid("sex", format!("\"{}\": gunakan / use M | F (L | P, 1 | 2)", short(other))))
            }
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
            // E-Klaim's TXT export carries UMUR_TAHUN and UMUR_HARI: days only count for the
            // first year (an adult's UMUR_HARI 0 is no neonate).
            (_, _, Some(d), Some(y)) if y >= 1.0 && d < 365.0 => Some(whole("age_years", y, 130.0)? * 365),
            (_, _, Some(d), _) => Some(whole("age_days", d, f64::from(MAX_AGE_DAYS))?),
            (_, _, None, Some(y)) => Some(whole("age_years", y, 130.0)? * 365),
            _ => None,
        };
        let years_won = matches!((self.age_days, self.age_years), (Some(d), Some(y)) if y >= 1.0 && d < 365.0);
        let age_from_years =
            (birth.is_none() || service.is_none()) && (self.age_days.is_none() || years_won) && age_days.is_some();
        let mut los_days = self.los_days.map(|v| whole("los_days", v, 3650.0)).transpose()?;
        if let (Some(s), Some(d)) = (service, discharge_day) {
            if d < s {
                return Err(invalid("discharge_date", "sebelum tanggal masuk / before the admission date"));
            }
            if los_days.is_none() {
                los_days = Some(((d - s) as u32).min(3650));
            }
        }
        // Diagnoses: principal + secondary, or the `diagnoses` list (E-Klaim `diagnosa`).
        let mut all = code_list("diagnoses", self.diagnoses)?;
        let mut principal = self.principal_diagnosis.map(|p| p.trim().to_string()).filter(|p| !p.is_empty());
        if principal.as_ref().is_some_and(|p| p.len() > MAX_VALUE_BYTES) {
            return Err(invalid("principal_diagnosis", "kode terlalu panjang / code too long"));
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
        let mut procedures = Vec::new();
        let mut procedure_counts = Vec::new();
        for typed in code_list("procedures", self.procedures)? {
            let (code, n) = multiplicity("procedures", &typed)?;
            if !code.is_empty() {
                procedures.push(code);
                procedure_counts.push(n);
            }
        }
        let discharge = match text(&self.discharge_status).as_deref() {
            None => None,
            Some("home") | Some("1") | Some("pulang") | Some("atas_persetujuan_dokter") => Some(Discharge::Home),
            Some("referred") | Some("2") | Some("dirujuk") => Some(Discharge::Referred),
            Some("self_discharge") | Some("3") | Some("aps") | Some("atas_permintaan_sendiri") => {
                Some(Discharge::SelfDischarge)
            }
            Some("died") | Some("4") | Some("meninggal") => Some(Discharge::Died),
            Some("other") | Some("5") | Some("lain") | Some("lain-lain") | Some("lain_lain") => Some(Discharge::Other),
            Some(other) => {
                return Err(invalid(
                    "discharge_status",
                    format!(
                        "\"{}\": gunakan / use home | referred | self_discharge | died | other (1–5)",
                        short(other)
                    ),
                ))
            }
        };
        let documents = match self.documents {
            None => None,
            Some(d) if d.len() > MAX_DOCUMENTS => {
                return Err(invalid("documents", format!("maksimal / at most {MAX_DOCUMENTS}")))
            }
            Some(d) => Some(
                d.iter()
                    .map(|d| d.trim().to_lowercase())
                    .filter(|d| !d.is_empty())
                    .map(|d| if d.len() > MAX_VALUE_BYTES { d.chars().take(64).collect() } else { d })
                    .collect(),
            ),
        };
        let care_class = match text(&self.care_class).as_deref() {
            None => None,
            Some("1") | Some("kelas_1") => Some(1),
            Some("2") | Some("kelas_2") => Some(2),
            Some("3") | Some("kelas_3") => Some(3),
            Some(other) => return Err(invalid("care_class", format!("\"{}\": gunakan / use 1 | 2 | 3", short(other)))),
        };
        let birth_weight_grams =
            self.birth_weight_grams.map(|w| whole("birth_weight_grams", w, 10_000.0)).transpose()?;
        let (mut hospital_class, mut ownership) = (None, None);
        if let Some(code) = &self.tariff_code {
            let (c, o) = tariff_code(code).ok_or_else(|| {
                invalid(
                    "tariff_code",
                    format!("\"{}\": gunakan / use AP, AS, BP, BS, CP, CS, DP, DS, RSCM, RSJP, RSD, RSAB", short(code)),
                )
            })?;
            hospital_class = Some(c);
            ownership = Some(o);
        }
        if let Some(c) = &self.hospital_class {
            let c = c.trim().to_ascii_uppercase();
            match c.as_bytes() {
                [x @ b'A'..=b'D'] => hospital_class = Some(*x as char),
                _ => return Err(invalid("hospital_class", format!("\"{}\": gunakan / use A | B | C | D", short(&c)))),
            }
        }
        let track = match self.coding_track.as_deref().map(normalise_key).as_deref() {
            None => None,
            Some("inacbg") | Some("ina_cbg") => Some(Track::Inacbg),
            Some("idrg") => Some(Track::Idrg),
            Some(other) => {
                return Err(invalid("coding_track", format!("\"{}\": gunakan / use inacbg | idrg", short(other))))
            }
        };
        let eklaim = self.eklaim_cbg.as_ref().map(|c| EklaimResult {
            cbg: short(c.trim()),
            tariff: self.eklaim_tariff.filter(|t| *t >= 0.0 && t.is_finite()).map(|t| t.round() as u64),
        });
        let evidence = validate_evidence(self.evidence)?;
        let counted = |field: &'static str, v: Option<f64>, max: f64| v.map(|x| whole(field, x, max)).transpose();
        Ok(Claim {
            id: self.id.map(|s| short(&s)),
            facility,
            setting,
            sex,
            age_days,
            age_from_years,
            principal,
            secondary,
            procedures,
            procedure_counts,
            icpc2: code_list("icpc2", self.icpc2)?,
            los_days,
            service_day: service,
            discharge,
            referral: self.referral.unwrap_or(false) || discharge == Some(Discharge::Referred),
            admission_source: self.admission_source.map(|s| short(&s.to_lowercase())),
            documents,
            birth_weight_grams,
            care_class,
            icu_indicator: self.icu_indicator,
            icu_days: counted("icu_days", self.icu_days, 3650.0)?,
            ventilator_hours: counted("ventilator_hours", self.ventilator_hours, 87_600.0)?,
            hospital_class,
            ownership,
            track,
            department: self.department.map(|d| d.split_whitespace().collect::<Vec<_>>().join(" ")),
            eklaim,
            evidence,
        })
    }
}

/// Range checks of the clinical evidence (units as documented on [`Evidence`]).
fn validate_evidence(mut e: Evidence) -> Result<Evidence, Error> {
    e.sodium = in_range("sodium", e.sodium, 80.0, 200.0)?;
    e.potassium = in_range("potassium", e.potassium, 0.5, 12.0)?;
    e.hemoglobin = in_range("hemoglobin", e.hemoglobin, 0.5, 30.0)?;
    e.platelets = in_range("platelets", e.platelets.map(|p| if p < 2000.0 { p * 1000.0 } else { p }), 0.0, 3.0e6)?;
    e.leukocytes = in_range("leukocytes", e.leukocytes.map(|l| if l < 500.0 { l * 1000.0 } else { l }), 0.0, 1.0e6)?;
    e.temperature = in_range("temperature", e.temperature, 25.0, 45.0)?;
    e.ejection_fraction = in_range("ejection_fraction", e.ejection_fraction, 1.0, 95.0)?;
    e.systolic_bp = in_range("systolic_bp", e.systolic_bp, 0.0, 300.0)?;
    e.creatinine_baseline = in_range("creatinine_baseline", e.creatinine_baseline, 0.05, 30.0)?;
    e.creatinine_peak = in_range("creatinine_peak", e.creatinine_peak, 0.05, 30.0)?;
    e.antibiotic_days = in_range("antibiotic_days", e.antibiotic_days, 0.0, 365.0)?;
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Claim, Error> {
        ClaimInput::from_json(json)?.validate()
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
        assert_eq!(c.setting, Some(Setting::Inpatient));
        assert_eq!(c.sex, Some(Sex::Female));
        assert_eq!(c.age_days, Some(7305));
        assert_eq!(c.los_days, Some(3));
        assert_eq!(c.documents, None, "absent documents stay absent");
    }

    #[test]
    fn eklaim_web_service_data_object() {
        // set_claim_data's `data` with new_claim's tgl_lahir/gender, as a SIMRS sends it.
        let c = parse(
            r#"{"nomor_sep":"0301R0011117V000008","nomor_kartu":"0000097208276","nama_pasien":"X",
            "tgl_lahir":"2000-01-01 02:00:00","gender":"2","tgl_masuk":"2024-11-09 08:55:00",
            "tgl_pulang":"2024-11-12 09:55:00","cara_masuk":"gp","jenis_rawat":"1","kelas_rawat":"3",
            "adl_sub_acute":"15","adl_chronic":"12","icu_indikator":"0","icu_los":"0","ventilator_hour":"0",
            "upgrade_class_ind":"0","add_payment_pct":"10","birth_weight":"0","sistole":110,"diastole":60,
            "discharge_status":"1","diagnosa":"S71.0#A00.1","procedure":"81.52#86.22+2#86.22",
            "tarif_rs":{"prosedur_bedah":"20000000"},"kode_tarif":"BS","payor_id":"3","coder_nik":"1"}"#,
        )
        .unwrap();
        assert_eq!(c.id.as_deref(), Some("0301R0011117V000008"));
        assert_eq!(c.procedures, ["81.52", "86.22", "86.22"]);
        assert_eq!(c.procedure_counts, [1, 2, 1]);
        assert_eq!(c.los_days, Some(3));
        assert_eq!(c.birth_weight_grams, None, "0 = not stated");
        assert_eq!((c.hospital_class, c.ownership), (Some('B'), Some(Ownership::Private)));
        assert_eq!(c.evidence.systolic_bp, Some(110.0));
        assert_eq!(c.admission_source.as_deref(), Some("gp"));
        // The whole request envelope is read from its data.
        let env =
            parse(r#"{"metadata":{"method":"set_claim_data"},"data":{"diagnosa":"J18.9","jenis_rawat":"2"}}"#).unwrap();
        assert_eq!(env.principal.as_deref(), Some("J18.9"));
        // "#" clears a list (explicitly empty), "" leaves it absent.
        let cleared = ClaimInput::from_json(r##"{"procedure":"#","berkas":"#"}"##).unwrap();
        assert!(cleared.procedures.is_empty());
        assert_eq!(cleared.documents, Some(vec![]));
        assert_eq!(ClaimInput::from_json(r#"{"berkas":""}"#).unwrap().documents, None);
    }

    #[test]
    fn duplicate_keys_and_conflicting_aliases_are_refused_alike() {
        for json in [
            r#"{"sex":"M","sex":"F"}"#,
            r#"{"sex":"M","gender":"2"}"#,
            r#"{"nomor_sep":"A","no_sep":"B"}"#,
            r#"{"tgl_lahir":"2000-01-01","tanggal_lahir":"2000-01-01"}"#,
            r#"{"diagnoses":["A09"],"diagnosa":"A09"}"#,
            r#"{"Sex":"M","SEX":"M"}"#,
        ] {
            let e = ClaimInput::from_json(json).unwrap_err();
            assert_eq!(e.code(), "invalid_input", "{json}");
            let text = e.to_string();
            assert!(text.contains("duplicate key") || text.contains("same field"), "{json}: {text}");
        }
        // The audit's names pass everywhere.
        let c = parse(r#"{"no_sep":"X1","tanggal_lahir":"2000-01-01","tgl_masuk":"2020-01-01","jk":"L"}"#).unwrap();
        assert_eq!((c.id.as_deref(), c.sex), (Some("X1"), Some(Sex::Male)));
    }

    #[test]
    fn errors_name_the_field() {
        let e = parse(r#"{"sex":"X"}"#).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "sex", .. }), "{e}");
        let e = parse(r#"{"gender":"X"}"#).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "sex", .. }), "{e}");
        let e = parse(r#"{"birth_date":"2020-02-30"}"#).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "birth_date", .. }));
        let e = parse(r#"{"birth_date":"2021-01-01","service_date":"2020-01-01"}"#).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "birth_date", .. }));
        let e = parse(r#"{"age_years":-3}"#).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "age_years", .. }));
        let e = parse(r#"{"age_years":500}"#).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "age_years", .. }));
        let e = parse(r#"{"secondary_diagnoses":"I10"}"#).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "secondary_diagnoses", .. }), "{e}");
        let e = parse(r#"{"procedure":"86.22+0"}"#).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "procedures", .. }), "{e}");
        let e = parse(r#"{"sodium":"banyak"}"#).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "sodium", .. }), "{e}");
        let e = parse(r#"{"chest_xray":"blur"}"#).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "chest_xray", .. }), "{e}");
        let many: Vec<String> = (0..10_000).map(|i| format!("\"A{:02}\"", i % 100)).collect();
        let e = parse(&format!(r#"{{"procedures":[{}]}}"#, many.join(","))).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "procedures", .. }));
        let e = parse(&format!(r#"{{"diagnosa":"{}"}}"#, "A00#".repeat(5000))).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { field: "diagnoses", .. }), "{e}");
        assert!(parse(r#"{"unknown_field":1}"#).is_err());
        assert!(parse(r#"{"sex":"M"} trailing"#).is_err());
    }

    #[test]
    fn every_alias_is_accepted_and_serde_uses_the_same_parser() {
        for (key, _, _) in ALIASES {
            let r = ClaimInput::from_json(&format!(r#"{{"{key}": null}}"#));
            assert!(r.is_ok(), "{key}: {r:?}");
        }
        let e = serde_json::from_str::<ClaimInput>(r#"{"diagnosis": "A09"}"#).unwrap_err();
        assert!(e.to_string().contains("unknown key"));
        let e = serde_json::from_str::<ClaimInput>(r#"{"sex": "M", "gender": "M"}"#).unwrap_err();
        assert!(e.to_string().contains("same field"), "{e}");
        let a: serde_json::Value = serde_json::from_str(&aliases_json()).unwrap();
        assert_eq!(a["tgl_lahir"], "birth_date");
        assert_eq!(a["proclist"], "procedures");
        // Serialising a ClaimInput and reading it back gives the same claim (identifiers dropped).
        let c = ClaimInput::from_json(r#"{"diagnosa":"A09","no_rm":"123","sodium":130,"chest_xray":["infiltrate"]}"#)
            .unwrap();
        let back = ClaimInput::from_json(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back.diagnoses, c.diagnoses);
        assert_eq!(back.evidence, c.evidence);
        assert_eq!(back.mrn, None, "the medical record number is never written out");
    }

    #[test]
    fn the_alias_table_is_documented_once_in_the_readme() {
        let readme = include_str!("../../README.md");
        let section = readme.split("### Kolom klaim / Claim fields").nth(1).expect("README section");
        for (alias, key, _) in ALIASES {
            let row = section.lines().find(|l| l.starts_with(&format!("| `{}` |", key.name())));
            let row = row.unwrap_or_else(|| panic!("README has no row for {}", key.name()));
            assert!(row.contains(&format!("`{alias}`")), "README row of {} lacks `{alias}`", key.name());
        }
    }

    #[test]
    fn dates_in_every_eklaim_form() {
        assert_eq!(parse_date("d", "1970-01-01").unwrap(), 0);
        assert_eq!(parse_date("d", "2024-03-01").unwrap() - parse_date("d", "2024-02-28").unwrap(), 2);
        assert!(parse_date("d", "2024-13-01").is_err());
        assert!(parse_date("d", "ab").is_err());
        assert!(parse_date("d", "2024-01-01T10:00:00").is_ok());
        let d = parse_date("d", "2025-06-27").unwrap();
        assert_eq!(parse_date("d", "2025-06-27 08:55:00").unwrap(), d);
        assert_eq!(parse_date("d", "27/06/2025").unwrap(), d);
        assert_eq!(parse_date("d", "27-06-2025").unwrap(), d);
        assert_eq!(parse_date("d", "45835").unwrap(), d, "spreadsheet day serial");
        assert_eq!(civil_from_days(d), "2025-06-27");
        assert!(parse_date("d", "2025-06-27 8").is_err());
        assert!(parse_date("d", "31/02/2025").is_err());
    }

    #[test]
    fn evidence_units_and_ranges() {
        let c =
            parse(r#"{"leukocytes":12.5,"platelets":"85","temperature":"38,6","antibiotik":"ya","bta":"+"}"#).unwrap();
        assert_eq!(c.evidence.leukocytes, Some(12_500.0));
        assert_eq!(c.evidence.platelets, Some(85_000.0));
        assert_eq!(c.evidence.temperature, Some(38.6));
        assert_eq!(c.evidence.antibiotics, Some(true));
        assert_eq!(c.evidence.sputum_smear, Some(TestResult::Positive));
        assert!(parse(r#"{"temperature":101}"#).is_err(), "Fahrenheit is refused, not misread");
    }

    #[test]
    fn tariff_codes() {
        assert_eq!(tariff_code("AP"), Some(('A', Ownership::Government)));
        assert_eq!(tariff_code("ds"), Some(('D', Ownership::Private)));
        assert_eq!(tariff_code("RSCM"), Some(('A', Ownership::Government)));
        assert_eq!(tariff_code("EP"), None);
        assert!(parse(r#"{"kode_tarif":"ZZ"}"#).is_err());
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
        // DD-MM-YYYY and YYYY/MM/DD are E-Klaim / SIMRS forms, accepted.
        assert!(parse_date("d", "01-01-2020").is_ok() && parse_date("d", "2020/01/01").is_ok());
        for malformed in ["kemarin", "2020-1-1", "2020-01-01x", "1/1/2020"] {
            assert!(msg(malformed).contains("YYYY-MM-DD"), "{malformed}");
        }
        assert!(parse_date("d", "1900-01-01").is_ok() && parse_date("d", "2200-12-31").is_ok());
    }
}
