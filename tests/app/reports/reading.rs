//! Reading released reports: what council members see, and the released PDF checked with
//! poppler.

use sachstand::domain::Role;

use super::{create_report, programme, release};
use crate::support::{Browser, spawn_app};

#[tokio::test]
async fn council_members_see_released_reports_only() {
    let app = spawn_app().await;
    programme(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let mut leitung = app.signed_in("ob", Role::Leitung).await;
    let released = create_report(
        &mut ag,
        "2. Halbjahr 2025",
        "01.07.2025",
        "31.12.2025",
        "IV/40/2025",
    )
    .await;
    assert_eq!(release(&mut leitung, released).await.status, 303);
    let draft = create_report(
        &mut ag,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/12/2026",
    )
    .await;

    let mut rat = app.signed_in("rat1", Role::Rat).await;
    let list = rat.get("/berichte").await;
    assert_eq!(list.status, 200);
    assert!(list.contains("2. Halbjahr 2025"));
    assert!(!list.contains("1. Halbjahr 2026"));
    assert!(!list.contains("Entwurf"));
    assert!(
        list.body
            .contains("<a href=\"/berichte\" aria-current=\"page\">Berichte</a>")
    );
    for suffix in ["", ".pdf", ".csv", "/bearbeiten"] {
        let r = rat.get(&format!("/berichte/{draft}{suffix}")).await;
        assert!(r.status == 404 || r.status == 403, "{suffix}: {}", r.status);
    }
    assert_eq!(rat.get(&format!("/berichte/{released}")).await.status, 200);
    let csv = rat.get(&format!("/berichte/{released}.csv")).await;
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert!(csv.body.starts_with("\u{feff}Nr.;Maßnahme;"));
    // the AG sees both
    let list = ag.get("/berichte").await;
    assert!(list.contains("1. Halbjahr 2026") && list.contains("Entwurf"));
    // anonymous visitors are sent to the login page, for every format
    let mut anon = Browser::new(&app.base);
    for suffix in ["", ".pdf", ".csv"] {
        let r = anon.get(&format!("/berichte/{released}{suffix}")).await;
        assert_eq!(r.status, 303, "{suffix}");
        assert!(r.location().starts_with("/anmelden"));
    }
    // bad ids
    for bad in [
        "/berichte/abc",
        "/berichte/0",
        "/berichte/999999",
        "/berichte/1.exe",
        "/berichte/-1.pdf",
    ] {
        assert_eq!(ag.get(bad).await.status, 404, "{bad}");
    }
}

/// The PDF, checked for real with poppler's `pdftotext` and `pdfinfo`.
#[tokio::test]
async fn released_pdf_parses_and_holds_cover_titles_and_totals() {
    let app = spawn_app().await;
    programme(&app).await;
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
    let res = leitung.get_raw(&format!("/berichte/{id}.pdf")).await;
    assert_eq!(res.headers["content-type"], "application/pdf");
    let bytes = res.bytes;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bericht.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let info = std::process::Command::new("pdfinfo")
        .arg(&file)
        .output()
        .expect("pdfinfo (poppler-utils, installed by ./test.sh)");
    assert!(
        info.status.success(),
        "pdfinfo failed: {}",
        String::from_utf8_lossy(&info.stderr)
    );
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|p| p.trim().parse().ok())
        .expect("page count");
    assert!((4..=20).contains(&pages), "{pages} pages");
    assert!(info.contains("A4"), "{info}");
    let fonts = std::process::Command::new("pdffonts")
        .arg(&file)
        .output()
        .unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout).to_string();
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "fonts not embedded:\n{fonts}"
    );
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).replace('\u{a0}', " ");
    for needle in [
        "IV/12/2026",
        "Finanz- und Verwaltungsausschuss",
        "15.09.2026",
        "Sachstandsbericht 1. Halbjahr 2026",
        "30.06.2026",
        "Stichtag 30.06.2026",
        "Seite 1 von",
        "Maßnahme Nummer 1",
        "Maßnahme Nummer 2",
        "Maßnahme Nummer 3",
        "Maßnahme Nummer 4",
        "3.000,00 €",
        "8.000,00 €",
        "Mehr Online-Dienste",
    ] {
        assert!(text.contains(needle), "PDF text lacks {needle:?}:\n{text}");
    }
}
