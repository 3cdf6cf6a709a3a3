//! The wasm-bindgen facade: the JavaScript API of Koder. A thin adapter over [`crate::Koder`];
//! every function returns a value or throws a JavaScript `Error` whose `message` is Indonesian
//! then English and which carries `code`, `messageId` and `messageEn`.

use crate::{Error, Koder, SearchOptions};
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

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
  editions: [CodeSystem, string][];
  data: { format: number; data_version: string; counts: Record<string, number> };
}
/** Search as you type: Indonesian/English words, abbreviations, typos, code prefixes. */
export function search(query: string, options?: SearchOptions): SearchResult[];
/** A claim (encounter) to check. Every key of the one alias table is accepted (README "Kolom klaim /
 *  Claim fields", `claimKeys()`): E-Klaim's names and forms too — the `data` object of set_claim_data
 *  with new_claim's tgl_lahir/gender, diagnosa ("A91#R50.9"), procedure ("81.52#86.22+2"; a lone hash clears),
 *  dates as "YYYY-MM-DD hh:mm:ss". Unknown keys, duplicate keys and two names of one field are refused.
 *  A field left out is "not stated": `documents` absent gives the checklist at info; `[]` = none attached. */
export interface ClaimInput {
  id?: string;
  facility?: "fktp" | "fktl";
  setting?: "outpatient" | "inpatient" | "rawat_jalan" | "rawat_inap" | 1 | 2 | "1" | "2";
  sex?: "M" | "F" | "L" | "P" | 1 | 2 | "1" | "2";
  birth_date?: string;
  service_date?: string;
  discharge_date?: string;
  age_days?: number;
  age_years?: number;
  /** null or absent: not stated (as in a `suggest` proposal without one). */
  principal_diagnosis?: string | null;
  secondary_diagnoses?: string[];
  diagnoses?: string[];
  procedures?: string[];
  icpc2?: string[];
  los_days?: number;
  discharge_status?: "home" | "referred" | "self_discharge" | "died" | "other" | number;
  referral?: boolean;
  admission_source?: string;
  documents?: string[] | null;
  birth_weight_grams?: number;
  care_class?: 1 | 2 | 3 | "1" | "2" | "3";
  icu_indicator?: boolean;
  icu_days?: number;
  ventilator_hours?: number;
  adl_subacute?: number;
  adl_chronic?: number;
  upgrade_class?: boolean;
  tariff_code?: string;
  hospital_class?: "A" | "B" | "C" | "D";
  coding_track?: "inacbg" | "idrg";
  /** Alias of coding_track. */
  track?: "inacbg" | "idrg";
  mrn?: string;
  card_number?: string;
  patient_name?: string;
  department?: string;
  eklaim_cbg?: string;
  eklaim_tariff?: number;
  /** Clinical evidence (optional; when absent the evidence rules ask for it). */
  sodium?: number; potassium?: number; hemoglobin?: number; platelets?: number; leukocytes?: number;
  temperature?: number; ejection_fraction?: number; systolic_bp?: number;
  creatinine_baseline?: number; creatinine_peak?: number;
  culture?: "positive" | "negative" | "not_done";
  chest_xray?: ("normal" | "infiltrate" | "effusion" | "tb" | "other")[];
  sputum_smear?: "positive" | "negative"; eeg?: "positive" | "negative";
  antibiotics?: boolean; antibiotic_days?: number; anticonvulsant?: boolean; inotrope?: boolean;
  tb_drugs?: boolean; electrolyte_correction?: boolean; anaemia_therapy?: boolean; thoracentesis?: boolean;
  [eklaimName: string]: unknown;
}
export type FindingLevel = "error" | "warning" | "info";
/** The family of a rule and of its findings. */
export type FindingFamily = "validity" | "principal" | "sex_age" | "redundancy" | "dx_procedure" | "evidence" | "documents" | "fktp" | "double_claim" | "readmission" | "cohort";
/** One finding of the claim checks. */
export interface Finding {
  rule: string;
  family: FindingFamily;
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
  /**
   * The claim's IM codes as E-Klaim's import to the INA-CBG track treats them (refused, E2101),
   * and the preview with the 2010 codes they refine; null when the claim has none. The iDRG
   * result itself is not previewed.
   */
  im_import: {
    /** `parent_specific` false: a subcode of `parent` must be chosen (83.15 → the category 83.1). */
    codes: { code: string; system: "icd10" | "icd9cm"; parent: string | null; parent_specific: boolean; source: "code_set" | "shape" }[];
    cbg_with_2010_codes: Described | null;
    note_id: string;
    note_en: string;
  } | null;
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

thread_local! {
    /// The default engine of the JavaScript API, with its code sets and grouper. `loadCodeSet`,
    /// `loadGroupingTables` and `loadTariffs` put a new one in its place (a copy of it with the
    /// new data; the rest is shared, not copied) only once the data has loaded, and no borrow is
    /// held during a call: a call that ends in a trap leaves it as it was.
    static ENGINE: RefCell<Option<Rc<Koder>>> = const { RefCell::new(None) };
}

fn engine() -> Result<Rc<Koder>, JsValue> {
    ENGINE.with(|cell| {
        let mut slot = cell.try_borrow_mut().map_err(|_| busy())?;
        if let Some(k) = slot.as_ref() {
            return Ok(k.clone());
        }
        let k = Rc::new(Koder::new().map_err(|e| to_js_error(&e))?);
        *slot = Some(k.clone());
        Ok(k)
    })
}

fn to_js_error(e: &Error) -> JsValue {
    koder_error(e.code(), &e.message_id(), &e.message_en(), &e.to_string())
}

/// A JavaScript `Error` with Koder's fields; `message` is "Indonesian / English".
fn koder_error(code: &str, id: &str, en: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    let obj: &JsValue = err.as_ref();
    for (k, v) in [("code", code), ("messageId", id), ("messageEn", en)] {
        let _ = js_sys::Reflect::set(obj, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    err.into()
}

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| to_js_error(&Error::InvalidInput { field: "result", detail: e.to_string() }))
}

/// Converts an engine error for JavaScript.
fn js_err(e: Error) -> JsValue {
    to_js_error(&e)
}

thread_local! {
    /// The last panic's message, kept by the panic hook for [`recover`].
    static PANIC: std::cell::Cell<Option<String>> = const { std::cell::Cell::new(None) };
}

/// Keeps the panic's message (cut) for [`recover`]; the panic then ends the call with a trap,
/// which the guard around every call into the module turns into a JavaScript `Error`.
fn panic_hook(info: &std::panic::PanicHookInfo<'_>) {
    let payload = info.payload();
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let at = info.location().map(|l| format!(" ({}:{})", l.file(), l.line())).unwrap_or_default();
    let text: String = format!("{text}{at}").chars().take(300).collect();
    PANIC.with(|p| p.set(Some(text)));
}

/// Called by the guard of the generated glue (`scripts/guard-glue.mjs`) after a call into the
/// module ended in an exception instead of a return, once the stack pointer is restored:
/// returns the `internal_error` to throw when the cause was a panic (else `undefined`). No
/// state is left half-changed by such a call (the grouper is swapped whole, inputs are copies),
/// so the module answers the next call as before. Not part of the API.
#[wasm_bindgen(js_name = __koderRecover, skip_typescript)]
pub fn recover() -> JsValue {
    match PANIC.with(|p| p.take()) {
        None => JsValue::UNDEFINED,
        Some(detail) => {
            let id = "Kesalahan internal Koder; panggilan ini dibatalkan, modul tetap dapat dipakai (mohon laporkan)";
            let en = "Internal Koder error; this call was abandoned, the module stays usable (please report it)";
            let err = koder_error("internal_error", id, en, &format!("{id} / {en}"));
            let _ = js_sys::Reflect::set(&err, &JsValue::from_str("detail"), &JsValue::from_str(&detail));
            err
        }
    }
}

/// Panics on purpose, so tests can show that a panic becomes an `internal_error` and that the
/// module answers the next call. Not part of the API.
#[wasm_bindgen(js_name = __koderTestPanic, skip_typescript)]
pub fn test_panic() {
    panic!("panic on purpose (__koderTestPanic)");
}

/// Installs the panic hook and, when the catalog is embedded, opens it (read in place; two
/// small derived tables are added up), so the module answers at once.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(panic_hook));
    if cfg!(feature = "embedded-catalog") {
        drop(engine());
    }
}

/// Gives a module built without an embedded catalog (the web build's two modules) its catalog:
/// the bytes of `koder_catalog.bin` of the same build. Called by the web entry (`koder.js`) once
/// the file is fetched; a second call with the same catalog changes nothing. A file of another
/// build or a damaged one is `data_corruption`. Not part of the API.
#[wasm_bindgen(js_name = __koderOpenCatalog, skip_typescript)]
pub fn open_catalog(bytes: Vec<u8>) -> Result<(), JsValue> {
    crate::Catalog::install_bundle(bytes).map_err(js_err)?;
    engine().map(drop)
}

/// Prepares what the first keystrokes would otherwise set up lazily (the typo automata, the
/// rule book, the first scan). Call it when the page is idle, e.g. from `requestIdleCallback`;
/// calling it is optional and repeated calls cost nothing.
#[wasm_bindgen(js_name = warmUp)]
pub fn warm_up() -> Result<(), JsValue> {
    let k = engine()?;
    crate::search::warm_up();
    let _ = k.search("demam", &SearchOptions::default());
    #[cfg(feature = "full")]
    let _ = crate::checks::RuleBook::get();
    Ok(())
}

/// Longest option object (`search` options, tariff context), as JSON, in bytes.
const MAX_OPTIONS_BYTES: usize = 16 << 10;
/// Longest system name accepted, in bytes.
const MAX_SYSTEM_BYTES: usize = 64;

/// A string argument of at most `max` bytes, or a clear error naming it.
fn text(v: &JsValue, field: &'static str, max: usize) -> Result<String, JsValue> {
    crate::jsinput::text(v, field, max).map_err(js_err)
}

/// Search as you type. `options`: `{ system, limit, leafOnly, chapter, block }` (typed in the
/// custom TypeScript section, where `options` is optional).
#[wasm_bindgen(skip_typescript)]
pub fn search(query: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    search_in(&*engine()?, &query, options.as_ref())
}

/// [`search`] in an engine (not inlined: [`warm`] compiles the same code the export runs).
#[inline(never)]
fn search_in(k: &Koder, query: &JsValue, options: Option<&JsValue>) -> Result<JsValue, JsValue> {
    let query = text(query, "query", crate::search::MAX_QUERY_BYTES)?;
    let known = ["system", "limit", "leafOnly", "leaf_only", "chapter", "block"];
    let options: SearchOptions =
        crate::jsinput::options(options, "options", &known, MAX_OPTIONS_BYTES).map_err(js_err)?.unwrap_or_default();
    to_js(&k.search(&query, &options).map_err(js_err)?)
}

/// A code system (parsed from its name) and a code.
fn system_code(system: &JsValue, code: &JsValue, field: &'static str) -> Result<(crate::CodeSystem, String), JsValue> {
    let (system, code) = (text(system, field, MAX_SYSTEM_BYTES)?, text(code, "code", crate::MAX_CODE_BYTES)?);
    Ok((crate::CodeSystem::parse(&system).map_err(js_err)?, code))
}

/// Everything about one code, with parent, children, chapter and block.
#[wasm_bindgen(unchecked_return_type = "CodeDetails")]
pub fn lookup(
    #[wasm_bindgen(unchecked_param_type = "CodeSystem")] system: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
) -> Result<JsValue, JsValue> {
    lookup_in(&*engine()?, &system, &code)
}

/// [`lookup`] in an engine (not inlined, as [`search_in`]).
#[inline(never)]
fn lookup_in(k: &Koder, system: &JsValue, code: &JsValue) -> Result<JsValue, JsValue> {
    let (system, code) = system_code(system, code, "system")?;
    to_js(&k.lookup(system, &code).map_err(js_err)?)
}

/// True when the code exists in the system.
#[wasm_bindgen(js_name = isValid)]
pub fn is_valid(
    #[wasm_bindgen(unchecked_param_type = "CodeSystem")] system: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
) -> Result<bool, JsValue> {
    let system = text(&system, "system", MAX_SYSTEM_BYTES)?;
    let system = crate::CodeSystem::parse(&system).map_err(js_err)?;
    // A code longer than any code is simply not valid.
    match crate::jsinput::text(&code, "code", crate::MAX_CODE_BYTES) {
        Err(Error::InputTooLong { .. }) => Ok(false),
        Err(e) => Err(js_err(e)),
        Ok(code) => Ok(engine()?.is_valid(system, &code)),
    }
}

/// ICPC-2 → ICD-10 candidates (primary first), or ICD-10 → ICPC-2 rubrics.
#[wasm_bindgen(unchecked_return_type = "CrosswalkTarget[]")]
pub fn crosswalk(
    #[wasm_bindgen(unchecked_param_type = "CodeSystem")] from: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
) -> Result<JsValue, JsValue> {
    crosswalk_in(&*engine()?, &from, &code)
}

/// [`crosswalk`] in an engine (not inlined, as [`search_in`]).
#[inline(never)]
fn crosswalk_in(k: &Koder, from: &JsValue, code: &JsValue) -> Result<JsValue, JsValue> {
    let (from, code) = system_code(from, code, "from")?;
    to_js(&k.crosswalk(from, &code).map_err(js_err)?)
}

/// Runs search, lookup and crosswalk on the six-record sample catalog
/// ([`crate::Catalog::sample`]) and throws the answers away, so that their code is compiled
/// while the real catalog is still downloading: a browser compiles a function of a module on
/// its first call, and the search path's functions took longer to compile than the first
/// search takes to run. The web entry calls it on the search module once it has started, when
/// the catalog has not arrived yet, and on the full module before it takes over the answers.
/// Before a catalog is installed it also runs the install's refusals
/// ([`crate::Catalog::warm_install`]) and the way to the engine. Changes no state (and builds no
/// typo automaton: that is warmUp's work). Not part of the API.
#[wasm_bindgen(js_name = __koderWarm, skip_typescript)]
pub fn warm() -> Result<(), JsValue> {
    crate::Catalog::warm_install();
    let k = Koder::with_catalog(crate::Catalog::sample().map_err(js_err)?);
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("limit"), &JsValue::from_f64(10.0));
    let options: JsValue = options.into();
    // No typo automaton is built (that is warmUp's work, when the page is idle): every word here
    // either has three characters or fewer, which get no typo expansion, or finds three records
    // or more in the sample, which leaves no list short enough to expand.
    for query in ["d", "de", "demam", "demam d", "A9", "dbd"] {
        search_in(&k, &JsValue::from_str(query), Some(&options))?;
    }
    let s = |v: &str| JsValue::from_str(v);
    lookup_in(&k, &s("icd10"), &s("A91"))?;
    crosswalk_in(&k, &s("icpc2"), &s("A03"))?;
    // The engine of the process catalog, which the install sets up: not there yet, so this
    // only compiles the way to it.
    let _ = engine();
    Ok(())
}

/// Versions of the engine and its data.
#[wasm_bindgen(unchecked_return_type = "VersionInfo")]
pub fn version() -> Result<JsValue, JsValue> {
    to_js(&engine()?.version())
}

#[cfg(feature = "full")]
mod full;
#[cfg(feature = "full")]
pub use full::*;
