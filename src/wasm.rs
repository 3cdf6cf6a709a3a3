//! The wasm-bindgen facade: the JavaScript API of Koder. A thin adapter over [`crate::Koder`];
//! every function returns a value or throws a JavaScript `Error` whose `message` is Indonesian
//! then English and which carries `code`, `messageId` and `messageEn`.

use crate::{Error, Koder, SearchOptions};
use serde::Serialize;
use std::cell::RefCell;
use std::sync::{OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};
use wasm_bindgen::prelude::*;

/// The default engine of the JavaScript API; `loadCodeSet` loads into it.
static ENGINE: OnceLock<Result<RwLock<Koder>, Error>> = OnceLock::new();

thread_local! {
    /// The JS-side grouper: the bundled definition set until `loadGroupingTables`, plus the
    /// tariff table of `loadTariffs`.
    static GROUPER: RefCell<Option<crate::Grouper>> = const { RefCell::new(None) };
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A code system Koder knows. */
export type CodeSystem = "icd10" | "icd9cm" | "icpc2";
/** Display flags of a code. */
export type CodeFlag = "header" | "asterisk" | "dagger" | "not_inacbg" | "female_only" | "male_only" | "age_limited" | "process" | "im" | "not_principal";
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
  /** Present for an Indonesian Modification (iDRG) code: the `IM` badge and the 2010 code to use. */
  im?: ImInfo;
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
  /** Present for an Indonesian Modification (iDRG) code. */
  im?: ImInfo;
  /** The code as a loaded code set lists it. */
  code_set?: CodeSetEntry;
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
/** Tariff context of `group`: regional 1–5, hospital class A–D, ownership, care class 1–3. */
export interface TariffContext {
  regional?: 1 | 2 | 3 | 4 | 5 | "1" | "2" | "3" | "4" | "5";
  hospital_class?: "A" | "B" | "C" | "D";
  ownership?: "government" | "private" | "pemerintah" | "swasta";
  /** Defaults to the claim's care_class. */
  care_class?: 1 | 2 | 3 | "1" | "2" | "3";
}
/** A code with its description. */
export interface Described { code: string; description_id: string; description_en: string; }
/** One step of the grouping trace: what was decided and the table row that decided it. */
export interface TraceStep {
  step: "input" | "principal" | "neonate" | "delivery" | "cmg" | "procedure" | "case_type" | "severity" | "special_cmg" | "tariff" | "error";
  decision: string;
  reason_id: string;
  reason_en: string;
  table: string | null;
  line: number | null;
  /** What the deciding row rests on: a real E-Klaim outcome, the guideline, or the team's inference. */
  evidence: "outcome" | "guideline" | "inferred" | null;
}
/** A special CMG option (top-up) the case qualifies for. */
export interface SpecialCmgOption {
  code: string;
  kind: "special_procedure" | "special_prosthesis" | "special_investigation" | "special_drug" | "subacute" | "chronic";
  description_id: string;
  description_en: string;
  triggered_by: string[];
  tariff: number | null;
  source: string;
}
/** The result of `group`: an INA-CBG grouping **preview** (never E-Klaim's official result). */
export interface GroupResult {
  preview: true;
  /** "Pratinjau — bukan hasil resmi E-Klaim". */
  label_id: string;
  label_en: string;
  id: string | null;
  /** e.g. { code: "J-4-16-I", description_id: "Pneumonia sederhana dan batuk rejan (ringan)" }. */
  cbg: Described;
  cmg: Described;
  case_type: Described;
  severity: { code: "0" | "I" | "II" | "III" | "X"; level: 0 | 1 | 2 | 3; name_id: string; name_en: string };
  /** Set for X groups (ungroupable cases), with the reason. */
  error: { code: string; reason_id: string; reason_en: string } | null;
  special_cmg_options: SpecialCmgOption[];
  /** Present when a tariff table is loaded (`loadTariffs`). */
  tariff: {
    base: number | null;
    top_ups: { option: string; amount: number }[];
    total_with_all_options: number | null;
    context: { regional: number | null; hospital_class: string | null; ownership: "government" | "private" | null; care_class: number | null };
    line: number | null;
    note_id: string | null;
    note_en: string | null;
  } | null;
  confidence: { level: "high" | "medium" | "low"; reasons_id: string[]; reasons_en: string[] };
  trace: TraceStep[];
  what_if: {
    secondaries: { code: string; level: number; counted: boolean; excluded_id: string | null; excluded_en: string | null; changes_result: boolean; cbg_without: string }[];
    /** Documentation guidance: kinds of secondary diagnoses that raise the severity when present and documented. */
    guidance: { severity: "II" | "III"; label_id: string; label_en: string; codes: string[] }[];
    note_id: string;
    note_en: string;
  };
  tables_version: string;
}
/** Versions of the grouping definition set and tariff table. */
export interface GroupingVersion {
  tables: string;
  title: string;
  format: number;
  bundled: boolean;
  rows: number;
  groups: number;
  tariffs: string | null;
  tariff_rows: number;
}
/** INA-CBG grouping preview of one claim (bundled or loaded definition set; tariff when loaded). */
export function group(claim: ClaimInput, context?: TariffContext): GroupResult;
/** Replaces the grouping definition set (the data/grouper format: files introduced by `@file NAME.tsv`). */
export function loadGroupingTables(text: string): GroupingVersion;
/** Loads a tariff table (`# koder-tariff v1` CSV: cbg,regional,hospital_class,ownership,care_class,tariff). */
export function loadTariffs(csv: string): GroupingVersion;
/** Versions of the grouping definition set and tariff table. */
export function groupingVersion(): GroupingVersion;
/** The Error Koder throws. */
export interface KoderError extends Error {
  code: string;
  messageId: string;
  messageEn: string;
}
"#;

fn busy() -> JsValue {
    to_js_error(&Error::InvalidInput { field: "koder", detail: "sedang dipakai / busy".into() })
}

fn engine() -> Result<RwLockReadGuard<'static, Koder>, JsValue> {
    let e = ENGINE.get_or_init(|| Koder::new().map(RwLock::new)).as_ref().map_err(to_js_error)?;
    e.try_read().map_err(|_| busy())
}

fn engine_mut() -> Result<RwLockWriteGuard<'static, Koder>, JsValue> {
    let e = ENGINE.get_or_init(|| Koder::new().map(RwLock::new)).as_ref().map_err(to_js_error)?;
    e.try_write().map_err(|_| busy())
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

/// Opens the catalogs (zero-copy; nothing is parsed), so the module answers at once.
#[wasm_bindgen(start)]
pub fn start() {
    drop(engine());
}

/// Prepares what the first keystrokes would otherwise set up lazily (the typo automata, the
/// rule book, the first scan). Call it when the page is idle, e.g. from `requestIdleCallback`;
/// calling it is optional and repeated calls cost nothing.
#[wasm_bindgen(js_name = warmUp)]
pub fn warm_up() -> Result<(), JsValue> {
    let k = engine()?;
    crate::search::warm_up();
    let _ = k.search("demam", &SearchOptions::default());
    let _ = crate::checks::RuleBook::get();
    Ok(())
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

/// A claim object from JavaScript: misspelled keys and wrong types are errors naming the field.
fn claim_input(claim: JsValue) -> Result<crate::ClaimInput, JsValue> {
    check_keys(&claim, "claim", crate::checks::claim::CLAIM_FIELDS)?;
    let de = serde_wasm_bindgen::Deserializer::from(claim);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let detail = format!("{}: {}", e.path(), e.inner());
        to_js_error(&Error::InvalidInput { field: "claim", detail })
    })
}

/// Checks one claim: findings (errors first) and the supporting-documents checklist.
#[wasm_bindgen(unchecked_return_type = "CheckReport")]
pub fn check(#[wasm_bindgen(unchecked_param_type = "ClaimInput")] claim: JsValue) -> Result<JsValue, JsValue> {
    let k = engine()?;
    let input = claim_input(claim)?;
    to_js(&k.check(input).map_err(|e| to_js_error(&e))?)
}

#[wasm_bindgen(typescript_custom_section)]
const CODESET_TS_TYPES: &'static str = r#"
/** A code set a facility can load: ICD-10-IM or ICD-9-CM-IM (E-Klaim 5.10, the iDRG track). */
export type CodeSetSystem = "icd10_im" | "icd9cm_im";
/** What Koder says of an IM code: INA-CBG refuses it; the 2010 code to use there. */
export interface ImInfo {
  /** "code_set": a loaded list has it; "shape": no list is loaded, its shape says probably IM. */
  source: "code_set" | "shape";
  /** The nearest 2010 code, e.g. "A15.1" for "A15.11". */
  parent: string | null;
  parent_display: string | null;
  /** False when a subcode of the parent must be chosen on the INA-CBG track. */
  parent_specific: boolean;
  note_id: string;
  note_en: string;
}
/** A code as a loaded list has it. */
export interface CodeSetEntry {
  set: CodeSetSystem;
  code: string;
  description: string;
  line: number;
  validcode: boolean;
  accpdx: boolean;
  asterisk: boolean;
  im: boolean;
}
/** A refused row of a list (line null: the whole file). */
export interface CodeSetProblem {
  line: number | null;
  code: string | null;
  kind: "file" | "header" | "too_long" | "columns" | "quotes" | "bad_code" | "range" | "duplicate" | "bad_flag";
  message_id: string;
  message_en: string;
}
/** What `loadCodeSet` read and kept. */
export interface CodeSetSummary {
  system: CodeSetSystem;
  base_system: CodeSystem;
  encoding: "utf-8" | "utf-16" | "windows-1252";
  delimiter: "," | ";" | "tab" | "|";
  header: boolean;
  /** [role, header name]: role is code, description, validcode, accpdx, asterisk, im or version. */
  columns: [string, string][];
  ignored_columns: string[];
  rows: number;
  codes: number;
  im_codes: number;
  not_valid: number;
  not_principal: number;
  asterisk: number;
  rejected: number;
  problems: CodeSetProblem[];
}
/** Loads the facility's IM code list (CSV/TSV text or bytes as E-Klaim or the SIMRS exports it) into
 *  this page's engine, in place of an earlier list of that system. It stays in the page. Throws
 *  `invalid_code_set` (message naming the lines) when the list cannot be used. */
export function loadCodeSet(text: string | Uint8Array, options: { system: CodeSetSystem }): CodeSetSummary;
/** Drops the loaded list of a system; true when one was loaded. */
export function unloadCodeSet(system: CodeSetSystem): boolean;
/** The loaded lists. */
export function codeSets(): CodeSetSummary[];
"#;

/// Loads a code list into the default engine; returns its summary.
#[wasm_bindgen(js_name = loadCodeSet, skip_typescript)]
pub fn load_code_set(text: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let bytes = if let Some(s) = text.as_string() {
        s.into_bytes()
    } else if let Some(a) = text.dyn_ref::<js_sys::Uint8Array>() {
        if a.length() as usize > crate::codeset::MAX_CODE_SET_BYTES {
            let max_bytes = crate::codeset::MAX_CODE_SET_BYTES;
            return Err(to_js_error(&Error::InputTooLong { field: "text", max_bytes }));
        }
        a.to_vec()
    } else {
        let detail = "harus teks atau Uint8Array / must be a string or a Uint8Array".into();
        return Err(to_js_error(&Error::InvalidInput { field: "text", detail }));
    };
    check_keys(&options, "options", &["system"])?;
    let system = js_sys::Reflect::get(&options, &JsValue::from_str("system")).unwrap_or(JsValue::UNDEFINED);
    let system = crate::CodeSetSystem::parse(&self::text(&system, "system")?).map_err(|e| to_js_error(&e))?;
    to_js(&engine_mut()?.load_code_set(&bytes, system).map_err(|e| to_js_error(&e))?)
}

/// Drops the loaded list of a system.
#[wasm_bindgen(js_name = unloadCodeSet, skip_typescript)]
pub fn unload_code_set(system: JsValue) -> Result<bool, JsValue> {
    let system = crate::CodeSetSystem::parse(&text(&system, "system")?).map_err(|e| to_js_error(&e))?;
    Ok(engine_mut()?.unload_code_set(system))
}

/// The loaded lists.
#[wasm_bindgen(js_name = codeSets, skip_typescript)]
pub fn code_sets() -> Result<JsValue, JsValue> {
    to_js(&engine()?.code_sets().summaries())
}

/// Versions of the engine and its data.
#[wasm_bindgen(unchecked_return_type = "VersionInfo")]
pub fn version() -> Result<JsValue, JsValue> {
    to_js(&engine()?.version())
}

fn with_grouper<T>(f: impl FnOnce(&mut crate::Grouper) -> Result<T, Error>) -> Result<T, JsValue> {
    GROUPER.with(|g| {
        let mut g = g.try_borrow_mut().map_err(|_| {
            to_js_error(&Error::InvalidInput { field: "grouper", detail: "sedang dipakai / busy".into() })
        })?;
        if g.is_none() {
            *g = Some(crate::Grouper::new().map_err(|e| to_js_error(&e))?);
        }
        match g.as_mut() {
            Some(gr) => f(gr).map_err(|e| to_js_error(&e)),
            None => Err(to_js_error(&Error::DataCorruption("grouper".into()))),
        }
    })
}

/// INA-CBG grouping preview of one claim. `context`: `{ regional, hospital_class, ownership,
/// care_class }` (typed in the custom TypeScript section).
#[wasm_bindgen(skip_typescript)]
pub fn group(claim: JsValue, context: Option<JsValue>) -> Result<JsValue, JsValue> {
    let k = engine()?;
    let input = claim_input(claim)?;
    let context = match context {
        Some(c) if !c.is_undefined() && !c.is_null() => {
            check_keys(&c, "context", crate::grouper::tariff::CONTEXT_FIELDS)?;
            let ci: crate::grouper::TariffContextInput = serde_wasm_bindgen::from_value(c)
                .map_err(|e| to_js_error(&Error::InvalidInput { field: "context", detail: e.to_string() }))?;
            Some(ci.validate().map_err(|e| to_js_error(&e))?)
        }
        _ => None,
    };
    let r = with_grouper(|g| k.group_with(g, input, context.as_ref()))?;
    to_js(&r)
}

/// Replaces the grouping definition set; returns its version.
#[wasm_bindgen(js_name = loadGroupingTables, skip_typescript)]
pub fn load_grouping_tables(text: JsValue) -> Result<JsValue, JsValue> {
    let text = self::text(&text, "text")?;
    to_js(&with_grouper(|g| g.load_tables(&text))?)
}

/// Loads a tariff table; returns the versions.
#[wasm_bindgen(js_name = loadTariffs, skip_typescript)]
pub fn load_tariffs(csv: JsValue) -> Result<JsValue, JsValue> {
    let csv = text(&csv, "csv")?;
    to_js(&with_grouper(|g| g.load_tariffs(&csv))?)
}

/// Versions of the grouping definition set and tariff table.
#[wasm_bindgen(js_name = groupingVersion, skip_typescript)]
pub fn grouping_version() -> Result<JsValue, JsValue> {
    to_js(&with_grouper(|g| Ok(g.version()))?)
}

#[wasm_bindgen(typescript_custom_section)]
const AUDIT_TS_TYPES: &'static str = r#"
/** Options of `new Auditor(options)` (docs/AUDIT.md). */
export interface AuditOptions {
  /** Detected from the first byte when absent ("{" → JSON lines). */
  format?: "csv" | "jsonl";
  /** Detected from the header when absent. */
  delimiter?: "," | ";" | "tab" | "|";
  /** Column mapping: "sep=NO_SEP,diagnosa=DIAGLIST" or { nomor_sep: "NO_SEP", … }. */
  map?: string | Record<string, string>;
  /** Readmission window, 0–365 days (default 30; 0 = off). */
  readmissionDays?: number;
  /** Grouping preview for: none, claims at risk (default), all. */
  group?: "none" | "risk" | "all";
  /** A `# koder-tariff v1` table (CSV text): enables the tariff at risk. */
  tariffs?: string;
  context?: TariffContext;
  /** Longest record in bytes (default 1 MiB). */
  maxLineBytes?: number;
  /** At-risk claims kept in detail for the HTML report (default 1000). */
  detailLimit?: number;
}
/** Row counts: read = audited + rejected. */
export interface AuditRows { read: number; audited: number; rejected: number; blank_lines: number; }
/** A row that could not be audited. */
export interface AuditRejected { row: number; code: string; nomor_sep: string | null; message_id: string; message_en: string; }
/** The audit summary (the JSON of `koder audit --json`). */
export interface AuditSummary {
  format: "csv" | "jsonl";
  delimiter: string | null;
  columns: Record<string, string>;
  readmission_days: number;
  group: "none" | "risk" | "all";
  rows: AuditRows;
  claims: { at_risk: number; error: number; warning: number; info: number; clean: number };
  by_family: { family: string; label_id: string; label_en: string; claims: number }[];
  by_rule: { rule: string; family: string; level: FindingLevel; claims: number; findings: number; tariff: number }[];
  by_department: { department: string; claims: number; at_risk: number; error: number; tariff_at_risk: number }[];
  tariff: { table: string; claims_grouped: number; claims_with_tariff: number; at_risk_error: number; at_risk_warning: number; at_risk_total: number; at_risk_without_tariff: number } | null;
  rejected: AuditRejected[];
  rejected_not_listed: number;
  claims_not_listed: number;
}
"#;

/// Streaming claims audit: `new Auditor(options)`, `push(chunk)` for every piece of the file
/// (returns the findings-CSV lines of the rows it completed), `finish()` for the summary, then
/// `takeCsv()`, `reportHtml(fileName)` and `summaryCsv()`.
#[wasm_bindgen(js_name = Auditor)]
pub struct WasmAuditor {
    inner: crate::audit::Auditor,
    csv: String,
    summary: Option<crate::audit::Summary>,
}

#[wasm_bindgen(js_class = Auditor)]
impl WasmAuditor {
    /// A new audit; throws on invalid options.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "AuditOptions | undefined")] options: JsValue,
    ) -> Result<WasmAuditor, JsValue> {
        let input: crate::audit::OptionsInput = if options.is_undefined() || options.is_null() {
            Default::default()
        } else {
            check_keys(&options, "options", crate::audit::OPTION_FIELDS)?;
            serde_wasm_bindgen::from_value(options)
                .map_err(|e| to_js_error(&Error::InvalidInput { field: "options", detail: e.to_string() }))?
        };
        Ok(WasmAuditor { inner: input.auditor().map_err(|e| to_js_error(&e))?, csv: String::new(), summary: None })
    }

    /// The findings-CSV header line.
    #[wasm_bindgen(js_name = csvHeader)]
    pub fn csv_header() -> String {
        crate::audit::report::FINDINGS_CSV_HEADER.to_string()
    }

    /// Feeds a chunk (`Uint8Array` or string); returns the findings-CSV lines of the rows it
    /// completed. Throws on a file-level problem (no usable header, missing columns).
    pub fn push(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] chunk: JsValue,
    ) -> Result<String, JsValue> {
        let bytes = if let Some(s) = chunk.as_string() {
            s.into_bytes()
        } else if let Some(a) = chunk.dyn_ref::<js_sys::Uint8Array>() {
            a.to_vec()
        } else {
            let detail = "harus Uint8Array atau teks / must be a Uint8Array or a string".into();
            return Err(to_js_error(&Error::InvalidInput { field: "chunk", detail }));
        };
        let mut out = std::mem::take(&mut self.csv);
        self.inner
            .push(&bytes, &mut |o| crate::audit::report::findings_csv(&o, &mut out))
            .map_err(|e| to_js_error(&e))?;
        Ok(out)
    }

    /// Rows read so far: `{ read, audited, rejected, blank_lines }`.
    #[wasm_bindgen(unchecked_return_type = "AuditRows")]
    pub fn rows(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.rows())
    }

    /// Ends the file; returns the summary (the last row's CSV lines wait in `takeCsv()`).
    #[wasm_bindgen(unchecked_return_type = "AuditSummary")]
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let mut out = std::mem::take(&mut self.csv);
        let s = self
            .inner
            .finish(&mut |o| crate::audit::report::findings_csv(&o, &mut out))
            .map_err(|e| to_js_error(&e))?;
        self.csv = out;
        let js = to_js(&s)?;
        self.summary = Some(s);
        Ok(js)
    }

    /// Findings-CSV lines not yet returned.
    #[wasm_bindgen(js_name = takeCsv)]
    pub fn take_csv(&mut self) -> String {
        std::mem::take(&mut self.csv)
    }

    /// The self-contained HTML report (after `finish`).
    #[wasm_bindgen(js_name = reportHtml)]
    pub fn report_html(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
    ) -> Result<String, JsValue> {
        let source = if source.is_undefined() { String::new() } else { text(&source, "source")? };
        let s = self.finished()?;
        let meta = crate::audit::report::ReportMeta { source, generated: String::new() };
        Ok(crate::audit::report::html(s, self.inner.details(), &meta))
    }

    /// The summary as CSV (after `finish`).
    #[wasm_bindgen(js_name = summaryCsv)]
    pub fn summary_csv(&self) -> Result<String, JsValue> {
        Ok(crate::audit::report::summary_csv(self.finished()?))
    }

    fn finished(&self) -> Result<&crate::audit::Summary, JsValue> {
        self.summary.as_ref().ok_or_else(|| {
            to_js_error(&Error::InvalidInput {
                field: "audit",
                detail: "panggil finish() dulu / call finish() first".into(),
            })
        })
    }
}
