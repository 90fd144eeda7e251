//! GET /programme: the programmes with their revisions and fields of action; also the
//! page a failed field-of-action form answers with.

use axum::extract::{Query, State};
use axum::response::Response;

use crate::auth::{Internal, Session};
use crate::domain::dates::format_iso;
use crate::domain::validation::FieldErrors;
use crate::programmes::forms::{FieldForm, NewFieldForm};
use crate::programmes::queries;
use crate::programmes::views::{FieldView, ListPage, ProgrammeView};
use crate::web::{AppResult, AppState, Flash, FlashQuery, Layout, Require, render};

/// What the programme page shows besides the stored data: a form that failed.
#[derive(Default)]
pub struct ListInput {
    /// A field-of-action edit that failed (field id, input).
    pub failed: Option<(i64, FieldForm)>,
    /// A new field of action that failed (programme id, input).
    pub adding: Option<(i64, NewFieldForm)>,
    pub errors: FieldErrors,
    pub conflict: bool,
    pub flash: Option<Flash>,
}

pub async fn list_page(state: &AppState, user: &Session, input: ListInput) -> AppResult<ListPage> {
    let ListInput {
        failed,
        adding,
        errors,
        conflict,
        flash,
    } = input;
    let programmes = queries::programmes(&state.db.read).await?;
    let revisions = queries::revisions(&state.db.read).await?;
    let fields = queries::fields(&state.db.read).await?;
    let views = programmes
        .into_iter()
        .map(|p| {
            let own: Vec<_> = fields.iter().filter(|f| f.programme_id == p.id).collect();
            let adding_here = adding.as_ref().filter(|(pid, _)| *pid == p.id);
            ProgrammeView {
                resolution_date: format_iso(p.resolution_date.as_deref()),
                revisions: revisions
                    .iter()
                    .filter(|r| r.programme_id == p.id)
                    .map(|r| (r.clone(), format_iso(Some(&r.revised_on))))
                    .collect(),
                fields: own
                    .iter()
                    .map(|f| {
                        let mine = failed.as_ref().filter(|(id, _)| *id == f.id).map(|m| &m.1);
                        FieldView {
                            form_title: mine.map_or_else(|| f.title.clone(), |m| m.title.clone()),
                            form_position: mine
                                .map_or_else(|| f.position.to_string(), |m| m.position.clone()),
                            form_version: mine
                                .map_or_else(|| f.version.to_string(), |m| m.version.clone()),
                            failed: mine.is_some(),
                            f: (*f).clone(),
                        }
                    })
                    .collect(),
                new_field: match adding_here {
                    Some((_, form)) => form.clone(),
                    None => NewFieldForm::proposal(&own),
                },
                adding_failed: adding_here.is_some(),
                p,
            }
        })
        .collect();
    Ok(ListPage {
        layout: Layout::new("Programme und Fortschreibungen", Some(user), "programme")
            .with_errors(!errors.is_empty())
            .with_flash(flash),
        programmes: views,
        can_edit: user.role.can_edit_programme(),
        errors,
        conflict,
    })
}

pub async fn list(
    State(state): State<AppState>,
    user: Require<Internal>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let input = ListInput {
        flash: q.flash(),
        ..ListInput::default()
    };
    Ok(render(&list_page(&state, &user, input).await?))
}
