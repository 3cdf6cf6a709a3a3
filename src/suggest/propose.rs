//! From matched clauses to the proposed claim: assertions, status codes, values that refine a
//! code, chapter XV in pregnancy, combination codes, symptoms a definitive diagnosis explains,
//! delivery and newborn codes, asterisk partners, then the principal diagnosis first.

use super::matcher::{Cand, Matched};
use super::segment::{Clause, Line};
use super::tables::{Combination, Keep, RowContext, StatusCue, StatusResult, Tables};
use super::*;
use crate::codespec::{any_matches, CodeSpec};

/// One code on its way into the proposal.
#[derive(Clone, Debug)]
struct Item {
    system: CodeSystem,
    code: String,
    /// The clauses it stands for (two for a combination of two conditions).
    clauses: Vec<usize>,
    /// Sort key: byte position of its text, then the order it was added.
    pos: (usize, usize),
    assertion: Assertion,
    confidence: Confidence,
    why: Vec<Why>,
    alternatives: Vec<CodeRef>,
    quantity: Option<u32>,
    principal: bool,
    span: Option<(usize, usize)>,
}

/// A dagger or asterisk partner to add: the code, where, and the code it belongs to (with
/// the daggers of an asterisk, any of which will do).
struct Partner {
    code: String,
    pos: (usize, usize),
    span: Option<(usize, usize)>,
    from: String,
    daggers: Vec<String>,
}

/// The proposal being built.
struct Proposal<'a> {
    cat: &'a Catalog,
    tables: &'a Tables,
    text: &'a str,
    line: &'a Line,
    setting: Option<Setting>,
    items: Vec<Item>,
    omitted: Vec<Omitted>,
    seq: usize,
    obstetric: bool,
    newborn: bool,
}

/// Builds the suggestion for a matched line.
pub(crate) fn propose(
    cat: &Catalog,
    tables: &Tables,
    text: &str,
    line: &Line,
    matched: Matched,
    system: CodeSystem,
    setting: Option<Setting>,
) -> Suggestion {
    let segments = segments(text, line, &matched);
    let mut p = Proposal {
        cat,
        tables,
        text,
        line,
        setting,
        items: Vec::new(),
        omitted: Vec::new(),
        seq: 0,
        obstetric: false,
        newborn: false,
    };
    p.take_matches(&matched);
    p.assertions(system == CodeSystem::Icd10);
    if system == CodeSystem::Icd10 {
        p.contexts();
        p.obstetric_procedures();
        p.refine();
        p.regions();
        p.pregnancy();
        p.refine();
        p.combine();
        p.categories();
        p.symptoms();
        p.delivery();
        p.newborn_codes();
        p.asterisks();
    }
    p.dedupe();
    p.finish(segments, system)
}

fn code_ref(cat: &Catalog, system: CodeSystem, code: &str) -> CodeRef {
    let c = cat.find(system, code);
    CodeRef {
        system,
        code: code.to_string(),
        display: c.map(|c| c.title_en()).unwrap_or_default(),
        display_id: c.and_then(|c| c.title_id()),
    }
}

fn cand_ref(c: &Cand) -> CodeRef {
    CodeRef { system: c.system, code: c.code.clone(), display: c.display.clone(), display_id: c.display_id.clone() }
}

fn why(rule: RuleKind, id: Option<&str>, span: Option<Span>, note_id: String, note_en: String) -> Why {
    Why { rule, id: id.map(str::to_string), span, note_id, note_en }
}

fn is_diagnosis(i: &Item) -> bool {
    i.system != CodeSystem::Icd9cm
}

fn spec(list: &str) -> Vec<CodeSpec> {
    CodeSpec::parse_list(list)
}

/// The segments of the line for the output: every cover, then clauses and words nothing covered.
fn segments(text: &str, line: &Line, m: &Matched) -> Vec<Segment> {
    let mut out: Vec<(usize, Segment)> = Vec::new();
    let mut first_of_clause = vec![true; line.clauses.len()];
    for cover in &m.covers {
        let c = &line.clauses[cover.clause];
        let (s, mut e) = word_span(c, cover.words.clone());
        if let Some(also) = cover.also {
            e = e.max(line.clauses[also].end);
            first_of_clause[also] = false;
        }
        let first = std::mem::replace(&mut first_of_clause[cover.clause], false);
        let best = cover.best();
        let kind = if best.system == CodeSystem::Icd9cm { SegmentKind::Procedure } else { SegmentKind::Diagnosis };
        let candidates = cover
            .cands
            .iter()
            .map(|k| Candidate {
                code: cand_ref(k),
                matched_term: k.matched_term.clone(),
                coverage: round2(k.coverage),
            })
            .collect();
        out.push((s, segment(text, s, e, kind, c, first, candidates)));
    }
    for (ci, c) in line.clauses.iter().enumerate() {
        if first_of_clause[ci] && !c.words.is_empty() && c.words.iter().all(|w| w.weight == 0.0) {
            out.push((c.start, segment(text, c.start, c.end, SegmentKind::Context, c, true, Vec::new())));
        }
    }
    for (ci, r) in &m.unmatched {
        let c = &line.clauses[*ci];
        let (s, e) = word_span(c, r.clone());
        let first = std::mem::replace(&mut first_of_clause[*ci], false);
        out.push((s, segment(text, s, e, SegmentKind::Unmatched, c, first, Vec::new())));
    }
    out.sort_by_key(|(s, _)| *s);
    out.into_iter().map(|(_, s)| s).collect()
}

fn segment(
    text: &str,
    s: usize,
    e: usize,
    kind: SegmentKind,
    c: &Clause,
    first: bool,
    candidates: Vec<Candidate>,
) -> Segment {
    let qualifiers = if first {
        c.quals
            .iter()
            .map(|q| Qualifier { kind: q.kind, value: q.value, more_than: q.more, span: span(text, q.start, q.end) })
            .collect()
    } else {
        Vec::new()
    };
    Segment {
        span: span(text, s, e),
        kind,
        assertion: c.assertion,
        link: if first { c.link.map(|(l, _)| l) } else { None },
        qualifiers,
        candidates,
    }
}

fn word_span(c: &Clause, r: std::ops::Range<usize>) -> (usize, usize) {
    let ws = &c.words[r];
    (ws.first().map_or(c.start, |w| w.start), ws.last().map_or(c.end, |w| w.end))
}

fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

impl Proposal<'_> {
    fn span(&self, s: (usize, usize)) -> Span {
        span(self.text, s.0, s.1)
    }

    fn next_seq(&mut self) -> usize {
        self.seq += 1;
        self.seq
    }

    /// One item per cover: its best code, why, and the other candidates as alternatives.
    fn take_matches(&mut self, m: &Matched) {
        let mut seen: Vec<String> = Vec::new();
        for cover in &m.covers {
            let c = &self.line.clauses[cover.clause];
            // The doctor does not write one condition twice: a code proposed already gives way to
            // an equally good code of another category ("luka bakar … akibat air panas").
            let first = cover.best();
            let pick = if seen.contains(&first.code) && first.system == CodeSystem::Icd10 {
                let other = |k: &Cand| k.system == first.system && k.code.get(..3) != first.code.get(..3);
                cover.cands.iter().position(|k| other(k) && k.coverage >= first.coverage - 0.01).unwrap_or(0)
            } else {
                0
            };
            let best = &cover.cands[pick];
            seen.push(best.code.clone());
            let (s, mut e) = word_span(c, cover.words.clone());
            if let Some(also) = cover.also {
                e = e.max(self.line.clauses[also].end);
            }
            let confidence = match best.coverage {
                x if x >= 0.99 => Confidence::High,
                x if x >= 0.6 => Confidence::Medium,
                _ => Confidence::Low,
            };
            let what =
                best.matched_term.clone().or_else(|| best.display_id.clone()).unwrap_or_else(|| best.display.clone());
            let written = self.text.get(s..e).unwrap_or("").to_string();
            let note_id = format!("\"{written}\" cocok dengan \"{what}\" ({:.0}% kata).", best.coverage * 100.0);
            let note_en = format!("\"{written}\" matches \"{what}\" ({:.0}% of the words).", best.coverage * 100.0);
            let mut why = vec![why(RuleKind::TextMatch, None, Some(self.span((s, e))), note_id, note_en)];
            let negative_unread = c.negative
                && !cover.words.clone().any(|i| c.words[i].norm == "negatif" && best.covered & (1 << i) != 0);
            let mut assertion = c.assertion;
            if negative_unread {
                assertion = Assertion::Negated;
            }
            if assertion == Assertion::Suspected {
                why.push(why_suspected());
            }
            let seq = self.next_seq();
            self.items.push(Item {
                system: best.system,
                code: best.code.clone(),
                clauses: std::iter::once(cover.clause).chain(cover.also).collect(),
                pos: (s, seq),
                assertion,
                confidence: if assertion == Assertion::Suspected {
                    confidence.max(Confidence::Medium)
                } else {
                    confidence
                },
                why,
                alternatives: cover
                    .cands
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != pick)
                    .map(|(_, k)| cand_ref(k))
                    .collect(),
                quantity: c.qual(QualifierKind::Count).map(|q| q.value),
                principal: false,
                span: Some((s, e)),
            });
        }
    }

    fn omit(&mut self, item: &Item, reason: OmitReason, by: Vec<String>, id: Option<&str>, note: (String, String)) {
        self.omitted.push(Omitted {
            code: code_ref(self.cat, item.system, &item.code),
            reason,
            by,
            id: id.map(str::to_string),
            span: item.span.map(|s| self.span(s)),
            note_id: note.0,
            note_en: note.1,
        });
    }

    /// Negated and differential conditions leave; history, "post" and "on" go through
    /// `status.tsv` (ICD-10 only; otherwise they are not coded).
    fn assertions(&mut self, icd10: bool) {
        let items = std::mem::take(&mut self.items);
        for it in items {
            let cue = match it.assertion {
                Assertion::Present | Assertion::Suspected => {
                    self.items.push(it);
                    continue;
                }
                Assertion::Negated => {
                    let n = (
                        "Kondisi dinegasikan dalam resume (\"tanpa\", \"tidak\", hasil negatif); tidak dikode.".into(),
                        "The resume negates this condition (\"tanpa\", \"tidak\", a negative result); never coded."
                            .into(),
                    );
                    self.omit(&it, OmitReason::Negated, Vec::new(), None, n);
                    continue;
                }
                Assertion::Differential => {
                    let n = (
                        "Diagnosis banding (dd/): tidak dikode sampai dokter memastikannya.".into(),
                        "A differential diagnosis (dd/): not coded until the doctor confirms it.".into(),
                    );
                    self.omit(&it, OmitReason::Differential, Vec::new(), None, n);
                    continue;
                }
                Assertion::History => StatusCue::History,
                Assertion::FamilyHistory => StatusCue::Family,
                Assertion::Post => StatusCue::Post,
                Assertion::PostOperative => StatusCue::PostOp,
                Assertion::OnTreatment => StatusCue::Status,
            };
            self.status(it, cue, icd10);
        }
    }

    /// A history, "post" or "on" condition through `status.tsv`: another code, the same code,
    /// or nothing (with the row's basis).
    fn status(&mut self, mut it: Item, cue: StatusCue, icd10: bool) {
        let row = if icd10 { self.status_row(cue, &it) } else { None };
        let (label_id, label_en) = match cue {
            StatusCue::History => ("Riwayat", "History"),
            StatusCue::Family => ("Riwayat keluarga", "Family history"),
            StatusCue::Post | StatusCue::PostOp => ("Pasca", "After (post)"),
            StatusCue::Status => ("Sedang menjalani", "On treatment"),
        };
        let Some(r) = row else {
            let n = (format!("{label_id}: tidak dikode."), format!("{label_en}: not coded."));
            self.omit(&it, OmitReason::NotCoded, Vec::new(), None, n);
            return;
        };
        let (id, result) = (r.id.clone(), r.result.clone());
        let (note_id, note_en) = cite(label_id, label_en, &r.basis);
        let span = it.span.map(|s| self.span(s));
        match result {
            StatusResult::Code(code) => {
                it.why.push(why(
                    RuleKind::Status,
                    Some(&id),
                    span,
                    format!("{note_id} → {code}"),
                    format!("{note_en} → {code}"),
                ));
                it.alternatives.insert(0, code_ref(self.cat, it.system, &it.code));
                it.system = CodeSystem::Icd10;
                it.code = code;
            }
            StatusResult::Same => it.why.push(why(RuleKind::Status, Some(&id), span, note_id, note_en)),
            StatusResult::Nothing => {
                let n = (format!("{note_id}: tidak dikode"), format!("{note_en}: not coded"));
                return self.omit(&it, OmitReason::NotCoded, Vec::new(), Some(&id), n);
            }
        }
        it.confidence = it.confidence.max(Confidence::Medium);
        self.items.push(it);
    }

    fn status_row(&self, cue: StatusCue, it: &Item) -> Option<&super::tables::StatusRow> {
        let obstetric = self.line_is_obstetric();
        self.tables.status.iter().find(|r| {
            r.cue == cue
                && (!r.pregnancy || obstetric)
                && self.setting_fits(r.setting)
                && any_matches(&r.codes, &it.code)
        })
    }

    /// True when a row of this setting applies (rows for one setting need the setting known).
    fn setting_fits(&self, row: Option<Setting>) -> bool {
        row.is_none() || row == self.setting
    }

    /// Obstetric context from the words of the line (before any code is known).
    fn line_is_obstetric(&self) -> bool {
        let l = self.line;
        let words =
            [Context::Pregnancy, Context::Labour, Context::Delivery, Context::Puerperium].iter().any(|c| l.has(*c));
        (words || l.qual(QualifierKind::Gravida).is_some()) && !self.newborn_words()
    }

    /// Newborn words and no sign of the mother (an obstetric formula, "hamil", "inpartu").
    fn newborn_words(&self) -> bool {
        let l = self.line;
        l.has(Context::Newborn)
            && !l.has(Context::Pregnancy)
            && !l.has(Context::Labour)
            && l.qual(QualifierKind::Gravida).is_none()
            && l.qual(QualifierKind::Para).is_none()
    }

    /// Decides the obstetric and newborn context from the words and the codes.
    fn contexts(&mut self) {
        // An O-code makes the line obstetric only when its words match it fully (a stray word
        // matched to an O-code must not turn every condition into chapter XV).
        let o_code =
            self.items.iter().any(|i| is_diagnosis(i) && i.code.starts_with('O') && i.confidence == Confidence::High);
        let p_code = self.items.iter().any(|i| is_diagnosis(i) && i.code.starts_with('P'));
        self.newborn = self.newborn_words() || (p_code && !o_code && !self.line_is_obstetric());
        let weeks_only = self.line.qual(QualifierKind::Weeks).is_some() && !self.newborn;
        self.obstetric =
            !self.newborn && (self.line_is_obstetric() || o_code || weeks_only || self.delivery_procedure().is_some());
    }

    /// An obstetric procedure (72–75) on a line that is about something else ("kemoterapi fase
    /// induksi") is a misread word, not a delivery.
    fn obstetric_procedures(&mut self) {
        let other_dx = self.items.iter().any(|i| is_diagnosis(i) && !i.code.starts_with('O'));
        if self.obstetric || self.newborn || !other_dx {
            return;
        }
        let specs = spec("72-75.99");
        while let Some(x) =
            self.items.iter().position(|i| i.system == CodeSystem::Icd9cm && any_matches(&specs, &i.code))
        {
            let it = self.items.remove(x);
            let n = (
                "Tindakan obstetri pada baris yang tidak menyebut kehamilan atau persalinan: tidak diusulkan."
                    .to_string(),
                "An obstetric procedure on a line that names no pregnancy or delivery: not proposed.".to_string(),
            );
            self.omit(&it, OmitReason::NotCoded, Vec::new(), None, n);
        }
    }

    fn delivery_procedure(&self) -> Option<&Item> {
        let specs = spec(DELIVERY_PROCEDURES);
        self.items.iter().find(|i| i.system == CodeSystem::Icd9cm && any_matches(&specs, &i.code))
    }

    /// Values of the line that refine a code (`refinements.tsv`): every row that matches, one
    /// per kind of value ("luka bakar grade II 15%" → T30.2 and T31.1).
    fn refine(&mut self) {
        let tables = self.tables;
        let mut added: Vec<Item> = Vec::new();
        for idx in 0..self.items.len() {
            if !is_diagnosis(&self.items[idx]) {
                continue;
            }
            let quals: Vec<(QualifierKind, u32)> = self.quals_of(&self.items[idx]);
            let mut used: Vec<QualifierKind> = Vec::new();
            for r in &tables.refinements {
                let code = self.items[idx].code.clone();
                let fits = quals.iter().any(|(k, v)| *k == r.qualifier && (r.min..=r.max).contains(v));
                if used.contains(&r.qualifier) || !fits || !any_matches(&r.codes, &code) {
                    continue;
                }
                used.push(r.qualifier);
                let w = why(
                    RuleKind::Refinement,
                    Some(&r.id),
                    self.items[idx].span.map(|s| self.span(s)),
                    r.basis.clone(),
                    r.basis.clone(),
                );
                if r.add {
                    let same = |i: &Item| i.code.get(..3) == r.result.get(..3);
                    if !self.items.iter().any(same) && !added.iter().any(same) {
                        let mut new = self.derived(idx, &r.result);
                        new.why = vec![w];
                        added.push(new);
                    }
                } else if r.result != code {
                    let old = code_ref(self.cat, CodeSystem::Icd10, &code);
                    let it = &mut self.items[idx];
                    it.alternatives.insert(0, old);
                    it.code = r.result.clone();
                    it.why.push(w);
                }
            }
        }
        self.items.extend(added);
    }

    /// A code of an unspecified site (an injury T14.x, an abscess L02.9, cellulitis L03.9, a
    /// burn T30.x) whose condition names a body region becomes the code of that region
    /// (`region_codes.tsv`, regions of `body_regions.tsv`).
    fn regions(&mut self) {
        let tables = self.tables;
        for idx in 0..self.items.len() {
            let it = &self.items[idx];
            let region = it.clauses.iter().find_map(|&c| self.line.clauses[c].regions.first().copied());
            let Some(region) = region else { continue };
            let Some(row) =
                tables.regions.iter().find(|r| r.regions.contains(&region) && any_matches(&r.codes, &it.code))
            else {
                continue;
            };
            let open =
                it.clauses.iter().find_map(|&c| self.line.clauses[c].qual(QualifierKind::Open)).map(|q| q.value == 1);
            let template = row.result.replace("{r}", &region.to_string());
            let Some(target) = expand(&template, &it.code, "") else { continue };
            let Some(code) = super::matcher::leaf(self.cat, CodeSystem::Icd10, &target, open) else { continue };
            let w = why(
                RuleKind::Refinement,
                Some(&row.id),
                it.span.map(|s| self.span(s)),
                row.basis.clone(),
                row.basis.clone(),
            );
            let old = code_ref(self.cat, CodeSystem::Icd10, &it.code);
            let it = &mut self.items[idx];
            it.alternatives.insert(0, old);
            it.code = code;
            it.why.push(w);
        }
    }

    /// The values of an item's clauses, then the line's weeks and weight; "> 24" counts as 25.
    fn quals_of(&self, it: &Item) -> Vec<(QualifierKind, u32)> {
        let clause_quals = it.clauses.iter().flat_map(|&c| self.line.clauses[c].quals.iter());
        clause_quals
            .chain(self.line.quals.iter())
            .map(|q| (q.kind, if q.more == Some(true) { q.value.saturating_add(1) } else { q.value }))
            .collect()
    }

    /// A new ICD-10 item derived from item `idx` (placed right after it).
    fn derived(&mut self, idx: usize, code: &str) -> Item {
        let seq = self.next_seq();
        let base = &self.items[idx];
        let item = self.bare(CodeSystem::Icd10, code, (base.pos.0, seq), base.span);
        Item { clauses: base.clauses.clone(), ..item }
    }

    /// Chapter XV for conditions of a pregnant, delivering or puerperal patient; chapter XVI for
    /// a newborn's (whose claim never carries the mother's O-codes).
    fn pregnancy(&mut self) {
        let (context, own) = match (self.obstetric, self.newborn) {
            (true, _) => (RowContext::Pregnancy, 'O'),
            (_, true) => (RowContext::Newborn, 'P'),
            _ => return,
        };
        if self.newborn {
            while let Some(x) = self.items.iter().position(|i| is_diagnosis(i) && i.code.starts_with('O')) {
                let it = self.items.remove(x);
                let n = (
                    "Kode bab XV (ibu) tidak dipakai pada klaim bayi.".to_string(),
                    "A chapter XV (maternal) code is not used on a newborn's claim.".to_string(),
                );
                self.omit(&it, OmitReason::NotCoded, Vec::new(), None, n);
            }
        }
        let tables = self.tables;
        let rows: Vec<&Combination> = tables.combinations.iter().filter(|r| r.context == context).collect();
        let todo: Vec<usize> = self.items.iter().map(|i| i.pos.1).collect();
        for seq in todo {
            let Some(idx) = self.items.iter().position(|i| i.pos.1 == seq) else { continue };
            let it = &self.items[idx];
            let eligible = is_diagnosis(it) && !it.code.starts_with(own) && !it.code.starts_with('Z');
            let row =
                rows.iter().find(|r| eligible && self.setting_fits(r.setting) && any_matches(&r.a, &it.code)).copied();
            if let Some(r) = row {
                self.apply(r, idx, None);
            }
        }
    }

    /// Combination rows, repeatedly, until none fires (bounded).
    fn combine(&mut self) {
        for _ in 0..8 {
            let mut fired = false;
            let (tables, setting) = (self.tables, self.setting);
            for r in tables
                .combinations
                .iter()
                .filter(|r| r.context == RowContext::Any && (r.setting.is_none() || r.setting == setting))
            {
                if r.b.is_empty() {
                    let single = self.items.iter().position(|i| {
                        any_matches(&r.a, &i.code)
                            && !r
                                .result
                                .iter()
                                .filter_map(|t| expand(t, &i.code, ""))
                                .all(|c| self.items.iter().any(|x| x.code == c))
                    });
                    if let Some(a) = single {
                        self.apply(r, a, None);
                        fired = true;
                    }
                } else if let Some((a, b)) = self.pair(r) {
                    self.apply(r, a, Some(b));
                    fired = true;
                }
            }
            if !fired {
                break;
            }
        }
    }

    /// Two different items matching a row, linked when the row asks for it, whose result is not
    /// proposed already.
    fn pair(&self, r: &Combination) -> Option<(usize, usize)> {
        for (a, ia) in self.items.iter().enumerate().filter(|(_, i)| any_matches(&r.a, &i.code)) {
            for (b, ib) in self.items.iter().enumerate().filter(|(_, i)| any_matches(&r.b, &i.code)) {
                if a == b || ia.code == ib.code || (r.stated && !self.linked(ia, ib)) {
                    continue;
                }
                let results: Vec<String> = r.result.iter().filter_map(|t| expand(t, &ia.code, &ib.code)).collect();
                let new = results.iter().any(|c| !self.items.iter().any(|i| &i.code == c));
                let drops = (r.keep == Keep::None || r.keep == Keep::B) && !results.contains(&ia.code)
                    || (r.keep == Keep::None || r.keep == Keep::A) && !results.contains(&ib.code);
                if new || drops {
                    return Some((a, b));
                }
            }
        }
        None
    }

    /// True when the doctor links the two conditions: one clause, or "ec"/"dengan"/"a/i" between.
    fn linked(&self, a: &Item, b: &Item) -> bool {
        let link = |x: usize, y: usize| matches!(self.line.clauses[x].link, Some((_, t)) if t == y);
        a.clauses.iter().any(|&x| b.clauses.iter().any(|&y| x == y || link(x, y) || link(y, x)))
    }

    /// Applies a combination (or pregnancy) row to items `a` (and `b`).
    fn apply(&mut self, r: &Combination, a: usize, b: Option<usize>) {
        let (ca, cb) = (self.items[a].code.clone(), b.map(|b| self.items[b].code.clone()).unwrap_or_default());
        let results: Vec<String> = r
            .result
            .iter()
            .filter_map(|t| expand(t, &ca, &cb))
            .filter(|c| self.cat.find(system_of(c), c).is_some_and(|k| k.is_leaf()))
            .collect();
        if results.is_empty() {
            return;
        }
        let parts: Vec<usize> = std::iter::once(a).chain(b).collect();
        let first = parts.iter().copied().min_by_key(|&i| self.items[i].pos).unwrap_or(a);
        let clauses: Vec<usize> = parts.iter().flat_map(|&i| self.items[i].clauses.clone()).collect();
        let rule = if r.context == RowContext::Any { RuleKind::Combination } else { RuleKind::Pregnancy };
        let joined = parts.iter().map(|&i| self.items[i].code.as_str()).collect::<Vec<_>>().join(" + ");
        let (label_id, label_en) = match r.context {
            RowContext::Any => ("Kode kombinasi", "Combination code"),
            RowContext::Pregnancy => (
                "Kondisi pada kehamilan/persalinan/nifas: bab XV",
                "A condition in pregnancy, childbirth or the puerperium: chapter XV",
            ),
            RowContext::Newborn => ("Kondisi bayi baru lahir: bab XVI", "A condition of a newborn: chapter XVI"),
        };
        let (cite_id, cite_en) = cite(label_id, label_en, &r.basis);
        let note_id = format!("{joined} → {}. {cite_id}", results.join(", "));
        let note_en = format!("{joined} → {}. {cite_en}", results.join(", "));
        let mut new_items = Vec::new();
        for code in &results {
            if self.items.iter().any(|i| &i.code == code) {
                continue;
            }
            let mut it = self.derived(first, code);
            it.system = system_of(code);
            it.clauses = clauses.clone();
            it.principal = r.principal && new_items.is_empty();
            it.why = parts.iter().flat_map(|&i| self.items[i].why.iter().take(1).cloned()).collect();
            it.why.push(why(rule, Some(&r.id), None, note_id.clone(), note_en.clone()));
            it.alternatives =
                parts.iter().map(|&i| code_ref(self.cat, self.items[i].system, &self.items[i].code)).collect();
            if r.principal {
                it.why.push(why_principal(&r.basis));
            }
            new_items.push(it);
        }
        let keep_a = matches!(r.keep, Keep::A | Keep::Both) || results.contains(&ca);
        let keep_b = matches!(r.keep, Keep::B | Keep::Both) || results.contains(&cb);
        let mut drop: Vec<usize> = Vec::new();
        if !keep_a {
            drop.push(a);
        }
        if let Some(b) = b.filter(|_| !keep_b) {
            drop.push(b);
        }
        let base = self.items[first].pos;
        for (k, it) in new_items.iter_mut().enumerate() {
            it.pos = (base.0, base.1.saturating_sub(1000).saturating_add(k));
        }
        drop.sort_unstable_by(|x, y| y.cmp(x));
        for d in drop {
            let it = self.items.remove(d);
            let n = (
                format!("Diganti {}: {}", results.join(", "), r.basis),
                format!("Replaced by {}: {}", results.join(", "), r.basis),
            );
            self.omit(&it, OmitReason::Replaced, results.clone(), Some(&r.id), n);
        }
        self.items.extend(new_items);
    }

    /// Two codes of one ICD-10 category: the unspecified one (.8/.9) gives way to the specific
    /// one; two different diabetes complications become .7 (multiple complications); an
    /// unspecified injury of a region (S09, S19 … S99) gives way to a specific injury there.
    fn categories(&mut self) {
        while let Some((x, by)) = self.category_change() {
            let it = self.items.remove(x);
            if by.ends_with(".7") && !self.items.iter().any(|i| i.code == by) {
                let y = self.items.iter().position(|i| i.code.get(..3) == it.code.get(..3)).unwrap_or(0);
                let basis = "ICD-10 Vol. 1 (2010) E10-E14 .7 with multiple complications";
                let w = why(RuleKind::Combination, None, None, basis.into(), basis.into());
                let other = &mut self.items[y];
                other.alternatives.insert(0, code_ref(self.cat, CodeSystem::Icd10, &other.code));
                other.code = by.clone();
                other.why.push(w);
            }
            let n = (
                format!("Kode yang lebih spesifik diusulkan: {by}."),
                format!("A more specific code is proposed: {by}."),
            );
            self.omit(&it, OmitReason::Replaced, vec![by], None, n);
        }
    }

    /// The item that gives way, and the code it gives way to.
    fn category_change(&self) -> Option<(usize, String)> {
        let unspecified = |c: &str| c.get(4..5) == Some("9") || (c.len() == 5 && c.ends_with('8'));
        let diabetes = spec("E10.0-E10.6,E11.0-E11.6,E12.0-E12.6,E13.0-E13.6,E14.0-E14.6");
        for (x, a) in self.items.iter().enumerate().filter(|(_, i)| i.system == CodeSystem::Icd10) {
            for (y, b) in self.items.iter().enumerate().filter(|(_, i)| i.system == CodeSystem::Icd10) {
                if x == y || a.code == b.code || a.code.len() < 3 || b.code.len() < 3 {
                    continue;
                }
                let region_injury = a.code.starts_with('S') && b.code.starts_with('S') && a.code.get(2..3) == Some("9");
                if region_injury && a.code.get(1..2) == b.code.get(1..2) && a.code[..3] != b.code[..3] {
                    return Some((x, b.code.clone()));
                }
                if a.code.len() < 5 || b.code.len() < 5 || a.code[..3] != b.code[..3] {
                    continue;
                }
                if self.is_asterisk(&a.code) || self.is_asterisk(&b.code) {
                    continue;
                }
                if unspecified(&a.code) && !unspecified(&b.code) {
                    return Some((x, b.code.clone()));
                }
                if any_matches(&diabetes, &a.code) && any_matches(&diabetes, &b.code) {
                    return Some((x, format!("{}.7", &a.code[..3])));
                }
            }
        }
        None
    }

    fn is_asterisk(&self, code: &str) -> bool {
        self.cat.find(CodeSystem::Icd10, code).is_some_and(|c| c.is_asterisk())
    }

    /// Symptoms the definitive diagnosis of the line explains leave (the claim checks' table).
    fn symptoms(&mut self) {
        loop {
            let mut hit = None;
            'rows: for row in &self.tables.symptoms {
                for (x, s) in self
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| is_diagnosis(i) && any_matches(&row.symptoms, &i.code))
                {
                    if let Some(d) = self
                        .items
                        .iter()
                        .find(|d| d.code != s.code && is_diagnosis(d) && any_matches(&row.definitive, &d.code))
                    {
                        hit = Some((x, d.code.clone(), row.id.clone()));
                        break 'rows;
                    }
                }
            }
            let Some((x, by, id)) = hit else { break };
            let it = self.items.remove(x);
            let n = (
                format!("Gejala sudah dijelaskan oleh {by}; tidak dikode terpisah (aturan {id})."),
                format!("The symptom is explained by {by}; not coded separately (rule {id})."),
            );
            self.omit(&it, OmitReason::Explained, vec![by], Some(&id), n);
        }
    }

    /// Delivery in this stay: the mode (O80–O84) and the outcome (Z37).
    fn delivery(&mut self) {
        // "post partum" alone may be a referral after a delivery elsewhere; with the para of an
        // obstetric formula ("P1A0 post partum") the delivery was in this stay.
        let para = self.line.qual(QualifierKind::Para).is_some();
        let words = self.line.has(Context::Delivery)
            || (self.line.has(Context::Puerperium) && para && self.setting != Some(Setting::Outpatient));
        let proc = self.delivery_procedure().map(|i| (i.code.clone(), i.pos, i.span));
        let o8x = self.items.iter().any(|i| delivery_mode(&i.code));
        let not_delivered = proc.is_none() && self.items.iter().any(|i| abortion(&i.code));
        if !self.obstetric
            || !(words || proc.is_some() || o8x)
            || not_delivered
            || self.items.iter().any(|i| i.code.starts_with("O0"))
        {
            return;
        }
        let caesarean = proc.as_ref().is_some_and(|(c, _, _)| c.starts_with("74"));
        let others = self.items.iter().any(|i| is_diagnosis(i) && i.code.starts_with('O') && !delivery_mode(&i.code));
        let d = self.line.delivery;
        let pos = proc.as_ref().map_or((usize::MAX - 2, 0), |(_, p, _)| *p);
        let span = proc.as_ref().and_then(|(_, _, s)| *s);
        if caesarean {
            let code = if d.elective {
                "O82.0"
            } else if d.emergency {
                "O82.1"
            } else {
                "O82.9"
            };
            if !self.items.iter().any(|i| i.code.starts_with("O82")) {
                let (id, en) = (
                    format!("Persalinan dengan seksio sesarea ({code}); indikasinya tetap diagnosis utama (Kemenkes, koding persalinan)."),
                    format!("Delivery by caesarean section ({code}); its indication stays the principal diagnosis (Kemenkes delivery coding)."),
                );
                self.add(code, pos, span, RuleKind::Delivery, id, en);
            }
        } else if !others && !o8x {
            let code = if d.twins { "O84.0" } else { "O80.0" };
            let (id, en) = (
                format!("Persalinan spontan tanpa penyulit bab XV lain: {code} (ICD-10 Vol. 1 (2010) O80-O84)."),
                format!(
                    "Spontaneous delivery with no other chapter XV condition: {code} (ICD-10 Vol. 1 (2010) O80-O84)."
                ),
            );
            self.add(code, pos, span, RuleKind::Delivery, id, en);
        }
        if !caesarean && proc.is_none() {
            let (id, en) =
                ("Persalinan spontan dibantu: 73.59.".to_string(), "Assisted spontaneous delivery: 73.59.".to_string());
            let seq = self.next_seq();
            let mut it = self.bare(CodeSystem::Icd9cm, "73.59", (usize::MAX - 1, seq), None);
            it.why.push(why(RuleKind::Delivery, None, None, id, en));
            self.items.push(it);
        }
        self.drop_o80_beside_others();
        if !self.items.iter().any(|i| i.code.starts_with("Z37")) {
            let code = if d.stillbirth {
                "Z37.1"
            } else if d.twins {
                "Z37.2"
            } else {
                "Z37.0"
            };
            let (id, en) = (
                format!("Hasil persalinan wajib dikode ({code}); lahir hidup tunggal kecuali resume menulis lain — konfirmasi."),
                format!("The outcome of delivery is always coded ({code}); a single live birth unless the resume says otherwise — confirm."),
            );
            self.add(code, (usize::MAX, 0), None, RuleKind::Outcome, id, en);
        }
    }

    /// O80 (normal delivery) only when no other chapter XV condition is coded.
    fn drop_o80_beside_others(&mut self) {
        let others = self.items.iter().any(|i| is_diagnosis(i) && i.code.starts_with('O') && !delivery_mode(&i.code));
        if !others {
            return;
        }
        while let Some(x) = self.items.iter().position(|i| i.code.starts_with("O80")) {
            let it = self.items.remove(x);
            let n = (
                "O80 hanya bila tidak ada kondisi bab XV lain (ICD-10 Vol. 1 (2010) O80-O84; Koder DUP-205)."
                    .to_string(),
                "O80 only when no other chapter XV condition is coded (ICD-10 Vol. 1 (2010) O80-O84; Koder DUP-205)."
                    .to_string(),
            );
            self.omit(&it, OmitReason::Replaced, Vec::new(), Some("DUP-205"), n);
        }
    }

    /// A newborn without a condition: Z38 (born in hospital); the mother's delivery procedure
    /// is not the baby's.
    fn newborn_codes(&mut self) {
        if !self.newborn {
            return;
        }
        let specs = spec(DELIVERY_PROCEDURES);
        while let Some(x) =
            self.items.iter().position(|i| i.system == CodeSystem::Icd9cm && any_matches(&specs, &i.code))
        {
            let it = self.items.remove(x);
            let n = (
                "Cara lahir bayi adalah tindakan pada ibu; tidak dikode pada klaim bayi.".to_string(),
                "The way the baby was born is the mother's procedure; not coded on the baby's claim.".to_string(),
            );
            self.omit(&it, OmitReason::NotCoded, Vec::new(), None, n);
        }
        let maternal = spec("P00-P04,Z38");
        let condition = self.items.iter().any(|i| is_diagnosis(i) && !any_matches(&maternal, &i.code));
        if condition {
            while let Some(x) = self.items.iter().position(|i| i.code.starts_with("Z38")) {
                let it = self.items.remove(x);
                let n = (
                    "Z38 hanya untuk bayi baru lahir tanpa kondisi yang dirawat.".to_string(),
                    "Z38 is only for a newborn with no condition under care.".to_string(),
                );
                self.omit(&it, OmitReason::Replaced, Vec::new(), None, n);
            }
        } else if !self.items.iter().any(|i| i.code.starts_with("Z38")) {
            let code = if self.line.delivery.twins { "Z38.3" } else { "Z38.0" };
            let (id, en) = (
                format!("Bayi baru lahir tanpa diagnosis penyakit: {code} (lahir di rumah sakit) — konfirmasi tempat lahir."),
                format!("A newborn with no condition: {code} (born in hospital) — confirm the place of birth."),
            );
            self.add(code, (0, 0), None, RuleKind::Newborn, id, en);
        }
    }

    /// A dagger code with exactly one asterisk partner gets it; with several, they are offered.
    /// An asterisk code without its dagger gets the dagger's unspecified code ("demensia
    /// alzheimer" F00.9* → G30.9†), which then stands before it.
    fn asterisks(&mut self) {
        let mut added: Vec<Partner> = Vec::new();
        for it in self.items.iter_mut().filter(|i| i.system == CodeSystem::Icd10) {
            let Some(c) = self.cat.find(CodeSystem::Icd10, &it.code) else { continue };
            let partners: Vec<String> = c.partners().map(|p| p.code().to_string()).collect();
            if partners.is_empty() {
                continue;
            }
            if c.is_asterisk() {
                let dagger =
                    partners.iter().filter_map(|p| super::matcher::leaf(self.cat, CodeSystem::Icd10, p, None)).next();
                if let Some(d) = dagger {
                    let pos = (it.pos.0, it.pos.1.saturating_sub(1));
                    added.push(Partner { code: d, pos, span: it.span, from: it.code.clone(), daggers: partners });
                }
                continue;
            }
            if !c.is_dagger() || c.is_dagger_optional() {
                continue;
            }
            if partners.len() > 1 {
                for p in &partners {
                    if !it.alternatives.iter().any(|a| &a.code == p) {
                        it.alternatives.push(code_ref(self.cat, CodeSystem::Icd10, p));
                    }
                }
                continue;
            }
            // The manifestation must be written: a word of the asterisk code's title in the line.
            let named = self.cat.find(CodeSystem::Icd10, &partners[0]).is_some_and(|a| {
                let title = format!("{} {}", a.title_en(), a.title_id().unwrap_or_default());
                let words = crate::text::words(&title, 48);
                it.clauses.iter().flat_map(|&c| self.line.clauses[c].words.iter()).any(|w| {
                    w.weight >= 1.0 && words.iter().any(|t| t.len() >= 5 && super::matcher::same_word(&w.norm, t))
                })
            });
            if !named {
                it.alternatives.push(code_ref(self.cat, CodeSystem::Icd10, &partners[0]));
                continue;
            }
            let pos = (it.pos.0, it.pos.1 + 1);
            added.push(Partner {
                code: partners[0].clone(),
                pos,
                span: it.span,
                from: it.code.clone(),
                daggers: Vec::new(),
            });
        }
        for Partner { code, pos, span, from, daggers } in added {
            // For an asterisk: any of its daggers (or their categories) written already will do.
            let partner =
                |i: &Item| daggers.iter().any(|d| i.code == *d || (d.len() == 3 && i.code.starts_with(d.as_str())));
            if self.items.iter().any(|i| i.code == code || partner(i)) {
                continue;
            }
            let (id, en) = if !daggers.is_empty() {
                (
                    format!("{from}* adalah kode manifestasi; kode etiologinya {code}† menjadi diagnosis di depannya (ICD-10 Vol. 2 (2010) 3.1.3) — konfirmasi."),
                    format!("{from}* is a manifestation code; its etiology code {code}† comes before it (ICD-10 Vol. 2 (2010) 3.1.3) — confirm."),
                )
            } else {
                (
                    format!("{from}† memerlukan kode manifestasi (asterisk) {code}* sebagai diagnosis sekunder (ICD-10 Vol. 2 (2010) 3.1.3)."),
                    format!("{from}† takes its manifestation (asterisk) code {code}* as a secondary diagnosis (ICD-10 Vol. 2 (2010) 3.1.3)."),
                )
            };
            self.add(&code, pos, span, RuleKind::Asterisk, id, en);
        }
    }

    fn bare(&self, system: CodeSystem, code: &str, pos: (usize, usize), span: Option<(usize, usize)>) -> Item {
        Item {
            system,
            code: code.to_string(),
            clauses: Vec::new(),
            pos,
            assertion: Assertion::Present,
            confidence: Confidence::Medium,
            why: Vec::new(),
            alternatives: Vec::new(),
            quantity: None,
            principal: false,
            span,
        }
    }

    fn add(
        &mut self,
        code: &str,
        pos: (usize, usize),
        span: Option<(usize, usize)>,
        rule: RuleKind,
        id: String,
        en: String,
    ) {
        let mut it = self.bare(CodeSystem::Icd10, code, pos, span);
        it.why.push(why(rule, None, span.map(|s| self.span(s)), id, en));
        self.items.push(it);
    }

    /// The same code twice: once.
    fn dedupe(&mut self) {
        self.items.sort_by_key(|i| i.pos);
        let mut seen: Vec<(CodeSystem, String)> = Vec::new();
        let items = std::mem::take(&mut self.items);
        for it in items {
            let key = (it.system, it.code.clone());
            if seen.contains(&key) && it.system != CodeSystem::Icd9cm {
                let n =
                    ("Kode yang sama sudah diusulkan.".to_string(), "The same code is proposed already.".to_string());
                self.omit(&it, OmitReason::Duplicate, vec![it.code.clone()], None, n);
                continue;
            }
            if seen.contains(&key) {
                if let Some(first) = self.items.iter_mut().find(|i| i.system == it.system && i.code == it.code) {
                    first.quantity = Some(first.quantity.unwrap_or(1) + it.quantity.unwrap_or(1));
                }
                continue;
            }
            seen.push(key);
            self.items.push(it);
        }
    }

    /// The principal diagnosis: a treatment encounter (chemotherapy, dialysis session) first,
    /// in pregnancy the first chapter XV condition that is not a delivery mode, otherwise the
    /// first condition the doctor wrote; never an asterisk, external-cause or Z37 code.
    fn principal(&self, dx: &[&Item]) -> Option<usize> {
        let cat = self.cat;
        let allowed = |i: &Item| {
            let c = &i.code;
            let asterisk = cat.find(i.system, c).is_some_and(|k| k.is_asterisk());
            i.system == CodeSystem::Icpc2
                || !(asterisk
                    || c.starts_with('V')
                    || c.starts_with('W')
                    || c.starts_with('X')
                    || c.starts_with('Y')
                    || c.starts_with("Z37"))
        };
        let status = |i: &Item| i.why.iter().any(|w| w.rule == RuleKind::Status) && i.code.starts_with('Z');
        if let Some(x) = dx.iter().position(|i| i.principal) {
            return Some(x);
        }
        if self.obstetric {
            if let Some(x) = dx.iter().position(|i| allowed(i) && i.code.starts_with('O') && !delivery_mode(&i.code)) {
                return Some(x);
            }
        }
        // A newborn's maternal-factor code (P00–P04) gives way to the condition under care.
        let maternal = |i: &Item| any_matches(&spec("P00-P04"), &i.code);
        let first = dx
            .iter()
            .position(|i| allowed(i) && !status(i) && !maternal(i))
            .or_else(|| dx.iter().position(|i| allowed(i)))?;
        // R56.0 (febrile convulsion) is a diagnosis of its own (as in the claim checks' tables).
        let manifestation =
            |c: &str| (c.starts_with('R') && !c.starts_with("R56.0")) || any_matches(&spec("G81-G83,K92.0-K92.2"), c);
        if manifestation(&dx[first].code) {
            // A symptom or a paralysis the line ties to its cause ("Syok kardiogenik ec STEMI",
            // "hemiparese ec stroke infark"): the cause.
            let cause = dx.iter().position(|i| {
                allowed(i)
                    && !status(i)
                    && !manifestation(&i.code)
                    && !i.code.starts_with('Z')
                    && self.linked(i, dx[first])
            });
            return cause.or(Some(first));
        }
        Some(first)
    }

    fn finish(self, segments: Vec<Segment>, system: CodeSystem) -> Suggestion {
        let dx: Vec<&Item> = self.items.iter().filter(|i| is_diagnosis(i)).collect();
        let px: Vec<&Item> = self.items.iter().filter(|i| !is_diagnosis(i)).collect();
        let principal = self.principal(&dx);
        let mut order: Vec<usize> = (0..dx.len()).collect();
        if let Some(p) = principal {
            order.retain(|&i| i != p);
            order.insert(0, p);
        }
        let out = |it: &Item, role: Role| SuggestedCode {
            code: code_ref(self.cat, it.system, &it.code),
            role,
            confidence: it.confidence,
            why: it.why.clone(),
            alternatives: it.alternatives.iter().filter(|a| a.code != it.code).cloned().collect(),
            quantity: it.quantity,
        };
        let diagnoses: Vec<SuggestedCode> = order
            .iter()
            .map(|&i| out(dx[i], if Some(i) == principal { Role::Principal } else { Role::Secondary }))
            .collect();
        let procedures: Vec<SuggestedCode> = px.iter().map(|i| out(i, Role::Procedure)).collect();
        let mut claim = ProposedClaim {
            setting: self.setting,
            procedures: procedures.iter().map(|p| p.code.code.clone()).collect(),
            ..Default::default()
        };
        let codes: Vec<String> = diagnoses.iter().map(|d| d.code.code.clone()).collect();
        if system == CodeSystem::Icpc2 {
            claim.facility = Some(Facility::Fktp);
            claim.icpc2 = codes;
        } else if let Some((first, rest)) = codes.split_first() {
            if principal.is_some() {
                claim.principal_diagnosis = Some(first.clone());
                claim.secondary_diagnoses = rest.to_vec();
            } else {
                claim.secondary_diagnoses = codes.clone();
            }
        }
        let mut contexts: Vec<Context> = Vec::new();
        let derived = [(self.obstetric, Context::Pregnancy), (self.newborn, Context::Newborn)];
        for c in self.line.contexts.iter().map(|(c, _, _)| *c).chain(derived.iter().filter(|d| d.0).map(|d| d.1)) {
            let wrong = (c == Context::Newborn && !self.newborn) || (c != Context::Newborn && self.newborn);
            if !contexts.contains(&c) && !wrong {
                contexts.push(c);
            }
        }
        Suggestion {
            system,
            setting: self.setting,
            contexts,
            segments,
            diagnoses,
            procedures,
            omitted: self.omitted,
            claim,
            note_id: "Usulan kode dari teks resume — koder memeriksa dan mengonfirmasi setiap kode sebelum dipakai."
                .into(),
            note_en: "Codes proposed from the resume text — the coder reviews and confirms every code before use."
                .into(),
        }
    }
}

/// Procedures that deliver a baby: forceps/vacuum, assisted and spontaneous delivery,
/// caesarean section (not induction or amniotomy alone, 73.0–73.4).
const DELIVERY_PROCEDURES: &str = "72,73.5-73.99,74.0-74.2,74.4,74.99";

/// O80–O84: the mode of delivery (O85–O86 are puerperal conditions).
fn delivery_mode(code: &str) -> bool {
    any_matches(&spec("O80-O84"), code)
}

/// ICD-9-CM codes start with a digit, ICD-10 codes with a letter.
fn system_of(code: &str) -> CodeSystem {
    if code.starts_with(|c: char| c.is_ascii_digit()) {
        CodeSystem::Icd9cm
    } else {
        CodeSystem::Icd10
    }
}

/// Codes of a pregnancy that did not end in this stay: abortion and ectopic pregnancy,
/// threatened abortion, false labour, preterm labour without delivery.
fn abortion(code: &str) -> bool {
    any_matches(&spec("O00-O08,O20,O47,O60.0"), code)
}

/// A note that cites a table row's basis: Indonesian first ("… (dasar: …)"), then English.
fn cite(label_id: &str, label_en: &str, basis: &str) -> (String, String) {
    (format!("{label_id} (dasar: {basis})"), format!("{label_en} (basis: {basis})"))
}

fn why_suspected() -> Why {
    why(
        RuleKind::Suspected,
        None,
        None,
        "Diagnosis \"suspek\" dikode seolah-olah pasti bila tidak ada keterangan lain di akhir perawatan (ICD-10 Vol. 2 (2010) 4.4.2); konfirmasi ke dokter.".into(),
        "A \"suspected\" diagnosis is coded as if established when nothing else is known at the end of the stay (ICD-10 Vol. 2 (2010) 4.4.2); confirm with the doctor.".into(),
    )
}

fn why_principal(basis: &str) -> Why {
    why(RuleKind::Principal, None, None, basis.to_string(), basis.to_string())
}

/// Expands a result template of `combinations.tsv` with the matched codes `a` and `b`.
fn expand(t: &str, a: &str, b: &str) -> Option<String> {
    let fourth = |c: &str| c.get(4..5).map(str::to_string);
    let mut out = t.to_string();
    let after_dot = |c: &str| c.get(3..4).map(str::to_string);
    for (key, value) in [
        ("{A3}", after_dot(a)),
        ("{a4}", fourth(a)),
        ("{b4}", fourth(b)),
        ("{a}", a.get(..3).map(str::to_string)),
        ("{b}", b.get(..3).map(str::to_string)),
        ("{A}", Some(a.to_string())),
        ("{B}", Some(b.to_string())),
    ] {
        if out.contains(key) {
            out = out.replace(key, &value?);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::expand;

    #[test]
    fn templates() {
        assert_eq!(expand("{a}.{b4}", "E11.9", "E14.5").as_deref(), Some("E11.5"));
        assert_eq!(expand("{b}.2,N08.3", "N18.5", "E11.9").as_deref(), Some("E11.2,N08.3"));
        assert_eq!(expand("{A}", "A16.2", "J18.9").as_deref(), Some("A16.2"));
        assert_eq!(expand("{a4}", "E11", "").as_deref(), None);
        assert_eq!(expand("I11.0", "I50.0", "I11.9").as_deref(), Some("I11.0"));
        assert_eq!(expand("79.{A3}2", "79.30", "S52.50").as_deref(), Some("79.32"));
    }
}
