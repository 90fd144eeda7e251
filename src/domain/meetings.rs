//! Meeting rules as pure functions: the biweekly series, who takes part, the AG agenda
//! pre-fill, the joint-session draft (each item with the reason why it is there), and
//! the agenda release state.

use chrono::{Datelike, Duration, NaiveDate};

use super::money::format_euro;
use super::{Ampel, SignOffTrack};

crate::domain::enums::vocabulary!(
    /// The two kinds of meeting.
    MeetingKind {
        Ag => ("ag", "AG-Sitzung"),
        Quartal => ("quartal", "Gemeinsame Quartalsberatung"),
    }
);

crate::domain::enums::vocabulary!(
    /// Meeting states (OParl vocabulary plus abgesagt).
    MeetingState {
        Terminiert => ("terminiert", "terminiert"),
        Eingeladen => ("eingeladen", "eingeladen"),
        Durchgefuehrt => ("durchgefuehrt", "durchgeführt"),
        Abgesagt => ("abgesagt", "abgesagt"),
    }
);

crate::domain::enums::vocabulary!(
    /// Attendance of a participant.
    Attendance {
        Anwesend => ("anwesend", "anwesend"),
        Entschuldigt => ("entschuldigt", "entschuldigt"),
        Abwesend => ("abwesend", "abwesend"),
    }
);

crate::domain::enums::vocabulary!(
    /// State of a task (Aufgabe) from the minutes.
    TaskState {
        Offen => ("offen", "offen"),
        InBearbeitung => ("in_bearbeitung", "in Bearbeitung"),
        Erledigt => ("erledigt", "erledigt"),
        Zurueckgestellt => ("zurueckgestellt", "zurückgestellt"),
        Entfallen => ("entfallen", "entfallen"),
    }
);

impl MeetingState {
    /// Which state may follow which: terminiert → eingeladen → durchgeführt; every
    /// meeting not yet held may be cancelled, and a cancelled one planned again.
    pub fn may_become(self, next: MeetingState) -> bool {
        use MeetingState::*;
        matches!(
            (self, next),
            (Terminiert, Eingeladen)
                | (Terminiert, Durchgefuehrt)
                | (Eingeladen, Durchgefuehrt)
                | (Terminiert, Abgesagt)
                | (Eingeladen, Abgesagt)
                | (Abgesagt, Terminiert)
        )
    }
}

impl TaskState {
    pub fn is_open(self) -> bool {
        matches!(self, TaskState::Offen | TaskState::InBearbeitung)
    }
}

/// The dates of a series: every `interval_days` from `first` up to and including
/// `until`, without the dates in `skip`. At most 200 dates (about 7½ years biweekly).
pub fn series_dates(
    first: NaiveDate,
    until: NaiveDate,
    interval_days: i64,
    skip: &[NaiveDate],
) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    if interval_days < 1 {
        return out;
    }
    let mut d = first;
    while d <= until && out.len() < 200 {
        if !skip.contains(&d) {
            out.push(d);
        }
        d += Duration::days(interval_days);
    }
    out
}

/// Is an AG membership valid on the date? (`since` and `until` inclusive.)
pub fn member_on(since: NaiveDate, until: Option<NaiveDate>, on: NaiveDate) -> bool {
    since <= on && until.is_none_or(|u| on <= u)
}

/// Functions of the people the joint session invites as guests (OB, DSB, ISB, PR).
pub fn is_joint_session_guest(function: &str) -> bool {
    let f = function.to_lowercase();
    f.contains("oberbürgermeister")
        || f.contains("datenschutzbeauftragte")
        || f.contains("informationssicherheit")
        || f.contains("personalrat")
}

/// "IV/2026" for a date in the fourth quarter of 2026.
pub fn quarter_label(d: NaiveDate) -> String {
    let q = (d.month() - 1) / 3 + 1;
    let roman = ["I", "II", "III", "IV"][(q - 1) as usize];
    format!("{roman}/{}", d.year())
}

/// The half-year whose report is prepared in a joint session on this date, if any:
/// the half-yearly report is due when the session falls in Q2 or Q4.
pub fn report_half_due(d: NaiveDate) -> Option<(i32, u32)> {
    match d.month() {
        4..=6 => Some((d.year(), 1)),
        10..=12 => Some((d.year(), 2)),
        _ => None,
    }
}

/// One agenda item proposed by a rule, with the reason shown to the reader.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftItem {
    pub title: String,
    pub reason: String,
    pub public: bool,
    pub planned_minutes: i64,
    pub measure_ids: Vec<i64>,
    pub carried_from: Option<i64>,
}

impl DraftItem {
    fn new(title: impl Into<String>, reason: impl Into<String>, minutes: i64) -> Self {
        Self {
            title: title.into(),
            reason: reason.into(),
            public: true,
            planned_minutes: minutes,
            measure_ids: Vec::new(),
            carried_from: None,
        }
    }
}

/// A measure as the agenda rules see it.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureRef {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub ampel: Ampel,
}

impl MeasureRef {
    fn label(&self) -> String {
        format!("{} {}", self.code, self.title)
    }
}

/// What happened to a measure since the last AG meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureSignal {
    pub measure: MeasureRef,
    /// Ampel before the period (None: no earlier update known).
    pub ampel_before: Option<Ampel>,
    /// Status label before and now, when it changed in the period.
    pub status_change: Option<(String, String)>,
    /// Milestones (title, due date) that fell due in the period and are not done.
    pub milestones_due: Vec<(String, NaiveDate)>,
}

/// A not-dealt-with item of the previous meeting, to be carried over.
#[derive(Debug, Clone, PartialEq)]
pub struct CarryOver {
    pub item_id: i64,
    pub title: String,
    pub public: bool,
    pub planned_minutes: i64,
    pub measure_ids: Vec<i64>,
}

/// Input of the AG agenda pre-fill.
#[derive(Debug, Clone, Default)]
pub struct PrefillInput {
    /// Date of the last AG meeting held, and whether its minutes are approved.
    pub last_meeting: Option<(NaiveDate, bool)>,
    pub signals: Vec<MeasureSignal>,
    pub open_tasks: i64,
    pub overdue_tasks: i64,
    pub carried: Vec<CarryOver>,
}

fn list(refs: &[&MeasureRef]) -> String {
    refs.iter()
        .map(|m| m.label())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The AG agenda drafted from the programme's state since the last meeting.
pub fn prefill_ag_agenda(input: &PrefillInput) -> Vec<DraftItem> {
    let mut items = Vec::new();
    if let Some((date, approved)) = input.last_meeting
        && !approved
    {
        items.push(DraftItem::new(
            format!(
                "Genehmigung des Protokolls der Sitzung vom {}",
                super::dates::format_date(date)
            ),
            "Das Protokoll der letzten Sitzung ist noch nicht genehmigt.",
            5,
        ));
    }
    for c in &input.carried {
        items.push(DraftItem {
            title: c.title.clone(),
            reason: "In der letzten Sitzung nicht behandelt – übertragen.".into(),
            public: c.public,
            planned_minutes: c.planned_minutes,
            measure_ids: c.measure_ids.clone(),
            carried_from: Some(c.item_id),
        });
    }
    let since = input
        .last_meeting
        .map(|(d, _)| {
            format!(
                "seit der letzten Sitzung am {}",
                super::dates::format_date(d)
            )
        })
        .unwrap_or_else(|| "seit Beginn".into());
    for s in &input.signals {
        let m = &s.measure;
        let turned = matches!(m.ampel, Ampel::Rot | Ampel::Gelb) && s.ampel_before != Some(m.ampel);
        if m.ampel == Ampel::Rot || turned {
            let reason = if turned {
                format!("Ampel {since} auf {} gewechselt.", m.ampel.short())
            } else {
                "Ampel Rot: rote Maßnahmen stehen automatisch auf der Tagesordnung.".to_string()
            };
            let mut it = DraftItem::new(
                format!("{} – Ampel {}", m.label(), m.ampel.short()),
                reason,
                10,
            );
            it.measure_ids.push(m.id);
            items.push(it);
        }
    }
    let changed: Vec<&MeasureSignal> = input
        .signals
        .iter()
        .filter(|s| s.status_change.is_some())
        .collect();
    if !changed.is_empty() {
        let reason = changed
            .iter()
            .filter_map(|s| {
                s.status_change
                    .as_ref()
                    .map(|(a, b)| format!("{}: {a} → {b}", s.measure.code))
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut it = DraftItem::new(
            "Statusänderungen seit der letzten Sitzung",
            format!("Status geändert {since}: {reason}."),
            5 + 2 * changed.len() as i64,
        );
        it.measure_ids = changed.iter().map(|s| s.measure.id).collect();
        items.push(it);
    }
    let due: Vec<&MeasureSignal> = input
        .signals
        .iter()
        .filter(|s| !s.milestones_due.is_empty())
        .collect();
    if !due.is_empty() {
        let reason = due
            .iter()
            .flat_map(|s| {
                s.milestones_due.iter().map(|(t, d)| {
                    format!(
                        "{}: „{t}“ fällig am {}",
                        s.measure.code,
                        super::dates::format_date(*d)
                    )
                })
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut it = DraftItem::new(
            "Fällige Meilensteine",
            format!("Meilensteine {since} fällig und nicht erledigt: {reason}."),
            5 + 2 * due.len() as i64,
        );
        it.measure_ids = due.iter().map(|s| s.measure.id).collect();
        items.push(it);
    }
    if input.open_tasks > 0 {
        items.push(DraftItem::new(
            "Offene Aufgaben (Wiedervorlage)",
            format!(
                "{} offene Aufgabe(n) aus früheren Sitzungen, davon {} überfällig.",
                input.open_tasks, input.overdue_tasks
            ),
            10,
        ));
    }
    items.push(DraftItem::new(
        "Verschiedenes",
        "Ständiger Tagesordnungspunkt.",
        5,
    ));
    items
}

/// Key figures of the period a joint session looks back on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuarterSummary {
    pub since: Option<NaiveDate>,
    pub measures: i64,
    pub red: i64,
    pub amber: i64,
    pub green: i64,
    pub updates_in_period: i64,
    pub completed_in_period: i64,
}

/// A budget line whose actual exceeds the approved amount (cents).
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetDeviation {
    pub measure: MeasureRef,
    pub fiscal_year: i64,
    pub approved: i64,
    pub actual: i64,
}

/// The half-yearly report as the joint draft sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum ReportState {
    /// No report row for the half-year yet.
    NotCreated {
        label: String,
    },
    Draft {
        label: String,
        cutoff: NaiveDate,
        request_started: Option<NaiveDate>,
        request_due: Option<NaiveDate>,
    },
    Released {
        label: String,
    },
}

/// Input of the joint-session draft.
#[derive(Debug, Clone)]
pub struct JointInput {
    pub meeting_date: NaiveDate,
    pub summary: QuarterSummary,
    pub red_amber: Vec<MeasureRef>,
    /// Measures with an open sign-off, per track.
    pub open_sign_offs: Vec<(SignOffTrack, Vec<MeasureRef>)>,
    pub budget: Vec<BudgetDeviation>,
    /// Only given when the report is due (see [`report_half_due`]).
    pub report: Option<ReportState>,
}

/// The draft agenda of the quarterly joint session, drafted from the data.
pub fn draft_joint_agenda(input: &JointInput) -> Vec<DraftItem> {
    use super::dates::format_date;
    let s = &input.summary;
    let since = s
        .since
        .map(|d| {
            format!(
                "seit der letzten gemeinsamen Beratung am {}",
                format_date(d)
            )
        })
        .unwrap_or_else(|| "in den letzten drei Monaten".into());
    let mut items = vec![DraftItem::new(
        format!(
            "Sachstand Arbeitspapier – Quartal {}",
            quarter_label(input.meeting_date)
        ),
        format!(
            "Zusammenfassung des Quartals: {} laufende Maßnahmen (Rot {}, Gelb {}, Grün {}); \
             {since} {} Sachstandsmeldungen und {} abgeschlossene Maßnahmen.",
            s.measures, s.red, s.amber, s.green, s.updates_in_period, s.completed_in_period
        ),
        15,
    )];
    let red: Vec<&MeasureRef> = input
        .red_amber
        .iter()
        .filter(|m| m.ampel == Ampel::Rot)
        .collect();
    let amber: Vec<&MeasureRef> = input
        .red_amber
        .iter()
        .filter(|m| m.ampel == Ampel::Gelb)
        .collect();
    if !input.red_amber.is_empty() {
        let mut parts = Vec::new();
        if !red.is_empty() {
            parts.push(format!("Ampel Rot: {}", list(&red)));
        }
        if !amber.is_empty() {
            parts.push(format!("Ampel Gelb: {}", list(&amber)));
        }
        let mut it = DraftItem::new(
            "Gefährdete und verzögerte Maßnahmen (Ampel Rot und Gelb)",
            format!("{}.", parts.join(". ")),
            5 + 3 * input.red_amber.len() as i64,
        );
        it.measure_ids = red.iter().chain(amber.iter()).map(|m| m.id).collect();
        items.push(it);
    }
    for (track, ms) in &input.open_sign_offs {
        if ms.is_empty() {
            continue;
        }
        let (title, who) = match track {
            SignOffTrack::Dsb => (
                "Beteiligung Datenschutz (DSB): offene Stellungnahmen",
                "des Datenschutzbeauftragten",
            ),
            SignOffTrack::Isb => (
                "Beteiligung Informationssicherheit (ISB): offene Freigaben",
                "des Beauftragten für Informationssicherheit",
            ),
            SignOffTrack::Pr => (
                "Beteiligung Personalrat: offene Mitbestimmung",
                "des Personalrates",
            ),
        };
        let refs: Vec<&MeasureRef> = ms.iter().collect();
        let mut it = DraftItem::new(
            title,
            format!(
                "Beteiligung {who} offen bei {} Maßnahme(n): {}.",
                ms.len(),
                list(&refs)
            ),
            5 + 2 * ms.len() as i64,
        );
        it.public = false;
        it.measure_ids = ms.iter().map(|m| m.id).collect();
        items.push(it);
    }
    if !input.budget.is_empty() {
        let reason = input
            .budget
            .iter()
            .map(|b| {
                format!(
                    "{} ({}): Ansatz {}, Ist {}, Mehrausgabe {}",
                    b.measure.code,
                    b.fiscal_year,
                    format_euro(b.approved),
                    format_euro(b.actual),
                    format_euro(b.actual - b.approved)
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut it = DraftItem::new(
            "Haushaltsabweichungen",
            format!("Ist über dem Haushaltsansatz: {reason}."),
            10,
        );
        let mut ids: Vec<i64> = input.budget.iter().map(|b| b.measure.id).collect();
        ids.dedup();
        it.measure_ids = ids;
        items.push(it);
    }
    if let Some(report) = &input.report {
        let reason = match report {
            ReportState::NotCreated { label } => format!(
                "Die halbjährliche Sachstandsinformation an den Finanz- und Verwaltungsausschuss ({label}) ist fällig; \
                 der Bericht ist noch nicht angelegt, die Sachstandsabfrage noch nicht gestartet."
            ),
            ReportState::Draft {
                label,
                cutoff,
                request_started,
                request_due,
            } => {
                let round = match (request_started, request_due) {
                    (Some(s), Some(d)) => format!(
                        "Sachstandsabfrage gestartet am {}, Rückmeldung bis {}",
                        format_date(*s),
                        format_date(*d)
                    ),
                    (Some(s), None) => {
                        format!("Sachstandsabfrage gestartet am {}", format_date(*s))
                    }
                    _ => "Sachstandsabfrage noch nicht gestartet".into(),
                };
                format!(
                    "Die halbjährliche Sachstandsinformation ({label}, Stichtag {}) ist fällig und im Entwurf; {round}.",
                    format_date(*cutoff)
                )
            }
            ReportState::Released { label } => format!(
                "Die halbjährliche Sachstandsinformation ({label}) ist bereits freigegeben; Bericht zur Kenntnis."
            ),
        };
        items.push(DraftItem::new(
            "Vorbereitung der halbjährlichen Sachstandsinformation an den FVA",
            reason,
            10,
        ));
    }
    items.push(DraftItem::new(
        "Entscheidungen, Aufgaben und Wiedervorlagen",
        "Ständiger Tagesordnungspunkt der gemeinsamen Beratung.",
        10,
    ));
    items
}

/// Where the agenda's release stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReleaseState {
    NotReleased,
    Released,
    ChangedAfterRelease,
}

pub fn release_state(released: bool, changed_after: bool) -> ReleaseState {
    match (released, changed_after) {
        (false, _) => ReleaseState::NotReleased,
        (true, false) => ReleaseState::Released,
        (true, true) => ReleaseState::ChangedAfterRelease,
    }
}

/// New positions after moving the item at `index` one place up or down; `None` when it
/// is already at that end.
pub fn move_item(ids: &[i64], index: usize, up: bool) -> Option<Vec<i64>> {
    let other = if up { index.checked_sub(1)? } else { index + 1 };
    if other >= ids.len() || index >= ids.len() {
        return None;
    }
    let mut v = ids.to_vec();
    v.swap(index, other);
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn m(id: i64, code: &str, ampel: Ampel) -> MeasureRef {
        MeasureRef {
            id,
            code: code.into(),
            title: format!("Titel {code}"),
            ampel,
        }
    }

    #[test]
    fn series_every_14_days_without_skipped_dates() {
        let dates = series_dates(d("2026-01-08"), d("2026-02-19"), 14, &[d("2026-02-05")]);
        assert_eq!(
            dates,
            vec![d("2026-01-08"), d("2026-01-22"), d("2026-02-19")]
        );
        assert!(series_dates(d("2026-01-08"), d("2026-01-01"), 14, &[]).is_empty());
        assert_eq!(
            series_dates(d("2020-01-01"), d("2099-01-01"), 14, &[]).len(),
            200
        );
    }

    #[test]
    fn membership_dates_are_inclusive() {
        assert!(!member_on(d("2023-08-01"), None, d("2023-07-31")));
        assert!(member_on(d("2023-08-01"), None, d("2023-08-01")));
        assert!(member_on(
            d("2022-09-01"),
            Some(d("2024-04-30")),
            d("2024-04-30")
        ));
        assert!(!member_on(
            d("2022-09-01"),
            Some(d("2024-04-30")),
            d("2024-05-01")
        ));
    }

    #[test]
    fn quarters_and_report_due() {
        assert_eq!(quarter_label(d("2026-12-10")), "IV/2026");
        assert_eq!(quarter_label(d("2027-01-05")), "I/2027");
        assert_eq!(report_half_due(d("2026-12-10")), Some((2026, 2)));
        assert_eq!(report_half_due(d("2026-06-10")), Some((2026, 1)));
        assert_eq!(report_half_due(d("2026-03-10")), None);
    }

    #[test]
    fn states_follow_the_oparl_order() {
        assert!(MeetingState::Terminiert.may_become(MeetingState::Eingeladen));
        assert!(!MeetingState::Durchgefuehrt.may_become(MeetingState::Abgesagt));
        assert!(!MeetingState::Abgesagt.may_become(MeetingState::Durchgefuehrt));
    }

    #[test]
    fn ag_prefill_lists_red_turned_changed_due_tasks_and_minutes() {
        let input = PrefillInput {
            last_meeting: Some((d("2026-11-12"), false)),
            signals: vec![
                MeasureSignal {
                    measure: m(1, "HF1-01", Ampel::Rot),
                    ampel_before: Some(Ampel::Rot),
                    status_change: None,
                    milestones_due: vec![],
                },
                MeasureSignal {
                    measure: m(2, "HF1-02", Ampel::Gelb),
                    ampel_before: Some(Ampel::Gruen),
                    status_change: Some(("Geplant".into(), "In Umsetzung".into())),
                    milestones_due: vec![("Vergabe".into(), d("2026-11-20"))],
                },
                MeasureSignal {
                    measure: m(3, "HF1-03", Ampel::Gruen),
                    ampel_before: Some(Ampel::Gruen),
                    status_change: None,
                    milestones_due: vec![],
                },
            ],
            open_tasks: 3,
            overdue_tasks: 1,
            carried: vec![CarryOver {
                item_id: 99,
                title: "Telefonanlage".into(),
                public: true,
                planned_minutes: 15,
                measure_ids: vec![],
            }],
        };
        let items = prefill_ag_agenda(&input);
        let titles: Vec<&str> = items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "Genehmigung des Protokolls der Sitzung vom 12.11.2026",
                "Telefonanlage",
                "HF1-01 Titel HF1-01 – Ampel Rot",
                "HF1-02 Titel HF1-02 – Ampel Gelb",
                "Statusänderungen seit der letzten Sitzung",
                "Fällige Meilensteine",
                "Offene Aufgaben (Wiedervorlage)",
                "Verschiedenes",
            ]
        );
        assert_eq!(items[1].carried_from, Some(99));
        assert_eq!(
            items[3].reason,
            "Ampel seit der letzten Sitzung am 12.11.2026 auf Gelb gewechselt."
        );
        assert!(items[4].reason.contains("HF1-02: Geplant → In Umsetzung"));
        assert!(items[5].reason.contains("„Vergabe“ fällig am 20.11.2026"));
        assert_eq!(
            items[6].reason,
            "3 offene Aufgabe(n) aus früheren Sitzungen, davon 1 überfällig."
        );
    }

    #[test]
    fn joint_draft_has_every_item_with_its_reason() {
        let input = JointInput {
            meeting_date: d("2026-12-10"),
            summary: QuarterSummary {
                since: Some(d("2026-09-10")),
                measures: 40,
                red: 2,
                amber: 5,
                green: 33,
                updates_in_period: 61,
                completed_in_period: 3,
            },
            red_amber: vec![m(1, "HF1-01", Ampel::Rot), m(2, "HF2-01", Ampel::Gelb)],
            open_sign_offs: vec![
                (SignOffTrack::Dsb, vec![m(3, "HF3-01", Ampel::Gruen)]),
                (SignOffTrack::Isb, vec![]),
                (SignOffTrack::Pr, vec![m(4, "HF4-01", Ampel::Gruen)]),
            ],
            budget: vec![BudgetDeviation {
                measure: m(5, "HF5-01", Ampel::Gruen),
                fiscal_year: 2026,
                approved: 1_000_000,
                actual: 1_250_000,
            }],
            report: Some(ReportState::NotCreated {
                label: "2. Halbjahr 2026".into(),
            }),
        };
        let items = draft_joint_agenda(&input);
        assert_eq!(items.len(), 7);
        assert!(
            items[0]
                .reason
                .contains("40 laufende Maßnahmen (Rot 2, Gelb 5, Grün 33)")
        );
        assert!(
            items[0]
                .reason
                .contains("am 10.09.2026 61 Sachstandsmeldungen")
        );
        assert_eq!(
            items[1].reason,
            "Ampel Rot: HF1-01 Titel HF1-01. Ampel Gelb: HF2-01 Titel HF2-01."
        );
        assert_eq!(items[1].measure_ids, vec![1, 2]);
        assert!(items[2].title.contains("Datenschutz"));
        assert!(!items[2].public);
        assert!(items[3].title.contains("Personalrat"));
        assert_eq!(
            items[4].reason,
            "Ist über dem Haushaltsansatz: HF5-01 (2026): Ansatz 10.000,00\u{a0}€, Ist 12.500,00\u{a0}€, Mehrausgabe 2.500,00\u{a0}€."
        );
        assert!(items[5].reason.contains("noch nicht angelegt"));
    }

    #[test]
    fn release_and_reorder() {
        assert_eq!(release_state(true, true), ReleaseState::ChangedAfterRelease);
        assert_eq!(release_state(false, true), ReleaseState::NotReleased);
        assert_eq!(move_item(&[1, 2, 3], 0, true), None);
        assert_eq!(move_item(&[1, 2, 3], 2, false), None);
        assert_eq!(move_item(&[1, 2, 3], 1, true), Some(vec![2, 1, 3]));
    }
}
