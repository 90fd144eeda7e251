//! Demo measures of HF3 (internal processes, e-file), HF4 (council work, transparency) and HF5 (IT infrastructure).

use crate::demo::programme::{GOAL_E_INVOICE, GOAL_PAPER};
use crate::demo::spec::Kind::{Inv, Kon};
use crate::demo::spec::When::{On, Rel};
use crate::demo::spec::{BASE, Cost, Measure, Milestone, Risk, SignOff, Update};
use crate::domain::Ampel::{Gelb, Gruen, Rot};
use crate::domain::Priority::{Hoch, Mittel, Niedrig};
use crate::domain::SignOffState::{Erteilt, MitAuflagen, Offen};
use crate::domain::SignOffTrack::{Dsb, Isb, Pr};
use crate::domain::Status::{Abgeschlossen, Geplant, Umsetzung, Vorbereitung, Zurueckgestellt};

#[rustfmt::skip]
pub(super) const MEASURES: &[Measure] = &[
    // ------------------------------------------------------------ HF3 Interne Prozesse, E-Akte
    Measure {
        field: "HF3", unit: "Hauptamt", person: "orga2", priority: Hoch, effort: 60,
        planned: ("2024-06-01", "2025-12-31"), cost: Some(Cost(4_000, 0, Kon, 2025, 0)),
        title: "Einheitlicher Aktenplan für die Kernverwaltung",
        description: "Ein einheitlicher Aktenplan auf Grundlage des KGSt-Musters ordnet alle Vorgänge der Kernverwaltung. Er ist Voraussetzung für die E-Akte.",
        history: &[
            Update(On("2024-07-09"), Vorbereitung, Gruen, 10, "Muster-Aktenplan der KGSt als Grundlage gewählt.", "Entwurf erstellen."),
            Update(On("2025-02-25"), Umsetzung, Gruen, 40, "Entwurf mit neun Hauptgruppen erstellt; Abstimmung mit den Ämtern begonnen.", "Rückmeldungen der Ämter einholen."),
            Update(On("2025-12-16"), Umsetzung, Gelb, 60, "Fünf Ämter haben noch keine Rückmeldung gegeben; der Termin 12/2025 ist nicht zu halten.", "Dezernat I um Unterstützung bitten."),
            Update(Rel(-13), Umsetzung, Gelb, 70, "Drei weitere Rückmeldungen eingegangen; über die Inkraftsetzung muss Dezernat I entscheiden.", "Entscheidungsvorlage für Dezernat I."),
        ],
        risk: Some(Risk {
            blockers: "Rückmeldungen einzelner Ämter zum Aktenplanentwurf fehlen.",
            reason: "Die Ämter sehen den Aktenplan als Vorarbeit für die E-Akte, deren Vergabe wegen der Haushaltslage offen ist, und priorisieren das Tagesgeschäft.",
            options: "a) Verbindliche Frist durch Dezernat I setzen; b) Aktenplan ohne die fehlenden Rückmeldungen in Kraft setzen und später anpassen; c) Organisationssachbearbeiter unterstützen die Ämter vor Ort.",
        }),
        milestones: &[
            Milestone("Entwurf an die Ämter", On("2025-03-01"), Some(On("2025-02-25"))),
            Milestone("Aktenplan in Kraft", On("2025-12-31"), None),
        ],
        ..BASE
    },
    Measure {
        field: "HF3", unit: "EDV-Abteilung", person: "ledv", priority: Hoch, effort: 220,
        planned: ("2025-01-01", "2027-06-30"), cost: Some(Cost(120_000, 28_000, Inv, 2026, -50)),
        title: "DMS/E-Akte: Pilot in Hauptamt, Personal und Kämmerei",
        description: "Ein Dokumentenmanagementsystem mit E-Akte wird in drei Pilotbereichen eingeführt. Es ist Grundlage für durchgängig digitale Online-Dienste (Reifegrad ab 4) und mobiles Arbeiten.",
        history: &[
            Update(On("2025-02-11"), Vorbereitung, Gruen, 5, "Anforderungskatalog mit Hauptamt, Personal und Kämmerei erstellt.", "Markterkundung."),
            Update(On("2025-09-16"), Vorbereitung, Gruen, 15, "Markterkundung abgeschlossen; Kostenschätzung 120.000 € einmalig und 28.000 € jährlich.", "Mittel im Haushalt 2026 anmelden; Vergabe vorbereiten."),
            Update(On("2026-03-17"), Vorbereitung, Gelb, 20, "Haushalt 2026 mit Sperrvermerk genehmigt; nur die Hälfte der Mittel ist freigegeben.", "Aufhebung der Sperre beantragen."),
            Update(Rel(-5), Vorbereitung, Rot, 25, "Die Sperre ist nicht aufgehoben; ohne Entscheidung ist der Pilotstart 2027 nicht zu halten.", "Entscheidung in der gemeinsamen Quartalsberatung mit dem OB."),
        ],
        risk: Some(Risk {
            blockers: "Haushaltsmittel 2026 nur zur Hälfte freigegeben; der Zuschlag kann nicht erteilt werden.",
            reason: "Im Haushaltskonsolidierungskonzept wurden 60.000 € der für 2026 geplanten 120.000 € gesperrt; zudem fehlt in der EDV-Abteilung Personal für die Einführung.",
            options: "a) Pilot auf das Hauptamt beschränken und mit den verfügbaren Mitteln starten; b) Verpflichtungsermächtigung für 2027 beantragen und im Ganzen vergeben; c) Zuwendung nach EGovG LSA beantragen und den Start um ein Jahr verschieben.",
        }),
        sign_offs: &[
            SignOff(Dsb, MitAuflagen, "Löschfristen je Aktenplanposition hinterlegen; Zugriffskonzept vor dem Produktivbetrieb vorlegen.", Some(On("2026-03-10"))),
            SignOff(Isb, Offen, "Schutzbedarfsfeststellung und Betriebskonzept des Anbieters in Prüfung.", None),
            SignOff(Pr, Offen, "Mitbestimmung nach § 69 Nr. 2 PersVG LSA; der Entwurf der Dienstvereinbarung E-Akte liegt dem Personalrat vor.", None),
        ],
        milestones: &[
            Milestone("Anforderungskatalog abgestimmt", On("2025-03-31"), Some(On("2025-02-11"))),
            Milestone("Zuschlag erteilt", On("2026-06-30"), None),
        ],
        ..BASE
    },
    Measure {
        field: "HF3", unit: "Hauptamt", person: "lha", priority: Mittel, effort: 40,
        planned: ("2026-01-01", "2027-06-30"), cost: Some(Cost(25_000, 5_000, Inv, 2027, 0)),
        title: "Zentrale Scanstelle und ersetzendes Scannen (TR-RESISCAN)",
        description: "Eingehende Papierpost wird zentral gescannt und nach TR-RESISCAN ersetzend digitalisiert, damit die Ämter digital weiterarbeiten können.",
        history: &[
            Update(On("2026-02-10"), Vorbereitung, Gruen, 5, "Verfahrensdokumentation nach TR-RESISCAN begonnen.", "Raum und Geräte planen."),
            Update(Rel(-18), Vorbereitung, Gruen, 15, "Gemeinsame Ausschreibung mit der Nachbarstadt vorbereitet; Raum im Erdgeschoss des Rathauses vorgesehen.", "Kooperationsvereinbarung abschließen."),
        ],
        sign_offs: &[SignOff(Dsb, Erteilt, "Scanprozess mit Vier-Augen-Prüfung datenschutzrechtlich unbedenklich.", Some(On("2026-08-11")))],
        milestones: &[Milestone("Verfahrensdokumentation fertig", Rel(60), None)],
        ..BASE
    },
    Measure {
        field: "HF3", unit: "Amt 21", person: "l21", priority: Hoch, effort: 70,
        planned: ("2024-04-01", "2026-12-31"), cost: Some(Cost(38_000, 9_000, Inv, 2025, 18)), goals: &[GOAL_E_INVOICE],
        title: "E-Rechnung: Empfang über die Landesplattform, Eingangsworkflow und elektronische Anordnung",
        description: "E-Rechnungen kommen über die Plattform des Landes an, laufen digital durch Prüfung und Freigabe und werden elektronisch angeordnet – ohne Ausdrucken und erneutes Scannen.",
        history: &[
            Update(On("2024-05-07"), Vorbereitung, Gruen, 10, "Leitweg-ID beantragt; Anbindung an die E-Rechnungsplattform des Landes vorbereitet.", "Workflow-Modul der Finanzsoftware bestellen."),
            Update(On("2024-12-10"), Umsetzung, Gruen, 30, "E-Rechnungen werden über die Landesplattform empfangen; das Workflow-Modul ist bestellt.", "Workflow in Kämmerei und Hauptamt einführen."),
            Update(On("2025-10-21"), Umsetzung, Gruen, 55, "Eingangsworkflow in Kämmerei und Hauptamt produktiv; elektronische Anordnung im Test.", "Rollout auf alle Ämter."),
            Update(On("2026-09-29"), Umsetzung, Gelb, 60, "Nach einem Software-Update treten Fehlbuchungen auf; der Echtbetrieb ist teilweise ausgesetzt.", "Fehleranalyse mit dem Hersteller."),
            Update(Rel(-3), Umsetzung, Rot, 60, "Die Korrektur des Herstellers steht weiter aus; Mehrkosten von 18 % gegenüber dem Ansatz sind angefallen.", "Entscheidung über Mängelrüge und Rückfallverfahren."),
        ],
        risk: Some(Risk {
            blockers: "Das Workflow-Modul der Finanzsoftware bucht Anordnungen fehlerhaft; die Korrektur des Herstellers steht aus.",
            reason: "Seit dem Update 09/2026 werden elektronisch angeordnete Rechnungen teilweise doppelt in die Zahlungsliste übernommen; der Echtbetrieb ist außer in der Kämmerei ausgesetzt.",
            options: "a) Echtbetrieb bis zur Fehlerbehebung nur in der Kämmerei; b) Mängelrüge und Einbehalt der Restzahlung; c) Anordnung bis Q1/2027 wieder auf Papier.",
        }),
        sign_offs: &[
            SignOff(Isb, Erteilt, "Schnittstelle zur Landesplattform abgesichert.", Some(On("2025-05-20"))),
            SignOff(Pr, MitAuflagen, "Keine Auswertung von Bearbeitungszeiten einzelner Beschäftigter; Protokolldaten nach 90 Tagen löschen.", Some(On("2025-07-01"))),
        ],
        milestones: &[
            Milestone("Empfang über die Landesplattform", On("2024-12-01"), Some(On("2024-12-10"))),
            Milestone("Workflow in allen Ämtern", Rel(90), None),
        ],
        ..BASE
    },
    Measure {
        field: "HF3", unit: "Personal", person: "lpers", priority: Mittel, effort: 45,
        planned: ("2026-03-01", "2027-06-30"), cost: Some(Cost(28_000, 8_500, Inv, 2027, 0)),
        title: "Elektronische Personalakte und Bewerbermanagement",
        description: "Bewerbungen werden über ein Bewerberportal angenommen und bearbeitet; anschließend wird die Personalakte elektronisch geführt.",
        history: &[
            Update(On("2026-03-24"), Vorbereitung, Gruen, 5, "Bewerbermanagement als ersten Baustein ausgewählt; Anforderungen erhoben.", "Personalrat unterrichten."),
            Update(Rel(-7), Vorbereitung, Gruen, 15, "Personalrat unterrichtet; DSFA gemeinsam mit dem Datenschutzbeauftragten begonnen.", "DSFA abschließen; Markterkundung."),
        ],
        sign_offs: &[
            SignOff(Dsb, Offen, "DSFA erforderlich (Beschäftigtendaten); Entwurf in Arbeit.", None),
            SignOff(Pr, Offen, "Mitbestimmung nach § 69 Nr. 1 PersVG LSA; Unterrichtung erfolgt, Antrag folgt.", None),
        ],
        milestones: &[Milestone("DSFA abgeschlossen", Rel(55), None)],
        ..BASE
    },
    Measure {
        field: "HF3", unit: "Kämmerei", person: "lkaem", priority: Mittel, effort: 30,
        planned: ("2027-01-01", "2027-12-31"), cost: Some(Cost(18_000, 3_500, Kon, 2027, 0)),
        title: "Digitale Haushaltsplanung mit dezentraler Erfassung",
        description: "Die Ämter erfassen ihre Haushaltsansätze direkt im Finanzverfahren statt in Tabellen; die Kämmerei spart Übertragungsarbeit und Abstimmungsrunden.",
        history: &[
            Update(On("2025-11-20"), Geplant, Gruen, 0, "Mit der Fortschreibung 1.1 aufgenommen; Start mit der Haushaltsplanung 2028.", "Modul der Finanzsoftware anfragen."),
            Update(Rel(-21), Geplant, Gruen, 0, "Angebot für das Planungsmodul liegt vor; Mittel im Haushaltsentwurf 2027 angemeldet.", "Beschluss über den Haushalt 2027 abwarten."),
        ],
        ..BASE
    },
    Measure {
        field: "HF3", unit: "EDV-Abteilung", person: "ledv", priority: Niedrig, effort: 25,
        planned: ("2027-01-01", "2027-06-30"), cost: Some(Cost(6_000, 2_500, Kon, 2027, 0)),
        title: "Fernsignatur und elektronisches Siegel für Bescheide",
        description: "Bescheide werden mit Fernsignatur oder elektronischem Siegel versehen und über das Postfach zugestellt – vollständig ohne Papier.",
        history: &[
            Update(On("2024-03-21"), Geplant, Gruen, 0, "Mit dem Arbeitspapier beschlossen; abhängig von E-Akte und Servicekonto.", "Start nach dem E-Akte-Pilot."),
            Update(Rel(-21), Geplant, Gruen, 0, "Wegen der Verzögerung der E-Akte Start frühestens 2027.", "Anbieter von Fernsignaturdiensten vergleichen."),
        ],
        ..BASE
    },
    Measure {
        field: "HF3", unit: "EDV-Abteilung", person: "edv2", priority: Niedrig, effort: 30,
        planned: ("2026-01-01", "2027-12-31"), cost: Some(Cost(0, 2_000, Kon, 2026, 0)),
        title: "Low-Code-Formulare und kleine Fachanwendungen (Landesplattform)",
        description: "Interne Formulare wie Dienstreise- und Urlaubsantrag werden auf der Low-Code-Plattform des Landes digitalisiert, ohne eigene Softwareentwicklung.",
        history: &[
            Update(On("2026-01-20"), Vorbereitung, Gruen, 5, "Zugang zur Low-Code-Plattform des Landes beantragt.", "Ersten Anwendungsfall auswählen."),
            Update(On("2026-06-09"), Umsetzung, Gruen, 15, "Erstes Formular (Dienstreiseantrag) im Test.", "Dienstreiseantrag produktiv nehmen."),
            Update(Rel(-14), Umsetzung, Gruen, 25, "Dienstreiseantrag produktiv; der Urlaubsantrag ist in Arbeit.", "Freigabe des ISB für Formulare mit Personaldaten einholen."),
        ],
        sign_offs: &[SignOff(Isb, Offen, "Freigabe der Landesplattform für interne Formulare mit personenbezogenen Daten steht aus.", None)],
        milestones: &[Milestone("Dienstreiseantrag digital", On("2026-09-30"), Some(On("2026-10-05")))],
        ..BASE
    },
    // ------------------------------------------------------------ HF4 Gremien, Transparenz
    Measure {
        field: "HF4", unit: "Stadtratsbüro", person: "lsrb", priority: Hoch, effort: 40,
        planned: ("2025-01-01", "2026-09-30"), cost: Some(Cost(24_000, 6_500, Inv, 2025, 0)), goals: &[GOAL_PAPER],
        title: "Digitale Gremienarbeit: Ratsinformationssystem-App und Tablets",
        description: "Stadträte und sachkundige Einwohner erhalten Tablets mit der App des Ratsinformationssystems; Einladungen und Unterlagen werden elektronisch bereitgestellt.",
        history: &[
            Update(On("2025-02-04"), Vorbereitung, Gruen, 10, "Bedarf abgefragt: 33 Stadträte und 12 sachkundige Einwohner.", "Beschaffung vorbereiten."),
            Update(On("2025-10-14"), Umsetzung, Gruen, 40, "45 Tablets beschafft; App im Test mit dem Finanz- und Verwaltungsausschuss.", "Änderung der Geschäftsordnung vorbereiten."),
            Update(On("2026-06-23"), Umsetzung, Gelb, 60, "Der Stadtrat hat die Änderung der Geschäftsordnung vertagt.", "Beschlussvorlage erneut einbringen."),
            Update(Rel(-10), Umsetzung, Gelb, 70, "38 Tablets ausgegeben; die elektronische Ladung erfolgt weiterhin nur zusätzlich zum Papier.", "Geschäftsordnung in der nächsten Sitzungsrunde beschließen lassen."),
        ],
        risk: Some(Risk {
            blockers: "Die Änderung der Geschäftsordnung zur elektronischen Ladung ist noch nicht beschlossen.",
            reason: "Der Stadtrat hat die Änderung in die nächste Sitzungsrunde vertagt; bis dahin müssen Ladungen weiterhin auch auf Papier versandt werden.",
            options: "a) Papierversand parallel fortführen; b) freiwilligen Papierverzicht je Mandatsträger erklären lassen; c) Ausgabe der restlichen Tablets bis zum Beschluss aussetzen.",
        }),
        sign_offs: &[SignOff(Dsb, Erteilt, "Nutzungsvereinbarung für Mandatsträger abgestimmt.", Some(On("2026-02-17")))],
        milestones: &[
            Milestone("Tablets ausgegeben", On("2026-03-31"), Some(On("2026-04-21"))),
            Milestone("Geschäftsordnung geändert", Rel(24), None),
        ],
        ..BASE
    },
    Measure {
        field: "HF4", unit: "Stadtratsbüro", person: "lsrb", priority: Mittel, effort: 15,
        planned: ("2026-01-01", "2027-06-30"), cost: Some(Cost(2_000, 900, Kon, 2026, 0)), goals: &[GOAL_PAPER],
        title: "Elektronische Einladung und Amtsblatt online",
        description: "Die Hauptsatzung wird so geändert, dass öffentliche Bekanntmachungen und das Amtsblatt rechtswirksam im Internet erscheinen; Porto und Druck entfallen weitgehend.",
        history: &[
            Update(On("2026-02-03"), Vorbereitung, Gruen, 5, "Änderung der Hauptsatzung zur Bekanntmachungsform vorbereitet.", "Entwurf mit der Kommunalaufsicht abstimmen."),
            Update(Rel(-17), Vorbereitung, Gruen, 20, "Der Entwurf der Hauptsatzungsänderung liegt der Kommunalaufsicht zur Vorprüfung vor; das Amtsblatt-Archiv ist digitalisiert.", "Beschlussvorlage für den Stadtrat."),
        ],
        milestones: &[Milestone("Hauptsatzungsänderung im Stadtrat", Rel(80), None)],
        ..BASE
    },
    Measure {
        field: "HF4", unit: "Hauptamt", person: "sbdig", priority: Niedrig, effort: 25,
        planned: ("2025-01-01", "2026-12-31"), cost: Some(Cost(0, 1_500, Kon, 2026, 0)),
        title: "Open Data: Haushalt, Ratsinformationen (OParl) und Geodaten",
        description: "Ausgewählte Datensätze werden über ein regionales Open-Data-Portal veröffentlicht, statt ein eigenes Portal zu betreiben.",
        history: &[
            Update(On("2025-03-04"), Vorbereitung, Gruen, 10, "Erste Datensätze ausgewählt; Anfrage an das regionale Open-Data-Portal gestellt.", "Datenqualität der Haushaltsdaten prüfen."),
            Update(On("2025-11-20"), Zurueckgestellt, Gruen, 10, "Mit der Fortschreibung 1.1 zurückgestellt: Die Kapazität der Sachbearbeitung Digitalisierung wird für OZG und E-Akte gebraucht.", "Wiedervorlage bei der nächsten Fortschreibung."),
            Update(Rel(-20), Zurueckgestellt, Gruen, 10, "Weiterhin zurückgestellt; die OParl-Schnittstelle des Ratsinformationssystems ist ohne Aufwand nutzbar.", "Wiedervorlage bei der nächsten Fortschreibung."),
        ],
        milestones: &[Milestone("Datensätze ausgewählt", On("2025-03-31"), Some(On("2025-03-04")))],
        ..BASE
    },
    Measure {
        field: "HF4", unit: "Pressestelle", person: "press", priority: Mittel, effort: 8,
        planned: ("2024-04-01", "2024-09-30"),
        title: "Online-Bürgerbeteiligung über das Beteiligungsportal des Landes",
        description: "Formelle und informelle Beteiligungen werden über das seit 01.04.2024 kostenfreie Beteiligungsportal des Landes durchgeführt.",
        history: &[
            Update(On("2024-04-16"), Umsetzung, Gruen, 40, "Zugang zum kostenfreien Beteiligungsportal des Landes eingerichtet.", "Erste Beteiligung vorbereiten."),
            Update(On("2024-09-10"), Abgeschlossen, Gruen, 100, "Erste Online-Beteiligung (Spielplatzkonzept) mit 412 Beiträgen durchgeführt.", ""),
        ],
        sign_offs: &[SignOff(Dsb, Erteilt, "Datenschutzhinweise für Beteiligungsverfahren abgestimmt.", Some(On("2024-04-09")))],
        ..BASE
    },
    // ------------------------------------------------------------ HF5 IT-Infrastruktur
    Measure {
        field: "HF5", unit: "EDV-Abteilung", person: "ledv", priority: Mittel, effort: 45,
        planned: ("2026-04-01", "2027-03-31"), cost: Some(Cost(42_000, 4_500, Inv, 2026, 0)),
        title: "WLAN in Verwaltungsgebäuden und Gäste-WLAN im Sitzungssaal",
        description: "Rathaus und Verwaltungsgebäude erhalten flächendeckend WLAN, der Sitzungssaal zusätzlich ein getrenntes Gästenetz für die digitale Gremienarbeit.",
        history: &[
            Update(On("2026-04-28"), Vorbereitung, Gruen, 5, "Ausleuchtungsplanung für Rathaus und Verwaltungsgebäude beauftragt.", "Ergebnis der Ausleuchtung abwarten."),
            Update(Rel(-6), Vorbereitung, Gruen, 20, "Ausleuchtung abgeschlossen: 38 Access Points erforderlich; die Ausschreibung ist vorbereitet.", "Ausschreibung veröffentlichen."),
        ],
        sign_offs: &[
            SignOff(Isb, Offen, "Trennung von Verwaltungs- und Gästenetz im Sicherheitskonzept nachweisen.", None),
            SignOff(Pr, Erteilt, "Zustimmung nach § 69 Nr. 6 PersVG LSA (betriebliches Kommunikationsnetz).", Some(On("2026-07-07"))),
        ],
        milestones: &[
            Milestone("Ausleuchtung abgeschlossen", On("2026-08-31"), Some(On("2026-09-15"))),
            Milestone("Sitzungssaal mit WLAN", Rel(70), None),
        ],
        ..BASE
    },
    Measure {
        field: "HF5", unit: "EDV-Abteilung", person: "ledv", priority: Hoch, effort: 90,
        planned: ("2025-07-01", "2027-06-30"), cost: Some(Cost(55_000, 7_500, Inv, 2026, 0)),
        title: "Mobile Arbeit: Notebooks, Docking und VPN mit Mehr-Faktor-Anmeldung",
        description: "Geeignete Arbeitsplätze werden in Tranchen auf Notebooks mit Dockingstation umgestellt; der Zugang von außen erfolgt über VPN mit Mehr-Faktor-Anmeldung.",
        history: &[
            Update(On("2025-07-15"), Vorbereitung, Gruen, 10, "Bedarf abgefragt: 95 Arbeitsplätze sind für mobile Arbeit geeignet.", "Dienstvereinbarung mit dem Personalrat verhandeln."),
            Update(On("2025-10-21"), Umsetzung, Gruen, 25, "Dienstvereinbarung Mobile Arbeit unterzeichnet; die ersten 20 Notebooks sind ausgegeben.", "Zweite Tranche beschaffen."),
            Update(On("2026-05-05"), Umsetzung, Gruen, 35, "Zweite Tranche mit 25 Geräten ausgegeben; VPN mit Mehr-Faktor-Anmeldung produktiv.", "Dritte Tranche bestellen."),
            Update(Rel(-9), Umsetzung, Gruen, 45, "52 von 95 Arbeitsplätzen umgestellt; die dritte Tranche ist bestellt.", "Dritte Tranche ausgeben."),
        ],
        sign_offs: &[
            SignOff(Dsb, Erteilt, "Regelungen zum Arbeiten außerhalb der Dienststelle in die Dienstvereinbarung aufgenommen.", Some(On("2025-09-16"))),
            SignOff(Isb, MitAuflagen, "Mehr-Faktor-Anmeldung für alle VPN-Zugänge verpflichtend; Festplattenverschlüsselung.", Some(On("2025-09-02"))),
            SignOff(Pr, Erteilt, "Dienstvereinbarung Mobile Arbeit abgeschlossen (§ 69 Nr. 4 PersVG LSA).", Some(On("2025-10-14"))),
        ],
        milestones: &[
            Milestone("Dienstvereinbarung unterzeichnet", On("2025-10-14"), Some(On("2025-10-14"))),
            Milestone("Dritte Tranche ausgegeben", Rel(100), None),
        ],
        ..BASE
    },
    Measure {
        field: "HF5", unit: "EDV-Abteilung", person: "ledv", priority: Mittel, effort: 12,
        planned: ("2024-01-01", "2024-06-30"), cost: Some(Cost(2_500, 4_800, Kon, 2024, 0)),
        title: "Videokonferenzen datenschutzkonform ermöglichen",
        description: "Eine datenschutzkonforme Videokonferenzlösung eines kommunalen Dienstleisters ersetzt Dienstfahrten zu Besprechungen.",
        history: &[
            Update(On("2024-02-06"), Umsetzung, Gruen, 30, "Open-Source-Lösung eines kommunalen Dienstleisters ausgewählt.", "Besprechungsräume ausstatten."),
            Update(On("2024-06-18"), Abgeschlossen, Gruen, 100, "Videokonferenzen für alle Ämter verfügbar; 14 Besprechungsräume ausgestattet.", ""),
        ],
        sign_offs: &[
            SignOff(Dsb, MitAuflagen, "Nur Server in Deutschland; keine Aufzeichnung ohne Einwilligung.", Some(On("2024-03-05"))),
            SignOff(Isb, Erteilt, "Betrieb im Rechenzentrum des Dienstleisters; Schutzbedarf normal.", Some(On("2024-03-05"))),
            SignOff(Pr, Erteilt, "Keine Auswertung von Teilnahmedaten.", Some(On("2024-04-09"))),
        ],
        ..BASE
    },
    Measure {
        field: "HF5", unit: "EDV-Abteilung", person: "ledv", priority: Hoch, effort: 60,
        planned: ("2026-01-01", "2026-12-31"), cost: Some(Cost(68_000, 9_000, Inv, 2026, 9)),
        title: "Server- und Backup-Modernisierung mit Offline-Sicherung",
        description: "Server und Speicher werden erneuert; eine unveränderbare Offline-Sicherung schützt vor Datenverlust durch Ransomware.",
        history: &[
            Update(On("2026-01-27"), Vorbereitung, Gruen, 10, "Vergabe der Server- und Speicherhardware vorbereitet.", "Zuschlag erteilen."),
            Update(On("2026-05-12"), Umsetzung, Gruen, 35, "Hardware geliefert; Mehrkosten durch gestiegene Speicherpreise.", "Virtualisierung migrieren."),
            Update(Rel(-4), Umsetzung, Gruen, 70, "Virtualisierung migriert; die Offline-Sicherung läuft, der Wiederherstellungstest ist bestanden.", "Altsysteme abschalten."),
        ],
        sign_offs: &[SignOff(Isb, Erteilt, "Sicherungskonzept mit unveränderbarer Sicherung freigegeben.", Some(On("2026-02-24")))],
        milestones: &[
            Milestone("Hardware geliefert", On("2026-04-30"), Some(On("2026-05-08"))),
            Milestone("Altsysteme abgeschaltet", Rel(30), None),
        ],
        ..BASE
    },
    Measure {
        field: "HF5", unit: "EDV-Abteilung", person: "ledv", priority: Mittel, effort: 50,
        planned: ("2027-01-01", "2027-06-30"), cost: Some(Cost(38_000, 4_000, Inv, 2027, 0)),
        title: "Telefonanlage auf VoIP/SIP umstellen",
        description: "Die Telefonanlage, deren Herstellerunterstützung 2027 endet, wird durch eine VoIP-Lösung mit SIP-Anschluss ersetzt.",
        history: &[
            Update(On("2024-03-21"), Geplant, Gruen, 0, "Mit dem Arbeitspapier beschlossen; die Herstellerunterstützung der Telefonanlage endet 2027.", "Markterkundung 2026."),
            Update(Rel(-22), Geplant, Gruen, 0, "Markterkundung vorgezogen; Angebote werden im 1. Quartal 2027 erwartet.", "Personalrat unterrichten."),
        ],
        sign_offs: &[SignOff(Pr, Offen, "Mitbestimmung nach § 69 Nr. 2 PersVG LSA (Verbindungsdaten); Unterrichtung vorgesehen.", None)],
        ..BASE
    },
    Measure {
        field: "HF5", unit: "EDV-Abteilung", person: "edv1", priority: Niedrig, effort: 6,
        planned: ("2023-01-01", "2023-06-30"), archived: Some(On("2025-11-20")),
        title: "Faxgeräte durch Fax-to-Mail ersetzen",
        description: "Eingehende Faxe werden als E-Mail in die Funktionspostfächer der Ämter zugestellt; die Faxgeräte entfallen. Mit der Fortschreibung 1.1 archiviert.",
        history: &[
            Update(On("2023-02-14"), Umsetzung, Gruen, 40, "23 Faxgeräte erfasst; Fax-to-Mail für die zentrale Nummer eingerichtet.", "Durchwahlen der Ämter umstellen."),
            Update(On("2023-06-27"), Abgeschlossen, Gruen, 100, "Alle Faxgeräte abgebaut; eingehende Faxe landen im Funktionspostfach des Amtes.", ""),
        ],
        ..BASE
    },
];
