//! Demo measures of HF6 (information security, data protection) and HF7 (staff and skills).

use crate::demo::programme::GOAL_AWARENESS;
use crate::demo::spec::Kind::Kon;
use crate::demo::spec::When::{On, Rel};
use crate::demo::spec::{BASE, Cost, Measure, Milestone, Risk, SignOff, Update};
use crate::domain::Ampel::{Gelb, Gruen, Rot};
use crate::domain::Priority::{Hoch, Mittel};
use crate::domain::SignOffState::{Erteilt, MitAuflagen};
use crate::domain::SignOffTrack::{Dsb, Isb, Pr};
use crate::domain::Status::{Abgeschlossen, Geplant, Umsetzung, Vorbereitung};

#[rustfmt::skip]
pub(super) const MEASURES: &[Measure] = &[
    // ------------------------------------------------------------ HF6 Informationssicherheit
    Measure {
        field: "HF6", unit: "Informationssicherheit", person: "isb", priority: Hoch, effort: 80,
        planned: ("2024-06-01", "2026-06-30"), cost: Some(Cost(35_000, 8_000, Kon, 2025, 0)),
        title: "ISMS nach IT-Grundschutz-Profil „Basisabsicherung Kommunalverwaltung“",
        description: "Mit Leitlinie, Sicherheitskonzept und Basisabsicherung nach dem IT-Grundschutz-Profil für Kommunen wird ein Informationssicherheitsmanagement aufgebaut. Es ist Voraussetzung für E-Akte, mobile Arbeit und Cloud-Dienste.",
        history: &[
            Update(On("2024-06-25"), Vorbereitung, Gruen, 10, "Informationssicherheitsleitlinie vom Oberbürgermeister unterzeichnet.", "Strukturanalyse beginnen."),
            Update(On("2025-04-08"), Umsetzung, Gruen, 25, "Strukturanalyse und Schutzbedarfsfeststellung für 64 Fachverfahren abgeschlossen.", "Externe Beratung für die Sicherheitskonzeption ausschreiben."),
            Update(On("2026-02-10"), Umsetzung, Gelb, 35, "Die Ausschreibung der Beratung wurde ohne wirtschaftliches Angebot aufgehoben.", "Neuausschreibung vorbereiten."),
            Update(Rel(-5), Umsetzung, Rot, 40, "Termin 06/2026 überschritten; die Basisabsicherung ist ohne externe Unterstützung nicht vor Ende 2027 erreichbar.", "Entscheidung über die Optionen in der gemeinsamen Quartalsberatung."),
        ],
        risk: Some(Risk {
            blockers: "Die Beratungsleistung für die Sicherheitskonzeption ist nicht vergeben; der ISB hat nur eine halbe Stelle.",
            reason: "Die Ausschreibung blieb ohne wirtschaftliches Angebot. Die Basisabsicherung ist Voraussetzung für E-Akte, mobile Arbeit und die Auflagen der Cyberversicherung.",
            options: "a) Neuausschreibung mit reduziertem Leistungsumfang; b) Sicherheitskonzept einer Partnerkommune nachnutzen; c) ISB-Stelle ab 2027 auf eine volle Stelle aufstocken.",
        }),
        milestones: &[
            Milestone("Leitlinie in Kraft", On("2024-06-30"), Some(On("2024-06-25"))),
            Milestone("Sicherheitskonzept Basisabsicherung", Rel(150), None),
        ],
        ..BASE
    },
    Measure {
        field: "HF6", unit: "Informationssicherheit", person: "isb", priority: Hoch, effort: 25,
        planned: ("2024-09-01", "2027-12-31"), cost: Some(Cost(1_500, 12_500, Kon, 2025, 0)), goals: &[GOAL_AWARENESS],
        title: "Security-Awareness-Training und Phishing-Simulation",
        description: "Alle rund 250 Beschäftigten absolvieren E-Learning-Module zur Informationssicherheit; Phishing-Simulationen werden nur auf Amtsebene ausgewertet.",
        history: &[
            Update(On("2024-12-10"), Vorbereitung, Gruen, 10, "Anbieter ausgewählt; Ergänzung der Dienstvereinbarung mit dem Personalrat abgestimmt.", "E-Learning freischalten."),
            Update(On("2025-05-20"), Umsetzung, Gruen, 35, "E-Learning für alle 250 Beschäftigten freigeschaltet; erste Phishing-Simulation mit einer Klickrate von 14 %.", "Zweite Simulation im Herbst."),
            Update(On("2026-03-03"), Umsetzung, Gruen, 55, "Schulungsquote 66 %; Klickrate in der zweiten Simulation 8 %.", "Ämter mit niedriger Quote ansprechen."),
            Update(Rel(-11), Umsetzung, Gelb, 65, "Schulungsquote 76 %; Bürgerbüro und Bauwirtschaftshof liegen unter 50 %.", "Präsenzschulungen für Ämter mit Publikumsverkehr planen."),
        ],
        risk: Some(Risk {
            blockers: "Die Schulungsquote liegt in zwei Bereichen unter 50 %.",
            reason: "Beschäftigte mit Publikumsverkehr oder im Außendienst finden keine Zeit für die E-Learning-Module; die Zielquote von 90 % bis Ende 2026 ist gefährdet.",
            options: "a) Schulungszeit fest im Dienstplan einplanen; b) Präsenzschulungen für Bürgerbüro und Bauwirtschaftshof; c) Zieltermin auf 06/2027 verschieben.",
        }),
        sign_offs: &[
            SignOff(Dsb, Erteilt, "Nur aggregierte Auswertung; keine Speicherung individueller Klickdaten.", Some(On("2024-11-05"))),
            SignOff(Pr, MitAuflagen, "Phishing-Simulation nur mit Auswertung auf Amtsebene (mindestens 10 Personen), § 69 Nr. 2 PersVG LSA.", Some(On("2024-12-03"))),
        ],
        milestones: &[
            Milestone("Erste Phishing-Simulation", On("2025-05-15"), Some(On("2025-05-13"))),
            Milestone("Schulungsquote 90 %", On("2026-12-31"), None),
        ],
        ..BASE
    },
    Measure {
        field: "HF6", unit: "Kämmerei", person: "lkaem", priority: Mittel, effort: 8,
        planned: ("2024-01-01", "2024-12-31"), cost: Some(Cost(0, 15_500, Kon, 2025, 0)),
        title: "Cyberversicherung abschließen",
        description: "Eine Cyberversicherung überträgt das finanzielle Restrisiko eines Sicherheitsvorfalls; die Mindestanforderungen des Versicherers fließen in HF5 und HF6 ein.",
        history: &[
            Update(On("2024-03-12"), Vorbereitung, Gruen, 10, "Risikofragebogen der Versicherer gemeinsam mit dem ISB ausgefüllt.", "Angebote einholen."),
            Update(On("2024-09-24"), Umsetzung, Gruen, 60, "Zwei Angebote erhalten; Deckungssumme 2 Mio. €.", "Vergabe."),
            Update(On("2024-12-17"), Abgeschlossen, Gruen, 100, "Cyberversicherung ab 01.01.2025 abgeschlossen; Jahresprämie 15.500 €.", ""),
        ],
        sign_offs: &[SignOff(Isb, Erteilt, "Mindestanforderungen des Versicherers (Mehr-Faktor-Anmeldung, Offline-Sicherung) als Auflagen übernommen.", Some(On("2024-10-22")))],
        milestones: &[Milestone("Vertrag unterzeichnet", On("2024-12-31"), Some(On("2024-12-17")))],
        ..BASE
    },
    Measure {
        field: "HF6", unit: "Informationssicherheit", person: "isb", priority: Hoch, effort: 35,
        planned: ("2026-01-01", "2027-06-30"), cost: Some(Cost(12_000, 1_500, Kon, 2026, 0)),
        title: "IT-Notfallhandbuch und Wiederanlaufplanung mit Übung",
        description: "Für die kritischen Verfahren werden Notfall- und Wiederanlaufpläne erstellt und in einer Übung erprobt.",
        history: &[
            Update(On("2026-02-17"), Vorbereitung, Gruen, 10, "Kritische Geschäftsprozesse mit den Ämtern bestimmt (u. a. Meldewesen, Stadtkasse, Standesamt).", "Wiederanlaufpläne erstellen."),
            Update(Rel(-12), Vorbereitung, Gruen, 25, "Wiederanlaufpläne für 6 von 14 kritischen Verfahren erstellt; Notfallübung für 03/2027 geplant.", "Restliche Pläne erstellen."),
        ],
        milestones: &[Milestone("Notfallübung", Rel(110), None)],
        ..BASE
    },
    Measure {
        field: "HF6", unit: "Datenschutz", person: "dsb", priority: Hoch, effort: 40,
        planned: ("2023-01-01", "2027-12-31"),
        title: "Datenschutz-Grundgerüst: Verarbeitungsverzeichnis, DSFA-Verfahren und AV-Verträge",
        description: "Das Verzeichnis der Verarbeitungstätigkeiten wird vollständig gepflegt, DSFA werden nach einem einheitlichen Verfahren durchgeführt und AV-Verträge für Cloud- und EfA-Dienste zentral erfasst.",
        history: &[
            Update(On("2023-03-28"), Umsetzung, Gruen, 15, "Muster für VVT-Einträge und DSFA-Schwellwertprüfung eingeführt.", "VVT mit den Ämtern aktualisieren."),
            Update(On("2024-06-11"), Umsetzung, Gruen, 40, "VVT für 48 von 64 Verfahren aktualisiert.", "AV-Verträge erfassen."),
            Update(On("2025-08-26"), Umsetzung, Gruen, 60, "AV-Verträge für alle EfA-Dienste und Cloud-Leistungen erfasst.", "VVT vervollständigen."),
            Update(Rel(-37), Umsetzung, Gruen, 70, "VVT vollständig; das DSFA-Verfahren ist in die Beteiligungs-Checkliste der AG übernommen.", "Jährliche Überprüfung einrichten."),
        ],
        milestones: &[Milestone("VVT vollständig", On("2026-09-30"), Some(Rel(-40)))],
        ..BASE
    },
    // ------------------------------------------------------------ HF7 Personal, Kompetenzen
    Measure {
        field: "HF7", unit: "Personal", person: "lpers", priority: Mittel, effort: 30,
        planned: ("2024-01-01", "2027-12-31"), cost: Some(Cost(0, 9_000, Kon, 2024, 0)), goals: &[GOAL_AWARENESS],
        title: "Schulungsprogramm digitale Kompetenzen",
        description: "Schulungen zu E-Akte, Office, Online-Diensten und Informationssicherheit werden als Präsenz- und E-Learning-Angebote für alle Beschäftigten organisiert.",
        history: &[
            Update(On("2024-02-27"), Umsetzung, Gruen, 10, "Schulungsbedarf je Amt erhoben; die E-Learning-Plattform des Landes ist nutzbar.", "Schulungsplan 2024 aufstellen."),
            Update(On("2025-06-17"), Umsetzung, Gruen, 35, "Schulungen zu Office und Online-Diensten mit 120 Teilnehmenden durchgeführt.", "Schulungskonzept E-Akte vorbereiten."),
            Update(Rel(-15), Umsetzung, Gruen, 50, "Schulungskonzept E-Akte steht; Start mit dem Pilot.", "Termine mit den Pilotämtern abstimmen."),
        ],
        sign_offs: &[SignOff(Pr, Erteilt, "Unterrichtung erfolgt; Schulungen finden in der Arbeitszeit statt.", Some(On("2024-02-20")))],
        milestones: &[Milestone("Schulungskonzept E-Akte", Rel(45), None)],
        ..BASE
    },
    Measure {
        field: "HF7", unit: "Hauptamt", person: "orga1", priority: Mittel, effort: 25,
        planned: ("2025-03-01", "2026-12-31"),
        title: "Digitallotsen in jedem Amt",
        description: "In jedem Amt unterstützt eine benannte Person als Digitallotse die Einführung neuer Verfahren und gibt Rückmeldungen an die AG.",
        history: &[
            Update(On("2025-03-18"), Vorbereitung, Gruen, 10, "Rollenbeschreibung Digitallotse erstellt; Amtsleitungen um Benennung gebeten.", "Benennungen einholen."),
            Update(On("2025-09-09"), Umsetzung, Gruen, 30, "Elf Digitallotsen benannt; erstes Vernetzungstreffen durchgeführt.", "Vierteljährliche Treffen einrichten."),
            Update(Rel(-45), Umsetzung, Gruen, 40, "Die Digitallotsen unterstützen die Einführung der Online-Dienste; Austausch vierteljährlich.", "Einbindung in die E-Akte-Schulungen."),
        ],
        sign_offs: &[SignOff(Pr, Erteilt, "Unterrichtung nach § 69 Nr. 3 PersVG LSA; Tätigkeit mit 5 % der Arbeitszeit.", Some(On("2025-05-13")))],
        milestones: &[Milestone("Digitallotsen benannt", On("2025-06-30"), Some(On("2025-09-09")))],
        ..BASE
    },
    Measure {
        field: "HF7", unit: "Personal", person: "lpers", priority: Mittel, effort: 20,
        planned: ("2026-01-01", "2028-12-31"), cost: Some(Cost(0, 18_000, Kon, 2027, 0)),
        title: "IT-Nachwuchs: duales Studium und Ausbildung Fachinformatik",
        description: "Ab 2027 bildet die Stadt jährlich eine Fachinformatikerin oder einen Fachinformatiker aus und bietet in Kooperation mit einer Hochschule der Region ein duales Studium an.",
        history: &[
            Update(On("2026-02-24"), Geplant, Gruen, 0, "Kooperation mit der Hochschule Harz angefragt.", "Ausbildungsplatz im Stellenplan anmelden."),
            Update(Rel(-21), Vorbereitung, Gruen, 20, "Ausbildungsplatz ab 08/2027 im Stellenplanentwurf; die Ausschreibung für Januar 2027 ist vorbereitet.", "Ausschreibung veröffentlichen."),
        ],
        milestones: &[Milestone("Ausschreibung des Ausbildungsplatzes", Rel(40), None)],
        ..BASE
    },
];
