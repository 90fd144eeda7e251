//! Council papers of a measure (the resolution, budget resolutions): linking one by its
//! reference — looked up in the city's OParl system when one is configured — and removing
//! a link.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::detail::{Retry, detail_page};
use crate::audit::{self, Action, Entity};
use crate::auth::Editors;
use crate::domain::dates::now_utc;
use crate::domain::validation::FieldErrors;
use crate::measures::forms::CouncilPaperForm;
use crate::measures::queries;
use crate::oparl::client;
use crate::web::paths;
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, Href, NoFields, Require, form};

fn back(id: i64) -> Href {
    paths::measure(id)
        .anchor("h-ratsbeschluesse")
        .flash(Flash::Gespeichert)
}

pub async fn add_council_paper(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<CouncilPaperForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let mut p = input.parse(&mut e);
    let mut shown = input.clone();
    // Look the paper up before any transaction: the city's system may be slow.
    if e.is_empty()
        && let Some(endpoint) = state.oparl_endpoint.as_deref()
        && (p.url.is_none() || p.name.is_empty() || p.dated_on.is_none())
    {
        match client::find_paper(endpoint, &p.reference).await {
            Ok(Some(found)) => {
                if p.name.is_empty() {
                    p.name = found.name.chars().take(300).collect();
                }
                if p.dated_on.is_none() {
                    p.dated_on = found
                        .date
                        .as_deref()
                        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
                }
                if p.url.is_none() && found.url.starts_with("http") {
                    p.url = Some(found.url);
                }
            }
            Ok(None) if p.url.is_none() => e.add(
                "rb_reference",
                format!(
                    "Im Ratsinformationssystem der Stadt gibt es keine Drucksache mit der Nummer {}. Bitte prüfen Sie die Nummer oder tragen Sie Titel, Datum und Adresse selbst ein.",
                    p.reference
                ),
            ),
            Ok(None) => {}
            Err(message) if p.url.is_none() => e.add("rb_reference", message),
            Err(_) => {}
        }
    }
    if e.is_empty() && p.url.is_none() {
        e.add(
            "rb_url",
            "Bitte geben Sie die Adresse des Beschlusses an (http:// oder https://).",
        );
    }
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if m.archived_at.is_some() {
        e.add("rb_reference", "Die Maßnahme ist archiviert.");
    }
    if e.is_empty() && queries::council_paper_taken(&mut tx, id, &p.reference).await? {
        e.add(
            "rb_reference",
            format!("Der Ratsbeschluss {} ist bereits verknüpft.", p.reference),
        );
    }
    let Some(url) = p.url.clone().filter(|_| e.is_empty()) else {
        drop(tx);
        shown.rb_url = p.url.clone().unwrap_or(shown.rb_url);
        let retry = Retry {
            council: Some(shown),
            errors: e,
            ..Retry::default()
        };
        return form::invalid(&detail_page(&state, &user, id, retry, None, 1).await?);
    };
    let dated_on = p.dated_on.map(|d| d.to_string());
    let paper = queries::add_council_paper(
        &mut tx,
        &queries::NewCouncilPaper {
            measure: id,
            reference: &p.reference,
            name: &p.name,
            dated_on: dated_on.as_deref(),
            url: &url,
            at: &now_utc(),
        },
    )
    .await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(
            Action::RatsbeschlussVerknuepfen,
            Entity::Massnahme,
            Some(id),
        )
        .after(
            json!({"council_paper_id": paper, "reference": p.reference, "name": p.name,
                   "dated_on": dated_on, "url": url}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(back(id).into_response())
}

pub async fn remove_council_paper(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path((id, paper)): Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let Some(reference) = queries::remove_council_paper(&mut tx, id, paper).await? else {
        return Err(AppError::NotFound);
    };
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::RatsbeschlussEntfernen, Entity::Massnahme, Some(id))
            .before(json!({"council_paper_id": paper, "reference": reference})),
    )
    .await?;
    tx.commit().await?;
    Ok(back(id).into_response())
}
