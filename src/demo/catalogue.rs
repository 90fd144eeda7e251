//! The demo measures as data: the core programme (HF1–HF7) and the separate paper (EB1–EB3).
//!
//! Costs are example values (Beispielwerte) in euros, derived from the anchors in DOMAIN.md
//! §1.3/§1.4; they are not quotes.

use super::When::{On, Rel};
use super::measures::Ampel::{Gelb, Gruen, Rot};
use super::measures::Kind::{Inv, Kon};
use super::measures::Priority::{Hoch, Mittel, Niedrig};
use super::measures::Status::{
    Abgeschlossen, Geplant, Umsetzung, Verworfen, Vorbereitung, Zurueckgestellt,
};
use super::measures::Track::{Dsb, Isb, Pr};
use super::measures::Verdict::{Erteilt, MitAuflagen, NichtErforderlich, Offen};
use super::measures::{BASE, Cost, Measure, Milestone, Ozg, Risk, SignOff, Update};
use super::programme::{
    EXPECTATION_DEFECT_REPORTS, GOAL_AWARENESS, GOAL_E_INVOICE, GOAL_ONLINE, GOAL_PAPER,
};

#[rustfmt::skip]
pub(super) const CORE_MEASURES: &[Measure] = &[
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

#[rustfmt::skip]
pub(super) const ENTERPRISE_MEASURES: &[Measure] = &[
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
