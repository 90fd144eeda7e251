//! Demo measures of HF1 (steering, strategy, organisation) and HF2 (citizen services, OZG online services).

use crate::demo::programme::{EXPECTATION_DEFECT_REPORTS, GOAL_ONLINE};
use crate::demo::spec::Kind::{Inv, Kon};
use crate::demo::spec::When::{On, Rel};
use crate::demo::spec::{BASE, Cost, Measure, Milestone, Ozg, Risk, SignOff, Update};
use crate::domain::Ampel::{Gelb, Gruen};
use crate::domain::Priority::{Hoch, Mittel, Niedrig};
use crate::domain::SignOffState::{Erteilt, MitAuflagen, NichtErforderlich, Offen};
use crate::domain::SignOffTrack::{Dsb, Isb, Pr};
use crate::domain::Status::{
    Abgeschlossen, Geplant, Umsetzung, Verworfen, Vorbereitung, Zurueckgestellt,
};

#[rustfmt::skip]
pub(super) const MEASURES: &[Measure] = &[
    // ------------------------------------------------------------ HF1 Steuerung, Strategie
    Measure {
        field: "HF1", unit: "Hauptamt", person: "sbdig", priority: Hoch, effort: 45,
        planned: ("2022-10-01", "2026-12-31"), cost: Some(Cost(8_000, 1_500, Kon, 2025, 0)),
        title: "Arbeitspapier fortschreiben und Maßnahmencontrolling einführen",
        description: "Das Arbeitspapier wird regelmäßig auf Zielerreichung geprüft und fortgeschrieben. Ein Maßnahmencontrolling liefert die halbjährliche Sachstandsinformation an den Finanz- und Verwaltungsausschuss.",
        history: &[
            Update(On("2023-03-14"), Umsetzung, Gruen, 20, "Bestandsaufnahme der AG abgeschlossen; der Entwurf des Arbeitspapiers mit sieben Handlungsfeldern liegt vor.", "Entwurf mit Dezernat I und den Amtsleitungen abstimmen."),
            Update(On("2024-03-22"), Umsetzung, Gruen, 45, "Der Stadtrat hat das Arbeitspapier am 21.03.2024 einstimmig beschlossen (Beschluss-Nr. 567/24).", "Erste Sachstandsinformation an den Finanz- und Verwaltungsausschuss vorbereiten."),
            Update(On("2025-11-20"), Umsetzung, Gruen, 70, "Fortschreibung 1.1 erstellt: Reifegradmodell 2.0 übernommen, drei Maßnahmen ergänzt, zwei zurückgestellt.", "Maßnahmencontrolling in der Anwendung Sachstand produktiv nehmen."),
            Update(Rel(-6), Umsetzung, Gruen, 85, "Alle Maßnahmen sind in Sachstand erfasst; die Sachstandsabfrage für das 2. Halbjahr 2026 läuft.", "Sachstandsinformation 2. Halbjahr 2026 für den Finanz- und Verwaltungsausschuss erstellen."),
        ],
        milestones: &[
            Milestone("Beschluss des Stadtrates", On("2024-03-21"), Some(On("2024-03-21"))),
            Milestone("Sachstandsinformation 2. Halbjahr 2026 an den FVA", Rel(45), None),
        ],
        ..BASE
    },
    Measure {
        field: "HF1", unit: "Hauptamt", person: "orga1", priority: Hoch, effort: 80,
        planned: ("2024-01-01", "2026-12-31"), cost: Some(Cost(6_000, 0, Kon, 2025, 0)),
        title: "Prozesslandkarte und Aufnahme der 30 wichtigsten Prozesse (BPMN)",
        description: "Die Organisation erstellt eine Prozesslandkarte der Kernverwaltung und modelliert die 30 wichtigsten Prozesse mit dem Modellierungswerkzeug des Landes. Medienbrüche werden als Grundlage für E-Akte und Online-Dienste dokumentiert.",
        history: &[
            Update(On("2024-02-06"), Vorbereitung, Gruen, 5, "Modellierungswerkzeug des Landes beantragt; Modellierungskonventionen abgestimmt.", "Schulung der beiden Organisationssachbearbeiter."),
            Update(On("2024-09-17"), Umsetzung, Gruen, 25, "Prozesslandkarte mit 142 Prozessen erstellt; Top-30 nach Fallzahl priorisiert.", "Erste zehn Prozesse im Bürgerbüro und Standesamt aufnehmen."),
            Update(On("2025-10-08"), Umsetzung, Gruen, 45, "18 von 30 Prozessen modelliert und mit den Fachämtern abgenommen; Medienbrüche dokumentiert.", "Rechnungseingang der Kämmerei aufnehmen."),
            Update(Rel(-52), Umsetzung, Gruen, 55, "21 Prozesse abgenommen, darunter der Rechnungseingang als Grundlage für die E-Rechnung.", "Restliche neun Prozesse bis zum Jahresende modellieren."),
        ],
        milestones: &[
            Milestone("Prozesslandkarte abgestimmt", On("2024-09-30"), Some(On("2024-09-17"))),
            Milestone("30 Prozesse modelliert", Rel(32), None),
        ],
        ..BASE
    },
    Measure {
        field: "HF1", unit: "Personal", person: "lpers", priority: Hoch, effort: 10,
        planned: ("2023-01-01", "2025-06-30"),
        title: "Stelle Sachbearbeitung Digitalisierung verstetigen",
        description: "Die zunächst befristete Stelle der Sachbearbeitung Digitalisierung wird unbefristet in den Stellenplan übernommen. Sie ist zentrale Ansprechstelle für die Ämter und führt die AG.",
        history: &[
            Update(On("2023-05-09"), Vorbereitung, Gruen, 20, "Stellenbeschreibung und Bewertung der Stelle erstellt.", "Aufnahme in den Stellenplan 2025 beantragen."),
            Update(On("2024-11-26"), Umsetzung, Gruen, 70, "Die Stelle ist im Entwurf des Stellenplans 2025 unbefristet ausgewiesen.", "Beschluss über den Haushalt 2025 abwarten."),
            Update(On("2025-04-15"), Abgeschlossen, Gruen, 100, "Haushalt 2025 genehmigt; die Stelle ist unbefristet besetzt.", ""),
        ],
        milestones: &[Milestone("Stellenplan 2025 beschlossen", On("2025-03-31"), Some(On("2025-03-27")))],
        ..BASE
    },
    Measure {
        field: "HF1", unit: "EDV-Abteilung", person: "ledv", priority: Mittel, effort: 25,
        planned: ("2023-02-01", "2023-09-30"), cost: Some(Cost(0, 1_200, Kon, 2024, 0)),
        title: "IT-Inventar und Lizenzmanagement (Fachverfahrenskataster)",
        description: "Alle Arbeitsplätze, Fachverfahren und Lizenzverträge werden mit Laufzeiten und Kosten erfasst. Das Kataster ist Grundlage für Kostentransparenz und Aufwand-Nutzen-Bewertungen.",
        history: &[
            Update(On("2023-03-07"), Umsetzung, Gruen, 30, "Inventarisierung der 260 Arbeitsplätze mit dem vorhandenen Inventarwerkzeug begonnen.", "Fachverfahren und Lizenzverträge je Amt erfassen."),
            Update(On("2023-07-11"), Umsetzung, Gruen, 75, "Fachverfahrenskataster mit 64 Verfahren erstellt; Laufzeiten und Kosten ergänzt.", "Abgleich mit den Vertragsunterlagen der Kämmerei."),
            Update(On("2023-10-10"), Abgeschlossen, Gruen, 100, "Kataster und Lizenzübersicht fertig; die Pflege ist Daueraufgabe der EDV-Abteilung.", ""),
        ],
        sign_offs: &[SignOff(Pr, NichtErforderlich, "Keine Leistungs- oder Verhaltenskontrolle der Beschäftigten.", Some(On("2023-03-01")))],
        milestones: &[Milestone("Fachverfahrenskataster fertig", On("2023-09-30"), Some(On("2023-10-10")))],
        ..BASE
    },
    Measure {
        field: "HF1", unit: "Hauptamt", person: "sbdig", priority: Mittel, effort: 20,
        planned: ("2023-01-01", "2027-12-31"), cost: Some(Cost(0, 3_500, Kon, 2024, 0)),
        title: "Landesangebote und interkommunale Zusammenarbeit nutzen",
        description: "Kostenfreie Basisdienste des Landes, der Marktplatz für EfA-Leistungen und die Zusammenarbeit mit Nachbarkommunen werden vor jeder Eigenentwicklung geprüft.",
        history: &[
            Update(On("2023-06-20"), Umsetzung, Gruen, 15, "Übersicht der kostenfreien Basisdienste des Landes erstellt (Elektronische Poststelle, ePayment, Beteiligungsportal, Prozessmodellierung).", "Am Erfahrungsaustausch der OZG-Koordination des Landes teilnehmen."),
            Update(On("2024-10-01"), Umsetzung, Gruen, 35, "Nachnutzung von drei Landesdiensten vereinbart; Austausch mit zwei Nachbarkommunen zur E-Akte begonnen.", "Low-Code-Plattform des Landes prüfen."),
            Update(Rel(-41), Umsetzung, Gruen, 50, "Kooperationsvereinbarung mit der Nachbarstadt zur gemeinsamen Ausschreibung der Scanstelle im Entwurf.", "Entwurf mit Dezernat I abstimmen."),
        ],
        milestones: &[Milestone("Kooperationsvereinbarung Scanstelle unterzeichnet", Rel(60), None)],
        ..BASE
    },
    // ------------------------------------------------------------ HF2 Bürgerservice, OZG
    Measure {
        field: "HF2", unit: "Hauptamt", person: "sbdig", priority: Hoch, effort: 35,
        planned: ("2022-10-01", "2023-06-30"), goals: &[GOAL_ONLINE],
        title: "OZG-Leistungsinventur nach LeiKa mit Fallzahlen und Priorisierung",
        description: "Alle kommunalen Verwaltungsleistungen werden dem Leistungskatalog (LeiKa) zugeordnet, mit Fallzahlen versehen und nach Fallzahl und Nutzen priorisiert.",
        history: &[
            Update(On("2023-01-24"), Umsetzung, Gruen, 30, "Abfrage an alle Ämter versandt; 212 kommunale Leistungen dem LeiKa zugeordnet.", "Fallzahlen 2022 je Leistung nachfordern."),
            Update(On("2023-04-18"), Umsetzung, Gelb, 60, "Fallzahlen aus vier Ämtern fehlen; die Priorisierung verzögert sich.", "Fehlende Fallzahlen in der Amtsleiterrunde ansprechen."),
            Update(On("2023-07-04"), Abgeschlossen, Gruen, 100, "Leistungsinventur abgeschlossen; 38 Leistungen mit hoher Priorität festgelegt.", ""),
        ],
        risk: Some(Risk {
            blockers: "Fallzahlen aus vier Ämtern fehlen.",
            reason: "Die Ämter haben die Abfrage wegen Urlaubszeit und Jahresabschluss nicht fristgerecht beantwortet.",
            options: "a) Frist bis 15.05. verlängern; b) Fallzahlen aus der Vorjahresstatistik schätzen; c) Priorisierung zunächst ohne diese Ämter beschließen.",
        }),
        milestones: &[Milestone("Priorisierung von der AG beschlossen", On("2023-06-30"), Some(On("2023-07-04")))],
        ..BASE
    },
    Measure {
        field: "HF2", unit: "EDV-Abteilung", person: "ledv", priority: Hoch, effort: 40,
        planned: ("2024-04-01", "2026-06-30"), cost: Some(Cost(8_000, 1_500, Kon, 2025, 0)), goals: &[GOAL_ONLINE],
        title: "Anbindung an das Servicekonto des Landes und die DeutschlandID",
        description: "Die Online-Dienste der Stadt werden an die Online-Service-Infrastruktur des Landes angebunden: Anmeldung mit DeutschlandID, Postfach als Rückkanal für Bescheide.",
        history: &[
            Update(On("2024-05-14"), Vorbereitung, Gruen, 10, "Anbindungsantrag beim Land gestellt; Leitfaden zur Anbindung kommunaler Online-Dienste ausgewertet.", "Testmandant beantragen."),
            Update(On("2025-03-11"), Umsetzung, Gruen, 40, "Testmandant eingerichtet; der Rückkanal über das Postfach funktioniert im Test.", "Produktivtermin mit dem Landesdienstleister vereinbaren."),
            Update(On("2026-04-21"), Umsetzung, Gelb, 65, "Der Landesdienstleister hat den Produktivtermin wegen der Umstellung auf die DeutschlandID verschoben.", "Neuen Termin über die OZG-Koordination erfragen."),
            Update(Rel(-9), Umsetzung, Gelb, 75, "Anmeldung mit DeutschlandID funktioniert im Test; der Produktivtermin ist weiter offen.", "Entscheidung über den Weiterbetrieb mit dem bisherigen Nutzerkonto herbeiführen."),
        ],
        risk: Some(Risk {
            blockers: "Termin für die Produktivschaltung beim Landesdienstleister steht aus.",
            reason: "Der Landesdienstleister hat die Anbindung der Kommunen wegen der Umstellung auf die DeutschlandID neu terminiert; die geplante Produktivnahme 06/2026 ist nicht zu halten.",
            options: "a) Testbetrieb mit dem bisherigen Landes-Nutzerkonto fortführen; b) Go-live auf Q1/2027 verschieben und Folgemaßnahmen anpassen; c) Eskalation über die OZG-Koordination des Landes.",
        }),
        sign_offs: &[
            SignOff(Dsb, Erteilt, "AV-Vertrag mit dem Landesdienstleister geprüft; VVT-Eintrag angelegt.", Some(On("2024-11-12"))),
            SignOff(Isb, Erteilt, "Schutzbedarf normal; Anbindung über das Landesnetz.", Some(On("2025-02-04"))),
        ],
        milestones: &[
            Milestone("Testmandant eingerichtet", On("2025-03-01"), Some(On("2025-03-11"))),
            Milestone("Produktivschaltung", On("2026-06-30"), None),
        ],
        ..BASE
    },
    Measure {
        field: "HF2", unit: "Ordnungsamt", person: "lord", priority: Mittel, effort: 30,
        planned: ("2025-01-01", "2026-12-31"), cost: Some(Cost(3_000, 1_800, Kon, 2025, 0)), goals: &[GOAL_ONLINE],
        ozg: Some(Ozg("99097001001000", "2.0", 3)),
        title: "EfA-Online-Dienste des Ordnungsamtes nachnutzen (Fundsachen, Veranstaltungsanzeige)",
        description: "Statt eigener Entwicklungen nutzt das Ordnungsamt fertige EfA-Dienste über den Marktplatz nach. Die Anträge gehen strukturiert im Fachverfahren ein.",
        history: &[
            Update(On("2025-02-18"), Vorbereitung, Gruen, 10, "Nachnutzung über den Marktplatz für EfA-Leistungen beantragt.", "AV-Vertrag dem Datenschutzbeauftragten vorlegen."),
            Update(On("2025-07-08"), Umsetzung, Gruen, 35, "Fundsachen-Dienst angebunden; Veranstaltungsanzeige im Test.", "Fundsachen-Dienst auf der Website veröffentlichen."),
            Update(Rel(-12), Umsetzung, Gruen, 60, "Fundsachen online seit 09/2025 mit 140 Meldungen; die Veranstaltungsanzeige geht im Dezember in Betrieb.", "Veranstalter über den neuen Online-Dienst informieren."),
        ],
        sign_offs: &[SignOff(Dsb, MitAuflagen, "AV-Vertrag nur mit Ergänzung zur Löschfrist; VVT aktualisieren.", Some(On("2025-06-10")))],
        milestones: &[
            Milestone("Fundsachen online", On("2025-09-01"), Some(On("2025-09-03"))),
            Milestone("Veranstaltungsanzeige produktiv", Rel(20), None),
        ],
        ..BASE
    },
    Measure {
        field: "HF2", unit: "Bürgerbüro", person: "lbb", priority: Mittel, effort: 15,
        planned: ("2023-03-01", "2023-12-31"), cost: Some(Cost(0, 2_400, Kon, 2024, 0)),
        title: "Online-Terminvergabe auf Standesamt, Gewerbe und Fundbüro ausweiten",
        description: "Die seit 07/2022 für 17 Leistungen des Einwohnermeldeamts genutzte Online-Terminvergabe wird auf weitere publikumsstarke Bereiche ausgeweitet.",
        history: &[
            Update(On("2023-03-21"), Umsetzung, Gruen, 20, "17 Leistungen des Einwohnermeldeamts sind online buchbar; Erweiterung beim Anbieter beauftragt.", "Leistungen und Zeitfenster mit Standesamt und Gewerbe abstimmen."),
            Update(On("2023-09-12"), Umsetzung, Gruen, 70, "Standesamt und Gewerbe sind online buchbar; das Fundbüro folgt.", "Fundbüro anbinden."),
            Update(On("2024-01-16"), Abgeschlossen, Gruen, 100, "Online-Terminvergabe für 29 Leistungen in vier Bereichen in Betrieb; die Wartezeit im Bürgerbüro ist deutlich gesunken.", ""),
        ],
        sign_offs: &[SignOff(Dsb, Erteilt, "Datenschutzhinweise der Terminbuchung ergänzt.", Some(On("2023-05-16")))],
        milestones: &[Milestone("Standesamt online buchbar", On("2023-09-01"), Some(On("2023-08-29")))],
        ..BASE
    },
    Measure {
        field: "HF2", unit: "Amt 21", person: "l21", priority: Hoch, effort: 30,
        planned: ("2024-09-01", "2026-12-31"), cost: Some(Cost(4_000, 2_000, Kon, 2025, 0)), goals: &[GOAL_ONLINE],
        title: "E-Payment in den Online-Diensten (ePayment des Landes)",
        description: "Gebührenpflichtige Online-Dienste werden an das ePayment des Landes angebunden; die Zahlungen werden automatisch in der Stadtkasse verbucht.",
        history: &[
            Update(On("2024-10-15"), Vorbereitung, Gruen, 10, "Nutzungsvereinbarung ePayment unterzeichnet; Buchungsschnittstelle zur Finanzsoftware geklärt.", "Testzugang einrichten."),
            Update(On("2025-06-03"), Umsetzung, Gruen, 45, "ePayment für Urkundenbestellung und Fundsachen im Test; die Kassenbuchung läuft automatisiert.", "Produktivnahme im ersten Dienst."),
            Update(Rel(-15), Umsetzung, Gruen, 80, "ePayment in zwei Online-Diensten produktiv; die tägliche Abgleichsdatei wird automatisch verbucht.", "Weitere gebührenpflichtige Dienste anbinden."),
        ],
        sign_offs: &[SignOff(Dsb, Erteilt, "AV-Vertrag zum ePayment geprüft.", Some(On("2025-04-08")))],
        milestones: &[
            Milestone("Erster Dienst mit ePayment produktiv", On("2025-10-01"), Some(On("2025-10-14"))),
            Milestone("Alle gebührenpflichtigen Online-Dienste angebunden", Rel(32), None),
        ],
        ..BASE
    },
    Measure {
        field: "HF2", unit: "Ordnungsamt", person: "lord", priority: Hoch, effort: 35,
        planned: ("2025-01-01", "2026-09-30"), cost: Some(Cost(7_500, 2_000, Kon, 2026, 0)), goals: &[GOAL_ONLINE],
        ozg: Some(Ozg("99050012104000", "2.0", 2)),
        title: "Gewerbean-, -um- und -abmeldung online (EfA, XGewerbeanzeige)",
        description: "Gewerbeanzeigen werden über den EfA-Dienst online angenommen und per XGewerbeanzeige ohne Abtippen in das Gewerbe-Fachverfahren übernommen.",
        history: &[
            Update(On("2025-03-25"), Vorbereitung, Gruen, 15, "Nachnutzung des EfA-Dienstes Gewerbeanzeige beantragt.", "Formularfelder mit dem Fachverfahren abgleichen."),
            Update(On("2025-11-04"), Umsetzung, Gruen, 35, "Online-Dienst im Test; Formularfelder mit dem Fachverfahren abgeglichen.", "Schnittstellenmodul beim Hersteller abrufen."),
            Update(On("2026-07-14"), Umsetzung, Gelb, 45, "Der Hersteller kündigt das Schnittstellenmodul erst für 2027 an.", "Varianten für einen Start ohne Schnittstelle bewerten."),
            Update(Rel(-8), Umsetzung, Gelb, 50, "Die AG empfiehlt den Start ohne Schnittstelle; die Entscheidung von Dezernat I steht aus.", "Entscheidungsvorlage in der gemeinsamen Quartalsberatung."),
        ],
        risk: Some(Risk {
            blockers: "Die Schnittstelle des Gewerbe-Fachverfahrens für XGewerbeanzeige ist nicht freigeschaltet.",
            reason: "Der Hersteller liefert das Modul erst mit dem Release im 1. Quartal 2027; Online-Anzeigen müssten bis dahin manuell übertragen werden.",
            options: "a) Online-Dienst ohne Schnittstelle starten und Daten manuell erfassen (ca. 3 Personentage im Monat); b) Start bis zum Release verschieben; c) Schnittstellenmodul vorziehen (Mehrkosten ca. 4.000 €).",
        }),
        sign_offs: &[SignOff(Dsb, Offen, "AV-Vertrag mit dem Betreiber des EfA-Dienstes liegt zur Prüfung vor.", None)],
        milestones: &[
            Milestone("Online-Dienst im Test", On("2025-11-01"), Some(On("2025-11-04"))),
            Milestone("Produktivstart", On("2026-09-30"), None),
        ],
        ..BASE
    },
    Measure {
        field: "HF2", unit: "Steueramt", person: "lst", priority: Mittel, effort: 15,
        planned: ("2023-09-01", "2024-06-30"), cost: Some(Cost(4_000, 900, Kon, 2024, 15)), goals: &[GOAL_ONLINE],
        ozg: Some(Ozg("99018006001000", "1.1", 3)),
        title: "Hundesteuer An- und Abmeldung online",
        description: "Hundehalterinnen und Hundehalter melden Hunde online an und ab; die Daten werden in das Steuerverfahren importiert.",
        history: &[
            Update(On("2023-10-10"), Vorbereitung, Gruen, 15, "Formular-Assistent des Landes ausgewählt; Gebührenfreiheit geklärt.", "Importschnittstelle zum Steuerverfahren beauftragen."),
            Update(On("2024-02-20"), Umsetzung, Gruen, 60, "Online-Dienst im Test; Übernahme in das Steuerverfahren per Import.", "Go-live und Hinweis im Amtsblatt."),
            Update(On("2024-06-25"), Abgeschlossen, Gruen, 100, "Hundesteuer An- und Abmeldung online verfügbar (Reifegrad 3); 31 % der Anmeldungen kommen bereits online.", ""),
        ],
        sign_offs: &[SignOff(Dsb, Erteilt, "VVT-Eintrag ergänzt.", Some(On("2024-02-13")))],
        milestones: &[Milestone("Go-live", On("2024-06-01"), Some(On("2024-06-03")))],
        ..BASE
    },
    Measure {
        field: "HF2", unit: "Standesamt", person: "lsta", priority: Mittel, effort: 20,
        planned: ("2026-01-01", "2026-12-31"), cost: Some(Cost(5_000, 1_200, Kon, 2026, 0)), goals: &[GOAL_ONLINE],
        ozg: Some(Ozg("99036003061000", "2.0", 2)),
        title: "Urkundenbestellung im Standesamt online",
        description: "Geburts-, Ehe- und Sterbeurkunden können online bestellt und bezahlt werden; der Versand erfolgt per Post, der Bescheid über das Postfach.",
        history: &[
            Update(On("2025-11-20"), Geplant, Gruen, 0, "Mit der Fortschreibung 1.1 aufgenommen; abhängig von Servicekonto und ePayment.", "EfA-Dienst auswählen."),
            Update(On("2026-05-19"), Vorbereitung, Gruen, 15, "EfA-Dienst Personenstandsurkunden ausgewählt; Gebührenkatalog für das ePayment hinterlegt.", "Testzugang beantragen."),
            Update(Rel(-11), Vorbereitung, Gruen, 25, "Testzugang beantragt; der Rückkanal über das Postfach hängt an der Servicekonto-Anbindung.", "Test mit ePayment nach Einrichtung des Zugangs."),
        ],
        sign_offs: &[SignOff(Dsb, Offen, "Prüfung, ob die Identifizierung per DeutschlandID für Personenstandsurkunden ausreicht.", None)],
        milestones: &[Milestone("Testzugang eingerichtet", Rel(25), None)],
        ..BASE
    },
    Measure {
        field: "HF2", unit: "Bürgerbüro", person: "lbb", priority: Hoch, effort: 30,
        planned: ("2025-04-01", "2026-10-31"), cost: Some(Cost(6_000, 2_500, Kon, 2025, 0)), goals: &[GOAL_ONLINE],
        ozg: Some(Ozg("99115005001000", "2.0", 3)),
        title: "Meldebescheinigung und Wohnsitzanmeldung digital (EfA)",
        description: "Die Meldebescheinigung und die elektronische Wohnsitzanmeldung werden über EfA-Dienste angeboten. Bei rund 4.800 An- und Ummeldungen im Jahr entlastet das die Schalter spürbar.",
        history: &[
            Update(On("2025-05-06"), Vorbereitung, Gruen, 10, "Anbindung an den EfA-Dienst beantragt; Fallzahlen (ca. 4.800 An- und Ummeldungen im Jahr) ausgewertet.", "DSFA-Schwellwertprüfung mit dem Datenschutzbeauftragten."),
            Update(On("2025-12-02"), Umsetzung, Gruen, 35, "Meldebescheinigung online im Test; die Zahlung über ePayment funktioniert.", "Update des Meldeverfahrens auf die neue XMeld-Version einplanen."),
            Update(On("2026-09-08"), Umsetzung, Gelb, 50, "Das XMeld-Update verzögert sich; die elektronische Wohnsitzanmeldung kann nicht wie geplant starten.", "Meldebescheinigung online vorziehen."),
            Update(Rel(-4), Umsetzung, Gelb, 55, "Meldebescheinigung online seit Oktober produktiv; die Wohnsitzanmeldung wartet auf das Update.", "Termin für das XMeld-Update festlegen."),
        ],
        risk: Some(Risk {
            blockers: "Das Update des Meldeverfahrens auf die neue XMeld-Version verzögert sich.",
            reason: "Die elektronische Wohnsitzanmeldung setzt die aktuelle XMeld-Version voraus; das Update des Fachverfahrens ist erst nach dem Jahreswechsel einspielbar.",
            options: "a) Meldebescheinigung online allein weiterbetreiben; b) Gesamtstart auf Q2/2027 verschieben; c) Update außerhalb des Wartungsfensters einspielen (Bürgerbüro einen Tag geschlossen).",
        }),
        sign_offs: &[SignOff(Dsb, Erteilt, "DSFA-Schwellwertprüfung: keine DSFA erforderlich; AV-Vertrag geprüft.", Some(On("2025-08-19")))],
        milestones: &[
            Milestone("Meldebescheinigung online produktiv", On("2026-10-01"), Some(On("2026-10-06"))),
            Milestone("Elektronische Wohnsitzanmeldung produktiv", Rel(75), None),
        ],
        ..BASE
    },
    Measure {
        field: "HF2", unit: "Bildung/Soziales", person: "lbs", priority: Mittel, effort: 60,
        planned: ("2025-01-01", "2026-06-30"), cost: Some(Cost(55_000, 9_000, Inv, 2026, 0)),
        ozg: Some(Ozg("99102002001000", "2.0", 1)),
        title: "Kita-Anmeldung und Platzvergabe über ein Elternportal",
        description: "Eltern melden ihren Betreuungsbedarf online für alle Einrichtungen an; Doppelanmeldungen entfallen und die Bedarfsplanung erhält verlässliche Zahlen.",
        history: &[
            Update(On("2024-11-19"), Geplant, Gruen, 0, "Anforderungen mit den freien Trägern abgestimmt; Markterkundung gestartet.", "Anbieterpräsentationen organisieren."),
            Update(On("2025-04-29"), Vorbereitung, Gruen, 10, "Drei Anbieter präsentiert; Kosten ca. 55.000 € einmalig und 9.000 € jährlich.", "Aufwand-Nutzen-Bewertung in der AG."),
            Update(On("2025-09-23"), Zurueckgestellt, Gruen, 10, "Mit Blick auf das Haushaltskonsolidierungskonzept 2026–2034 zurückgestellt; Wiedervorlage zur Haushaltsplanung 2028.", "Landesangebote für die Kita-Platzvergabe beobachten."),
            Update(Rel(-19), Zurueckgestellt, Gruen, 10, "Weiterhin zurückgestellt; ein mögliches Landesangebot für die Kita-Platzvergabe wird geprüft.", "Wiedervorlage zur Haushaltsplanung 2028."),
        ],
        sign_offs: &[SignOff(Dsb, Offen, "DSFA für das Elternportal erforderlich; wird bei Wiederaufnahme erstellt.", None)],
        milestones: &[Milestone("Markterkundung abgeschlossen", On("2025-04-30"), Some(On("2025-04-29")))],
        ..BASE
    },
    Measure {
        field: "HF2", unit: "Ordnungsamt", person: "lord", priority: Mittel, effort: 35,
        planned: ("2026-01-01", "2027-03-31"), cost: Some(Cost(9_500, 3_600, Kon, 2026, 0)),
        expectation: Some(EXPECTATION_DEFECT_REPORTS),
        title: "Mängelmelder für Bürgerinnen und Bürger",
        description: "Bürgerinnen und Bürger melden Straßenschäden, defekte Beleuchtung und wilden Müll online mit Foto und Standort; die Meldungen gehen direkt an den Bauwirtschaftshof.",
        history: &[
            Update(On("2025-12-09"), Geplant, Gruen, 0, "Aus dem Antrag einer Stadtratsfraktion übernommen (Erwartung angenommen).", "Leistungsbeschreibung mit dem Bauwirtschaftshof erstellen."),
            Update(On("2026-04-14"), Vorbereitung, Gruen, 10, "Leistungsbeschreibung mit dem Bauwirtschaftshof abgestimmt; Kategorien festgelegt.", "Angebote einholen."),
            Update(Rel(-10), Vorbereitung, Gruen, 20, "Angebote von drei Anbietern eingeholt; der Vergabevorschlag wird vorbereitet.", "Vergabe und Datenschutzprüfung abschließen."),
        ],
        sign_offs: &[SignOff(Dsb, Offen, "Datenschutzhinweise und Löschkonzept für Fotos mit Personenbezug in Prüfung.", None)],
        milestones: &[Milestone("Vergabe", Rel(40), None)],
        ..BASE
    },
    Measure {
        field: "HF2", unit: "Pressestelle", person: "press", priority: Mittel, effort: 40,
        planned: ("2023-05-01", "2027-12-31"), cost: Some(Cost(0, 1_500, Kon, 2024, 0)),
        title: "Leistungsbeschreibungen im Zuständigkeitsfinder und barrierefreie Website",
        description: "Alle Leistungen der Stadt werden im Zuständigkeitsfinder des Landes beschrieben und auf der Website verlinkt. Die Website wird nach BITV 2.0 geprüft und verbessert.",
        history: &[
            Update(On("2023-06-13"), Umsetzung, Gruen, 10, "Abgleich der 212 Leistungen mit den Landesbeschreibungen begonnen.", "Fachämter um Prüfung ihrer Beschreibungen bitten."),
            Update(On("2024-08-27"), Umsetzung, Gruen, 35, "120 Leistungsbeschreibungen geprüft und verlinkt; Barrierefreiheitstest der Website beauftragt.", "Testergebnisse abwarten."),
            Update(On("2025-09-30"), Umsetzung, Gruen, 50, "Erklärung zur Barrierefreiheit veröffentlicht; 31 Mängel aus dem Test behoben.", "Restliche Leistungsbeschreibungen ergänzen."),
            Update(Rel(-63), Umsetzung, Gruen, 60, "170 Leistungsbeschreibungen aktuell; die laufende Pflege liegt bei den Fachämtern.", "Hinweis auf den digitalen Bauantrag des Landkreises ergänzen."),
        ],
        milestones: &[
            Milestone("Barrierefreiheitstest durchgeführt", On("2025-06-30"), Some(On("2025-07-22"))),
            Milestone("Alle Leistungen beschrieben", On("2027-06-30"), None),
        ],
        ..BASE
    },
    Measure {
        field: "HF2", unit: "Hauptamt", person: "lha", priority: Mittel, effort: 10,
        planned: ("2023-04-01", "2023-10-31"),
        title: "Elektronische Poststelle des Landes als sicherer Zugang",
        description: "Über die kostenfreie Elektronische Poststelle des Landes erhält die Stadt einen rechtssicheren elektronischen Zugang für Bürgerinnen, Bürger und Unternehmen.",
        history: &[
            Update(On("2023-05-02"), Umsetzung, Gruen, 30, "Zugang zur Elektronischen Poststelle beantragt; Postfachstruktur festgelegt.", "Verteilung der Eingänge an die Ämter regeln."),
            Update(On("2023-11-07"), Abgeschlossen, Gruen, 100, "Sicherer elektronischer Zugang eingerichtet und auf der Website veröffentlicht.", ""),
        ],
        ..BASE
    },
    Measure {
        field: "HF2", unit: "Ordnungsamt", person: "lord", priority: Niedrig, effort: 20,
        planned: ("2027-01-01", "2027-09-30"), cost: Some(Cost(3_500, 800, Kon, 2027, 0)), goals: &[GOAL_ONLINE],
        ozg: Some(Ozg("99072009005000", "2.0", 1)),
        title: "Sondernutzungserlaubnis online beantragen",
        description: "Anträge auf Sondernutzung öffentlicher Flächen (z. B. Baugerüst, Außengastronomie) werden online gestellt und bezahlt.",
        history: &[
            Update(On("2025-11-20"), Geplant, Gruen, 0, "Mit der Fortschreibung 1.1 aufgenommen; Start nach der Gewerbeanzeige.", "Haushaltsmittel 2027 anmelden."),
            Update(Rel(-16), Geplant, Gruen, 0, "Start auf 2027 gelegt, weil die Gewerbeanzeige die Kapazität des Ordnungsamtes bindet; Mittel für 2027 angemeldet.", "EfA-Angebote im Marktplatz sichten."),
        ],
        ..BASE
    },
    Measure {
        field: "HF2", unit: "Hauptamt", person: "sbdig", priority: Niedrig, effort: 10,
        planned: ("2023-09-01", "2024-12-31"),
        title: "Eigene Bürger-App der Stadt",
        description: "Geprüft wurde eine eigene App mit Terminen, Nachrichten und Online-Diensten der Stadt.",
        history: &[
            Update(On("2023-10-24"), Geplant, Gruen, 0, "Idee einer eigenen Stadt-App mit Terminen, Nachrichten und Online-Diensten aufgenommen.", "Aufwand-Nutzen-Analyse erstellen."),
            Update(On("2024-05-14"), Verworfen, Gruen, 0, "Nach der Aufwand-Nutzen-Analyse verworfen: Online-Dienste laufen über das Landesportal, Nachrichten über die Website; eine eigene App wäre dauerhaft nicht zu pflegen.", ""),
        ],
        ..BASE
    },
];
