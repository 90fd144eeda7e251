//! The layers of README "Architektur", checked on the source: imports point one way
//! (domain → db, audit, config → auth → web → lookups → features → demo → app), no
//! feature reaches into another feature's handlers, and no two files import each other,
//! not even in a circle through others. Run alone: `cargo test --test app architecture`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const FEATURES: &[&str] = &[
    "account",
    "admin",
    "assessment",
    "budget",
    "capacity",
    "goals",
    "measures",
    "meetings",
    "organisation",
    "overview",
    "programmes",
    "reports",
    // issue 16
    "oparl",
    "notify",
];

/// The layer of a top-level module; a file may import only its own layer or lower ones.
fn layer(top: &str) -> u8 {
    match top {
        "domain" => 0,
        "db" | "audit" | "config" | "mail" => 1,
        "auth" => 2,
        "web" => 3,
        "lookups" => 4,
        f if FEATURES.contains(&f) => 5,
        "demo" => 6,
        _ => 7, // the crate root (lib.rs): the app
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `src/a/b.rs` → `["a", "b"]`, `src/a/mod.rs` and `src/a.rs` → `["a"]`, `src/lib.rs` → `[]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|l| l == "mod" || l == "lib") {
        parts.pop();
    }
    parts
}

/// Code without comments and string literals, so that neither counts as an import.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or_default();
        let mut in_str = false;
        let mut prev = ' ';
        for c in line.chars() {
            if c == '"' && prev != '\\' {
                in_str = !in_str;
            } else if !in_str {
                out.push(c);
            }
            prev = c;
        }
        out.push('\n');
    }
    out
}

struct Graph {
    modules: BTreeMap<Vec<String>, PathBuf>,
    edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
}

/// The longest known module that `path` starts with.
fn resolve(modules: &BTreeMap<Vec<String>, PathBuf>, path: &[String]) -> Option<Vec<String>> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| modules.contains_key(p))
}

fn graph() -> Graph {
    // ARCHITECTURE_SRC checks another tree (e.g. a copy with a planted violation)
    let src = std::env::var_os("ARCHITECTURE_SRC")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.retain(|f| !f.ends_with("main.rs"));
    let modules: BTreeMap<Vec<String>, PathBuf> = files
        .iter()
        .map(|f| (module_of(&src, f), f.clone()))
        .collect();
    let path_re =
        regex_lite::Regex::new(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+)").expect("regex");
    let group_re =
        regex_lite::Regex::new(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)*)::\{([^}]*)\}")
            .expect("regex");
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, file) in &modules {
        let text = code_only(&std::fs::read_to_string(file).unwrap_or_default());
        // the module `super` stands for: the parent of this file's module
        // in a/b.rs and in a/b/mod.rs alike, `super` is a
        let base_for_super = |n: usize| -> Vec<String> {
            let mut m = module.clone();
            for _ in 0..n {
                m.pop();
            }
            m
        };
        let mut targets: Vec<Vec<String>> = Vec::new();
        let mut add = |root: &str, rest: &str| {
            let segs: Vec<String> = rest
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let mut path = if root == "crate" {
                Vec::new()
            } else {
                base_for_super(1)
            };
            let mut segs = segs.into_iter().peekable();
            while segs.peek().is_some_and(|s| s == "super") {
                path.pop();
                segs.next();
            }
            path.extend(segs.filter(|s| s != "self"));
            targets.push(path);
        };
        for c in group_re.captures_iter(&text) {
            for item in c[3].split(',') {
                let item = item.trim().split(" as ").next().unwrap_or_default().trim();
                if !item.is_empty() {
                    add(&c[1], &format!("{}::{item}", &c[2]));
                }
            }
        }
        for c in path_re.captures_iter(&text) {
            add(&c[1], &c[2]);
        }
        for t in targets {
            if let Some(to) = resolve(&modules, &t)
                && &to != module
                && !module.starts_with(&to)
            // a child naming its parent's items by path
            {
                edges.entry(module.clone()).or_default().insert(to);
            }
        }
    }
    Graph { modules, edges }
}

fn name(m: &[String]) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

#[test]
fn imports_point_down_the_layers() {
    let g = graph();
    let mut wrong = Vec::new();
    for (from, tos) in &g.edges {
        let from_top = from.first().map(String::as_str).unwrap_or("");
        for to in tos {
            let to_top = to.first().map(String::as_str).unwrap_or("");
            if layer(to_top) > layer(from_top) {
                wrong.push(format!("{} → {} (up a layer)", name(from), name(to)));
            }
            if from_top != to_top
                && FEATURES.contains(&to_top)
                && to.get(1).is_some_and(|s| s == "handlers")
            {
                wrong.push(format!(
                    "{} → {} (another feature's handlers)",
                    name(from),
                    name(to)
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
    assert!(
        g.modules.len() > 100,
        "only {} modules found",
        g.modules.len()
    );
}

#[test]
fn no_two_files_import_each_other_even_through_others() {
    let g = graph();
    // depth-first search for a back edge
    fn visit(
        m: &Vec<String>,
        g: &Graph,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        state.insert(m.clone(), 1);
        stack.push(m.clone());
        for to in g.edges.get(m).into_iter().flatten() {
            match state.get(to).copied().unwrap_or(0) {
                1 => {
                    let start = stack.iter().position(|s| s == to).unwrap_or(0);
                    let mut circle = stack[start..].to_vec();
                    circle.push(to.clone());
                    return Some(circle);
                }
                0 => {
                    if let Some(c) = visit(to, g, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(m.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in g.modules.keys() {
        if state.get(m).copied().unwrap_or(0) == 0
            && let Some(circle) = visit(m, &g, &mut state, &mut Vec::new())
        {
            let text: Vec<String> = circle.iter().map(|m| name(m)).collect();
            panic!("import circle: {}", text.join(" → "));
        }
    }
}
