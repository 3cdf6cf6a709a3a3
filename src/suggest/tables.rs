//! The data tables of `suggest` (`data/suggest/*.tsv`, plus the team's symptom table of the
//! claim checks), parsed once.

use super::{Context, QualifierKind};
use crate::checks::claim::Setting;
use crate::codespec::CodeSpec;
use crate::error::Error;
use std::collections::HashMap;
use std::sync::OnceLock;

const CUES: &str = include_str!("../../data/suggest/cues.tsv");
const COMBINATIONS: &str = include_str!("../../data/suggest/combinations.tsv");
const STATUS: &str = include_str!("../../data/suggest/status.tsv");
const REFINEMENTS: &str = include_str!("../../data/suggest/refinements.tsv");
const REGIONS: &str = include_str!("../../data/suggest/body_regions.tsv");
const REGION_CODES: &str = include_str!("../../data/suggest/region_codes.tsv");

/// What a cue word does (the `kind` column of `cues.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cue {
    Split,
    With,
    Etiology,
    Indication,
    Post,
    PostOp,
    Status,
    Suspected,
    Differential,
    History,
    Family,
    Negation,
    NegationKeep,
    NegationDrop,
    Stage,
    Grade,
    Nyha,
    Score,
    Ordinal,
    Unit(QualifierKind),
    UnitKg,
    More,
    Less,
    Positive,
    Negative,
    Context(Context),
    Elective,
    Emergency,
    Twins,
    Stillbirth,
    ProcedureLabel,
    Modifier,
    Filler,
    Ignore,
    Past,
    Action,
    Vague,
    Vaccination,
    Treatment,
    Closed,
    Open,
    /// A body region of `body_regions.tsv` (0 head … 9 ankle and foot).
    Site(u8),
}

impl Cue {
    fn parse(kind: &str) -> Option<Cue> {
        use QualifierKind as Q;
        Some(match kind {
            "split" => Cue::Split,
            "with" => Cue::With,
            "etiology" => Cue::Etiology,
            "indication" => Cue::Indication,
            "post" => Cue::Post,
            "post_op" => Cue::PostOp,
            "status" => Cue::Status,
            "suspected" => Cue::Suspected,
            "differential" => Cue::Differential,
            "history" => Cue::History,
            "family" => Cue::Family,
            "negation" => Cue::Negation,
            "negation_keep" => Cue::NegationKeep,
            "negation_drop" => Cue::NegationDrop,
            "stage" => Cue::Stage,
            "grade" => Cue::Grade,
            "nyha" => Cue::Nyha,
            "score" => Cue::Score,
            "ordinal" => Cue::Ordinal,
            "unit_weeks" => Cue::Unit(Q::Weeks),
            "unit_hours" => Cue::Unit(Q::Hours),
            "unit_days" => Cue::Unit(Q::Days),
            "unit_count" => Cue::Unit(Q::Count),
            "unit_grams" => Cue::Unit(Q::Grams),
            "unit_kg" => Cue::UnitKg,
            "more" => Cue::More,
            "less" => Cue::Less,
            "positive" => Cue::Positive,
            "negative" => Cue::Negative,
            "pregnancy" => Cue::Context(Context::Pregnancy),
            "labour" => Cue::Context(Context::Labour),
            "delivery" => Cue::Context(Context::Delivery),
            "puerperium" => Cue::Context(Context::Puerperium),
            "newborn" => Cue::Context(Context::Newborn),
            "elective" => Cue::Elective,
            "emergency" => Cue::Emergency,
            "twins" => Cue::Twins,
            "stillbirth" => Cue::Stillbirth,
            "procedure_label" => Cue::ProcedureLabel,
            "modifier" => Cue::Modifier,
            "filler" => Cue::Filler,
            "ignore" => Cue::Ignore,
            "action" => Cue::Action,
            "vaccination" => Cue::Vaccination,
            "vague" => Cue::Vague,
            "treatment" => Cue::Treatment,
            "closed" => Cue::Closed,
            "open" => Cue::Open,
            "unit_stitches" => Cue::Unit(Q::Stitches),
            "past" => Cue::Past,
            _ => return None,
        })
    }

    /// True for the unit kinds (read only after a number).
    pub fn is_unit(self) -> bool {
        matches!(self, Cue::Unit(_) | Cue::UnitKg)
    }
}

/// Which matched codes a combination keeps beside its result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Keep {
    None,
    A,
    B,
    Both,
}

/// When a `combinations.tsv` row applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RowContext {
    /// Any line (two codes, or one code when `codes_b` is empty).
    Any,
    /// A pregnancy, delivery or puerperium line (one code).
    Pregnancy,
    /// A newborn's line (one code).
    Newborn,
}

/// One row of `combinations.tsv`.
#[derive(Clone, Debug)]
pub(crate) struct Combination {
    pub id: String,
    pub context: RowContext,
    pub setting: Option<Setting>,
    pub a: Vec<CodeSpec>,
    pub b: Vec<CodeSpec>,
    pub stated: bool,
    pub result: Vec<String>,
    pub keep: Keep,
    pub principal: bool,
    pub basis: String,
}

/// The cue of a `status.tsv` row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StatusCue {
    History,
    Family,
    Post,
    PostOp,
    Status,
}

/// What a `status.tsv` row proposes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum StatusResult {
    /// This code instead of the matched one.
    Code(String),
    /// The matched code as it is (`=`).
    Same,
    /// Nothing (`-`).
    Nothing,
}

/// One row of `status.tsv`.
#[derive(Clone, Debug)]
pub(crate) struct StatusRow {
    pub id: String,
    pub cue: StatusCue,
    pub pregnancy: bool,
    pub setting: Option<Setting>,
    pub codes: Vec<CodeSpec>,
    pub result: StatusResult,
    pub basis: String,
}

/// One row of `refinements.tsv`.
#[derive(Clone, Debug)]
pub(crate) struct Refinement {
    pub id: String,
    pub codes: Vec<CodeSpec>,
    pub qualifier: QualifierKind,
    pub min: u32,
    pub max: u32,
    pub add: bool,
    pub result: String,
    pub basis: String,
}

/// One row of `region_codes.tsv`: a code of an unspecified site and the code of a written region.
#[derive(Clone, Debug)]
pub(crate) struct RegionRow {
    pub id: String,
    pub codes: Vec<CodeSpec>,
    pub regions: Vec<u8>,
    pub result: String,
    pub basis: String,
}

/// One row of the claim checks' symptom table: a symptom explained by a definitive diagnosis.
#[derive(Clone, Debug)]
pub(crate) struct SymptomRow {
    pub id: String,
    pub symptoms: Vec<CodeSpec>,
    pub definitive: Vec<CodeSpec>,
}

/// All tables.
pub(crate) struct Tables {
    pub cues: HashMap<String, Vec<Cue>>,
    pub max_cue_words: usize,
    pub combinations: Vec<Combination>,
    pub status: Vec<StatusRow>,
    pub refinements: Vec<Refinement>,
    pub regions: Vec<RegionRow>,
    pub symptoms: Vec<SymptomRow>,
}

impl Tables {
    /// The tables, parsed on first use.
    pub fn get() -> Result<&'static Tables, Error> {
        static TABLES: OnceLock<Result<Tables, Error>> = OnceLock::new();
        TABLES.get_or_init(Tables::parse).as_ref().map_err(Clone::clone)
    }

    fn parse() -> Result<Tables, Error> {
        let mut cues: HashMap<String, Vec<Cue>> = HashMap::new();
        let mut max_cue_words = 1;
        for row in rows("suggest/cues.tsv", CUES)? {
            let term = row.get("term")?;
            let kind = row.get("kind")?;
            let cue = Cue::parse(kind).ok_or_else(|| row.bad(&format!("kind {kind}")))?;
            max_cue_words = max_cue_words.max(term.split(' ').count());
            cues.entry(term.to_string()).or_default().push(cue);
        }
        for row in rows("suggest/body_regions.tsv", REGIONS)? {
            let term = row.get("term")?;
            let region: u8 =
                row.get("region")?.parse().ok().filter(|r| *r <= 9).ok_or_else(|| row.bad("region 0-9"))?;
            max_cue_words = max_cue_words.max(term.split(' ').count());
            cues.entry(term.to_string()).or_default().push(Cue::Site(region));
        }
        Ok(Tables {
            cues,
            max_cue_words,
            combinations: rows("suggest/combinations.tsv", COMBINATIONS)?
                .iter()
                .map(combination)
                .collect::<Result<_, _>>()?,
            status: rows("suggest/status.tsv", STATUS)?.iter().map(status).collect::<Result<_, _>>()?,
            refinements: rows("suggest/refinements.tsv", REFINEMENTS)?
                .iter()
                .map(refinement)
                .collect::<Result<_, _>>()?,
            regions: rows("suggest/region_codes.tsv", REGION_CODES)?.iter().map(region).collect::<Result<_, _>>()?,
            symptoms: symptom_rows(),
        })
    }

    /// The cue kinds of a folded term, if it is one.
    pub fn cue(&self, term: &str) -> Option<&[Cue]> {
        self.cues.get(term).map(Vec::as_slice)
    }

    /// True for a word that names a procedure: an `action` cue, or a word ending like one
    /// ("apendektomi", "laparotomi", "herniorafi", "fisioterapi").
    pub fn is_action(&self, word: &str) -> bool {
        const ENDINGS: [&str; 9] = ["tomi", "stomi", "plasti", "pexi", "skopi", "grafi", "rafi", "terapi", "sintesis"];
        self.cue(word).is_some_and(|k| k.contains(&Cue::Action) || k.contains(&Cue::Vaccination))
            || (word.len() > 6 && ENDINGS.iter().any(|e| word.ends_with(e)))
    }
}

/// One data row with its header, for reading columns by name.
struct Row<'a> {
    file: &'static str,
    line: usize,
    header: std::rc::Rc<Vec<&'a str>>,
    cells: Vec<&'a str>,
}

impl<'a> Row<'a> {
    fn get(&self, column: &str) -> Result<&'a str, Error> {
        let i =
            self.header.iter().position(|h| *h == column).ok_or_else(|| self.bad(&format!("no column {column}")))?;
        Ok(self.cells.get(i).map_or("", |c| c.trim()))
    }

    fn bad(&self, what: &str) -> Error {
        Error::DataCorruption(format!("data/{}:{}: {what}", self.file, self.line))
    }
}

/// The data rows of a TSV table (comments and blank lines skipped, first line the header).
fn rows(file: &'static str, text: &'static str) -> Result<Vec<Row<'static>>, Error> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());
    let (_, header) = lines.next().ok_or_else(|| Error::DataCorruption(format!("data/{file}: empty")))?;
    let header = std::rc::Rc::new(header.split('\t').collect::<Vec<_>>());
    Ok(lines.map(|(i, l)| Row { file, line: i + 1, header: header.clone(), cells: l.split('\t').collect() }).collect())
}

/// The symptom rules of the claim checks (`data/rules/symptom_with_definitive.tsv`), read from
/// their rule book so that a proposal never carries what the checks would flag.
fn symptom_rows() -> Vec<SymptomRow> {
    use crate::checks::rules::{Logic, RuleBook};
    RuleBook::get()
        .rules
        .iter()
        .filter_map(|r| match &r.logic {
            Logic::SymptomWithDefinitive { symptoms, definitive } => {
                Some(SymptomRow { id: r.text.id.clone(), symptoms: symptoms.clone(), definitive: definitive.clone() })
            }
            _ => None,
        })
        .collect()
}

fn setting(row: &Row<'_>) -> Result<Option<Setting>, Error> {
    match row.get("setting")? {
        "any" => Ok(None),
        "inpatient" => Ok(Some(Setting::Inpatient)),
        "outpatient" => Ok(Some(Setting::Outpatient)),
        other => Err(row.bad(&format!("setting {other}"))),
    }
}

fn pregnancy(row: &Row<'_>) -> Result<bool, Error> {
    match row.get("context")? {
        "any" => Ok(false),
        "pregnancy" => Ok(true),
        other => Err(row.bad(&format!("context {other}"))),
    }
}

fn combination(row: &Row<'_>) -> Result<Combination, Error> {
    let keep = match row.get("keep")? {
        "none" => Keep::None,
        "a" => Keep::A,
        "b" => Keep::B,
        "both" => Keep::Both,
        other => return Err(row.bad(&format!("keep {other}"))),
    };
    let stated = match row.get("link")? {
        "line" => false,
        "stated" => true,
        other => return Err(row.bad(&format!("link {other}"))),
    };
    let result: Vec<String> =
        row.get("result")?.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    let a = CodeSpec::parse_list(row.get("codes_a")?);
    if result.is_empty() || a.is_empty() {
        return Err(row.bad("empty codes_a or result"));
    }
    let context = match row.get("context")? {
        "any" => RowContext::Any,
        "pregnancy" => RowContext::Pregnancy,
        "newborn" => RowContext::Newborn,
        other => return Err(row.bad(&format!("context {other}"))),
    };
    Ok(Combination {
        id: row.get("id")?.to_string(),
        context,
        setting: setting(row)?,
        a,
        b: CodeSpec::parse_list(row.get("codes_b")?),
        stated,
        result,
        keep,
        principal: row.get("principal")? == "yes",
        basis: row.get("basis")?.to_string(),
    })
}

fn status(row: &Row<'_>) -> Result<StatusRow, Error> {
    let cue = match row.get("cue")? {
        "history" => StatusCue::History,
        "family" => StatusCue::Family,
        "post" => StatusCue::Post,
        "post_op" => StatusCue::PostOp,
        "status" => StatusCue::Status,
        other => return Err(row.bad(&format!("cue {other}"))),
    };
    let result = match row.get("result")? {
        "=" => StatusResult::Same,
        "-" => StatusResult::Nothing,
        "" => return Err(row.bad("empty result")),
        code => StatusResult::Code(code.to_string()),
    };
    Ok(StatusRow {
        id: row.get("id")?.to_string(),
        cue,
        pregnancy: pregnancy(row)?,
        setting: setting(row)?,
        codes: CodeSpec::parse_list(row.get("codes")?),
        result,
        basis: row.get("basis")?.to_string(),
    })
}

fn region(row: &Row<'_>) -> Result<RegionRow, Error> {
    let mut regions = Vec::new();
    for part in row.get("regions")?.split(',') {
        let (a, b) = part.trim().split_once('-').unwrap_or((part.trim(), part.trim()));
        let (a, b): (u8, u8) = match (a.parse(), b.parse()) {
            (Ok(a), Ok(b)) if a <= b && b <= 9 => (a, b),
            _ => return Err(row.bad("regions: digits 0-9 or ranges")),
        };
        regions.extend(a..=b);
    }
    Ok(RegionRow {
        id: row.get("id")?.to_string(),
        codes: CodeSpec::parse_list(row.get("codes")?),
        regions,
        result: row.get("result")?.to_string(),
        basis: row.get("basis")?.to_string(),
    })
}

fn refinement(row: &Row<'_>) -> Result<Refinement, Error> {
    use QualifierKind as Q;
    let qualifier = match row.get("qualifier")? {
        "hours" => Q::Hours,
        "stage" => Q::Stage,
        "grade" => Q::Grade,
        "weeks" => Q::Weeks,
        "grams" => Q::Grams,
        "percent" => Q::Percent,
        other => return Err(row.bad(&format!("qualifier {other}"))),
    };
    let num = |c: &str| row.get(c)?.parse::<u32>().map_err(|_| row.bad(&format!("{c} is not a number")));
    Ok(Refinement {
        id: row.get("id")?.to_string(),
        codes: CodeSpec::parse_list(row.get("codes")?),
        qualifier,
        min: num("min")?,
        max: num("max")?,
        add: match row.get("action")? {
            "replace" => false,
            "add" => true,
            other => return Err(row.bad(&format!("action {other}"))),
        },
        result: row.get("result")?.to_string(),
        basis: row.get("basis")?.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, CodeSystem};

    fn valid(cat: &Catalog, code: &str) -> bool {
        [CodeSystem::Icd10, CodeSystem::Icd9cm].iter().any(|&s| cat.find(s, code).is_some())
    }

    fn spec_codes_exist(cat: &Catalog, specs: &[CodeSpec], what: &str) {
        for s in specs {
            assert!(valid(cat, &s.from) && valid(cat, &s.to), "{what}: {s} is not a code or category");
        }
    }

    #[test]
    fn every_table_parses_and_names_real_codes() {
        let t = Tables::get().unwrap();
        let cat = Catalog::embedded().unwrap();
        assert!(t.cue("ec").unwrap().contains(&Cue::Etiology));
        assert!(
            t.cue("gr").unwrap().contains(&Cue::Grade)
                && t.cue("gr").unwrap().contains(&Cue::Unit(QualifierKind::Grams))
        );
        for c in &t.combinations {
            spec_codes_exist(&cat, &c.a, &c.id);
            spec_codes_exist(&cat, &c.b, &c.id);
            assert!(c.context == RowContext::Any || c.b.is_empty(), "{}: context rows have no codes_b", c.id);
            for r in c.result.iter().filter(|r| !r.contains('{')) {
                assert!(valid(&cat, r), "{}: result {r}", c.id);
            }
        }
        for s in &t.status {
            spec_codes_exist(&cat, &s.codes, &s.id);
            if let StatusResult::Code(c) = &s.result {
                assert!(cat.find(CodeSystem::Icd10, c).is_some_and(|c| c.is_leaf()), "{}: {c}", s.id);
            }
        }
        for r in &t.regions {
            spec_codes_exist(&cat, &r.codes, &r.id);
            for region in &r.regions {
                let code = r.result.replace("{r}", &region.to_string()).replace("{a4}", "0");
                assert!(valid(&cat, &code), "{}: {code}", r.id);
            }
        }
        for r in &t.refinements {
            spec_codes_exist(&cat, &r.codes, &r.id);
            assert!(cat.find(CodeSystem::Icd10, &r.result).is_some_and(|c| c.is_leaf()), "{}", r.id);
            assert!(r.min <= r.max, "{}", r.id);
        }
        assert!(t.symptoms.len() > 20);
    }
}
