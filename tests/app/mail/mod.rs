//! E-mail (issue 14) against a real SMTP server: Debian's aiosmtpd on a free loopback
//! port stores every message it receives into a Maildir; the tests read them back
//! (mailparse) and check recipients, subject, text, links and the iCalendar attachment.

mod meetings;
mod outbox;
mod reminders;
mod round;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sachstand::AppState;
use sachstand::mail::MailSettings;
use sachstand::mail::settings::Smtp;

use crate::support::TestApp;

/// The SMTP sink: `python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c aiosmtpd.handlers.Mailbox DIR`.
pub struct Sink {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Child,
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

impl Sink {
    pub fn start() -> Self {
        Self::start_on(free_port())
    }

    pub fn start_on(port: u16) -> Self {
        let dir = tempfile::tempdir().expect("maildir");
        let child = Command::new("/usr/bin/python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("box"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd (apt-get install python3-aiosmtpd)");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not start on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { port, dir, child }
    }

    fn files(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(rd) = std::fs::read_dir(self.dir.path().join("box").join(sub)) {
                out.extend(rd.flatten().map(|e| e.path()));
            }
        }
        out
    }

    /// Every message received so far, in no particular order.
    pub fn messages(&self) -> Vec<Received> {
        self.files().iter().map(|p| Received::read(p)).collect()
    }

    /// Waits (at most 15 s) until at least `n` messages arrived; returns all of them.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let m = self.messages();
            if m.len() >= n {
                return m;
            }
            assert!(
                Instant::now() < deadline,
                "expected {n} mails, got {}: {:?}",
                m.len(),
                m.iter().map(|x| &x.subject).collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One received mail, taken apart.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope recipient(s) as the sink saw them (`X-RcptTo`).
    pub rcpt: String,
    pub to: String,
    pub from: String,
    pub subject: String,
    pub message_id: String,
    pub text: String,
    pub html: String,
    /// (content type, file name, body) of the attachment
    pub attachment: Option<(String, String, String)>,
    /// The text/calendar alternative part, if any.
    pub calendar_part: Option<String>,
}

impl Received {
    fn read(path: &Path) -> Self {
        let raw = std::fs::read(path).expect("read mail");
        let mail = mailparse::parse_mail(&raw).expect("parse mail");
        let h = |k: &str| {
            mail.headers
                .iter()
                .find(|x| x.get_key_ref().eq_ignore_ascii_case(k))
                .map(|x| x.get_value())
                .unwrap_or_default()
        };
        let mut r = Received {
            rcpt: h("X-RcptTo"),
            to: h("To"),
            from: h("From"),
            subject: h("Subject"),
            message_id: h("Message-ID"),
            text: String::new(),
            html: String::new(),
            attachment: None,
            calendar_part: None,
        };
        walk(&mail, &mut r);
        r
    }

    /// The parsed iCalendar attachment.
    pub fn calendar(&self) -> icalendar::Calendar {
        let (_, _, body) = self.attachment.as_ref().expect("an attachment");
        body.parse().expect("attachment parses as iCalendar")
    }
}

fn walk(part: &mailparse::ParsedMail<'_>, r: &mut Received) {
    if !part.subparts.is_empty() {
        for p in &part.subparts {
            walk(p, r);
        }
        return;
    }
    let disposition = part.get_content_disposition();
    let body = part.get_body().unwrap_or_default().replace("\r\n", "\n");
    let mime = part.ctype.mimetype.to_ascii_lowercase();
    if disposition.disposition == mailparse::DispositionType::Attachment {
        let name = disposition
            .params
            .get("filename")
            .cloned()
            .unwrap_or_default();
        let ctype = part
            .headers
            .iter()
            .find(|x| x.get_key_ref().eq_ignore_ascii_case("Content-Type"))
            .map(|x| x.get_value())
            .unwrap_or_default();
        r.attachment = Some((ctype, name, body));
    } else if mime == "text/plain" {
        r.text = body;
    } else if mime == "text/html" {
        r.html = body;
    } else if mime == "text/calendar" {
        r.calendar_part = Some(body);
    }
}

/// Mail settings towards the sink on `port` (plain SMTP on loopback).
pub fn settings(port: u16) -> MailSettings {
    MailSettings {
        smtp: Some(Smtp {
            host: "127.0.0.1".into(),
            port,
            tls: sachstand::mail::TlsMode::None,
            user: None,
            password: None,
        }),
        from: "AG Digitalisierung <ag-digital@stadt.example>".into(),
        retry_base_secs: 1,
        timeout_secs: 2,
        ..MailSettings::default()
    }
}

/// The app as `serve` runs it, with `--public-url` set to its own address and the outbox
/// worker running (when `worker`) against `mail`.
pub async fn spawn_mail_app(mail: MailSettings, worker: bool) -> (TestApp, Arc<MailSettings>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, pg) = crate::support::test_db(dir.path()).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let base = format!("http://{addr}");
    let site = sachstand::web::site::Site::new(Some(&base), &[], Some(addr)).expect("site");
    let state = AppState::new(db.clone(), false)
        .with_site(site)
        .with_mail(mail);
    let settings = state.mail.clone();
    if worker {
        tokio::spawn(sachstand::notify::worker(state.clone()));
    }
    tokio::spawn(sachstand::web::serve::serve(
        listener,
        sachstand::app(state),
        sachstand::web::serve::Limits::default(),
        std::future::pending(),
    ));
    (TestApp { base, db, dir, pg }, settings)
}

/// How many outbox rows match the condition.
pub async fn outbox_count(app: &TestApp, condition: &str) -> i64 {
    app.count(&format!("SELECT COUNT(*) FROM outbox WHERE {condition}"))
        .await
}

/// How many outbox rows match once `n` of them do, waiting at most 15 s: the background
/// worker marks a message sent only after the SMTP server took it, so the sink can hold a
/// mail a moment before its row says so.
pub async fn outbox_count_when(app: &TestApp, condition: &str, n: i64) -> i64 {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let count = outbox_count(app, condition).await;
        if count >= n || Instant::now() >= deadline {
            return count;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Links a new account of the role to an existing person.
pub async fn account_of_person(
    app: &TestApp,
    username: &str,
    role: sachstand::domain::Role,
    person: i64,
) {
    let id = app.account(username, role).await;
    app.exec(&format!(
        "UPDATE users SET person_id = {person} WHERE id = {id}"
    ))
    .await;
}
