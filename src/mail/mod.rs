//! E-mail from a transactional outbox: a message is queued in the transaction of the event
//! that causes it (`queue`), and a background worker (`worker`) sends it over SMTP with
//! retries. Lower layer: features compose the texts, this module stores and delivers them.

pub mod compose;
pub mod outbox;
pub mod settings;
pub mod smtp;
pub mod worker;

pub use compose::{Attachment, Mail, html_escape};
pub use outbox::queue;
pub use settings::{MailSettings, TlsMode};
