//! A city moves: its whole data from a SQLite file into a tenant on the hosted
//! PostgreSQL database, or from a tenant back into a new SQLite file. Rows keep their ids
//! (the audit chain and every reference stay as they were), the copy is one transaction
//! on the target, a target that already holds data is refused, and the row counts are
//! compared before it commits. The caller verifies the audit chain on arrival.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::Context;
use sqlx::{Column, Row, TypeInfo, ValueRef};

use super::{Arg, Backend, Conn, Db, NullKind, query, query_scalar, tenants};

/// What `sachstand copy` was asked to do.
#[derive(Debug, Clone)]
pub struct Plan {
    pub from: String,
    pub to: String,
    pub tenant: Option<String>,
    pub from_tenant: Option<String>,
}

/// Tables that are not the city's data: the session store, short-lived login flows and the
/// secrets waiting for a session's next page (everyone signs in again after a move), and the
/// migration bookkeeping.
const SKIPPED: &[&str] = &[
    "sessions",
    "oidc_flows",
    "_sqlx_migrations",
    "tenants",
    "pending_secrets",
];

/// Rows every fresh database or tenant has (migration seed rows): replaced by the copy.
const SEEDED: &[&str] = &["letterhead", "transparency_settings"];

/// The value kinds the two schemas use, by column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Real,
    Text,
    Bytes,
    Bool,
}

fn kind_of(declared: &str) -> Kind {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" | "int8" => Kind::Int,
        "real" | "double precision" | "float8" => Kind::Real,
        "blob" | "bytea" => Kind::Bytes,
        "boolean" | "bool" => Kind::Bool,
        _ => Kind::Text,
    }
}

async fn open(target: &str, tenant: Option<&str>) -> anyhow::Result<Db> {
    if super::pg::is_url(target) {
        let name = tenant.context("Für PostgreSQL bitte die Stadt mit --tenant angeben")?;
        let db = Db::connect(target, &Default::default()).await?;
        db.check_startup().await?;
        let id = tenants::id_by_name(&db, name).await?;
        Ok(db.for_tenant(id))
    } else {
        anyhow::ensure!(
            tenant.is_none(),
            "--tenant gilt nur für PostgreSQL; eine SQLite-Datei ist eine Stadt"
        );
        let db = Db::open(Path::new(target)).await?;
        db.migrate().await?;
        db.check_startup().await?;
        Ok(db)
    }
}

/// The tables in an order that inserts every referenced row first, with their columns
/// (read from a SQLite schema, which both sides share apart from `tenant_id`).
/// One table to copy: its columns, and those that point into the same table (set after
/// all its rows are in, since a row may point at a later one).
struct Table {
    name: String,
    columns: Vec<(String, Kind)>,
    self_refs: Vec<String>,
}

async fn tables(sqlite: &Db) -> anyhow::Result<Vec<Table>> {
    let mut lease = sqlite
        .read
        .as_sqlite()
        .context("SQLite erwartet")?
        .acquire()
        .await?;
    let pool = &mut *lease;
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&mut *pool)
    .await?;
    let names: Vec<String> = names
        .into_iter()
        .filter(|n| !SKIPPED.contains(&n.as_str()))
        .collect();
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut columns: BTreeMap<String, Vec<(String, Kind)>> = BTreeMap::new();
    let mut self_refs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in &names {
        let refs: Vec<(String, String)> =
            sqlx::query_as("SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?)")
                .bind(t)
                .fetch_all(&mut *pool)
                .await?;
        self_refs.insert(
            t.clone(),
            refs.iter()
                .filter(|(r, _)| r == t)
                .map(|(_, from)| from.clone())
                .collect(),
        );
        deps.insert(
            t.clone(),
            refs.into_iter()
                .map(|(r, _)| r)
                .filter(|r| r != t && names.contains(r))
                .collect(),
        );
        let cols: Vec<(String, String)> =
            sqlx::query_as("SELECT name, type FROM pragma_table_info(?) ORDER BY cid")
                .bind(t)
                .fetch_all(&mut *pool)
                .await?;
        columns.insert(
            t.clone(),
            cols.into_iter().map(|(n, ty)| (n, kind_of(&ty))).collect(),
        );
    }
    let mut order = Vec::new();
    let mut done = BTreeSet::new();
    while order.len() < names.len() {
        let ready: Vec<String> = names
            .iter()
            .filter(|t| !done.contains(*t) && deps[*t].iter().all(|d| done.contains(d)))
            .cloned()
            .collect();
        anyhow::ensure!(!ready.is_empty(), "Zyklische Fremdschlüssel im Schema");
        for t in ready {
            done.insert(t.clone());
            order.push(Table {
                columns: columns.remove(&t).unwrap_or_default(),
                self_refs: self_refs.remove(&t).unwrap_or_default(),
                name: t,
            });
        }
    }
    Ok(order)
}

/// PostgreSQL's kinds for the columns of `table` (the flags are booleans there).
async fn pg_kinds(conn: &mut Conn, table: &str) -> anyhow::Result<BTreeMap<String, Kind>> {
    let rows: Vec<(String, String)> = super::query_as(
        "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT) FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = ?",
    )
    .bind(table)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(n, t)| (n, kind_of(&t))).collect())
}

fn arg_from<'r, R>(row: &'r R, i: usize, want: Kind) -> anyhow::Result<Arg>
where
    R: Row,
    usize: sqlx::ColumnIndex<R>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    f64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    bool: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Vec<u8>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Arg::Null(match want {
            Kind::Int => NullKind::I64,
            Kind::Real => NullKind::F64,
            Kind::Text => NullKind::Text,
            Kind::Bytes => NullKind::Bytes,
            Kind::Bool => NullKind::Bool,
        }));
    }
    let stored = kind_of(raw.type_info().name());
    let name = row.column(i).name().to_owned();
    let arg = match (stored, want) {
        (Kind::Int, Kind::Bool) => Arg::Bool(row.try_get_unchecked::<i64, _>(i)? != 0),
        (Kind::Bool, Kind::Int) => Arg::I64(i64::from(row.try_get_unchecked::<bool, _>(i)?)),
        (Kind::Bool, Kind::Bool) => Arg::Bool(row.try_get_unchecked::<bool, _>(i)?),
        (Kind::Int, Kind::Int) => Arg::I64(row.try_get_unchecked::<i64, _>(i)?),
        (Kind::Int | Kind::Real, Kind::Real) => Arg::F64(row.try_get_unchecked::<f64, _>(i)?),
        (Kind::Text, Kind::Text) => Arg::Text(row.try_get_unchecked::<String, _>(i)?),
        (Kind::Bytes, Kind::Bytes) => Arg::Bytes(row.try_get_unchecked::<Vec<u8>, _>(i)?),
        (s, w) => anyhow::bail!("Spalte {name}: gespeichert als {s:?}, erwartet {w:?}"),
    };
    Ok(arg)
}

/// Copies the city; returns a German summary.
pub async fn run(plan: &Plan) -> anyhow::Result<String> {
    let to_pg = super::pg::is_url(&plan.to);
    let from_pg = super::pg::is_url(&plan.from);
    anyhow::ensure!(
        to_pg != from_pg,
        "Kopiert wird zwischen einer SQLite-Datei und einer Stadt auf PostgreSQL"
    );
    if !to_pg {
        anyhow::ensure!(
            !Path::new(&plan.to).exists(),
            "Zieldatei {} existiert bereits; bitte eine neue Datei nennen",
            plan.to
        );
    } else {
        anyhow::ensure!(
            Path::new(&plan.from).exists(),
            "Quelldatei {} gibt es nicht",
            plan.from
        );
    }
    let source = open(&plan.from, plan.from_tenant.as_deref()).await?;
    let target = open(&plan.to, plan.tenant.as_deref()).await?;
    let sqlite = if to_pg { &source } else { &target };
    let order = tables(sqlite).await?;

    let mut tx = target.write.begin_write().await?;
    // refuse a target with data (the seed rows of a fresh file or tenant excepted)
    for Table { name: t, .. } in &order {
        let n: i64 = query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {t}")))
            .fetch_one(&mut tx)
            .await?;
        anyhow::ensure!(
            n == 0 || SEEDED.contains(&t.as_str()),
            "Das Ziel enthält schon Daten (Tabelle {t}: {n} Zeilen); kopiert wird nur in eine leere Stadt"
        );
    }
    for t in SEEDED {
        query(sqlx::AssertSqlSafe(format!("DELETE FROM {t}")))
            .execute(&mut tx)
            .await?;
    }
    let mut summary = Vec::new();
    let mut total = 0usize;
    for Table {
        name: t,
        columns: cols,
        self_refs,
    } in &order
    {
        let want: Vec<Kind> = if to_pg {
            let kinds = pg_kinds(&mut tx, t).await?;
            cols.iter()
                .map(|(c, k)| kinds.get(c).copied().unwrap_or(*k))
                .collect()
        } else {
            cols.iter().map(|(_, k)| *k).collect()
        };
        let list = cols
            .iter()
            .map(|(c, _)| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let select = format!("SELECT {list} FROM {t} ORDER BY 1");
        let rows: Vec<Vec<Arg>> = if let Some(pool) = source.read.as_sqlite() {
            let mut conn = pool.acquire().await?;
            let rows = sqlx::query(sqlx::AssertSqlSafe(select))
                .fetch_all(&mut *conn)
                .await?;
            drop(conn);
            rows.iter()
                .map(|r| (0..cols.len()).map(|i| arg_from(r, i, want[i])).collect())
                .collect::<anyhow::Result<_>>()?
        } else {
            let mut read = source.read.acquire().await?;
            let Conn::PgTx(pg) = &mut read else {
                anyhow::bail!("PostgreSQL erwartet");
            };
            let rows = sqlx::query(sqlx::AssertSqlSafe(select))
                .fetch_all(&mut **pg)
                .await?;
            rows.iter()
                .map(|r| (0..cols.len()).map(|i| arg_from(r, i, want[i])).collect())
                .collect::<anyhow::Result<_>>()?
        };
        let marks = vec!["?"; cols.len()].join(", ");
        let insert = format!("INSERT INTO {t} ({list}) VALUES ({marks})");
        let later: Vec<usize> = cols
            .iter()
            .enumerate()
            .filter(|(_, (c, _))| self_refs.contains(c))
            .map(|(i, _)| i)
            .collect();
        let id_at = cols.iter().position(|(c, _)| c == "id");
        for row in &rows {
            let mut q = query(sqlx::AssertSqlSafe(insert.clone()));
            for (i, a) in row.iter().enumerate() {
                q = q.bind(if later.contains(&i) {
                    Arg::Null(NullKind::I64)
                } else {
                    a.clone()
                });
            }
            q.execute(&mut tx)
                .await
                .with_context(|| format!("Tabelle {t}: Zeile nicht übernommen"))?;
        }
        // references within the table, now that every row is there
        for &i in &later {
            let id_at = id_at.with_context(|| format!("Tabelle {t}: keine Spalte id"))?;
            let update = format!("UPDATE {t} SET \"{}\" = ? WHERE id = ?", cols[i].0);
            for row in rows.iter().filter(|r| !matches!(r[i], Arg::Null(_))) {
                query(sqlx::AssertSqlSafe(update.clone()))
                    .bind(row[i].clone())
                    .bind(row[id_at].clone())
                    .execute(&mut tx)
                    .await
                    .with_context(|| format!("Tabelle {t}: Verweis nicht übernommen"))?;
            }
        }
        let arrived: i64 = query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {t}")))
            .fetch_one(&mut tx)
            .await?;
        anyhow::ensure!(
            usize::try_from(arrived).unwrap_or(0) == rows.len(),
            "Tabelle {t}: {} Zeilen gelesen, {arrived} angekommen",
            rows.len()
        );
        total += rows.len();
        if !rows.is_empty() {
            summary.push(format!("{t} {}", rows.len()));
        }
    }
    if target.backend() == Backend::Postgres {
        // new rows of this city must not collide with the ids it brought along
        query("SELECT sachstand_advance_sequences()")
            .execute(&mut tx)
            .await?;
    }
    tx.commit().await?;
    Ok(format!(
        "{total} Zeilen in {} Tabellen kopiert ({})",
        summary.len(),
        summary.join(", ")
    ))
}

/// The target database of a plan, for checks after the copy (the audit chain).
pub async fn target(plan: &Plan) -> anyhow::Result<Db> {
    open(&plan.to, plan.tenant.as_deref()).await
}
