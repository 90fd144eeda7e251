//! Master data of the demo: the city's org units, people, the AG's members and the
//! capacities of the units that lead most of the work.

use crate::db::Conn;

use super::context::{Ids, id_of};

/// Org units: code, name, parent code, budget product (Produkt) of its measures.
#[rustfmt::skip]
pub(super) const UNITS: &[(&str, &str, Option<&str>, &str)] = &[
    ("OB", "Oberbürgermeister", None, "1.1.1.01 Gemeindeorgane und Verwaltungsführung"),
    ("Dezernat I", "Dezernat I – Zentrale Dienste, Finanzen und Ordnung", Some("OB"), "1.1.1.01 Gemeindeorgane und Verwaltungsführung"),
    ("Dezernat II", "Dezernat II – Bauen, Bildung und Soziales", Some("OB"), "1.1.1.01 Gemeindeorgane und Verwaltungsführung"),
    ("Pressestelle", "Pressestelle und Öffentlichkeitsarbeit", Some("OB"), "1.1.1.02 Presse- und Öffentlichkeitsarbeit"),
    ("Stadtratsbüro", "Stadtratsbüro (Sitzungsdienst)", Some("OB"), "1.1.1.01 Gemeindeorgane und Verwaltungsführung"),
    ("Datenschutz", "Stabsstelle Datenschutz", Some("OB"), "1.1.1.06 Informationstechnik"),
    ("Informationssicherheit", "Stabsstelle Informationssicherheit", Some("OB"), "1.1.1.06 Informationstechnik"),
    ("Hauptamt", "Hauptamt – Organisation und zentrale Dienste", Some("Dezernat I"), "1.1.1.03 Organisation und zentrale Dienste"),
    ("EDV-Abteilung", "EDV-Abteilung (Informationstechnik)", Some("Hauptamt"), "1.1.1.06 Informationstechnik"),
    ("Personal", "Sachgebiet Personal", Some("Hauptamt"), "1.1.1.04 Personalwesen"),
    ("Amt 21", "Amt 21 – Finanzen und Stadtkasse", Some("Dezernat I"), "1.1.1.05 Finanzverwaltung und Stadtkasse"),
    ("Kämmerei", "Kämmerei (Haushalt und Controlling)", Some("Amt 21"), "1.1.1.05 Finanzverwaltung und Stadtkasse"),
    ("Steueramt", "Steueramt (Steuern und Abgaben)", Some("Amt 21"), "6.1.1.01 Steuern und allgemeine Abgaben"),
    ("Ordnungsamt", "Ordnungsamt (Gewerbe, Fundbüro, Sondernutzungen)", Some("Dezernat I"), "1.2.2.01 Allgemeine Ordnungsangelegenheiten"),
    ("Bürgerbüro", "Bürgerbüro / Einwohnermeldeamt", Some("Ordnungsamt"), "1.2.2.02 Einwohnermelde- und Passwesen"),
    ("Standesamt", "Standesamt", Some("Ordnungsamt"), "1.2.2.03 Personenstandswesen"),
    ("Bildung/Soziales", "Amt für Bildung und Soziales", Some("Dezernat II"), "3.6.5.01 Kindertagesbetreuung"),
    ("Bauwirtschaftshof", "Eigenbetrieb Bauwirtschaftshof", Some("Dezernat II"), "5.4.1.01 Gemeindestraßen"),
    ("Personalrat", "Personalrat der Stadtverwaltung", None, "1.1.1.04 Personalwesen"),
    ("EBA", "Eigenbetrieb Abwasserentsorgung (EBA)", Some("Dezernat II"), "Wirtschaftsplan EBA"),
    ("AKA", "Aschersleber Kulturanstalt (AKA)", Some("OB"), "Wirtschaftsplan AKA"),
    ("SWA", "Stadtwerke (SWA, städtische Beteiligung)", None, "Wirtschaftsplan Stadtwerke"),
];

/// People: key, name, function, org unit code, e-mail, agreed to be named publicly.
#[rustfmt::skip]
pub(super) const PEOPLE: &[(&str, &str, &str, &str, &str, bool)] = &[
    ("ob", "Henrik Stollberg", "Oberbürgermeister", "OB", "h.stollberg@stadt.example", true),
    ("dez1", "Dr. Matthias Gerlach", "Dezernent I", "Dezernat I", "m.gerlach@stadt.example", false),
    ("l21", "Andreas Brettschneider", "Leiter Amt 21", "Amt 21", "a.brettschneider@stadt.example", false),
    ("ledv", "Thomas Wendland", "Leiter EDV-Abteilung", "EDV-Abteilung", "t.wendland@stadt.example", false),
    ("orga1", "Sven Hollerbach", "Sachbearbeiter Organisation", "Hauptamt", "s.hollerbach@stadt.example", false),
    ("orga2", "Michael Tiedemann", "Sachbearbeiter Organisation", "Hauptamt", "m.tiedemann@stadt.example", false),
    ("edv1", "Patrick Lindenau", "Mitarbeiter EDV-Abteilung", "EDV-Abteilung", "p.lindenau@stadt.example", false),
    ("edv2", "Jonas Ahlert", "Mitarbeiter EDV-Abteilung", "EDV-Abteilung", "j.ahlert@stadt.example", false),
    ("press", "Claudia Sommerfeld", "Pressesprecherin", "Pressestelle", "c.sommerfeld@stadt.example", false),
    ("sbdig", "Katrin Vogelsang", "Sachbearbeiterin Digitalisierung", "Hauptamt", "k.vogelsang@stadt.example", false),
    ("dsb", "Rainer Quandt", "Datenschutzbeauftragter", "Datenschutz", "datenschutz@stadt.example", false),
    ("isb", "Daniel Ohlendorf", "Beauftragter für Informationssicherheit", "Informationssicherheit", "d.ohlendorf@stadt.example", false),
    ("pr", "Birgit Lautenschläger", "Vorsitzende des Personalrates", "Personalrat", "personalrat@stadt.example", false),
    ("lha", "Heike Domröse", "Leitung Hauptamt", "Hauptamt", "h.domroese@stadt.example", false),
    ("lpers", "Kerstin Wollny", "Leitung Personal", "Personal", "k.wollny@stadt.example", false),
    ("lkaem", "Uwe Heidrich", "Leitung Kämmerei", "Kämmerei", "u.heidrich@stadt.example", false),
    ("lst", "Anja Reinholz", "Leitung Steueramt", "Steueramt", "a.reinholz@stadt.example", false),
    ("lord", "Jörg Pabst", "Leitung Ordnungsamt", "Ordnungsamt", "j.pabst@stadt.example", false),
    ("lbb", "Sabine Köhnke", "Leitung Bürgerbüro", "Bürgerbüro", "s.koehnke@stadt.example", false),
    ("lsta", "Ines Marquardt", "Leitung Standesamt", "Standesamt", "i.marquardt@stadt.example", false),
    ("lsrb", "Martina Grabow", "Leitung Stadtratsbüro", "Stadtratsbüro", "m.grabow@stadt.example", false),
    ("lbs", "Susanne Ebeling", "Leitung Amt für Bildung und Soziales", "Bildung/Soziales", "s.ebeling@stadt.example", false),
    ("lbwh", "Ralf Gnädig", "Betriebsleitung Bauwirtschaftshof", "Bauwirtschaftshof", "r.gnaedig@stadt.example", false),
    ("leba", "Torsten Mühlberg", "Betriebsleitung Abwasserentsorgung", "EBA", "t.muehlberg@stadt.example", false),
    ("laka", "Julia Fähnrich", "Vorstand der AKA", "AKA", "j.faehnrich@stadt.example", false),
    ("lswa", "Marco Thiele", "Leitung Vertrieb und Kundenservice", "SWA", "m.thiele@stadt.example", false),
];

/// AG "Digitalisierung der Verwaltung": person, role, since, until.
#[rustfmt::skip]
const MEMBERSHIPS: &[(&str, &str, &str, Option<&str>)] = &[
    ("sbdig", "leitung", "2022-09-01", None),
    ("l21", "mitglied", "2022-09-01", None),
    ("ledv", "mitglied", "2022-09-01", None),
    ("orga1", "mitglied", "2022-09-01", None),
    ("orga2", "mitglied", "2022-09-01", None),
    ("edv1", "mitglied", "2022-09-01", Some("2024-04-30")),
    ("press", "mitglied", "2022-09-01", None),
    ("dez1", "mitglied", "2023-08-01", None),
    ("edv2", "mitglied", "2024-05-01", None),
];

/// Person-days per half-year (2026/1, 2026/2, 2027/1). The EDV-Abteilung leads far more
/// effort than it can give, which the realism check is meant to show.
const CAPACITY_PERIODS: [(i64, i64); 3] = [(2026, 1), (2026, 2), (2027, 1)];
#[rustfmt::skip]
const CAPACITIES: &[(&str, [i64; 3])] = &[
    ("EDV-Abteilung", [70, 65, 70]),
    ("Hauptamt", [95, 90, 85]),
    ("Bürgerbüro", [30, 25, 30]),
    ("Amt 21", [35, 40, 35]),
    ("Personal", [30, 35, 35]),
    ("Informationssicherheit", [45, 45, 50]),
    ("Stadtratsbüro", [20, 20, 15]),
];

/// Inserts org units, people, AG memberships and capacities; returns the ids of the units
/// and of the people by their keys.
pub(super) async fn insert(conn: &mut Conn) -> anyhow::Result<(Ids, Ids)> {
    let units = insert_units(conn).await?;
    let people = insert_people(conn, &units).await?;
    insert_memberships(conn, &people).await?;
    insert_capacities(conn, &units).await?;
    Ok((units, people))
}

async fn insert_units(conn: &mut Conn) -> anyhow::Result<Ids> {
    let mut ids = Ids::new();
    for &(code, name, parent, _) in UNITS {
        let parent_id = parent
            .map(|p| id_of(&ids, p, "Organisationseinheit"))
            .transpose()?;
        let id = crate::db::query_scalar::<i64>(
            "INSERT INTO org_units (code, name, parent_id) VALUES (?, ?, ?) RETURNING id",
        )
        .bind(code)
        .bind(name)
        .bind(parent_id)
        .fetch_one(&mut *conn)
        .await?;
        ids.insert(code, id);
    }
    Ok(ids)
}

async fn insert_people(conn: &mut Conn, units: &Ids) -> anyhow::Result<Ids> {
    let mut ids = Ids::new();
    for &(key, name, function, unit, email, public_name) in PEOPLE {
        let id = crate::db::query_scalar::<i64>(
            "INSERT INTO people (name, function, org_unit_id, email, public_name)
             VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(name)
        .bind(function)
        .bind(id_of(units, unit, "Organisationseinheit")?)
        .bind(email)
        .bind(public_name)
        .fetch_one(&mut *conn)
        .await?;
        ids.insert(key, id);
    }
    Ok(ids)
}

async fn insert_memberships(conn: &mut Conn, people: &Ids) -> anyhow::Result<()> {
    for &(person, role, since, until) in MEMBERSHIPS {
        crate::db::query(
            "INSERT INTO ag_memberships (person_id, ag_role, since, until) VALUES (?, ?, ?, ?)",
        )
        .bind(id_of(people, person, "Person")?)
        .bind(role)
        .bind(since)
        .bind(until)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn insert_capacities(conn: &mut Conn, units: &Ids) -> anyhow::Result<()> {
    for &(unit, days) in CAPACITIES {
        let unit_id = id_of(units, unit, "Organisationseinheit")?;
        for ((year, half), person_days) in CAPACITY_PERIODS.into_iter().zip(days) {
            crate::db::query(
                "INSERT INTO capacities (org_unit_id, year, half, person_days) VALUES (?, ?, ?, ?)",
            )
            .bind(unit_id)
            .bind(year)
            .bind(half)
            .bind(person_days)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// Budget product (Produkt) of the measures of an org unit.
pub(super) fn product_of(unit: &str) -> &'static str {
    UNITS.iter().find(|u| u.0 == unit).map_or("", |u| u.3)
}
