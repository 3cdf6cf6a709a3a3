//! The hand-written TypeScript declarations of the JavaScript API (`src/wasm/`) checked against
//! the Rust types: real results of every public call, serialised as the wasm facade does, must
//! fit their declared interface (no key the declaration lacks, every required key present, every
//! value of its declared type), and every Rust enum's serialised variants must equal the string
//! union that declares it.

use crate::catalog::{Flag, RecordKind, Sex};
use crate::checks::{Action, Family, Level, Setting};
use crate::grouper::{Evidence, SpecialKind};
use crate::{CodeSetSystem, CodeSystem, Koder};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A TypeScript type, as far as the declarations use them.
#[derive(Clone, Debug)]
enum Ty {
    /// `string`, `number`, `boolean`, `null`, `unknown`, `true`.
    Prim(String),
    /// `"text"`.
    Str(String),
    /// `3`.
    Num(f64),
    /// A named type.
    Ref(String),
    /// `T[]`.
    Array(Box<Ty>),
    /// `[A, B]`.
    Tuple(Vec<Ty>),
    /// `A | B`.
    Union(Vec<Ty>),
    /// `Record<string, T>`.
    Record(Box<Ty>),
    /// `{ a: A; b?: B; [k: string]: unknown }`: fields (optional?) and whether other keys may appear.
    Object(BTreeMap<String, (bool, Ty)>, bool),
}

/// A declaration: a type alias, or an interface with what it extends.
#[derive(Clone, Debug)]
struct Decl {
    extends: Vec<String>,
    ty: Ty,
}

/// Tokens of the declarations, comments left out.
fn tokens(src: &str) -> Vec<String> {
    let b: Vec<char> = src.chars().collect();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < b.len() {
        let c = b[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && b.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == '/' && b.get(i + 1) == Some(&'/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '"' {
            let start = i;
            i += 1;
            while i < b.len() && b[i] != '"' {
                i += if b[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push(b[start..i].iter().collect());
        } else if c.is_alphanumeric()
            || c == '_'
            || c == '$'
            || c == '.' && b.get(i + 1).is_some_and(char::is_ascii_digit)
        {
            let start = i;
            while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_' || b[i] == '$' || b[i] == '.') {
                i += 1;
            }
            out.push(b[start..i].iter().collect());
        } else {
            out.push(c.to_string());
            i += 1;
        }
    }
    out
}

struct Parser {
    toks: Vec<String>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> &str {
        self.toks.get(self.at).map_or("", String::as_str)
    }

    fn next(&mut self) -> String {
        let t = self.peek().to_string();
        self.at += 1;
        t
    }

    fn eat(&mut self, t: &str) -> bool {
        let ok = self.peek() == t;
        if ok {
            self.at += 1;
        }
        ok
    }

    fn expect(&mut self, t: &str) {
        let got = self.next();
        assert_eq!(got, t, "TypeScript: expected `{t}` at token {}", self.at);
    }

    fn union(&mut self) -> Ty {
        self.eat("|");
        let mut members = vec![self.postfix()];
        while self.eat("|") {
            members.push(self.postfix());
        }
        if members.len() == 1 {
            members.pop().unwrap()
        } else {
            Ty::Union(members)
        }
    }

    fn postfix(&mut self) -> Ty {
        let mut t = self.primary();
        while self.peek() == "[" && self.toks.get(self.at + 1).map(String::as_str) == Some("]") {
            self.at += 2;
            t = Ty::Array(Box::new(t));
        }
        t
    }

    fn primary(&mut self) -> Ty {
        let t = self.next();
        match t.as_str() {
            "{" => self.object(),
            "(" => {
                let inner = self.union();
                self.expect(")");
                inner
            }
            "[" => {
                let mut items = Vec::new();
                while !self.eat("]") {
                    items.push(self.union());
                    self.eat(",");
                }
                Ty::Tuple(items)
            }
            "string" | "number" | "boolean" | "null" | "unknown" | "true" | "false" | "undefined" => Ty::Prim(t),
            "Record" => {
                self.expect("<");
                self.expect("string");
                self.expect(",");
                let v = self.union();
                self.expect(">");
                Ty::Record(Box::new(v))
            }
            _ if t.starts_with('"') => Ty::Str(t.trim_matches('"').to_string()),
            _ if t.parse::<f64>().is_ok() => Ty::Num(t.parse().unwrap()),
            _ => Ty::Ref(t),
        }
    }

    /// The members of an object type, after its `{`.
    fn object(&mut self) -> Ty {
        let (mut fields, mut open) = (BTreeMap::new(), false);
        while !self.eat("}") {
            if self.eat("[") {
                // An index signature: `[name: string]: T`.
                while !self.eat("]") {
                    self.next();
                }
                self.expect(":");
                self.union();
                open = true;
            } else {
                let name = self.next();
                let optional = self.eat("?");
                self.expect(":");
                fields.insert(name, (optional, self.union()));
            }
            if !self.eat(";") {
                self.eat(",");
            }
        }
        Ty::Object(fields, open)
    }

    /// Skips to the `;` that ends a declaration (a function's signature).
    fn skip_declaration(&mut self) {
        let mut depth = 0i32;
        while self.at < self.toks.len() {
            match self.next().as_str() {
                "(" | "{" | "[" | "<" => depth += 1,
                ")" | "}" | "]" | ">" => depth -= 1,
                ";" if depth == 0 => return,
                _ => {}
            }
        }
    }
}

/// The declarations of every TypeScript section of the wasm facade.
fn declarations() -> BTreeMap<String, Decl> {
    let src = [include_str!("wasm/mod.rs"), include_str!("wasm/full.rs")].concat();
    let mut decls = BTreeMap::new();
    for section in src.split("typescript_custom_section)]").skip(1) {
        let body = section.split("r#\"").nth(1).and_then(|s| s.split("\"#").next()).expect("a raw string");
        let mut p = Parser { toks: tokens(body), at: 0 };
        while p.at < p.toks.len() {
            p.expect("export");
            match p.next().as_str() {
                "type" => {
                    let name = p.next();
                    p.expect("=");
                    let ty = p.union();
                    p.expect(";");
                    decls.insert(name, Decl { extends: Vec::new(), ty });
                }
                "interface" => {
                    let name = p.next();
                    let mut extends = Vec::new();
                    if p.eat("extends") {
                        extends.push(p.next());
                        while p.eat(",") {
                            extends.push(p.next());
                        }
                    }
                    p.expect("{");
                    let ty = p.object();
                    decls.insert(name, Decl { extends, ty });
                }
                "function" => p.skip_declaration(),
                other => panic!("TypeScript: unexpected `export {other}`"),
            }
        }
    }
    decls
}

/// An interface's fields with those of the interfaces it extends.
fn fields(decls: &BTreeMap<String, Decl>, name: &str) -> (BTreeMap<String, (bool, Ty)>, bool) {
    let d = decls.get(name).unwrap_or_else(|| panic!("TypeScript: no declaration of `{name}`"));
    let Ty::Object(own, open) = &d.ty else { panic!("TypeScript: `{name}` is not an object type") };
    let (mut all, mut open) = (BTreeMap::new(), *open);
    for base in &d.extends {
        let (f, o) = fields(decls, base);
        all.extend(f);
        open |= o;
    }
    all.extend(own.clone());
    (all, open)
}

/// Checks a JSON value against a type; the error names the path.
fn fits(decls: &BTreeMap<String, Decl>, v: &Value, ty: &Ty, path: &str) -> Result<(), String> {
    let bad = |what: &str| Err(format!("{path}: {v} is not {what}"));
    match ty {
        Ty::Prim(p) => match (p.as_str(), v) {
            ("unknown", _)
            | ("string", Value::String(_))
            | ("number", Value::Number(_))
            | ("boolean", Value::Bool(_))
            | ("null", Value::Null)
            | ("true", Value::Bool(true))
            | ("false", Value::Bool(false)) => Ok(()),
            _ => bad(p),
        },
        Ty::Str(s) => {
            if v.as_str() == Some(s) {
                Ok(())
            } else {
                bad(&format!("\"{s}\""))
            }
        }
        Ty::Num(n) => {
            if v.as_f64() == Some(*n) {
                Ok(())
            } else {
                bad(&n.to_string())
            }
        }
        Ty::Ref(name) => match decls.get(name) {
            Some(d) if d.extends.is_empty() && !matches!(d.ty, Ty::Object(..)) => fits(decls, v, &d.ty, path),
            Some(_) => {
                let (f, open) = fields(decls, name);
                fits(decls, v, &Ty::Object(f, open), &format!("{path} ({name})"))
            }
            None => panic!("TypeScript: `{name}` is not declared ({path})"),
        },
        Ty::Array(item) => match v {
            Value::Array(items) => {
                items.iter().enumerate().try_for_each(|(i, x)| fits(decls, x, item, &format!("{path}[{i}]")))
            }
            _ => bad("an array"),
        },
        Ty::Tuple(items) => match v {
            Value::Array(xs) if xs.len() == items.len() => {
                xs.iter().zip(items).enumerate().try_for_each(|(i, (x, t))| fits(decls, x, t, &format!("{path}[{i}]")))
            }
            _ => bad(&format!("a tuple of {}", items.len())),
        },
        Ty::Record(item) => match v {
            Value::Object(m) => m.iter().try_for_each(|(k, x)| fits(decls, x, item, &format!("{path}.{k}"))),
            _ => bad("an object"),
        },
        Ty::Union(members) => {
            let errors: Vec<String> = members.iter().filter_map(|m| fits(decls, v, m, path).err()).collect();
            if errors.len() < members.len() {
                Ok(())
            } else {
                Err(errors.join("; or "))
            }
        }
        Ty::Object(declared, open) => {
            let Value::Object(m) = v else { return bad("an object") };
            for (k, x) in m {
                match declared.get(k) {
                    Some((_, t)) => fits(decls, x, t, &format!("{path}.{k}"))?,
                    None if *open => {}
                    None => return Err(format!("{path}: key `{k}` is not declared in the TypeScript")),
                }
            }
            for (k, (optional, _)) in declared {
                if !optional && !m.contains_key(k) {
                    return Err(format!("{path}: the TypeScript declares `{k}`, the result has none"));
                }
            }
            Ok(())
        }
    }
}

/// The JSON the wasm facade gives for a value.
fn json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

/// Asserts that `v` fits the declared type `name`.
fn assert_fits(decls: &BTreeMap<String, Decl>, name: &str, v: &Value) {
    if let Err(e) = fits(decls, v, &Ty::Ref(name.to_string()), name) {
        panic!("the TypeScript of {name} does not fit the result: {e}");
    }
}

/// The type at a path: `Finding.suggestion.action`, `CodeFlag`.
fn type_at(decls: &BTreeMap<String, Decl>, path: &str) -> Ty {
    let mut parts = path.split('.');
    let mut ty = Ty::Ref(parts.next().unwrap().to_string());
    for field in parts {
        // A field of an array's elements (`AuditSummary.by_rule.family`) is the field of each.
        let ty_here = match resolve(decls, &ty) {
            Ty::Array(element) => resolve(decls, &element),
            other => other,
        };
        ty = match ty_here {
            Ty::Object(f, _) => f.get(field).unwrap_or_else(|| panic!("TypeScript: no field {path}")).1.clone(),
            other => panic!("TypeScript: {path} goes through {other:?}"),
        };
    }
    resolve(decls, &ty)
}

fn resolve(decls: &BTreeMap<String, Decl>, ty: &Ty) -> Ty {
    match ty {
        Ty::Ref(name) => match decls.get(name) {
            Some(d) if matches!(d.ty, Ty::Object(..)) => {
                let (f, open) = fields(decls, name);
                Ty::Object(f, open)
            }
            Some(d) => resolve(decls, &d.ty),
            None => panic!("TypeScript: `{name}` is not declared"),
        },
        other => other.clone(),
    }
}

/// The string literals of a union (`null` left out), in order.
fn strings(decls: &BTreeMap<String, Decl>, path: &str) -> Vec<String> {
    let members = match type_at(decls, path) {
        Ty::Union(m) => m,
        one => vec![one],
    };
    members
        .iter()
        .filter_map(|m| match resolve(decls, m) {
            Ty::Str(s) => Some(s),
            Ty::Prim(p) if p == "null" => None,
            other => panic!("TypeScript: {path} has a member {other:?} that is not a string"),
        })
        .collect()
}

/// Asserts that the TypeScript union at `path` is exactly the serialised `variants`.
fn assert_union<T: Serialize>(decls: &BTreeMap<String, Decl>, path: &str, variants: &[T]) {
    let rust: Vec<String> = variants.iter().map(|v| json(v).as_str().unwrap().to_string()).collect();
    let ts = strings(decls, path);
    assert_eq!(
        ts.iter().collect::<BTreeSet<_>>(),
        rust.iter().collect::<BTreeSet<_>>(),
        "the TypeScript union {path} differs from the Rust enum"
    );
}

#[test]
fn every_enum_of_the_api_is_its_typescript_union() {
    let d = declarations();
    assert_union(&d, "CodeSystem", &CodeSystem::ALL);
    assert_union(&d, "CodeFlag", &Flag::ALL);
    assert_union(&d, "CodeSummary.kind", &RecordKind::ALL);
    assert_union(&d, "CodeDetails.sex", &[Sex::Female, Sex::Male]);
    assert_union(&d, "FindingLevel", &Level::ALL);
    assert_union(&d, "Finding.suggestion.action", &Action::ALL);
    assert_union(&d, "TraceStep.step", &crate::grouper::Step::ALL);
    assert_union(&d, "SuggestOptions.setting", &Setting::ALL);
    assert_union(&d, "Suggestion.setting", &Setting::ALL);
    assert_union(&d, "CodeSetSystem", &[CodeSetSystem::Icd10Im, CodeSetSystem::Icd9cmIm]);
    use crate::codeset::Encoding;
    assert_union(&d, "CodeSetSummary.encoding", &[Encoding::Utf8, Encoding::Utf16, Encoding::Windows1252]);
    assert_union(&d, "TraceStep.evidence", &Evidence::ALL);
    assert_union(&d, "SpecialCmgOption.kind", &SpecialKind::ALL);
    assert_union(&d, "Finding.family", &Family::ALL);
    assert_union(&d, "FindingFamily", &Family::ALL);
    assert_union(&d, "AuditSummary.by_family.family", &Family::ALL);
    assert_union(&d, "AuditSummary.by_rule.family", &Family::ALL);
    // Every family of the rule book is in the union, and every member of the union is used.
    let families: BTreeSet<String> = strings(&d, "Finding.family").into_iter().collect();
    let used: BTreeSet<String> =
        crate::checks::RuleBook::get().rules.iter().map(|r| r.text.family.name().to_string()).collect();
    assert_eq!(families, used, "the TypeScript union Finding.family differs from the rule book");
}

/// The claim of a fixture in `tests/claims/`.
fn fixture(name: &str) -> String {
    let path = format!("{}/tests/claims/{name}", env!("CARGO_MANIFEST_DIR"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v.get("claim").cloned().unwrap_or(v).to_string()
}

#[test]
fn search_lookup_crosswalk_and_version_fit_their_typescript() {
    let d = declarations();
    let mut k = Koder::new().unwrap();
    for q in ["dbd", "J18", "hamil", "apendektomi", "K86"] {
        let hits = k.search(q, &crate::SearchOptions::default()).unwrap();
        assert!(!hits.is_empty(), "{q}");
        hits.iter().for_each(|h| assert_fits(&d, "SearchResult", &json(h)));
    }
    for (system, code) in
        [(CodeSystem::Icd10, "A91"), (CodeSystem::Icd10, "J18"), (CodeSystem::Icd10, "O80"), (CodeSystem::Icpc2, "K86")]
    {
        assert_fits(&d, "CodeDetails", &json(&k.lookup(system, code).unwrap()));
    }
    // An IM code by its shape, then from a loaded list (with `im` and `code_set`).
    assert_fits(&d, "CodeDetails", &json(&k.lookup(CodeSystem::Icd10, "A15.11").unwrap()));
    let list = std::fs::read(format!("{}/tests/codeset/icd10_im.csv", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let summary = k.load_code_set(&list, CodeSetSystem::Icd10Im).unwrap();
    assert_fits(&d, "CodeSetSummary", &json(&summary));
    assert_fits(&d, "CodeDetails", &json(&k.lookup(CodeSystem::Icd10, "A15.11").unwrap()));
    assert_fits(&d, "CodeDetails", &json(&k.lookup(CodeSystem::Icd10, "A15").unwrap()));
    let im_hits = k.search("A15.1", &crate::SearchOptions::default()).unwrap();
    assert!(im_hits.iter().any(|h| h.im.is_some()));
    im_hits.iter().for_each(|h| assert_fits(&d, "SearchResult", &json(h)));
    for (from, code) in [(CodeSystem::Icpc2, "K86"), (CodeSystem::Icd10, "I10")] {
        k.crosswalk(from, code).unwrap().iter().for_each(|t| assert_fits(&d, "CrosswalkTarget", &json(t)));
    }
    assert_fits(&d, "VersionInfo", &json(&k.version()));
}

#[test]
fn check_and_group_results_fit_their_typescript() {
    let d = declarations();
    let dir = format!("{}/tests/claims", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let k = Koder::new().unwrap();
    let mut g = crate::Grouper::new().unwrap();
    let tariffs = std::fs::read_to_string(format!("{}/tests/audit/tariffs.csv", env!("CARGO_MANIFEST_DIR"))).unwrap();
    assert_fits(&d, "GroupingVersion", &json(&g.version()));
    assert_fits(&d, "GroupingVersion", &json(&g.load_tariffs(&tariffs).unwrap()));
    let context = crate::TariffContext {
        regional: Some(1),
        hospital_class: Some('B'),
        ownership: Some(crate::grouper::Ownership::Government),
        care_class: None,
    };
    let (mut findings, mut grouped, mut tariffed) = (0, 0, 0);
    for n in &names {
        let Ok(claim) = crate::parse_claim_json(&fixture(n)) else { continue };
        if let Ok(r) = k.check(claim.clone()) {
            findings += r.findings.len();
            assert_fits(&d, "CheckReport", &json(&r));
        }
        for ctx in [None, Some(&context)] {
            if let Ok(r) = k.group_with(&g, claim.clone(), ctx) {
                grouped += 1;
                tariffed += usize::from(r.tariff.as_ref().is_some_and(|t| t.base.is_some()));
                assert_fits(&d, "GroupResult", &json(&r));
            }
        }
    }
    assert!(findings > 100 && grouped > 100 && tariffed > 0, "{findings} {grouped} {tariffed}");
}

#[test]
fn suggestions_and_the_audit_summary_fit_their_typescript() {
    let d = declarations();
    let k = Koder::new().unwrap();
    let g = crate::Grouper::new().unwrap();
    for line in [
        "DHF gr II + trombositopenia, riw HT",
        "SC a/i KPD, G2P1A0 39 mgg",
        "susp TB paru, dd pneumonia, bukan DM",
        "post apendektomi hari ke 3",
        "CKD st V on HD 2x",
        "",
    ] {
        for setting in [None, Some(Setting::Inpatient)] {
            let s = k.suggest(line, &crate::SuggestOptions { system: None, setting }).unwrap();
            assert_fits(&d, "Suggestion", &json(&s));
            assert_fits(&d, "Suggestion", &json(&k.review(s, &g).unwrap()));
        }
    }
    let icpc = crate::SuggestOptions { system: Some(CodeSystem::Icpc2), setting: None };
    assert_fits(&d, "Suggestion", &json(&k.suggest("ISPA, hipertensi", &icpc).unwrap()));
    let root = env!("CARGO_MANIFEST_DIR");
    for (file, options) in [
        ("month.csv", serde_json::json!({ "group": "all" })),
        ("month.jsonl", serde_json::json!({})),
        ("eklaim.txt", serde_json::json!({ "group": "all" })),
        (
            "simrs.csv",
            serde_json::json!({ "map": std::fs::read_to_string(format!("{root}/tests/audit/simrs.map.json")).unwrap() }),
        ),
    ] {
        let mut options = options;
        options["tariffs"] = std::fs::read_to_string(format!("{root}/tests/audit/tariffs.csv")).unwrap().into();
        let input: crate::audit::OptionsInput = match serde_json::from_value(options) {
            Ok(i) => i,
            Err(e) => panic!("{file}: {e}"),
        };
        let mut a = input.auditor().unwrap();
        let bytes = std::fs::read(format!("{root}/tests/audit/{file}")).unwrap();
        a.push(&bytes, &mut |_| {}).unwrap();
        assert_fits(&d, "AuditRows", &json(a.rows()));
        let s = a.finish(&mut |_| {}).unwrap();
        assert_fits(&d, "AuditSummary", &json(&s));
    }
}

#[test]
fn the_checker_sees_a_wrong_key_a_missing_key_and_a_wrong_value() {
    let d = declarations();
    let mut v = json(&Koder::new().unwrap().lookup(CodeSystem::Icd10, "A91").unwrap());
    assert_fits(&d, "CodeDetails", &v);
    let ok = v.clone();
    v["kind"] = "category".into();
    assert!(fits(&d, &v, &Ty::Ref("CodeDetails".into()), "x").is_err());
    v = ok.clone();
    v["extra"] = 1.into();
    assert!(fits(&d, &v, &Ty::Ref("CodeDetails".into()), "x").unwrap_err().contains("`extra`"));
    v = ok.clone();
    v.as_object_mut().unwrap().remove("leaf");
    assert!(fits(&d, &v, &Ty::Ref("CodeDetails".into()), "x").unwrap_err().contains("`leaf`"));
    v = ok;
    v["flags"] = serde_json::json!(["asterisk", "bogus"]);
    assert!(fits(&d, &v, &Ty::Ref("CodeDetails".into()), "x").is_err());
}
