//! Diagnostics, not product figures: where the time of a request goes, and what a WAL
//! checkpoint inside a committing request costs.

use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use sachstand::Db;

use crate::scenarios::bench_get;
use crate::setup::Setup;
use crate::stats::Stats;
use crate::{AnyResult, BENCH_USER, MEASURES};

/// Median of `iters` runs of an async step, in ms.
async fn median_of<F, Fut>(iters: usize, mut step: F) -> AnyResult<f64>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = AnyResult<()>>,
{
    for _ in 0..10 {
        step().await?;
    }
    let mut ms = Vec::with_capacity(iters);
    for _ in 0..iters {
        let t = Instant::now();
        step().await?;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    Ok(Stats::from_samples("", ms).median)
}

type StepFut<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = AnyResult<()>> + Send + 'a>>;

/// Medians (ms) of several steps run round-robin, so that drifting load hits all alike.
async fn interleaved<'a>(
    iters: usize,
    steps: &mut [Box<dyn FnMut() -> StepFut<'a> + Send + 'a>],
) -> AnyResult<Vec<f64>> {
    for _ in 0..5 {
        for step in steps.iter_mut() {
            step().await?;
        }
    }
    let mut ms = vec![Vec::with_capacity(iters); steps.len()];
    for _ in 0..iters {
        for (i, step) in steps.iter_mut().enumerate() {
            let t = Instant::now();
            step().await?;
            ms[i].push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    Ok(ms
        .into_iter()
        .map(|v| Stats::from_samples("", v).median)
        .collect())
}

/// Where the time of the list, detail and overview requests goes: the same SQL and
/// view-model code the handlers call, timed on their own (medians). The remainder of
/// a request is template rendering, extractors and the middleware stack.
pub async fn breakdown(s: &Setup, iters: usize) -> AnyResult<Vec<String>> {
    use sachstand::measures::filter::Filter;
    use sachstand::measures::queries;
    use sachstand::measures::views::RowView;
    let db = &s.db;
    let raw_owned = s
        .browser
        .cookie("sachstand_sid")
        .ok_or("no session cookie")?
        .to_string();
    let raw = raw_owned.as_str();
    let mut out = Vec::new();

    let floor = bench_get(
        &mut s.browser.clone(),
        "floor",
        "/barrierefreiheit",
        10,
        iters,
        Duration::from_secs(2),
    )
    .await?
    .0
    .median;
    let session = median_of(iters, move || async move {
        sachstand::auth::session::load(db, raw)
            .await?
            .ok_or("session vanished")?;
        Ok(())
    })
    .await?;
    out.push(format!(
        "floor: GET /barrierefreiheit (session lookup + layout + small template + all layers) median {floor:.3} ms; session::load alone {session:.3} ms"
    ));

    let all_owned = Filter::default();
    let all = &all_owned;
    // The list query and three variants, measured interleaved (A, B, C, D, A, B, …) so
    // that drifting load on the machine affects all four alike.
    const JOINS: &str = "FROM measures m JOIN fields f ON f.id = m.field_id
        JOIN programmes p ON p.id = m.programme_id JOIN org_units o ON o.id = m.org_unit_id
        LEFT JOIN people pe ON pe.id = m.person_id WHERE m.archived_at IS NULL";
    #[derive(sqlx::FromRow)]
    #[allow(dead_code)]
    struct NarrowRow {
        id: i64,
        code: String,
        title: String,
        field_id: i64,
        programme_id: i64,
        status: String,
        ampel: String,
        progress: i64,
        org_unit_id: i64,
        person_id: Option<i64>,
        last_update_at: String,
        planned_end: Option<String>,
        archived: bool,
    }
    let sqlite_only_sql = format!(
        "SELECT count(*) FROM (SELECT m.id, length(m.code) + length(m.title) + length(f.title)
             + length(p.short_title) + length(o.code) + coalesce(length(pe.name), 0)
             + coalesce(length(pe.function), 0) + length(m.last_update_at) AS w
         {JOINS} ORDER BY f.position, m.code LIMIT -1)"
    );
    let ids_sql = format!("SELECT m.id {JOINS} ORDER BY f.position, m.code");
    let narrow_sql = format!(
        "SELECT m.id, m.code, m.title, m.field_id, m.programme_id, m.status, m.ampel, m.progress,
                m.org_unit_id, m.person_id, m.last_update_at, m.planned_end,
                (m.archived_at IS NOT NULL) AS archived
         {JOINS} ORDER BY f.position, m.code"
    );
    let (q1, q2, q3) = (
        sqlite_only_sql.as_str(),
        ids_sql.as_str(),
        narrow_sql.as_str(),
    );
    let medians = interleaved(
        iters,
        &mut [
            Box::new(move || -> StepFut<'_> {
                Box::pin(async move {
                    let (rows, _) = queries::list_with_choices(&db.read, all).await?;
                    check!(rows.len() == MEASURES, "list returned {}", rows.len());
                    Ok(())
                })
            }),
            Box::new(move || -> StepFut<'_> {
                Box::pin(async move {
                    let n: i64 = sachstand::db::query_scalar(sqlx::AssertSqlSafe(q1.to_string()))
                        .fetch_one(&db.read)
                        .await?;
                    check!(n == MEASURES as i64, "count {n}");
                    Ok(())
                })
            }),
            Box::new(move || -> StepFut<'_> {
                Box::pin(async move {
                    let v: Vec<i64> =
                        sachstand::db::query_scalar(sqlx::AssertSqlSafe(q2.to_string()))
                            .fetch_all(&db.read)
                            .await?;
                    check!(v.len() == MEASURES, "ids {}", v.len());
                    Ok(())
                })
            }),
            Box::new(move || -> StepFut<'_> {
                Box::pin(async move {
                    let v: Vec<NarrowRow> =
                        sachstand::db::query_as(sqlx::AssertSqlSafe(q3.to_string()))
                            .fetch_all(&db.read)
                            .await?;
                    check!(v.len() == MEASURES, "narrow {}", v.len());
                    Ok(())
                })
            }),
        ],
    )
    .await?;
    let (list_sql, sqlite_only, ids_only, narrow) =
        (medians[0], medians[1], medians[2], medians[3]);
    out.push(format!(
        "list SQL split: SQLite executing the joins + sort (one result row) {sqlite_only:.3} ms; 500 rows x 1 column through sqlx {ids_only:.3} ms; 500 rows x 15 columns (the real list query) {list_sql:.3} ms; same rows with ids instead of the 6 joined name columns (13 columns, 6 text) {narrow:.3} ms — the cost is sqlx's per-row/per-value transfer and decoding, not the query plan"
    ));
    let rows = queries::list(&db.read, all).await?;
    let rows = &rows;
    let views = median_of(iters, move || {
        let rows = rows.clone();
        async move {
            let now = Utc::now();
            let v: Vec<RowView> = rows
                .into_iter()
                .map(|r| RowView::new(r, true, now))
                .collect();
            std::hint::black_box(v);
            Ok(())
        }
    })
    .await?;
    out.push(format!(
        "list_500 parts: session {session:.3} + list SQL (500 rows, names and filter choices in one read transaction) {list_sql:.3} + RowView x500 {views:.3} = {:.3} ms; the rest of the request is askama rendering of ~270 KiB + layers",
        session + list_sql + views
    ));

    let id = s.ids[MEASURES / 3];
    let detail_sql = median_of(iters, move || async move {
        let mut conn = db.read.acquire().await?;
        queries::get(&mut conn, id).await?.ok_or("no measure")?;
        queries::sign_offs(&mut conn, id).await?;
        queries::context(&mut conn, id).await?.ok_or("no context")?;
        queries::budget(&mut conn, id).await?;
        queries::history(&mut conn, id, 0, 20).await?;
        queries::milestones(&mut conn, id).await?;
        Ok(())
    })
    .await?;
    let one_query = median_of(iters, move || async move {
        let mut conn = db.read.acquire().await?;
        queries::get(&mut conn, id).await?.ok_or("no measure")?;
        Ok(())
    })
    .await?;
    out.push(format!(
        "detail parts: session {session:.3} + 7 SQL queries on one connection {detail_sql:.3} ms (one primary-key query incl. pool acquire: {one_query:.3} ms) — per-query round trip to the SQLite worker thread dominates"
    ));

    let person: Option<i64> =
        sachstand::db::query_scalar("SELECT person_id FROM users WHERE username = ?")
            .bind(BENCH_USER)
            .fetch_one(&db.read)
            .await?;
    let mine_owned = Filter {
        person,
        ..Filter::default()
    };
    let mine = &mine_owned;
    let mine_sql = median_of(iters, move || async move {
        queries::list(&db.read, mine).await?;
        Ok(())
    })
    .await?;
    let stale_before_owned = (Utc::now() - TimeDelta::days(28))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let stale_before = stale_before_owned.as_str();
    let attention_rows = queries::needing_attention(&db.read, stale_before)
        .await?
        .len();
    let attention = median_of(iters, move || async move {
        queries::needing_attention(&db.read, stale_before).await?;
        Ok(())
    })
    .await?;
    out.push(format!(
        "overview parts: session {session:.3} + red/stale rows SQL (needing_attention, {attention_rows} rows) {attention:.3} + 'Meine Maßnahmen' list SQL {mine_sql:.3} ms + counts query + open tasks query"
    ));
    Ok(out)
}

/// The `wal_autocheckpoint` setting (pages) of the single write connection.
pub async fn autocheckpoint_of(db: &Db) -> AnyResult<i64> {
    Ok(sachstand::db::query_scalar("PRAGMA wal_autocheckpoint")
        .fetch_one(&db.write)
        .await?)
}

/// Runs `f` with the write connection's WAL auto-checkpoint set to `pages` (0 = off),
/// then checkpoints and restores the setting found (diagnostic: what does a checkpoint
/// inside a committing request cost the write latency?).
pub async fn with_autocheckpoint<T>(
    db: &Db,
    pages: i64,
    f: impl std::future::Future<Output = AnyResult<T>>,
) -> AnyResult<T> {
    let before = autocheckpoint_of(db).await?;
    sachstand::db::query(sqlx::AssertSqlSafe(format!(
        "PRAGMA wal_autocheckpoint = {pages}"
    )))
    .execute(&db.write)
    .await?;
    sachstand::db::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&db.write)
        .await?;
    let r = f.await;
    sachstand::db::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&db.write)
        .await?;
    sachstand::db::query(sqlx::AssertSqlSafe(format!(
        "PRAGMA wal_autocheckpoint = {before}"
    )))
    .execute(&db.write)
    .await?;
    check!(
        autocheckpoint_of(db).await? == before,
        "wal_autocheckpoint not restored"
    );
    r
}
