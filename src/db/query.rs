//! One SQL text for both backends. The features write their SQL once, with `?` or `?N`
//! placeholders, and run it through these types, which mirror sqlx's own (`query`,
//! `query_as`, `query_scalar`, `fetch_one` …). The backend is chosen when the database
//! is opened, so the same binary serves a city's SQLite file and the hosted PostgreSQL:
//!
//! - arguments are collected as owned values ([`Arg`]) and bound natively for whichever
//!   backend runs the statement;
//! - rows decode through sqlx's own `FromRow`/`Decode` for that backend (no intermediate
//!   row type), so a row struct must decode from both (`#[derive(FromRow)]` does);
//! - on PostgreSQL the text is rewritten once per call by [`super::dialect::pg`]
//!   (placeholders, collation, the tenant in conflict targets), and every statement runs
//!   inside a transaction that carries the request's tenant (see [`super::tenant`]).

use std::marker::PhantomData;
use std::sync::Arc;

use sqlx::postgres::{PgArguments, PgPool, PgRow, Postgres};
use sqlx::sqlite::{SqliteArguments, SqliteRow};

use super::lite::{Lease, Lite};
use sqlx::{Arguments, FromRow, SqlSafeStr, SqlStr, Sqlite, Transaction};

use super::dialect;
use super::tenant;

/// A bound value, owned until the statement runs. Nulls keep their type: PostgreSQL
/// types every parameter, and `NULL` compared with a `bigint` column must be a `bigint`.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    I64(i64),
    F64(f64),
    Bool(bool),
    Text(String),
    Bytes(Vec<u8>),
    Null(NullKind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NullKind {
    I64,
    F64,
    Bool,
    Text,
    Bytes,
}

/// A Rust value that can be bound to a statement on either backend.
pub trait Bind {
    fn into_arg(self) -> Arg;
    /// The typed NULL of this type (for `Option::None`).
    fn null() -> Arg
    where
        Self: Sized;
}

macro_rules! bind_int {
    ($($t:ty),*) => {$(
        impl Bind for $t {
            fn into_arg(self) -> Arg {
                Arg::I64(i64::from(self))
            }
            fn null() -> Arg {
                Arg::Null(NullKind::I64)
            }
        }
    )*};
}
bind_int!(i64, i32, i16, u32, u16, u8);

/// `impl Bind` for a type: how it becomes an [`Arg`], and which typed NULL it has.
macro_rules! bind_as {
    ($($t:ty => |$v:ident| $arg:expr, $null:ident;)*) => {$(
        impl Bind for $t {
            fn into_arg(self) -> Arg {
                let $v = self;
                $arg
            }
            fn null() -> Arg {
                Arg::Null(NullKind::$null)
            }
        }
    )*};
}
bind_as! {
    usize => |v| Arg::I64(i64::try_from(v).unwrap_or(i64::MAX)), I64;
    f64 => |v| Arg::F64(v), F64;
    bool => |v| Arg::Bool(v), Bool;
    String => |v| Arg::Text(v), Text;
    &str => |v| Arg::Text(v.to_owned()), Text;
    Arc<str> => |v| Arg::Text(v.to_string()), Text;
    Vec<u8> => |v| Arg::Bytes(v), Bytes;
    &[u8] => |v| Arg::Bytes(v.to_vec()), Bytes;
}

impl Bind for Arg {
    fn into_arg(self) -> Arg {
        self
    }
    fn null() -> Arg {
        Arg::Null(NullKind::Text)
    }
}

impl<T: Bind> Bind for Option<T> {
    fn into_arg(self) -> Arg {
        match self {
            Some(v) => v.into_arg(),
            None => T::null(),
        }
    }
    fn null() -> Arg {
        T::null()
    }
}

// References bind a copy (a blanket `&T` would overlap the vocabularies' impl below).
macro_rules! bind_ref {
    ($($t:ty),*) => {$(
        impl Bind for &$t {
            fn into_arg(self) -> Arg {
                self.clone().into_arg()
            }
            fn null() -> Arg {
                <$t as Bind>::null()
            }
        }
    )*};
}
bind_ref!(
    i64,
    i32,
    u32,
    f64,
    bool,
    String,
    &str,
    Arc<str>,
    Vec<u8>,
    Option<String>,
    Option<i64>,
    Option<&str>,
    Option<f64>
);

impl<T: crate::domain::enums::Keyed> Bind for T {
    fn into_arg(self) -> Arg {
        Arg::Text(self.db_key().to_owned())
    }
    fn null() -> Arg {
        Arg::Null(NullKind::Text)
    }
}

fn encode_err(e: sqlx::error::BoxDynError) -> sqlx::Error {
    sqlx::Error::Encode(e)
}

fn sqlite_args(args: Vec<Arg>) -> sqlx::Result<SqliteArguments> {
    let mut out = SqliteArguments::default();
    for a in args {
        match a {
            Arg::I64(v) => out.add(v),
            Arg::F64(v) => out.add(v),
            Arg::Bool(v) => out.add(v),
            Arg::Text(v) => out.add(v),
            Arg::Bytes(v) => out.add(v),
            Arg::Null(NullKind::I64) => out.add(None::<i64>),
            Arg::Null(NullKind::F64) => out.add(None::<f64>),
            Arg::Null(NullKind::Bool) => out.add(None::<bool>),
            Arg::Null(NullKind::Text) => out.add(None::<String>),
            Arg::Null(NullKind::Bytes) => out.add(None::<Vec<u8>>),
        }
        .map_err(encode_err)?;
    }
    Ok(out)
}

/// On PostgreSQL a Rust `bool` is bound as `bigint` 0/1: the schema keeps SQLite's 0/1
/// flag columns (`active = TRUE` is the same text on both backends).
fn pg_args(args: Vec<Arg>) -> sqlx::Result<PgArguments> {
    let mut out = PgArguments::default();
    for a in args {
        match a {
            Arg::I64(v) => out.add(v),
            Arg::F64(v) => out.add(v),
            Arg::Bool(v) => out.add(v),
            Arg::Text(v) => out.add(v),
            Arg::Bytes(v) => out.add(v),
            Arg::Null(NullKind::I64) => out.add(None::<i64>),
            Arg::Null(NullKind::Bool) => out.add(None::<bool>),
            Arg::Null(NullKind::F64) => out.add(None::<f64>),
            Arg::Null(NullKind::Text) => out.add(None::<String>),
            Arg::Null(NullKind::Bytes) => out.add(None::<Vec<u8>>),
        }
        .map_err(encode_err)?;
    }
    Ok(out)
}

fn pg_sql(sql: &SqlStr) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(dialect::pg(sql.as_str()))
}

/// Which backend a pool talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, Clone)]
enum PoolInner {
    Sqlite(Lite),
    Pg(PgPool),
}

/// A pool of connections to one backend. `Db` holds a read pool and a write pool; on
/// SQLite they are separate (one writer), on PostgreSQL the same connections, and a
/// transaction begun on the write pool takes the tenant's write lock (see `begin`).
#[derive(Debug, Clone)]
pub struct Pool {
    inner: PoolInner,
    writer: bool,
    /// The tenant of a pool opened for one city (CLI `--tenant`, tests); a request's
    /// tenant (`tenant::scope`) takes precedence.
    tenant: Option<i64>,
}

/// A connection or transaction from a [`Pool`]. Statements run on `&mut Conn`.
///
/// On PostgreSQL even a plain connection (`acquire`) is a transaction, because the
/// tenant is set per transaction (`set_config(…, true)`, which also works behind a
/// transaction-mode pooler). A connection from the read pool is read-only there, so
/// a write on it fails loudly instead of being rolled back unnoticed when it is dropped.
#[derive(Debug)]
pub enum Conn {
    Sqlite(Lease),
    /// A lease inside a transaction (begun by `Pool::begin*`).
    SqliteTx(Lease),
    PgTx(Transaction<'static, Postgres>),
}

/// Transaction-scoped advisory lock namespace for the per-tenant write lock.
const WRITE_LOCK_CLASS: i32 = 0x5AC;
/// The same for the per-tenant audit chain (its head is read and extended under it).
const AUDIT_LOCK_CLASS: i32 = 0x5AD;

/// How a PostgreSQL transaction holds its tenant's write lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TenantLock {
    /// Not at all (reads; statements that keep apart by themselves).
    None,
    /// Shared with others of its kind, exclusive of every `Exclusive` writer.
    Shared,
    /// Alone: no other write of the tenant runs meanwhile.
    Exclusive,
}

impl Pool {
    pub(super) fn sqlite(pool: Lite, writer: bool) -> Self {
        Self {
            inner: PoolInner::Sqlite(pool),
            writer,
            tenant: None,
        }
    }

    pub(super) fn pg(pool: PgPool, writer: bool) -> Self {
        Self {
            inner: PoolInner::Pg(pool),
            writer,
            tenant: None,
        }
    }

    pub fn backend(&self) -> Backend {
        match self.inner {
            PoolInner::Sqlite(_) => Backend::Sqlite,
            PoolInner::Pg(_) => Backend::Postgres,
        }
    }

    pub(super) fn with_tenant(mut self, tenant: i64) -> Self {
        self.tenant = Some(tenant);
        self
    }

    /// The tenant a transaction on this pool acts for (PostgreSQL).
    fn tenant(&self) -> Option<i64> {
        tenant::current().or(self.tenant)
    }

    pub(super) fn as_sqlite(&self) -> Option<&Lite> {
        match &self.inner {
            PoolInner::Sqlite(p) => Some(p),
            PoolInner::Pg(_) => None,
        }
    }

    pub(super) fn as_pg(&self) -> Option<&PgPool> {
        match &self.inner {
            PoolInner::Pg(p) => Some(p),
            PoolInner::Sqlite(_) => None,
        }
    }

    /// A connection for several statements. On PostgreSQL a transaction (see [`Conn`]).
    pub async fn acquire(&self) -> sqlx::Result<Conn> {
        match &self.inner {
            PoolInner::Sqlite(p) => Ok(Conn::Sqlite(p.acquire().await?)),
            PoolInner::Pg(p) => Ok(Conn::PgTx(
                pg_begin(p, self.tenant(), self.lock(), !self.writer).await?,
            )),
        }
    }

    /// A transaction. On the write pool it is serialised with the tenant's other writes:
    /// SQLite has one write connection; PostgreSQL takes a transaction-scoped advisory
    /// lock per tenant, so every read-modify-write (the audit chain head, the next
    /// position in a list, "one success among parallel saves") keeps the guarantee it
    /// has on SQLite.
    pub async fn begin(&self) -> sqlx::Result<Conn> {
        match &self.inner {
            PoolInner::Sqlite(p) => Ok(Conn::SqliteTx(p.begin(None).await?)),
            PoolInner::Pg(p) => Ok(Conn::PgTx(
                pg_begin(p, self.tenant(), self.lock(), false).await?,
            )),
        }
    }

    /// The tenant lock a transaction on this pool takes: the write pool's is exclusive.
    fn lock(&self) -> TenantLock {
        if self.writer {
            TenantLock::Exclusive
        } else {
            TenantLock::None
        }
    }

    /// A write transaction that takes the write lock up front (`BEGIN IMMEDIATE` on
    /// SQLite: another process waits for the busy timeout instead of failing at the
    /// first write after a read; the tenant's advisory lock on PostgreSQL).
    pub async fn begin_write(&self) -> sqlx::Result<Conn> {
        self.begin_write_with(TenantLock::Exclusive).await
    }

    /// A write transaction that shares the tenant's write lock with others of its kind
    /// (on SQLite the same as `begin_write`: one writer). For a write that locks the rows
    /// it reads before it changes them (`SELECT … FOR UPDATE`) and depends on nothing else
    /// of the tenant but the audit chain, which `audit::record` extends under its own lock
    /// ([`Conn::lock_audit_chain`]). Writers holding the lock exclusively wait for these
    /// and these for them; two of these run side by side up to the audit entry.
    pub async fn begin_shared_write(&self) -> sqlx::Result<Conn> {
        self.begin_write_with(TenantLock::Shared).await
    }

    /// A write transaction without the tenant's write lock, for statements that keep
    /// themselves apart (`FOR UPDATE SKIP LOCKED`); on SQLite the same as `begin_write`.
    pub async fn begin_unlocked(&self) -> sqlx::Result<Conn> {
        self.begin_write_with(TenantLock::None).await
    }

    async fn begin_write_with(&self, lock: TenantLock) -> sqlx::Result<Conn> {
        match &self.inner {
            PoolInner::Sqlite(p) => Ok(Conn::SqliteTx(p.begin(Some("BEGIN IMMEDIATE")).await?)),
            PoolInner::Pg(p) => Ok(Conn::PgTx(pg_begin(p, self.tenant(), lock, false).await?)),
        }
    }

    pub async fn close(&self) {
        match &self.inner {
            PoolInner::Sqlite(p) => p.close().await,
            PoolInner::Pg(p) => p.close().await,
        }
    }
}

/// Begins a PostgreSQL transaction with the current tenant set (and its write lock).
/// Without a tenant in scope nothing is set: row-level security then shows no row and
/// refuses every insert, so a forgotten scope fails closed.
async fn pg_begin(
    pool: &PgPool,
    tenant: Option<i64>,
    lock: TenantLock,
    read_only: bool,
) -> sqlx::Result<Transaction<'static, Postgres>> {
    let mut tx = if read_only {
        pool.begin_with("BEGIN READ ONLY").await?
    } else {
        pool.begin().await?
    };
    if let Some(t) = tenant {
        let sql = match lock {
            TenantLock::None => "SELECT set_config('app.tenant', $1::text, true)",
            TenantLock::Shared => {
                "SELECT set_config('app.tenant', $1::text, true), pg_advisory_xact_lock_shared($2, $3)"
            }
            TenantLock::Exclusive => {
                "SELECT set_config('app.tenant', $1::text, true), pg_advisory_xact_lock($2, $3)"
            }
        };
        let mut q = sqlx::query(sql).bind(t.to_string());
        if lock != TenantLock::None {
            q = q.bind(WRITE_LOCK_CLASS).bind(lock_key(t));
        }
        q.execute(&mut *tx).await?;
    }
    Ok(tx)
}

/// The second key of a tenant's advisory locks.
fn lock_key(tenant: i64) -> i32 {
    i32::try_from(tenant).unwrap_or(i32::MAX)
}

impl Conn {
    pub fn backend(&self) -> Backend {
        match self {
            Conn::Sqlite(_) | Conn::SqliteTx(_) => Backend::Sqlite,
            Conn::PgTx(_) => Backend::Postgres,
        }
    }

    /// Takes the tenant's audit-chain lock until the end of the transaction (PostgreSQL;
    /// on SQLite the one writer already holds it). `audit::record` takes it before it reads
    /// the chain's head, so two writers that share the tenant's write lock (or hold none,
    /// like the mail worker) append one after the other. Taken last in a transaction, after
    /// its row locks, so it never waits while holding what another writer needs.
    pub async fn lock_audit_chain(&mut self) -> sqlx::Result<()> {
        if let Conn::PgTx(tx) = self {
            sqlx::query("SELECT pg_advisory_xact_lock($1, CAST(sachstand_tenant() AS INTEGER))")
                .bind(AUDIT_LOCK_CLASS)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Commits a transaction (a plain SQLite connection has nothing to commit).
    pub async fn commit(self) -> sqlx::Result<()> {
        match self {
            Conn::Sqlite(_) => Ok(()),
            Conn::SqliteTx(t) => t.commit().await,
            Conn::PgTx(t) => t.commit().await,
        }
    }

    pub async fn rollback(self) -> sqlx::Result<()> {
        match self {
            Conn::Sqlite(_) => Ok(()),
            Conn::SqliteTx(t) => t.rollback().await,
            Conn::PgTx(t) => t.rollback().await,
        }
    }
}

/// Where a statement runs: a pool (one statement, its own transaction on PostgreSQL)
/// or a connection.
pub enum Target<'c> {
    Pool(&'c Pool),
    Conn(&'c mut Conn),
}

pub trait Executor<'c>: Send {
    fn target(self) -> Target<'c>;
}

impl<'c> Executor<'c> for &'c Pool {
    fn target(self) -> Target<'c> {
        Target::Pool(self)
    }
}

impl<'c> Executor<'c> for Target<'c> {
    fn target(self) -> Target<'c> {
        self
    }
}

impl<'c> Executor<'c> for &'c mut Conn {
    fn target(self) -> Target<'c> {
        Target::Conn(self)
    }
}

/// Runs `$make(sql, args).$method(executor)` on whichever backend the target is.
macro_rules! dispatch {
    ($target:expr, $sql:expr, $args:expr, $make:expr, $method:ident) => {
        dispatch!($target, $sql, $args, $make, $method, |out| out)
    };
    // `$map` turns each backend's own result into the common one (`Done`).
    ($target:expr, $sql:expr, $args:expr, $make:expr, $method:ident, |$out:ident| $map:expr) => {{
        let sql: SqlStr = $sql;
        let args: Vec<Arg> = $args;
        match $target {
            Target::Pool(p) => match &p.inner {
                PoolInner::Sqlite(pool) => {
                    let mut lease = pool.acquire().await?;
                    let $out = $make(sql, sqlite_args(args)?).$method(&mut *lease).await?;
                    Ok($map)
                }
                PoolInner::Pg(pool) => {
                    let mut tx = pg_begin(pool, p.tenant(), p.lock(), false).await?;
                    let $out = $make(pg_sql(&sql), pg_args(args)?)
                        .$method(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    Ok($map)
                }
            },
            Target::Conn(Conn::Sqlite(c)) => {
                let $out = $make(sql, sqlite_args(args)?).$method(&mut **c).await?;
                Ok($map)
            }
            Target::Conn(Conn::SqliteTx(t)) => {
                let $out = $make(sql, sqlite_args(args)?).$method(&mut **t).await?;
                Ok($map)
            }
            Target::Conn(Conn::PgTx(t)) => {
                let $out = $make(pg_sql(&sql), pg_args(args)?)
                    .$method(&mut **t)
                    .await?;
                Ok($map)
            }
        }
    }};
}

/// What a statement changed.
#[derive(Debug, Clone, Copy)]
pub struct Done {
    rows: u64,
}

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.rows
    }
}

/// A statement without typed output (`db::query`).
#[must_use = "a query does nothing until it is executed"]
pub struct Query {
    sql: SqlStr,
    args: Vec<Arg>,
}

pub fn query(sql: impl SqlSafeStr) -> Query {
    Query {
        sql: sql.into_sql_str(),
        args: Vec::new(),
    }
}

impl Query {
    pub fn bind(mut self, value: impl Bind) -> Self {
        self.args.push(value.into_arg());
        self
    }

    /// The same statement, read as a scalar (`INSERT … RETURNING id`).
    pub fn scalar<O>(self) -> QueryScalar<O> {
        QueryScalar {
            sql: self.sql,
            args: self.args,
            out: PhantomData,
        }
    }

    pub async fn execute<'c>(self, ex: impl Executor<'c>) -> sqlx::Result<Done> {
        dispatch!(
            ex.target(),
            self.sql,
            self.args,
            sqlx::query_with,
            execute,
            |r| Done {
                rows: r.rows_affected()
            }
        )
    }
}

/// A statement whose rows decode into `O` (`db::query_as`).
#[must_use = "a query does nothing until it is executed"]
pub struct QueryAs<O> {
    sql: SqlStr,
    args: Vec<Arg>,
    out: PhantomData<fn() -> O>,
}

pub fn query_as<O>(sql: impl SqlSafeStr) -> QueryAs<O> {
    QueryAs {
        sql: sql.into_sql_str(),
        args: Vec::new(),
        out: PhantomData,
    }
}

impl<O> QueryAs<O>
where
    O: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    pub fn bind(mut self, value: impl Bind) -> Self {
        self.args.push(value.into_arg());
        self
    }

    pub async fn fetch_all<'c>(self, ex: impl Executor<'c>) -> sqlx::Result<Vec<O>> {
        dispatch!(
            ex.target(),
            self.sql,
            self.args,
            sqlx::query_as_with::<_, O, _>,
            fetch_all
        )
    }

    pub async fn fetch_one<'c>(self, ex: impl Executor<'c>) -> sqlx::Result<O> {
        dispatch!(
            ex.target(),
            self.sql,
            self.args,
            sqlx::query_as_with::<_, O, _>,
            fetch_one
        )
    }

    pub async fn fetch_optional<'c>(self, ex: impl Executor<'c>) -> sqlx::Result<Option<O>> {
        dispatch!(
            ex.target(),
            self.sql,
            self.args,
            sqlx::query_as_with::<_, O, _>,
            fetch_optional
        )
    }
}

/// Rows that may travel as JSON (see [`QueryAs::fetch_all_wide`]): `Deserialize` from a
/// JSON array of the values in field order, and the SQL expressions that produce them from
/// the query's columns.
pub trait WideRow: serde::de::DeserializeOwned {
    /// One SQL expression per field, in field order, over the query's output columns
    /// (a boolean column as `json(CASE WHEN x THEN 'true' ELSE 'false' END)`).
    const JSON_COLUMNS: &'static str;
}

impl<O> QueryAs<O>
where
    O: WideRow + for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    /// All rows of a wide result (lists of hundreds of rows). On SQLite they come from the
    /// connection's thread as one JSON text (`json_group_array` over the query, in its
    /// order) instead of one message per row with a copy of every value: sqlx spends
    /// ~2 µs per row and ~0.35 µs per value on that. On PostgreSQL, as `fetch_all`.
    pub async fn fetch_all_wide<'c>(self, ex: impl Executor<'c>) -> sqlx::Result<Vec<O>> {
        let target = ex.target();
        if target.backend() == Backend::Postgres {
            return dispatch!(
                target,
                self.sql,
                self.args,
                sqlx::query_as_with::<_, O, _>,
                fetch_all
            );
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT json_group_array(json_array({})) FROM ({})",
            O::JSON_COLUMNS,
            self.sql.as_str()
        ))
        .into_sql_str();
        let json: String = QueryScalar {
            sql,
            args: self.args,
            out: PhantomData,
        }
        .fetch_one(target)
        .await?;
        serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
    }
}

impl Target<'_> {
    fn backend(&self) -> Backend {
        match self {
            Target::Pool(p) => p.backend(),
            Target::Conn(c) => c.backend(),
        }
    }
}

/// A statement whose first column decodes into `O` (`db::query_scalar`).
#[must_use = "a query does nothing until it is executed"]
pub struct QueryScalar<O> {
    sql: SqlStr,
    args: Vec<Arg>,
    out: PhantomData<fn() -> O>,
}

pub fn query_scalar<O>(sql: impl SqlSafeStr) -> QueryScalar<O> {
    QueryScalar {
        sql: sql.into_sql_str(),
        args: Vec::new(),
        out: PhantomData,
    }
}

impl<O> QueryScalar<O>
where
    O: for<'r> sqlx::Decode<'r, Sqlite>
        + sqlx::Type<Sqlite>
        + for<'r> sqlx::Decode<'r, Postgres>
        + sqlx::Type<Postgres>
        + Send
        + Unpin,
{
    pub fn bind(mut self, value: impl Bind) -> Self {
        self.args.push(value.into_arg());
        self
    }

    pub async fn fetch_all<'c>(self, ex: impl Executor<'c>) -> sqlx::Result<Vec<O>> {
        dispatch!(
            ex.target(),
            self.sql,
            self.args,
            sqlx::query_scalar_with::<_, O, _>,
            fetch_all
        )
    }

    pub async fn fetch_one<'c>(self, ex: impl Executor<'c>) -> sqlx::Result<O> {
        dispatch!(
            ex.target(),
            self.sql,
            self.args,
            sqlx::query_scalar_with::<_, O, _>,
            fetch_one
        )
    }

    pub async fn fetch_optional<'c>(self, ex: impl Executor<'c>) -> sqlx::Result<Option<O>> {
        dispatch!(
            ex.target(),
            self.sql,
            self.args,
            sqlx::query_scalar_with::<_, O, _>,
            fetch_optional
        )
    }
}

/// Several statements in one text, without arguments (schema set-up in tests, fixtures).
pub async fn raw_sql<'c>(sql: impl SqlSafeStr, ex: impl Executor<'c>) -> sqlx::Result<()> {
    let sql = sql.into_sql_str();
    match ex.target() {
        Target::Pool(p) => match &p.inner {
            PoolInner::Sqlite(pool) => {
                let mut c = pool.acquire().await?;
                sqlx::raw_sql(sql).execute(&mut *c).await.map(|_| ())
            }
            PoolInner::Pg(pool) => {
                let mut tx = pg_begin(pool, p.tenant(), p.lock(), false).await?;
                sqlx::raw_sql(sql).execute(&mut *tx).await?;
                tx.commit().await
            }
        },
        Target::Conn(Conn::Sqlite(c)) => sqlx::raw_sql(sql).execute(&mut **c).await.map(|_| ()),
        Target::Conn(Conn::SqliteTx(t)) => sqlx::raw_sql(sql).execute(&mut **t).await.map(|_| ()),
        Target::Conn(Conn::PgTx(t)) => sqlx::raw_sql(sql).execute(&mut **t).await.map(|_| ()),
    }
}

/// A statement assembled piece by piece (filters, `IN` lists), like sqlx's
/// `QueryBuilder`: `push` adds text, `push_bind` a `?` and its argument.
pub struct QueryBuilder {
    sql: String,
    args: Vec<Arg>,
}

impl QueryBuilder {
    pub fn new(init: impl Into<String>) -> Self {
        Self {
            sql: init.into(),
            args: Vec::new(),
        }
    }

    pub fn push(&mut self, sql: impl std::fmt::Display) -> &mut Self {
        use std::fmt::Write;
        let _ = write!(self.sql, "{sql}");
        self
    }

    pub fn push_bind(&mut self, value: impl Bind) -> &mut Self {
        self.sql.push('?');
        self.args.push(value.into_arg());
        self
    }

    /// Binds each value, separated by `sep` (`IN (?, ?, ?)`).
    pub fn push_list<T: Bind>(
        &mut self,
        values: impl IntoIterator<Item = T>,
        sep: &str,
    ) -> &mut Self {
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.sql.push_str(sep);
            }
            self.push_bind(v);
        }
        self
    }

    pub fn sql(&self) -> &str {
        &self.sql
    }

    pub fn build(self) -> Query {
        Query {
            sql: sqlx::AssertSqlSafe(self.sql).into_sql_str(),
            args: self.args,
        }
    }

    pub fn build_query_as<O>(self) -> QueryAs<O> {
        QueryAs {
            sql: sqlx::AssertSqlSafe(self.sql).into_sql_str(),
            args: self.args,
            out: PhantomData,
        }
    }

    pub fn build_query_scalar<O>(self) -> QueryScalar<O> {
        QueryScalar {
            sql: sqlx::AssertSqlSafe(self.sql).into_sql_str(),
            args: self.args,
            out: PhantomData,
        }
    }
}
