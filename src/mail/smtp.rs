//! Building the MIME message of a queued mail and handing it to the SMTP server (lettre,
//! tokio, rustls with the system's CA store).

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment as MimeAttachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::outbox::Queued;
use super::settings::{MailSettings, Smtp, TlsMode};

/// The host part of the sender address, for Message-IDs.
fn sender_domain(from: &Mailbox) -> String {
    from.email.domain().to_string()
}

/// The message of an outbox row: plain text with an HTML alternative; an iCalendar
/// attachment is also offered as a `text/calendar` alternative (how Outlook and
/// Thunderbird recognise an invitation). The Message-ID is fixed per outbox row, so a
/// resent duplicate carries the same ID.
pub fn build(settings: &MailSettings, q: &Queued) -> Result<Message, String> {
    let from: Mailbox = settings
        .from
        .parse()
        .map_err(|e| format!("Absender ungültig: {e}"))?;
    let to_address = q
        .recipient
        .parse()
        .map_err(|e| format!("Empfängeradresse {:?} ungültig: {e}", q.recipient))?;
    let to = Mailbox::new(Some(q.recipient_name.clone()), to_address);
    let message_id = format!(
        "<sachstand.{}.{}@{}>",
        q.id,
        q.created_at.replace([':', '-'], ""),
        sender_domain(&from)
    );
    let builder = Message::builder()
        .from(from)
        .to(to)
        .subject(q.subject.clone())
        .message_id(Some(message_id));
    let mut alternative = MultiPart::alternative()
        .singlepart(SinglePart::plain(q.body_text.clone()))
        .singlepart(SinglePart::html(q.body_html.clone()));
    let body = match q.attachment() {
        None => alternative,
        Some(a) => {
            let ctype = ContentType::parse(&a.content_type)
                .map_err(|e| format!("Anhangstyp ungültig: {e}"))?;
            alternative = alternative.singlepart(
                SinglePart::builder()
                    .header(ctype.clone())
                    .body(a.body.clone()),
            );
            MultiPart::mixed()
                .multipart(alternative)
                .singlepart(MimeAttachment::new(a.name.clone()).body(a.body, ctype))
        }
    };
    builder
        .multipart(body)
        .map_err(|e| format!("Nachricht nicht erstellbar: {e}"))
}

/// A transport for one worker pass.
pub fn transport(
    smtp: &Smtp,
    timeout: Duration,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let tls = match smtp.tls {
        TlsMode::None => Tls::None,
        TlsMode::Starttls => {
            Tls::Required(TlsParameters::new(smtp.host.clone()).map_err(|e| format!("TLS: {e}"))?)
        }
        TlsMode::Tls => {
            Tls::Wrapper(TlsParameters::new(smtp.host.clone()).map_err(|e| format!("TLS: {e}"))?)
        }
    };
    let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(smtp.host.clone())
        .port(smtp.port)
        .tls(tls)
        .timeout(Some(timeout));
    if let (Some(user), Some(password)) = (&smtp.user, &smtp.password) {
        b = b.credentials(Credentials::new(user.clone(), password.clone()));
    }
    Ok(b.build())
}

/// Sends one message; the whole exchange is bounded by twice the timeout.
pub async fn send(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    message: Message,
    timeout: Duration,
) -> Result<(), String> {
    match tokio::time::timeout(timeout * 2, transport.send(message)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(describe(&e)),
        Err(_) => Err(format!(
            "Zeitüberschreitung nach {} s beim Versand",
            (timeout * 2).as_secs()
        )),
    }
}

/// How the error text of a permanent rejection (5xx) starts.
pub const REJECTED: &str = "Vom Mailserver abgelehnt";

/// The error text stored in the outbox and shown to admins (German lead, lettre's detail).
fn describe(e: &lettre::transport::smtp::Error) -> String {
    let lead = if e.is_permanent() {
        REJECTED
    } else if e.is_transient() {
        "Mailserver vorübergehend nicht bereit"
    } else if e.is_timeout() {
        "Zeitüberschreitung"
    } else {
        "Mailserver nicht erreichbar"
    };
    // lettre's message already names its source for most errors; add only what is new
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let more = s.to_string();
        if !detail.contains(&more) {
            detail.push_str(": ");
            detail.push_str(&more);
        }
        source = s.source();
    }
    format!("{lead} ({detail})")
}
