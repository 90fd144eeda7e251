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
    /// SQLite database file (created if missing)
    #[arg(long, env = "SACHSTAND_DB", default_value = "sachstand.db")]
    pub db: PathBuf,
}

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
