//! The web layer: everything a feature's handlers need around their own logic — the
//! state, the error type and its pages, the page layout and rendering, the extractors
//! (`Require`, `CsrfForm`), success messages, typed paths, the form toolkit (422/409)
//! and the CSV writer — plus the cross-cutting layers. It knows no feature.

pub mod confirm;
pub mod csrf;
pub mod csv;
pub mod error;
pub mod escape;
pub mod extract;
pub mod flash;
pub mod form;
pub mod heap;
pub mod layers;
pub mod layout;
pub mod merge;
pub mod pages;
pub mod password_gate;
pub mod paths;
pub mod public_cache;
pub mod public_limit;
pub mod render_queue;
pub mod serve;
pub mod shown_once;
pub mod site;
pub mod state;
pub mod tenant;
// The footer line from the city's data (issue 15: many cities on one service).
pub mod footer;

pub use confirm::ConfirmPage;
pub use csrf::{CsrfForm, NoFields};
pub use error::{AppError, AppResult};
pub use extract::Require;
pub use flash::{Flash, FlashQuery};
pub use form::{Conflict, ConflictRow};
pub use layout::{ErrorPage, Layout, render, render_page};
pub use pages::router;
pub use paths::Href;
pub use state::AppState;
