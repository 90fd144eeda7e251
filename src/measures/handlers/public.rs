//! The public view of a measure as a page: what `rat` accounts see on `/massnahmen/{id}`,
//! and the AG's preview at `/massnahmen/{id}/oeffentlich` ("So sieht die Öffentlichkeit
//! diese Maßnahme"). Everything shown comes from `lookups::public`, nothing else.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use crate::auth::{AnyUser, Session};
use crate::lookups::public::{self, PublicMeasure};
use crate::web::{AppError, AppResult, AppState, Href, Layout, Require, paths, render};

#[derive(Template)]
#[template(path = "public/measure.html")]
pub struct PublicPage {
    layout: Layout,
    pm: PublicMeasure,
    /// The AG's preview (a notice on top and a way back), not the council's own view.
    preview: bool,
    back: Href,
}

/// The public view of one measure for a signed-in user (404 when there is none).
pub async fn public_page(
    state: &AppState,
    user: &Session,
    id: i64,
    preview: bool,
) -> AppResult<PublicPage> {
    let mut conn = state.db.read.acquire().await?;
    let pm = public::one(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let title = if preview {
        format!("Öffentliche Ansicht: {} {}", pm.code, pm.title)
    } else {
        format!("{} {}", pm.code, pm.title)
    };
    Ok(PublicPage {
        layout: Layout::new(title, Some(user), "massnahmen"),
        back: paths::measure(pm.id),
        pm,
        preview,
    })
}

/// GET /massnahmen/{id}/oeffentlich: the preview of the public view. The council sees
/// the same on the measure page itself, so every signed-in role may open it.
pub async fn preview(
    State(state): State<AppState>,
    user: Require<AnyUser>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let internal = user.role.is_internal();
    let page = public_page(&state, &user, id, internal).await?;
    Ok(render(&page))
}
