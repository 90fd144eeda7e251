//! Form input checked against the database too: measure codes of the meeting's
//! programme and people chosen from the list. Field errors, never a 500.

use crate::db::Conn;

use super::forms::{ItemForm, ItemInput, TaskForm, TaskInput};
use super::queries;
use crate::domain::validation::FieldErrors;
use crate::lookups::{RefTable, exists};

const CHOOSE_PERSON: &str = "Bitte wählen Sie eine Person aus der Liste.";

/// Codes → measure ids of the programme; unknown codes are field errors.
async fn resolve_codes(
    conn: &mut Conn,
    programme: i64,
    codes: &[String],
    errors: &mut FieldErrors,
) -> sqlx::Result<Vec<i64>> {
    let mut ids = Vec::new();
    let mut unknown = Vec::new();
    for c in codes {
        match queries::measure_by_code(conn, programme, c).await? {
            Some(id) if !ids.contains(&id) => ids.push(id),
            Some(_) => {}
            None => unknown.push(c.as_str()),
        }
    }
    if !unknown.is_empty() {
        errors.add(
            "measures",
            format!(
                "Unbekannte {}: {}.",
                crate::domain::wording::noun(unknown.len(), "Maßnahmennummer", "Maßnahmennummern"),
                unknown.join(", ")
            ),
        );
    }
    Ok(ids)
}

fn checked<T>(value: T, errors: FieldErrors) -> Result<T, FieldErrors> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(errors)
    }
}

/// The agenda item form with its measure codes and presenter checked: the input and the
/// linked measure ids.
pub async fn item(
    conn: &mut Conn,
    programme: i64,
    form: &ItemForm,
) -> sqlx::Result<Result<(ItemInput, Vec<i64>), FieldErrors>> {
    let input = match form.parse() {
        Ok(input) => input,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut errors = FieldErrors::default();
    let ids = resolve_codes(conn, programme, &input.measure_codes, &mut errors).await?;
    if let Some(p) = input.presenter_id
        && !exists(conn, RefTable::Person, p).await?
    {
        errors.add("presenter_id", CHOOSE_PERSON);
    }
    Ok(checked((input, ids), errors))
}

/// The task form with its owner and measure code checked: the input and the measure.
pub async fn task(
    conn: &mut Conn,
    programme: i64,
    form: &TaskForm,
) -> sqlx::Result<Result<(TaskInput, Option<i64>), FieldErrors>> {
    let input = match form.parse() {
        Ok(input) => input,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut errors = FieldErrors::default();
    if !exists(conn, RefTable::Person, input.owner_id).await? {
        errors.add("owner_id", CHOOSE_PERSON);
    }
    let mut measure = None;
    if let Some(code) = &input.measure_code {
        measure = queries::measure_by_code(conn, programme, code).await?;
        if measure.is_none() {
            errors.add(
                "measure_code",
                format!("Unbekannte Maßnahmennummer: {code}."),
            );
        }
    }
    Ok(checked((input, measure), errors))
}
