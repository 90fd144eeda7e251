//! The meeting page and the agenda-item page, built from the database: for a GET, and
//! again with the user's input kept when a form cannot be saved (the handlers answer
//! them through `web::form::invalid`/`conflict`, after dropping their transaction);
//! and where on the meeting page a saved form returns to.

use askama::Template;
use chrono::{NaiveDate, Utc};

use super::forms::{ItemForm, MinutesForm, SlotForm, TaskForm, TextForm};
use super::freshness::{self, Freshness};
use super::prompts::pending_since;
use super::queries::{self, MeetingRow};
use super::views::{
    ItemParts, ItemView, MeetingView, ParticipantView, PendingView, item_views, split_local,
};
use crate::auth::Session;
use crate::domain::meetings::{Attendance, MeetingState};
use crate::domain::validation::FieldErrors;
use crate::domain::{Ampel, Role, Status};
use crate::lookups::tasks::tasks_of_meeting;
use crate::lookups::{Choice, person_choices};
use crate::web::merge::MergeView;
use crate::web::{AppError, AppResult, AppState, Flash, Href, Layout, paths};

pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// The agenda of a meeting as views, with the comments or (print views) without.
pub async fn agenda(state: &AppState, id: i64, with_comments: bool) -> AppResult<Vec<ItemView>> {
    let pool = &state.db.read;
    let today = today().to_string();
    let measures = queries::linked_measures(pool, id).await?;
    let comments = if with_comments {
        queries::comments(pool, id).await?
    } else {
        Vec::new()
    };
    let decisions = queries::decisions(pool, id).await?;
    let tasks = tasks_of_meeting(pool, id).await?;
    Ok(item_views(ItemParts {
        items: queries::items(pool, id).await?,
        measures: &measures,
        comments: &comments,
        decisions: &decisions,
        tasks: &tasks,
        today: &today,
    }))
}

pub async fn participants(state: &AppState, id: i64) -> AppResult<Vec<ParticipantView>> {
    Ok(queries::participants(&state.db.read, id)
        .await?
        .iter()
        .map(ParticipantView::new)
        .collect())
}

/// The agenda on the meeting page.
pub fn agenda_section(id: i64, flash: Flash) -> Href {
    paths::meeting(id).anchor("h-tagesordnung").flash(flash)
}

/// One item on the meeting page.
pub fn item_on_meeting(id: i64, top: i64, flash: Flash) -> Href {
    paths::meeting(id)
        .anchor(&format!("top-{top}"))
        .flash(flash)
}

/// One message at one field: a rule the form alone could not check.
fn one_error(field: &'static str, message: impl Into<String>) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add(field, message);
    errors
}

// ------------------------------------------------------------------ the meeting page

#[derive(Template)]
#[template(path = "meetings/detail.html")]
pub struct DetailPage {
    pub layout: Layout,
    pub m: MeetingView,
    pub items: Vec<ItemView>,
    pub total_minutes: i64,
    pub participants: Vec<ParticipantView>,
    pub people: Vec<Choice>,
    pub attendances: &'static [Attendance],
    pub next_states: Vec<MeetingState>,
    pub can_edit: bool,
    pub can_release: bool,
    pub item_form: ItemForm,
    pub slot_form: SlotForm,
    pub errors: FieldErrors,
    pub prev_unapproved: Option<(i64, String)>,
    pub pending: Option<PendingView>,
    /// A drafted agenda of a meeting ahead: when drafted, and what an update would do.
    pub freshness: Option<Freshness>,
    /// Changed after the release: what changed (`None`: the release kept no snapshot).
    pub release_changes: Option<Vec<String>>,
    /// Any internal role may update a drafted agenda (the AG, and the Leitung before
    /// its release).
    pub can_update_draft: bool,
}

/// What the user sent to the meeting page, shown again.
#[derive(Default)]
pub struct DetailInput {
    pub item_form: Option<ItemForm>,
    pub slot_form: Option<SlotForm>,
    pub errors: FieldErrors,
    pub flash: Option<Flash>,
}

impl DetailInput {
    pub fn error(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            errors: one_error(field, message),
            ..Self::default()
        }
    }
}

pub async fn detail_page(
    state: &AppState,
    user: &Session,
    id: i64,
    input: DetailInput,
) -> AppResult<DetailPage> {
    let mut conn = state.db.read.acquire().await?;
    let m = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let prev = queries::previous(&mut conn, m.kind, &m.starts_at).await?;
    let people = person_choices(&mut conn).await?;
    let fresh = freshness::freshness(&mut conn, &m, today()).await?;
    let release_changes = if m.agenda_changed_after_release {
        freshness::changes_since_release(&mut conn, &m).await?
    } else {
        None
    };
    let pending = match pending_since(&m, prev.as_ref(), today()) {
        Some((since, basis)) => {
            let rows =
                queries::not_updated_since(&mut conn, m.programme_id, &since.to_string()).await?;
            Some(PendingView::new(basis, rows, Utc::now()))
        }
        None => None,
    };
    drop(conn);
    let view = MeetingView::new(&m);
    let items = agenda(state, id, true).await?;
    let slot_form = input.slot_form.unwrap_or_else(|| SlotForm {
        kind: m.kind.key().into(),
        date: m.starts_on.to_string(),
        start: view.start.clone(),
        end: view.end.clone(),
        place: m.place.clone(),
    });
    let prev_unapproved = prev
        .filter(MeetingRow::awaits_approval)
        .map(|p| (p.id, split_local(&p.starts_at).0));
    Ok(DetailPage {
        layout: Layout::new(view.title.clone(), Some(user), "sitzungen")
            .with_errors(!input.errors.is_empty())
            .with_flash(input.flash),
        total_minutes: items.iter().map(|i| i.planned_minutes).sum(),
        items,
        participants: participants(state, id).await?,
        people,
        attendances: Attendance::ALL,
        next_states: MeetingState::ALL
            .iter()
            .copied()
            .filter(|s| m.state.may_become(*s))
            .collect(),
        can_edit: user.role.can_edit_programme(),
        can_release: user.role == Role::Leitung && view.joint,
        item_form: input.item_form.unwrap_or_else(ItemForm::blank),
        slot_form,
        errors: input.errors,
        prev_unapproved,
        pending,
        freshness: fresh,
        release_changes,
        can_update_draft: user.role.is_internal(),
        m: view,
    })
}

// ------------------------------------------------------------------ the agenda-item page

#[derive(Template)]
#[template(path = "meetings/item.html")]
pub struct ItemPage {
    pub layout: Layout,
    pub m: MeetingView,
    pub it: ItemView,
    pub form: ItemForm,
    pub comment: TextForm,
    pub minutes: MinutesForm,
    pub decision: TextForm,
    pub task: TaskForm,
    pub people: Vec<Choice>,
    pub errors: FieldErrors,
    pub can_edit: bool,
    pub statuses: &'static [Status],
    pub ampels: &'static [Ampel],
    /// The item form's hidden merge snapshot, and on its 409 the conflict panel.
    pub merge: MergeView,
    /// The same for the minutes form.
    pub minutes_merge: MergeView,
}

/// What the user sent to the agenda-item page, shown again.
#[derive(Default)]
pub struct ItemInputs {
    pub form: Option<ItemForm>,
    pub comment: Option<TextForm>,
    pub minutes: Option<MinutesForm>,
    pub decision: Option<TextForm>,
    pub task: Option<TaskForm>,
    pub errors: FieldErrors,
    pub flash: Option<Flash>,
    /// The item form's merge state (None: opened from the stored item).
    pub merge: Option<MergeView>,
    /// The minutes form's merge state (None: opened from the stored item).
    pub minutes_merge: Option<MergeView>,
}

impl ItemInputs {
    pub fn error(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            errors: one_error(field, message),
            ..Self::default()
        }
    }
}

pub async fn item_page(
    state: &AppState,
    user: &Session,
    id: i64,
    top: i64,
    inputs: ItemInputs,
) -> AppResult<ItemPage> {
    let mut conn = state.db.read.acquire().await?;
    let m = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = queries::item(&mut conn, id, top)
        .await?
        .ok_or(AppError::NotFound)?;
    let codes = queries::item_measure_codes(&mut conn, top).await?;
    let people = person_choices(&mut conn).await?;
    drop(conn);
    let it = agenda(state, id, true)
        .await?
        .into_iter()
        .find(|i| i.id == top)
        .ok_or(AppError::NotFound)?;
    let view = MeetingView::new(&m);
    let form = inputs.form.unwrap_or_else(|| ItemForm {
        title: it.title.clone(),
        public: if it.public { "1" } else { "0" }.into(),
        presenter_id: it.presenter_id.map(|p| p.to_string()).unwrap_or_default(),
        planned_minutes: it.planned_minutes.to_string(),
        measures: codes.join(", "),
        version: row.version.to_string(),
        merge: Default::default(),
    });
    let merge = inputs.merge.unwrap_or_else(|| MergeView::opened(&form));
    let minutes = inputs.minutes.unwrap_or_else(|| MinutesForm {
        notes: it.notes.clone(),
        outcome: it.outcome.clone(),
        dealt_with: it.dealt_with.then(|| "1".into()),
        version: row.version.to_string(),
        merge: Default::default(),
    });
    let minutes_merge = inputs
        .minutes_merge
        .unwrap_or_else(|| MergeView::opened(&minutes));
    Ok(ItemPage {
        layout: Layout::new(
            format!("TOP {} {} – {}", it.number, it.title, view.title),
            Some(user),
            "sitzungen",
        )
        .with_errors(
            !inputs.errors.is_empty()
                || merge.conflict.is_some()
                || minutes_merge.conflict.is_some(),
        )
        .with_flash(inputs.flash),
        m: view,
        it,
        form,
        comment: inputs.comment.unwrap_or_default(),
        minutes,
        decision: inputs.decision.unwrap_or_default(),
        task: inputs.task.unwrap_or_default(),
        people,
        errors: inputs.errors,
        can_edit: user.role.can_edit_programme(),
        statuses: Status::ALL,
        ampels: Ampel::ALL,
        merge,
        minutes_merge,
    })
}
