//! Build step: compiles the plain-text tables in `data/` into the embedded catalog
//! (`OUT_DIR/catalog.bin`) and two FST indexes (`codes.fst`: code → record,
//! `words.fst`: word → word id). Any row that refers to an unknown code fails the build
//! with the file and line, so a bad table never ships.

use koder_format::{bundle, codespec, grouper_tables, layout, rules, text, writer};
use layout::{entry_kind, flag, kind, system, NONE, NO_AGE};
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

/// Most words indexed per search entry.
const MAX_ENTRY_WORDS: usize = 48;

fn main() {
    // The wasm module exports its shadow-stack pointer, so the guard around every call from
    // JavaScript (scripts/guard-glue.mjs) can put it back when a call ends in an exception.
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=--export=__stack_pointer");
    }
    let data = std::env::var_os("KODER_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("data"));
    println!("cargo:rerun-if-env-changed=KODER_DATA_DIR");
    println!("cargo:rerun-if-changed={}", data.display());
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let mut b = Builder::default();
    if let Err(problems) = b.load(&data) {
        for p in &problems {
            println!("cargo:warning={p}");
        }
        panic!("data/ has {} problem(s); first: {}", problems.len(), problems[0]);
    }
    b.write(&out);
}

/// One parsed TSV table.
struct Table {
    path: String,
    cols: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    fn read(path: &Path) -> Result<Table, String> {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut cols = Vec::new();
        let mut rows = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<String> = line.split('\t').map(|f| f.trim().to_string()).collect();
            if cols.is_empty() {
                cols = fields;
            } else {
                rows.push((i + 1, fields));
            }
        }
        Ok(Table { path: path.display().to_string(), cols, rows })
    }

    fn col(&self, name: &str) -> Result<usize, String> {
        self.cols.iter().position(|c| c == name).ok_or_else(|| format!("{}: missing column `{name}`", self.path))
    }

    /// Iterates rows as (line, accessor).
    fn iter(&self) -> impl Iterator<Item = (usize, &Vec<String>)> {
        self.rows.iter().map(|(l, r)| (*l, r))
    }
}

/// True for a 4-character ICD-10 code (`S72.0`) whose accepted children are all 5th-character
/// subdivisions (`S72.00`, `S72.01`): optional in ICD-10 2010, so E-Klaim takes the code itself.
fn optional_fifth(r: &Rec, recs: &[Rec]) -> bool {
    let four = r.code.len() == 5 && r.code.as_bytes()[3] == b'.';
    let accepted: Vec<&Rec> =
        r.children.iter().map(|&c| &recs[c as usize]).filter(|c| c.flags & flag::NOT_INACBG == 0).collect();
    four && !accepted.is_empty() && accepted.iter().all(|c| c.code.len() == 6 && c.code.starts_with(&r.code))
}

/// The names of a closed list, joined for a problem message (`error, warning, info`).
fn names<T: Copy>(values: &[T], name: fn(T) -> &'static str) -> String {
    values.iter().map(|&v| name(v)).collect::<Vec<_>>().join(", ")
}

fn field(row: &[String], i: usize) -> &str {
    row.get(i).map(String::as_str).unwrap_or("")
}

/// A record as the loaders gather it (the writer's input).
use koder_format::writer::Record as Rec;

struct Entry {
    record: u32,
    /// Position of the code in the vocabulary term's list (0 = first, most likely).
    position: u8,
    kind: u8,
    weight: u8,
    term: Option<String>,
    words: Vec<String>,
}

#[derive(Default)]
struct Builder {
    recs: Vec<Rec>,
    index: HashMap<(u8, String), u32>,
    entries: Vec<Entry>,
    problems: Vec<String>,
    counts: BTreeMap<String, usize>,
    hash: u64,
    icd10_blocks: Vec<u32>,
    rules: String,
    grouper: String,
}

impl Builder {
    fn add(&mut self, mut r: Rec) -> u32 {
        let id = self.recs.len() as u32;
        r.parent = NONE;
        r.age_min = NO_AGE;
        r.age_max = NO_AGE;
        if self.index.insert((r.system, r.code.clone()), id).is_some() {
            self.problems.push(format!("duplicate code {} in system {}", r.code, r.system as char));
        }
        self.recs.push(r);
        id
    }

    /// The `.tsv` files of a folder, sorted; an unreadable folder is recorded as a problem.
    fn tsv_files(&mut self, dir: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = match fs::read_dir(dir) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                self.problems.push(format!("{}: {e}", dir.display()));
                return Vec::new();
            }
        };
        files.retain(|p| p.extension().is_some_and(|e| e == "tsv"));
        files.sort();
        files
    }

    /// The indices of the named columns of `t`; a missing column is recorded as a problem.
    fn columns<const N: usize>(&mut self, t: &Table, names: [&str; N]) -> Option<[usize; N]> {
        let mut out = [0usize; N];
        for (slot, name) in out.iter_mut().zip(names) {
            match t.col(name) {
                Ok(i) => *slot = i,
                Err(e) => {
                    self.problems.push(e);
                    return None;
                }
            }
        }
        Some(out)
    }

    fn find(&self, sys: u8, code: &str) -> Option<u32> {
        self.index.get(&(sys, code.to_string())).copied()
    }

    fn table(&mut self, path: &Path) -> Option<Table> {
        match Table::read(path) {
            Ok(t) => {
                // FNV-1a over the file contents gives the data version.
                for (_, row) in &t.rows {
                    for f in row {
                        for b in f.bytes().chain([9u8]) {
                            self.hash ^= b as u64;
                            self.hash = self.hash.wrapping_mul(0x100000001b3);
                        }
                    }
                }
                Some(t)
            }
            Err(e) => {
                self.problems.push(e);
                None
            }
        }
    }

    fn load(&mut self, data: &Path) -> Result<(), Vec<String>> {
        self.hash = 0xcbf29ce484222325;
        self.load_icd10(&data.join("icd10"));
        self.load_icd9cm(&data.join("icd9cm"));
        self.load_icpc2(&data.join("icpc2"));
        self.finish_hierarchy();
        self.load_vocabulary(&data.join("id"));
        self.rules = self.load_rules(&data.join("rules"));
        self.grouper = self.load_grouper(&data.join("grouper"));
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(std::mem::take(&mut self.problems))
        }
    }

    fn load_icd10(&mut self, dir: &Path) {
        let sys = system::ICD10;
        if let Some(t) = self.table(&dir.join("chapters.tsv")) {
            let Some([c, ti]) = self.columns(&t, ["chapter", "title_en"]) else { return };
            for (_, row) in t.iter() {
                self.add(Rec {
                    system: sys,
                    kind: kind::CHAPTER,
                    code: field(row, c).to_string(),
                    title_en: field(row, ti).to_string(),
                    ..Rec::default()
                });
            }
        }
        if let Some(t) = self.table(&dir.join("blocks.tsv")) {
            let Some([bcol, ccol, ti]) = self.columns(&t, ["block", "chapter", "title_en"]) else { return };
            for (line, row) in t.iter() {
                let chapter = self.find(sys, field(row, ccol));
                let id = self.add(Rec {
                    system: sys,
                    kind: kind::BLOCK,
                    code: field(row, bcol).to_string(),
                    title_en: field(row, ti).to_string(),
                    ..Rec::default()
                });
                match chapter {
                    Some(ch) => self.recs[id as usize].parent = ch,
                    None => self.problems.push(format!("{}:{line}: unknown chapter", t.path)),
                }
                self.icd10_blocks.push(id);
            }
        }
        if let Some(t) = self.table(&dir.join("codes.tsv")) {
            let Some([c, ti, ina]) = self.columns(&t, ["code", "title_en", "inacbg"]) else { return };
            for (_, row) in t.iter() {
                let flags = if field(row, ina) == "no" { flag::NOT_INACBG } else { 0 };
                self.add(Rec {
                    system: sys,
                    kind: kind::CODE,
                    flags,
                    code: field(row, c).to_string(),
                    title_en: field(row, ti).to_string(),
                    ..Rec::default()
                });
            }
            self.counts.insert("icd10_codes".into(), t.rows.len());
        }
        // Parents of ICD-10 codes: A00.00 → A00.0 → A00 → block → chapter.
        for id in 0..self.recs.len() {
            let r = &self.recs[id];
            if r.system != sys || r.kind != kind::CODE {
                continue;
            }
            let code = r.code.clone();
            let mut parent = None;
            let mut p = code.clone();
            while parent.is_none() && p.len() > 3 {
                p.pop();
                if p.ends_with('.') {
                    p.pop();
                }
                parent = self.find(sys, &p);
            }
            if parent.is_none() {
                let cat = &code[..code.len().min(3)];
                parent = self.icd10_blocks.iter().copied().find(|&b| {
                    let range = &self.recs[b as usize].code;
                    let (from, to) = range.split_once('-').unwrap_or((range, range));
                    cat >= from && cat <= to
                });
                if parent.is_none() {
                    self.problems.push(format!("icd10 code {code}: no block contains it"));
                }
            }
            self.recs[id].parent = parent.unwrap_or(NONE);
        }
        if let Some(t) = self.table(&dir.join("asterisk_dagger.tsv")) {
            self.load_asterisk_dagger(&t);
        }
        if let Some(t) = self.table(&dir.join("restrictions.tsv")) {
            self.load_restrictions(sys, &t);
        }
    }

    fn load_asterisk_dagger(&mut self, t: &Table) {
        let sys = system::ICD10;
        let Some([c, k, p]) = self.columns(t, ["code", "kind", "partners"]) else { return };
        for (line, row) in t.iter() {
            let code = field(row, c).trim_end_matches(['*', '†']);
            let bit = match field(row, k) {
                "asterisk" => flag::ASTERISK,
                "dagger" => flag::DAGGER,
                "dagger_optional" => flag::DAGGER | flag::DAGGER_OPTIONAL,
                other => {
                    self.problems.push(format!("{}:{line}: unknown kind `{other}`", t.path));
                    continue;
                }
            };
            let mut partners = Vec::new();
            for pc in field(row, p).split([',', ' ']).map(|s| s.trim().trim_end_matches(['*', '†'])) {
                if pc.is_empty() {
                    continue;
                }
                // A range partner ("C00-D48") is kept when it is a block; otherwise it only
                // documents the family of codes and is not linked.
                match self.find(sys, pc) {
                    Some(pid) => partners.push(pid),
                    None if pc.contains('-') => {}
                    None => self.problems.push(format!("{}:{line}: unknown partner code {pc}", t.path)),
                }
            }
            let targets = self.codes_matching(sys, code);
            if targets.is_empty() {
                self.problems.push(format!("{}:{line}: unknown code {code}", t.path));
            }
            for id in targets {
                let r = &mut self.recs[id as usize];
                r.flags |= bit;
                for &pid in &partners {
                    if !r.partners.contains(&pid) {
                        r.partners.push(pid);
                    }
                }
            }
        }
    }

    /// Records of `sys` whose code is `spec` or below it, or within the range `FROM-TO`.
    fn codes_matching(&self, sys: u8, spec: &str) -> Vec<u32> {
        let Some(spec) = codespec::CodeSpec::parse(spec) else { return Vec::new() };
        self.recs
            .iter()
            .enumerate()
            .filter(|(_, r)| r.system == sys && r.kind == kind::CODE && spec.matches(&r.code))
            .map(|(i, _)| i as u32)
            .collect()
    }

    /// Validates the claim-check rule tables and joins them into one blob:
    /// for each file, `\x1e` + file name + newline + the header and rows (comments dropped).
    fn load_rules(&mut self, dir: &Path) -> String {
        let files = self.tsv_files(dir);
        let mut tables = Vec::new();
        for f in &files {
            if let Some(t) = self.table(f) {
                tables.push((f.file_name().unwrap_or_default().to_string_lossy().to_string(), t));
            }
        }
        let kinds: Vec<String> = tables
            .iter()
            .filter(|(name, _)| name == "document_kinds.tsv")
            .flat_map(|(_, t)| {
                let k = t.col("kind").unwrap_or(0);
                t.rows.iter().map(move |(_, r)| field(r, k).to_string())
            })
            .collect();
        let mut ids = std::collections::HashSet::new();
        let mut blob = String::new();
        let mut rules = 0usize;
        for (name, t) in &tables {
            let sys_col = t.col("system").ok();
            // Every rule states its level (the engine reads no default).
            if t.col("id").is_ok() {
                if let Err(e) = t.col("level") {
                    self.problems.push(e);
                }
            }
            for (line, row) in t.iter() {
                let at = format!("{}:{line}", t.path);
                if row.len() != t.cols.len() {
                    self.problems.push(format!("{at}: {} fields, header has {}", row.len(), t.cols.len()));
                    continue;
                }
                for (i, col) in t.cols.iter().enumerate() {
                    let v = field(row, i);
                    match col.as_str() {
                        "id" => {
                            rules += 1;
                            if !ids.insert(v.to_string()) {
                                self.problems.push(format!("{at}: duplicate rule id {v}"));
                            }
                        }
                        "level" if rules::Level::parse(v).is_none() => {
                            let known = names(&rules::Level::ALL, rules::Level::name);
                            self.problems.push(format!("{at}: unknown level `{v}` (one of {known})"))
                        }
                        "family" if rules::Family::parse(v).is_none() => {
                            let known = names(&rules::Family::ALL, rules::Family::name);
                            self.problems.push(format!("{at}: unknown family `{v}` (one of {known})"))
                        }
                        "settings" if rules::Settings::parse(v).is_none() => {
                            let known = names(&rules::Settings::ALL, rules::Settings::name);
                            self.problems.push(format!("{at}: unknown settings `{v}` (one of {known})"))
                        }
                        "documents" => {
                            for d in v.split(',').map(str::trim).filter(|d| !d.is_empty()) {
                                if !kinds.iter().any(|k| k == d) {
                                    self.problems.push(format!("{at}: unknown document kind `{d}`"));
                                }
                            }
                        }
                        "procedures" | "diagnoses" | "symptoms" | "definitive" | "codes_a" | "codes_b"
                        | "replace_with" | "icd10" | "codes" => {
                            let sys = match (col.as_str(), sys_col.map(|c| field(row, c))) {
                                ("procedures", _) | ("codes", Some("icd9cm")) => system::ICD9CM,
                                _ => system::ICD10,
                            };
                            for spec in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                                if self.codes_matching(sys, spec).is_empty() {
                                    self.problems.push(format!("{at}: `{spec}` matches no code ({col})"));
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            blob.push('\u{1e}');
            blob.push_str(name);
            blob.push('\n');
            blob.push_str(&t.cols.join("\t"));
            for (_, row) in &t.rows {
                blob.push('\n');
                blob.push_str(&row.join("\t"));
            }
            blob.push('\n');
        }
        self.counts.insert("rules".into(), rules);
        blob
    }

    /// Validates the grouping-definition tables (`data/grouper/*.tsv`) with the same parser the
    /// runtime loader uses, checks every code spec against the catalogs, and joins the files
    /// into one text: for each file, a line `@file NAME` and the file verbatim.
    fn load_grouper(&mut self, dir: &Path) -> String {
        let files = self.tsv_files(dir);
        let mut blob = String::new();
        for f in &files {
            println!("cargo:rerun-if-changed={}", f.display());
            match fs::read_to_string(f) {
                Ok(text) => {
                    blob.push_str("@file ");
                    blob.push_str(&f.file_name().unwrap_or_default().to_string_lossy());
                    blob.push('\n');
                    blob.push_str(&text);
                    if !text.ends_with('\n') {
                        blob.push('\n');
                    }
                }
                Err(e) => self.problems.push(format!("{}: {e}", f.display())),
            }
        }
        match grouper_tables::parse(&blob) {
            Err(problems) => {
                for p in problems {
                    self.problems.push(format!("{}/{p}", dir.display()));
                }
            }
            Ok(t) => {
                let mut checked: HashMap<(bool, String), bool> = HashMap::new();
                for (file, line, col, procedure, spec) in &t.spec_refs {
                    let sys = if *procedure { system::ICD9CM } else { system::ICD10 };
                    let ok = *checked
                        .entry((*procedure, spec.clone()))
                        .or_insert_with(|| !self.codes_matching(sys, spec).is_empty());
                    if !ok {
                        self.problems
                            .push(format!("{}/{file}:{line}: `{spec}` matches no code ({col})", dir.display()));
                    }
                }
                self.counts.insert("grouper_rows".into(), t.row_count());
            }
        }
        blob
    }

    fn load_restrictions(&mut self, sys: u8, t: &Table) {
        let Some([c, s, amin, amax]) = self.columns(t, ["codes", "sex", "age_min_days", "age_max_days"]) else {
            return;
        };
        for (line, row) in t.iter() {
            let sex = match field(row, s) {
                "F" => flag::FEMALE_ONLY,
                "M" => flag::MALE_ONLY,
                "" | "-" => 0,
                other => {
                    self.problems.push(format!("{}:{line}: sex must be F, M or -, not `{other}`", t.path));
                    continue;
                }
            };
            let age = |v: &str| -> Result<u16, String> {
                if v.is_empty() || v == "-" {
                    Ok(NO_AGE)
                } else {
                    v.parse::<u16>().map_err(|_| format!("{}:{line}: bad age `{v}`", t.path))
                }
            };
            let (lo, hi) = match (age(field(row, amin)), age(field(row, amax))) {
                (Ok(a), Ok(b)) => (a, b),
                (a, b) => {
                    self.problems.extend([a.err(), b.err()].into_iter().flatten());
                    continue;
                }
            };
            let spec = field(row, c).to_string();
            let targets = self.codes_matching(sys, &spec);
            if targets.is_empty() {
                self.problems.push(format!("{}:{line}: no code matches `{spec}`", t.path));
            }
            for id in targets {
                let r = &mut self.recs[id as usize];
                r.flags |= sex;
                if lo != NO_AGE {
                    r.age_min = lo;
                }
                if hi != NO_AGE {
                    r.age_max = hi;
                }
            }
        }
    }

    fn load_icd9cm(&mut self, dir: &Path) {
        let sys = system::ICD9CM;
        if let Some(t) = self.table(&dir.join("codes.tsv")) {
            let Some([c, ti]) = self.columns(&t, ["code", "title_en"]) else { return };
            for (_, row) in t.iter() {
                self.add(Rec {
                    system: sys,
                    kind: kind::CODE,
                    code: field(row, c).to_string(),
                    title_en: field(row, ti).to_string(),
                    ..Rec::default()
                });
            }
            self.counts.insert("icd9cm_codes".into(), t.rows.len());
        }
        for id in 0..self.recs.len() {
            if self.recs[id].system != sys {
                continue;
            }
            let mut p = self.recs[id].code.clone();
            let mut parent = None;
            while parent.is_none() && p.len() > 2 {
                p.pop();
                if p.ends_with('.') {
                    p.pop();
                }
                parent = self.find(sys, &p);
            }
            self.recs[id].parent = parent.unwrap_or(NONE);
        }
        if let Some(t) = self.table(&dir.join("restrictions.tsv")) {
            self.load_restrictions(sys, &t);
        }
    }

    fn load_icpc2(&mut self, dir: &Path) {
        let sys = system::ICPC2;
        if let Some(t) = self.table(&dir.join("chapters.tsv")) {
            let Some([c, en, id]) = self.columns(&t, ["chapter", "title_en", "title_id"]) else { return };
            for (_, row) in t.iter() {
                self.add(Rec {
                    system: sys,
                    kind: kind::CHAPTER,
                    code: field(row, c).to_string(),
                    title_en: field(row, en).to_string(),
                    title_id: field(row, id).to_string(),
                    ..Rec::default()
                });
            }
        }
        if let Some(t) = self.table(&dir.join("rubrics.tsv")) {
            let Some([c, ch, en, id]) = self.columns(&t, ["code", "chapter", "title_en", "title_id"]) else { return };
            for (line, row) in t.iter() {
                let code = field(row, c).to_string();
                let chapter = field(row, ch);
                let parent = if chapter.is_empty() { None } else { self.find(sys, chapter) };
                if !chapter.is_empty() && parent.is_none() {
                    self.problems.push(format!("{}:{line}: unknown chapter {chapter}", t.path));
                }
                let process = code.starts_with('-');
                let rid = self.add(Rec {
                    system: sys,
                    kind: kind::CODE,
                    flags: if process { flag::PROCESS } else { 0 },
                    code,
                    title_en: field(row, en).to_string(),
                    title_id: field(row, id).to_string(),
                    ..Rec::default()
                });
                self.recs[rid as usize].parent = parent.unwrap_or(NONE);
            }
            self.counts.insert("icpc2_rubrics".into(), t.rows.len());
        }
        if let Some(t) = self.table(&dir.join("to_icd10.tsv")) {
            let Some([a, b, k]) = self.columns(&t, ["icpc2", "icd10", "kind"]) else { return };
            let mut pairs = Vec::new();
            for (line, row) in t.iter() {
                match (self.find(sys, field(row, a)), self.find(system::ICD10, field(row, b))) {
                    (Some(from), Some(to)) => pairs.push((from, field(row, k) == "primary", to)),
                    _ => self.problems.push(format!("{}:{line}: unknown code in pair", t.path)),
                }
            }
            // Primary targets first, then the others in table order.
            pairs.sort_by_key(|&(from, primary, _)| (from, !primary));
            for (from, _, to) in pairs {
                let r = &mut self.recs[from as usize];
                if !r.crosswalk.contains(&to) {
                    r.crosswalk.push(to);
                }
            }
            self.counts.insert("icpc2_icd10_pairs".into(), t.rows.len());
        }
    }

    /// Children lists, leaf flags and one English title entry per enterable code.
    fn finish_hierarchy(&mut self) {
        for id in 0..self.recs.len() {
            let p = self.recs[id].parent;
            if p != NONE {
                self.recs[p as usize].children.push(id as u32);
            }
        }
        // A leaf is a code without children in the edition INA-CBG accepts: R17 is the final
        // code in 2010 even though the package also carries the later R17.0/R17.9.
        for i in 0..self.recs.len() {
            let r = &self.recs[i];
            let accepted_children =
                r.children.iter().filter(|&&c| self.recs[c as usize].flags & flag::NOT_INACBG == 0).count();
            let edition_leaf = r.flags & flag::NOT_INACBG == 0 && accepted_children == 0;
            if r.kind == kind::CODE && (r.children.is_empty() || edition_leaf) {
                self.recs[i].flags |= flag::LEAF;
            } else if r.kind == kind::CODE && r.system == system::ICD10 && optional_fifth(r, &self.recs) {
                self.recs[i].flags |= flag::OPTIONAL_FIFTH;
            }
        }
    }

    fn load_vocabulary(&mut self, dir: &Path) {
        let files = self.tsv_files(dir);
        let mut vocab = Vec::new();
        for f in files {
            let Some(t) = self.table(&f) else { continue };
            let Some([term, sysc, codes, kindc, weight]) =
                self.columns(&t, ["term", "system", "codes", "kind", "weight"])
            else {
                continue;
            };
            for (line, row) in t.iter() {
                let where_ = format!("{}:{line}", t.path);
                let sys = match field(row, sysc) {
                    "icd10" => system::ICD10,
                    "icd9cm" => system::ICD9CM,
                    "icpc2" => system::ICPC2,
                    other => {
                        self.problems.push(format!("{where_}: unknown system `{other}`"));
                        continue;
                    }
                };
                let k = match field(row, kindc) {
                    "title" => entry_kind::TITLE_ID,
                    "abbr" => entry_kind::ABBR,
                    "synonym" => entry_kind::SYNONYM,
                    "colloquial" => entry_kind::COLLOQUIAL,
                    other => {
                        self.problems.push(format!("{where_}: unknown kind `{other}`"));
                        continue;
                    }
                };
                let w: u8 = match field(row, weight).parse() {
                    Ok(w @ 1..=3) => w,
                    _ => {
                        self.problems.push(format!("{where_}: weight must be 1, 2 or 3"));
                        continue;
                    }
                };
                let term = field(row, term).to_string();
                if text::words(&term, 1).is_empty() {
                    self.problems.push(format!("{where_}: empty term"));
                    continue;
                }
                let listed = field(row, codes).split(',').map(str::trim).filter(|c| !c.is_empty());
                for (pos, code) in listed.enumerate() {
                    match self.find(sys, code) {
                        Some(id) => vocab.push((id, k, w, term.clone(), pos.min(255) as u8)),
                        None => self.problems.push(format!("{where_}: unknown {} code {code}", field(row, sysc))),
                    }
                }
            }
        }
        self.counts.insert("vocabulary_entries".into(), vocab.len());
        // The title of a header (a category with subdivisions) does not make the code "common":
        // its own English title and its place in the rank order stay those of a header.
        let header_title = |r: &Rec, k: u8| k == entry_kind::TITLE_ID && r.flags & flag::LEAF == 0;
        for &(id, k, w, ref term, _) in &vocab {
            let r = &mut self.recs[id as usize];
            if !header_title(r, k) {
                r.weight = r.weight.max(w);
            }
            if k == entry_kind::TITLE_ID && r.title_id.is_empty() {
                r.title_id = term.clone();
            }
        }
        // Entries: every enterable code's own titles, then the vocabulary.
        for id in 0..self.recs.len() {
            let r = &self.recs[id];
            if r.kind != kind::CODE {
                continue;
            }
            let en = text::words(&r.title_en, MAX_ENTRY_WORDS);
            let idw = text::words(&r.title_id, MAX_ENTRY_WORDS);
            let w = r.weight;
            self.entries.push(Entry {
                record: id as u32,
                position: 0,
                kind: entry_kind::TITLE_EN,
                weight: w,
                term: None,
                words: en,
            });
            if !idw.is_empty() && r.system == system::ICPC2 {
                self.entries.push(Entry {
                    record: id as u32,
                    position: 0,
                    kind: entry_kind::TITLE_ID,
                    weight: w,
                    term: Some(r.title_id.clone()),
                    words: idw,
                });
            }
        }
        let innermost = self.innermost_block_categories();
        let mut block_entries = 0usize;
        for (id, k, w, term, position) in vocab {
            let words = text::words(&term, MAX_ENTRY_WORDS);
            match self.recs[id as usize].kind {
                kind::CODE => {
                    self.entries.push(Entry { record: id, position, kind: k, weight: w, term: Some(term), words })
                }
                // A block's title is found through the categories of the block (an innermost block
                // only: the outer ones repeat their sub-blocks' words); a chapter's is shown only.
                kind::BLOCK if k == entry_kind::TITLE_ID => {
                    for &cat in innermost.get(&id).map(Vec::as_slice).unwrap_or(&[]) {
                        block_entries += 1;
                        self.entries.push(Entry {
                            record: cat,
                            position: 0,
                            kind: entry_kind::SYNONYM,
                            weight: 1,
                            term: Some(term.clone()),
                            words: words.clone(),
                        });
                    }
                }
                _ => {}
            }
        }
        self.counts.insert("block_title_entries".into(), block_entries);
    }

    /// For every ICD-10 block that contains no other block: the 3-character categories in it.
    fn innermost_block_categories(&self) -> HashMap<u32, Vec<u32>> {
        let range = |b: u32| {
            let code = &self.recs[b as usize].code;
            let (from, to) = code.split_once('-').unwrap_or((code, code));
            (from.to_string(), to.to_string())
        };
        let ranges: Vec<(u32, (String, String))> = self.icd10_blocks.iter().map(|&b| (b, range(b))).collect();
        let inner: Vec<&(u32, (String, String))> = ranges
            .iter()
            .filter(|(b, (from, to))| {
                !ranges.iter().any(|(o, (f2, t2))| o != b && f2 >= from && t2 <= to && (f2, t2) != (from, to))
            })
            .collect();
        let mut out: HashMap<u32, Vec<u32>> = HashMap::new();
        for (id, r) in self.recs.iter().enumerate() {
            if r.system != system::ICD10 || r.kind != kind::CODE || r.code.len() != 3 {
                continue;
            }
            if let Some((b, _)) = inner.iter().find(|(_, (from, to))| r.code >= *from && r.code <= *to) {
                out.entry(*b).or_default().push(id as u32);
            }
        }
        out
    }

    /// Static rank of an entry: common codes first, then leaves, then shorter codes.
    fn static_key(&self, e: &Entry) -> (std::cmp::Reverse<u32>, u8, String, u8) {
        let r = &self.recs[e.record as usize];
        let leaf = u32::from(r.flags & flag::LEAF != 0);
        let kind_pref = match e.kind {
            entry_kind::ABBR => 3,
            entry_kind::TITLE_ID | entry_kind::COLLOQUIAL => 2,
            entry_kind::SYNONYM => 1,
            _ => 0,
        };
        let score =
            u32::from(r.weight.max(e.weight)) * 1000 + leaf * 100 + kind_pref * 10 + (20 - r.code.len().min(20) as u32);
        (std::cmp::Reverse(score), e.position, r.code.clone(), e.kind)
    }

    fn write(mut self, out: &Path) {
        let mut entries = std::mem::take(&mut self.entries);
        entries.sort_by_cached_key(|e| self.static_key(e));
        let entries: Vec<writer::Entry> = entries
            .into_iter()
            .map(|e| writer::Entry { record: e.record, kind: e.kind, weight: e.weight, term: e.term, words: e.words })
            .collect();
        let parts = writer::write(&self.recs, &entries, self.hash, &self.counts);
        fs::write(out.join("catalog.bin"), &parts.blob).expect("write catalog.bin");
        fs::write(out.join("rules.txt"), &self.rules).expect("write rules.txt");
        fs::write(out.join("grouper.txt"), &self.grouper).expect("write grouper.txt");
        fs::write(out.join("words.fst"), &parts.words_fst).expect("write words.fst");
        fs::write(out.join("codes.fst"), &parts.codes_fst).expect("write codes.fst");
        // The same three parts in one file for the web build, and the id the modules expect.
        let bundle = bundle::write(&parts.blob, &parts.words_fst, &parts.codes_fst);
        fs::write(out.join("koder_catalog.bin"), bundle).expect("write koder_catalog.bin");
        let id = bundle::id(&parts.blob, &parts.words_fst, &parts.codes_fst);
        println!("cargo:rustc-env=KODER_CATALOG_ID={id:016x}");
        // The six-record sample the web build's search module warms its code on.
        let sample = writer::sample();
        let sample = bundle::write(&sample.blob, &sample.words_fst, &sample.codes_fst);
        fs::write(out.join("sample_catalog.bin"), sample).expect("write sample_catalog.bin");
    }
}
