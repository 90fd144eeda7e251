//! GET /programme/{id}/vergleich: two revisions of a programme side by side (by default
//! the last two), always older left.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use crate::auth::Internal;
use crate::domain::dates::format_iso;
use crate::programmes::queries::{self, Revision};
use crate::programmes::views::{ComparePage, diff};
use crate::web::{AppError, AppResult, AppState, Layout, Require, render};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CompareQuery {
    a: String,
    b: String,
}

/// The revision chosen by `?a=`/`?b=` (`default` when empty); 400 for anything but a
/// number, 404 for another programme's revision.
fn pick(
    revisions: &[Revision],
    raw: &str,
    default: Option<&Revision>,
) -> Result<Option<Revision>, AppError> {
    match raw.trim() {
        "" => Ok(default.cloned()),
        s => {
            let rid = s.parse::<i64>().map_err(|_| {
                AppError::BadRequest("Die Auswahl der Fassung ist ungültig.".into())
            })?;
            revisions
                .iter()
                .find(|r| r.id == rid)
                .cloned()
                .map(Some)
                .ok_or(AppError::NotFound)
        }
    }
}

fn dated(r: Revision) -> (Revision, String) {
    let d = format_iso(Some(&r.revised_on));
    (r, d)
}

pub async fn compare(
    State(state): State<AppState>,
    user: Require<Internal>,
    Path(id): Path<i64>,
    Query(q): Query<CompareQuery>,
) -> AppResult<Response> {
    let programme = queries::programme(&state.db.read, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let revisions = queries::revisions_of(&state.db.read, id).await?;
    let n = revisions.len();
    let mut a = pick(
        &revisions,
        &q.a,
        n.checked_sub(2).and_then(|i| revisions.get(i)),
    )?;
    let mut b = pick(&revisions, &q.b, revisions.last())?;
    // Always compare older (left) with newer (right).
    if let (Some(x), Some(y)) = (&a, &b) {
        let px = revisions.iter().position(|r| r.id == x.id);
        let py = revisions.iter().position(|r| r.id == y.id);
        if px > py {
            std::mem::swap(&mut a, &mut b);
        }
    }
    let changes = queries::changes(&state.db.read, id).await?;
    let rows = match (&a, &b) {
        (Some(x), Some(y)) => diff(&revisions, &changes, x.id, y.id),
        _ => Vec::new(),
    };
    let page = ComparePage {
        layout: Layout::new(
            format!("Fassungen vergleichen: {}", programme.short_title),
            Some(&user),
            "programme",
        ),
        a: a.map(dated),
        b: b.map(dated),
        programme,
        revisions,
        rows,
    };
    Ok(render(&page))
}
