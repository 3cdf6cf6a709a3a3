//! The rest of the JavaScript API (feature `full`): claim checks, grouping, audit, suggest and
//! code sets. The web build's search module leaves it out (see `scripts/build-wasm.sh`).

use super::*;

/// Largest chunk one `Auditor.push` takes, in bytes.
pub const MAX_CHUNK_BYTES: usize = 16 << 20;
/// Longest file name given to `Auditor.reportHtml`, in bytes.
const MAX_SOURCE_BYTES: usize = 4096;

/// Replaces the default engine with a changed copy of it.
fn update_engine<T>(f: impl FnOnce(&mut Koder) -> Result<T, Error>) -> Result<T, JsValue> {
    let mut next = Koder::clone(&*engine()?);
    let out = f(&mut next).map_err(|e| to_js_error(&e))?;
    ENGINE.with(|cell| {
        *cell.try_borrow_mut().map_err(|_| busy())? = Some(Rc::new(next));
        Ok(out)
    })
}


/// The JSON text of a claim object: a plain copy made before any parsing (see `jsinput`); the
/// one claim parser reads it (`parse_claim_json`). Its top-level keys are those of the one alias
/// table (`claimKeys()`), E-Klaim's unused keys and a request's `metadata` / `data`.
fn claim_json(claim: &JsValue) -> Result<String, JsValue> {
    let fields = crate::checks::claim::claim_fields();
    crate::jsinput::object_json(claim, "claim", fields, crate::MAX_CLAIM_BYTES).map_err(js_err)
}

/// The claim keys Koder accepts and the field each fills (`{ tgl_lahir: "birth_date", … }`):
/// the one alias table, for form components that map their field names.
#[wasm_bindgen(js_name = claimKeys, unchecked_return_type = "Record<string, string>")]
pub fn claim_keys() -> Result<JsValue, JsValue> {
    let v: serde_json::Value = serde_json::from_str(&crate::checks::claim::aliases_json())
        .map_err(|e| js_err(Error::DataCorruption(e.to_string())))?;
    to_js(&v)
}

/// Checks one claim: findings (errors first) and the supporting-documents checklist.
#[wasm_bindgen(unchecked_return_type = "CheckReport")]
pub fn check(#[wasm_bindgen(unchecked_param_type = "ClaimInput")] claim: JsValue) -> Result<JsValue, JsValue> {
    let k = engine()?;
    let json = claim_json(&claim)?;
    to_js(&k.check_json(&json).map_err(js_err)?)
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
  encoding: "utf8" | "utf16" | "windows1252";
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
    #[derive(serde::Deserialize)]
    struct LoadOptions {
        system: String,
    }
    let bytes = crate::jsinput::bytes(&text, "text", crate::codeset::MAX_CODE_SET_BYTES).map_err(js_err)?;
    let options: Option<LoadOptions> =
        crate::jsinput::options(Some(&options), "options", &["system"], MAX_OPTIONS_BYTES).map_err(js_err)?;
    let Some(options) = options else {
        let detail = "perlu { system: \"icd10_im\" | \"icd9cm_im\" } / needs { system }".into();
        return Err(js_err(Error::InvalidInput { field: "options", detail }));
    };
    let system = crate::CodeSetSystem::parse(&options.system).map_err(js_err)?;
    to_js(&update_engine(|k| k.load_code_set(&bytes, system))?)
}

/// Drops the loaded list of a system.
#[wasm_bindgen(js_name = unloadCodeSet, skip_typescript)]
pub fn unload_code_set(system: JsValue) -> Result<bool, JsValue> {
    let system = crate::CodeSetSystem::parse(&text(&system, "system", MAX_SYSTEM_BYTES)?).map_err(js_err)?;
    update_engine(|k| Ok(k.unload_code_set(system)))
}

/// The loaded lists.
#[wasm_bindgen(js_name = codeSets, skip_typescript)]
pub fn code_sets() -> Result<JsValue, JsValue> {
    to_js(&engine()?.code_sets().summaries())
}


/// INA-CBG grouping preview of one claim. `context`: `{ regional, hospital_class, ownership,
/// care_class }` (typed in the custom TypeScript section).
#[wasm_bindgen(skip_typescript)]
pub fn group(claim: JsValue, context: Option<JsValue>) -> Result<JsValue, JsValue> {
    let k = engine()?;
    let input = crate::parse_claim_json(&claim_json(&claim)?).map_err(js_err)?;
    let fields = crate::grouper::tariff::CONTEXT_FIELDS;
    let context: Option<crate::grouper::TariffContextInput> =
        crate::jsinput::options(context.as_ref(), "context", fields, MAX_OPTIONS_BYTES).map_err(js_err)?;
    let context = context.map(|c| c.validate()).transpose().map_err(js_err)?;
    to_js(&k.group(input, context.as_ref()).map_err(js_err)?)
}

/// Replaces the grouping definition set; returns its version.
#[wasm_bindgen(js_name = loadGroupingTables, skip_typescript)]
pub fn load_grouping_tables(text: JsValue) -> Result<JsValue, JsValue> {
    let text = self::text(&text, "text", crate::grouper::MAX_TABLE_BYTES)?;
    to_js(&update_engine(|k| k.load_grouping_tables(&text))?)
}

/// Loads a tariff table; returns the versions.
#[wasm_bindgen(js_name = loadTariffs, skip_typescript)]
pub fn load_tariffs(csv: JsValue) -> Result<JsValue, JsValue> {
    let csv = text(&csv, "csv", crate::grouper::MAX_TABLE_BYTES)?;
    to_js(&update_engine(|k| k.load_tariffs(&csv))?)
}

/// Versions of the grouping definition set and tariff table.
#[wasm_bindgen(js_name = groupingVersion, skip_typescript)]
pub fn grouping_version() -> Result<JsValue, JsValue> {
    to_js(&engine()?.grouping_version().map_err(js_err)?)
}

#[wasm_bindgen(typescript_custom_section)]
const AUDIT_TS_TYPES: &'static str = r#"
/** Options of `new Auditor(options)` (docs/AUDIT.md). */
export interface AuditOptions {
  /** Detected when absent ("{" → JSON lines; E-Klaim's TXT header → the E-Klaim export). */
  format?: "csv" | "jsonl" | "eklaim";
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
export interface AuditRows { read: number; audited: number; rejected: number; blank_lines: number; decoded_latin1: number; }
/** A row that could not be audited. */
export interface AuditRejected { row: number; code: string; nomor_sep: string | null; message_id: string; message_en: string; }
/** The audit summary (the JSON of `koder audit --json`). */
export interface AuditSummary {
  format: "csv" | "jsonl" | "eklaim_txt";
  delimiter: string | null;
  columns: Record<string, string>;
  readmission_days: number;
  group: "none" | "risk" | "all";
  rows: AuditRows;
  claims: { at_risk: number; error: number; warning: number; info: number; clean: number };
  by_family: { family: FindingFamily; label_id: string; label_en: string; claims: number }[];
  by_rule: { rule: string; family: FindingFamily; level: FindingLevel; claims: number; findings: number; tariff: number }[];
  by_department: { department: string; claims: number; at_risk: number; error: number; tariff_at_risk: number }[];
  tariff: { table: string; claims_grouped: number; claims_with_tariff: number; at_risk_error: number; at_risk_warning: number; at_risk_total: number; at_risk_without_tariff: number } | null;
  rejected: AuditRejected[];
  rejected_not_listed: number;
  claims_not_listed: number;
  /** E-Klaim's own results (INACBG, TARIF_INACBG) against Koder's preview; null unless the file has them. */
  eklaim: {
    claims: number; agree: number; severity: number; differ: number; not_grouped: number;
    eklaim_tariff_total: number; eklaim_tariff_agree: number; eklaim_tariff_differ: number;
    differences: { row: number; nomor_sep: string; eklaim_cbg: string; eklaim_tariff: number | null; koder_cbg: string | null; agreement: "agree" | "severity" | "differ" | "not_grouped" }[];
    differences_not_listed: number;
  } | null;
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
        // The options may carry a tariff table (text).
        let max = crate::grouper::MAX_TABLE_BYTES + (64 << 10);
        let input: crate::audit::OptionsInput =
            crate::jsinput::options(Some(&options), "options", crate::audit::OPTION_FIELDS, max)
                .map_err(js_err)?
                .unwrap_or_default();
        Ok(WasmAuditor { inner: input.auditor().map_err(js_err)?, csv: String::new(), summary: None })
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
        let bytes = crate::jsinput::bytes(&chunk, "chunk", MAX_CHUNK_BYTES).map_err(js_err)?;
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
        let source = if source.is_undefined() { String::new() } else { text(&source, "source", MAX_SOURCE_BYTES)? };
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

#[wasm_bindgen(typescript_custom_section)]
const SUGGEST_TS_TYPES: &'static str = r#"
/** Options of `suggest`. */
export interface SuggestOptions {
  /** The diagnosis code system (default "icd10"; "icpc2" for primary care). Procedures are always ICD-9-CM. */
  system?: "icd10" | "icpc2";
  /** Decides "post <operation>" (done this stay vs a control visit), haemodialysis sessions, … */
  setting?: "inpatient" | "outpatient";
  /** Also run `check` and `group` on the proposed claim (with the loaded grouping tables). */
  review?: boolean;
}
/** A part of the text: `text.slice(start, end)` (UTF-16 indices). */
export interface SuggestSpan { start: number; end: number; text: string; }
export type SuggestConfidence = "high" | "medium" | "low";
export type SuggestAssertion = "present" | "suspected" | "differential" | "negated" | "history" | "family_history" | "post" | "on_treatment";
export type SuggestContext = "pregnancy" | "labour" | "delivery" | "puerperium" | "newborn";
export type SuggestRule = "text_match" | "suspected" | "combination" | "pregnancy" | "refinement" | "status" | "delivery" | "outcome" | "newborn" | "asterisk" | "principal";
/** A value read from the line ("gr II" → grade 2, "39 mgg" → weeks 39, "G2P1A0" → gravida 2 …). */
export interface SuggestQualifier {
  kind: "stage" | "grade" | "nyha" | "score" | "weeks" | "hours" | "days" | "count" | "stitches" | "open" | "grams" | "percent" | "gravida" | "para" | "abortus" | "result";
  value: number;
  /** true for "> 24 jam", false for "< 37 mgg". */
  more_than?: boolean;
  span: SuggestSpan;
}
/** A code in short form. */
export interface SuggestCode { system: CodeSystem; code: string; display: string; display_id: string | null; }
/** A code the search found for a segment. */
export interface SuggestCandidate extends SuggestCode { matched_term: string | null; coverage: number; }
/** One condition or procedure of the line. */
export interface SuggestSegment {
  span: SuggestSpan;
  kind: "diagnosis" | "procedure" | "context" | "unmatched";
  assertion: SuggestAssertion;
  link: "etiology" | "with" | "indication" | null;
  qualifiers: SuggestQualifier[];
  candidates: SuggestCandidate[];
}
/** Why a code is proposed: the rule, the table row (CMB-101, HIS-005 …) and the text. */
export interface SuggestWhy { rule: SuggestRule; id: string | null; span: SuggestSpan | null; note_id: string; note_en: string; }
/** One proposed code: the coder confirms it (nothing is added to the form silently). */
export interface SuggestedCode extends SuggestCode {
  role: "principal" | "secondary" | "procedure";
  confidence: SuggestConfidence;
  why: SuggestWhy[];
  alternatives: SuggestCode[];
  /** "HD 2x" → 2, "PRC 2 kolf" → 2. */
  quantity: number | null;
}
/** A code that matched but is not proposed, with the reason. */
export interface SuggestOmitted extends SuggestCode {
  reason: "negated" | "differential" | "not_coded" | "replaced" | "explained" | "duplicate";
  by: string[];
  id: string | null;
  span: SuggestSpan | null;
  note_id: string;
  note_en: string;
}
/** The proposal in the shape `check` and `group` take: pass it on as it is. */
export interface ProposedClaim extends ClaimInput {
  setting?: "inpatient" | "outpatient";
  facility?: "fktp";
  principal_diagnosis: string | null;
  secondary_diagnoses: string[];
  procedures: string[];
  icpc2?: string[];
}
/** The result of `suggest`. */
export interface Suggestion {
  system: "icd10" | "icpc2";
  setting: "inpatient" | "outpatient" | null;
  contexts: SuggestContext[];
  segments: SuggestSegment[];
  /** Principal first. */
  diagnoses: SuggestedCode[];
  procedures: SuggestedCode[];
  omitted: SuggestOmitted[];
  claim: ProposedClaim;
  note_id: string;
  note_en: string;
  /** With `review: true`: the claim checks of `claim` (null without a principal diagnosis). */
  check?: CheckReport | null;
  /** With `review: true`: the grouping preview of `claim` (null without a principal diagnosis). */
  group?: GroupResult | null;
}
/** Codes for one line of the medical resume ("DHF gr II + trombositopenia, riw HT", "SC a/i KPD"): at most 4096 bytes. */
export function suggest(text: string, options?: SuggestOptions): Suggestion;
"#;

/// The options object of `suggest` (`review` is the facade's own).
#[derive(serde::Deserialize)]
struct SuggestJsOptions {
    #[serde(default)]
    system: Option<crate::CodeSystem>,
    #[serde(default)]
    setting: Option<crate::checks::claim::Setting>,
    #[serde(default)]
    review: bool,
}

/// Codes for one resume line; with `{ review: true }` also the checks and the grouping
/// preview of the proposed claim (typed in the custom TypeScript section).
#[wasm_bindgen(skip_typescript)]
pub fn suggest(text: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let k = engine()?;
    let text = self::text(&text, "text", crate::suggest::MAX_SUGGEST_BYTES)?;
    let o: SuggestJsOptions =
        crate::jsinput::options(options.as_ref(), "options", &["system", "setting", "review"], MAX_OPTIONS_BYTES)
            .map_err(js_err)?
            .unwrap_or(SuggestJsOptions { system: None, setting: None, review: false });
    let options = crate::SuggestOptions { system: o.system, setting: o.setting };
    let s = k.suggest(&text, &options).map_err(js_err)?;
    if o.review {
        let g = k.grouper().map_err(js_err)?;
        return to_js(&k.review(s, g).map_err(js_err)?);
    }
    to_js(&s)
}
