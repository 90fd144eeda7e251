//! The `sachstand` command line: serve, migrate, demo, user add.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use sachstand::config::{AuditCommand, Cli, Command, DbArg, TenantCommand, UserCommand};
use sachstand::{AppState, Db, app, demo};

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("Fehler / error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler / error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Does the command act on one city's data (then PostgreSQL needs `--tenant`)?
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    City,
    Database,
}

/// Opens the database a command names. A SQLite file is migrated on open (one city, one
/// file). On PostgreSQL the migrations are `sachstand migrate` as the database owner,
/// before the instances are updated; other commands open the database as given and, when
/// they act on one city's data, bind it to `--tenant`.
async fn open(arg: &DbArg, scope: Scope) -> anyhow::Result<Db> {
    if !arg.is_postgres() {
        anyhow::ensure!(
            arg.tenant.is_none(),
            "--tenant gilt nur für PostgreSQL; eine SQLite-Datei ist eine Stadt"
        );
        let db = Db::open(std::path::Path::new(&arg.db)).await?;
        db.migrate().await?;
        db.check_startup().await?;
        return Ok(db);
    }
    let db = Db::connect(&arg.db, &arg.pg_settings()).await?;
    db.check_startup().await?;
    match (scope, &arg.tenant) {
        (Scope::City, Some(name)) => {
            let id = sachstand::db::tenants::id_by_name(&db, name).await?;
            Ok(db.for_tenant(id))
        }
        (Scope::City, None) => anyhow::bail!(
            "Auf PostgreSQL bitte mit --tenant NAME die Stadt angeben (sachstand tenant list zeigt alle)"
        ),
        (Scope::Database, _) => Ok(db),
    }
}

async fn load_demo(db: &Db) -> anyhow::Result<()> {
    let logins = demo::load(&db.write, chrono::Utc::now().date_naive()).await?;
    println!("Demodaten geladen. Demo-Zugänge (nur für die Erprobung):");
    for l in logins {
        println!(
            "  {:<14} Benutzer: {:<8} Passwort: {}",
            l.label, l.username, l.password
        );
    }
    Ok(())
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Ok(exe) = std::env::current_exe() {
        // report PDFs are typeset by `sachstand typeset` in a short-lived child process
        sachstand::reports::pdf::use_worker(exe);
    }
    match cli.command {
        Command::Serve {
            addr,
            db,
            demo,
            secure_cookies,
            public_url,
            trusted_proxy,
            public_rate_limit,
            oparl_endpoint,
            mail,
            directory,
        } => {
            let oparl_endpoint =
                sachstand::web::state::parse_oparl_endpoint(oparl_endpoint.as_deref())
                    .map_err(anyhow::Error::msg)?;
            let mail = mail.settings().map_err(anyhow::Error::msg)?;
            let site =
                sachstand::web::site::Site::new(public_url.as_deref(), &trusted_proxy, Some(addr))
                    .map_err(anyhow::Error::msg)?;
            // Bind first: a port in use fails before anything is written.
            let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
                format!("Adresse {addr} ist nicht verfügbar (Port belegt?) / cannot bind")
            })?;
            let on_pg = db.is_postgres();
            anyhow::ensure!(
                !(on_pg && demo),
                "Auf PostgreSQL: Demodaten mit „sachstand demo --tenant NAME“ laden"
            );
            let db = open(&db, Scope::Database).await?;
            if on_pg {
                sachstand::db::tenants::ensure_isolated_role(&db).await?;
            }
            if demo {
                if db.is_empty().await? {
                    load_demo(&db).await?;
                } else {
                    println!(
                        "Datenbank enthält bereits Daten; Demodaten werden nicht erneut geladen."
                    );
                    println!(
                        "Demo-Zugänge (falls mit --demo angelegt): admin / ag / ob / rat, siehe README."
                    );
                }
            }
            let external =
                sachstand::auth::ExternalLogin::from_args(&directory, site.public_url.as_ref())
                    .map_err(anyhow::Error::msg)?;
            if let Some(l) = &external.ldap {
                tracing::info!(url = %l.url, base_dn = %l.base_dn, "Anmeldung mit dem Verzeichnis");
            }
            if let Some(o) = &external.oidc {
                tracing::info!(issuer = %o.issuer.as_str(), "Single Sign-on");
            }
            // hosted: each city under its own host name (the tenant table), links to it
            let site = if on_pg { site.hosted() } else { site };
            let state = AppState::new(db.clone(), secure_cookies)
                .with_site(site)
                .with_external_login(external)
                .with_public_limit(public_rate_limit)
                .with_oparl_endpoint(oparl_endpoint)
                .with_mail(mail);
            // The outbox worker: sends queued mail and queues the scheduled reminders.
            tokio::spawn(sachstand::notify::worker(state.clone()));
            // Freed heap back to the system after a second without requests (issue 17).
            sachstand::web::heap::spawn_trimmer();
            println!("Sachstand läuft auf http://{addr}");
            tracing::info!(%addr, "Server gestartet");
            let fds = sachstand::web::serve::raise_fd_limit();
            let limits = sachstand::web::serve::Limits::default();
            tracing::info!(?fds, ?limits, "Verbindungsgrenzen");
            sachstand::web::serve::serve(listener, app(state), limits, async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await;
            // Leave a compact database behind on a clean shutdown (SQLite).
            let _ = db.reset_wal(true).await;
            Ok(())
        }
        Command::Typeset { ident } => {
            use std::io::Write;
            let mut source = String::new();
            std::io::stdin()
                .read_to_string(&mut source)
                .context("Typst-Quelle lesen / read source")?;
            let pdf = sachstand::reports::pdf::typeset(&ident, &source)?;
            let mut out = std::io::stdout().lock();
            out.write_all(&pdf)?;
            out.flush()?;
            Ok(())
        }
        Command::Backup { file, db } => {
            anyhow::ensure!(
                !db.is_postgres(),
                "Sicherung auf PostgreSQL mit pg_dump (README, Betrieb beim IT-Dienstleister)"
            );
            let path = std::path::Path::new(&db.db);
            anyhow::ensure!(
                path.exists(),
                "Datenbank {} existiert nicht / database not found",
                path.display()
            );
            // No migrations here: a backup must not change the running database.
            let source = Db::open(path).await?;
            source.backup(&file).await?;
            println!("Sicherung geschrieben: {}", file.display());
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Verify { db },
        } => {
            let db = open(&db, Scope::City).await?;
            match sachstand::audit::verify_chain(&db.read).await? {
                sachstand::audit::ChainCheck::Intact { rows } => {
                    println!("Änderungsprotokoll intakt: {rows} Einträge geprüft.");
                    Ok(())
                }
                sachstand::audit::ChainCheck::Broken { id, reason } => {
                    anyhow::bail!("Änderungsprotokoll beschädigt ab Eintrag {id}: {reason}")
                }
            }
        }
        Command::Migrate { db } => {
            let db = open(&db, Scope::Database).await?;
            if db.backend() == sachstand::db::Backend::Postgres {
                db.migrate().await?;
            }
            println!("Migrationen angewendet.");
            Ok(())
        }
        Command::Tenant { command } => tenant(command).await,
        Command::Copy {
            from,
            to,
            tenant,
            from_tenant,
        } => {
            let plan = sachstand::db::copy::Plan {
                from,
                to,
                tenant,
                from_tenant,
            };
            let report = sachstand::db::copy::run(&plan).await?;
            println!("{report}");
            let arrived = sachstand::db::copy::target(&plan).await?;
            match sachstand::audit::verify_chain(&arrived.read).await? {
                sachstand::audit::ChainCheck::Intact { rows } => {
                    println!("Änderungsprotokoll am Ziel intakt: {rows} Einträge geprüft.");
                    Ok(())
                }
                sachstand::audit::ChainCheck::Broken { id, reason } => {
                    anyhow::bail!("Änderungsprotokoll am Ziel beschädigt ab Eintrag {id}: {reason}")
                }
            }
        }
        Command::Demo { db } => {
            let db = open(&db, Scope::City).await?;
            anyhow::ensure!(
                db.is_empty().await?,
                "Die Datenbank ist nicht leer; Demodaten werden nur in eine leere Datenbank geladen / database is not empty"
            );
            load_demo(&db).await
        }
        Command::User {
            command:
                UserCommand::Add {
                    name,
                    role,
                    display_name,
                    password_stdin,
                    db,
                },
        } => {
            let db = open(&db, Scope::City).await?;
            let password = read_or_generate_password(password_stdin)?;
            let display = display_name.unwrap_or_else(|| name.clone());
            // A generated password was printed: its owner must replace it at the first login.
            let id = sachstand::admin::create_account_with(
                &db,
                &name,
                &display,
                role.into(),
                &password,
                !password_stdin,
            )
            .await?;
            println!("Benutzer „{name}“ (Nr. {id}) angelegt.");
            if !password_stdin {
                println!("Passwort (wird nur einmal angezeigt): {password}");
                if !std::io::stdout().is_terminal() {
                    eprintln!("Hinweis: Passwort wurde auf die Standardausgabe geschrieben.");
                }
            }
            Ok(())
        }
        Command::User {
            command: UserCommand::Unlock { name, db },
        } => {
            let db = open(&db, Scope::City).await?;
            sachstand::auth::recovery::unlock(&db, &name).await?;
            println!("Anmeldesperre für „{name}“ aufgehoben.");
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Password {
                    name,
                    password_stdin,
                    db,
                },
        } => {
            let db = open(&db, Scope::City).await?;
            let password = read_or_generate_password(password_stdin)?;
            sachstand::auth::recovery::reset_password(&db, &name, &password).await?;
            println!("Neues Passwort für „{name}“ gesetzt; alle Anmeldungen wurden beendet.");
            if !password_stdin {
                println!("Passwort (wird nur einmal angezeigt): {password}");
            }
            Ok(())
        }
    }
}

async fn tenant(command: TenantCommand) -> anyhow::Result<()> {
    use sachstand::db::tenants;
    match command {
        TenantCommand::Add { name, host, db } => {
            let db = open(&db, Scope::Database).await?;
            let id = tenants::add(&db, &name, &host).await?;
            println!(
                "Stadt „{name}“ (Nr. {id}) angelegt; erreichbar unter {}. Erstes Konto: sachstand user add … --tenant {name}",
                sachstand::db::tenant::host_name(&host)
            );
        }
        TenantCommand::List { db } => {
            let db = open(&db, Scope::Database).await?;
            let all = tenants::list(&db).await?;
            if all.is_empty() {
                println!("Noch keine Stadt angelegt (sachstand tenant add NAME --host HOST).");
            }
            for t in all {
                let state = if t.active { "aktiv" } else { "gesperrt" };
                println!("{:<4} {:<24} {:<40} {state}", t.id, t.name, t.host);
            }
        }
        TenantCommand::Disable { name, db } => {
            let db = open(&db, Scope::Database).await?;
            tenants::set_active(&db, &name, false).await?;
            println!("Stadt „{name}“ gesperrt; ihre Daten bleiben erhalten.");
        }
        TenantCommand::Enable { name, db } => {
            let db = open(&db, Scope::Database).await?;
            tenants::set_active(&db, &name, true).await?;
            println!("Stadt „{name}“ wieder freigeschaltet.");
        }
    }
    Ok(())
}

/// A password from standard input (checked against the policy) or a generated one.
fn read_or_generate_password(from_stdin: bool) -> anyhow::Result<String> {
    if !from_stdin {
        return Ok(sachstand::auth::password::generate_password());
    }
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .context("Standardeingabe nicht lesbar")?;
    let s = s.trim_end_matches(['\n', '\r']).to_string();
    sachstand::auth::password::check_policy(&s).map_err(anyhow::Error::msg)?;
    Ok(s)
}
