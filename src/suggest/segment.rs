//! A resume line split into conditions ("clauses") at separators and cue words, each with its
//! assertion, its link to the previous clause and the values written with it.

use super::lex::{self, Tok, Token};
use super::tables::{Cue, Tables};
use super::{Assertion, Context, Link, QualifierKind};

/// Most clauses read from one line (bounds the work of one call).
pub(crate) const MAX_CLAUSES: usize = 48;
/// Most words kept in one clause.
const MAX_CLAUSE_WORDS: usize = 12;

/// A word of a clause, as matching sees it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Word {
    pub norm: String,
    pub start: usize,
    pub end: usize,
    /// How much the word counts in matching: 1 a disease word, 0.5 a modifier ("akut"),
    /// 0 a context or filler word ("hamil", "pada") that is searched but need not match.
    pub weight: f32,
    /// A word too general to name a condition alone ("infeksi", "gangguan").
    pub vague: bool,
}

/// A value read from the line, with its byte span.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Qual {
    pub kind: QualifierKind,
    pub value: u32,
    pub more: Option<bool>,
    pub start: usize,
    pub end: usize,
}

/// One condition (or procedure) as written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Clause {
    pub words: Vec<Word>,
    pub quals: Vec<Qual>,
    pub assertion: Assertion,
    /// The link and the index of the clause it links to.
    pub link: Option<(Link, usize)>,
    /// Under a "tindakan:" label: procedures are preferred.
    pub procedure: bool,
    /// A negative test result is written ("(-)", "negatif").
    pub negative: bool,
    /// A word names a procedure ("ORIF", "eksisi", "apendektomi").
    pub action: bool,
    /// Body regions named (`body_regions.tsv`).
    pub regions: Vec<u8>,
    pub start: usize,
    pub end: usize,
}

impl Clause {
    fn new() -> Clause {
        Clause {
            words: Vec::new(),
            quals: Vec::new(),
            assertion: Assertion::Present,
            link: None,
            procedure: false,
            negative: false,
            action: false,
            regions: Vec::new(),
            start: usize::MAX,
            end: 0,
        }
    }

    fn is_empty(&self) -> bool {
        self.words.is_empty() && self.quals.is_empty()
    }

    fn extend(&mut self, start: usize, end: usize) {
        self.start = self.start.min(start);
        self.end = self.end.max(end);
    }

    /// The value of a qualifier of this clause.
    pub fn qual(&self, kind: QualifierKind) -> Option<&Qual> {
        self.quals.iter().find(|q| q.kind == kind)
    }
}

/// Flags of a delivery written anywhere in the line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct DeliveryFlags {
    pub elective: bool,
    pub emergency: bool,
    pub twins: bool,
    pub stillbirth: bool,
}

/// The whole line.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Line {
    pub clauses: Vec<Clause>,
    /// Contexts with the byte span of the word that showed them.
    pub contexts: Vec<(Context, usize, usize)>,
    /// Line-level values: the obstetric formula, gestational weeks, birth weight.
    pub quals: Vec<Qual>,
    pub delivery: DeliveryFlags,
}

impl Line {
    /// True when the line shows this context.
    pub fn has(&self, c: Context) -> bool {
        self.contexts.iter().any(|(x, _, _)| *x == c)
    }

    /// A line-level value.
    pub fn qual(&self, kind: QualifierKind) -> Option<&Qual> {
        self.quals.iter().find(|q| q.kind == kind)
    }
}

/// Reads a line.
pub(crate) fn read(text: &str, tables: &Tables) -> Line {
    let is_unit = |s: &str| tables.cue(s).is_some_and(|k| k.iter().any(|c| c.is_unit()));
    let toks = lex::tokens(text, &is_unit);
    let mut b =
        Builder { text, tables, toks: &toks, line: Line::default(), cur: Clause::new(), state: State::default() };
    let mut i = 0;
    while i < toks.len() && b.line.clauses.len() < MAX_CLAUSES {
        i += b.step(i).max(1);
    }
    b.close();
    b.line
}

/// What the next clause inherits.
#[derive(Default)]
struct State {
    assertion: Option<Assertion>,
    /// Differential and history lists run on over "," "/" "dan".
    persist: Option<Assertion>,
    link: Option<Link>,
    more: Option<bool>,
    procedure: bool,
}

struct Builder<'a> {
    text: &'a str,
    tables: &'a Tables,
    toks: &'a [Token],
    line: Line,
    cur: Clause,
    state: State,
}

impl Builder<'_> {
    /// Handles the token at `i`; returns how many tokens it took.
    fn step(&mut self, i: usize) -> usize {
        let t = &self.toks[i];
        match t.kind {
            Tok::Sep => {
                let sep = self.text.get(t.start..t.end);
                let tight = matches!(sep, Some("/") | Some("&"));
                // Differentials run on over commas ("dd DHF, demam tifoid"); a history only over "/".
                let persist = match self.state.persist {
                    Some(Assertion::Differential) if tight || sep == Some(",") => self.state.persist,
                    Some(_) if tight => self.state.persist,
                    _ => None,
                };
                self.close();
                self.state.link = None;
                self.state.assertion = persist;
                self.state.persist = persist;
                1
            }
            Tok::Sign(positive) => {
                self.result(positive, t.start, t.end);
                1
            }
            Tok::Question => {
                if self.cur.words.is_empty() {
                    self.state.assertion = Some(Assertion::Suspected);
                } else if self.cur.assertion == Assertion::Present {
                    self.cur.assertion = Assertion::Suspected;
                }
                1
            }
            Tok::Cmp(more) => {
                self.state.more = Some(more);
                1
            }
            Tok::Percent | Tok::DayPlus => 1,
            Tok::Number => self.number(i),
            Tok::Word => self.word(i),
        }
    }

    /// Starts the current clause if it is empty (it takes the pending assertion and link).
    fn begin(&mut self) {
        if !self.cur.is_empty() {
            return;
        }
        self.cur.assertion = self.state.assertion.take().unwrap_or(Assertion::Present);
        let prev = self.line.clauses.len().checked_sub(1);
        self.cur.link = self.state.link.take().zip(prev);
        self.cur.procedure = self.state.procedure;
    }

    fn push_word(&mut self, norm: String, start: usize, end: usize, weight: f32) {
        self.begin();
        if self.cur.words.len() >= MAX_CLAUSE_WORDS {
            self.close();
            self.begin();
        }
        let vague = self.tables.cue(&norm).is_some_and(|k| k.contains(&Cue::Vague));
        self.cur.words.push(Word { norm, start, end, weight, vague });
        self.cur.extend(start, end);
    }

    fn push_qual(&mut self, kind: QualifierKind, value: u32, start: usize, end: usize) {
        self.begin();
        let q = Qual { kind, value, more: self.state.more.take(), start, end };
        if matches!(kind, QualifierKind::Weeks | QualifierKind::Grams) || is_formula(kind) {
            self.line.quals.push(q.clone());
        }
        self.cur.quals.push(q);
        self.cur.extend(start, end);
    }

    /// Ends the current clause. A clause of values only gives them to the clause before.
    fn close(&mut self) {
        let mut c = std::mem::replace(&mut self.cur, Clause::new());
        if c.is_empty() {
            return;
        }
        if c.words.is_empty() {
            if let Some(prev) = self.line.clauses.last_mut() {
                prev.quals.append(&mut c.quals);
                return;
            }
        }
        self.line.clauses.push(c);
    }

    fn result(&mut self, positive: bool, start: usize, end: usize) {
        self.push_qual(QualifierKind::Result, u32::from(positive), start, end);
        let norm = if positive { "positif" } else { "negatif" };
        self.push_word(norm.to_string(), start, end, 0.5);
        if !positive {
            self.cur.negative = true;
        }
    }

    /// A number: a value with its unit, a number that belongs to a name ("tipe 2"), or noise.
    fn number(&mut self, i: usize) -> usize {
        let t = &self.toks[i];
        let value = t.value().unwrap_or(0);
        let next = self.toks.get(i + 1);
        if next.is_some_and(|n| n.kind == Tok::Percent) {
            self.push_qual(QualifierKind::Percent, value, t.start, next.map_or(t.end, |n| n.end));
            return 2;
        }
        if let Some(n) = next.filter(|n| n.kind == Tok::Word) {
            if let Some(cue) = self.tables.cue(&n.norm).and_then(|k| k.iter().copied().find(|c| c.is_unit())) {
                let (kind, value) = match cue {
                    Cue::UnitKg => (QualifierKind::Grams, kilograms(&t.norm)),
                    Cue::Unit(k) => (k, value),
                    _ => (QualifierKind::Count, value),
                };
                self.push_qual(kind, value, t.start, n.end);
                return 2;
            }
        }
        let named =
            self.cur.words.last().is_some_and(|w| matches!(w.norm.as_str(), "tipe" | "type" | "covid" | "kala"));
        if named {
            self.push_word(value.to_string(), t.start, t.end, 0.5);
        } else if !self.cur.is_empty() {
            self.cur.extend(t.start, t.end);
        }
        1
    }

    /// A word: an obstetric formula, a cue, or a word of the condition.
    fn word(&mut self, i: usize) -> usize {
        let t = &self.toks[i];
        if let Some(Formula { gravida: g, para: p, abortus: a, tokens: n }) = formula(self.toks, i) {
            let end = self.toks[i + n - 1].end;
            for (kind, v) in [(QualifierKind::Gravida, g), (QualifierKind::Para, p), (QualifierKind::Abortus, a)] {
                if let Some(v) = v {
                    self.push_qual(kind, v, t.start, end);
                }
            }
            let ctx = if g.is_some() { Context::Pregnancy } else { Context::Puerperium };
            self.line.contexts.push((ctx, t.start, end));
            return n;
        }
        if t.norm == "kala" {
            if let Some(taken) = self.labour_stage(i) {
                return taken;
            }
        }
        if t.norm == "dd" && self.text.get(t.start..t.end) == Some("dd") && !self.cur.words.is_empty() {
            return self.assert(Assertion::Differential, 1);
        }
        for n in (1..=self.tables.max_cue_words).rev() {
            let Some(term) = self.term(i, n) else { continue };
            let Some(kinds) = self.tables.cue(&term) else { continue };
            if let Some(cue) = kinds.iter().copied().find(|c| !c.is_unit()) {
                if let Some(taken) = self.cue(cue, i, n) {
                    return taken;
                }
            }
        }
        let norm = self.roman_after_type(&t.norm);
        if is_roman(&norm) {
            // A stray "III" ("trimester III") is a value without its cue.
            if !self.cur.is_empty() {
                self.cur.extend(t.start, t.end);
            }
            return 1;
        }
        let action = self.tables.is_action(&norm);
        self.push_word(norm, t.start, t.end, 1.0);
        self.cur.action |= action;
        1
    }

    /// "kala I" (a stage of labour, context only) unless a problem follows ("kala II lama").
    fn labour_stage(&mut self, i: usize) -> Option<usize> {
        let next = self.toks.get(i + 1).filter(|t| t.kind == Tok::Number || lex::stage_value(&t.norm).is_some())?;
        let problem = self.toks.get(i + 2).is_some_and(|t| {
            t.kind == Tok::Word && matches!(t.norm.as_str(), "lama" | "memanjang" | "macet" | "tak" | "tidak" | "tdk")
        });
        if problem {
            return None;
        }
        self.line.contexts.push((Context::Labour, self.toks[i].start, next.end));
        if !self.cur.is_empty() {
            self.cur.extend(self.toks[i].start, next.end);
        }
        Some(2)
    }

    /// "tipe II" → "2" (the vocabulary writes "DM tipe 2").
    fn roman_after_type(&self, norm: &str) -> String {
        let after_type = self.cur.words.last().is_some_and(|w| w.norm == "tipe" || w.norm == "type");
        match lex::stage_value(norm).filter(|_| after_type && norm.len() <= 4) {
            Some(v) => v.to_string(),
            None => norm.to_string(),
        }
    }

    /// The folded term of `n` consecutive words from token `i`.
    fn term(&self, i: usize, n: usize) -> Option<String> {
        let toks = self.toks.get(i..i + n)?;
        if toks.iter().any(|t| t.kind != Tok::Word) {
            return None;
        }
        Some(toks.iter().map(|t| t.norm.as_str()).collect::<Vec<_>>().join(" "))
    }

    /// Applies cue `cue` of `n` words at token `i`; `None` when it does not apply here (a stage
    /// word with no value): the words are then read as words.
    fn cue(&mut self, cue: Cue, i: usize, n: usize) -> Option<usize> {
        let (start, end) = (self.toks[i].start, self.toks[i + n - 1].end);
        let link = |s: &mut Self, l: Link| {
            s.close();
            s.state.link = Some(l);
            s.state.assertion = None;
            s.state.persist = None;
            n
        };
        Some(match cue {
            Cue::Split => {
                self.close();
                self.state.link = None;
                self.state.assertion = self.state.persist;
                n
            }
            Cue::With => link(self, Link::With),
            Cue::Etiology => link(self, Link::Etiology),
            Cue::Indication => link(self, Link::Indication),
            Cue::Post => self.assert(Assertion::Post, n),
            Cue::PostOp => {
                // "retensio urin post op": a complication after the operation, as written.
                if !self.cur.words.is_empty() {
                    self.cur.extend(start, end);
                    return Some(n);
                }
                self.assert(Assertion::PostOperative, n)
            }
            Cue::Status => {
                let treatment = self.toks.get(i + n).is_some_and(|t| {
                    t.kind == Tok::Word
                        && (self.tables.is_action(&t.norm)
                            || self.tables.cue(&t.norm).is_some_and(|k| k.contains(&Cue::Treatment)))
                });
                if treatment {
                    self.assert(Assertion::OnTreatment, n)
                } else {
                    link(self, Link::With)
                }
            }
            Cue::Suspected => self.assert(Assertion::Suspected, n),
            Cue::Differential => self.assert(Assertion::Differential, n),
            Cue::History => self.assert(Assertion::History, n),
            Cue::Family => self.assert(Assertion::FamilyHistory, n),
            Cue::Negation => self.assert(Assertion::Negated, n),
            Cue::NegationKeep => {
                for t in &self.toks[i..i + n] {
                    let weight = if matches!(t.norm.as_str(), "tidak" | "tdk" | "tak" | "tanpa") { 0.0 } else { 0.5 };
                    let norm = if t.norm == "tdk" || t.norm == "tak" { "tidak".to_string() } else { t.norm.clone() };
                    self.push_word(norm, t.start, t.end, weight);
                }
                n
            }
            Cue::NegationDrop | Cue::Ignore => {
                if !self.cur.is_empty() {
                    self.cur.extend(start, end);
                }
                n
            }
            Cue::Past => {
                if self.cur.words.is_empty() {
                    self.state.assertion = Some(Assertion::History);
                } else {
                    self.cur.assertion = Assertion::History;
                    self.cur.extend(start, end);
                }
                n
            }
            Cue::Stage | Cue::Grade | Cue::Nyha | Cue::Score => return self.valued(cue, i, n),
            Cue::Ordinal => self.ordinal(i, n),
            Cue::More | Cue::Less => {
                if self.toks.get(i + n).is_none_or(|t| t.kind != Tok::Number) {
                    return None;
                }
                self.state.more = Some(cue == Cue::More);
                n
            }
            Cue::Unit(_) | Cue::UnitKg => return None,
            other => self.word_cue(other, i, n),
        })
    }

    /// Cues that add words or facts of the line (procedure words, sides, contexts, delivery
    /// details, modifiers); returns the tokens taken.
    fn word_cue(&mut self, cue: Cue, i: usize, n: usize) -> usize {
        let (start, end) = (self.toks[i].start, self.toks[i + n - 1].end);
        match cue {
            Cue::Action | Cue::Vaccination => {
                let taken = self.words(i, n, 1.0);
                self.cur.action = true;
                taken
            }
            Cue::Closed | Cue::Open => {
                self.push_qual(QualifierKind::Open, u32::from(cue == Cue::Open), start, end);
                self.words(i, n, 0.0)
            }
            Cue::Site(region) => {
                let taken = self.words(i, n, 0.5);
                self.cur.regions.push(region);
                taken
            }
            Cue::Positive | Cue::Negative => {
                self.result(cue == Cue::Positive, start, end);
                n
            }
            Cue::Context(c) => {
                self.line.contexts.push((c, start, end));
                for t in &self.toks[i..i + n] {
                    self.push_word(t.norm.clone(), t.start, t.end, 0.0);
                }
                n
            }
            Cue::Elective | Cue::Emergency => {
                let d = &mut self.line.delivery;
                match cue {
                    Cue::Elective => d.elective = true,
                    _ => d.emergency = true,
                }
                if !self.cur.is_empty() {
                    self.cur.extend(start, end);
                }
                n
            }
            Cue::Stillbirth => {
                self.line.delivery.stillbirth = true;
                self.words(i, n, 1.0)
            }
            Cue::Twins => {
                self.line.delivery.twins = true;
                self.words(i, n, 1.0)
            }
            Cue::ProcedureLabel => {
                self.close();
                self.state.procedure = true;
                n
            }
            Cue::Modifier => self.words(i, n, 0.5),
            Cue::Filler => self.words(i, n, 0.0),
            _ => self.words(i, n, 1.0),
        }
    }

    fn words(&mut self, i: usize, n: usize, weight: f32) -> usize {
        for t in &self.toks[i..i + n] {
            self.push_word(t.norm.clone(), t.start, t.end, weight);
        }
        n
    }

    /// An assertion cue: it ends the clause and marks the next one.
    fn assert(&mut self, a: Assertion, n: usize) -> usize {
        self.close();
        self.state.link = None;
        self.state.assertion = Some(a);
        self.state.persist =
            matches!(a, Assertion::Differential | Assertion::History | Assertion::FamilyHistory).then_some(a);
        n
    }

    /// "st V", "gr II", "NYHA III", "GCS 15": the value after the cue. Without a value the cue
    /// words are dropped ("derajat sedang" keeps "sedang").
    fn valued(&mut self, cue: Cue, i: usize, n: usize) -> Option<usize> {
        let next = self.toks.get(i + n);
        let value = next.and_then(|next| match next.kind {
            Tok::Number => next.value(),
            Tok::Word => lex::stage_value(&next.norm).or_else(|| (cue == Cue::Score).then_some(0)),
            _ => None,
        });
        let (Some(next), Some(value)) = (next, value) else {
            if !self.cur.is_empty() {
                self.cur.extend(self.toks[i].start, self.toks[i + n - 1].end);
            }
            return Some(n);
        };
        let kind = match cue {
            Cue::Stage => QualifierKind::Stage,
            Cue::Grade => QualifierKind::Grade,
            Cue::Nyha => QualifierKind::Nyha,
            _ => QualifierKind::Score,
        };
        self.push_qual(kind, value, self.toks[i].start, next.end);
        Some(n + 1)
    }

    /// "hari ke-3", "H+5", "siklus 3": a day or cycle number, read and dropped.
    fn ordinal(&mut self, i: usize, n: usize) -> usize {
        let mut j = i + n;
        while self.toks.get(j).is_some_and(|t| t.kind == Tok::DayPlus || (t.kind == Tok::Word && t.norm == "ke")) {
            j += 1;
        }
        match self.toks.get(j).filter(|t| t.kind == Tok::Number) {
            Some(num) => {
                let (start, value) = (self.toks[i].start, num.value().unwrap_or(0));
                self.push_qual(QualifierKind::Days, value, start, num.end);
                j + 1 - i
            }
            None => n,
        }
    }
}

fn is_roman(w: &str) -> bool {
    matches!(w, "ii" | "iii" | "iv" | "vi" | "vii" | "viii" | "ix")
}

fn is_formula(kind: QualifierKind) -> bool {
    matches!(kind, QualifierKind::Gravida | QualifierKind::Para | QualifierKind::Abortus)
}

/// An obstetric formula and the tokens it took.
struct Formula {
    gravida: Option<u32>,
    para: Option<u32>,
    abortus: Option<u32>,
    tokens: usize,
}

/// "G2P1A0", "G1P0", "P2A0", "G2 P1 A0".
fn formula(toks: &[Token], i: usize) -> Option<Formula> {
    let joined: String;
    let mut taken = 1;
    let first = &toks[i].norm;
    let spaced = first.len() <= 3
        && first.starts_with('g')
        && toks.get(i + 1).is_some_and(|t| t.kind == Tok::Word && t.norm.starts_with('p') && t.norm.len() <= 3);
    if spaced {
        taken = if toks.get(i + 2).is_some_and(|t| t.kind == Tok::Word && t.norm.starts_with('a') && t.norm.len() <= 3)
        {
            3
        } else {
            2
        };
        joined = toks[i..i + taken].iter().map(|t| t.norm.as_str()).collect();
    } else {
        joined = first.clone();
    }
    let parts = letters_and_numbers(&joined)?;
    let get = |l: char| parts.iter().find(|(c, _)| *c == l).map(|(_, v)| *v);
    let letters: String = parts.iter().map(|(c, _)| *c).collect();
    if !matches!(letters.as_str(), "gpa" | "gp" | "pa") {
        return None;
    }
    Some(Formula { gravida: get('g'), para: get('p'), abortus: get('a'), tokens: taken })
}

/// "g2p1a0" → [(g,2),(p,1),(a,0)]; `None` unless the word is letter-number pairs.
fn letters_and_numbers(s: &str) -> Option<Vec<(char, u32)>> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii_lowercase() {
            return None;
        }
        let mut digits = String::new();
        while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            digits.push(*d);
            chars.next();
        }
        out.push((c, digits.parse().ok().filter(|v: &u32| *v < 30)?));
    }
    Some(out)
}

/// "1,8" kg → 1800 g.
fn kilograms(norm: &str) -> u32 {
    let v: f64 = norm.replace(',', ".").parse().unwrap_or(0.0);
    (v * 1000.0).round().clamp(0.0, 20_000.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line {
        read(text, Tables::get().unwrap())
    }

    fn words(c: &Clause) -> String {
        c.words.iter().map(|w| w.norm.as_str()).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn separators_and_cues_split_conditions() {
        let l = line("DHF gr II + trombositopenia, riw HT");
        let w: Vec<String> = l.clauses.iter().map(words).collect();
        assert_eq!(w, ["dhf", "trombositopenia", "ht"]);
        assert_eq!(l.clauses[0].qual(QualifierKind::Grade).unwrap().value, 2);
        assert_eq!(l.clauses[2].assertion, Assertion::History);
        let l = line("CHF NYHA III ec HHD, DM tipe II tdk terkontrol");
        let w: Vec<String> = l.clauses.iter().map(words).collect();
        assert_eq!(w, ["chf", "hhd", "dm tipe 2"]);
        assert_eq!(l.clauses[1].link, Some((Link::Etiology, 0)));
        assert_eq!(l.clauses[0].qual(QualifierKind::Nyha).unwrap().value, 3);
    }

    #[test]
    fn obstetric_formula_weeks_and_hours() {
        let l = line("G2P1A0 hamil 39 mgg inpartu kala I, KPD >24 jam");
        assert_eq!(l.qual(QualifierKind::Gravida).unwrap().value, 2);
        assert_eq!(l.qual(QualifierKind::Weeks).unwrap().value, 39);
        assert!(l.has(Context::Pregnancy) && l.has(Context::Labour));
        let kpd = l.clauses.iter().find(|c| words(c) == "kpd").unwrap();
        let h = kpd.qual(QualifierKind::Hours).unwrap();
        assert_eq!((h.value, h.more), (24, Some(true)));
    }

    #[test]
    fn assertions() {
        let l = line("Febris hari ke-3 dd DHF, demam tifoid; susp. ISK");
        let a: Vec<(String, Assertion)> = l.clauses.iter().map(|c| (words(c), c.assertion)).collect();
        assert_eq!(
            a,
            [
                ("febris".to_string(), Assertion::Present),
                ("dhf".to_string(), Assertion::Differential),
                ("demam tifoid".to_string(), Assertion::Differential),
                ("isk".to_string(), Assertion::Suspected),
            ]
        );
        let l = line("GEA tanpa dehidrasi, angina pektoris tidak stabil");
        assert_eq!(l.clauses[1].assertion, Assertion::Negated);
        assert_eq!(words(&l.clauses[2]), "angina pektoris tidak stabil");
        assert_eq!(line("CKD st V on HD 2x").clauses[1].assertion, Assertion::OnTreatment);
        assert_eq!(line("CKD st V on HD").clauses[0].qual(QualifierKind::Stage).unwrap().value, 5);
    }

    #[test]
    fn counts_weights_and_signs() {
        let l = line("Transfusi PRC 2 kolf; BBLR 1,8 kg; TB paru BTA (+)");
        assert_eq!(l.clauses[0].qual(QualifierKind::Count).unwrap().value, 2);
        assert_eq!(l.qual(QualifierKind::Grams).unwrap().value, 1800);
        assert_eq!(words(&l.clauses[2]), "tb paru bta positif");
        assert!(line("HbsAg (-)").clauses[0].negative);
    }

    #[test]
    fn huge_and_odd_input_is_bounded() {
        let long = "DHF, ".repeat(2000);
        assert!(line(&long).clauses.len() <= MAX_CLAUSES);
        let l = line(&"a ".repeat(200));
        assert!(l.clauses.iter().all(|c| c.words.len() <= MAX_CLAUSE_WORDS));
        assert!(line("\u{0}\u{feff}💉 ,,, ;;").clauses.is_empty());
    }
}
