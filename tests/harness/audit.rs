//! The audit trail as the tests check it: which rows a write left in `audit_log`.

use sachstand::db::QueryBuilder;

/// Which audit rows to count or read; every condition given must hold.
/// `Audit::action("anlegen").entity("massnahme")`, `Audit::all().new_has("Titel")`.
#[derive(Clone, Debug, Default)]
pub struct Audit {
    actions: Vec<String>,
    action_prefix: Option<String>,
    not_actions: Vec<String>,
    entity: Option<String>,
    entity_id: Option<i64>,
    actor: Option<String>,
    old_has: Vec<String>,
    old_lacks: Vec<String>,
    new_has: Vec<String>,
}

impl Audit {
    /// Every row.
    pub fn all() -> Audit {
        Audit::default()
    }

    pub fn action(action: &str) -> Audit {
        Audit::actions(&[action])
    }

    /// Rows with any of these actions.
    pub fn actions(actions: &[&str]) -> Audit {
        Audit {
            actions: actions.iter().map(|a| a.to_string()).collect(),
            ..Audit::default()
        }
    }

    /// Rows whose action starts with the text (`meilenstein_`).
    pub fn action_prefix(prefix: &str) -> Audit {
        Audit {
            action_prefix: Some(prefix.to_string()),
            ..Audit::default()
        }
    }

    /// Rows of one entity kind (`massnahme`, `ziel`, `handlungsfeld`, …).
    pub fn on(entity: &str) -> Audit {
        Audit::all().entity(entity)
    }

    pub fn entity(mut self, entity: &str) -> Audit {
        self.entity = Some(entity.to_string());
        self
    }

    pub fn id(mut self, entity_id: i64) -> Audit {
        self.entity_id = Some(entity_id);
        self
    }

    /// Rows written by the account of that user name.
    pub fn by(mut self, actor_name: &str) -> Audit {
        self.actor = Some(actor_name.to_string());
        self
    }

    /// Leaves out rows with these actions.
    pub fn except(mut self, actions: &[&str]) -> Audit {
        self.not_actions = actions.iter().map(|a| a.to_string()).collect();
        self
    }

    /// The old values (JSON text) contain the text (ASCII case ignored, as SQL `LIKE`).
    pub fn old_has(mut self, text: &str) -> Audit {
        self.old_has.push(text.to_string());
        self
    }

    /// The old values do not contain the text (ASCII case ignored).
    pub fn old_lacks(mut self, text: &str) -> Audit {
        self.old_lacks.push(text.to_string());
        self
    }

    /// The new values contain the text (ASCII case ignored).
    pub fn new_has(mut self, text: &str) -> Audit {
        self.new_has.push(text.to_string());
        self
    }

    fn query(&self, select: &str) -> QueryBuilder {
        let mut q = QueryBuilder::new(format!("{select} FROM audit_log WHERE 1 = 1"));
        if !self.actions.is_empty() {
            q.push(" AND action IN (");
            q.push_list(self.actions.iter().cloned(), ", ");
            q.push(")");
        }
        if !self.not_actions.is_empty() {
            q.push(" AND action NOT IN (");
            q.push_list(self.not_actions.iter().cloned(), ", ");
            q.push(")");
        }
        if let Some(p) = &self.action_prefix {
            q.push(" AND action LIKE ")
                .push_bind(format!("{}%", like_escape(p)))
                .push(" ESCAPE '\\'");
        }
        if let Some(e) = &self.entity {
            q.push(" AND entity = ").push_bind(e.clone());
        }
        if let Some(id) = self.entity_id {
            q.push(" AND entity_id = ").push_bind(id);
        }
        if let Some(a) = &self.actor {
            q.push(" AND actor_name = ").push_bind(a.clone());
        }
        for (column, texts, negate) in [
            ("old_values", &self.old_has, ""),
            ("old_values", &self.old_lacks, "NOT "),
            ("new_values", &self.new_has, ""),
        ] {
            for t in texts {
                q.push(format!(" AND {column} {negate}LIKE "))
                    .push_bind(format!("%{}%", like_escape(t)))
                    .push(" ESCAPE '\\'");
            }
        }
        q
    }
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// One row of the audit trail.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub actor_name: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub old_values: String,
    pub new_values: String,
    pub prev_hash: String,
    pub hash: String,
}

/// How many audit rows match.
pub async fn audit_count<'e>(db: impl sachstand::db::Executor<'e>, which: &Audit) -> i64 {
    which
        .query("SELECT count(*)")
        .build_query_scalar()
        .fetch_one(db)
        .await
        .expect("count audit rows")
}

/// The matching audit rows, oldest first.
pub async fn audit_rows<'e>(db: impl sachstand::db::Executor<'e>, which: &Audit) -> Vec<AuditRow> {
    let mut q = which.query(
        "SELECT id, actor_name, action, entity, entity_id, old_values, new_values, prev_hash, hash",
    );
    q.push(" ORDER BY id");
    q.build_query_as()
        .fetch_all(db)
        .await
        .expect("read audit rows")
}

/// Asserts that exactly `expected` audit rows match; lists the newest rows otherwise.
pub async fn assert_audited(db: &sachstand::db::Pool, which: &Audit, expected: i64) {
    let found = audit_count(db, which).await;
    if found != expected {
        let rows = audit_rows(db, &Audit::all()).await;
        let listed: Vec<String> = rows[rows.len().saturating_sub(30)..]
            .iter()
            .map(|r| {
                format!(
                    "{} {} {}/{:?} {} → {}",
                    r.actor_name, r.action, r.entity, r.entity_id, r.old_values, r.new_values
                )
            })
            .collect();
        panic!(
            "expected {expected} audit rows for {which:?}, found {found}; the newest audit rows:\n{}",
            listed.join("\n")
        );
    }
}
