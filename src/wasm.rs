//! The wasm-bindgen facade: the JavaScript API of Koder. A thin adapter over [`crate::Koder`];
//! every function returns a value or throws a JavaScript `Error` whose `message` is Indonesian
//! then English and which carries `code`, `messageId` and `messageEn`.

use crate::{Error, Koder, SearchOptions};
use serde::Serialize;
use std::sync::OnceLock;
use wasm_bindgen::prelude::*;

static ENGINE: OnceLock<Result<Koder, Error>> = OnceLock::new();

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A code system Koder knows. */
export type CodeSystem = "icd10" | "icd9cm" | "icpc2";
/** Display flags of a code. */
export type CodeFlag = "header" | "asterisk" | "dagger" | "not_inacbg" | "female_only" | "male_only" | "age_limited" | "process";
/** Options of `search`. */
export interface SearchOptions {
  /** Only this system; all when absent. */
  system?: CodeSystem;
  /** How many results, 1–100 (default 10). */
  limit?: number;
  /** Only the most specific (leaf) codes. */
  leafOnly?: boolean;
  /** Only this chapter: ICD-10 "X" or "10", ICPC-2 "R". */
  chapter?: string;
  /** Only this ICD-10 block, e.g. "J09-J18". */
  block?: string;
}
/** One search result. */
export interface SearchResult {
  system: CodeSystem;
  code: string;
  /** English title. */
  display: string;
  /** Indonesian title, when known. */
  display_id: string | null;
  fhir_system: string;
  leaf: boolean;
  flags: CodeFlag[];
  score: number;
  /** Words of display/display_id that matched, for highlighting. */
  matched: string[];
  /** The abbreviation, synonym or lay word that matched, if any. */
  matched_term: string | null;
  /** True when the code itself matched a code-like query. */
  code_match: boolean;
}
/** A code in short form. */
export interface CodeSummary {
  system: CodeSystem;
  code: string;
  kind: "code" | "block" | "chapter";
  display: string;
  display_id: string | null;
  leaf: boolean;
}
/** Everything Koder knows of one code. */
export interface CodeDetails extends CodeSummary {
  fhir_system: string;
  flags: CodeFlag[];
  accepted_by_inacbg: boolean;
  sex: "F" | "M" | null;
  age_min_days: number | null;
  age_max_days: number | null;
  chapter: CodeSummary | null;
  block: CodeSummary | null;
  parent: CodeSummary | null;
  children: CodeSummary[];
  partners: CodeSummary[];
}
/** One crosswalk target. */
export interface CrosswalkTarget extends CodeSummary {
  primary: boolean;
}
/** Versions of the engine and its data. */
export interface VersionInfo {
  koder: string;
  editions: [string, string][];
  data: { format: number; data_version: string; counts: Record<string, number> };
}
/** Search as you type: Indonesian/English words, abbreviations, typos, code prefixes. */
export function search(query: string, options?: SearchOptions): SearchResult[];
/** A claim (encounter) to check. E-Klaim names are accepted too: diagnosa ("A91#R50.9"),
 *  procedure ("99.29#89.52"), gender (1/2), tgl_lahir, tgl_masuk, tgl_pulang, jenis_rawat (1 inap, 2 jalan),
 *  kelas_rawat, cara_pulang, berat_lahir, nomor_sep. */
export interface ClaimInput {
  id?: string;
  facility?: "fktp" | "fktl";
  setting?: "outpatient" | "inpatient" | "rawat_jalan" | "rawat_inap" | 1 | 2;
  sex?: "M" | "F" | "L" | "P" | 1 | 2;
  birth_date?: string;
  service_date?: string;
  discharge_date?: string;
  age_days?: number;
  age_years?: number;
  principal_diagnosis?: string;
  secondary_diagnoses?: string[];
  diagnoses?: string[];
  diagnosa?: string;
  procedures?: string[];
  procedure?: string;
  icpc2?: string[];
  los_days?: number;
  discharge_status?: "home" | "referred" | "self_discharge" | "died" | "other" | number;
  referral?: boolean;
  documents?: string[];
  birth_weight_grams?: number;
  care_class?: 1 | 2 | 3 | "1" | "2" | "3";
}
export type FindingLevel = "error" | "warning" | "info";
/** One finding of the claim checks. */
export interface Finding {
  rule: string;
  family: "validity" | "principal" | "sex_age" | "redundancy" | "dx_procedure" | "documents" | "fktp";
  level: FindingLevel;
  message_id: string;
  message_en: string;
  codes: string[];
  suggestion: {
    action: "replace" | "add" | "remove" | "reorder" | "attach" | "review";
    codes: string[];
    documents: string[];
    text_id: string;
    text_en: string;
  };
  basis: string;
}
/** One line of the supporting-documents checklist. */
export interface DocumentItem {
  rule: string;
  kinds: string[];
  label_id: string;
  label_en: string;
  attached: boolean;
  level: FindingLevel;
}
/** The result of `check`. */
export interface CheckReport {
  id: string | null;
  findings: Finding[];
  documents: DocumentItem[];
  counts: { error: number; warning: number; info: number };
}
/** The Error Koder throws. */
export interface KoderError extends Error {
  code: string;
  messageId: string;
  messageEn: string;
}
"#;

fn engine() -> Result<&'static Koder, JsValue> {
    ENGINE.get_or_init(Koder::new).as_ref().map_err(to_js_error)
}

fn to_js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    let obj: &JsValue = err.as_ref();
    for (k, v) in [("code", e.code().to_string()), ("messageId", e.message_id()), ("messageEn", e.message_en())] {
        let _ = js_sys::Reflect::set(obj, &JsValue::from_str(k), &JsValue::from_str(&v));
    }
    err.into()
}

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| to_js_error(&Error::InvalidInput { field: "result", detail: e.to_string() }))
}

/// Opens the catalogs, prepares the typo automata and runs one search, so that the first
/// keystroke does not pay for any lazy set-up.
#[wasm_bindgen(start)]
pub fn start() {
    if let Ok(k) = engine() {
        crate::search::warm_up();
        let _ = k.search("demam", &SearchOptions::default());
    }
}

/// A string argument, or a clear error naming it (numbers, objects, null and undefined are
/// refused rather than coerced).
fn text(v: &JsValue, field: &'static str) -> Result<String, JsValue> {
    v.as_string()
        .ok_or_else(|| to_js_error(&Error::InvalidInput { field, detail: "harus teks / must be a string".into() }))
}

/// Search as you type. `options`: `{ system, limit, leafOnly, chapter, block }` (typed in the
/// custom TypeScript section, where `options` is optional).
#[wasm_bindgen(skip_typescript)]
pub fn search(query: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let k = engine()?;
    let query = text(&query, "query")?;
    let options: SearchOptions = match options {
        Some(o) if !o.is_undefined() && !o.is_null() => {
            check_keys(&o, "options", &["system", "limit", "leafOnly", "leaf_only", "chapter", "block"])?;
            serde_wasm_bindgen::from_value(o)
                .map_err(|e| to_js_error(&Error::InvalidInput { field: "options", detail: e.to_string() }))?
        }
        _ => SearchOptions::default(),
    };
    to_js(&k.search(&query, &options).map_err(|e| to_js_error(&e))?)
}

/// Rejects objects with misspelled keys ("leafonly"), which would otherwise be ignored.
fn check_keys(o: &JsValue, field: &'static str, known: &[&str]) -> Result<(), JsValue> {
    if !o.is_object() || js_sys::Array::is_array(o) {
        return Err(to_js_error(&Error::InvalidInput { field, detail: "harus objek / must be an object".into() }));
    }
    for key in js_sys::Object::keys(o.unchecked_ref::<js_sys::Object>()).iter().take(256) {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            let detail = format!("kunci tidak dikenal / unknown key \"{}\"", key.chars().take(40).collect::<String>());
            return Err(to_js_error(&Error::InvalidInput { field, detail }));
        }
    }
    Ok(())
}

/// Everything about one code, with parent, children, chapter and block.
#[wasm_bindgen(unchecked_return_type = "CodeDetails")]
pub fn lookup(
    #[wasm_bindgen(unchecked_param_type = "CodeSystem")] system: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
) -> Result<JsValue, JsValue> {
    let (system, code) = (text(&system, "system")?, text(&code, "code")?);
    to_js(&engine()?.lookup(&system, &code).map_err(|e| to_js_error(&e))?)
}

/// True when the code exists in the system.
#[wasm_bindgen(js_name = isValid)]
pub fn is_valid(
    #[wasm_bindgen(unchecked_param_type = "CodeSystem")] system: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
) -> Result<bool, JsValue> {
    let (system, code) = (text(&system, "system")?, text(&code, "code")?);
    let system = crate::CodeSystem::parse(&system).map_err(|e| to_js_error(&e))?;
    Ok(engine()?.is_valid(system, &code))
}

/// ICPC-2 → ICD-10 candidates (primary first), or ICD-10 → ICPC-2 rubrics.
#[wasm_bindgen(unchecked_return_type = "CrosswalkTarget[]")]
pub fn crosswalk(
    #[wasm_bindgen(unchecked_param_type = "CodeSystem")] from: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
) -> Result<JsValue, JsValue> {
    let (from, code) = (text(&from, "from")?, text(&code, "code")?);
    to_js(&engine()?.crosswalk(&from, &code).map_err(|e| to_js_error(&e))?)
}

/// Checks one claim: findings (errors first) and the supporting-documents checklist.
#[wasm_bindgen(unchecked_return_type = "CheckReport")]
pub fn check(#[wasm_bindgen(unchecked_param_type = "ClaimInput")] claim: JsValue) -> Result<JsValue, JsValue> {
    let k = engine()?;
    check_keys(&claim, "claim", crate::checks::claim::CLAIM_FIELDS)?;
    let de = serde_wasm_bindgen::Deserializer::from(claim);
    let input: crate::ClaimInput = serde_path_to_error::deserialize(de).map_err(|e| {
        let detail = format!("{}: {}", e.path(), e.inner());
        to_js_error(&Error::InvalidInput { field: "claim", detail })
    })?;
    to_js(&k.check(input).map_err(|e| to_js_error(&e))?)
}

/// Versions of the engine and its data.
#[wasm_bindgen(unchecked_return_type = "VersionInfo")]
pub fn version() -> Result<JsValue, JsValue> {
    to_js(&engine()?.version())
}
