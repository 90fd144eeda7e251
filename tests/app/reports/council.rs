//! The report as a council document (issue 12): the Vorlage's front matter from the
//! admin's letterhead, the latest Sachstand with its date, "Verzug und
//! Entscheidungsbedarf", finance totals per year and field, the PDF/UA structure (checked
//! with pikepdf) and table rows that never split across pages (pdftotext per page).

use sachstand::domain::Role;

use super::{article, create_report, programme, release, update_with};
use crate::support::{Audit, TestApp, spawn_app};

async fn set_letterhead(app: &TestApp) {
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    admin.get("/verwaltung/briefkopf").await;
    // a missing city: 422, the input kept, nothing written
    let bad = admin
        .post(
            "/verwaltung/briefkopf",
            &[
                ("city", " "),
                ("head", "Die Bürgermeisterin"),
                ("unit", "Amt für Digitales"),
                ("kind", "Informationsvorlage"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.contains("Bitte geben Sie den Namen der Stadt an."));
    assert!(bad.contains("value=\"Die Bürgermeisterin\""));
    app.assert_audited(Audit::action("briefkopf_aendern"), 0)
        .await;
    let ok = admin
        .post(
            "/verwaltung/briefkopf",
            &[
                ("city", "Stadt Beispielhausen"),
                ("head", "Die Bürgermeisterin"),
                ("unit", "Amt für Digitales"),
                ("kind", "Informationsvorlage"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    app.assert_audited(Audit::action("briefkopf_aendern"), 1)
        .await;
    let page = admin.get("/verwaltung/briefkopf").await;
    assert!(page.contains("value=\"Stadt Beispielhausen\""));
    // council members and the AG may not change it
    let mut ag = app.signed_in("ag9", Role::Ag).await;
    assert_eq!(ag.get("/verwaltung/briefkopf").await.status, 403);
}

/// Report data for the tests: m[0] reported in the period; m[1] late (decision date
/// passed, a milestone overdue, a decision in a meeting); m[2], m[3] silent since
/// 01.10.2025.
async fn late_programme(app: &TestApp) -> Vec<i64> {
    let m = programme(app).await;
    update_with(
        app,
        m[0],
        "2026-03-10T09:00:00Z",
        "umsetzung",
        "gruen",
        50,
        "Pilot läuft.",
        "",
        "",
    )
    .await;
    app.exec(&format!(
        "INSERT INTO status_updates (measure_id, created_at, status, ampel, progress, text, next_steps, reason, options, decision_by)
           VALUES ({m1}, '2026-04-02T09:00:00Z', 'umsetzung', 'gelb', 40, 'Vergabe verzögert.', '',
             'Kein wirtschaftliches Angebot.', 'a) Neu ausschreiben; b) Umfang kürzen.', '2026-01-27');
         INSERT INTO milestones (measure_id, title, due_on) VALUES ({m1}, 'Zuschlag erteilt', '2026-05-31');
         INSERT INTO milestones (measure_id, title, due_on, done_on) VALUES ({m1}, 'Leistungsbeschreibung', '2026-02-28', '2026-02-20');
         INSERT INTO meetings (id, programme_id, kind, starts_at, ends_at, place, state)
           VALUES (70, 1, 'ag', '2026-05-12T14:00:00Z', '2026-05-12T16:00:00Z', 'Rathaus', 'durchgefuehrt');
         INSERT INTO agenda_items (id, meeting_id, position, title) VALUES (700, 70, 1, 'Vergabe HF2-02');
         INSERT INTO agenda_item_measures (agenda_item_id, measure_id) VALUES (700, {m1});
         INSERT INTO decisions (agenda_item_id, text, decided_on) VALUES (700, 'Die AG empfiehlt die Neuausschreibung.', '2026-05-12');",
        m1 = m[1]
    ))
    .await;
    m
}

#[tokio::test]
async fn the_report_reads_as_a_vorlage_with_delays_latest_sachstand_and_finance_totals() {
    let app = spawn_app().await;
    set_letterhead(&app).await;
    late_programme(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let id = create_report(
        &mut ag,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/12/2026",
    )
    .await;
    let a = article(&ag.get(&format!("/berichte/{id}")).await);
    // front matter: letterhead, Vorlage, Beratungsfolge, Betreff, information sentence
    for needle in [
        "<p class=\"report-city\">Stadt Beispielhausen</p>",
        "<p class=\"report-head\">Die Bürgermeisterin</p>",
        "<p class=\"report-unit\">Amt für Digitales</p>",
        "<tr><th scope=\"row\">Vorlage-Nr.</th><td>IV/12/2026</td></tr>",
        "<tr><th scope=\"row\">Datum</th><td>Entwurf</td></tr>",
        "<tr><td>Finanz- und Verwaltungsausschuss</td><td>15.09.2026</td><td>Kenntnisnahme</td></tr>",
        "Sachstandsbericht 1. Halbjahr 2026 zum Arbeitspapier zur Digitalisierung",
        "Der Finanz- und Verwaltungsausschuss nimmt den Sachstandsbericht 1. Halbjahr 2026 zur Kenntnis.",
        "<h2 id=\"sachverhalt\" class=\"report-part\">Sachverhalt</h2>",
        "<h2 id=\"h-auswirkungen\" class=\"report-part\">Finanzielle Auswirkungen</h2>",
    ] {
        assert!(a.contains(needle), "lacks {needle:?}\n{a}");
    }
    // latest Sachstand with its date; silent measures flagged, never an empty row
    assert!(
        a.contains("<strong>Stand 10.03.2026:</strong> Pilot läuft."),
        "{a}"
    );
    assert!(
        a.contains("<strong>Stand 01.10.2025:</strong> Start"),
        "{a}"
    );
    assert_eq!(
        a.matches("keine neue Meldung seit 01.10.2025").count(),
        2,
        "HF1-03 and HF2-04"
    );
    assert!(!a.contains("keine Meldung im Berichtszeitraum"));
    // Verzug und Entscheidungsbedarf: only HF2-02, decision date passed at the Stichtag,
    // the open milestone (not the one done in time), cause, options and the decision
    let v = &a[a.find("id=\"verzug\"").unwrap()..a.find("id=\"veraenderungen\"").unwrap()];
    assert_eq!(v.matches("<tr>\n    <th scope=\"row\">").count(), 1, "{v}");
    for needle in [
        "HF2-02 Maßnahme Nummer 2",
        "<strong>Entscheidung nötig bis:</strong> 27.01.2026 – zum Stichtag überschritten",
        "<strong>Überfälliger Meilenstein:</strong> Zuschlag erteilt (fällig 31.05.2026)",
        "<strong>Ursache:</strong> Kein wirtschaftliches Angebot.",
        "<strong>Handlungsoptionen:</strong> a) Neu ausschreiben; b) Umfang kürzen.",
        "Beschluss vom 12.05.2026: Die AG empfiehlt die Neuausschreibung.",
    ] {
        assert!(v.contains(needle), "Verzug lacks {needle:?}\n{v}");
    }
    assert!(!v.contains("Leistungsbeschreibung"));
    // finances per year (hand-computed from the budget lines of `programme`):
    // 2026: Plan 1.000 + 2.000, Ansatz 900 + 2.000, Ist 500 + 250; 2027: Plan 5.000
    let f = &a[a.find("id=\"finanzen\"").unwrap()..a.find("id=\"ziele\"").unwrap()];
    let row = |label: &str, cells: [&str; 6]| {
        let tds: String = cells
            .iter()
            .map(|c| format!("<td class=\"num\">{}</td>", c.replace(" €", "\u{a0}€")))
            .collect();
        format!("<th scope=\"row\">{label}</th>{tds}")
    };
    for expected in [
        row(
            "2026",
            [
                "3.000,00 €",
                "2.900,00 €",
                "750,00 €",
                "−100,00 €",
                "−2.150,00 €",
                "26 %",
            ],
        ),
        row(
            "2027",
            [
                "5.000,00 €",
                "0,00 €",
                "0,00 €",
                "−5.000,00 €",
                "0,00 €",
                "–",
            ],
        ),
        row(
            "Summe aller Haushaltsjahre",
            [
                "8.000,00 €",
                "2.900,00 €",
                "750,00 €",
                "−5.100,00 €",
                "−2.150,00 €",
                "26 %",
            ],
        ),
        // per field of action in 2026: HF1 = measure 1, HF2 = measure 2
        row(
            "HF1 Steuerung",
            [
                "1.000,00 €",
                "900,00 €",
                "500,00 €",
                "−100,00 €",
                "−400,00 €",
                "56 %",
            ],
        ),
        row(
            "HF2 Online-Dienste",
            [
                "2.000,00 €",
                "2.000,00 €",
                "250,00 €",
                "0,00 €",
                "−1.750,00 €",
                "13 %",
            ],
        ),
        row(
            "Summe Haushaltsjahr 2026",
            [
                "3.000,00 €",
                "2.900,00 €",
                "750,00 €",
                "−100,00 €",
                "−2.150,00 €",
                "26 %",
            ],
        ),
    ] {
        assert!(f.contains(&expected), "finances lack {expected:?}\n{f}");
    }
    // the financial effects name the year's Ansatz and Ist
    assert!(a.contains(
        "im Haushaltsjahr 2026 ein Ansatz von 2.900,00\u{a0}€, davon bis zum Stichtag 750,00\u{a0}€ ausgegeben (26 % des Ansatzes)"
    ));
    // goal readings with units and separators
    assert!(a.contains("<td>10 Leistungen</td>"), "{a}");
}

/// Runs a Python snippet with pikepdf (Debian's python3-pikepdf, installed by test.sh
/// for the system Python `/usr/bin/python3`).
fn pikepdf(script: &str, pdf: &std::path::Path) -> String {
    let python = if std::path::Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    };
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(pdf)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "pikepdf check failed (python3-pikepdf is installed by ./test.sh):\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

const UA_CHECK: &str = r#"
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
root = pdf.Root
out = []
out.append("struct=%s" % ("/StructTreeRoot" in root))
out.append("marked=%s" % bool(root.MarkInfo.get("/Marked", False)))
out.append("lang=%s" % str(root.get("/Lang", "")))
out.append("displaydoctitle=%s" % bool(root.ViewerPreferences.get("/DisplayDocTitle", False)))
import re
xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
ns = 'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"' in xmp
part = re.search(r"<pdfuaid:part>(\d+)</pdfuaid:part>|pdfuaid:part=\"(\d+)\"", xmp)
out.append("pdfua=%s" % ((part.group(1) or part.group(2)) if ns and part else ""))
out.append("title=%s" % pdf.open_metadata().get("dc:title", ""))
tables = th = th_scoped = figures = figures_alt = 0
tables_without_th = 0
def kids(e):
    k = e.get("/K")
    if k is None: return []
    if isinstance(k, pikepdf.Array): return [x for x in k if isinstance(x, pikepdf.Dictionary)]
    return [k] if isinstance(k, pikepdf.Dictionary) else []
def scope_of(e):
    a = e.get("/A")
    if a is None: return None
    for d in (a if isinstance(a, pikepdf.Array) else [a]):
        if isinstance(d, pikepdf.Dictionary) and "/Scope" in d: return str(d.Scope)
    return None
def walk(e, in_table):
    global tables, th, th_scoped, figures, figures_alt, tables_without_th
    s = str(e.get("/S", ""))
    if s == "/Table":
        tables += 1
        before = th
        for k in kids(e): walk(k, True)
        if th == before: tables_without_th += 1
        return
    if s == "/TH":
        th += 1
        if scope_of(e) in ("/Column", "/Row", "/Both"): th_scoped += 1
    if s == "/Figure":
        figures += 1
        if str(e.get("/Alt", "")).strip(): figures_alt += 1
    for k in kids(e): walk(k, in_table)
walk(root.StructTreeRoot, False)
out += ["tables=%d" % tables, "tables_without_th=%d" % tables_without_th, "th=%d" % th, "th_scoped=%d" % th_scoped, "figures=%d" % figures, "figures_alt=%d" % figures_alt]
print("\n".join(out))
"#;

fn field<'a>(report: &'a str, key: &str) -> &'a str {
    report
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("{key} missing in\n{report}"))
}

#[tokio::test]
async fn the_released_pdf_is_pdf_ua_with_header_cells_and_figure_alternatives() {
    let app = spawn_app().await;
    set_letterhead(&app).await;
    late_programme(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let mut leitung = app.signed_in("ob", Role::Leitung).await;
    let id = create_report(
        &mut ag,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/12/2026",
    )
    .await;
    assert_eq!(release(&mut leitung, id).await.status, 303);
    let bytes = leitung.get_raw(&format!("/berichte/{id}.pdf")).await.bytes;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bericht.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let r = pikepdf(UA_CHECK, &file);
    assert_eq!(field(&r, "struct"), "True", "{r}");
    assert_eq!(field(&r, "marked"), "True", "{r}");
    assert_eq!(field(&r, "lang"), "de-DE", "{r}");
    assert_eq!(field(&r, "displaydoctitle"), "True", "{r}");
    assert_eq!(field(&r, "pdfua"), "1", "{r}");
    assert!(
        field(&r, "title").contains("Sachstandsbericht 1. Halbjahr 2026"),
        "{r}"
    );
    let n = |k: &str| field(&r, k).parse::<i64>().unwrap();
    // cover facts, Beratungsfolge, key figures, Verzug, two fields, three finance tables, goals
    assert!(n("tables") >= 10, "{r}");
    assert_eq!(n("tables_without_th"), 0, "{r}");
    assert_eq!(n("th"), n("th_scoped"), "every TH has a scope: {r}");
    // four charts (status, Ampel, budget, goals), each with its alternative text
    assert_eq!(n("figures"), 4, "{r}");
    assert_eq!(n("figures_alt"), 4, "{r}");
    // the Vorlage is dated on the day of release
    let text = pdf_pages(&file).concat();
    let today = chrono::Utc::now().format("%d.%m.%Y").to_string();
    assert!(text.contains(&today), "{text}");
    assert!(text.contains("Stadt Beispielhausen") && text.contains("Die Bürgermeisterin"));
    assert!(text.contains("Informationsvorlage IV/12/2026 · Stichtag 30.06.2026"));
}

/// The PDF's text page by page (`pdftotext -layout`, pages split at form feeds).
fn pdf_pages(file: &std::path::Path) -> Vec<String> {
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, installed by ./test.sh)");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .replace('\u{a0}', " ")
        .split('\u{c}')
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn measure_rows_never_split_across_pages() {
    let app = spawn_app().await;
    let seed = app.seed(40).await;
    app.exec("UPDATE measures SET created_at = '2025-06-01T08:00:00Z';")
        .await;
    // long Sachstand texts, each with a start and an end marker
    for (i, id) in seed.measures.iter().enumerate() {
        let text = format!(
            "ANFANG{i:02}A {} ENDE{i:02}Z",
            "Die Arbeiten gehen voran, Abstimmungen mit den Fachämtern laufen. ".repeat(3 + i % 5)
        );
        update_with(
            &app,
            *id,
            "2026-03-01T09:00:00Z",
            "umsetzung",
            "gruen",
            30,
            &text,
            "",
            "",
        )
        .await;
    }
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let id = create_report(
        &mut ag,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/12/2026",
    )
    .await;
    let bytes = ag.get_raw(&format!("/berichte/{id}.pdf")).await.bytes;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bericht.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let pages = pdf_pages(&file);
    assert!(pages.len() >= 5, "{} pages", pages.len());
    let page_of = |needle: &str| {
        let hits: Vec<usize> = (0..pages.len())
            .filter(|p| pages[*p].contains(needle))
            .collect();
        assert_eq!(hits.len(), 1, "{needle} on pages {hits:?}");
        hits[0]
    };
    let mut pages_seen = std::collections::BTreeSet::new();
    for i in 0..seed.measures.len() {
        let start = page_of(&format!("ANFANG{i:02}A"));
        let end = page_of(&format!("ENDE{i:02}Z"));
        assert_eq!(start, end, "row {i} split over pages {start} and {end}");
        pages_seen.insert(start);
    }
    // the rows really spread over several pages, and every page repeats the header
    assert!(pages_seen.len() >= 3, "{pages_seen:?}");
    for p in &pages_seen {
        assert!(
            pages[*p].contains("Sachstand und nächste Schritte"),
            "page {p} without the table header"
        );
    }
    // the status words are never hyphenated
    let all = pages.concat();
    assert!(
        !all.contains("Umset-") && !all.contains("Umset\u{ad}"),
        "hyphenated status"
    );
}

/// The browser's A4 print carries the page furniture the PDF has: the report page links its
/// own print stylesheet, which puts "Vorlage-Nr. … · Stichtag …" in the page margin (a
/// Vorlage number with CSS syntax in it cannot break out of the string).
#[tokio::test]
async fn the_html_print_names_vorlage_and_stichtag_on_every_page() {
    let app = spawn_app().await;
    programme(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let id = create_report(
        &mut ag,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/\"12\";}",
    )
    .await;
    let page = ag.get(&format!("/berichte/{id}")).await;
    let link = format!("<link rel=\"stylesheet\" href=\"/berichte/{id}.css\" media=\"print\">");
    assert!(page.contains(&link), "{}", page.body);
    let css = ag.get(&format!("/berichte/{id}.css")).await;
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    assert_eq!(
        css.body,
        "@page { @bottom-left { content: \"Vorlage-Nr. IV/\\22 12\\22 \\3b \\7d  \\b7  Stichtag 30.06.2026\"; font-size: 8pt; } }\n"
    );
    // the same rules as the report: no login, no stylesheet
    let mut anonymous = app.browser();
    assert_ne!(
        anonymous.get(&format!("/berichte/{id}.css")).await.status,
        200
    );
}
