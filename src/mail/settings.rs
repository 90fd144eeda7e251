//! The SMTP settings (`serve --smtp-…` flags): where mail goes and as whom.

use std::path::Path;

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain SMTP (only for a relay on the same host or a test sink).
    None,
    /// Plain connection upgraded with STARTTLS; refused if the server does not offer it.
    Starttls,
    /// TLS from the first byte (SMTPS, port 465).
    Tls,
}

impl TlsMode {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "none" | "keine" => Some(Self::None),
            "starttls" => Some(Self::Starttls),
            "tls" | "smtps" => Some(Self::Tls),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::None => "unverschlüsselt",
            Self::Starttls => "STARTTLS",
            Self::Tls => "TLS (SMTPS)",
        }
    }
}

/// A configured SMTP server.
#[derive(Clone)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub user: Option<String>,
    /// Read from `--smtp-password-file`; never logged (see the `Debug` impl).
    pub password: Option<String>,
}

impl std::fmt::Debug for Smtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Smtp")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .finish()
    }
}

/// The mail settings of a running server. Without `smtp` the outbox still fills (and the
/// admin page says that mail is not configured).
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub smtp: Option<Smtp>,
    /// `Sachstand <sachstand@example-stadt.de>`
    pub from: String,
    /// Days before a cut-off date, meeting or due date at which reminders go out.
    pub reminder_days: i64,
    /// The first retry waits this many seconds; each further one twice as long.
    pub retry_base_secs: i64,
    /// After this many failed attempts a message is marked failed.
    pub max_attempts: i64,
    /// Connect and command timeout towards the SMTP server.
    pub timeout_secs: u64,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            smtp: None,
            from: "Sachstand <sachstand@localhost>".into(),
            reminder_days: 3,
            retry_base_secs: 60,
            max_attempts: 8,
            timeout_secs: 5,
        }
    }
}

/// The flag values as given on the command line / in the environment.
#[derive(Debug, Clone, Default)]
pub struct MailArgs {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub tls: String,
    pub user: Option<String>,
    pub password_file: Option<std::path::PathBuf>,
    pub from: Option<String>,
    pub reminder_days: i64,
}

impl MailSettings {
    /// Checks the flags: a sender with a valid address, a known TLS mode, a readable
    /// password file, a user and a password only together.
    pub fn from_args(a: &MailArgs) -> Result<Self, String> {
        let tls = TlsMode::parse(&a.tls).ok_or_else(|| {
            format!(
                "--smtp-tls {:?}: erlaubt sind none, starttls oder tls",
                a.tls
            )
        })?;
        let mut s = MailSettings {
            reminder_days: a.reminder_days.clamp(0, 60),
            ..MailSettings::default()
        };
        if let Some(from) = a.from.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
            from.parse::<lettre::message::Mailbox>()
                .map_err(|e| format!("--smtp-from {from:?} ist keine E-Mail-Adresse ({e})"))?;
            s.from = from.to_string();
        }
        let Some(host) = a.host.as_deref().map(str::trim).filter(|h| !h.is_empty()) else {
            return Ok(s);
        };
        if a.from.is_none() {
            return Err("--smtp-host braucht auch --smtp-from (die Absenderadresse)".into());
        }
        let password = match &a.password_file {
            Some(p) => Some(read_secret(p)?),
            None => None,
        };
        if password.is_some() != a.user.is_some() {
            return Err("--smtp-user und --smtp-password-file nur zusammen angeben".into());
        }
        let port = a.port.unwrap_or(match tls {
            TlsMode::None => 25,
            TlsMode::Starttls => 587,
            TlsMode::Tls => 465,
        });
        s.smtp = Some(Smtp {
            host: host.to_string(),
            port,
            tls,
            user: a.user.clone(),
            password,
        });
        Ok(s)
    }
}

/// A secret from a file: the first line, without its line break.
fn read_secret(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "--smtp-password-file {}: nicht lesbar ({e})",
            path.display()
        )
    })?;
    let line = text.lines().next().unwrap_or("").trim_end_matches('\r');
    if line.is_empty() {
        return Err(format!(
            "--smtp-password-file {}: die Datei ist leer",
            path.display()
        ));
    }
    Ok(line.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> MailArgs {
        MailArgs {
            tls: "starttls".into(),
            reminder_days: 3,
            ..MailArgs::default()
        }
    }

    #[test]
    fn without_a_host_mail_is_not_configured() {
        let s = MailSettings::from_args(&args()).expect("ok");
        assert!(s.smtp.is_none());
    }

    #[test]
    fn host_needs_a_sender_and_the_port_follows_the_tls_mode() {
        let a = MailArgs {
            host: Some("mailrelay.example-stadt.de".into()),
            ..args()
        };
        assert!(
            MailSettings::from_args(&a)
                .unwrap_err()
                .contains("--smtp-from")
        );
        let a = MailArgs {
            from: Some("AG Digitalisierung <ag@example-stadt.de>".into()),
            ..a
        };
        let s = MailSettings::from_args(&a).expect("ok");
        let smtp = s.smtp.expect("smtp");
        assert_eq!((smtp.port, smtp.tls), (587, TlsMode::Starttls));
        let tls = MailArgs {
            tls: "tls".into(),
            ..a.clone()
        };
        assert_eq!(
            MailSettings::from_args(&tls).unwrap().smtp.unwrap().port,
            465
        );
        let bad = MailArgs {
            tls: "ssl3".into(),
            ..a.clone()
        };
        assert!(
            MailSettings::from_args(&bad)
                .unwrap_err()
                .contains("--smtp-tls")
        );
        let bad_from = MailArgs {
            from: Some("kein Absender".into()),
            ..a
        };
        assert!(
            MailSettings::from_args(&bad_from)
                .unwrap_err()
                .contains("--smtp-from")
        );
    }

    #[test]
    fn the_password_comes_from_a_file_and_is_never_printed() {
        let dir = std::env::temp_dir().join(format!("sachstand-smtp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("pw");
        std::fs::write(&file, "Geheim-123\n").unwrap();
        let a = MailArgs {
            host: Some("relay".into()),
            from: Some("s@example-stadt.de".into()),
            user: Some("svc".into()),
            password_file: Some(file.clone()),
            ..args()
        };
        let s = MailSettings::from_args(&a).expect("ok");
        let smtp = s.smtp.expect("smtp");
        assert_eq!(smtp.password.as_deref(), Some("Geheim-123"));
        assert!(!format!("{smtp:?}").contains("Geheim"));
        let no_user = MailArgs {
            user: None,
            ..a.clone()
        };
        assert!(MailSettings::from_args(&no_user).is_err());
        std::fs::write(&file, "").unwrap();
        assert!(MailSettings::from_args(&a).unwrap_err().contains("leer"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
