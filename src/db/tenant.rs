//! The tenant (city) whose data a task may touch, on PostgreSQL. A request's tenant comes
//! from its host name (web layer); the CLI's from `--tenant`; background work runs once
//! per tenant. Every transaction on PostgreSQL sets it (`set_config('app.tenant', …,
//! true)`) and row-level security does the rest. SQLite holds one city per file and
//! ignores it.

use std::future::Future;

tokio::task_local! {
    static TENANT: i64;
    static HOST: String;
}

/// Runs `f` with `tenant` as the current tenant.
pub async fn scope<F: Future>(tenant: i64, f: F) -> F::Output {
    TENANT.scope(tenant, f).await
}

/// Runs `f` with `tenant` as the current tenant, reached under the host name `host` (the
/// city's address: links in its pages and mails name it).
pub async fn scope_at<F: Future>(tenant: i64, host: String, f: F) -> F::Output {
    HOST.scope(host, TENANT.scope(tenant, f)).await
}

/// The current tenant, if the task runs in a scope.
pub fn current() -> Option<i64> {
    TENANT.try_with(|t| *t).ok()
}

/// The current tenant's host name, if the task runs in a [`scope_at`].
pub fn current_host() -> Option<String> {
    HOST.try_with(|h| h.clone()).ok()
}

/// The host name of a `Host` header value: without port, lower case.
pub fn host_name(host: &str) -> String {
    let name = if let Some(rest) = host.strip_prefix('[') {
        // [::1]:8080
        rest.split(']').next().unwrap_or(rest)
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    name.trim_end_matches('.').to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::host_name;

    #[test]
    fn host_names_lose_port_case_and_trailing_dot() {
        assert_eq!(
            host_name("Sachstand.Example-Stadt.de:443"),
            "sachstand.example-stadt.de"
        );
        assert_eq!(host_name("127.0.0.1:3000"), "127.0.0.1");
        assert_eq!(host_name("localhost."), "localhost");
        assert_eq!(host_name("[::1]:8080"), "::1");
    }
}
