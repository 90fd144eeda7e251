//! The report as a Word document (issue 12, requirement 6): the editable copy for the
//! council information system. Served with the PDF's access rules, frozen at release,
//! opened with LibreOffice (headless, as a clerk's office suite would) to check that the
//! text comes through, and unzipped to check heading styles and real tables.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use sachstand::domain::Role;

use super::{create_report, programme, release};
use crate::support::{Browser, TestApp, spawn_app};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A programme with a budget line in cents (shown as "1.234,56 €") and a late decision.
async fn report_programme(app: &TestApp) -> Vec<i64> {
    let m = programme(app).await;
    app.exec(&format!(
        "INSERT INTO budget_lines (measure_id, fiscal_year, kind, planned, approved, actual) VALUES
           ({m3}, 2026, 'konsumtiv', 123456, 123456, 0);",
        m3 = m[2]
    ))
    .await;
    m
}

/// Converts `file` with LibreOffice headless (own profile directory, time limit) and
/// returns the converted file's path. Fails when LibreOffice is missing (`./test.sh`
/// installs it).
fn soffice(file: &Path, to: &str, out: &Path) -> PathBuf {
    let version = Command::new("soffice").arg("--version").output().expect(
        "soffice (LibreOffice Writer, Debian libreoffice-writer-nogui, installed by ./test.sh)",
    );
    assert!(version.status.success(), "soffice --version failed");
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new("timeout")
        .arg("180")
        .arg("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(out)
        .arg(file)
        .output()
        .expect("run soffice");
    assert!(
        status.status.success(),
        "soffice --convert-to {to}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let ext = to.split(':').next().unwrap();
    let converted = out.join(format!(
        "{}.{ext}",
        file.file_stem().unwrap().to_string_lossy()
    ));
    assert!(converted.exists(), "{} not written", converted.display());
    converted
}

/// One part of the DOCX package (a ZIP archive) as text.
fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a ZIP archive");
    let mut f = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the DOCX"));
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

async fn released_report(app: &TestApp) -> (i64, Browser) {
    report_programme(app).await;
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
    (id, leitung)
}

#[tokio::test]
async fn the_released_docx_is_frozen_and_reads_as_the_vorlage_in_libreoffice() {
    let app = spawn_app().await;
    let (id, mut leitung) = released_report(&app).await;
    // the report page offers it next to the PDF
    let page = leitung.get(&format!("/berichte/{id}")).await;
    assert!(
        page.contains(&format!(
            "<a class=\"button\" href=\"/berichte/{id}.docx\">Als Word-Datei (DOCX)</a>"
        )),
        "{}",
        page.body
    );
    let first = leitung.get_raw(&format!("/berichte/{id}.docx")).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.headers["content-type"], DOCX);
    assert_eq!(
        first.headers["content-disposition"],
        "attachment; filename=\"Sachstandsbericht-1-Halbjahr-2026.docx\""
    );
    assert!(first.bytes.starts_with(b"PK\x03\x04"), "a ZIP package");
    // frozen at release: the stored bytes, identical on every download and for every role
    let mut rat = app.signed_in("rat1", Role::Rat).await;
    let second = rat.get_raw(&format!("/berichte/{id}.docx")).await;
    assert_eq!(second.status, 200);
    assert!(first.bytes == second.bytes, "the released DOCX changed");
    let stored: Vec<u8> =
        sachstand::db::query_scalar("SELECT snapshot_docx FROM reports WHERE id = ?")
            .bind(id)
            .fetch_one(&app.db.read)
            .await
            .expect("snapshot_docx");
    assert!(
        stored == first.bytes,
        "served bytes are the stored snapshot"
    );
    // later data does not change the released file
    app.exec("UPDATE measures SET title = 'SPÄTER UMBENANNT'")
        .await;
    let third = rat.get_raw(&format!("/berichte/{id}.docx")).await;
    assert!(third.bytes == first.bytes);

    // the structure: Word heading styles, real tables with header rows
    let document = part(&first.bytes, "word/document.xml");
    let styles = part(&first.bytes, "word/styles.xml");
    assert!(styles.contains("w:styleId=\"Heading1\"") && styles.contains("w:val=\"heading 1\""));
    assert!(styles.contains("w:styleId=\"Heading2\"") && styles.contains("w:val=\"heading 2\""));
    for (style, title) in [
        ("Heading1", "Beschlussvorschlag"),
        ("Heading1", "Sachverhalt"),
        ("Heading2", "1. Zusammenfassung und Kennzahlen"),
        ("Heading2", "2. Verzug und Entscheidungsbedarf"),
        ("Heading2", "5. Finanzen"),
        ("Heading1", "Finanzielle Auswirkungen"),
    ] {
        let styled = regex_lite::Regex::new(&format!(
            r#"<w:pStyle w:val="{style}" />.*?<w:t xml:space="preserve">{}</w:t>"#,
            regex_lite::escape(title)
        ))
        .unwrap();
        assert!(styled.is_match(&document), "{title} as {style}");
    }
    let tables = document.matches("<w:tbl>").count();
    // cover facts, Beratungsfolge, key figures, two fields, three finance tables, goals
    assert!(tables >= 9, "{tables} tables");
    assert_eq!(document.matches("<w:tblHeader />").count(), tables);
    // deterministic metadata: no time of day in the package
    let core = part(&first.bytes, "docProps/core.xml");
    assert!(core.contains("2000-01-01T00:00:00Z"), "{core}");
    // the properties a file list shows: title, subject, language; the city as author
    for needle in [
        "<dc:title>Sachstandsbericht 1. Halbjahr 2026</dc:title>",
        "<dc:subject>Informationsvorlage IV/12/2026</dc:subject>",
        "<dc:language>de-DE</dc:language>",
    ] {
        assert!(core.contains(needle), "{needle} missing in {core}");
    }
    assert!(!core.contains("unknown"), "{core}");

    // LibreOffice opens it; the text comes through as in the report
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bericht.docx");
    std::fs::write(&file, &first.bytes).unwrap();
    let txt = soffice(&file, "txt:Text", dir.path());
    let text = std::fs::read_to_string(txt).unwrap().replace('\u{a0}', " ");
    for needle in [
        "Informationsvorlage",
        "IV/12/2026",
        "Beratungsfolge",
        "Finanz- und Verwaltungsausschuss",
        "Kenntnisnahme",
        "Betreff: Sachstandsbericht",
        "Sachverhalt",
        "1. Zusammenfassung und Kennzahlen",
        "4. Stand der Maßnahmen nach Handlungsfeldern",
        "HF1 Steuerung",
        "HF1-01",
        "Maßnahme Nummer 1",
        "Das Programm liegt im Wesentlichen im Plan.",
        "Im nächsten Halbjahr folgt die E-Akte.",
        "1.234,56 €",
        // Plan 2026: 1.000,00 € + 2.000,00 € + 1.234,56 €
        "4.234,56 €",
        "Finanzielle Auswirkungen",
    ] {
        assert!(text.contains(needle), "{needle} missing in\n{text}");
    }
    // and as a document with headings and tables (LibreOffice's HTML export)
    let html = soffice(&file, "html", dir.path());
    let html = std::fs::read_to_string(html).unwrap();
    assert!(
        html.contains("<h1"),
        "no level-1 heading in LibreOffice's reading"
    );
    assert!(
        html.contains("<h2"),
        "no level-2 heading in LibreOffice's reading"
    );
    assert!(
        html.matches("<table").count() >= 9,
        "tables in LibreOffice's reading"
    );
    // a table of contents whose page numbers LibreOffice fills in when it lays out the pages
    let pdf = soffice(&file, "pdf", dir.path());
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-f", "1", "-l", "2"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let front = String::from_utf8_lossy(&out.stdout);
    let contents = front.split("Inhalt").nth(1).unwrap_or_default();
    for entry in [
        "Sachverhalt",
        "1. Zusammenfassung und Kennzahlen",
        "5. Finanzen",
        "Finanzielle Auswirkungen",
    ] {
        let entry_line = regex_lite::Regex::new(&format!(
            r"(?m)^\s*{}\.+\s*\d+\s*$",
            regex_lite::escape(entry)
        ))
        .unwrap();
        assert!(
            entry_line.is_match(contents),
            "{entry} with its page in\n{front}"
        );
    }
}

#[tokio::test]
async fn the_docx_has_the_pdfs_access_rules() {
    let app = spawn_app().await;
    report_programme(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let draft = create_report(
        &mut ag,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/12/2026",
    )
    .await;
    // a draft: the internal roles get it rendered live (the same bytes twice)
    let a = ag.get_raw(&format!("/berichte/{draft}.docx")).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.headers["content-type"], DOCX);
    let b = ag.get_raw(&format!("/berichte/{draft}.docx")).await;
    assert!(a.bytes == b.bytes, "a draft's DOCX is deterministic");
    assert!(part(&a.bytes, "word/document.xml").contains(">Entwurf<"));
    // a council member is denied the draft's PDF, and so its DOCX
    let mut rat = app.signed_in("rat1", Role::Rat).await;
    let pdf = rat.get(&format!("/berichte/{draft}.pdf")).await.status;
    let docx = rat.get(&format!("/berichte/{draft}.docx")).await.status;
    assert_eq!(pdf, 404);
    assert_eq!(docx, pdf);
    // anonymous visitors are sent to the login page
    let mut leitung = app.signed_in("ob", Role::Leitung).await;
    assert_eq!(release(&mut leitung, draft).await.status, 303);
    let mut anon = Browser::new(&app.base);
    let r = anon.get(&format!("/berichte/{draft}.docx")).await;
    assert_eq!(r.status, 303);
    assert!(r.location().starts_with("/anmelden"));
    // bad ids
    assert_eq!(ag.get("/berichte/abc.docx").await.status, 404);
    assert_eq!(ag.get("/berichte/999999.docx").await.status, 404);
}
