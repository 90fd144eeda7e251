//! Whole-database checks: "nothing was written" snapshots, row counts, SQLite's own checks.

use sachstand::db::Pool;

/// Every domain table, row by row, as text: equal snapshots mean nothing was written.
/// The session store and the migration bookkeeping are left out, and so are `skip`.
pub async fn snapshot(db: &Pool, skip: &[&str]) -> String {
    let pg = db.backend() == sachstand::db::Backend::Postgres;
    let mut out = String::new();
    let tables: Vec<String> = sachstand::db::query_scalar(if pg {
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('sessions', '_sqlx_migrations', 'tenants') ORDER BY table_name"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sessions', '_sqlx_migrations') AND name NOT LIKE 'sqlite_%' ORDER BY name"
    })
    .fetch_all(db)
    .await
    .expect("tables");
    for table in tables.iter().filter(|t| !skip.contains(&t.as_str())) {
        let cols: Vec<String> = sachstand::db::query_scalar(if pg {
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ? AND column_name <> 'tenant_id' ORDER BY ordinal_position"
        } else {
            "SELECT name FROM pragma_table_info(?)"
        })
        .bind(table)
        .fetch_all(db)
        .await
        .expect("columns");
        let expr = cols
            .iter()
            .map(|c| {
                if pg {
                    format!("coalesce(quote_literal({c}), 'NULL')")
                } else {
                    format!("quote({c})")
                }
            })
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        // rows in a stable order: SQLite's rowid, on PostgreSQL the whole row
        let order = if pg { "1" } else { "rowid" };
        let rows: Vec<String> = sachstand::db::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT {expr} FROM {table} ORDER BY {order}"
        )))
        .fetch_all(db)
        .await
        .expect("snapshot");
        out.push_str(table);
        out.push('\n');
        out.push_str(&rows.join("\n"));
        out.push('\n');
    }
    out
}

/// The number of rows in a table (the name is the caller's constant, never input).
pub async fn row_count(db: &Pool, table: &str) -> i64 {
    sachstand::db::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
        .fetch_one(db)
        .await
        .expect("row count")
}

/// What `PRAGMA integrity_check` and `PRAGMA foreign_key_check` report.
pub struct Integrity {
    pub integrity: Vec<String>,
    pub fk_violations: usize,
}

impl Integrity {
    pub fn ok(&self) -> bool {
        self.integrity == ["ok"] && self.fk_violations == 0
    }
}

pub async fn integrity(conn: &mut sachstand::db::Conn) -> Integrity {
    if conn.backend() == sachstand::db::Backend::Postgres {
        // PostgreSQL enforces foreign keys at once; what can be asked is whether every
        // constraint is validated (none was added NOT VALID and left so).
        let unvalidated: i64 = sachstand::db::query_scalar(
            "SELECT count(*) FROM pg_constraint WHERE NOT convalidated",
        )
        .fetch_one(&mut *conn)
        .await
        .expect("constraints");
        return Integrity {
            integrity: vec![if unvalidated == 0 {
                "ok".into()
            } else {
                format!("{unvalidated} constraints not validated")
            }],
            fk_violations: 0,
        };
    }
    let integrity: Vec<String> = sachstand::db::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *conn)
        .await
        .expect("integrity_check");
    let fk =
        sachstand::db::query_scalar::<String>("SELECT \"table\" FROM pragma_foreign_key_check")
            .fetch_all(&mut *conn)
            .await
            .expect("foreign_key_check");
    Integrity {
        integrity,
        fk_violations: fk.len(),
    }
}
