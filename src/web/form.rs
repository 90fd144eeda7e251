//! The one way a form answers when it cannot be saved: the same page again with what the
//! user typed, either with the field errors (422) or with both versions after someone
//! else saved in between (409).

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;

use super::error::AppResult;
use super::layout::render_page;

/// The form page again, input kept, errors next to the fields: 422.
pub fn invalid<T: Template>(page: &T) -> AppResult<Response> {
    Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, page))
}

/// The form page again, input kept, the stored values beside it: 409.
pub fn conflict<T: Template>(page: &T) -> AppResult<Response> {
    Ok(render_page(StatusCode::CONFLICT, page))
}

/// One row of a 409 page: a field's stored value next to what the user typed.
pub struct ConflictRow {
    pub label: &'static str,
    pub mine: String,
    pub theirs: String,
}

impl ConflictRow {
    pub fn differs(&self) -> bool {
        self.mine != self.theirs
    }
}

/// Builds the rows of a 409 page, field by field, in the form's order.
#[derive(Default)]
pub struct Conflict {
    rows: Vec<ConflictRow>,
}

impl Conflict {
    pub fn new() -> Self {
        Self::default()
    }

    /// A field as the user sent it (`mine`) and as it is stored now (`theirs`).
    pub fn field(
        mut self,
        label: &'static str,
        mine: impl Into<String>,
        theirs: impl Into<String>,
    ) -> Self {
        self.rows.push(ConflictRow {
            label,
            mine: mine.into(),
            theirs: theirs.into(),
        });
        self
    }

    pub fn rows(self) -> Vec<ConflictRow> {
        self.rows
    }
}
