//! Tasks from meeting minutes (Wiedervorlage), read by the meeting pages, the measure
//! page and the overview: the row, its queries and its view.

use crate::db::{Conn, Pool};
use sqlx::FromRow;

use crate::domain::dates::format_iso;
use crate::domain::meetings::TaskState;

#[derive(Debug, Clone, FromRow)]
pub struct TaskRow {
    pub id: i64,
    pub item_id: Option<i64>,
    pub meeting_id: Option<i64>,
    pub measure_id: Option<i64>,
    pub measure_code: Option<String>,
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub title: String,
    pub due_on: Option<String>,
    pub done_on: Option<String>,
    pub state: TaskState,
}

const TASK_SELECT: &str = "SELECT t.id, t.agenda_item_id AS item_id, a.meeting_id, t.measure_id,
        m.code AS measure_code, t.owner_id, p.name AS owner, t.title, t.due_on, t.done_on, t.state
    FROM tasks t LEFT JOIN agenda_items a ON a.id = t.agenda_item_id
    LEFT JOIN measures m ON m.id = t.measure_id
    LEFT JOIN people p ON p.id = t.owner_id";

pub async fn tasks_of_meeting(pool: &Pool, meeting: i64) -> sqlx::Result<Vec<TaskRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{TASK_SELECT} WHERE a.meeting_id = ? ORDER BY a.position, t.id"
    )))
    .bind(meeting)
    .fetch_all(pool)
    .await
}

/// Open tasks of a person ("Meine Aufgaben" on the overview).
pub async fn open_tasks_of_person(pool: &Pool, person: i64) -> sqlx::Result<Vec<TaskRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{TASK_SELECT} WHERE t.owner_id = ? AND t.state IN ('offen', 'in_bearbeitung')
         ORDER BY t.due_on IS NULL, t.due_on, t.id"
    )))
    .bind(person)
    .fetch_all(pool)
    .await
}

/// Tasks linked to a measure (read-only section on the measure page).
pub async fn tasks_of_measure(pool: &Pool, measure: i64) -> sqlx::Result<Vec<TaskRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{TASK_SELECT} WHERE t.measure_id = ? ORDER BY t.done_on IS NOT NULL, t.due_on NULLS FIRST, t.id"
    )))
    .bind(measure)
    .fetch_all(pool)
    .await
}

pub async fn task(conn: &mut Conn, id: i64) -> sqlx::Result<Option<TaskRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!("{TASK_SELECT} WHERE t.id = ?")))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub struct TaskView {
    pub id: i64,
    pub title: String,
    pub owner: String,
    pub due: String,
    pub done: String,
    pub state: &'static str,
    pub open: bool,
    pub overdue: bool,
    pub measure_id: Option<i64>,
    pub measure_code: String,
    pub meeting_id: Option<i64>,
}

impl TaskView {
    pub fn new(t: &TaskRow, today: &str) -> Self {
        let state = t.state;
        Self {
            id: t.id,
            title: t.title.clone(),
            owner: t.owner.clone().unwrap_or_default(),
            due: format_iso(t.due_on.as_deref()),
            done: format_iso(t.done_on.as_deref()),
            state: state.label(),
            open: state.is_open(),
            overdue: state.is_open() && t.due_on.as_deref().is_some_and(|d| d < today),
            measure_id: t.measure_id,
            measure_code: t.measure_code.clone().unwrap_or_default(),
            meeting_id: t.meeting_id,
        }
    }
}
