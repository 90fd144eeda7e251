//! The tenant (city) whose data a task may touch, on PostgreSQL. A request's tenant comes
//! from its host name (web layer); the CLI's from `--tenant`; background work runs once
//! per tenant. Every transaction on PostgreSQL sets it (`set_config('app.tenant', …,
//! true)`) and row-level security does the rest. SQLite holds one city per file and
//! ignores it.

use std::future::Future;

tokio::task_local! {
    static TENANT: i64;
}

/// Runs `f` with `tenant` as the current tenant.
pub async fn scope<F: Future>(tenant: i64, f: F) -> F::Output {
    TENANT.scope(tenant, f).await
}

/// The current tenant, if the task runs in a scope.
pub fn current() -> Option<i64> {
    TENANT.try_with(|t| *t).ok()
}
