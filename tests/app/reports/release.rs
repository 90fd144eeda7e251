//! Releasing a report: data as of the release despite concurrent changes, the frozen
//! released report, and release only by the Leitung, never by the author.

use sachstand::domain::Role;

use super::{article, create_report, programme, release, reports_dump, update};
use crate::support::{Audit, spawn_app};

#[tokio::test]
async fn a_release_rendered_before_a_concurrent_change_stores_the_data_as_of_the_release() {
    // The release typesets outside the write transaction; if a status update lands in
    // between, the stored snapshot must still hold the data the transaction sees.
    use sachstand::reports::{queries, snapshot};
    let app = spawn_app().await;
    let m = programme(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let id = create_report(
        &mut ag,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/14/2026",
    )
    .await;
    let mut read = app.db.read.acquire().await.expect("read");
    let r = queries::get(&mut read, id)
        .await
        .expect("get")
        .expect("report");
    let prepared = snapshot::prepare(&mut read, &r, "2026-07-01T08:00:00Z")
        .await
        .expect("prepare");
    drop(read);
    update(
        &app,
        m[2],
        "2026-06-15T10:00:00Z",
        "umsetzung",
        "rot",
        35,
        "ZWISCHENDURCH GEMELDET",
    )
    .await;
    let mut tx = app.db.begin_write().await.expect("tx");
    let released = snapshot::release_prepared(&mut tx, &r, 1, "2026-07-01T08:00:00Z", prepared)
        .await
        .expect("release");
    tx.commit().await.expect("commit");
    assert!(released);
    let (html, json): (String, String) =
        sachstand::db::query_as("SELECT snapshot_html, snapshot_json FROM reports WHERE id = ?")
            .bind(id)
            .fetch_one(&app.db.read)
            .await
            .expect("snapshot");
    assert!(html.contains("ZWISCHENDURCH GEMELDET"));
    assert!(json.contains("ZWISCHENDURCH GEMELDET"));
}

#[tokio::test]
async fn released_report_is_frozen_byte_for_byte() {
    let app = spawn_app().await;
    let m = programme(&app).await;
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
    let r = release(&mut leitung, id).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = leitung.follow(&r).await;
    assert!(page.contains("Der Bericht wurde freigegeben"));
    app.assert_audited(Audit::action("bericht_freigeben").id(id), 1)
        .await;

    let mut rat = app.signed_in("rat1", Role::Rat).await;
    let html_before = article(&rat.get(&format!("/berichte/{id}")).await);
    let pdf_before = rat.get_raw(&format!("/berichte/{id}.pdf")).await.bytes;
    let csv_before = rat.get(&format!("/berichte/{id}.csv")).await.body;
    assert!(pdf_before.starts_with(b"%PDF"));

    // measures, budget, goals and field comments change afterwards
    ag.get(&format!("/massnahmen/{}", m[0])).await;
    let r = ag
        .post(
            &format!("/massnahmen/{}/sachstand", m[0]),
            &[
                ("status", "umsetzung"),
                ("ampel", "rot"),
                ("progress", "5"),
                ("text", "Alles anders"),
                ("next_steps", ""),
                ("blockers", ""),
                ("reason", "Neuer Grund"),
                ("options", "Neue Option"),
                ("decision_by", "31.12.2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    app.exec(
        "UPDATE budget_lines SET planned = planned * 3, actual = actual + 1;
         UPDATE goals SET target_value = 999; INSERT INTO goal_readings (goal_id, read_on, value) VALUES (1, '2026-01-02', 11);
         UPDATE measures SET title = 'Umbenannt';",
    )
    .await;

    let html_after = article(&rat.get(&format!("/berichte/{id}")).await);
    let pdf_after = rat.get_raw(&format!("/berichte/{id}.pdf")).await.bytes;
    let csv_after = rat.get(&format!("/berichte/{id}.csv")).await.body;
    assert_eq!(html_before, html_after);
    assert_eq!(pdf_before, pdf_after);
    assert_eq!(csv_before, csv_after);
    assert!(!html_after.contains("Umbenannt"));

    // and it cannot be edited or released again, not even by an admin
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    let before = reports_dump(&app).await;
    let audit = app.audit_count(Audit::all()).await;
    assert_eq!(
        admin
            .get(&format!("/berichte/{id}/bearbeiten"))
            .await
            .status,
        400
    );
    admin.get(&format!("/berichte/{id}")).await;
    let r = admin
        .post(
            &format!("/berichte/{id}/bearbeiten"),
            &[("period_label", "x"), ("summary", "Geändert")],
        )
        .await;
    assert_eq!(r.status, 400);
    // releasing is the Leitung's decision: an administrator may not release at all
    assert_eq!(
        admin
            .post(&format!("/berichte/{id}/freigeben"), &[])
            .await
            .status,
        403
    );
    assert_eq!(
        admin
            .post(
                &format!("/berichte/{id}/abfrage"),
                &[("due_on", "31.12.2099")]
            )
            .await
            .status,
        400
    );
    assert_eq!(before, reports_dump(&app).await);
    assert_eq!(audit, app.audit_count(Audit::all()).await);
    // the database itself refuses changes to a released report
    assert!(
        sachstand::db::query("UPDATE reports SET summary = 'x' WHERE id = ?")
            .bind(id)
            .execute(&app.db.write)
            .await
            .is_err()
    );

    // a correction is a new draft referencing the old one
    let r = admin
        .post(&format!("/berichte/{id}/berichtigen"), &[])
        .await;
    assert_eq!(r.status, 303);
    let corr = admin.follow(&r).await;
    assert!(corr.contains("Diese Fassung ersetzt die Vorlage IV/12/2026 (1. Halbjahr 2026)."));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM reports WHERE corrects_id = {id} AND state = 'entwurf'"
        ))
        .await,
        1
    );
    app.assert_audited(Audit::action("bericht_berichtigen"), 1)
        .await;
}

#[tokio::test]
async fn release_only_by_leitung_and_never_by_the_author() {
    let app = spawn_app().await;
    programme(&app).await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let id = create_report(
        &mut admin,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/12/2026",
    )
    .await;
    let before = reports_dump(&app).await;
    // the author (an admin) may not release their own draft
    let r = release(&mut admin, id).await;
    assert_eq!(r.status, 403);
    // an AG member may not release at all
    let r = release(&mut ag, id).await;
    assert_eq!(r.status, 403);
    // nor may a council member
    let mut rat = app.signed_in("rat1", Role::Rat).await;
    rat.get("/berichte").await;
    assert_eq!(
        rat.post(&format!("/berichte/{id}/freigeben"), &[])
            .await
            .status,
        403
    );
    assert_eq!(before, reports_dump(&app).await);
    app.assert_audited(Audit::action("bericht_freigeben"), 0)
        .await;
    // Leitung, not the author: released
    let mut leitung = app.signed_in("ob", Role::Leitung).await;
    let page = leitung.get(&format!("/berichte/{id}")).await;
    assert!(page.contains(&format!(
        r#"href="/berichte/{id}/freigeben">Bericht freigeben …"#
    )));
    // issue 11: the release asks first; the confirmation page changes nothing
    let confirm = leitung.get(&format!("/berichte/{id}/freigeben")).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.contains("unveränderlich") && confirm.contains("Ja, Bericht freigeben"));
    assert_eq!(before, reports_dump(&app).await);
    let r = release(&mut leitung, id).await;
    assert_eq!(r.status, 303);
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM reports WHERE id = {id} AND state = 'freigegeben' AND snapshot_pdf IS NOT NULL AND snapshot_html IS NOT NULL")).await, 1);
}

#[tokio::test]
async fn a_report_with_hostile_text_in_every_editorial_field_is_released_and_typeset() {
    // Typst syntax, a 4,000-character word, line breaks and template syntax in the fields
    // the Vorlage prints (title, number, addressee, summary, outlook) and in a field
    // comment: the release answers 303, and the PDF carries the text as text.
    let app = spawn_app().await;
    programme(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let id = create_report(
        &mut ag,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/14/2026",
    )
    .await;
    let typst = "\\\"); #read(\"/etc/passwd\") #eval(\"x\") #set page(fill: red) $x^2$ *fett* _kursiv_ <marke> @marke ] } )";
    let long = format!("<script>x</script>{}", "A".repeat(4000));
    let lines = "<img\nsrc=x\tonerror=y>\nzweite Zeile\r\ndritte Zeile";
    sachstand::db::query(
        "UPDATE reports SET period_label = ?, vorlage_no = ?, addressee = ?, summary = ?, outlook = ? WHERE id = ?",
    )
    .bind(typst)
    .bind(&long[..200])
    .bind(lines)
    .bind(&long)
    .bind(format!("{typst} {{{{ 7*7 }}}} {{% if %}} ＜script＞ Straße 😀"))
    .bind(id)
    .execute(&app.db.write)
    .await
    .expect("hostile fields");
    let mut ob = app.signed_in("ob", Role::Leitung).await;
    let r = release(&mut ob, id).await;
    assert_eq!(
        r.status,
        303,
        "release: {}",
        r.body.chars().take(400).collect::<String>()
    );
    // characters no embedded font can show (full-width brackets, an emoji) are named by
    // their code point instead of failing PDF/UA; the rest comes through as typed
    let pdf: Vec<u8> = sachstand::db::query_scalar("SELECT snapshot_pdf FROM reports WHERE id = ?")
        .bind(id)
        .fetch_one(&app.db.read)
        .await
        .expect("pdf");
    let file = std::env::temp_dir().join(format!("sachstand-hostile-{}.pdf", std::process::id()));
    std::fs::write(&file, &pdf).expect("write pdf");
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, installed by ./test.sh)");
    let _ = std::fs::remove_file(&file);
    let text = String::from_utf8_lossy(&out.stdout).replace('\n', " ");
    assert!(
        text.contains("[U+FF1C]script[U+FF1E]"),
        "full-width brackets"
    );
    assert!(text.contains("Straße"));
    assert!(text.contains("#read("), "Typst syntax shown as text");
}
