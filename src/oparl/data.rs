//! What the OParl interface publishes, read from the database in one go: the city (letterhead),
//! the AG's meetings with their agenda items (public or not, decided here), the released
//! reports with the sizes of their frozen files. The data set is small (a few hundred
//! meetings and items), so every request reads it whole and filters in memory.

use crate::db::Conn;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

use std::collections::HashMap;

use crate::domain::dates::berlin_offset_hours;
use crate::lookups::public::{self, Audience};

pub struct Data {
    /// When this installation was set up (its first migration): `created` of System, Body,
    /// Organization.
    pub installed: DateTime<Utc>,
    pub city: String,
    pub letterhead_changed: Option<DateTime<Utc>>,
    pub meetings: Vec<Meeting>,
    pub items: Vec<Item>,
    pub reports: Vec<Report>,
}

pub struct Meeting {
    pub id: i64,
    /// `ag` or `quartal` (the joint session).
    pub kind: String,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub state: String,
    /// The agenda is published once it was released (or the meeting took place).
    pub agenda_public: bool,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
}

pub struct Item {
    pub id: i64,
    pub meeting_id: i64,
    /// Position among all items of the meeting, counted from 0 (OParl `order`).
    pub order: i64,
    /// `None`: not public (a deleted object in OParl's terms). `Some`: the public name.
    pub public_name: Option<String>,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
}

pub struct Report {
    pub id: i64,
    pub name: String,
    pub vorlage_no: String,
    pub released: DateTime<Utc>,
    pub pdf_size: i64,
    pub docx_size: Option<i64>,
    pub file_stem: String,
}

/// A stored timestamp as an instant: RFC 3339 (`…Z`), SQLite's `YYYY-MM-DD HH:MM:SS` (UTC),
/// or a meeting's local wall-clock time `YYYY-MM-DDTHH:MM` (Europe/Berlin).
pub fn parse_ts(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, f) {
            return Some(Utc.from_utc_datetime(&n));
        }
    }
    let local = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    // The offset in force an hour before (as UTC) is the one of the local time, except
    // within the hour of the switch itself.
    let probe = Utc.from_utc_datetime(&local) - chrono::Duration::hours(1);
    Some(Utc.from_utc_datetime(&local) - chrono::Duration::hours(berlin_offset_hours(probe)))
}

/// `2026-11-28T14:30:00+01:00`: the instant in Berlin time with its offset (OParl date-time).
pub fn local_time(t: DateTime<Utc>) -> String {
    let h = berlin_offset_hours(t);
    let local = t + chrono::Duration::hours(h);
    format!("{}+{h:02}:00", local.format("%Y-%m-%dT%H:%M:%S"))
}

/// The Berlin calendar day of an instant (OParl `date`).
pub fn local_date(t: DateTime<Utc>) -> String {
    (t + chrono::Duration::hours(berlin_offset_hours(t)))
        .format("%Y-%m-%d")
        .to_string()
}

fn ts(s: Option<&str>) -> Option<DateTime<Utc>> {
    s.and_then(parse_ts)
}

pub async fn load(conn: &mut Conn) -> sqlx::Result<Data> {
    // when this city's data began: its first migration, or on PostgreSQL its tenant
    let installed: Option<String> = crate::db::query_scalar(match conn.backend() {
        crate::db::Backend::Sqlite => {
            "SELECT CAST(MIN(installed_on) AS TEXT) FROM _sqlx_migrations"
        }
        crate::db::Backend::Postgres => {
            "SELECT created_at FROM tenants WHERE id = sachstand_tenant()"
        }
    })
    .fetch_optional(&mut *conn)
    .await?
    .flatten();
    let installed = ts(installed.as_deref())
        .unwrap_or_else(|| Utc.timestamp_opt(0, 0).single().unwrap_or_else(Utc::now));
    let (city, letterhead_changed): (String, Option<String>) =
        crate::db::query_as("SELECT city, updated_at FROM letterhead WHERE id = 1")
            .fetch_optional(&mut *conn)
            .await?
            .unwrap_or_default();
    let people: Vec<String> = crate::db::query_scalar("SELECT name FROM people")
        .fetch_all(&mut *conn)
        .await?;

    // Every change of a meeting or its agenda is audited (on the meeting or on the item);
    // a change of a measure named on the agenda (title, public flag, archive) shows in its
    // `updated_at`. The meeting's `modified` is the latest of them.
    type MeetingRow = (
        i64,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<MeetingRow> = crate::db::query_as(
        "SELECT m.id, m.kind, m.starts_at, m.ends_at, m.state, m.agenda_released_at,
            (SELECT MIN(a.at) FROM audit_log a WHERE a.entity = 'sitzung' AND a.entity_id = m.id),
            (SELECT MAX(a.at) FROM audit_log a WHERE a.entity = 'sitzung' AND a.entity_id = m.id),
            (SELECT MAX(x) FROM (
                SELECT MAX(a.at) AS x FROM audit_log a JOIN agenda_items i ON i.id = a.entity_id
                  WHERE a.entity = 'tagesordnungspunkt' AND i.meeting_id = m.id
                UNION ALL
                SELECT MAX(CASE WHEN COALESCE(ms.archived_at, '') > ms.updated_at THEN ms.archived_at ELSE ms.updated_at END) FROM measures ms
                  JOIN agenda_item_measures am ON am.measure_id = ms.id
                  JOIN agenda_items i ON i.id = am.agenda_item_id
                  WHERE i.meeting_id = m.id) AS changes)
         FROM meetings m ORDER BY m.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut meetings = Vec::with_capacity(rows.len());
    for (id, kind, starts, ends, state, released, first, last, agenda_changed) in rows {
        // Without an audit row (data loaded before the meeting pages existed, the demo) the
        // earliest thing known of the meeting stands in: its release, its start, or the
        // installation.
        let created = ts(first.as_deref()).unwrap_or_else(|| {
            [ts(released.as_deref()), parse_ts(&starts)]
                .into_iter()
                .flatten()
                .fold(installed, DateTime::min)
        });
        let modified = [
            ts(last.as_deref()),
            ts(released.as_deref()),
            ts(agenda_changed.as_deref()),
        ]
        .into_iter()
        .flatten()
        .fold(created, DateTime::max);
        meetings.push(Meeting {
            id,
            kind,
            start: parse_ts(&starts),
            end: parse_ts(&ends),
            agenda_public: released.is_some() || state == "durchgefuehrt",
            state,
            created,
            modified,
        });
    }

    let items: Vec<(i64, i64, String, bool, String)> = crate::db::query_as(
        "SELECT id, meeting_id, title, public, notes FROM agenda_items ORDER BY meeting_id, position, id",
    )
    .fetch_all(&mut *conn)
    .await?;
    // The measures each item concerns; whether each is public now is decided where every
    // public reader decides it (`lookups::public`).
    let links: Vec<(i64, i64)> = crate::db::query_as(
        "SELECT am.agenda_item_id, am.measure_id FROM agenda_item_measures am
         JOIN measures ms ON ms.id = am.measure_id
         ORDER BY am.agenda_item_id, ms.code, ms.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let visible: HashMap<i64, String> = public::all(&mut *conn, Audience::Public)
        .await?
        .into_iter()
        .filter(|m| public::visible_to(m, Audience::Public))
        .map(|m| (m.id, format!("{} {}", m.code, m.title)))
        .collect();
    let mut out_items = Vec::with_capacity(items.len());
    let mut order = 0;
    let mut last_meeting = None;
    for (id, meeting_id, title, flag, notes) in items {
        if last_meeting != Some(meeting_id) {
            order = 0;
            last_meeting = Some(meeting_id);
        }
        let Some(m) = meetings.iter().find(|m| m.id == meeting_id) else {
            continue;
        };
        if !m.agenda_public {
            order += 1;
            continue;
        }
        let measures: Vec<i64> = links.iter().filter(|l| l.0 == id).map(|l| l.1).collect();
        let public_name = if !flag {
            None
        } else if !measures.is_empty() {
            // Only code and title of the measures, and only if every one of them is public.
            measures
                .iter()
                .map(|m| visible.get(m).cloned())
                .collect::<Option<Vec<String>>>()
                .map(|names| names.join("; "))
        } else if !names_a_person(&title, &people)
            && (is_standard_item(&title) || notes.trim().is_empty())
        {
            // A standing item of the agenda drafts (approval of the minutes, "Verschiedenes")
            // is published with its title (never its notes); another item without a measure
            // only while it has no internal notes.
            Some(title)
        } else {
            None
        };
        out_items.push(Item {
            id,
            meeting_id,
            order,
            public_name,
            created: m.created,
            modified: m.modified,
        });
        order += 1;
    }

    type ReportRow = (i64, String, String, String, String, i64, Option<i64>);
    let rows: Vec<ReportRow> = crate::db::query_as(
        "SELECT r.id, r.period_label, p.title, r.vorlage_no, r.released_at,
            CAST(COALESCE(length(r.snapshot_pdf), 0) AS BIGINT), CAST(length(r.snapshot_docx) AS BIGINT)
         FROM reports r JOIN programmes p ON p.id = r.programme_id
         WHERE r.state = 'freigegeben' AND r.released_at IS NOT NULL AND r.snapshot_pdf IS NOT NULL
         ORDER BY r.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let reports = rows
        .into_iter()
        .filter_map(|(id, period, programme, vorlage_no, released, pdf, docx)| {
            Some(Report {
                id,
                name: format!("Sachstandsbericht {period} zum {programme}"),
                file_stem: file_stem(&period, id),
                vorlage_no: vorlage_no.trim().to_string(),
                released: parse_ts(&released)?,
                pdf_size: pdf,
                docx_size: docx,
            })
        })
        .collect();
    Ok(Data {
        installed,
        city: city.trim().to_string(),
        letterhead_changed: ts(letterhead_changed.as_deref()),
        meetings,
        items: out_items,
        reports,
    })
}

/// The standing items Sachstand drafts itself (`domain::meetings::agenda`, `…::joint`).
fn is_standard_item(title: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "Genehmigung des Protokolls",
        "Verschiedenes",
        "Statusänderungen seit der letzten Sitzung",
        "Fällige Meilensteine",
        "Offene Aufgaben (Wiedervorlage)",
        "Sachstand Arbeitspapier – Quartal",
        "Gefährdete und verzögerte Maßnahmen",
        "Vorbereitung der halbjährlichen Sachstandsinformation",
        "Entscheidungen, Aufgaben und Wiedervorlagen",
        "Informationssicherheitslage",
    ];
    let t = title.trim();
    PREFIXES.iter().any(|p| t.starts_with(p))
}

/// Whether a free title names one of the people (full name or family name): such an item
/// is not published.
fn names_a_person(title: &str, people: &[String]) -> bool {
    let t = title.to_lowercase();
    people.iter().any(|p| {
        let p = p.trim().to_lowercase();
        let family = p.rsplit(' ').next().unwrap_or_default();
        (!p.is_empty() && t.contains(&p)) || (family.chars().count() >= 3 && t.contains(family))
    })
}

/// `Sachstandsbericht-2-Halbjahr-2025`: an ASCII file name for the frozen files.
fn file_stem(period: &str, id: i64) -> String {
    let mut s = String::from("Sachstandsbericht");
    let mut dash = true;
    for c in period.chars() {
        let part = match c {
            'ä' => "ae".into(),
            'ö' => "oe".into(),
            'ü' => "ue".into(),
            'Ä' => "Ae".into(),
            'Ö' => "Oe".into(),
            'Ü' => "Ue".into(),
            'ß' => "ss".into(),
            c if c.is_ascii_alphanumeric() => c.to_string(),
            _ => String::new(),
        };
        if part.is_empty() {
            dash = true;
            continue;
        }
        if dash {
            s.push('-');
            dash = false;
        }
        s.push_str(&part);
    }
    if s == "Sachstandsbericht" {
        s = format!("Sachstandsbericht-{id}");
    }
    s
}

/// The frozen bytes of a released report's PDF or DOCX.
pub async fn file_bytes(conn: &mut Conn, report: i64, docx: bool) -> sqlx::Result<Option<Vec<u8>>> {
    let sql = if docx {
        "SELECT snapshot_docx FROM reports WHERE id = ? AND state = 'freigegeben'"
    } else {
        "SELECT snapshot_pdf FROM reports WHERE id = ? AND state = 'freigegeben'"
    };
    let row: Option<Option<Vec<u8>>> = crate::db::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(report)
        .fetch_optional(conn)
        .await?;
    Ok(row.flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_and_local_times() {
        let t = parse_ts("2026-01-15T14:00").expect("local");
        assert_eq!(t.to_rfc3339(), "2026-01-15T13:00:00+00:00");
        assert_eq!(local_time(t), "2026-01-15T14:00:00+01:00");
        let s = parse_ts("2026-07-01T09:30").expect("summer");
        assert_eq!(local_time(s), "2026-07-01T09:30:00+02:00");
        assert_eq!(
            local_time(parse_ts("2026-12-01 15:07:45").expect("sqlite")),
            "2026-12-01T16:07:45+01:00"
        );
        assert_eq!(
            local_date(parse_ts("2026-06-30T23:30:00Z").expect("z")),
            "2026-07-01"
        );
    }

    #[test]
    fn file_stems_and_names() {
        assert_eq!(
            file_stem("2. Halbjahr 2025", 3),
            "Sachstandsbericht-2-Halbjahr-2025"
        );
        assert_eq!(file_stem("", 3), "Sachstandsbericht-3");
        let people = vec!["Henrik Stollberg".to_string()];
        assert!(names_a_person("Bericht von Herrn Stollberg", &people));
        assert!(!names_a_person("Verschiedenes", &people));
    }
}
