//! Clause words → codes, with the search of [`crate::search`]. A clause is searched whole first;
//! when no code covers most of its words it is split left to right (longest part first), so that
//! a line written without separators ("DHF trombositopenia") still gives each condition its code.
//! Every hit is re-scored by how many of the clause's words its term or title covers.

use super::segment::{Clause, Line};
use crate::catalog::{Catalog, CodeSystem, Flag};
use crate::error::Error;
use crate::search::{self, SearchOptions, SearchResult};
use crate::text;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

/// Most searches one line may run (bounds the time of one call).
const MAX_SEARCHES: usize = 64;
/// Share of a part's word weight a code must cover to stand for it.
const ACCEPT: f32 = 0.6;
/// Hits read per search.
const HITS: usize = 10;

/// A search hit with its words folded once: the matched term's, and the titles' (the
/// Indonesian title's first, for the share of a title a clause writes).
pub(crate) struct Hit {
    pub result: SearchResult,
    /// The folded words, one after the other (one allocation per hit).
    folded: String,
    /// Word spans in `folded`: the term's, then the Indonesian title's, then the English title's.
    spans: Vec<(u32, u32)>,
    term_words: usize,
    title_id_words: usize,
}

impl Hit {
    fn new(result: SearchResult) -> Hit {
        let mut h = Hit { folded: String::new(), spans: Vec::new(), term_words: 0, title_id_words: 0, result };
        let (term, id) = (h.result.matched_term.take(), h.result.display_id.take());
        h.term_words = h.fold(term.as_deref().unwrap_or(""));
        h.title_id_words = h.fold(id.as_deref().unwrap_or(""));
        let en = std::mem::take(&mut h.result.display);
        h.fold(&en);
        (h.result.matched_term, h.result.display_id, h.result.display) = (term, id, en);
        h
    }

    /// Appends the folded words of `text` (as [`text::words`] folds them); returns how many.
    fn fold(&mut self, text: &str) -> usize {
        let before = self.spans.len();
        let mut start: Option<u32> = None;
        let mut chars = 0usize;
        for c in text.chars() {
            if matches!(c, '\'' | '’' | '‘' | '`' | '´') {
                continue;
            }
            match text::fold_char(c) {
                Some(f) => {
                    if start.is_none() {
                        start = Some(self.folded.len() as u32);
                        chars = 0;
                    }
                    if chars < text::MAX_WORD_CHARS {
                        self.folded.push(f);
                        chars += 1;
                    }
                }
                None => {
                    if let Some(s) = start.take() {
                        self.spans.push((s, self.folded.len() as u32));
                    }
                }
            }
        }
        if let Some(s) = start {
            self.spans.push((s, self.folded.len() as u32));
        }
        self.spans.len() - before
    }

    fn words(&self, from: usize, to: usize) -> impl Iterator<Item = &str> + '_ {
        self.spans[from.min(self.spans.len())..to.min(self.spans.len())]
            .iter()
            .map(|&(a, b)| &self.folded[a as usize..b as usize])
    }

    fn term(&self) -> impl Iterator<Item = &str> + '_ {
        self.words(0, self.term_words)
    }

    fn titles(&self) -> impl Iterator<Item = &str> + '_ {
        self.words(self.term_words, self.spans.len())
    }
}

/// A code for some words of a clause.
#[derive(Clone, Debug)]
pub(crate) struct Cand {
    pub system: CodeSystem,
    pub code: String,
    pub display: String,
    pub display_id: Option<String>,
    pub matched_term: Option<String>,
    /// Clause word indices covered (bit i = word i).
    pub covered: u32,
    /// Covered weight / weight of the part searched.
    pub coverage: f32,
    score: f32,
}

/// The codes for one part of a clause, best first.
#[derive(Clone, Debug)]
pub(crate) struct Cover {
    pub clause: usize,
    pub words: Range<usize>,
    pub cands: Vec<Cand>,
    /// The next clause, when one term names both ("HHD dengan CHF").
    pub also: Option<usize>,
}

impl Cover {
    /// The chosen code.
    pub fn best(&self) -> &Cand {
        &self.cands[0]
    }
}

/// The covers of every clause, and the words nothing covered.
#[derive(Clone, Debug, Default)]
pub(crate) struct Matched {
    pub covers: Vec<Cover>,
    pub unmatched: Vec<(usize, Range<usize>)>,
}

/// Matches every clause of the line.
pub(crate) fn match_line(cat: &Catalog, line: &Line, system: CodeSystem) -> Result<Matched, Error> {
    let mut m = Matcher { cat, system, memo: HashMap::new(), searches: 0, out: Matched::default() };
    let mut skip = None;
    for (ci, c) in line.clauses.iter().enumerate() {
        if skip == Some(ci) {
            continue;
        }
        if let Some(next) = line.clauses.get(ci + 1).filter(|n| linked_pair(c, n, ci)) {
            if m.joined(ci, c, next)? {
                skip = Some(ci + 1);
                continue;
            }
        }
        m.cover(ci, c, 0..c.words.len().min(32), 0, 0.0)?;
    }
    m.procedure_objects(line)?;
    m.named_in_procedures(line)?;
    Ok(m.out)
}

struct Matcher<'a> {
    cat: &'a Catalog,
    system: CodeSystem,
    memo: HashMap<(String, bool), Rc<Vec<Hit>>>,
    searches: usize,
    out: Matched,
}

fn weight(c: &Clause, r: Range<usize>) -> f32 {
    c.words[r].iter().map(|w| w.weight).sum()
}

/// True when clause `next` is tied to clause `ci` by "dengan" or "ec" (both present), or is
/// the negated rest of one name ("migren *tanpa aura*", "diare *tanpa dehidrasi*").
fn linked_pair(c: &Clause, next: &Clause, ci: usize) -> bool {
    use super::{Assertion, Link};
    let present = |a: Assertion| matches!(a, Assertion::Present | Assertion::Suspected);
    let tied = matches!(next.link, Some((Link::With | Link::Etiology, p)) if p == ci) && present(next.assertion);
    let negated_rest =
        next.link.is_none() && next.assertion == Assertion::Negated && present(c.assertion) && next.start > c.end;
    tied || negated_rest
}

impl Matcher<'_> {
    /// One vocabulary term for two linked clauses ("HHD dengan CHF", "HIV dengan TB"): the
    /// term must be written whole and cover both.
    fn joined(&mut self, ci: usize, c: &Clause, next: &Clause) -> Result<bool, Error> {
        let negated = next.assertion == super::Assertion::Negated;
        if (c.assertion != next.assertion && !negated) || c.words.is_empty() || next.words.is_empty() {
            return Ok(false);
        }
        let mut both = c.clone();
        if negated {
            let (start, end) = (next.start, next.start);
            both.words.push(super::segment::Word { norm: "tanpa".into(), start, end, weight: 0.0, vague: false });
        }
        both.words.extend(next.words.iter().cloned());
        if both.words.len() > 8 {
            return Ok(false);
        }
        let Some(mut cands) = self.best(&both, 0..both.words.len(), 0.99, 0.99)? else { return Ok(false) };
        // A negated rest joins only a name that says "tanpa" itself ("Migren tanpa aura").
        let says_without = |k: &Cand| {
            let names = [k.matched_term.as_deref().unwrap_or(""), k.display_id.as_deref().unwrap_or("")];
            names.iter().any(|n| text::words(n, 32).iter().any(|w| w == "tanpa"))
        };
        if negated && !says_without(&cands[0]) {
            return Ok(false);
        }
        let own = (1u32 << c.words.len()) - 1;
        for k in &mut cands {
            k.covered &= own;
        }
        self.out.covers.push(Cover { clause: ci, words: 0..c.words.len(), cands, also: Some(ci + 1) });
        Ok(true)
    }

    /// Covers words `r` of clause `c` (`depth` > 0 for the words a first code left over;
    /// `floor`: the least share of a code's term the words must write).
    fn cover(&mut self, ci: usize, c: &Clause, r: Range<usize>, depth: u8, floor: f32) -> Result<(), Error> {
        // Modifiers alone ("awitan dini", "berat") are never a condition.
        if r.is_empty() || !c.words[r.clone()].iter().any(|w| w.weight >= 1.0) {
            return Ok(());
        }
        // A vague word alone ("infeksi") must be most of its term: "infeksi dengue" is not written.
        let weighted: Vec<&super::segment::Word> = c.words[r.clone()].iter().filter(|w| w.weight > 0.0).collect();
        let vague = weighted.len() == 1 && weighted[0].vague;
        let floor = if vague { floor.max(0.6) } else { floor };
        let (need, precise) = if depth == 0 { (ACCEPT, floor) } else { (0.99, 0.99) };
        if let Some(cands) = self.best(c, r.clone(), need, precise)? {
            let covered = cands[0].covered;
            let long_term = cands[0].matched_term.as_deref().is_some_and(|t| t.split(' ').count() >= 3);
            let main = cands[0].clone();
            let (lo, hi) = bit_span(covered);
            self.accept(ci, lo.max(r.start)..hi.min(r.end).max(lo.max(r.start) + 1), cands);
            if depth == 0 && long_term {
                self.embedded(ci, c, r.clone(), &main)?;
            }
            if depth < 2 {
                for run in uncovered_runs(c, r, covered) {
                    self.cover(ci, c, run, depth + 1, floor)?;
                }
            }
            return Ok(());
        }
        if let Some(cands) = self.partial(c, r.clone())? {
            // A code for some of the words (the search found it among the hits for all of them):
            // take it, then cover the words before and after it.
            let (lo, hi) = bit_span(cands[0].covered);
            self.accept(ci, lo..hi, cands);
            self.cover(ci, c, r.start..lo, depth, 0.75)?;
            return self.cover(ci, c, hi..r.end, depth, 0.75);
        }
        for end in (r.start + 1..r.end).rev() {
            if c.words[r.start].weight == 0.0 || weight(c, r.start..end) < 0.5 {
                continue;
            }
            let found = self.best(c, r.start..end, need, precise.max(0.75))?;
            if let Some(cands) = found.filter(|k| k[0].covered & (1 << r.start) != 0) {
                self.accept(ci, r.start..end, cands);
                return self.cover(ci, c, end..r.end, depth, 0.75);
            }
        }
        if c.words[r.start].weight > 0.0 {
            self.out.unmatched.push((ci, r.start..r.start + 1));
        }
        self.cover(ci, c, r.start + 1..r.end, depth, floor)
    }

    /// The best code for an unbroken part of words `r` (at least one disease word, the term
    /// mostly written), with the other codes for the same words.
    fn partial(&mut self, c: &Clause, r: Range<usize>) -> Result<Option<Vec<Cand>>, Error> {
        let Some(cands) = self.best(c, r, 0.0, 0.75)? else { return Ok(None) };
        let whole = |k: &Cand| {
            let (lo, hi) = bit_span(k.covered);
            lo < hi
                && (lo..hi).all(|i| k.covered & (1 << i) != 0 || c.words[i].weight < 1.0)
                && (lo..hi).any(|i| c.words[i].weight >= 1.0)
        };
        let Some(first) = cands.iter().find(|k| whole(k)) else { return Ok(None) };
        let mask = first.covered;
        Ok(Some(cands.iter().filter(|k| k.covered == mask).cloned().collect()))
    }

    fn accept(&mut self, clause: usize, words: Range<usize>, cands: Vec<Cand>) {
        self.out.covers.push(Cover { clause, words, cands, also: None });
    }

    /// A condition named inside a longer term ("diare akut *dehidrasi ringan sedang*"): a
    /// trailing part that is itself a whole term of another chapter, and that the first code's
    /// title does not contain ("anemia *defisiensi besi*"), is coded too.
    fn embedded(&mut self, ci: usize, c: &Clause, r: Range<usize>, main: &Cand) -> Result<(), Error> {
        let mut titles = text::words(&main.display, 32);
        titles.extend(main.display_id.as_deref().map(|t| text::words(t, 32)).unwrap_or_default());
        for i in r.start + 1..r.end {
            if c.words[i].weight < 1.0 {
                continue;
            }
            let in_title =
                c.words[i..r.end].iter().any(|w| w.weight >= 1.0 && titles.iter().any(|t| same_word(&w.norm, t)));
            if in_title {
                return Ok(());
            }
            if let Some(cands) = self.best(c, i..r.end, 0.99, 0.99)? {
                if cands[0].code.get(..1) != main.code.get(..1) && !cands[0].code.starts_with('R') {
                    self.accept(ci, i..r.end, cands);
                }
                return Ok(());
            }
        }
        Ok(())
    }

    /// A condition written inside a procedure clause ("operasi *katarak*", "debridement *ulkus
    /// diabetikum*"): the clause's words that are not procedure words, searched alone, give a
    /// diagnosis when a code covers them whole (not a symptom, a status, an unspecified injury
    /// or an external cause, which such words would too easily match).
    fn named_in_procedures(&mut self, line: &Line) -> Result<(), Error> {
        let tables = super::tables::Tables::get()?;
        for ci in 0..line.clauses.len() {
            let c = &line.clauses[ci];
            let procedure_only =
                self.out.covers.iter().filter(|k| k.clause == ci).all(|k| k.best().system == CodeSystem::Icd9cm);
            // A vaccination names the disease it prevents, not one the patient has.
            let vaccination = c
                .words
                .iter()
                .any(|w| tables.cue(&w.norm).is_some_and(|k| k.contains(&super::tables::Cue::Vaccination)));
            if !c.action || vaccination || !procedure_only || !self.out.covers.iter().any(|k| k.clause == ci) {
                continue;
            }
            let rest: Vec<usize> = (0..c.words.len())
                .filter(|&i| c.words[i].weight >= 1.0 && !tables.is_action(&c.words[i].norm))
                .collect();
            let (Some(&lo), Some(&hi)) = (rest.first(), rest.last()) else { continue };
            // Written words may vary from the term's ("diabetikum" / "diabetik"): partial hits too.
            let Some(cands) = self.best_with(c, lo..hi + 1, 0.99, 0.99, true)? else { continue };
            let k = &cands[0];
            let weak = k.code.starts_with(['R', 'Z', 'V', 'W', 'X', 'Y']) || k.code.starts_with("T14");
            if k.system != CodeSystem::Icd9cm && !weak {
                let cands: Vec<Cand> = cands.into_iter().filter(|k| k.system != CodeSystem::Icd9cm).collect();
                self.accept(ci, lo..hi + 1, cands);
            }
        }
        Ok(())
    }

    /// A procedure clause of one or two words ("eksisi") is searched again with the words of
    /// the condition before it ("Pterigium OD, eksisi" → excision of pterygium).
    fn procedure_objects(&mut self, line: &Line) -> Result<(), Error> {
        for ci in 1..line.clauses.len() {
            let (c, prev) = (&line.clauses[ci], &line.clauses[ci - 1]);
            let own: Vec<usize> = (0..self.out.covers.len()).filter(|&k| self.out.covers[k].clause == ci).collect();
            let [k] = own.as_slice() else { continue };
            let short = c.words.iter().filter(|w| w.weight >= 1.0).count() <= 2;
            if !short || self.out.covers[*k].best().system != CodeSystem::Icd9cm || prev.words.is_empty() {
                continue;
            }
            let mut joined = c.clone();
            joined.words.extend(prev.words.iter().filter(|w| w.weight > 0.0).cloned());
            joined.words.truncate(8);
            let n_own = c.words.len();
            let Some(cands) = self.best(&joined, 0..joined.words.len(), 0.0, 0.0)? else { continue };
            let own_mask = (1u32 << n_own) - 1;
            let better = cands.into_iter().find(|k| {
                k.system == CodeSystem::Icd9cm && k.covered & own_mask == own_mask && k.covered >> n_own != 0
            });
            if let Some(mut b) = better {
                let cover = &mut self.out.covers[*k];
                if b.code != cover.best().code {
                    b.covered &= own_mask;
                    b.coverage = 1.0;
                    cover.cands.insert(0, b);
                    cover.cands.truncate(3);
                }
            }
        }
        Ok(())
    }

    /// The codes that cover at least `need` of the weight of words `r` and of whose term at
    /// least `precise` is written, best first. When only procedures answer a clause that names
    /// no procedure, the words are searched again without their context words ("fraktur
    /// *tertutup* tibia" is a fracture, not a closed reduction).
    fn best(&mut self, c: &Clause, r: Range<usize>, need: f32, precise: f32) -> Result<Option<Vec<Cand>>, Error> {
        // Codes that must cover every word are found among the entries that have every word.
        self.best_with(c, r, need, precise, need < 0.99)
    }

    /// [`Self::best`], asking the search for entries with only some of the words (`partial`)
    /// or not (whole terms only: much cheaper when nothing has every word).
    fn best_with(
        &mut self,
        c: &Clause,
        r: Range<usize>,
        need: f32,
        precise: f32,
        partial: bool,
    ) -> Result<Option<Vec<Cand>>, Error> {
        let hint = Hints::of(c);
        let query: String = c.words[r.clone()].iter().map(|w| w.norm.as_str()).collect::<Vec<_>>().join(" ");
        let Some(hits) = self.search(&query, partial)? else { return Ok(None) };
        let mut cands = self.score(c, r.clone(), &hits, need, precise, &hint);
        // Without context words first, then with the disease words alone.
        for least in [0.01, 1.0] {
            let diagnosis = cands.iter().any(|k| k.system != CodeSystem::Icd9cm);
            let lean: Vec<&str> =
                c.words[r.clone()].iter().filter(|w| w.weight >= least).map(|w| w.norm.as_str()).collect();
            if diagnosis || hint.procedure || lean.is_empty() || lean.len() == r.len() {
                continue;
            }
            if let Some(more) = self.search(&lean.join(" "), partial)? {
                cands.extend(self.score(c, r.clone(), &more, need, precise, &hint));
            }
        }
        cands.sort_by(|a, b| b.score.total_cmp(&a.score));
        let mut seen: Vec<(CodeSystem, String)> = Vec::new();
        cands.retain(|k| {
            let key = (k.system, k.code.clone());
            let new = !seen.contains(&key);
            seen.push(key);
            new
        });
        cands.truncate(3);
        Ok((!cands.is_empty()).then_some(cands))
    }

    /// Scores the hits of one search for words `r`: covered weight, less the rank and the term's
    /// unwritten words; a procedure wins a tie only when the clause names an action.
    fn score(&self, c: &Clause, r: Range<usize>, hits: &[Hit], need: f32, precise: f32, hint: &Hints) -> Vec<Cand> {
        let total = weight(c, r.clone());
        let mut cands: Vec<Cand> = Vec::new();
        for (rank, hit) in hits.iter().enumerate() {
            let h = &hit.result;
            if !(h.system == self.system || h.system == CodeSystem::Icd9cm) || h.flags.contains(&Flag::NotInacbg) {
                continue;
            }
            let (covered, extra, precision) = coverage(c, r.clone(), hit);
            let covered_weight: f32 =
                c.words.iter().enumerate().filter(|(i, _)| covered & (1 << i) != 0).map(|(_, w)| w.weight).sum();
            // A term mostly unwritten counts for less: coverage × √precision must reach `need`.
            if covered_weight * precision.sqrt() < need * total || covered_weight == 0.0 || precision < precise {
                continue;
            }
            let score = covered_weight - 0.02 * rank as f32 - extra + hint.bonus(h);
            let Some(code) = leaf(self.cat, h.system, &h.code, hint.open) else { continue };
            if cands.iter().any(|k| k.code == code && k.system == h.system) {
                continue;
            }
            let (display, display_id) =
                if code == h.code { (h.display.clone(), h.display_id.clone()) } else { self.titles(h.system, &code) };
            let coverage = (covered_weight / total.max(0.01)).min(1.0);
            let matched_term = h.matched_term.clone();
            cands.push(Cand { system: h.system, code, display, display_id, matched_term, covered, coverage, score });
        }
        cands
    }

    /// Runs (or recalls) one search; `None` once the line's search budget is spent.
    fn search(&mut self, query: &str, partial: bool) -> Result<Option<Rc<Vec<Hit>>>, Error> {
        let key = (query.to_string(), partial);
        if let Some(hits) = self.memo.get(&key) {
            return Ok(Some(hits.clone()));
        }
        if self.searches >= MAX_SEARCHES {
            return Ok(None);
        }
        self.searches += 1;
        let o = SearchOptions { limit: HITS, ..Default::default() };
        let hits: Rc<Vec<Hit>> =
            Rc::new(search::search_written(self.cat, query, &o, partial)?.into_iter().map(Hit::new).collect());
        self.memo.insert(key, hits.clone());
        Ok(Some(hits))
    }

    fn titles(&self, system: CodeSystem, code: &str) -> (String, Option<String>) {
        self.cat.find(system, code).map_or((String::new(), None), |c| (c.title_en(), c.title_id()))
    }
}

/// What a clause says beyond its words, for scoring its codes.
struct Hints {
    /// A procedure is named ("ORIF", "SC", "2x", "tindakan:").
    procedure: bool,
    /// The clause is the indication of a procedure ("a/i KPD").
    indication: bool,
    /// "riw.", "riwayat keluarga".
    history: bool,
    /// "terbuka" / "tertutup".
    open: Option<bool>,
}

impl Hints {
    fn of(c: &Clause) -> Hints {
        use super::{Assertion, Link, QualifierKind};
        Hints {
            procedure: c.procedure || c.action || c.qual(QualifierKind::Count).is_some(),
            indication: matches!(c.link, Some((Link::Indication, _))),
            history: matches!(c.assertion, Assertion::History | Assertion::FamilyHistory),
            open: c.qual(QualifierKind::Open).map(|q| q.value == 1),
        }
    }

    /// The score added to a hit: a procedure needs a procedure word to win a tie, an
    /// indication prefers a diagnosis, an external cause rarely stands for a condition, a
    /// history prefers a history code.
    fn bonus(&self, h: &SearchResult) -> f32 {
        let procedure = h.system == CodeSystem::Icd9cm;
        let mut b = match (procedure, self.procedure) {
            (true, true) => 0.3,
            (true, false) => -0.6,
            _ => 0.0,
        };
        if !procedure && self.indication {
            b += 0.3;
        }
        if !procedure && h.code.starts_with(['V', 'W', 'X', 'Y']) {
            b -= 0.2;
        }
        if self.history && h.code.starts_with('Z') {
            b += 0.3;
        }
        b
    }
}

/// The code itself when it is a leaf; else its "unspecified" descendant (a child ending in 9, or
/// the last child), as INA-CBG needs the code to its last character. An injury's 5th character
/// is 0 (closed, without open wound) unless the line says open: ICD-10 Vol. 1 (2010) chapter XIX,
/// "a fracture not indicated as open or closed should be classified as closed".
pub(crate) fn leaf(cat: &Catalog, system: CodeSystem, code: &str, open: Option<bool>) -> Option<String> {
    let mut c = cat.find(system, code)?;
    for _ in 0..3 {
        if c.is_leaf() {
            return Some(c.code().to_string());
        }
        let children: Vec<_> = c.children().filter(|k| k.is_code() && k.accepted_by_inacbg()).collect();
        let injury = system == CodeSystem::Icd10 && c.code().starts_with(['S', 'T']) && c.code().len() == 5;
        let digit = if open == Some(true) { '1' } else { '0' };
        let pick = if injury { children.iter().find(|k| k.code().ends_with(digit)) } else { None };
        c = pick.or_else(|| children.iter().find(|k| k.code().ends_with('9'))).or(children.last()).copied()?;
    }
    c.is_leaf().then(|| c.code().to_string())
}

/// Words of a term or title that say nothing of the condition ("tidak spesifik", "lain").
const GENERIC: &[&str] = &[
    "tidak",
    "spesifik",
    "lain",
    "lainnya",
    "yang",
    "dan",
    "atau",
    "dengan",
    "pada",
    "di",
    "akibat",
    "unspecified",
    "other",
    "nos",
    "of",
    "and",
    "or",
    "the",
    "with",
    "without",
    "in",
    "due",
    "to",
    "not",
    "elsewhere",
    "classified",
];

/// The clause words (within `r`) the hit covers, a penalty for words of its term that the
/// clause does not have, and the share of its term (or Indonesian title) the clause writes.
fn coverage(c: &Clause, r: Range<usize>, h: &Hit) -> (u32, f32, f32) {
    let mut covered = 0u32;
    for i in r.clone() {
        let q = &c.words[i].norm;
        if h.term().chain(h.titles()).any(|t| same_word(q, t)) {
            covered |= 1 << i;
        }
    }
    let written = |t: &str| c.words[r.clone()].iter().any(|w| same_word(&w.norm, t));
    let extra = h.term().filter(|t| !written(t)).count();
    // The words the hit names: its term, else its Indonesian title, else its English title.
    let (from, to) = match (h.term_words, h.title_id_words) {
        (0, 0) => (0, h.spans.len()),
        (0, n) => (0, n),
        (n, _) => (0, n),
    };
    let (mut all, mut hit) = (0usize, 0usize);
    for t in h.words(from, to).filter(|t| !GENERIC.contains(t)) {
        all += 1;
        hit += usize::from(written(t));
    }
    let precision = if all == 0 { 1.0 } else { hit as f32 / all as f32 };
    (covered, 0.1 * extra.min(4) as f32, precision)
}

/// True when a written word and a word of a term are the same word: equal, a close variant
/// ("hipertensi"/"hipertensif", "diabetik"/"diabetikum") or a typo (one edit from 5 letters,
/// two from 8). Short words (abbreviations) must be equal.
pub(crate) fn same_word(q: &str, t: &str) -> bool {
    if q == t {
        return true;
    }
    let (lq, lt) = (q.len(), t.len());
    if lq.min(lt) < 5 {
        return false;
    }
    // An ending ("hipertensi-f", "diabetik-um", "pneumonia-e"): short words only one letter.
    if (t.starts_with(q) || q.starts_with(t)) && lq.abs_diff(lt) <= if lq.min(lt) >= 7 { 3 } else { 1 } {
        return true;
    }
    let max = if lq.min(lt) >= 8 { 2 } else { 1 };
    lq.abs_diff(lt) <= max && edit_distance(q.as_bytes(), t.as_bytes(), max) <= max
}

/// Levenshtein distance, stopped early once it exceeds `max`.
fn edit_distance(a: &[u8], b: &[u8], max: usize) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &x) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, &y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(x != y)).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > max {
            return max + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The range from the lowest to one past the highest set bit.
fn bit_span(mask: u32) -> (usize, usize) {
    if mask == 0 {
        return (0, 0);
    }
    (mask.trailing_zeros() as usize, 32 - mask.leading_zeros() as usize)
}

/// Maximal runs of words within `r` that `covered` misses and that weigh at least one word.
fn uncovered_runs(c: &Clause, r: Range<usize>, covered: u32) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = None;
    for i in r.clone().chain(std::iter::once(r.end)) {
        let free = i < r.end && covered & (1 << i) == 0;
        match (free, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if c.words[s..i].iter().any(|w| w.weight >= 1.0) {
                    runs.push(s..i);
                }
                start = None;
            }
            _ => {}
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_variants_and_typos() {
        assert!(same_word("hipertensi", "hipertensif"));
        assert!(same_word("diabetikum", "diabetik"));
        assert!(same_word("pneumoni", "pneumonia"));
        assert!(same_word("trombositopeni", "trombositopenia"));
        assert!(same_word("apendisitis", "appendisitis"));
        assert!(!same_word("isk", "iskemik"));
        assert!(!same_word("ht", "hti"));
        assert!(!same_word("fraktur", "faktor"));
        assert!(!same_word("tembak", "tembakau"));
        assert_eq!(edit_distance(b"kitten", b"sitting", 5), 3);
    }
}
