//! The grouping-definition tables (format v1, see `data/grouper/README.md`): parsed from one text
//! made of files, each introduced by a line `@file NAME.tsv`. Shared by `build.rs` (which
//! validates the bundled set at build time) and the runtime loader, so both accept exactly the
//! same text. Depends only on `std`, the code specs and the rule book's closed values.

use crate::codespec::CodeSpec;
use crate::rules::Settings;
use std::collections::HashMap;

/// The definition format this engine reads.
pub const FORMAT_VERSION: u32 = 1;

/// What a row rests on, read from the start of its `basis`: `outcome: …` (a real E-Klaim
/// result was seen), `guideline: …` (the INA-CBG technical guideline or E-Klaim's documented
/// behaviour), anything else is the team's inference. Only rows resting on an outcome or the
/// guideline let a preview be of high confidence.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "lowercase"))]
pub enum Evidence {
    /// The team's inference (`inferred: …`, or no prefix).
    #[default]
    Inferred,
    /// The INA-CBG guideline or E-Klaim's documented behaviour (`guideline: …`).
    Guideline,
    /// A real E-Klaim outcome (`outcome: …`).
    Outcome,
}

impl Evidence {
    /// Every kind of evidence.
    pub const ALL: [Evidence; 3] = [Evidence::Outcome, Evidence::Guideline, Evidence::Inferred];

    /// Reads the prefix of a `basis` text.
    pub fn of_basis(basis: &str) -> Evidence {
        let b = basis.trim_start().to_ascii_lowercase();
        if b.starts_with("outcome") {
            Evidence::Outcome
        } else if b.starts_with("guideline") {
            Evidence::Guideline
        } else {
            Evidence::Inferred
        }
    }

    /// `outcome`, `guideline`, `inferred`.
    pub fn name(self) -> &'static str {
        match self {
            Evidence::Outcome => "outcome",
            Evidence::Guideline => "guideline",
            Evidence::Inferred => "inferred",
        }
    }
}

/// The kind of a special CMG option (`special.tsv`, column `type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "snake_case"))]
pub enum SpecialKind {
    /// A special procedure (`YY…`).
    SpecialProcedure,
    /// A prosthesis (`RR…`).
    SpecialProsthesis,
    /// A special investigation (`II…`).
    SpecialInvestigation,
    /// A special drug (`DD…`).
    SpecialDrug,
    /// Sub-acute care.
    Subacute,
    /// Chronic care.
    Chronic,
}

impl SpecialKind {
    /// Every kind, in the table's documented order.
    pub const ALL: [SpecialKind; 6] = [
        SpecialKind::SpecialProcedure,
        SpecialKind::SpecialProsthesis,
        SpecialKind::SpecialInvestigation,
        SpecialKind::SpecialDrug,
        SpecialKind::Subacute,
        SpecialKind::Chronic,
    ];

    /// The name in the table and in every output (`special_drug`).
    pub fn name(self) -> &'static str {
        match self {
            SpecialKind::SpecialProcedure => "special_procedure",
            SpecialKind::SpecialProsthesis => "special_prosthesis",
            SpecialKind::SpecialInvestigation => "special_investigation",
            SpecialKind::SpecialDrug => "special_drug",
            SpecialKind::Subacute => "subacute",
            SpecialKind::Chronic => "chronic",
        }
    }

    /// The kind of a name; `None` when unknown.
    pub fn parse(s: &str) -> Option<SpecialKind> {
        SpecialKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// The kind of a CMG (`cmgs.tsv`, column `kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmgKind {
    /// A body-system CMG (`body_system`: `J` respiratory).
    BodySystem,
    /// A special CMG (`special`: `YY` special procedures).
    Special,
    /// The error CMG (`error`: `X`).
    Error,
}

impl CmgKind {
    /// Every kind, in the table's documented order.
    pub const ALL: [CmgKind; 3] = [CmgKind::BodySystem, CmgKind::Special, CmgKind::Error];

    /// The name in the table (`body_system`).
    pub fn name(self) -> &'static str {
        match self {
            CmgKind::BodySystem => "body_system",
            CmgKind::Special => "special",
            CmgKind::Error => "error",
        }
    }

    /// The kind of a name; `None` when unknown.
    pub fn parse(s: &str) -> Option<CmgKind> {
        CmgKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// One problem of a definition set: the file, the line inside that file (1-based; 0 = the
/// file as a whole) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableError {
    /// The file (`diagnoses.tsv`), or `(text)` before any `@file` line.
    pub file: String,
    /// Line inside the file.
    pub line: usize,
    /// What is wrong (English; the file and line make it clear in any language).
    pub message: String,
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Where a row comes from (for the trace) and what it rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The file.
    pub file: &'static str,
    /// The line inside the file.
    pub line: usize,
    /// What the row's `basis` says it rests on.
    pub evidence: Evidence,
}

/// A group code without severity: `J-4-16`, `X-0-10`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GroupCode {
    /// The CMG letter(s).
    pub cmg: String,
    /// Case type 0–9.
    pub case_type: u8,
    /// The specific group, two digits.
    pub group: String,
}

impl GroupCode {
    /// Parses `J-4-16`.
    pub fn parse(s: &str) -> Option<GroupCode> {
        let mut it = s.trim().split('-');
        let (cmg, ct, g) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some()
            || cmg.is_empty()
            || cmg.len() > 2
            || !cmg.bytes().all(|b| b.is_ascii_uppercase())
            || ct.len() != 1
            || g.len() != 2
            || !g.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let case_type = ct.parse::<u8>().ok()?;
        Some(GroupCode { cmg: cmg.to_string(), case_type, group: g.to_string() })
    }

    /// True for the error groups (`X-0-…`).
    pub fn is_error(&self) -> bool {
        self.cmg == "X" || self.case_type == 0
    }

    /// True when the case type has severities I–III (inpatient types 1, 4, 6, 8).
    pub fn has_severity(&self) -> bool {
        matches!(self.case_type, 1 | 4 | 6 | 8)
    }

    /// True for inpatient case types (1, 4, 6, 8).
    pub fn is_inpatient(&self) -> bool {
        self.has_severity()
    }
}

impl std::fmt::Display for GroupCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}-{}", self.cmg, self.case_type, self.group)
    }
}

/// A group of `groups.tsv`.
#[derive(Clone, Debug)]
pub struct GroupDef {
    /// The code.
    pub code: GroupCode,
    /// Description, Indonesian.
    pub description_id: String,
    /// Description, English.
    pub description_en: String,
    /// Row.
    pub source: Source,
}

/// A CMG of `cmgs.tsv`.
#[derive(Clone, Debug)]
pub struct CmgDef {
    /// `J`, `YY`, `X`.
    pub cmg: String,
    /// Body system, special or error.
    pub kind: CmgKind,
    /// Name, Indonesian.
    pub name_id: String,
    /// Name, English.
    pub name_en: String,
}

/// A row of `principal_errors.tsv`: principal diagnoses INA-CBG does not group.
#[derive(Clone, Debug)]
pub struct PrincipalError {
    /// Diagnoses.
    pub codes: Vec<CodeSpec>,
    /// The error group.
    pub group: GroupCode,
    /// Reason, Indonesian.
    pub reason_id: String,
    /// Reason, English.
    pub reason_en: String,
    /// Row.
    pub source: Source,
}

/// How much a row can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// Broad fallback rows.
    Low,
    /// Rows that cover a block with mixed groups.
    Medium,
    /// Specific rows.
    High,
}

impl Confidence {
    /// `high`, `medium`, `low`.
    pub fn name(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }
}

/// A row of `diagnoses.tsv`: principal diagnosis → CMG and medical groups.
#[derive(Clone, Debug)]
pub struct DiagnosisRow {
    /// Principal diagnoses.
    pub codes: Vec<CodeSpec>,
    /// The CMG.
    pub cmg: String,
    /// Inpatient medical group (case type 4), when any.
    pub inpatient: Option<GroupCode>,
    /// Outpatient medical group (case type 5), when any.
    pub outpatient: Option<GroupCode>,
    /// How specific the row is.
    pub confidence: Confidence,
    /// Row.
    pub source: Source,
}

/// A row of `procedures.tsv`.
#[derive(Clone, Debug)]
pub struct ProcedureRow {
    /// CMGs the row applies to; empty = every CMG (`*`).
    pub cmgs: Vec<String>,
    /// Procedures.
    pub procedures: Vec<CodeSpec>,
    /// Inpatient group (case type 1), when the procedure groups inpatients.
    pub inpatient: Option<GroupCode>,
    /// Outpatient group (case type 2 or 3, or an X group), when it groups outpatients.
    pub outpatient: Option<GroupCode>,
    /// Higher wins.
    pub rank: i32,
    /// Row.
    pub source: Source,
}

/// What a row of `deliveries.tsv` matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryTrigger {
    /// A procedure that is a delivery (caesarean, assisted delivery).
    Procedure,
    /// A diagnosis that records a delivery (O80–O84, Z37).
    Diagnosis,
    /// A procedure that changes the delivery group only when there is a delivery.
    Modifier,
}

/// A row of `deliveries.tsv`.
#[derive(Clone, Debug)]
pub struct DeliveryRow {
    /// What the row matches.
    pub trigger: DeliveryTrigger,
    /// Codes.
    pub codes: Vec<CodeSpec>,
    /// Inpatient group (case type 6).
    pub inpatient: Option<GroupCode>,
    /// Outpatient group (case type 7).
    pub outpatient: Option<GroupCode>,
    /// Higher wins.
    pub rank: i32,
    /// Row.
    pub source: Source,
}

/// A row of `neonates.tsv`.
#[derive(Clone, Debug)]
pub struct NeonateRow {
    /// Lowest birth weight, grams.
    pub min_grams: u32,
    /// Highest birth weight, grams.
    pub max_grams: u32,
    /// Procedures one of which must be coded (empty = no condition).
    pub procedures: Vec<CodeSpec>,
    /// Diagnoses one of which must be coded (empty = no condition).
    pub diagnoses: Vec<CodeSpec>,
    /// True when the row needs a discharge by death or referral.
    pub died_or_referred: bool,
    /// Inpatient group (case type 8).
    pub inpatient: Option<GroupCode>,
    /// Outpatient group (case type 9).
    pub outpatient: Option<GroupCode>,
    /// Row.
    pub source: Source,
}

/// A row of `procedure_conflicts.tsv`: a principal diagnosis with an operating-room procedure
/// of another body system that E-Klaim does not group (an obstetric principal with a hip
/// replacement: "NO CBG ASSIGN").
#[derive(Clone, Debug)]
pub struct ConflictRow {
    /// Principal diagnoses.
    pub principal: Vec<CodeSpec>,
    /// Procedures; empty (`*`) = any procedure of another body system that would decide the group.
    pub procedures: Vec<CodeSpec>,
    /// The error group.
    pub group: GroupCode,
    /// Reason, Indonesian.
    pub reason_id: String,
    /// Reason, English.
    pub reason_en: String,
    /// Row.
    pub source: Source,
}

/// A row of `severity.tsv`.
#[derive(Clone, Debug)]
pub struct SeverityRow {
    /// Secondary diagnoses.
    pub codes: Vec<CodeSpec>,
    /// 1 (no effect), 2 (sedang) or 3 (berat).
    pub level: u8,
    /// Kind of condition, Indonesian.
    pub label_id: String,
    /// Kind of condition, English.
    pub label_en: String,
    /// Row.
    pub source: Source,
}

/// A row of `exclusions.tsv`.
#[derive(Clone, Debug)]
pub struct ExclusionRow {
    /// Principal diagnoses.
    pub principal: Vec<CodeSpec>,
    /// Secondary diagnoses that do not count as comorbidity with them.
    pub secondary: Vec<CodeSpec>,
    /// Row.
    pub source: Source,
}

/// A row of `special.tsv`.
#[derive(Clone, Debug)]
pub struct SpecialRow {
    /// Option code (`YY01`, `RR04Hip`, `DD05`).
    pub option: String,
    /// The kind of option.
    pub kind: SpecialKind,
    /// Procedures, any of which triggers (empty = no condition).
    pub procedures: Vec<CodeSpec>,
    /// Diagnoses, any of which triggers (empty = no condition).
    pub diagnoses: Vec<CodeSpec>,
    /// The setting it applies to (`any`, `inpatient`, `outpatient`).
    pub setting: Settings,
    /// Least length of stay, days.
    pub min_los: Option<u32>,
    /// Description, Indonesian.
    pub description_id: String,
    /// Description, English.
    pub description_en: String,
    /// Row.
    pub source: Source,
}

/// A whole definition set.
#[derive(Clone, Debug, Default)]
pub struct Tables {
    /// `meta.tsv` key → value.
    pub meta: HashMap<String, String>,
    /// CMGs.
    pub cmgs: Vec<CmgDef>,
    /// Groups by code.
    pub groups: HashMap<String, GroupDef>,
    /// Groups in file order.
    pub group_order: Vec<String>,
    /// Principal-diagnosis errors.
    pub principal_errors: Vec<PrincipalError>,
    /// Diagnoses.
    pub diagnoses: Vec<DiagnosisRow>,
    /// Procedures.
    pub procedures: Vec<ProcedureRow>,
    /// Deliveries.
    pub deliveries: Vec<DeliveryRow>,
    /// Neonates.
    pub neonates: Vec<NeonateRow>,
    /// Severity.
    pub severity: Vec<SeverityRow>,
    /// Exclusions.
    pub exclusions: Vec<ExclusionRow>,
    /// Special CMG options.
    pub special: Vec<SpecialRow>,
    /// Principal/procedure pairs that are not grouped.
    pub conflicts: Vec<ConflictRow>,
    /// Every code spec with where it is: (file, line, column, is_procedure, spec).
    pub spec_refs: Vec<(&'static str, usize, &'static str, bool, String)>,
}

/// The files of format v1 and their required columns.
pub const FILES: &[(&str, &[&str])] = &[
    ("meta.tsv", &["key", "value"]),
    ("cmgs.tsv", &["cmg", "kind", "name_id", "name_en", "basis"]),
    ("groups.tsv", &["cbg", "description_id", "description_en", "basis"]),
    ("principal_errors.tsv", &["codes", "cbg", "reason_id", "reason_en", "basis"]),
    ("diagnoses.tsv", &["codes", "cmg", "inpatient", "outpatient", "confidence", "basis"]),
    ("procedures.tsv", &["cmg", "procedures", "inpatient", "outpatient", "rank", "basis"]),
    ("deliveries.tsv", &["trigger", "codes", "inpatient", "outpatient", "rank", "basis"]),
    (
        "neonates.tsv",
        &["min_grams", "max_grams", "procedures", "diagnoses", "discharge", "inpatient", "outpatient", "basis"],
    ),
    ("severity.tsv", &["codes", "level", "label_id", "label_en", "basis"]),
    ("exclusions.tsv", &["principal", "secondary", "basis"]),
    ("procedure_conflicts.tsv", &["principal", "procedures", "cbg", "reason_id", "reason_en", "basis"]),
    (
        "special.tsv",
        &[
            "option",
            "type",
            "procedures",
            "diagnoses",
            "setting",
            "min_los",
            "description_id",
            "description_en",
            "basis",
        ],
    ),
];

/// Files a definition set may leave out (added after format 1 was first published).
pub const OPTIONAL_FILES: &[&str] = &["procedure_conflicts.tsv"];

/// Most problems reported for one text.
const MAX_PROBLEMS: usize = 50;

struct RawFile<'a> {
    name: &'static str,
    header: Option<(usize, Vec<&'a str>)>,
    rows: Vec<(usize, Vec<&'a str>)>,
}

/// Splits the text into files and parses them. Every problem names the file and line.
pub fn parse(text: &str) -> Result<Tables, Vec<TableError>> {
    let mut problems = Vec::new();
    let mut files: Vec<RawFile<'_>> = Vec::new();
    let mut line_in_file = 0usize;
    for raw in text.lines() {
        let line = raw.trim_end_matches('\r');
        if let Some(name) = line.strip_prefix("@file") {
            let name = name.trim();
            match FILES.iter().find(|(f, _)| *f == name) {
                Some((f, _)) if files.iter().any(|x| x.name == *f) => {
                    problems.push(err(name, 0, "file given twice".into()));
                    files.push(RawFile { name: f, header: None, rows: Vec::new() });
                }
                Some((f, _)) => files.push(RawFile { name: f, header: None, rows: Vec::new() }),
                None => {
                    let known: Vec<&str> = FILES.iter().map(|(f, _)| *f).collect();
                    problems.push(err(
                        &short(name),
                        0,
                        format!("unknown file; a definition set has the files {}", known.join(", ")),
                    ));
                    files.push(RawFile { name: "(unknown)", header: None, rows: Vec::new() });
                }
            }
            line_in_file = 0;
            continue;
        }
        line_in_file += 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some(f) = files.last_mut() else {
            problems.push(err("(text)", line_in_file, "text before the first `@file NAME.tsv` line".into()));
            if problems.len() >= MAX_PROBLEMS {
                return Err(problems);
            }
            continue;
        };
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if f.header.is_none() {
            f.header = Some((line_in_file, fields));
        } else {
            f.rows.push((line_in_file, fields));
        }
    }
    let mut t = Tables::default();
    for (name, _) in FILES {
        if !files.iter().any(|f| f.name == *name) && !OPTIONAL_FILES.contains(name) {
            problems.push(err(name, 0, "file missing from the definition set".into()));
        }
    }
    // Groups and CMGs first: the other tables refer to them.
    let order = |n: &str| match n {
        "meta.tsv" => 0,
        "cmgs.tsv" => 1,
        "groups.tsv" => 2,
        _ => 3,
    };
    files.sort_by_key(|f| order(f.name));
    for f in &files {
        if f.name == "(unknown)" {
            continue;
        }
        let Some(cols) = FILES.iter().find(|(n, _)| *n == f.name).map(|(_, c)| *c) else { continue };
        let Some((hline, header)) = &f.header else {
            problems.push(err(f.name, 0, "no header line".into()));
            continue;
        };
        let mut idx = Vec::new();
        for c in cols {
            match header.iter().position(|h| h == c) {
                Some(i) => idx.push(i),
                None => {
                    problems.push(err(f.name, *hline, format!("missing column `{c}` (header: {})", header.join(" | "))))
                }
            }
        }
        if idx.len() != cols.len() {
            continue;
        }
        for (line, row) in &f.rows {
            if row.len() != header.len() {
                problems.push(err(f.name, *line, format!("{} fields, the header has {}", row.len(), header.len())));
                continue;
            }
            let get = |i: usize| row[idx[i]];
            let evidence =
                cols.iter().position(|c| *c == "basis").map_or(Evidence::Inferred, |i| Evidence::of_basis(get(i)));
            if let Err(m) = t.add_row(Source { file: f.name, line: *line, evidence }, &get) {
                problems.push(err(f.name, *line, m));
            }
            if problems.len() >= MAX_PROBLEMS {
                return Err(problems);
            }
        }
    }
    match t.meta.get("format").map(String::as_str) {
        Some(v) if v == FORMAT_VERSION.to_string() => {}
        Some(v) => problems.push(err(
            "meta.tsv",
            0,
            format!("format {v} is not supported; this engine reads format {FORMAT_VERSION}"),
        )),
        None => problems.push(err("meta.tsv", 0, "no `format` row".into())),
    }
    if t.meta.get("version").is_none_or(|v| v.is_empty()) {
        problems.push(err("meta.tsv", 0, "no `version` row".into()));
    }
    if problems.is_empty() {
        for g in ENGINE_ERRORS {
            if !t.groups.contains_key(*g) {
                problems.push(err("groups.tsv", 0, format!("the engine's error group {g} is not defined")));
            }
        }
    }
    if problems.is_empty() {
        Ok(t)
    } else {
        problems.truncate(MAX_PROBLEMS);
        Err(problems)
    }
}

fn err(file: &str, line: usize, message: String) -> TableError {
    TableError { file: file.to_string(), line, message }
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

impl Tables {
    /// Number of definition rows (diagnoses, procedures, deliveries, neonates, severity,
    /// exclusions, special CMGs, principal errors).
    pub fn row_count(&self) -> usize {
        self.diagnoses.len()
            + self.procedures.len()
            + self.deliveries.len()
            + self.neonates.len()
            + self.severity.len()
            + self.exclusions.len()
            + self.special.len()
            + self.principal_errors.len()
            + self.conflicts.len()
    }

    fn specs(
        &mut self,
        file: &'static str,
        line: usize,
        col: &'static str,
        procedure: bool,
        v: &str,
        required: bool,
    ) -> Result<Vec<CodeSpec>, String> {
        let specs = CodeSpec::parse_list(v);
        if required && specs.is_empty() {
            return Err(format!("`{col}` is empty"));
        }
        for s in &specs {
            if s.from.is_empty() || s.to.is_empty() || s.from > s.to {
                return Err(format!("`{col}`: `{s}` is not a code, category or range FROM-TO"));
            }
            self.spec_refs.push((file, line, col, procedure, s.to_string()));
        }
        Ok(specs)
    }

    /// A group reference: empty → None; otherwise it must be defined in `groups.tsv` and of
    /// one of the allowed case types (X groups are allowed anywhere).
    fn group(&self, col: &str, v: &str, case_types: &[u8]) -> Result<Option<GroupCode>, String> {
        if v.is_empty() || v == "-" {
            return Ok(None);
        }
        let g =
            GroupCode::parse(v).ok_or_else(|| format!("`{col}`: `{}` is not a group code like J-4-16", short(v)))?;
        if !self.groups.contains_key(&g.to_string()) {
            return Err(format!("`{col}`: group {g} is not defined in groups.tsv"));
        }
        if !g.is_error() && !case_types.contains(&g.case_type) {
            let allowed: Vec<String> = case_types.iter().map(u8::to_string).collect();
            return Err(format!("`{col}`: group {g} has case type {}; expected {}", g.case_type, allowed.join(" or ")));
        }
        Ok(Some(g))
    }

    fn cmg_known(&self, c: &str) -> Result<(), String> {
        if self.cmgs.iter().any(|x| x.cmg == c) {
            Ok(())
        } else {
            Err(format!("CMG `{}` is not defined in cmgs.tsv", short(c)))
        }
    }

    fn add_row<'r>(&mut self, source: Source, get: &dyn Fn(usize) -> &'r str) -> Result<(), String> {
        let (file, line) = (source.file, source.line);
        match file {
            "meta.tsv" => {
                self.meta.insert(get(0).to_string(), get(1).to_string());
            }
            "cmgs.tsv" => {
                let kind = CmgKind::parse(get(1)).ok_or("`kind` must be body_system, special or error")?;
                if get(0).is_empty() || !get(0).bytes().all(|b| b.is_ascii_uppercase()) || get(0).len() > 2 {
                    return Err("`cmg` must be one or two capital letters".into());
                }
                self.cmgs.push(CmgDef { cmg: get(0).into(), kind, name_id: get(2).into(), name_en: get(3).into() });
            }
            "groups.tsv" => {
                let code = GroupCode::parse(get(0))
                    .ok_or_else(|| format!("`cbg`: `{}` is not a group code like J-4-16", short(get(0))))?;
                self.cmg_known(&code.cmg)?;
                if get(1).is_empty() {
                    return Err("`description_id` is empty".into());
                }
                let key = code.to_string();
                if self.groups.contains_key(&key) {
                    return Err(format!("group {key} defined twice"));
                }
                self.group_order.push(key.clone());
                self.groups.insert(
                    key,
                    GroupDef { code, description_id: get(1).into(), description_en: get(2).into(), source },
                );
            }
            "principal_errors.tsv" => {
                let codes = self.specs(file, line, "codes", false, get(0), true)?;
                let group = self.group("cbg", get(1), &[])?.ok_or("`cbg` is empty")?;
                if !group.is_error() {
                    return Err("`cbg` must be an error group (X-0-..)".into());
                }
                self.principal_errors.push(PrincipalError {
                    codes,
                    group,
                    reason_id: get(2).into(),
                    reason_en: get(3).into(),
                    source,
                });
            }
            "diagnoses.tsv" => {
                let codes = self.specs(file, line, "codes", false, get(0), true)?;
                self.cmg_known(get(1))?;
                let inpatient = self.group("inpatient", get(2), &[4])?;
                let outpatient = self.group("outpatient", get(3), &[3, 5])?;
                if let Some(g) = inpatient.as_ref().filter(|g| !g.is_error()) {
                    if g.cmg != get(1) {
                        return Err(format!("`inpatient` group {g} is not of CMG {}", get(1)));
                    }
                }
                let confidence = match get(4) {
                    "high" => Confidence::High,
                    "medium" => Confidence::Medium,
                    "low" => Confidence::Low,
                    _ => return Err("`confidence` must be high, medium or low".into()),
                };
                self.diagnoses.push(DiagnosisRow {
                    codes,
                    cmg: get(1).into(),
                    inpatient,
                    outpatient,
                    confidence,
                    source,
                });
            }
            "procedures.tsv" => {
                let cmgs: Vec<String> = if get(0) == "*" {
                    Vec::new()
                } else {
                    get(0).split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
                };
                if get(0) != "*" && cmgs.is_empty() {
                    return Err("`cmg` is empty (use * for every CMG)".into());
                }
                for c in &cmgs {
                    self.cmg_known(c)?;
                }
                let procedures = self.specs(file, line, "procedures", true, get(1), true)?;
                let inpatient = self.group("inpatient", get(2), &[1])?;
                let outpatient = self.group("outpatient", get(3), &[2, 3])?;
                let rank = get(4).parse::<i32>().map_err(|_| "`rank` must be a whole number".to_string())?;
                self.procedures.push(ProcedureRow { cmgs, procedures, inpatient, outpatient, rank, source });
            }
            "deliveries.tsv" => {
                let trigger = match get(0) {
                    "procedure" => DeliveryTrigger::Procedure,
                    "diagnosis" => DeliveryTrigger::Diagnosis,
                    "modifier" => DeliveryTrigger::Modifier,
                    _ => return Err("`trigger` must be procedure, diagnosis or modifier".into()),
                };
                let procedure = trigger != DeliveryTrigger::Diagnosis;
                let codes = self.specs(file, line, "codes", procedure, get(1), true)?;
                let inpatient = self.group("inpatient", get(2), &[6])?;
                let outpatient = self.group("outpatient", get(3), &[7])?;
                let rank = get(4).parse::<i32>().map_err(|_| "`rank` must be a whole number".to_string())?;
                self.deliveries.push(DeliveryRow { trigger, codes, inpatient, outpatient, rank, source });
            }
            "neonates.tsv" => {
                let grams = |i: usize, col: &str| {
                    get(i).parse::<u32>().map_err(|_| format!("`{col}` must be a whole number of grams"))
                };
                let (min_grams, max_grams) = (grams(0, "min_grams")?, grams(1, "max_grams")?);
                if min_grams > max_grams {
                    return Err("`min_grams` is above `max_grams`".into());
                }
                let procedures = self.specs(file, line, "procedures", true, get(2), false)?;
                let diagnoses = self.specs(file, line, "diagnoses", false, get(3), false)?;
                let died_or_referred = match get(4) {
                    "any" | "" => false,
                    "died_or_referred" => true,
                    _ => return Err("`discharge` must be any or died_or_referred".into()),
                };
                let inpatient = self.group("inpatient", get(5), &[8])?;
                let outpatient = self.group("outpatient", get(6), &[9])?;
                self.neonates.push(NeonateRow {
                    min_grams,
                    max_grams,
                    procedures,
                    diagnoses,
                    died_or_referred,
                    inpatient,
                    outpatient,
                    source,
                });
            }
            "severity.tsv" => {
                let codes = self.specs(file, line, "codes", false, get(0), true)?;
                let level = match get(1) {
                    "1" => 1,
                    "2" => 2,
                    "3" => 3,
                    _ => return Err("`level` must be 1, 2 or 3".into()),
                };
                self.severity.push(SeverityRow {
                    codes,
                    level,
                    label_id: get(2).into(),
                    label_en: get(3).into(),
                    source,
                });
            }
            "procedure_conflicts.tsv" => {
                let principal = self.specs(file, line, "principal", false, get(0), true)?;
                let procedures =
                    if get(1) == "*" { Vec::new() } else { self.specs(file, line, "procedures", true, get(1), true)? };
                let group = self.group("cbg", get(2), &[])?.ok_or("`cbg` is empty")?;
                if !group.is_error() {
                    return Err("`cbg` must be an error group (X-0-..)".into());
                }
                self.conflicts.push(ConflictRow {
                    principal,
                    procedures,
                    group,
                    reason_id: get(3).into(),
                    reason_en: get(4).into(),
                    source,
                });
            }
            "exclusions.tsv" => {
                let principal = self.specs(file, line, "principal", false, get(0), true)?;
                let secondary = self.specs(file, line, "secondary", false, get(1), true)?;
                self.exclusions.push(ExclusionRow { principal, secondary, source });
            }
            "special.tsv" => {
                let option = get(0);
                if option.is_empty() || option.len() > 16 || !option.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    return Err("`option` must be 1–16 letters and digits (YY01, RR04Hip)".into());
                }
                let kind = SpecialKind::parse(get(1)).ok_or("`type` must be special_procedure, special_prosthesis, special_investigation, special_drug, subacute or chronic")?;
                let procedures = self.specs(file, line, "procedures", true, get(2), false)?;
                let diagnoses = self.specs(file, line, "diagnoses", false, get(3), false)?;
                if procedures.is_empty() && diagnoses.is_empty() {
                    return Err("a special CMG needs trigger `procedures` or `diagnoses`".into());
                }
                let setting = Settings::parse(get(4)).ok_or("`setting` must be any, inpatient or outpatient")?;
                let min_los = match get(5) {
                    "" => None,
                    v => Some(v.parse::<u32>().map_err(|_| "`min_los` must be a whole number of days".to_string())?),
                };
                self.special.push(SpecialRow {
                    option: option.into(),
                    kind,
                    procedures,
                    diagnoses,
                    setting,
                    min_los,
                    description_id: get(6).into(),
                    description_en: get(7).into(),
                    source,
                });
            }
            _ => {}
        }
        Ok(())
    }

    /// Every group code (with severity) the tables can produce.
    pub fn producible_codes(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut push = |g: &GroupCode| {
            if g.is_error() {
                out.push(format!("{g}-X"));
            } else if g.has_severity() {
                for s in ["I", "II", "III"] {
                    out.push(format!("{g}-{s}"));
                }
            } else {
                out.push(format!("{g}-0"));
            }
        };
        for r in &self.principal_errors {
            push(&r.group);
        }
        for r in &self.conflicts {
            push(&r.group);
        }
        for r in &self.diagnoses {
            r.inpatient.iter().chain(r.outpatient.iter()).for_each(&mut push);
        }
        for r in &self.procedures {
            r.inpatient.iter().chain(r.outpatient.iter()).for_each(&mut push);
        }
        for r in &self.deliveries {
            r.inpatient.iter().chain(r.outpatient.iter()).for_each(&mut push);
        }
        for r in &self.neonates {
            r.inpatient.iter().chain(r.outpatient.iter()).for_each(&mut push);
        }
        for g in ENGINE_ERRORS {
            if let Some(g) = GroupCode::parse(g) {
                push(&g);
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

/// Error groups the engine itself can return (they must be defined in `groups.tsv`).
pub const ENGINE_ERRORS: &[&str] = &[
    "X-0-04", "X-0-06", "X-0-07", "X-0-08", "X-0-10", "X-0-11", "X-0-12", "X-0-13", "X-0-14", "X-0-15", "X-0-18",
    "X-0-19", "X-0-20", "X-0-94", "X-0-95", "X-0-96", "X-0-99",
];

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = include_str!("../tests/fixtures/tiny_grouper.txt");

    fn problems(text: &str) -> Vec<(String, usize)> {
        parse(text).err().unwrap_or_default().into_iter().map(|e| (e.file, e.line)).collect()
    }

    #[test]
    fn the_smallest_set_parses_with_its_rows_and_evidence() {
        let t = parse(TINY).unwrap_or_else(|p| panic!("{:?}", p.iter().map(ToString::to_string).collect::<Vec<_>>()));
        assert_eq!(t.meta.get("version").map(String::as_str), Some("tiny-1"));
        assert_eq!((t.cmgs.len(), t.groups.len(), t.diagnoses.len(), t.severity.len()), (2, 19, 1, 1));
        assert_eq!(t.group_order[..2], ["J-4-16", "J-5-15"]);
        assert_eq!(t.diagnoses[0].source.evidence, Evidence::Outcome);
        assert_eq!(t.severity[0].source.evidence, Evidence::Inferred);
        // Lines are counted inside each file: the diagnosis row is line 2 of diagnoses.tsv.
        assert_eq!((t.diagnoses[0].source.file, t.diagnoses[0].source.line), ("diagnoses.tsv", 2));
    }

    #[test]
    fn a_cmg_kind_is_one_of_the_closed_list_and_nothing_else() {
        let t = parse(TINY).unwrap_or_default();
        let kinds: Vec<(&str, CmgKind)> = t.cmgs.iter().map(|c| (c.cmg.as_str(), c.kind)).collect();
        assert_eq!(kinds, [("J", CmgKind::BodySystem), ("X", CmgKind::Error)]);
        for k in CmgKind::ALL {
            assert_eq!(CmgKind::parse(k.name()), Some(k));
        }
        // The kind is refused on its own line (line 2 of cmgs.tsv), in any other spelling.
        for bad in ["Body_System", "body-system", ""] {
            let text = TINY.replace("J\tbody_system\t", &format!("J\t{bad}\t"));
            let p = parse(&text).err().unwrap_or_default();
            let first = p.first().map(|e| (e.file.as_str(), e.line, e.message.contains("`kind` must be")));
            assert_eq!(first, Some(("cmgs.tsv", 2, true)), "{bad:?}: {p:?}");
        }
    }

    #[test]
    fn every_problem_names_its_file_and_line() {
        // A row with a field too few, and a file given twice.
        let short_row = TINY.replace("J12-J18\tJ\tJ-4-16\tJ-5-15\thigh\toutcome: EKX-01", "J12-J18\tJ\tJ-4-16");
        assert_eq!(problems(&short_row), [("diagnoses.tsv".to_string(), 2)]);
        let twice = format!("{TINY}@file meta.tsv\nkey\tvalue\n");
        assert!(problems(&twice).contains(&("meta.tsv".to_string(), 0)), "{:?}", problems(&twice));
        // A missing file, an unknown file, and text before the first file.
        let missing = TINY.replace("@file severity.tsv", "@file nonsense.tsv");
        let p = problems(&missing);
        assert!(p.contains(&("severity.tsv".to_string(), 0)) && p.contains(&("nonsense.tsv".to_string(), 0)), "{p:?}");
        assert_eq!(problems(&format!("stray\n{TINY}")), [("(text)".to_string(), 1)]);
    }
}
