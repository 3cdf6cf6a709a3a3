// Pemakaian API JavaScript Koder yang diperiksa tipenya / Koder's JavaScript API as an EMR vendor
// uses it, type-checked (never run) against the generated declarations of the npm package:
//
//   bash scripts/build-wasm.sh && node_modules/.bin/tsc -p tests/types
//
// Every exported function and class and the result fields the README and docs promise are used
// with their declared types; the `@ts-expect-error` lines show that wrong uses are refused (tsc
// fails if one of them type-checks). tests/node/types.test.mjs runs this in the test suite.

import init, * as koder from "../../pkg/npm/web/koder.js";
import { initSync } from "../../pkg/npm/web/koder.js";
import type {
  AuditOptions,
  AuditSummary,
  CheckReport,
  ClaimInput,
  CodeDetails,
  CodeSetSummary,
  CodeSystem,
  CrosswalkTarget,
  GroupResult,
  GroupingVersion,
  KoderError,
  SearchResult,
  Suggestion,
  TraceStep,
  VersionInfo,
} from "../../pkg/npm/web/koder.js";
import type { KoderModule } from "../../pkg/npm/components/engine.js";

/** The module satisfies what the drop-in components expect of it. */
export const forComponents: KoderModule = koder;

export async function start(bytes: BufferSource, catalog: BufferSource): Promise<void> {
  await koder.initSearch();
  await koder.initSearch({ search_module_or_path: "/koder_search_bg.wasm", catalog: fetch("/koder_catalog.bin") });
  await init();
  await init({ module_or_path: "/koder_full_bg.wasm", catalog: new URL("https://emr.example/koder_catalog.bin") });
  initSync({ module: bytes, catalog });
  koder.warmUp();
}

export function searchAsYouType(query: string): string[] {
  const hits: SearchResult[] = koder.search(query, { system: "icd10", limit: 10, leafOnly: true, chapter: "X", block: "J09-J18" });
  koder.search(query);
  return hits.map((h) => {
    const system: CodeSystem = h.system;
    const title: string = h.display_id ?? h.display;
    const uri: string = h.fhir_system;
    const flags: string[] = h.flags.filter((f) => f === "not_inacbg" || f === "asterisk" || f === "im");
    const marks: string[] = [...h.matched, h.matched_term ?? ""];
    const score: number = h.score;
    const exact: boolean = h.code_match && h.leaf;
    const im: string | null = h.im ? h.im.parent : null;
    return `${system} ${h.code} ${title} ${uri} ${flags} ${marks} ${score} ${exact} ${im}`;
  });
}

export function codeDetails(): string {
  const d: CodeDetails = koder.lookup("icd10", "A91");
  const kind: "code" | "block" | "chapter" = d.kind;
  const sex: "F" | "M" | null = d.sex;
  const ages: (number | null)[] = [d.age_min_days, d.age_max_days];
  const tree = [d.chapter?.code, d.block?.code, d.parent?.code, ...d.children.map((c) => c.code), ...d.partners.map((p) => p.code)];
  const accepted: boolean = d.accepted_by_inacbg && koder.isValid("icd10", d.code);
  const listed: boolean | undefined = d.code_set?.validcode;
  const walk: CrosswalkTarget[] = koder.crosswalk("icpc2", "K86");
  const primary = walk.find((t) => t.primary)?.code;
  const v: VersionInfo = koder.version();
  const keys: Record<string, string> = koder.claimKeys();
  return `${kind} ${sex} ${ages} ${tree} ${accepted} ${listed} ${primary} ${v.koder} ${v.data.data_version} ${v.editions[0][1]} ${keys.tgl_lahir}`;
}

export function checkClaim(): number {
  const claim: ClaimInput = {
    setting: "inpatient",
    sex: "L",
    birth_date: "1960-01-31",
    service_date: "2025-03-01",
    principal_diagnosis: "J18.9",
    secondary_diagnoses: ["E11.9"],
    procedures: ["87.44"],
    documents: ["resume_medis"],
    hospital_class: "B",
    coding_track: "inacbg",
    diagnosa: "J18.9#E11.9",
  };
  const r: CheckReport = koder.check(claim);
  for (const f of r.findings) {
    const level: "error" | "warning" | "info" = f.level;
    const action: "replace" | "add" | "remove" | "reorder" | "attach" | "review" = f.suggestion.action;
    const text = `${f.rule} ${f.family} ${level} ${f.message_id} ${f.message_en} ${f.codes} ${action} ${f.suggestion.codes} ${f.suggestion.documents} ${f.suggestion.text_id} ${f.suggestion.text_en} ${f.basis}`;
    void text;
  }
  const missing = r.documents.filter((d) => !d.attached).map((d) => `${d.rule} ${d.kinds} ${d.label_id} ${d.label_en} ${d.level}`);
  return r.counts.error + r.counts.warning + r.counts.info + missing.length + (r.id ?? "").length;
}

export function groupPreview(claim: ClaimInput, tables: string, tariffs: string): string {
  const loaded: GroupingVersion = koder.loadGroupingTables(tables);
  const priced: GroupingVersion = koder.loadTariffs(tariffs);
  const now: GroupingVersion = koder.groupingVersion();
  const g: GroupResult = koder.group(claim, { regional: 1, hospital_class: "B", ownership: "government", care_class: 3 });
  koder.group(claim);
  const preview: true = g.preview;
  const steps: TraceStep["step"][] = g.trace.map((s) => s.step);
  const rows = g.trace.map((s) => `${s.decision} ${s.reason_id} ${s.reason_en} ${s.table}:${s.line} ${s.evidence}`);
  const level: 0 | 1 | 2 | 3 = g.severity.level;
  const tariff: number | null = g.tariff ? g.tariff.base : null;
  const topUps = g.tariff?.top_ups.map((t) => t.option + t.amount) ?? [];
  const options = g.special_cmg_options.map((o) => `${o.code} ${o.kind} ${o.description_id} ${o.triggered_by} ${o.tariff} ${o.source}`);
  const whatIf = g.what_if.secondaries.map((s) => `${s.code} ${s.level} ${s.counted} ${s.changes_result} ${s.cbg_without} ${s.excluded_id}`);
  const guidance = g.what_if.guidance.map((x) => `${x.severity} ${x.label_id} ${x.codes}`);
  return [
    loaded.tables, priced.tariffs, now.tariff_rows, now.bundled, preview, g.label_id, g.label_en, g.id,
    g.cbg.code, g.cbg.description_id, g.cmg.description_en, g.case_type.code, g.severity.code, level,
    g.error?.reason_id, tariff, g.tariff?.total_with_all_options, g.tariff?.context.ownership, topUps,
    g.confidence.level, g.confidence.reasons_id, steps, rows, options, whatIf, guidance, g.what_if.note_id,
    g.tables_version,
  ].join(" ");
}

export function codeSets(list: string | Uint8Array): number {
  const s: CodeSetSummary = koder.loadCodeSet(list, { system: "icd10_im" });
  const problems = s.problems.map((p) => `${p.line} ${p.code} ${p.kind} ${p.message_id}`);
  const all: CodeSetSummary[] = koder.codeSets();
  const dropped: boolean = koder.unloadCodeSet("icd9cm_im");
  return s.codes + s.im_codes + s.rejected + problems.length + all.length + Number(dropped) + s.columns.length;
}

export function resumeLine(): string {
  const s: Suggestion = koder.suggest("DHF gr II + trombositopenia, riw HT", { system: "icd10", setting: "inpatient", review: true });
  koder.suggest("ISPA");
  const dx = s.diagnoses.map((c) => `${c.role} ${c.code} ${c.confidence} ${c.quantity} ${c.why.map((w) => `${w.rule} ${w.id} ${w.span?.start}`)} ${c.alternatives.length}`);
  const segments = s.segments.map((x) => `${x.kind} ${x.assertion} ${x.link} ${x.span.text} ${x.qualifiers.map((q) => q.kind + q.value)} ${x.candidates.map((c) => c.coverage)}`);
  const omitted = s.omitted.map((o) => `${o.code} ${o.reason} ${o.by} ${o.note_en}`);
  const claim: ClaimInput = s.claim;
  // The proposal goes to `check` and `group` as it is.
  const checked: CheckReport = koder.check(s.claim);
  const proposedGroup: GroupResult = koder.group(s.claim);
  const review: CheckReport | null | undefined = s.check;
  const grouped: GroupResult | null | undefined = s.group;
  return `${s.system} ${s.setting} ${s.contexts} ${dx} ${segments} ${omitted} ${claim.principal_diagnosis} ${s.procedures.length} ${review?.counts.error} ${grouped?.cbg.code} ${s.note_id} ${checked.counts.error} ${proposedGroup.cbg.code}`;
}

export function audit(chunks: (Uint8Array | string)[]): string {
  const options: AuditOptions = { format: "csv", delimiter: ";", map: { nomor_sep: "NO_SEP" }, readmissionDays: 30, group: "risk", maxLineBytes: 1 << 20, detailLimit: 100 };
  const a = new koder.Auditor(options);
  let csv: string = koder.Auditor.csvHeader();
  for (const c of chunks) csv += a.push(c);
  const read: number = a.rows().read;
  const s: AuditSummary = a.finish();
  csv += a.takeCsv();
  const html: string = a.reportHtml("klaim-maret.csv");
  const summary: string = a.summaryCsv();
  a.free();
  const rules = s.by_rule.map((r) => `${r.rule} ${r.family} ${r.level} ${r.claims} ${r.tariff}`);
  const eklaim = s.eklaim?.differences.map((d) => `${d.row} ${d.agreement} ${d.koder_cbg}`) ?? [];
  return `${read} ${s.rows.audited} ${s.claims.at_risk} ${s.tariff?.at_risk_total} ${rules} ${eklaim} ${s.rejected.map((r) => r.code)} ${csv.length} ${html.length} ${summary.length} ${s.format}`;
}

export function errors(): string {
  try {
    koder.lookup("icd10", "Q99.999");
    return "";
  } catch (e) {
    const k = e as KoderError;
    return `${k.code} ${k.messageId} ${k.messageEn} ${k.message}`;
  }
}

export function refused(d: CodeDetails, g: GroupResult, r: CheckReport): void {
  // @ts-expect-error: a system outside the union
  koder.lookup("loinc", "1");
  // @ts-expect-error: the query is text
  koder.search(42);
  // @ts-expect-error: an unknown option
  koder.search("dbd", { limt: 5 });
  // @ts-expect-error: a record kind outside the union
  const kind: typeof d.kind = "category";
  // @ts-expect-error: a flag outside the union
  d.flags.push("bogus");
  // @ts-expect-error: a level outside the union
  const level: typeof r.findings[number]["level"] = "fatal";
  // @ts-expect-error: the preview is always a preview
  const preview: typeof g.preview = false;
  // @ts-expect-error: no such field
  void g.official;
  void kind, level, preview;
}
