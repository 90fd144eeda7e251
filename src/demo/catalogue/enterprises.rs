//! Demo measures of the separate paper of the municipal enterprises, the AKA and the Stadtwerke (EB1–EB3).

use crate::demo::spec::Kind::{Inv, Kon};
use crate::demo::spec::When::{On, Rel};
use crate::demo::spec::{BASE, Cost, Measure, Milestone, Risk, SignOff, Update};
use crate::domain::Ampel::{Gelb, Gruen};
use crate::domain::Priority::{Hoch, Mittel};
use crate::domain::SignOffState::{Erteilt, Offen};
use crate::domain::SignOffTrack::Dsb;
use crate::domain::Status::{Geplant, Umsetzung, Vorbereitung};

#[rustfmt::skip]
pub(super) const MEASURES: &[Measure] = &[
    Measure {
        field: "EB1", unit: "AKA", person: "laka", priority: Mittel, effort: 20,
        planned: ("2025-09-01", "2026-12-31"), cost: Some(Cost(6_000, 2_400, Kon, 2026, 0)),
        title: "Online-Ticketing für Veranstaltungen der AKA",
        description: "Karten für Veranstaltungen der Aschersleber Kulturanstalt werden online verkauft und an der Abendkasse digital geprüft.",
        history: &[
            Update(On("2025-10-14"), Vorbereitung, Gruen, 10, "Ticketing-Anbieter mit Anbindung an die Kassensysteme verglichen.", "Vertrag abschließen."),
            Update(On("2026-04-07"), Umsetzung, Gruen, 40, "Online-Verkauf für die Sommerbühne gestartet.", "Abonnements einbeziehen."),
            Update(Rel(-9), Umsetzung, Gruen, 60, "38 % der Karten werden online verkauft; die Abo-Verwaltung folgt.", "Abo-Verwaltung umstellen."),
        ],
        sign_offs: &[SignOff(Dsb, Erteilt, "AV-Vertrag mit dem Ticketing-Anbieter geprüft.", Some(On("2026-02-03")))],
        milestones: &[Milestone("Start Online-Verkauf", On("2026-04-01"), Some(On("2026-04-07")))],
        ..BASE
    },
    Measure {
        field: "EB1", unit: "SWA", person: "lswa", priority: Hoch, effort: 45,
        planned: ("2026-01-01", "2027-06-30"), cost: Some(Cost(48_000, 9_500, Inv, 2026, 0)),
        title: "Kundenportal der Stadtwerke (Abschläge, Zählerstände, Verträge)",
        description: "Kundinnen und Kunden ändern Abschläge, melden Zählerstände und verwalten Verträge online.",
        history: &[
            Update(On("2026-02-10"), Vorbereitung, Gruen, 10, "Anforderungen aus Kundensicht gesammelt.", "Schnittstelle zum Abrechnungssystem klären."),
            Update(Rel(-12), Vorbereitung, Gelb, 20, "Die Schnittstelle des Abrechnungssystems ist erst 2027 verfügbar.", "Varianten bewerten."),
        ],
        risk: Some(Risk {
            blockers: "Die Schnittstelle zum Abrechnungssystem ist nicht spezifiziert.",
            reason: "Der Dienstleister des Abrechnungssystems stellt die Schnittstelle erst nach dessen Versionswechsel 2027 bereit.",
            options: "a) Portal zunächst nur für Zählerstände; b) Start auf 2027 verschieben; c) Anbieterwechsel im Zuge der Ausschreibung prüfen.",
        }),
        sign_offs: &[SignOff(Dsb, Offen, "Datenschutzkonzept des Portals in Prüfung.", None)],
        milestones: &[Milestone("Leistungsbeschreibung fertig", Rel(30), None)],
        ..BASE
    },
    Measure {
        field: "EB2", unit: "SWA", person: "lswa", priority: Mittel, effort: 60,
        planned: ("2025-01-01", "2028-12-31"), cost: Some(Cost(150_000, 6_000, Inv, 2025, 0)),
        title: "Digitale Zählerablesung (Funkwasserzähler)",
        description: "Wasserzähler werden gebietsweise gegen Funkzähler getauscht; die Ablesung erfolgt per Fahrzeug ohne Zutritt zu den Wohnungen.",
        history: &[
            Update(On("2025-02-18"), Umsetzung, Gruen, 10, "Pilotgebiet Altstadt mit 600 Funkwasserzählern ausgestattet.", "Erste Funkablesung."),
            Update(On("2025-11-25"), Umsetzung, Gruen, 25, "Ablesung im Pilotgebiet per Fahrzeug; Ablesequote 99,6 %.", "Zweites Gebiet ausstatten."),
            Update(Rel(-14), Umsetzung, Gruen, 35, "Zweites Gebiet mit 1.100 Zählern ausgestattet.", "Tauschplanung 2027."),
        ],
        milestones: &[Milestone("Pilotgebiet ausgestattet", On("2025-03-31"), Some(On("2025-02-18")))],
        ..BASE
    },
    Measure {
        field: "EB2", unit: "EBA", person: "leba", priority: Hoch, effort: 50,
        planned: ("2024-04-01", "2026-12-31"), cost: Some(Cost(32_000, 4_000, Inv, 2024, 0)),
        title: "Kanalkataster im GIS",
        description: "Das Kanalnetz wird mit Zustandsdaten aus der Kamerabefahrung im Geoinformationssystem geführt; Sanierungen werden danach priorisiert.",
        history: &[
            Update(On("2024-05-14"), Umsetzung, Gruen, 15, "GIS-Fachschale Kanal beschafft; Übernahme der Bestandspläne begonnen.", "Kamerabefahrungen einspielen."),
            Update(On("2025-06-24"), Umsetzung, Gruen, 55, "70 % der Haltungen mit Zustandsdaten erfasst.", "Restliche Haltungen erfassen."),
            Update(Rel(-7), Umsetzung, Gruen, 80, "92 % der Haltungen erfasst; Sanierungsprioritäten 2027 aus dem Kataster abgeleitet.", "Abschluss der Erfassung."),
        ],
        milestones: &[Milestone("Erfassung abgeschlossen", Rel(35), None)],
        ..BASE
    },
    Measure {
        field: "EB3", unit: "EBA", person: "leba", priority: Mittel, effort: 20,
        planned: ("2027-01-01", "2027-09-30"), cost: Some(Cost(8_000, 1_500, Kon, 2027, 0)),
        title: "E-Rechnung im Eigenbetrieb Abwasserentsorgung",
        description: "Der Eigenbetrieb übernimmt den Rechnungseingangsworkflow der Kernverwaltung, sobald dieser stabil läuft.",
        history: &[
            Update(On("2026-06-16"), Geplant, Gruen, 0, "Mit dem Entwurf des Papiers aufgenommen.", "Stabilisierung des Workflows in der Kernverwaltung abwarten."),
            Update(Rel(-12), Geplant, Gruen, 0, "Start wegen der Probleme im Workflow der Kernverwaltung frühestens 2027.", "Wirtschaftsplan 2027 anpassen."),
        ],
        ..BASE
    },
];
