//! ARCHITECTURE.md's layer table against the code: every row's path exists, every `src/` entry and
//! every module of lib.rs has a row, and every `crate::` import of a module is one its row allows
//! (an import up a layer only where the row marks it ↑, and every ↑ it lists still exists).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// One row of the layer table.
#[derive(Debug)]
struct Row {
    layer: u8,
    module: String,
    path: String,
    /// None: not checked (the facade may import every engine module; the CLI is its own crate).
    allowed: Option<BTreeSet<String>>,
    upward: BTreeSet<String>,
}

fn rows() -> Vec<Row> {
    let doc = fs::read_to_string(Path::new(ROOT).join("ARCHITECTURE.md")).expect("ARCHITECTURE.md at the root");
    let start = doc.find("<!-- layers -->").expect("ARCHITECTURE.md marks its layer table with <!-- layers -->");
    let end = doc.find("<!-- /layers -->").expect("… and ends it with <!-- /layers -->");
    let mut rows = Vec::new();
    for line in doc[start..end].lines().filter(|l| l.starts_with('|')).skip(2) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 5, "layer table row with 5 cells: {line}");
        let module = cells[1].trim_matches('`').split_whitespace().next().unwrap_or("").to_string();
        let layer = cells[0].parse().unwrap_or_else(|_| panic!("layer number in {line}"));
        let (allowed, upward) = imports(cells[4]);
        rows.push(Row { layer, module, path: cells[2].to_string(), allowed, upward });
    }
    assert!(rows.len() > 5, "the layer table has its rows");
    rows
}

/// The "may import" cell: module names (`name`, `name↑ (why)`), `—` for none.
fn imports(cell: &str) -> (Option<BTreeSet<String>>, BTreeSet<String>) {
    if cell.starts_with("every module") || cell.starts_with("the public API") {
        return (None, BTreeSet::new());
    }
    let (mut allowed, mut upward) = (BTreeSet::new(), BTreeSet::new());
    for item in cell.split(',').map(str::trim).filter(|i| *i != "—") {
        let name: String = item.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        assert!(!name.is_empty(), "a module name in \"{item}\"");
        if item[name.len()..].starts_with('↑') {
            upward.insert(name.clone());
        }
        allowed.insert(name);
    }
    (Some(allowed), upward)
}

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for e in fs::read_dir(path).unwrap() {
            rust_files(&e.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The first path segment of every `crate::` path in the code (not comments, not test modules:
/// a file's `#[cfg(test)] mod tests {…}` is last, test-only files are named tests.rs).
fn crate_paths(file: &Path) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    if file.file_name().is_some_and(|n| n == "tests.rs") {
        return names;
    }
    let text = fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.trim() == "#[cfg(test)]" && lines.get(i + 1).is_some_and(|n| n.trim().starts_with("mod tests {")) {
            break;
        }
        if line.trim_start().starts_with("//") {
            continue;
        }
        for (at, _) in line.match_indices("crate::") {
            let rest = &line[at + "crate::".len()..];
            names.extend(first_segments(rest));
        }
    }
    names
}

/// `name…` → name; `{a::x, b, c::{y, z}}` → a, b, c.
fn first_segments(rest: &str) -> Vec<String> {
    let ident = |s: &str| s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>();
    let Some(group) = rest.strip_prefix('{') else {
        return vec![ident(rest)];
    };
    let (mut depth, mut out, mut item_start) = (1, Vec::new(), true);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 1 => break,
            '}' => depth -= 1,
            ',' if depth == 1 => item_start = true,
            c if item_start && !c.is_whitespace() => {
                out.push(ident(&group[i..]));
                item_start = false;
            }
            _ => {}
        }
    }
    out
}

/// lib.rs's `mod` declarations and its re-exports (name → module).
fn lib_modules() -> (BTreeSet<String>, BTreeMap<String, String>) {
    let lib = fs::read_to_string(Path::new(ROOT).join("src/lib.rs")).unwrap();
    let (mut mods, mut reexports) = (BTreeSet::new(), BTreeMap::new());
    for line in lib.lines().map(str::trim) {
        let decl = line.strip_prefix("pub ").unwrap_or(line);
        if let Some(m) = decl.strip_prefix("mod ").and_then(|m| m.strip_suffix(';')) {
            mods.insert(m.to_string());
        }
        if let Some((m, names)) = line.strip_prefix("pub use ").and_then(|u| u.split_once("::")) {
            for n in names.trim_end_matches(';').trim_matches(|c| c == '{' || c == '}').split(',') {
                reexports.insert(n.trim().to_string(), m.to_string());
            }
        }
    }
    (mods, reexports)
}

#[test]
fn every_row_exists_and_every_src_entry_has_a_row() {
    let rows = rows();
    for r in &rows {
        assert!(
            Path::new(ROOT).join(&r.path).exists(),
            "ARCHITECTURE.md lists {} at {}, which is gone",
            r.module,
            r.path
        );
    }
    for e in fs::read_dir(Path::new(ROOT).join("src")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        let covered = rows.iter().any(|r| {
            let p = r.path.trim_end_matches('/');
            p == format!("src/{name}") || p.starts_with(&format!("src/{name}/"))
        });
        assert!(covered, "src/{name} has no row in ARCHITECTURE.md's layer table");
    }
    let (mods, _) = lib_modules();
    for m in &mods {
        assert!(rows.iter().any(|r| &r.module == m), "mod {m} of lib.rs has no row in ARCHITECTURE.md");
    }
}

#[test]
fn every_import_is_one_the_layer_table_allows() {
    let rows = rows();
    let (_, reexports) = lib_modules();
    let layer: BTreeMap<&str, u8> = rows.iter().map(|r| (r.module.as_str(), r.layer)).collect();
    let mut wrong = Vec::new();
    for r in &rows {
        let Some(allowed) = &r.allowed else { continue };
        let mut files = Vec::new();
        rust_files(&Path::new(ROOT).join(&r.path), &mut files);
        let mut used = BTreeSet::new();
        for f in &files {
            for name in crate_paths(f) {
                // `crate::search` is a module; `crate::ClaimInput` a re-export; `crate::Koder` the facade.
                let target = if layer.contains_key(name.as_str()) {
                    name
                } else {
                    reexports.get(&name).cloned().unwrap_or_else(|| "lib".into())
                };
                if target != r.module {
                    used.insert((target, f.strip_prefix(ROOT).unwrap().display().to_string()));
                }
            }
        }
        for (target, file) in &used {
            if !allowed.contains(target) {
                wrong.push(format!("{file} imports crate::{target}, which the row of {} does not allow", r.module));
            }
        }
        for a in allowed {
            let Some(&to) = layer.get(a.as_str()) else {
                wrong.push(format!("the row of {} allows {a}, which has no row", r.module));
                continue;
            };
            if r.upward.contains(a) != (to > r.layer) {
                wrong.push(format!(
                    "{} (layer {}) → {a} (layer {to}): mark ↑ exactly the imports up a layer",
                    r.module, r.layer
                ));
            }
        }
        for up in &r.upward {
            if !used.iter().any(|(t, _)| t == up) {
                wrong.push(format!("ARCHITECTURE.md says {} imports {up}↑; it no longer does: drop it", r.module));
            }
        }
    }
    assert!(wrong.is_empty(), "ARCHITECTURE.md's layer table and the code disagree:\n  {}", wrong.join("\n  "));
}

#[test]
fn the_import_reader_sees_grouped_and_plain_paths() {
    assert_eq!(first_segments("search::overlay::FastMap;"), ["search"]);
    assert_eq!(first_segments("{checks::{self, Level}, error::Error, Koder};"), ["checks", "error", "Koder"]);
    let (allowed, upward) = imports("catalog, audit↑ (`audit::csv` record reader), text");
    assert_eq!(allowed.unwrap().into_iter().collect::<Vec<_>>(), ["audit", "catalog", "text"]);
    assert_eq!(upward.into_iter().collect::<Vec<_>>(), ["audit"]);
}
