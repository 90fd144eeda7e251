//! Command-line flags and environment variables.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "sachstand",
    version,
    about = "Sachstand – Maßnahmencontrolling Digitalisierung der Stadtverwaltung"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct DbArg {
    /// SQLite database file (created if missing), or a PostgreSQL URL
    /// (postgres://user@host/db) for hosting many cities
    #[arg(long, env = "SACHSTAND_DB", default_value = "sachstand.db")]
    pub db: String,
    /// On PostgreSQL: the city (tenant) the command acts for, by name
    #[arg(long, env = "SACHSTAND_TENANT")]
    pub tenant: Option<String>,
    /// On PostgreSQL: connections of this instance's pool (instances × pool size must stay
    /// below the server's max_connections)
    #[arg(long, env = "SACHSTAND_DB_POOL", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=500))]
    pub db_pool: u32,
}

impl DbArg {
    pub fn is_postgres(&self) -> bool {
        self.db.starts_with("postgres://") || self.db.starts_with("postgresql://")
    }

    pub fn pg_settings(&self) -> crate::db::PgSettings {
        crate::db::PgSettings {
            pool_size: self.db_pool,
            ..Default::default()
        }
    }
}

// `Serve` carries all server settings; the enum is parsed once at start, so its size
// does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Apply migrations, then serve the web application
    Serve {
        /// Address to listen on
        #[arg(long, env = "SACHSTAND_ADDR", default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
        #[command(flatten)]
        db: DbArg,
        /// Load the demo data into an empty database and print the demo logins
        #[arg(long)]
        demo: bool,
        /// Mark the session cookie `Secure` (set when served over HTTPS)
        #[arg(long, env = "SACHSTAND_SECURE_COOKIES")]
        secure_cookies: bool,
        /// The address users reach Sachstand at, e.g. https://sachstand.example-stadt.de
        /// (links in feeds and mails; the Origin and Host checks)
        #[arg(long, env = "SACHSTAND_PUBLIC_URL")]
        public_url: Option<String>,
        /// Reverse proxy addresses or networks whose X-Forwarded-For / Forwarded headers
        /// name the client (comma-separated or repeated), e.g. 10.0.0.5 or 10.0.0.0/24
        #[arg(long, env = "SACHSTAND_TRUSTED_PROXY", value_delimiter = ',')]
        trusted_proxy: Vec<String>,
        /// Requests per minute each client may send to the public pages (/transparenz)
        /// before it gets 429; also the burst
        #[arg(long, env = "SACHSTAND_PUBLIC_RATE_LIMIT", default_value_t = 120,
              value_parser = clap::value_parser!(u32).range(1..=100_000))]
        public_rate_limit: u32,
        /// The city's OParl system or body, e.g. https://ris.example-stadt.de/oparl/v1.1/
        /// (council papers entered on a measure are looked up there by their reference)
        #[arg(long, env = "SACHSTAND_OPARL_ENDPOINT")]
        oparl_endpoint: Option<String>,
        #[command(flatten)]
        mail: MailFlags,
        /// Directory login (LDAP / Active Directory) and single sign-on (OpenID Connect)
        #[command(flatten)]
        directory: DirectoryArgs,
    },
    /// Apply pending migrations and exit
    Migrate {
        #[command(flatten)]
        db: DbArg,
    },
    /// Load realistic demo data (refuses a non-empty database)
    Demo {
        #[command(flatten)]
        db: DbArg,
    },
    /// Manage accounts
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Consistent online backup of the (running) database into a new file
    Backup {
        /// Target file; must not exist yet
        file: PathBuf,
        #[command(flatten)]
        db: DbArg,
    },
    /// Audit log tools
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Cities (tenants) on a hosted PostgreSQL database (run as the database owner)
    Tenant {
        #[command(subcommand)]
        command: TenantCommand,
    },
    /// Copy one city's whole data between a SQLite file and a tenant on PostgreSQL
    /// (refuses a target that already holds data; verifies the audit chain on arrival)
    Copy {
        /// Source: a SQLite file, or a PostgreSQL URL (with --from-tenant)
        #[arg(long)]
        from: String,
        /// Target: a PostgreSQL URL of the owner (with --tenant), or a new SQLite file
        #[arg(long)]
        to: String,
        /// The tenant the data goes to (target on PostgreSQL)
        #[arg(long)]
        tenant: Option<String>,
        /// The tenant the data comes from (source on PostgreSQL)
        #[arg(long)]
        from_tenant: Option<String>,
    },
    /// Internal: typeset a report's Typst source (stdin) into PDF (stdout). The server runs
    /// this in a child process so that Typst's fonts and caches never stay in its memory.
    #[command(hide = true)]
    Typeset {
        /// PDF document identifier
        #[arg(long)]
        ident: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum TenantCommand {
    /// Add a city, served under its own host name
    Add {
        /// Short name, e.g. musterstadt
        name: String,
        /// Host name its users reach it at, e.g. sachstand.musterstadt.de
        #[arg(long)]
        host: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// List the cities
    List {
        #[command(flatten)]
        db: DbArg,
    },
    /// Stop serving a city (its data stays)
    Disable {
        name: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// Serve a disabled city again
    Enable {
        name: String,
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Walk the hash chain and report the first broken link
    Verify {
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account
    Add {
        /// Login name
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Display name (defaults to the login name)
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from standard input instead of generating one
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Lift the login delays of an account (after many failed attempts)
    Unlock {
        /// Login name
        name: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// Set a new password (ends the account's sessions and its calendar address)
    Password {
        /// Login name
        name: String,
        /// Read the password from standard input instead of generating one
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum RoleArg {
    Admin,
    Ag,
    Leitung,
    Rat,
}

impl From<RoleArg> for crate::domain::Role {
    fn from(r: RoleArg) -> Self {
        use crate::domain::Role;
        match r {
            RoleArg::Admin => Role::Admin,
            RoleArg::Ag => Role::Ag,
            RoleArg::Leitung => Role::Leitung,
            RoleArg::Rat => Role::Rat,
        }
    }
}

/// E-mail (issue 14): the SMTP server the outbox delivers to. Without `--smtp-host` mail is
/// queued but not sent.
#[derive(Args, Debug, Clone)]
pub struct MailFlags {
    /// SMTP server (relay) host name, e.g. mail.example-stadt.de; without it mail only queues
    #[arg(long, env = "SACHSTAND_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// SMTP port (default: 25 for none, 587 for starttls, 465 for tls)
    #[arg(long, env = "SACHSTAND_SMTP_PORT")]
    pub smtp_port: Option<u16>,
    /// Connection security: none, starttls or tls
    #[arg(long, env = "SACHSTAND_SMTP_TLS", default_value = "starttls")]
    pub smtp_tls: String,
    /// SMTP login name (only with --smtp-password-file)
    #[arg(long, env = "SACHSTAND_SMTP_USER")]
    pub smtp_user: Option<String>,
    /// File holding the SMTP password (first line); the password itself is never a flag
    #[arg(long, env = "SACHSTAND_SMTP_PASSWORD_FILE")]
    pub smtp_password_file: Option<PathBuf>,
    /// Sender of every mail, e.g. "Sachstand <sachstand@example-stadt.de>"
    #[arg(long, env = "SACHSTAND_SMTP_FROM")]
    pub smtp_from: Option<String>,
    /// Days before a cut-off date, meeting or task due date at which reminders are sent
    #[arg(long, env = "SACHSTAND_REMINDER_DAYS", default_value_t = 3)]
    pub reminder_days: i64,
}

impl MailFlags {
    pub fn settings(&self) -> Result<crate::mail::MailSettings, String> {
        crate::mail::MailSettings::from_args(&crate::mail::settings::MailArgs {
            host: self.smtp_host.clone(),
            port: self.smtp_port,
            tls: self.smtp_tls.clone(),
            user: self.smtp_user.clone(),
            password_file: self.smtp_password_file.clone(),
            from: self.smtp_from.clone(),
            reminder_days: self.reminder_days,
        })
    }
}

// ------------------------------------------------------------------ directory and SSO

/// Login with the city's directory (LDAP / Active Directory) and single sign-on (OpenID
/// Connect). Secrets are read from files, never given on the command line. Without
/// `--ldap-url` / `--oidc-issuer` only local accounts log in.
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "Verzeichnis und Single Sign-on")]
pub struct DirectoryArgs {
    /// LDAP server, e.g. ldaps://dc1.stadt.example:636, or ldap://dc1.stadt.example with
    /// --ldap-starttls
    #[arg(long, env = "SACHSTAND_LDAP_URL")]
    pub ldap_url: Option<String>,
    /// Upgrade an ldap:// connection with StartTLS before anything is sent
    #[arg(long, env = "SACHSTAND_LDAP_STARTTLS")]
    pub ldap_starttls: bool,
    /// PEM file with the CA certificate(s) the LDAP server's certificate is checked
    /// against (default: the system's CA store)
    #[arg(long, env = "SACHSTAND_LDAP_CA_FILE")]
    pub ldap_ca_file: Option<PathBuf>,
    /// DN of the service account that searches the directory,
    /// e.g. CN=svc-sachstand,OU=Dienstkonten,DC=stadt,DC=example
    #[arg(long, env = "SACHSTAND_LDAP_BIND_DN")]
    pub ldap_bind_dn: Option<String>,
    /// File holding the service account's password (first line; never on the command line)
    #[arg(long, env = "SACHSTAND_LDAP_BIND_PASSWORD_FILE")]
    pub ldap_bind_password_file: Option<PathBuf>,
    /// Where users are searched, e.g. OU=Verwaltung,DC=stadt,DC=example
    #[arg(long, env = "SACHSTAND_LDAP_BASE_DN")]
    pub ldap_base_dn: Option<String>,
    /// Search filter for the login name; {user} is replaced by the escaped name (RFC 4515),
    /// e.g. (&(objectClass=user)(sAMAccountName={user}))
    #[arg(
        long,
        env = "SACHSTAND_LDAP_USER_FILTER",
        default_value = "(uid={user})"
    )]
    pub ldap_user_filter: String,
    /// Attribute with the user's e-mail address (links the account to the person)
    #[arg(long, env = "SACHSTAND_LDAP_MAIL_ATTRIBUTE", default_value = "mail")]
    pub ldap_mail_attribute: String,
    /// Attribute with the user's display name
    #[arg(
        long,
        env = "SACHSTAND_LDAP_NAME_ATTRIBUTE",
        default_value = "displayName"
    )]
    pub ldap_name_attribute: String,
    /// Directory groups and their roles, `GROUP-DN=ROLE` separated by `;`, roles admin, ag,
    /// leitung, rat; the first group of the list the user is in decides,
    /// e.g. "CN=Sachstand-Admin,OU=Gruppen,DC=stadt,DC=example=admin;CN=Sachstand-AG,OU=Gruppen,DC=stadt,DC=example=ag"
    #[arg(long, env = "SACHSTAND_LDAP_ROLE_MAP")]
    pub ldap_role_map: Option<String>,
    /// Also count nested group membership (Active Directory's matching rule
    /// LDAP_MATCHING_RULE_IN_CHAIN, 1.2.840.113556.1.4.1941); otherwise memberOf is read
    #[arg(long, env = "SACHSTAND_LDAP_NESTED_GROUPS")]
    pub ldap_nested_groups: bool,
    /// Seconds to wait for the LDAP server (connecting and each request)
    #[arg(long, env = "SACHSTAND_LDAP_TIMEOUT", default_value_t = 5)]
    pub ldap_timeout: u64,
    /// Lifetime in minutes of a session of a directory or SSO account: then it ends and the
    /// next login reads the groups again (a user removed from the groups is out by then)
    #[arg(
        long,
        env = "SACHSTAND_DIRECTORY_SESSION_MINUTES",
        default_value_t = 60
    )]
    pub directory_session_minutes: u32,
    /// OpenID Connect issuer (discovery at ISSUER/.well-known/openid-configuration),
    /// e.g. https://sso.stadt.example/realms/stadt; needs --public-url
    #[arg(long, env = "SACHSTAND_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// Client ID registered at the identity provider
    #[arg(long, env = "SACHSTAND_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    /// File holding the client secret (first line; never on the command line)
    #[arg(long, env = "SACHSTAND_OIDC_CLIENT_SECRET_FILE")]
    pub oidc_client_secret_file: Option<PathBuf>,
    /// Scopes requested besides openid (space-separated)
    #[arg(long, env = "SACHSTAND_OIDC_SCOPES", default_value = "email profile")]
    pub oidc_scopes: String,
    /// ID token claim with the user's roles or groups (a string or a list of strings)
    #[arg(long, env = "SACHSTAND_OIDC_ROLES_CLAIM", default_value = "roles")]
    pub oidc_roles_claim: String,
    /// Claim values and their roles, `VALUE=ROLE` separated by `;`; the first value of the
    /// list the user has decides, e.g. "sachstand-admin=admin;sachstand-ag=ag"
    #[arg(long, env = "SACHSTAND_OIDC_ROLE_MAP")]
    pub oidc_role_map: Option<String>,
}
