//! Field-wise three-way merge for forms with optimistic locking: a form carries the values
//! it was opened with (`orig`), so a save after someone else's save applies only the
//! fields this user changed, keeps the fields only the colleague changed, and asks for an
//! explicit choice where both changed the same field.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use crate::audit::{self, Entity};
use crate::domain::dates::format_timestamp;

/// One field of a mergeable form: its form name, its label, how to read and write it.
pub struct Field<F> {
    pub key: &'static str,
    pub label: &'static str,
    pub get: fn(&F) -> String,
    pub set: fn(&mut F, String),
}

/// A `Field` for a `String` member of a form: `merge_field!(MeasureForm, title, "Titel")`.
#[macro_export]
macro_rules! merge_field {
    ($form:ty, $name:ident, $label:expr) => {
        $crate::web::merge::Field::<$form> {
            key: stringify!($name),
            label: $label,
            get: |f| f.$name.clone(),
            set: |f, v| f.$name = v,
        }
    };
}

/// A form that can be merged: its fields in the form's order, its version and its hidden
/// merge state.
pub trait Mergeable: Sized + 'static {
    const FIELDS: &'static [Field<Self>];
    fn version_mut(&mut self) -> &mut String;
    fn merge_input(&self) -> MergeInput;
    /// Fields whose names are known only at run time (one comment per field of action),
    /// after the fixed ones; labelled by [`Show::label`].
    fn extra_keys(&self) -> Vec<String> {
        Vec::new()
    }
    fn get_extra(&self, _key: &str) -> String {
        String::new()
    }
    fn set_extra(&mut self, _key: &str, _value: String) {}
}

/// How a form's values read on the 409 page: names instead of ids, German dates, labels.
pub trait Show {
    fn value(&self, key: &str, raw: &str) -> String;
    /// The label of a run-time field ([`Mergeable::extra_keys`]).
    fn label(&self, key: &str) -> String {
        key.to_string()
    }
}

impl<T: Fn(&str, &str) -> String> Show for T {
    fn value(&self, key: &str, raw: &str) -> String {
        self(key, raw)
    }
}

fn fixed<F: Mergeable>(key: &str) -> Option<&'static Field<F>> {
    F::FIELDS.iter().find(|f| f.key == key)
}

fn get<F: Mergeable>(form: &F, key: &str) -> String {
    match fixed::<F>(key) {
        Some(f) => (f.get)(form),
        None => form.get_extra(key),
    }
}

fn set<F: Mergeable>(form: &mut F, key: &str, value: String) {
    match fixed::<F>(key) {
        Some(f) => (f.set)(form, value),
        None => form.set_extra(key, value),
    }
}

/// Every field name of a form: the fixed ones, then the run-time ones.
fn keys<F: Mergeable>(form: &F) -> Vec<String> {
    F::FIELDS
        .iter()
        .map(|f| f.key.to_string())
        .chain(form.extra_keys())
        .collect()
}

/// The hidden fields a mergeable form posts (flattened into the form struct).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MergeInput {
    /// The values the form was opened with (JSON, field name → value).
    pub orig: String,
    /// The fields that need a choice, comma-separated (set by a 409 page).
    pub offen: String,
    /// `wahl_<field>` = `gespeichert` | `meine`; the rest of the form is ignored here.
    #[serde(flatten)]
    pub rest: HashMap<String, String>,
}

/// Choice value: keep the stored value.
pub const KEEP_STORED: &str = "gespeichert";
/// Choice value: take the user's input.
pub const TAKE_MINE: &str = "meine";

/// Textareas come back with CRLF; surrounding blanks are no change either.
fn norm(s: &str) -> String {
    s.replace("\r\n", "\n").trim().to_string()
}

/// The values of a form as its hidden `orig` field carries them.
pub fn snapshot<F: Mergeable>(form: &F) -> String {
    let values: BTreeMap<String, String> = keys(form)
        .into_iter()
        .map(|k| {
            let v = norm(&get(form, &k));
            (k, v)
        })
        .collect();
    serde_json::to_string(&values).unwrap_or_default()
}

/// Who changed the stored row last, and when (as people read it).
#[derive(Debug, Clone, Default)]
pub struct LastChange {
    pub who: String,
    pub when: String,
}

impl LastChange {
    /// The latest audited write of an object.
    pub async fn of(conn: &mut crate::db::Conn, entity: Entity, id: i64) -> sqlx::Result<Self> {
        Ok(Self::from(audit::last_write(conn, entity, id).await?))
    }

    /// The latest audited write of a part of an object (its audit rows carry the part's
    /// id under `key`, e.g. a budget line of a measure).
    pub async fn of_detail(
        conn: &mut crate::db::Conn,
        entity: Entity,
        id: i64,
        key: &str,
        detail: i64,
    ) -> sqlx::Result<Self> {
        Ok(Self::from(
            audit::last_write_with(conn, entity, id, key, detail).await?,
        ))
    }

    fn from(row: Option<(String, String)>) -> Self {
        match row {
            Some((who, at)) => Self {
                who,
                when: format_timestamp(&at),
            },
            None => Self::default(),
        }
    }
}

/// How a field differs between the user's input and the stored row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Only this user changed it: their input is applied.
    Mine,
    /// Only the colleague changed it: the stored value stays.
    Theirs,
    /// Both changed it to different values: the user must choose.
    Both,
}

/// One field of the 409 page, with its values as people read them.
#[derive(Debug, Clone)]
pub struct MergeRow {
    pub key: String,
    pub label: String,
    pub before: String,
    pub mine: String,
    pub theirs: String,
    pub change: Change,
}

impl MergeRow {
    pub fn needs_choice(&self) -> bool {
        self.change == Change::Both
    }
    pub fn is_mine(&self) -> bool {
        self.change == Change::Mine
    }
    /// The radio's form name.
    pub fn choice_name(&self) -> String {
        format!("wahl_{}", self.key)
    }
}

/// The 409 panel: who saved in between, and every field that differs.
#[derive(Debug, Clone)]
pub struct ConflictPanel {
    /// "Die Maßnahme", "Das Ziel", … (the sentence's subject).
    pub subject: &'static str,
    pub last: LastChange,
    pub rows: Vec<MergeRow>,
    /// The user saved again without choosing for every marked field.
    pub choice_missing: bool,
}

impl ConflictPanel {
    pub fn choices(&self) -> Vec<&MergeRow> {
        self.rows.iter().filter(|r| r.needs_choice()).collect()
    }
    pub fn applied(&self) -> Vec<&MergeRow> {
        self.rows.iter().filter(|r| !r.needs_choice()).collect()
    }
    pub fn choice_count(&self) -> usize {
        self.choices().len()
    }
}

/// What a mergeable form page needs: the hidden fields, and on a 409 the panel.
#[derive(Debug, Clone, Default)]
pub struct MergeView {
    pub orig: String,
    pub offen: String,
    pub conflict: Option<ConflictPanel>,
}

impl MergeView {
    /// Adds the 409 panel.
    pub fn with_conflict(
        mut self,
        subject: &'static str,
        last: LastChange,
        rows: Vec<MergeRow>,
        choice_missing: bool,
    ) -> Self {
        self.conflict = Some(ConflictPanel {
            subject,
            last,
            rows,
            choice_missing,
        });
        self
    }

    /// A form opened from the stored row.
    pub fn opened<F: Mergeable>(form: &F) -> Self {
        Self {
            orig: snapshot(form),
            ..Self::default()
        }
    }
}

/// The answer of [`resolve`].
pub enum Outcome<F> {
    /// Save this form (its version is the stored one). `merged` says whether a
    /// colleague's save was merged in; `retry` are the hidden fields for a 422 page.
    Save {
        form: F,
        merged: bool,
        retry: MergeView,
    },
    /// Fields collide (or a choice is missing): the 409 page with this form.
    Conflict {
        form: F,
        view: MergeView,
        rows: Vec<MergeRow>,
        choice_missing: bool,
    },
}

/// Decides what a save of `mine` does against the `stored` row (version `stored_version`).
pub fn resolve<F: Mergeable + Clone>(
    mut mine: F,
    stored: &F,
    stored_version: i64,
    show: &dyn Show,
) -> Outcome<F> {
    let input = mine.merge_input();
    let base: Option<BTreeMap<String, String>> = serde_json::from_str(&input.orig).ok();
    let base_of = |key: &str| base.as_ref().and_then(|b| b.get(key)).map(|v| norm(v));
    let all = keys(stored);
    let pending: Vec<&str> = input
        .offen
        .split(',')
        .map(str::trim)
        .filter(|k| all.iter().any(|a| a == k))
        .collect();
    // Choices made on a 409 page: "keep stored" means the value the page showed as stored
    // (the page's snapshot), "mine" keeps the input.
    let mut unresolved = Vec::new();
    for key in &pending {
        match input.rest.get(&format!("wahl_{key}")).map(String::as_str) {
            Some(KEEP_STORED) => {
                if let Some(b) = base_of(key) {
                    set(&mut mine, key, b);
                }
            }
            Some(TAKE_MINE) => {}
            _ => unresolved.push(*key),
        }
    }
    let sent_version: i64 = mine.version_mut().trim().parse().unwrap_or(-1);
    let version_ok = sent_version == stored_version;
    if version_ok && unresolved.is_empty() {
        let retry = MergeView {
            orig: input.orig.clone(),
            ..MergeView::default()
        };
        return Outcome::Save {
            form: mine,
            merged: false,
            retry,
        };
    }
    let mut merged = mine.clone();
    let mut rows = Vec::new();
    for key in &all {
        let m = norm(&get(&mine, key));
        let t = norm(&get(stored, key));
        if m == t {
            continue;
        }
        let b = base_of(key);
        let change = if unresolved.contains(&key.as_str()) {
            Change::Both
        } else {
            match b.as_deref() {
                Some(b) if b == m => Change::Theirs,
                Some(b) if b == t => Change::Mine,
                _ => Change::Both,
            }
        };
        if change == Change::Theirs {
            set(&mut merged, key, get(stored, key));
        }
        let shown = |v: &str| {
            let s = show.value(key, v);
            if s.trim().is_empty() {
                "(leer)".to_string()
            } else {
                s
            }
        };
        let label = match fixed::<F>(key) {
            Some(f) => f.label.to_string(),
            None => show.label(key),
        };
        rows.push(MergeRow {
            key: key.clone(),
            label,
            // After a 409 the snapshot is the stored row: "before" would only repeat it.
            before: b
                .as_deref()
                .filter(|b| *b != t)
                .map(shown)
                .unwrap_or_default(),
            mine: shown(&m),
            theirs: shown(&t),
            change,
        });
    }
    *merged.version_mut() = stored_version.to_string();
    let collisions: Vec<&str> = rows
        .iter()
        .filter(|r| r.needs_choice())
        .map(|r| r.key.as_str())
        .collect();
    if collisions.is_empty() {
        let retry = MergeView::opened(stored);
        return Outcome::Save {
            form: merged,
            merged: !version_ok,
            retry,
        };
    }
    let view = MergeView {
        orig: snapshot(stored),
        offen: collisions.join(","),
        conflict: None,
    };
    Outcome::Conflict {
        form: merged,
        view,
        rows,
        choice_missing: !pending.is_empty() && !unresolved.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Default, Debug)]
    struct Form {
        title: String,
        text: String,
        version: String,
        merge: MergeInput,
    }

    impl Mergeable for Form {
        const FIELDS: &'static [Field<Self>] = &[
            merge_field!(Form, title, "Titel"),
            merge_field!(Form, text, "Text"),
        ];
        fn version_mut(&mut self) -> &mut String {
            &mut self.version
        }
        fn merge_input(&self) -> MergeInput {
            self.merge.clone()
        }
    }

    fn form(title: &str, text: &str, version: i64) -> Form {
        Form {
            title: title.into(),
            text: text.into(),
            version: version.to_string(),
            merge: MergeInput::default(),
        }
    }

    fn opened_then(base: &Form, title: &str, text: &str) -> Form {
        let mut f = form(title, text, base.version.parse().unwrap_or(0));
        f.merge.orig = snapshot(base);
        f
    }

    fn plain(_: &str, v: &str) -> String {
        v.to_string()
    }

    #[test]
    fn different_fields_merge_without_asking() {
        let base = form("A", "x", 1);
        let stored = form("A2", "x", 2);
        let mine = opened_then(&base, "A", "y\r\n");
        match resolve(mine, &stored, 2, &plain) {
            Outcome::Save { form, merged, .. } => {
                assert!(merged);
                assert_eq!(form.title, "A2");
                assert_eq!(form.text, "y\r\n");
                assert_eq!(form.version, "2");
            }
            Outcome::Conflict { .. } => panic!("expected a merge"),
        }
    }

    #[test]
    fn same_field_asks_and_each_choice_wins() {
        let base = form("A", "x", 1);
        let stored = form("A2", "x", 2);
        let mine = opened_then(&base, "A3", "x");
        let Outcome::Conflict {
            form, view, rows, ..
        } = resolve(mine, &stored, 2, &plain)
        else {
            panic!("expected a conflict");
        };
        assert_eq!(view.offen, "title");
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].before.as_str(), rows[0].mine.as_str()),
            ("A", "A3")
        );
        // Saving again without a choice asks again.
        let mut again = form.clone();
        again.merge = MergeInput {
            orig: view.orig.clone(),
            offen: view.offen.clone(),
            rest: HashMap::new(),
        };
        let Outcome::Conflict { choice_missing, .. } = resolve(again.clone(), &stored, 2, &plain)
        else {
            panic!("a missing choice must not save");
        };
        assert!(choice_missing);
        for (choice, want) in [(KEEP_STORED, "A2"), (TAKE_MINE, "A3")] {
            let mut chosen = again.clone();
            chosen.merge.rest.insert("wahl_title".into(), choice.into());
            let Outcome::Save { form, .. } = resolve(chosen, &stored, 2, &plain) else {
                panic!("a choice must save");
            };
            assert_eq!(form.title, want);
        }
    }

    #[test]
    fn a_third_save_after_the_choice_conflicts_again() {
        let stored2 = form("A2", "x", 2);
        let stored3 = form("A4", "x", 3);
        let mut chosen = form("A3", "x", 2);
        chosen.merge.orig = snapshot(&stored2);
        chosen.merge.offen = "title".into();
        chosen
            .merge
            .rest
            .insert("wahl_title".into(), TAKE_MINE.into());
        let Outcome::Conflict {
            view,
            choice_missing,
            ..
        } = resolve(chosen.clone(), &stored3, 3, &plain)
        else {
            panic!("expected a new conflict");
        };
        assert_eq!(view.offen, "title");
        assert!(!choice_missing);
        // "Keep stored" after a third save takes the newest stored value.
        chosen
            .merge
            .rest
            .insert("wahl_title".into(), KEEP_STORED.into());
        let Outcome::Save { form, .. } = resolve(chosen, &stored3, 3, &plain) else {
            panic!("expected a save");
        };
        assert_eq!(form.title, "A4");
    }

    #[test]
    fn a_form_without_snapshot_asks_for_every_difference() {
        let stored = form("A2", "x", 2);
        let mine = form("A3", "x", 1);
        let Outcome::Conflict { view, .. } = resolve(mine, &stored, 2, &plain) else {
            panic!("expected a conflict");
        };
        assert_eq!(view.offen, "title");
    }
}
