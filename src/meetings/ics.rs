//! The iCalendar text of the meetings (RFC 5545), with the Europe/Berlin time zone.

use crate::domain::text::visible;
use chrono::{DateTime, NaiveDateTime, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, EventStatus, Property};

use super::queries::MeetingRow;
use super::views::meeting_title;
use crate::domain::meetings::MeetingState;

pub const TZID: &str = "Europe/Berlin";

/// Europe/Berlin as a VTIMEZONE (EU rule since 1996: last Sunday of March and October).
pub const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nX-LIC-LOCATION:Europe/Berlin\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

fn local(ts: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(ts, "%Y-%m-%dT%H:%M").ok()
}

/// What an event says about its meeting besides the date: the agenda titles in order,
/// and the meeting page's absolute address.
pub struct EventExtras {
    pub agenda: Vec<String>,
    pub url: String,
}

/// The DESCRIPTION of an event: one line per agenda item.
fn description(agenda: &[String]) -> String {
    if agenda.is_empty() {
        return "Tagesordnung noch offen.".into();
    }
    let mut text = String::from("Tagesordnung:");
    for (i, title) in agenda.iter().enumerate() {
        // a real line break: the writer escapes it as `\n` (RFC 5545 §3.3.11)
        text.push_str(&format!("\nTOP {}: {}", i + 1, visible(title)));
    }
    text
}

/// The feed text for these meetings; `stamp` is the DTSTAMP of every event and
/// `extras(meeting)` gives its agenda titles and address.
pub fn calendar(
    meetings: &[MeetingRow],
    stamp: DateTime<Utc>,
    extras: impl Fn(&MeetingRow) -> EventExtras,
) -> String {
    // `Calendar::new()` brings its own PRODID; RFC 5545 §3.6 allows exactly one.
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", "-//Stadtverwaltung//Sachstand//DE"));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    cal.name("Sitzungen AG Digitalisierung");
    cal.timezone(TZID);
    for m in meetings {
        let (Some(start), Some(end)) = (local(&m.starts_at), local(&m.ends_at)) else {
            continue;
        };
        let status = match m.state {
            MeetingState::Abgesagt => EventStatus::Cancelled,
            MeetingState::Terminiert => EventStatus::Tentative,
            MeetingState::Eingeladen | MeetingState::Durchgefuehrt => EventStatus::Confirmed,
        };
        let mut summary = visible(&meeting_title(m)).into_owned();
        if m.state == MeetingState::Abgesagt {
            summary = format!("Abgesagt: {summary}");
        }
        let extra = extras(m);
        let ev = Event::new()
            .uid(&format!("sitzung-{}@sachstand", m.id))
            .timestamp(stamp)
            .summary(&summary)
            .location(&visible(&m.place))
            .starts(CalendarDateTime::WithTimezone {
                date_time: start,
                tzid: TZID.into(),
            })
            .ends(CalendarDateTime::WithTimezone {
                date_time: end,
                tzid: TZID.into(),
            })
            .sequence(u32::try_from(m.version).unwrap_or(0))
            .status(status)
            .description(&description(&extra.agenda))
            .url(&extra.url)
            .done();
        cal.push(ev);
    }
    let text = cal.done().to_string();
    // icalendar has no VTIMEZONE component: insert the fixed definition after the header.
    match text
        .find("BEGIN:VEVENT")
        .or_else(|| text.find("END:VCALENDAR"))
    {
        Some(i) => format!("{}{VTIMEZONE}{}", &text[..i], &text[i..]),
        None => text,
    }
}

/// Whether an invitation mail invites (or updates) or cancels (RFC 5546).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Request,
    Cancel,
}

impl Method {
    pub fn key(self) -> &'static str {
        match self {
            Self::Request => "REQUEST",
            Self::Cancel => "CANCEL",
        }
    }
}

/// Someone named in an invitation: the organiser or an attendee.
pub struct Party {
    pub name: String,
    pub email: String,
}

/// The iCalendar object of an invitation mail (iTIP, RFC 5546): one VEVENT with the same
/// UID as the calendar feed, ORGANIZER, every ATTENDEE, DTSTAMP and SEQUENCE (the meeting's
/// version, which grows with every change, so a moved meeting's update supersedes the
/// invitation and a CANCEL supersedes both).
pub fn invitation(
    m: &MeetingRow,
    method: Method,
    stamp: DateTime<Utc>,
    organizer: &Party,
    attendees: &[Party],
    extras: &EventExtras,
) -> Option<String> {
    let (start, end) = (local(&m.starts_at)?, local(&m.ends_at)?);
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", "-//Stadtverwaltung//Sachstand//DE"));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", method.key()));
    let mut ev = Event::new();
    ev.uid(&format!("sitzung-{}@sachstand", m.id))
        .timestamp(stamp)
        .summary(&visible(&meeting_title(m)))
        .location(&visible(&m.place))
        .starts(CalendarDateTime::WithTimezone {
            date_time: start,
            tzid: TZID.into(),
        })
        .ends(CalendarDateTime::WithTimezone {
            date_time: end,
            tzid: TZID.into(),
        })
        .sequence(u32::try_from(m.version).unwrap_or(0))
        .status(match method {
            Method::Request => EventStatus::Confirmed,
            Method::Cancel => EventStatus::Cancelled,
        })
        .description(&description(&extras.agenda))
        .url(&extras.url);
    ev.append_property(
        Property::new("ORGANIZER", format!("mailto:{}", organizer.email))
            .add_parameter("CN", &visible(&organizer.name).replace('"', "'"))
            .done(),
    );
    for a in attendees {
        ev.append_multi_property(
            Property::new("ATTENDEE", format!("mailto:{}", a.email))
                .add_parameter("CN", &visible(&a.name).replace('"', "'"))
                .add_parameter("ROLE", "REQ-PARTICIPANT")
                .add_parameter("PARTSTAT", "NEEDS-ACTION")
                .add_parameter("RSVP", "FALSE")
                .done(),
        );
    }
    cal.push(ev.done());
    let text = cal.done().to_string();
    Some(match text.find("BEGIN:VEVENT") {
        Some(i) => format!("{}{VTIMEZONE}{}", &text[..i], &text[i..]),
        None => text,
    })
}
