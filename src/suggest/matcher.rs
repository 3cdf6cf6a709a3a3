//! Clause words → codes, with the search of [`crate::search`]. A clause is searched whole first;
//! when no code covers most of its words it is split left to right (longest part first), so that
//! a line written without separators ("DHF trombositopenia") still gives each condition its code.
//! Every hit is re-scored by how many of the clause's words its term or title covers.

use super::segment::{Clause, Line};
use crate::catalog::{Catalog, CodeSystem};
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
const HITS: usize = 20;

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
    for (ci, c) in line.clauses.iter().enumerate() {
        m.cover(ci, c, 0..c.words.len().min(32), 0)?;
    }
    Ok(m.out)
}

struct Matcher<'a> {
    cat: &'a Catalog,
    system: CodeSystem,
    memo: HashMap<String, Rc<Vec<SearchResult>>>,
    searches: usize,
    out: Matched,
}

fn weight(c: &Clause, r: Range<usize>) -> f32 {
    c.words[r].iter().map(|w| w.weight).sum()
}

impl Matcher<'_> {
    /// Covers words `r` of clause `c` (`depth` > 0 for the words a first code left over).
    fn cover(&mut self, ci: usize, c: &Clause, r: Range<usize>, depth: u8) -> Result<(), Error> {
        if r.is_empty() || weight(c, r.clone()) < 0.5 {
            return Ok(());
        }
        let need = if depth == 0 { ACCEPT } else { 0.99 };
        if let Some(cands) = self.best(c, r.clone(), need)? {
            let covered = cands[0].covered;
            self.accept(ci, r.clone(), cands);
            if depth < 2 {
                for run in uncovered_runs(c, r, covered) {
                    self.cover(ci, c, run, depth + 1)?;
                }
            }
            return Ok(());
        }
        for end in (r.start + 1..r.end).rev() {
            if c.words[r.start].weight == 0.0 || weight(c, r.start..end) < 0.5 {
                continue;
            }
            if let Some(cands) = self.best(c, r.start..end, need)?.filter(|k| k[0].covered & (1 << r.start) != 0) {
                self.accept(ci, r.start..end, cands);
                return self.cover(ci, c, end..r.end, depth);
            }
        }
        if c.words[r.start].weight > 0.0 {
            self.out.unmatched.push((ci, r.start..r.start + 1));
        }
        self.cover(ci, c, r.start + 1..r.end, depth)
    }

    fn accept(&mut self, clause: usize, words: Range<usize>, cands: Vec<Cand>) {
        self.out.covers.push(Cover { clause, words, cands });
    }

    /// The codes that cover at least `need` of the weight of words `r`, best first.
    fn best(&mut self, c: &Clause, r: Range<usize>, need: f32) -> Result<Option<Vec<Cand>>, Error> {
        let query: String = c.words[r.clone()].iter().map(|w| w.norm.as_str()).collect::<Vec<_>>().join(" ");
        let total = weight(c, r.clone());
        let prefer_procedure = c.procedure || c.qual(super::QualifierKind::Count).is_some();
        let prefer_diagnosis = matches!(c.link, Some((super::Link::Indication, _)));
        let Some(hits) = self.search(&query)? else { return Ok(None) };
        let mut cands: Vec<Cand> = Vec::new();
        for (rank, h) in hits.iter().enumerate() {
            if !(h.system == self.system || h.system == CodeSystem::Icd9cm) || h.flags.iter().any(|f| f == "not_inacbg") {
                continue;
            }
            let (covered, extra) = coverage(c, r.clone(), h);
            let covered_weight: f32 =
                c.words.iter().enumerate().filter(|(i, _)| covered & (1 << i) != 0).map(|(_, w)| w.weight).sum();
            if covered_weight < need * total || covered_weight == 0.0 {
                continue;
            }
            let mut score = covered_weight - 0.02 * rank as f32 - extra;
            if (h.system == CodeSystem::Icd9cm && prefer_procedure) || (h.system != CodeSystem::Icd9cm && prefer_diagnosis) {
                score += 0.3;
            }
            let Some(code) = self.leaf(h.system, &h.code) else { continue };
            if cands.iter().any(|k| k.code == code && k.system == h.system) {
                continue;
            }
            let (display, display_id) = if code == h.code {
                (h.display.clone(), h.display_id.clone())
            } else {
                self.titles(h.system, &code)
            };
            let coverage = (covered_weight / total.max(0.01)).min(1.0);
            cands.push(Cand {
                system: h.system,
                code,
                display,
                display_id,
                matched_term: h.matched_term.clone(),
                covered,
                coverage,
                score,
            });
        }
        cands.sort_by(|a, b| b.score.total_cmp(&a.score));
        cands.truncate(3);
        Ok((!cands.is_empty()).then_some(cands))
    }

    /// Runs (or recalls) one search; `None` once the line's search budget is spent.
    fn search(&mut self, query: &str) -> Result<Option<Rc<Vec<SearchResult>>>, Error> {
        if let Some(hits) = self.memo.get(query) {
            return Ok(Some(hits.clone()));
        }
        if self.searches >= MAX_SEARCHES {
            return Ok(None);
        }
        self.searches += 1;
        let o = SearchOptions { limit: HITS, ..Default::default() };
        let hits = Rc::new(search::search(self.cat, query, &o)?);
        self.memo.insert(query.to_string(), hits.clone());
        Ok(Some(hits))
    }

    /// The code itself when it is a leaf; else its "unspecified" descendant (a child ending in
    /// 9, or the last child), as INA-CBG needs the code to its last character.
    fn leaf(&self, system: CodeSystem, code: &str) -> Option<String> {
        let mut c = self.cat.find(system, code)?;
        for _ in 0..3 {
            if c.is_leaf() {
                return Some(c.code().to_string());
            }
            let children: Vec<_> = c.children().filter(|k| k.is_code() && k.accepted_by_inacbg()).collect();
            c = children.iter().find(|k| k.code().ends_with('9')).or(children.last()).copied()?;
        }
        c.is_leaf().then(|| c.code().to_string())
    }

    fn titles(&self, system: CodeSystem, code: &str) -> (String, Option<String>) {
        self.cat.find(system, code).map_or((String::new(), None), |c| (c.title_en(), c.title_id()))
    }
}

/// The clause words (within `r`) the hit covers, and a penalty for words of its term that the
/// clause does not have.
fn coverage(c: &Clause, r: Range<usize>, h: &SearchResult) -> (u32, f32) {
    let term = h.matched_term.as_deref().map(|t| text::words(t, 16)).unwrap_or_default();
    let mut titles = text::words(&h.display, 32);
    if let Some(id) = &h.display_id {
        titles.extend(text::words(id, 32));
    }
    let mut covered = 0u32;
    for i in r.clone() {
        let q = &c.words[i].norm;
        if term.iter().chain(titles.iter()).any(|t| same_word(q, t)) {
            covered |= 1 << i;
        }
    }
    let extra = term.iter().filter(|t| !c.words[r.clone()].iter().any(|w| same_word(&w.norm, t))).count();
    (covered, 0.1 * extra.min(4) as f32)
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
    if (t.starts_with(q) || q.starts_with(t)) && lq.abs_diff(lt) <= 3 {
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

/// Maximal runs of words within `r` that `covered` misses and that weigh at least one word.
fn uncovered_runs(c: &Clause, r: Range<usize>, covered: u32) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = None;
    for i in r.clone().chain(std::iter::once(r.end)) {
        let free = i < r.end && covered & (1 << i) == 0;
        match (free, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if weight(c, s..i) >= 1.0 {
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
        assert_eq!(edit_distance(b"kitten", b"sitting", 5), 3);
    }
}
