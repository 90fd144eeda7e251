//! Migrations are expand-only (issue 15: several instances on one PostgreSQL database).
//!
//! An upgrade runs the new migrations (as the schema's owner) while the instances of the
//! previous release still serve; they are then replaced one by one. So for a while the
//! previous release runs against the new schema, and a migration must not break it: no
//! dropped or renamed table, column, view, function, trigger, index or policy, no changed
//! column type, no new NOT NULL without a default (the old INSERTs do not name the column),
//! no tightened constraint, no revoked privilege. What a release stops using is removed by a
//! *contract step*: a later migration, shipped at least one release after the code stopped
//! using it, whose header says so: `-- contract: <why it is safe: which release stopped
//! using it>`.
//!
//! This test reads every file of `migrations_pg/` (strict) and `migrations/` and fails
//! naming the file, the line and the statement. `--` and `/* */` comments and string
//! literals are removed before matching (a `DROP` in a comment or in a message text is not
//! a statement); keywords match in any case; the bodies of `$$ … $$` (functions, `DO`
//! blocks) are checked as statements of their own, since a `DO` block runs them right away.
//! SQL built at run time (`EXECUTE format('…')`) is a string and not seen.
//!
//! - **PostgreSQL (`migrations_pg/`), strict.** The existing files 0001–0016 were written
//!   before the first hosted release and need no exemption: they pass as they are (the test
//!   checks all of them). Allowed besides expansion: dropping an object that the same file
//!   creates again under the same name (a PostgreSQL migration runs in one transaction, so
//!   the running version never sees it missing; not with `-- no-transaction`), and anything
//!   done to a table the same file creates (no running version knows it).
//! - **SQLite (`migrations/`), lenient in one point.** The embedded installation is one
//!   process that migrates at start, before it serves: no previous version runs against
//!   the new schema. So SQLite's way of changing a table, rebuilding it (`CREATE TABLE
//!   x_new …; INSERT INTO x_new SELECT … FROM x; DROP TABLE x; ALTER TABLE x_new RENAME TO
//!   x`), is accepted there. Everything else is checked as on PostgreSQL, because each
//!   SQLite migration has a PostgreSQL twin of the same number that makes the same change,
//!   and a change that is a contract step is one on both.

use std::collections::BTreeSet;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

/// One statement that would break the running version.
#[derive(Debug)]
struct Finding {
    line: usize,
    statement: String,
    problem: &'static str,
}

#[derive(Debug, Clone)]
struct Tok {
    text: String,
    line: usize,
}

impl Tok {
    fn is(&self, word: &str) -> bool {
        self.text.eq_ignore_ascii_case(word)
    }
}

/// The SQL text without comments and string literals (each literal becomes `''`), with
/// the newlines kept so that line numbers stay right; dollar-quoted bodies become the word
/// `$BODY$` and are returned with the line they start on.
fn clean(sql: &str) -> (String, Vec<(String, usize)>) {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut bodies = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let newlines = |s: &[char]| s.iter().filter(|c| **c == '\n').count();
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '-' && next == Some('-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            // PostgreSQL nests block comments.
            let (mut depth, start) = (0usize, i);
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            let n = newlines(&chars[start..i.min(chars.len())]);
            line += n;
            out.extend(std::iter::repeat_n('\n', n));
        } else if c == '\'' {
            // E'…' takes backslash escapes
            let backslash = i > 0
                && matches!(chars[i - 1], 'e' | 'E')
                && !(i > 1 && (chars[i - 2].is_alphanumeric() || chars[i - 2] == '_'));
            let start = i;
            i += 1;
            while i < chars.len() {
                let escaped = (backslash && chars[i] == '\\')
                    || (chars[i] == '\'' && chars.get(i + 1) == Some(&'\''));
                if escaped {
                    i += 2;
                } else if chars[i] == '\'' {
                    i += 1;
                    break;
                } else {
                    i += 1;
                }
            }
            let n = newlines(&chars[start..i.min(chars.len())]);
            line += n;
            out.push_str("''");
            out.extend(std::iter::repeat_n('\n', n));
        } else if c == '"' {
            // A quoted identifier: its name counts.
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                out.push(if chars[i].is_whitespace() {
                    '_'
                } else {
                    chars[i]
                });
                i += 1;
            }
            i += 1;
        } else if c == '$'
            && !(i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_'))
            && let Some(tag_len) = dollar_tag(&chars[i..])
        {
            let tag: String = chars[i..i + tag_len].iter().collect();
            let body_start = i + tag_len;
            let rest: String = chars[body_start..].iter().collect();
            let body_len = rest.find(&tag).map(|b| rest[..b].chars().count());
            let body_end = body_start + body_len.unwrap_or(chars.len() - body_start);
            let body: String = chars[body_start..body_end].iter().collect();
            bodies.push((body, line));
            let n = newlines(&chars[i..body_end]);
            line += n;
            out.push_str(" $BODY$ ");
            out.extend(std::iter::repeat_n('\n', n));
            i = (body_end + tag_len).min(chars.len());
        } else {
            if c == '\n' {
                line += 1;
            }
            out.push(c);
            i += 1;
        }
    }
    (out, bodies)
}

/// The length of a dollar-quote tag (`$$`, `$body$`) at the start of `s`.
fn dollar_tag(s: &[char]) -> Option<usize> {
    let mut j = 1;
    while j < s.len() && (s[j].is_alphanumeric() || s[j] == '_') {
        if j == 1 && s[j].is_ascii_digit() {
            return None; // $1 is a parameter
        }
        j += 1;
    }
    (s.get(j) == Some(&'$')).then_some(j + 1)
}

/// The statements (split at `;`) of cleaned text as tokens: words (with `.` for
/// qualified names and `$` for the body marker), parentheses and commas.
fn statements(clean: &str, first_line: usize) -> Vec<Vec<Tok>> {
    let mut all = Vec::new();
    let mut current = Vec::new();
    let mut line = first_line;
    let mut word = String::new();
    let flush = |word: &mut String, current: &mut Vec<Tok>, line: usize| {
        if !word.is_empty() {
            current.push(Tok {
                text: std::mem::take(word),
                line,
            });
        }
    };
    for c in clean.chars() {
        if c.is_alphanumeric() || matches!(c, '_' | '.' | '$') {
            word.push(c);
            continue;
        }
        flush(&mut word, &mut current, line);
        match c {
            '\n' => line += 1,
            '(' | ')' | ',' => current.push(Tok {
                text: c.to_string(),
                line,
            }),
            ';' if !current.is_empty() => all.push(std::mem::take(&mut current)),
            _ => {}
        }
    }
    flush(&mut word, &mut current, line);
    if !current.is_empty() {
        all.push(current);
    }
    all
}

/// Every statement of a file, the bodies of `$$ … $$` included (as statements of their own).
fn all_statements(sql: &str, first_line: usize) -> Vec<Vec<Tok>> {
    let (text, bodies) = clean(sql);
    let mut out = statements(&text, first_line);
    for (body, line) in bodies {
        out.extend(all_statements(&body, first_line + line - 1));
    }
    out
}

/// An object's name as compared: lower case, without the `public.` schema.
fn name_of(tok: Option<&Tok>) -> String {
    let raw = tok.map(|t| t.text.to_lowercase()).unwrap_or_default();
    raw.strip_prefix("public.").unwrap_or(&raw).to_string()
}

fn skip(toks: &[Tok], mut i: usize, words: &[&str]) -> usize {
    while toks.get(i).is_some_and(|t| words.iter().any(|w| t.is(w))) {
        i += 1;
    }
    i
}

/// What a file creates: (kind, name, statement index).
fn created(stmts: &[Vec<Tok>]) -> Vec<(String, String, usize)> {
    const KINDS: &[&str] = &[
        "TABLE",
        "INDEX",
        "TRIGGER",
        "VIEW",
        "FUNCTION",
        "PROCEDURE",
        "POLICY",
        "TYPE",
        "SEQUENCE",
        "DOMAIN",
        "AGGREGATE",
    ];
    let mut out = Vec::new();
    for (n, s) in stmts.iter().enumerate() {
        let Some(c) = s.iter().position(|t| t.is("CREATE")) else {
            continue;
        };
        let i = skip(
            s,
            c + 1,
            &[
                "OR",
                "REPLACE",
                "TEMP",
                "TEMPORARY",
                "UNLOGGED",
                "UNIQUE",
                "CONSTRAINT",
                "MATERIALIZED",
                "VIRTUAL",
            ],
        );
        let Some(kind) = s.get(i).filter(|t| KINDS.iter().any(|k| t.is(k))) else {
            continue;
        };
        let j = skip(s, i + 1, &["CONCURRENTLY", "IF", "NOT", "EXISTS"]);
        out.push((kind.text.to_uppercase(), name_of(s.get(j)), n));
    }
    out
}

/// Text of a statement for the message.
fn show(s: &[Tok]) -> String {
    let mut out = String::new();
    for t in s {
        if !out.is_empty() && !matches!(t.text.as_str(), ")" | ",") && !out.ends_with('(') {
            out.push(' ');
        }
        out.push_str(&t.text);
    }
    out
}

/// The statements of a migration that would break the version still running.
fn findings(sql: &str, backend: Backend) -> Vec<Finding> {
    let stmts = all_statements(sql, 1);
    let made = created(&stmts);
    let in_transaction = !sql
        .lines()
        .next()
        .is_some_and(|l| l.trim().eq_ignore_ascii_case("-- no-transaction"));
    let made_before = |kind: &str, name: &str, at: usize| {
        made.iter()
            .any(|(k, n, i)| k == kind && n == name && *i < at)
    };
    let made_after = |kind: &str, name: &str, at: usize| {
        made.iter()
            .any(|(k, n, i)| k == kind && n == name && *i > at)
    };
    // SQLite's rebuild: `ALTER TABLE x_new RENAME TO x` of a table this file creates, and
    // the `DROP TABLE x` it replaces.
    let mut rebuilt: BTreeSet<String> = BTreeSet::new();
    for (n, s) in stmts.iter().enumerate() {
        if let Some(a) = alter_table_at(s) {
            let from = name_of(s.get(a.name));
            let r = a.name + 1;
            if s.get(r).is_some_and(|t| t.is("RENAME"))
                && s.get(r + 1).is_some_and(|t| t.is("TO"))
                && made_before("TABLE", &from, n)
            {
                rebuilt.insert(name_of(s.get(r + 2)));
            }
        }
    }
    let sqlite_rebuild = |name: &str| backend == Backend::Sqlite && rebuilt.contains(name);
    // Columns this file adds to existing tables, NULL for every row the running version
    // writes (no DEFAULT, no NOT NULL): a UNIQUE index over one never stops its writes,
    // since NULLs are distinct (unless the index says NULLS NOT DISTINCT).
    let mut added_null: BTreeSet<(String, String)> = BTreeSet::new();
    for s in &stmts {
        if let Some(a) = alter_table_at(s) {
            let table = name_of(s.get(a.name));
            for action in actions(&s[a.name + 1..]) {
                if !action[0].is("ADD") {
                    continue;
                }
                let c = skip(action, 1, &["COLUMN", "IF", "NOT", "EXISTS"]);
                let has = |w: &str| action.iter().any(|t| t.is(w));
                if !has("DEFAULT") && !has("GENERATED") && !has("NULL") {
                    added_null.insert((table.clone(), name_of(action.get(c))));
                }
            }
        }
    }

    let mut out = Vec::new();
    for (n, s) in stmts.iter().enumerate() {
        let mut flag = |problem: &'static str| {
            out.push(Finding {
                line: s[0].line,
                statement: show(s),
                problem,
            })
        };
        let is_alter = s.iter().any(|t| t.is("ALTER"));
        if let Some(a) = alter_table_at(s) {
            let table = name_of(s.get(a.name));
            if made_before("TABLE", &table, n) {
                // A table no running version knows. Renamed onto the name of a table the
                // file drops, it is SQLite's rebuild, which PostgreSQL must not do.
                let renamed_to = (s.get(a.name + 1).is_some_and(|t| t.is("RENAME"))
                    && s.get(a.name + 2).is_some_and(|t| t.is("TO")))
                .then(|| name_of(s.get(a.name + 3)));
                if backend == Backend::Postgres
                    && let Some(to) = renamed_to
                    && rebuilt.contains(&to)
                    && !made_before("TABLE", &to, n)
                {
                    flag(
                        "replaces a table by a rebuilt one (SQLite's idiom): the running version loses its table, keys and privileges",
                    );
                }
                continue;
            }
            for action in actions(&s[a.name + 1..]) {
                if let Some(problem) = alter_action(action) {
                    flag(problem);
                }
            }
            continue;
        }
        if is_alter && s.iter().any(|t| t.is("RENAME")) {
            flag("renames something the running version uses under its old name");
            continue;
        }
        if is_alter && s.windows(2).any(|w| w[0].is("SET") && w[1].is("SCHEMA")) {
            flag("moves something to another schema, where the running version does not find it");
            continue;
        }
        // DROP … (not `ON COMMIT DROP` of a temporary table)
        if let Some(d) = s
            .iter()
            .enumerate()
            .position(|(i, t)| t.is("DROP") && !(i > 0 && s[i - 1].is("COMMIT")))
        {
            let k = skip(s, d + 1, &["MATERIALIZED"]);
            let kind = s.get(k).map(|t| t.text.to_uppercase()).unwrap_or_default();
            let mut j = skip(s, k + 1, &["CONCURRENTLY", "IF", "EXISTS"]);
            let mut names = vec![name_of(s.get(j))];
            // DROP TABLE a, b
            while s.get(j + 1).is_some_and(|t| t.text == ",") {
                j += 2;
                names.push(name_of(s.get(j)));
            }
            let all_fine = names.iter().all(|name| {
                made_before(&kind, name, n)
                    || (in_transaction && made_after(&kind, name, n))
                    || (kind == "TABLE" && sqlite_rebuild(name))
            });
            if !all_fine {
                flag(match kind.as_str() {
                    "TABLE" => "drops a table the running version still reads and writes",
                    "VIEW" => "drops a view the running version still queries",
                    "FUNCTION" | "PROCEDURE" | "AGGREGATE" => {
                        "drops a function the running version (or a trigger) still calls"
                    }
                    "TRIGGER" => "drops a trigger whose protection the running version relies on",
                    "INDEX" => "drops an index the running version needs (ON CONFLICT, speed)",
                    "POLICY" => {
                        "drops a row-level security policy: under FORCE ROW LEVEL SECURITY the running version then sees nothing"
                    }
                    _ => "drops something the running version may still use",
                });
            }
            continue;
        }
        // CREATE UNIQUE INDEX on a table the running version writes
        if let Some(c) = s.iter().position(|t| t.is("CREATE"))
            && s.get(c + 1).is_some_and(|t| t.is("UNIQUE"))
            && s.get(c + 2).is_some_and(|t| t.is("INDEX"))
            && let Some(on) = s.iter().position(|t| t.is("ON"))
        {
            let t = skip(s, on + 1, &["ONLY"]);
            let table = name_of(s.get(t));
            let columns = s
                .get(t + 1..)
                .unwrap_or(&[])
                .iter()
                .skip_while(|x| x.text != "(")
                .take_while(|x| x.text != ")");
            let over_new_column = columns
                .into_iter()
                .any(|c| added_null.contains(&(table.clone(), c.text.to_lowercase())))
                && !s.windows(2).any(|w| w[0].is("NULLS") && w[1].is("NOT"));
            if !made_before("TABLE", &table, n) && !over_new_column {
                flag("tightens a rule (UNIQUE) on a table the running version writes");
            }
            continue;
        }
        // REVOKE … FROM a role other than PUBLIC
        if let Some(r) = s.iter().position(|t| t.is("REVOKE"))
            && let Some(from) = s[r..].iter().position(|t| t.is("FROM"))
            && s[r + from + 1..]
                .iter()
                .any(|t| t.text != "," && !t.is("PUBLIC") && !t.is("CASCADE") && !t.is("RESTRICT"))
        {
            flag("revokes privileges the running version needs");
        }
    }
    out
}

struct AlterTable {
    /// Index of the table's name.
    name: usize,
}

/// `ALTER TABLE [IF EXISTS] [ONLY] name …` anywhere in the statement (in a body it may
/// follow `BEGIN`).
fn alter_table_at(s: &[Tok]) -> Option<AlterTable> {
    let a = s
        .windows(2)
        .position(|w| w[0].is("ALTER") && w[1].is("TABLE"))?;
    let name = skip(s, a + 2, &["IF", "EXISTS", "ONLY"]);
    (name < s.len()).then_some(AlterTable { name })
}

/// The comma-separated actions of an `ALTER TABLE`.
fn actions(rest: &[Tok]) -> Vec<&[Tok]> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, t) in rest.iter().enumerate() {
        match t.text.as_str() {
            "(" => depth += 1,
            ")" => depth -= 1,
            "," if depth == 0 => {
                out.push(&rest[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&rest[start..]);
    out.into_iter().filter(|a| !a.is_empty()).collect()
}

fn alter_action(a: &[Tok]) -> Option<&'static str> {
    let has = |w: &str| a.iter().any(|t| t.is(w));
    let pair = |x: &str, y: &str| a.windows(2).any(|w| w[0].is(x) && w[1].is(y));
    let first = &a[0];
    if first.is("RENAME") {
        return Some("renames a table or column the running version uses under its old name");
    }
    if first.is("DROP") {
        return Some(if a.get(1).is_some_and(|t| t.is("CONSTRAINT")) {
            "drops a constraint the running version relies on (ON CONFLICT, checks)"
        } else {
            "drops a column the running version still reads and writes"
        });
    }
    if first.is("SET") && a.get(1).is_some_and(|t| t.is("SCHEMA")) {
        return Some("moves the table to another schema");
    }
    if first.is("ALTER") {
        // ALTER [COLUMN] name …
        let col = if a.get(1).is_some_and(|t| t.is("COLUMN")) {
            2
        } else {
            1
        };
        let rest = a.get(col + 1..).unwrap_or(&[]);
        let at = |i: usize, w: &str| rest.get(i).is_some_and(|t| t.is(w));
        if at(0, "TYPE") || (at(0, "SET") && at(1, "DATA") && at(2, "TYPE")) {
            return Some(
                "changes the type of a column the running version reads and writes with the old type",
            );
        }
        if at(0, "SET") && at(1, "NOT") {
            return Some(
                "makes a column required (SET NOT NULL) that the running version leaves empty on insert",
            );
        }
        if at(0, "DROP") && at(1, "NOT") {
            return Some("allows NULL in a column the running version reads as always set");
        }
        if at(0, "DROP") {
            return Some(
                "removes a default (DEFAULT/IDENTITY) the running version's inserts rely on",
            );
        }
        return None;
    }
    if first.is("ADD") {
        let second = a.get(1);
        if second.is_some_and(|t| {
            [
                "CONSTRAINT",
                "CHECK",
                "UNIQUE",
                "PRIMARY",
                "FOREIGN",
                "EXCLUDE",
            ]
            .iter()
            .any(|k| t.is(k))
        }) {
            return Some("tightens a rule on a table the running version writes");
        }
        if pair("NOT", "NULL") && !has("DEFAULT") && !has("GENERATED") {
            return Some(
                "adds a NOT NULL column without DEFAULT: the running version's inserts do not name it and fail",
            );
        }
    }
    None
}

/// The reason of a contract step: `-- contract: …` among the comment lines the file starts
/// with. `Some("")` when the marker is there without a reason.
fn contract_reason(sql: &str) -> Option<String> {
    for line in sql.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let Some(comment) = t.strip_prefix("--") else {
            break; // the header ends at the first statement
        };
        let comment = comment.trim();
        if let Some(head) = comment.get(..9)
            && head.eq_ignore_ascii_case("contract:")
        {
            return Some(comment[9..].trim().to_string());
        }
    }
    None
}

/// The problems of one file as messages (empty: the file is fine).
fn check(file: &str, sql: &str, backend: Backend) -> Vec<String> {
    let found = findings(sql, backend);
    match contract_reason(sql) {
        Some(reason) if reason.chars().count() >= 10 => Vec::new(),
        Some(_) => vec![format!(
            "{file}: the header `-- contract:` must say why the step is safe (which release stopped using what it removes)"
        )],
        None => found
            .into_iter()
            .map(|f| {
                format!(
                    "{file}, line {}: `{}` {} — not expand-only. Instances of the previous release still run against the new schema. Expand instead (add the new, keep the old), and remove the old one release after the code stopped using it in a migration whose header says `-- contract: <which release stopped using it>`.",
                    f.line, f.statement, f.problem
                )
            })
            .collect(),
    }
}

fn check_dir(dir: &str, backend: Backend) -> (usize, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    let mut problems = Vec::new();
    for path in &files {
        let sql = std::fs::read_to_string(path).expect("migration");
        let name = format!(
            "{dir}/{}",
            path.file_name().expect("name").to_string_lossy()
        );
        problems.extend(check(&name, &sql, backend));
    }
    (files.len(), problems)
}

#[test]
fn postgres_migrations_are_expand_only() {
    let (files, problems) = check_dir("migrations_pg", Backend::Postgres);
    assert!(
        files >= 15,
        "the PostgreSQL migrations were found ({files})"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn sqlite_migrations_are_expand_only_apart_from_rebuilding_a_table() {
    let (files, problems) = check_dir("migrations", Backend::Sqlite);
    assert!(files >= 15, "the SQLite migrations were found ({files})");
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

// ---------------------------------------------------------------- the check itself

fn flagged(sql: &str, backend: Backend) -> Vec<String> {
    check("migrations_pg/0099_sample.sql", sql, backend)
}

#[track_caller]
fn assert_flagged(sql: &str, words: &str) {
    for backend in [Backend::Postgres, Backend::Sqlite] {
        let p = flagged(sql, backend);
        assert_eq!(p.len(), 1, "{backend:?}: {sql} → {p:?}");
        assert!(
            p[0].contains("migrations_pg/0099_sample.sql, line ") && p[0].contains(words),
            "{backend:?}: {}",
            p[0]
        );
    }
}

#[track_caller]
fn assert_fine(sql: &str, backend: Backend) {
    let p = flagged(sql, backend);
    assert!(p.is_empty(), "{backend:?}: {sql} → {p:?}");
}

#[test]
fn breaking_statements_are_flagged_with_file_line_and_statement() {
    let p = flagged(
        "-- drop an old column\n\nALTER TABLE measures DROP COLUMN title;\n",
        Backend::Postgres,
    );
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with(
            "migrations_pg/0099_sample.sql, line 3: `ALTER TABLE measures DROP COLUMN title` drops a column"
        ),
        "{}",
        p[0]
    );
    assert!(p[0].contains("-- contract:"), "{}", p[0]);

    assert_flagged("alter table measures drop title;", "drops a column");
    assert_flagged(
        "ALTER TABLE IF EXISTS ONLY public.measures DROP COLUMN IF EXISTS title;",
        "drops a column",
    );
    assert_flagged("DROP TABLE measures;", "drops a table");
    assert_flagged(
        "DROP TABLE IF EXISTS capacities, measures CASCADE;",
        "drops a table",
    );
    assert_flagged("ALTER TABLE measures RENAME TO actions;", "renames");
    assert_flagged(
        "ALTER TABLE measures RENAME COLUMN title TO name;",
        "renames",
    );
    assert_flagged(
        "ALTER INDEX measures_code RENAME TO measures_code_old;",
        "renames",
    );
    assert_flagged(
        "ALTER TABLE measures ALTER COLUMN progress TYPE NUMERIC;",
        "type",
    );
    assert_flagged(
        "ALTER TABLE measures ALTER progress SET DATA TYPE NUMERIC;",
        "type",
    );
    assert_flagged(
        "ALTER TABLE meetings ALTER COLUMN moved_from SET NOT NULL;",
        "SET NOT NULL",
    );
    assert_flagged(
        "ALTER TABLE measures ALTER COLUMN tenant_id DROP DEFAULT;",
        "default",
    );
    assert_flagged(
        "ALTER TABLE measures ADD COLUMN owner TEXT NOT NULL;",
        "NOT NULL column",
    );
    assert_flagged(
        "ALTER TABLE measures ADD COLUMN a TEXT, ADD COLUMN b BIGINT NOT NULL REFERENCES people (id);",
        "NOT NULL column",
    );
    assert_flagged(
        "ALTER TABLE measures ADD CONSTRAINT progress_max CHECK (progress <= 100);",
        "tightens",
    );
    assert_flagged(
        "CREATE UNIQUE INDEX measures_title ON measures (tenant_id, title);",
        "UNIQUE",
    );
    assert_flagged("DROP VIEW open_measures;", "view");
    assert_flagged("DROP FUNCTION IF EXISTS julianday(text);", "function");
    assert_flagged("DROP TRIGGER audit_log_no_update ON audit_log;", "trigger");
    assert_flagged("DROP INDEX measures_code;", "index");
    assert_flagged("DROP POLICY tenant_isolation ON measures;", "policy");
    assert_flagged("REVOKE UPDATE ON measures FROM sachstand_app;", "revokes");
    // a DO block runs its statements right away
    assert_flagged(
        "DO $$ BEGIN\n  ALTER TABLE measures DROP COLUMN title;\nEND $$;",
        "drops a column",
    );
    assert_flagged(
        "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $body$\nBEGIN\n  DROP TABLE measures;\nEND\n$body$;",
        "drops a table",
    );
}

#[test]
fn expanding_statements_pass() {
    for backend in [Backend::Postgres, Backend::Sqlite] {
        assert_fine("ALTER TABLE measures ADD COLUMN x TEXT;", backend);
        assert_fine(
            "ALTER TABLE measures ADD x TEXT NOT NULL DEFAULT '';",
            backend,
        );
        assert_fine(
            "ALTER TABLE measures ADD COLUMN version BIGINT NOT NULL DEFAULT 1, ADD COLUMN note TEXT;",
            backend,
        );
        assert_fine(
            "CREATE INDEX measures_updated ON measures (tenant_id, updated_at);",
            backend,
        );
        assert_fine(
            "ALTER TABLE measures ALTER COLUMN note SET DEFAULT '';",
            backend,
        );
        assert_fine("UPDATE measures SET note = '' WHERE note IS NULL;", backend);
        assert_fine("REVOKE ALL ON SCHEMA public FROM PUBLIC;", backend);
        // anything done to a table the same file creates
        assert_fine(
            "CREATE TABLE notes (id BIGINT, body TEXT);\n\
             ALTER TABLE notes ADD COLUMN owner TEXT NOT NULL;\n\
             ALTER TABLE notes ALTER COLUMN body SET NOT NULL;\n\
             CREATE UNIQUE INDEX notes_owner ON notes (owner);",
            backend,
        );
        // DROP and RENAME in comments, string literals and quoted text are not statements
        assert_fine(
            "-- DROP TABLE measures; ALTER TABLE measures RENAME TO x;\n\
             /* DROP TABLE measures; /* nested */ ALTER TABLE measures DROP COLUMN title; */\n\
             INSERT INTO audit_log (detail) VALUES ('DROP TABLE measures; it''s ALTER TABLE x RENAME TO y');\n\
             CALL sachstand_secure('notes');",
            backend,
        );
        // … nor inside a function body's comments
        assert_fine(
            "CREATE OR REPLACE FUNCTION sachstand_init_tenant(tenant bigint) RETURNS void\n\
                 LANGUAGE plpgsql AS $$\n\
             BEGIN\n\
                 -- DROP TABLE letterhead would lose the seed row\n\
                 INSERT INTO letterhead (tenant_id, id) VALUES (tenant, 1) ON CONFLICT (tenant_id, id) DO NOTHING;\n\
                 RAISE NOTICE 'DROP COLUMN %', tenant;\n\
             END\n\
             $$;",
            backend,
        );
        // dropped and created again in the same transaction: the running version never misses it
        assert_fine(
            "DROP TRIGGER reports_released_frozen ON reports;\n\
             CREATE TRIGGER reports_released_frozen BEFORE UPDATE ON reports\n\
                 FOR EACH ROW EXECUTE FUNCTION sachstand_reports_frozen();",
            backend,
        );
        // a temporary table
        assert_fine(
            "CREATE TEMP TABLE t (id BIGINT) ON COMMIT DROP;\nDROP TABLE t;",
            backend,
        );
    }
    // a UNIQUE index over a column the same file adds (NULL in every row the running
    // version writes) never stops those writes …
    for backend in [Backend::Postgres, Backend::Sqlite] {
        assert_fine(
            "ALTER TABLE users ADD COLUMN external_id TEXT;\n\
             CREATE UNIQUE INDEX users_external ON users (tenant_id, source, external_id) WHERE external_id IS NOT NULL;",
            backend,
        );
    }
    // … unless NULLs count as equal, or the column has a default
    assert_eq!(
        flagged(
            "ALTER TABLE users ADD COLUMN external_id TEXT;\n\
             CREATE UNIQUE INDEX users_external ON users (external_id) NULLS NOT DISTINCT;",
            Backend::Postgres
        )
        .len(),
        1
    );
    assert_eq!(
        flagged(
            "ALTER TABLE users ADD COLUMN source TEXT NOT NULL DEFAULT 'local';\n\
             CREATE UNIQUE INDEX users_source ON users (tenant_id, source);",
            Backend::Postgres
        )
        .len(),
        1
    );
    // … but not without a transaction
    let p = flagged(
        "-- no-transaction\nDROP INDEX measures_code;\nCREATE INDEX CONCURRENTLY measures_code ON measures (tenant_id, code);",
        Backend::Postgres,
    );
    assert_eq!(p.len(), 1, "{p:?}");
}

#[test]
fn rebuilding_a_table_is_fine_on_sqlite_only() {
    let rebuild = "PRAGMA foreign_keys = OFF;\n\
        CREATE TABLE measures_new (id INTEGER PRIMARY KEY, title TEXT NOT NULL CHECK (length(title) > 0));\n\
        INSERT INTO measures_new (id, title) SELECT id, title FROM measures;\n\
        DROP TABLE measures;\n\
        ALTER TABLE measures_new RENAME TO measures;\n\
        CREATE INDEX measures_title ON measures (title);";
    assert_fine(rebuild, Backend::Sqlite);
    let p = flagged(rebuild, Backend::Postgres);
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(
        p[0].contains("line 4: `DROP TABLE measures` drops a table"),
        "{}",
        p[0]
    );
    assert!(
        p[1].contains("line 5: `ALTER TABLE measures_new RENAME TO measures`"),
        "{}",
        p[1]
    );
    // a rename on SQLite that is no rebuild is still one
    let p = flagged("ALTER TABLE measures RENAME TO actions;", Backend::Sqlite);
    assert_eq!(p.len(), 1, "{p:?}");
}

#[test]
fn a_contract_step_says_why_it_is_safe() {
    let contract = "-- Remove measures.legacy_code.\n\
        -- contract: release 2027.2 stopped reading and writing legacy_code (since 2027.1 unused)\n\
        ALTER TABLE measures DROP COLUMN legacy_code;";
    assert_fine(contract, Backend::Postgres);
    assert_fine(contract, Backend::Sqlite);
    let no_reason = "-- contract:\nALTER TABLE measures DROP COLUMN legacy_code;";
    let p = flagged(no_reason, Backend::Postgres);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].contains("must say why"), "{}", p[0]);
    // the marker counts only in the header, before the first statement
    let late = "ALTER TABLE measures DROP COLUMN legacy_code;\n-- contract: release 2027.2 stopped using it";
    assert_eq!(flagged(late, Backend::Postgres).len(), 1);
}

/// The check applied to a real file: each PostgreSQL migration with one breaking
/// statement appended (on a table no file creates) is flagged at its line, and only there.
#[test]
fn a_real_migration_with_a_breaking_statement_appended_fails() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations_pg");
    let mut seen = 0;
    for entry in std::fs::read_dir(&root).expect("migrations_pg") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|x| x != "sql") {
            continue;
        }
        let sql = std::fs::read_to_string(&path).expect("migration");
        let bad = format!(
            "{}\nALTER TABLE earlier_table RENAME COLUMN title TO name;\n",
            sql.trim_end()
        );
        let line = sql.trim_end().lines().count() + 1;
        let p = check("x.sql", &bad, Backend::Postgres);
        assert_eq!(p.len(), 1, "{}: {p:?}", path.display());
        assert!(
            p[0].starts_with(&format!(
                "x.sql, line {line}: `ALTER TABLE earlier_table RENAME COLUMN title TO name` renames"
            )),
            "{}: {}",
            path.display(),
            p[0]
        );
        seen += 1;
    }
    assert!(seen >= 15);
}
