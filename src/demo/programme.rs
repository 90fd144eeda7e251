//! Demo programmes with revisions, fields of action, goals with readings and expectations.

use std::collections::HashMap;

use crate::db::Conn;

use super::context::{Ctx, id_of};
use super::spec::iso;

/// Ids of what [`insert`] created, for the measure loader.
pub(super) struct Programmes {
    /// Programme ids in the order of [`PROGRAMMES`].
    pub ids: Vec<i64>,
    /// Field ids by field code (codes are unique across the demo programmes).
    pub fields: HashMap<&'static str, i64>,
    /// Goal ids in the order of [`GOALS`].
    pub goals: Vec<i64>,
    /// Expectation ids in the order of [`EXPECTATIONS`].
    pub expectations: Vec<i64>,
}

struct Programme {
    title: &'static str,
    short_title: &'static str,
    scope: &'static str,
    resolution_no: Option<&'static str>,
    resolution_date: Option<&'static str>,
    body: Option<&'static str>,
    description: &'static str,
}

/// Index of the core programme in [`PROGRAMMES`]; the other one is the separate paper.
pub(super) const CORE: usize = 0;
pub(super) const ENTERPRISES: usize = 1;

const PROGRAMMES: &[Programme] = &[
    Programme {
        title: "Arbeitspapier zur Digitalisierung in der Stadtverwaltung",
        short_title: "Arbeitspapier Digitalisierung",
        scope: "Kernverwaltung",
        resolution_no: Some("567/24"),
        resolution_date: Some("2024-03-21"),
        body: Some("Stadtrat"),
        description: "Vom Stadtrat am 21.03.2024 einstimmig beschlossen (Beschluss-Nr. 567/24). \
            Das Arbeitspapier der AG „Digitalisierung der Verwaltung“ beschreibt einen Rahmen, \
            der ambitioniert, aber nicht überambitioniert ist. Der Finanz- und \
            Verwaltungsausschuss erhält halbjährlich eine Information zum Sachstand; notwendige \
            Haushaltsmittel werden in der Haushaltsplanung berücksichtigt.",
    },
    Programme {
        title: "Arbeitspapier Digitalisierung der Eigenbetriebe, der AKA und der Stadtwerke",
        short_title: "Papier Eigenbetriebe/AKA/SWA",
        scope: "Eigenbetriebe, AKA, Stadtwerke",
        resolution_no: None,
        resolution_date: None,
        body: None,
        description: "Gesondertes Papier für die Leistungen der Eigenbetriebe, der Aschersleber \
            Kulturanstalt und der Stadtwerke, wie im Beschluss 567/24 vorgesehen. Entwurf; die \
            Beschlussfassung im Stadtrat ist für das 1. Halbjahr 2027 geplant. Die Maßnahmen \
            werden in den Wirtschaftsplänen veranschlagt.",
    },
];

/// Revisions: programme index, version, date, summary, resolution reference.
#[rustfmt::skip]
const REVISIONS: &[(usize, &str, &str, &str, Option<&str>)] = &[
    (CORE, "1.0", "2024-03-21", "Vom Stadtrat einstimmig beschlossene Fassung mit sieben Handlungsfeldern und 43 Maßnahmen; enthält das seit 09/2022 in der AG Geleistete.", Some("Beschluss-Nr. 567/24")),
    (CORE, "1.1", "2025-11-20", "Fortschreibung nach Prüfung der Zielerreichung: Reifegradmodell 2.0 übernommen, drei Maßnahmen ergänzt (Urkundenbestellung online, Sondernutzungserlaubnis online, digitale Haushaltsplanung), Kita-Portal und Open Data zurückgestellt, erledigte Maßnahmen aus 2023 archiviert.", Some("Informationsvorlage IV/093/2025 (Kenntnisnahme FVA)")),
    (ENTERPRISES, "0.1", "2026-06-16", "Entwurf der AG mit den Betriebsleitungen von EBA, AKA und Stadtwerken: drei Handlungsfelder, fünf Maßnahmen.", None),
];

/// Fields of action: programme index, code, title (position = order within the programme).
#[rustfmt::skip]
const FIELDS: &[(usize, &str, &str)] = &[
    (CORE, "HF1", "Steuerung, Strategie und Organisation"),
    (CORE, "HF2", "Bürgerservice und Online-Dienste (OZG)"),
    (CORE, "HF3", "Interne Prozesse und E-Akte"),
    (CORE, "HF4", "Gremien, Transparenz und Beteiligung"),
    (CORE, "HF5", "IT-Infrastruktur und Arbeitsplatz"),
    (CORE, "HF6", "Informationssicherheit und Datenschutz"),
    (CORE, "HF7", "Personal und Kompetenzen"),
    (ENTERPRISES, "EB1", "Kundenservice und Online-Angebote"),
    (ENTERPRISES, "EB2", "Netze, Anlagen und Betriebstechnik"),
    (ENTERPRISES, "EB3", "Finanzen und interne Prozesse"),
];

struct Goal {
    field: &'static str,
    title: &'static str,
    indicator: &'static str,
    unit: &'static str,
    baseline: f64,
    target: f64,
    baseline_on: &'static str,
    target_on: &'static str,
}

/// Goals of the core programme; measures refer to them by index.
pub(super) const GOAL_ONLINE: usize = 0;
pub(super) const GOAL_E_INVOICE: usize = 1;
pub(super) const GOAL_AWARENESS: usize = 2;
pub(super) const GOAL_PAPER: usize = 3;

#[rustfmt::skip]
const GOALS: &[Goal] = &[
    Goal { field: "HF2", title: "Online verfügbare Leistungen", indicator: "Verwaltungsleistungen der Stadt, die online beantragt werden können (ab Reifegrad 2)", unit: "Anzahl", baseline: 17.0, target: 60.0, baseline_on: "2023-01-01", target_on: "2027-12-31" },
    Goal { field: "HF3", title: "Anteil E-Rechnungen", indicator: "Anteil der elektronisch eingegangenen Eingangsrechnungen an allen Eingangsrechnungen", unit: "%", baseline: 4.0, target: 80.0, baseline_on: "2023-12-31", target_on: "2027-12-31" },
    Goal { field: "HF6", title: "Beschäftigte mit Awareness-Schulung", indicator: "Anteil der Beschäftigten mit abgeschlossener Security-Awareness-Schulung", unit: "%", baseline: 0.0, target: 90.0, baseline_on: "2024-09-01", target_on: "2026-12-31" },
    Goal { field: "HF4", title: "Papierverbrauch Gremienarbeit", indicator: "Gedruckte Blätter für Sitzungsunterlagen von Stadtrat und Ausschüssen", unit: "Blatt/Jahr", baseline: 180_000.0, target: 40_000.0, baseline_on: "2023-12-31", target_on: "2027-12-31" },
];

/// Goal readings: goal index, date, value, note. Readings after `today` are skipped.
#[rustfmt::skip]
const READINGS: &[(usize, &str, f64, &str)] = &[
    (GOAL_ONLINE, "2023-12-31", 21.0, "Fundbüro und Gewerbe in der Online-Terminvergabe"),
    (GOAL_ONLINE, "2024-12-31", 27.0, "u. a. Hundesteuer online"),
    (GOAL_ONLINE, "2025-06-30", 31.0, ""),
    (GOAL_ONLINE, "2025-12-31", 36.0, "Zählung ab jetzt nach Reifegradmodell 2.0"),
    (GOAL_ONLINE, "2026-06-30", 41.0, "u. a. ePayment in zwei Diensten"),
    (GOAL_E_INVOICE, "2024-12-31", 11.0, "Empfang über die Landesplattform seit 12/2024"),
    (GOAL_E_INVOICE, "2025-06-30", 22.0, ""),
    (GOAL_E_INVOICE, "2025-12-31", 31.0, ""),
    (GOAL_E_INVOICE, "2026-06-30", 38.0, "Lieferanten aktiv angeschrieben"),
    (GOAL_AWARENESS, "2024-12-31", 8.0, "Pilot mit der EDV-Abteilung und dem Hauptamt"),
    (GOAL_AWARENESS, "2025-06-30", 41.0, ""),
    (GOAL_AWARENESS, "2025-12-31", 63.0, ""),
    (GOAL_AWARENESS, "2026-06-30", 71.0, ""),
    (GOAL_AWARENESS, "2026-09-30", 76.0, "Bürgerbüro und Bauwirtschaftshof unter 50 %"),
    (GOAL_PAPER, "2024-12-31", 171_400.0, ""),
    (GOAL_PAPER, "2025-12-31", 152_800.0, "Tablets erst ab 04/2026 im Einsatz"),
    (GOAL_PAPER, "2026-06-30", 61_300.0, "Halbjahreswert; hochgerechnet rund 120.000 Blatt"),
];

struct Expectation {
    title: &'static str,
    origin: &'static str,
    description: &'static str,
    raised_on: &'static str,
    recommendation: &'static str,
    decision: Option<&'static str>,
    decision_reason: &'static str,
    decided_on: Option<&'static str>,
}

/// The accepted expectation that became the measure "Mängelmelder".
pub(super) const EXPECTATION_DEFECT_REPORTS: usize = 1;

#[rustfmt::skip]
const EXPECTATIONS: &[Expectation] = &[
    Expectation {
        title: "Digitaler Bauantrag über die Stadt",
        origin: "Bürgerinnen und Bürger",
        description: "Mehrere Bauherren fragten im Bürgerbüro und per E-Mail, ob Bauanträge digital bei der Stadt eingereicht werden können.",
        raised_on: "2024-05-06",
        recommendation: "Nicht übernehmen: Zuständig ist die untere Bauaufsichtsbehörde des Landkreises. Die Stadt verlinkt den digitalen Bauantrag des Landkreises.",
        decision: Some("abgelehnt"),
        decision_reason: "Keine Zuständigkeit der Stadt, die Bauaufsicht liegt beim Landkreis. Der Hinweis auf das Angebot des Landkreises wird mit HF2-12 auf der Website ergänzt.",
        decided_on: Some("2024-06-18"),
    },
    Expectation {
        title: "Mängelmelder für Schäden im Stadtgebiet",
        origin: "Stadtrat (Antrag Fraktion)",
        description: "Bürgerinnen und Bürger sollen Straßenschäden, defekte Beleuchtung und wilden Müll online mit Foto und Standort melden können.",
        raised_on: "2025-06-12",
        recommendation: "Als Maßnahme in HF2 übernehmen; Standardlösung mit Anbindung an den Bauwirtschaftshof.",
        decision: Some("angenommen"),
        decision_reason: "Hoher Nutzen für Bürgerinnen und Bürger bei überschaubarem Aufwand; Mittel ab 2026 im Haushalt angemeldet.",
        decided_on: Some("2025-11-20"),
    },
    Expectation {
        title: "Selbstbedienungsterminal für biometrische Passbilder im Bürgerbüro",
        origin: "Bürgerbüro",
        description: "Antragstellende erfassen Lichtbild, Unterschrift und Fingerabdrücke an einem Terminal selbst; das verkürzt die Zeit am Schalter.",
        raised_on: "2025-02-03",
        recommendation: "Zurückstellen: Nutzen gegeben, Kosten im Haushaltskonsolidierungskonzept derzeit nicht darstellbar.",
        decision: Some("zurueckgestellt"),
        decision_reason: "Haushaltskonsolidierungskonzept 2026–2034. Erneute Prüfung zur Haushaltsplanung 2028, dann mit Angeboten im Mietmodell.",
        decided_on: Some("2025-05-13"),
    },
    Expectation {
        title: "Chatbot für die städtische Website",
        origin: "Pressestelle",
        description: "Ein Chatbot soll häufige Fragen zu Öffnungszeiten, Terminen und Zuständigkeiten rund um die Uhr beantworten.",
        raised_on: "2026-09-15",
        recommendation: "",
        decision: None,
        decision_reason: "",
        decided_on: None,
    },
];

/// Inserts programmes, revisions, fields, goals with readings and expectations.
pub(super) async fn insert(conn: &mut Conn, ctx: &Ctx) -> anyhow::Result<Programmes> {
    let mut ids = Vec::with_capacity(PROGRAMMES.len());
    for p in PROGRAMMES {
        let id = crate::db::query_scalar::<i64>(
            "INSERT INTO programmes (title, short_title, scope, resolution_no, resolution_date,
                                     body, description)
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(p.title)
        .bind(p.short_title)
        .bind(p.scope)
        .bind(p.resolution_no)
        .bind(p.resolution_date)
        .bind(p.body)
        .bind(p.description)
        .fetch_one(&mut *conn)
        .await?;
        ids.push(id);
    }

    for &(programme, version, revised_on, summary, resolution_ref) in REVISIONS {
        crate::db::query(
            "INSERT INTO revisions (programme_id, version, revised_on, summary, resolution_ref)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(ids[programme])
        .bind(version)
        .bind(revised_on)
        .bind(summary)
        .bind(resolution_ref)
        .execute(&mut *conn)
        .await?;
    }

    let mut fields = HashMap::new();
    for (programme, &programme_id) in ids.iter().enumerate() {
        let own = FIELDS.iter().filter(|f| f.0 == programme);
        for (position, &(_, code, title)) in (1_i64..).zip(own) {
            let id = crate::db::query_scalar::<i64>(
                "INSERT INTO fields (programme_id, code, title, position) VALUES (?, ?, ?, ?) RETURNING id",
            )
            .bind(programme_id)
            .bind(code)
            .bind(title)
            .bind(position)
            .fetch_one(&mut *conn)
            .await?;
            fields.insert(code, id);
        }
    }

    let goals = insert_goals(conn, ctx, ids[CORE], &fields).await?;
    let expectations = insert_expectations(conn, ids[CORE]).await?;
    Ok(Programmes {
        ids,
        fields,
        goals,
        expectations,
    })
}

async fn insert_goals(
    conn: &mut Conn,
    ctx: &Ctx,
    programme_id: i64,
    fields: &HashMap<&'static str, i64>,
) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(GOALS.len());
    for g in GOALS {
        let id = crate::db::query_scalar::<i64>(
            "INSERT INTO goals (programme_id, field_id, title, indicator, unit, baseline,
                                target_value, baseline_on, target_on)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(programme_id)
        .bind(id_of(fields, g.field, "Handlungsfeld")?)
        .bind(g.title)
        .bind(g.indicator)
        .bind(g.unit)
        .bind(g.baseline)
        .bind(g.target)
        .bind(g.baseline_on)
        .bind(g.target_on)
        .fetch_one(&mut *conn)
        .await?;
        ids.push(id);
    }
    let today = iso(ctx.today);
    // ISO dates compare correctly as text.
    for &(goal, read_on, value, note) in READINGS.iter().filter(|r| r.1 <= today.as_str()) {
        crate::db::query(
            "INSERT INTO goal_readings (goal_id, read_on, value, note) VALUES (?, ?, ?, ?)",
        )
        .bind(ids[goal])
        .bind(read_on)
        .bind(value)
        .bind(note)
        .execute(&mut *conn)
        .await?;
    }
    Ok(ids)
}

async fn insert_expectations(conn: &mut Conn, programme_id: i64) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(EXPECTATIONS.len());
    for e in EXPECTATIONS {
        let id = crate::db::query_scalar::<i64>(
            "INSERT INTO expectations (programme_id, title, origin, description, raised_on,
                                       recommendation, decision, decision_reason, decided_on)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(programme_id)
        .bind(e.title)
        .bind(e.origin)
        .bind(e.description)
        .bind(e.raised_on)
        .bind(e.recommendation)
        .bind(e.decision)
        .bind(e.decision_reason)
        .bind(e.decided_on)
        .fetch_one(&mut *conn)
        .await?;
        ids.push(id);
    }
    Ok(ids)
}
