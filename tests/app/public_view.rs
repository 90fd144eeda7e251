//! Issue 16, the public face: the one definition of a measure's public view
//! (`lookups::public`, checked by hand against the demo data), the AG's choice per measure
//! in the measure form, the council's measure page built from it, the release line naming
//! a role, and a sweep over every page a `rat` account can reach on the demo data for
//! names of persons and internal fields.

use chrono::NaiveDate;
use sachstand::domain::{Ampel, Role, Status};
use sachstand::lookups::public::{self, Audience, PublicMeasure};

use crate::harness::html::{scrape_form, set_field, unescape_html};
use crate::support::{Audit, Browser, TestApp, spawn_app};

/// The demo as of a fixed day, so that its relative dates (status updates "three days
/// ago") and what the released reports hold are the same on every run.
async fn demo_app() -> TestApp {
    let app = spawn_app().await;
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    sachstand::demo::load(&app.db.write, today)
        .await
        .expect("demo data");
    app
}

async fn id_of(app: &TestApp, code: &str) -> i64 {
    sachstand::db::query_scalar("SELECT id FROM measures WHERE code = ?")
        .bind(code)
        .fetch_one(&app.db.read)
        .await
        .expect(code)
}

async fn one(app: &TestApp, code: &str) -> PublicMeasure {
    let id = id_of(app, code).await;
    let mut conn = app.db.read.acquire().await.expect("conn");
    public::one(&mut conn, id)
        .await
        .expect("public view")
        .expect(code)
}

async fn demo_login(app: &TestApp, user: &str, password: &str) -> Browser {
    let mut b = app.browser();
    let r = b.login(user, password).await;
    assert_eq!(r.status, 303, "login {user}: {}", r.body);
    b
}

/// HF3-04 (E-Rechnung) by hand from the demo catalogue and budget: running, Rot since
/// the update of 28.11.2026 (after the last release), budget lines 2025 investiv 38.000 €
/// approved, 2026 konsumtiv 9.000 €, 2027 planned but not yet approved; the latest released
/// report (IV/31/2026, Stichtag 30.06.2026) cites the update of 21.10.2025.
#[tokio::test]
async fn public_view_of_a_demo_measure_holds_the_released_sachstand_and_the_ansatz_per_year() {
    let app = demo_app().await;
    let m = one(&app, "HF3-04").await;
    assert_eq!(
        m.title,
        "E-Rechnung: Empfang über die Landesplattform, Eingangsworkflow und elektronische Anordnung"
    );
    assert_eq!(m.programme, "Arbeitspapier Digitalisierung");
    assert_eq!(
        (m.field_code.as_str(), m.field_title.as_str()),
        ("HF3", "Interne Prozesse und E-Akte")
    );
    assert_eq!(m.lead, "Leitung Amt 21");
    assert_eq!(m.status, Status::Umsetzung);
    assert_eq!(m.ampel, Some(Ampel::Rot));
    assert_eq!(m.progress, 60);
    assert_eq!(m.planned_start.as_deref(), Some("2024-04-01"));
    assert_eq!(m.planned_end.as_deref(), Some("2026-12-31"));
    assert_eq!(m.planned_label(), "01.04.2024 bis 31.12.2026");
    assert!(m.public);
    assert!(!m.archived);
    assert!(
        m.description
            .starts_with("E-Rechnungen kommen über die Plattform des Landes an"),
        "{}",
        m.description
    );
    let r = m.released.as_ref().expect("in the released report");
    assert_eq!(r.vorlage_no, "IV/31/2026");
    assert_eq!(r.cutoff_on, "2026-06-30");
    assert_eq!(r.cutoff_label(), "30.06.2026");
    assert_eq!(
        r.text,
        "Eingangsworkflow in Kämmerei und Hauptamt produktiv; elektronische Anordnung im Test."
    );
    assert_eq!(r.text_on.as_deref(), Some("2025-10-21"));
    assert_eq!(r.text_on_label(), "21.10.2025");
    assert_eq!(
        m.approved,
        vec![(2025, 3_800_000), (2026, 900_000), (2027, 0)]
    );
    assert_eq!(
        m.approved_rows(),
        vec![
            (2025, "38.000,00\u{a0}€".to_string()),
            (2026, "9.000,00\u{a0}€".to_string()),
            (2027, "noch kein Ansatz".to_string())
        ]
    );
    assert_eq!(m.approved_total(), "47.000,00\u{a0}€");

    // A completed measure carries no Ampel; a programme without a released report has
    // no released Sachstand; a measure without budget lines has no Ansatz.
    let done = one(&app, "HF2-04").await;
    assert_eq!(done.status, Status::Abgeschlossen);
    assert_eq!(done.ampel, None);
    assert_eq!(done.progress, 100);
    let eb = one(&app, "EB1-01").await;
    assert_eq!(eb.programme, "Papier Eigenbetriebe/AKA/SWA");
    assert!(eb.released.is_none());
    assert!(one(&app, "HF2-01").await.approved.is_empty());
}

#[tokio::test]
async fn the_public_sees_only_marked_measures_the_council_every_one_not_archived() {
    let app = demo_app().await;
    let mut conn = app.db.read.acquire().await.expect("conn");
    let council = public::all(&mut conn, Audience::Council)
        .await
        .expect("all");
    let anyone = public::all(&mut conn, Audience::Public).await.expect("all");
    drop(conn);
    let codes = |v: &[PublicMeasure]| v.iter().map(|m| m.code.clone()).collect::<Vec<_>>();
    // 51 demo measures, one archived (HF5-06); internal: the archived one and every
    // seventh (HF1-04, HF2-06, HF2-13, HF3-05, HF4-04, HF6-01, HF7-03).
    assert_eq!(council.len(), 50);
    assert!(!codes(&council).contains(&"HF5-06".to_string()));
    let internal = [
        "HF1-04", "HF2-06", "HF2-13", "HF3-05", "HF4-04", "HF6-01", "HF7-03",
    ];
    assert_eq!(anyone.len(), 50 - internal.len());
    for code in internal {
        assert!(codes(&council).contains(&code.to_string()), "{code}");
        assert!(!codes(&anyone).contains(&code.to_string()), "{code}");
    }
    assert!(anyone.iter().all(|m| m.public && !m.archived));
    assert!(
        anyone
            .iter()
            .all(|m| public::visible_to(m, Audience::Public))
    );
    // Ordered by programme, field position and code; the list agrees with `one`.
    assert_eq!(codes(&council)[..3], ["HF1-01", "HF1-02", "HF1-03"]);
    assert_eq!(codes(&council).last().map(String::as_str), Some("EB3-01"));
    let from_list = council.iter().find(|m| m.code == "HF3-04").expect("HF3-04");
    assert_eq!(from_list, &one(&app, "HF3-04").await);
    // The archived measure: the council may open it, the public may not.
    let archived = one(&app, "HF5-06").await;
    assert!(archived.archived);
    assert!(public::visible_to(&archived, Audience::Council));
    assert!(!public::visible_to(&archived, Audience::Public));
}

/// What the browser sends for the measure form, with changes.
fn edit_fields(html: &str, action: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f = scrape_form(html, action).expect("measure form");
    for (k, v) in changes {
        set_field(&mut f, k, v);
    }
    f
}

#[tokio::test]
async fn the_ag_makes_a_measure_public_with_a_public_text_validated_audited_and_previewed() {
    let app = spawn_app().await;
    let id = app.seed(1).await.measures[0];
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let page = format!("/massnahmen/{id}/bearbeiten");
    let form = ag.get(&page).await;
    assert_eq!(form.status, 200);
    // both descriptions side by side, the checkbox with its hint
    assert!(form.contains("Öffentliche Beschreibung"));
    assert!(form.contains("Öffentlich zeigen"));
    assert!(form.contains("aria-describedby=\"h-public\""));
    assert!(
        !form
            .body
            .contains("name=\"public\" type=\"checkbox\" aria-describedby=\"h-public\" checked")
    );

    // public without a public text: 422, the input kept, nothing written
    let before = app.snapshot().await;
    let typed = "   ";
    let bad = ag
        .post_raw(
            &page,
            &edit_fields(
                &form.body,
                &page,
                &[
                    ("public", "on"),
                    ("public_description", typed),
                    ("title", "Neuer Titel"),
                ],
            ),
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.contains(
        "Bitte geben Sie eine öffentliche Beschreibung ein, bevor die Maßnahme öffentlich wird."
    ));
    assert!(bad.body.contains("aria-invalid=\"true\""));
    assert!(bad.body.contains("value=\"Neuer Titel\""));
    assert!(bad.body.contains("aria-describedby=\"h-public\" checked"));
    assert_eq!(app.snapshot().await, before);
    // over-long: the same limit as the internal description
    let long = "ö".repeat(8001);
    let bad = ag
        .post_raw(
            &page,
            &edit_fields(&form.body, &page, &[("public_description", &long)]),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.contains("Die öffentliche Beschreibung darf höchstens 8000 Zeichen lang sein."));
    assert_eq!(app.snapshot().await, before);

    let text = "Bürgerinnen und Bürger können den Antrag online stellen.";
    let ok = ag
        .post_raw(
            &page,
            &edit_fields(
                &form.body,
                &page,
                &[("public", "on"), ("public_description", text)],
            ),
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let row: (bool, String, String) = sachstand::db::query_as(
        "SELECT public, public_description, description FROM measures WHERE id = ?",
    )
    .bind(id)
    .fetch_one(&app.db.read)
    .await
    .expect("row");
    assert_eq!(row, (true, text.to_string(), "Beschreibung".to_string()));
    let audit = app
        .audit_row(
            Audit::action("bearbeiten")
                .entity("massnahme")
                .new_has("Bürgerinnen und Bürger können"),
        )
        .await;
    assert!(
        audit.old_values.contains("\"public\":false"),
        "{}",
        audit.old_values
    );
    assert!(
        audit.new_values.contains("\"public\":true"),
        "{}",
        audit.new_values
    );

    // the measure page says so and links the preview; the preview shows the public text
    // and never the internal description, effort or sign-off notes
    let detail = ag.get(&format!("/massnahmen/{id}")).await;
    assert!(detail.contains("ja – auf der Transparenzseite sichtbar"));
    assert!(
        detail
            .body
            .contains(&format!("href=\"/massnahmen/{id}/oeffentlich\""))
    );
    assert!(detail.contains("So sieht die Öffentlichkeit diese Maßnahme"));
    let preview = ag.get(&format!("/massnahmen/{id}/oeffentlich")).await;
    assert_eq!(preview.status, 200);
    assert!(preview.contains("Vorschau: So sieht die Öffentlichkeit diese Maßnahme."));
    assert!(preview.contains(text));
    assert!(preview.contains("Leitung Amt 21"));
    for internal in [
        "Beschreibung</p>",
        "Personentag",
        "Erika Beispiel",
        "Beteiligung",
    ] {
        assert!(!preview.body.contains(internal), "{internal}");
    }
    assert_eq!(ag.get("/massnahmen/999999/oeffentlich").await.status, 404);

    // unticked again: saved, the text stays for later
    let form = ag.get(&page).await;
    let mut f = edit_fields(&form.body, &page, &[]);
    f.retain(|(k, _)| k != "public");
    assert_eq!(ag.post_raw(&page, &f).await.status, 303);
    let detail = ag.get(&format!("/massnahmen/{id}")).await;
    assert!(detail.contains("nein – nicht auf der Transparenzseite"));
}

#[tokio::test]
async fn the_public_fields_take_part_in_the_field_wise_merge() {
    let app = spawn_app().await;
    let id = app.seed(1).await.measures[0];
    let mut alice = app.signed_in("alice", Role::Ag).await;
    let mut bob = app.signed_in("bob", Role::Ag).await;
    let page = format!("/massnahmen/{id}/bearbeiten");
    let a = alice.get(&page).await.body;
    let b = bob.get(&page).await.body;
    // A writes the public text and ticks the box, B changes the title: both kept.
    let r = alice
        .post_raw(
            &page,
            &edit_fields(
                &a,
                &page,
                &[("public", "on"), ("public_description", "Text von Alice")],
            ),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = bob
        .post_raw(
            &page,
            &edit_fields(&b, &page, &[("title", "Titel von Bob")]),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let row: (String, bool, String) = sachstand::db::query_as(
        "SELECT title, public, public_description FROM measures WHERE id = ?",
    )
    .bind(id)
    .fetch_one(&app.db.read)
    .await
    .expect("row");
    assert_eq!(
        row,
        (
            "Titel von Bob".to_string(),
            true,
            "Text von Alice".to_string()
        )
    );
    // Both change the public text: 409 naming the field, nothing written.
    let a = alice.get(&page).await.body;
    let b = bob.get(&page).await.body;
    let r = alice
        .post_raw(
            &page,
            &edit_fields(&a, &page, &[("public_description", "Alice zwei")]),
        )
        .await;
    assert_eq!(r.status, 303);
    let before = app.snapshot().await;
    let r = bob
        .post_raw(
            &page,
            &edit_fields(&b, &page, &[("public_description", "Bob zwei")]),
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.contains("Öffentliche Beschreibung"));
    assert!(r.contains("Alice zwei"));
    assert!(r.contains("Bob zwei"));
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn the_council_reads_the_role_of_the_releasing_leitung_the_ag_the_name() {
    let app = demo_app().await;
    let mut rat = demo_login(&app, "rat", "Demo-Rat-2026!").await;
    let page = rat.get("/berichte/2").await;
    assert_eq!(page.status, 200);
    assert!(
        page.contains("Freigegeben am 25.08.2026, 11:00 Uhr (Freigabe: Oberbürgermeister)."),
        "{}",
        page.body
    );
    assert!(!page.contains("Henrik Stollberg"));
    let mut ag = demo_login(&app, "ag", "Demo-AG-2026!").await;
    let page = ag.get("/berichte/2").await;
    assert!(page.contains("Freigegeben am 25.08.2026, 11:00 Uhr von Henrik Stollberg."));
}

#[tokio::test]
async fn the_council_measure_page_is_the_public_view() {
    let app = demo_app().await;
    let mut rat = demo_login(&app, "rat", "Demo-Rat-2026!").await;
    let id = id_of(&app, "HF3-04").await;
    let page = rat.get(&format!("/massnahmen/{id}")).await;
    assert_eq!(page.status, 200);
    let text = text_of(&page.body);
    for shown in [
        "HF3-04 E-Rechnung",
        "Federführung Leitung Amt 21",
        "Geplant 01.04.2024 bis 31.12.2026",
        "Aus dem freigegebenen Bericht IV/31/2026 (Stichtag 30.06.2026, Meldung vom 21.10.2025)",
        "Eingangsworkflow in Kämmerei und Hauptamt produktiv; elektronische Anordnung im Test.",
        "2025 38.000,00 €",
        "2026 9.000,00 €",
        "2027 noch kein Ansatz",
        "Summe 47.000,00 €",
    ] {
        assert!(text.contains(shown), "{shown} in {text}");
    }
    // no preview notice for the council, no forms
    assert!(!text.contains("Vorschau"));
    assert!(
        !page
            .body
            .contains("<form method=\"post\" action=\"/massnahmen")
    );
}

/// The page as a person reads it: tags removed, entities decoded, blanks collapsed.
fn text_of(html: &str) -> String {
    let no_tags = regex_lite::Regex::new(r"(?s)<[^>]*>")
        .expect("regex")
        .replace_all(html, " ");
    unescape_html(&no_tags)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What must never reach a council member: names (and e-mail addresses) of persons and
/// the internal fields, each with a label saying what it is.
async fn forbidden(app: &TestApp) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let people: Vec<(String, String)> = sachstand::db::query_as("SELECT name, email FROM people")
        .fetch_all(&app.db.read)
        .await
        .expect("people");
    for (name, email) in people {
        out.push(("Name".into(), name.clone()));
        if let Some(surname) = name.split_whitespace().last() {
            out.push(("Nachname".into(), surname.to_string()));
        }
        if !email.is_empty() {
            out.push(("E-Mail".into(), email));
        }
    }
    let lines: Vec<(String, String)> =
        sachstand::db::query_as("SELECT DISTINCT product, account FROM budget_lines")
            .fetch_all(&app.db.read)
            .await
            .expect("budget lines");
    for (product, account) in lines {
        out.push(("Produkt".into(), product));
        // Sachkonto numbers are short: searched as whole tokens (see `leaks`).
        out.push(("Sachkonto".into(), account));
    }
    let notes: Vec<String> =
        sachstand::db::query_scalar("SELECT DISTINCT note FROM sign_offs WHERE note <> ''")
            .fetch_all(&app.db.read)
            .await
            .expect("notes");
    out.extend(notes.into_iter().map(|n| ("Beteiligungsvermerk".into(), n)));
    let blockers: Vec<String> = sachstand::db::query_scalar(
        "SELECT DISTINCT blockers FROM status_updates WHERE blockers <> ''",
    )
    .fetch_all(&app.db.read)
    .await
    .expect("blockers");
    out.extend(blockers.into_iter().map(|b| ("Hindernis".into(), b)));
    // Texts of status updates no released report cites: unreleased history.
    let snapshots: Vec<String> = sachstand::db::query_scalar(
        "SELECT snapshot_json FROM reports WHERE state = 'freigegeben' AND snapshot_json IS NOT NULL",
    )
    .fetch_all(&app.db.read)
    .await
    .expect("snapshots");
    let mut released = std::collections::BTreeSet::new();
    for json in snapshots {
        let v: serde_json::Value = serde_json::from_str(&json).expect("snapshot");
        for m in v["measures"].as_array().expect("measures") {
            for key in ["text", "next_steps", "reason", "options"] {
                if let Some(s) = m[key].as_str() {
                    released.insert(s.to_string());
                }
            }
        }
    }
    let released_all = released.into_iter().collect::<Vec<_>>().join("\n");
    let updates: Vec<(String, String, String, String)> =
        sachstand::db::query_as("SELECT text, next_steps, reason, options FROM status_updates")
            .fetch_all(&app.db.read)
            .await
            .expect("updates");
    for (text, next, reason, options) in updates {
        for s in [text, next, reason, options] {
            // a part of a released text (an unreleased "next step" quoting it) is released
            if !s.trim().is_empty() && !released_all.contains(&s) {
                out.push(("unveröffentlichte Meldung".into(), s));
            }
        }
    }
    for label in [
        "Personentag",
        "Interner Aufwand",
        "Sachkonto",
        "Hindernisse",
        "Anmerkung",
    ] {
        out.push(("interne Beschriftung".into(), label.into()));
    }
    out.retain(|(_, v)| !v.trim().is_empty());
    out.sort();
    out.dedup();
    out
}

/// The forbidden values a text contains (Sachkonto numbers only as whole tokens).
fn leaks(text: &str, forbidden: &[(String, String)]) -> Vec<String> {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    forbidden
        .iter()
        .filter(|(kind, value)| {
            if kind == "Sachkonto" {
                flat.split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|t| t == value)
            } else {
                let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
                flat.contains(&v)
            }
        })
        .map(|(kind, value)| format!("{kind}: {value}"))
        .collect()
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("bericht.pdf");
    std::fs::write(&path, bytes).expect("write pdf");
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, installed by ./test.sh)");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP archive");
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        if !f.name().ends_with(".xml") {
            continue;
        }
        let mut xml = String::new();
        f.read_to_string(&mut xml).expect("xml");
        // Runs of one paragraph joined as Word shows them; tags become nothing.
        let text = regex_lite::Regex::new(r"(?s)<[^>]*>")
            .expect("regex")
            .replace_all(&xml, "");
        all.push_str(&unescape_html(&text));
        all.push('\n');
    }
    all
}

/// Every GET route the matrix opens to `rat`, with its placeholders filled from the demo
/// data: all measures (public or not, archived too) and all released reports. A route
/// with a placeholder this sweep does not know fails, so new council pages get swept.
async fn council_paths(app: &TestApp) -> Vec<String> {
    let measures: Vec<i64> = sachstand::db::query_scalar("SELECT id FROM measures ORDER BY id")
        .fetch_all(&app.db.read)
        .await
        .expect("measures");
    let reports: Vec<i64> = sachstand::db::query_scalar(
        "SELECT id FROM reports WHERE state = 'freigegeben' ORDER BY id",
    )
    .fetch_all(&app.db.read)
    .await
    .expect("reports");
    let public: Vec<i64> = sachstand::db::query_scalar(
        "SELECT id FROM measures WHERE public = TRUE AND archived_at IS NULL ORDER BY id",
    )
    .fetch_all(&app.db.read)
    .await
    .expect("public measures");
    assert!(measures.len() > 40 && reports.len() >= 2 && public.len() > 30);
    let matrix = std::fs::read_to_string(crate::support::ROUTE_MATRIX).expect("matrix");
    let mut paths = Vec::new();
    for line in matrix.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let [method, path, _anon, _admin, _ag, _leitung, rat, ..] = cols.as_slice() else {
            continue;
        };
        if *method != "GET" || !matches!(*rat, "ok" | "open") {
            continue;
        }
        match *path {
            // single sign-on is not configured for the demo (tests/app/sso.rs covers it)
            p if p.starts_with("/anmelden/sso") => {}
            p if !p.contains('{') => paths.push(p.to_string()),
            "/transparenz/massnahmen/{id}" => {
                paths.extend(
                    public
                        .iter()
                        .map(|id| format!("/transparenz/massnahmen/{id}")),
                );
            }
            "/transparenz/berichte/{id}" => {
                for id in &reports {
                    for suffix in ["", ".pdf", ".docx"] {
                        paths.push(format!("/transparenz/berichte/{id}{suffix}"));
                    }
                }
            }
            // OParl: tests/app/oparl.rs walks every object and link and searches them for
            // every person's name and the internal fields; here its entry points
            "/oparl/v1.1/{*rest}" => {
                for list in [
                    "body",
                    "body/1/paper",
                    "body/1/meeting",
                    "body/1/agendaItem",
                ] {
                    paths.push(format!("/oparl/v1.1/{list}"));
                }
            }
            p if p.starts_with("/massnahmen/{id}") && p.matches('{').count() == 1 => {
                paths.extend(measures.iter().map(|id| p.replace("{id}", &id.to_string())));
            }
            "/berichte/{id}" => {
                for id in &reports {
                    for suffix in ["", ".pdf", ".docx", ".csv"] {
                        paths.push(format!("/berichte/{id}{suffix}"));
                    }
                }
            }
            "/berichte/{id}/vergleich/{other}" => {
                for a in &reports {
                    for b in &reports {
                        if a < b {
                            paths.push(format!("/berichte/{a}/vergleich/{b}"));
                        }
                    }
                }
            }
            p => panic!("the council sweep does not know how to fill {p}: add it here"),
        }
    }
    // the lists with their filters the council can choose
    paths.push("/massnahmen?archiv=1".into());
    paths.push("/massnahmen.csv?archiv=1".into());
    paths
}

/// Logs in as the demo `rat` account, fetches every page, file and export it can reach,
/// and searches each for names of persons and internal fields.
async fn council_sweep(app: &TestApp) -> (Vec<String>, usize) {
    let forbidden = forbidden(app).await;
    assert!(forbidden.len() > 100, "{}", forbidden.len());
    let mut rat = demo_login(app, "rat", "Demo-Rat-2026!").await;
    let mut found = Vec::new();
    let paths = council_paths(app).await;
    for path in &paths {
        let r = rat.get_raw(path).await;
        // the login page sends a signed-in user on to the overview (swept itself)
        if path == "/anmelden" && r.status == 303 {
            continue;
        }
        assert_eq!(r.status, 200, "{path}");
        let text = if path.ends_with(".pdf") {
            pdf_text(&r.bytes)
        } else if path.ends_with(".docx") {
            docx_text(&r.bytes)
        } else {
            let body = r.text();
            // the HTML as written and as read (entities decoded)
            format!("{body}\n{}", text_of(&body))
        };
        for leak in leaks(&text, &forbidden) {
            found.push(format!("{path} → {leak}"));
        }
    }
    (found, paths.len())
}

#[tokio::test]
async fn a_council_account_sees_no_name_and_no_internal_field_on_any_page_of_the_demo() {
    let app = demo_app().await;
    let (found, fetched) = council_sweep(&app).await;
    // 51 measures × 2 pages, 2 reports × 4 files, 1 comparison, the lists and exports
    assert!(fetched > 110, "{fetched}");
    assert!(
        found.is_empty(),
        "{} leaks:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The sweep can fail: a person's name and a blocker text put into a public description
/// are both found.
#[tokio::test]
async fn the_council_sweep_finds_a_planted_leak() {
    let app = demo_app().await;
    let blocker: String = sachstand::db::query_scalar(
        "SELECT blockers FROM status_updates WHERE blockers <> '' ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.db.read)
    .await
    .expect("a blocker");
    app.exec(&format!(
        "UPDATE measures SET public_description = 'Ansprechpartnerin: Katrin Vogelsang. {}'
         WHERE code = 'HF1-02'",
        blocker.replace('\'', "''")
    ))
    .await;
    let (found, _) = council_sweep(&app).await;
    let id = id_of(&app, "HF1-02").await;
    assert!(
        found.contains(&format!("/massnahmen/{id} → Name: Katrin Vogelsang")),
        "{found:?}"
    );
    assert!(
        found.contains(&format!("/massnahmen/{id} → Hindernis: {blocker}")),
        "{found:?}"
    );
}
