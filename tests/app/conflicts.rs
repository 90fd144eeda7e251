//! Nothing lost, even on the second try: two people save the same form (measures, goals,
//! budget lines, agenda items, reports) — fields only one of them changed are merged,
//! a field both changed needs an explicit choice, and a third save in between conflicts
//! again. A stale status form warns with the newer update before anything is written.

use sachstand::domain::Role;

use crate::harness::html::{scrape_form, set_field};
use crate::support::{Audit, Browser, Resp, TestApp, spawn_app};

type Fields = Vec<(String, String)>;

/// The page as a person reads it: tags removed, entities decoded, blanks collapsed.
fn text(r: &Resp) -> String {
    let no_tags = regex_lite::Regex::new(r"(?s)<[^>]*>")
        .expect("regex")
        .replace_all(&r.body, " ");
    crate::harness::html::unescape_html(&no_tags)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the browser would send for the form posting exactly to `action`.
fn form_of(r: &Resp, action: &str) -> Fields {
    let at = r
        .body
        .find(&format!("action=\"{action}\""))
        .unwrap_or_else(|| panic!("no form {action}: {}", r.body));
    scrape_form(&format!("<form {}", &r.body[at..]), action).expect("form")
}

/// Opens a form page and returns what the browser would send for its form to `action`.
async fn open(b: &mut Browser, page: &str, action: &str) -> Fields {
    let r = b.get(page).await;
    assert_eq!(r.status, 200, "{page}: {}", r.body);
    form_of(&r, action)
}

fn with(mut f: Fields, changes: &[(&str, &str)]) -> Fields {
    for (k, v) in changes {
        set_field(&mut f, k, v);
    }
    f
}

async fn scalar(app: &TestApp, sql: &str) -> String {
    sachstand::db::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&app.db.read)
        .await
        .expect(sql)
}

#[tokio::test]
async fn measure_edits_merge_by_field_and_a_field_changed_by_both_needs_a_choice() {
    let app = spawn_app().await;
    let id = app.seed(1).await.measures[0];
    let mut alice = app.signed_in("alice", Role::Ag).await;
    let mut bob = app.signed_in("bob", Role::Ag).await;
    let page = format!("/massnahmen/{id}/bearbeiten");

    // A changes the title, B the description: after B's save both are kept.
    let a = open(&mut alice, &page, &page).await;
    let b = open(&mut bob, &page, &page).await;
    let r = alice
        .post_raw(&page, &with(a, &[("title", "Titel von Alice")]))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = bob
        .post_raw(
            &page,
            &with(
                b,
                &[("description", "Beschreibung von Bob\r\nzweite Zeile")],
            ),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let shown = bob.follow(&r).await;
    assert!(shown.contains("Gespeichert. Ihre Änderungen wurden mit einer zwischenzeitlich gespeicherten Änderung zusammengeführt"));
    let sql = format!(
        "SELECT title || ' | ' || description || ' | ' || version FROM measures WHERE id = {id}"
    );
    assert_eq!(
        scalar(&app, &sql).await,
        "Titel von Alice | Beschreibung von Bob\r\nzweite Zeile | 3"
    );
    // B's audit row records only what B's save changed.
    app.assert_audited(
        Audit::action("bearbeiten")
            .entity("massnahme")
            .by("bob")
            .new_has("Beschreibung von Bob")
            .old_lacks("Titel"),
        1,
    )
    .await;

    // Both change the title; A also the person, the end date and the priority: 409 for B.
    let a = open(&mut alice, &page, &page).await;
    let b = open(&mut bob, &page, &page).await;
    let r = alice
        .post_raw(
            &page,
            &with(
                a,
                &[
                    ("title", "Alice zwei"),
                    ("person_id", "2"),
                    ("planned_end", "2026-11-28"),
                    ("priority", "hoch"),
                ],
            ),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let before = app.snapshot().await;
    let r = bob
        .post_raw(
            &page,
            &with(b, &[("title", "Bob zwei"), ("effort_days", "55")]),
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(before, app.snapshot().await, "a 409 writes nothing");
    let t = text(&r);
    assert!(
        t.contains("Die Maßnahme wurde inzwischen geändert – von alice am"),
        "{t}"
    );
    assert!(t.contains("Titel bitte wählen"), "{t}");
    assert!(t.contains("Beim Öffnen Ihres Formulars Titel von Alice Gespeichert von alice Alice zwei Ihre Eingabe Bob zwei"), "{t}");
    // Values as people read them: names, German dates, labels; never ids.
    assert!(
        t.contains("Verantwortliche Person: die Änderung von alice „Max Muster"),
        "{t}"
    );
    assert!(
        t.contains("Geplantes Ende: die Änderung von alice „28.11.2026“ bleibt erhalten"),
        "{t}"
    );
    assert!(
        t.contains("Priorität: die Änderung von alice „hoch“ bleibt erhalten"),
        "{t}"
    );
    assert!(
        t.contains(
            "Interner Aufwand (Personentage): Ihre Änderung „55 Personentage“ wird übernommen"
        ),
        "{t}"
    );
    assert!(!t.contains("(Nr.)"), "{t}");
    // The form below keeps B's input and already holds A's other changes.
    let again = form_of(&r, &page);
    let value = |f: &Fields, k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(value(&again, "title").as_deref(), Some("Bob zwei"));
    assert_eq!(value(&again, "effort_days").as_deref(), Some("55"));
    assert_eq!(value(&again, "person_id").as_deref(), Some("2"));
    assert_eq!(value(&again, "planned_end").as_deref(), Some("2026-11-28"));

    // Saving again without a choice: asked again, nothing written.
    let r = bob.post_raw(&page, &again).await;
    assert_eq!(r.status, 409);
    assert!(
        text(&r).contains("Bitte wählen Sie bei dem markierten Feld, welcher Wert gelten soll.")
    );
    assert_eq!(before, app.snapshot().await);

    // "Gespeicherten Wert behalten": A's title stays, B's effort and A's other changes too.
    let r = bob
        .post_raw(
            &page,
            &with(again.clone(), &[("wahl_title", "gespeichert")]),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let sql = format!(
        "SELECT title || ' | ' || effort_days || ' | ' || person_id || ' | ' || planned_end || ' | ' || priority FROM measures WHERE id = {id}"
    );
    assert_eq!(
        scalar(&app, &sql).await,
        "Alice zwei | 55 | 2 | 2026-11-28 | hoch"
    );

    // "Meine Eingabe übernehmen": B's title wins.
    let a = open(&mut alice, &page, &page).await;
    let b = open(&mut bob, &page, &page).await;
    let r = alice
        .post_raw(&page, &with(a, &[("title", "Alice drei")]))
        .await;
    assert_eq!(r.status, 303);
    let r = bob
        .post_raw(&page, &with(b, &[("title", "Bob drei")]))
        .await;
    assert_eq!(r.status, 409);
    let r = bob
        .post_raw(&page, &with(form_of(&r, &page), &[("wahl_title", "meine")]))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let sql = format!("SELECT title FROM measures WHERE id = {id}");
    assert_eq!(scalar(&app, &sql).await, "Bob drei");

    // A third save between the 409 and the choice: the choice conflicts again, nothing is
    // overwritten, and a new choice then saves.
    let mut carol = app.signed_in("carol", Role::Ag).await;
    let a = open(&mut alice, &page, &page).await;
    let b = open(&mut bob, &page, &page).await;
    let r = alice
        .post_raw(&page, &with(a, &[("title", "Alice vier")]))
        .await;
    assert_eq!(r.status, 303);
    let r = bob
        .post_raw(&page, &with(b, &[("title", "Bob vier")]))
        .await;
    assert_eq!(r.status, 409);
    let chosen = with(form_of(&r, &page), &[("wahl_title", "meine")]);
    let c = open(&mut carol, &page, &page).await;
    let r = carol
        .post_raw(&page, &with(c, &[("title", "Carol vier")]))
        .await;
    assert_eq!(r.status, 303);
    let before = app.snapshot().await;
    let r = bob.post_raw(&page, &chosen).await;
    assert_eq!(r.status, 409, "a stale choice must conflict again");
    let t = text(&r);
    assert!(t.contains("von carol am"), "{t}");
    assert!(
        t.contains("Gespeichert von carol Carol vier Ihre Eingabe Bob vier"),
        "{t}"
    );
    assert_eq!(before, app.snapshot().await);
    assert_eq!(scalar(&app, &sql).await, "Carol vier");
    let r = bob
        .post_raw(&page, &with(form_of(&r, &page), &[("wahl_title", "meine")]))
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(scalar(&app, &sql).await, "Bob vier");
}

#[tokio::test]
async fn goal_edits_merge_by_field_and_the_choice_decides_a_shared_field() {
    let app = spawn_app().await;
    app.seed(2).await;
    app.exec(
        "INSERT INTO goals (id, programme_id, field_id, title, indicator, unit, baseline, target_value, baseline_on, target_on)
         VALUES (1, 1, 2, 'Online verfügbare Leistungen', 'Leistungen ab Reifegrad 2', 'Anzahl', 17, 60, '2023-01-01', '2027-12-31')",
    )
    .await;
    let mut alice = app.signed_in("alice", Role::Ag).await;
    let mut bob = app.signed_in("bob", Role::Ag).await;
    let page = "/ziele/1/bearbeiten";
    let a = open(&mut alice, page, page).await;
    let b = open(&mut bob, page, page).await;
    assert_eq!(
        alice
            .post_raw(page, &with(a, &[("title", "Online-Dienste")]))
            .await
            .status,
        303
    );
    let r = bob
        .post_raw(
            page,
            &with(b, &[("indicator", "Leistungen ab Reifegrad 3")]),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // (the REAL target value apart: SQLite's text of it is "60.0", PostgreSQL's "60")
    let sql = "SELECT title || ' | ' || indicator || ' | ' || version FROM goals WHERE id = 1";
    assert_eq!(
        scalar(&app, sql).await,
        "Online-Dienste | Leistungen ab Reifegrad 3 | 3"
    );
    let target: f64 = sachstand::db::query_scalar("SELECT target_value FROM goals WHERE id = 1")
        .fetch_one(&app.db.read)
        .await
        .expect("target value");
    assert_eq!(target, 60.0);
    // both change the target value and A the target date: a choice; A's date stays
    let a = open(&mut alice, page, page).await;
    let b = open(&mut bob, page, page).await;
    let r = alice
        .post_raw(
            page,
            &with(a, &[("target_value", "70"), ("target_on", "2028-06-30")]),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = bob
        .post_raw(page, &with(b, &[("target_value", "65,5")]))
        .await;
    assert_eq!(r.status, 409);
    let t = text(&r);
    assert!(
        t.contains("Das Ziel wurde inzwischen geändert – von alice"),
        "{t}"
    );
    assert!(t.contains("Zielwert bitte wählen"), "{t}");
    assert!(
        t.contains("Zieldatum: die Änderung von alice „30.06.2028“ bleibt erhalten"),
        "{t}"
    );
    let r = bob
        .post_raw(
            page,
            &with(form_of(&r, page), &[("wahl_target_value", "meine")]),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let sql = "SELECT target_value || ' | ' || target_on FROM goals WHERE id = 1";
    assert_eq!(scalar(&app, sql).await, "65.5 | 2028-06-30");
}

#[tokio::test]
async fn budget_line_edits_merge_by_field_and_show_money_as_people_read_it() {
    let app = spawn_app().await;
    app.seed(1).await;
    app.exec(
        "INSERT INTO budget_lines (id, measure_id, fiscal_year, kind, product, account, planned, approved, actual, note)
         VALUES (1, 1, 2027, 'investiv', '1.1.1.06', '7831', 1250050, 1000000, 0, 'Server')",
    )
    .await;
    let mut alice = app.signed_in("alice", Role::Ag).await;
    let mut bob = app.signed_in("bob", Role::Ag).await;
    let page = "/haushalt/zeilen/1";
    let a = open(&mut alice, page, page).await;
    let b = open(&mut bob, page, page).await;
    assert_eq!(
        alice
            .post_raw(page, &with(a, &[("actual", "4.000")]))
            .await
            .status,
        303
    );
    let r = bob
        .post_raw(page, &with(b, &[("note", "Server und Lizenzen")]))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let sql = "SELECT actual || ' | ' || note FROM budget_lines WHERE id = 1";
    assert_eq!(scalar(&app, sql).await, "400000 | Server und Lizenzen");
    // both change the approved amount: a choice, amounts in euros
    let a = open(&mut alice, page, page).await;
    let b = open(&mut bob, page, page).await;
    assert_eq!(
        alice
            .post_raw(page, &with(a, &[("approved", "1234,56")]))
            .await
            .status,
        303
    );
    let r = bob
        .post_raw(page, &with(b, &[("approved", "11.000")]))
        .await;
    assert_eq!(r.status, 409);
    let t = text(&r);
    assert!(
        t.contains("Die Haushaltszeile wurde inzwischen geändert – von alice"),
        "{t}"
    );
    assert!(
        t.contains("Beim Öffnen Ihres Formulars 10.000,00 € Gespeichert von alice 1.234,56 € Ihre Eingabe 11.000,00 €"),
        "{t}"
    );
    let r = bob
        .post_raw(
            page,
            &with(form_of(&r, page), &[("wahl_approved", "gespeichert")]),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let sql = "SELECT approved || ' | ' || actual FROM budget_lines WHERE id = 1";
    assert_eq!(scalar(&app, sql).await, "123456 | 400000");
    app.assert_audited(Audit::action("haushaltszeile_bearbeiten"), 4)
        .await;
}

#[tokio::test]
async fn agenda_item_edits_merge_by_field_and_a_shared_field_needs_a_choice() {
    let app = spawn_app().await;
    app.seed(1).await;
    app.exec(
        "INSERT INTO meetings (id, programme_id, kind, starts_at, ends_at, place, state)
           VALUES (1, 1, 'ag', '2027-03-04T14:00', '2027-03-04T16:00', 'Rathaus', 'terminiert');
         INSERT INTO agenda_items (id, meeting_id, position, title, planned_minutes)
           VALUES (1, 1, 1, 'Sachstand E-Akte', 10);",
    )
    .await;
    let mut alice = app.signed_in("alice", Role::Ag).await;
    let mut bob = app.signed_in("bob", Role::Ag).await;
    let page = "/sitzungen/1/tops/1";
    let a = open(&mut alice, page, page).await;
    let b = open(&mut bob, page, page).await;
    assert_eq!(
        alice
            .post_raw(page, &with(a, &[("title", "Sachstand E-Akte und DMS")]))
            .await
            .status,
        303
    );
    let r = bob
        .post_raw(
            page,
            &with(b, &[("planned_minutes", "25"), ("public", "0")]),
        )
        .await;
    assert_eq!(r.status, 303, "{}", text(&r));
    let sql = "SELECT title || ' | ' || planned_minutes || ' | ' || (CASE WHEN public THEN '1' ELSE '0' END) FROM agenda_items WHERE id = 1";
    assert_eq!(scalar(&app, sql).await, "Sachstand E-Akte und DMS | 25 | 0");
    // both change the duration: a choice
    let a = open(&mut alice, page, page).await;
    let b = open(&mut bob, page, page).await;
    assert_eq!(
        alice
            .post_raw(
                page,
                &with(a, &[("planned_minutes", "30"), ("public", "1")])
            )
            .await
            .status,
        303
    );
    let r = bob
        .post_raw(page, &with(b, &[("planned_minutes", "15")]))
        .await;
    assert_eq!(r.status, 409);
    let t = text(&r);
    assert!(
        t.contains("Der Tagesordnungspunkt wurde inzwischen geändert – von alice"),
        "{t}"
    );
    assert!(
        t.contains("Gespeichert von alice 30 Minuten Ihre Eingabe 15 Minuten"),
        "{t}"
    );
    assert!(
        t.contains("Öffentlich: die Änderung von alice „öffentlich“ bleibt erhalten"),
        "{t}"
    );
    let r = bob
        .post_raw(
            page,
            &with(form_of(&r, page), &[("wahl_planned_minutes", "meine")]),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(scalar(&app, sql).await, "Sachstand E-Akte und DMS | 15 | 1");
}

#[tokio::test]
async fn item_minutes_merge_by_field_and_a_shared_field_needs_a_choice() {
    let app = spawn_app().await;
    app.seed(1).await;
    app.exec(
        "INSERT INTO meetings (id, programme_id, kind, starts_at, ends_at, place, state)
           VALUES (1, 1, 'ag', '2027-03-04T14:00', '2027-03-04T16:00', 'Rathaus', 'terminiert');
         INSERT INTO agenda_items (id, meeting_id, position, title, planned_minutes)
           VALUES (1, 1, 1, 'Sachstand E-Akte', 10);",
    )
    .await;
    let mut alice = app.signed_in("alice", Role::Ag).await;
    let mut bob = app.signed_in("bob", Role::Ag).await;
    let page = "/sitzungen/1/tops/1";
    let action = "/sitzungen/1/tops/1/protokoll";
    let sql = "SELECT notes || ' | ' || outcome || ' | ' || (CASE WHEN dealt_with THEN '1' ELSE '0' END) FROM agenda_items WHERE id = 1";
    // different fields: alice writes the discussion, bob the outcome and ticks "behandelt"
    let a = open(&mut alice, page, action).await;
    let b = open(&mut bob, page, action).await;
    let r = alice
        .post_raw(action, &with(a, &[("notes", "Die AG berät die E-Akte.")]))
        .await;
    assert_eq!(r.status, 303, "{}", text(&r));
    let r = bob
        .post_raw(
            action,
            &with(
                b,
                &[("outcome", "zur Kenntnis genommen"), ("dealt_with", "1")],
            ),
        )
        .await;
    assert_eq!(r.status, 303, "{}", text(&r));
    assert_eq!(r.location(), "/sitzungen/1?meldung=zusammengefuehrt#top-1");
    assert_eq!(
        scalar(&app, sql).await,
        "Die AG berät die E-Akte. | zur Kenntnis genommen | 1"
    );
    // an edit of the item's title in between (same row version) loses no minutes either
    let a = open(&mut alice, page, page).await;
    let b = open(&mut bob, page, action).await;
    let r = alice
        .post_raw(page, &with(a, &[("title", "Sachstand E-Akte und DMS")]))
        .await;
    assert_eq!(r.status, 303, "{}", text(&r));
    let r = bob
        .post_raw(action, &with(b, &[("outcome", "einstimmig empfohlen")]))
        .await;
    assert_eq!(r.status, 303, "{}", text(&r));
    assert_eq!(
        scalar(&app, sql).await,
        "Die AG berät die E-Akte. | einstimmig empfohlen | 1"
    );
    assert_eq!(
        scalar(&app, "SELECT title FROM agenda_items WHERE id = 1").await,
        "Sachstand E-Akte und DMS"
    );
    // both change the discussion: a choice; bob's other change is applied without asking
    let a = open(&mut alice, page, action).await;
    let b = open(&mut bob, page, action).await;
    let r = alice
        .post_raw(
            action,
            &with(a, &[("notes", "Die AG berät die E-Akte und das DMS.")]),
        )
        .await;
    assert_eq!(r.status, 303);
    let before = app.snapshot().await;
    let r = bob
        .post_raw(
            action,
            &with(b, &[("notes", "Kurze Beratung."), ("outcome", "vertagt")]),
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(before, app.snapshot().await, "nothing written on a 409");
    let t = text(&r);
    assert!(
        t.contains("Das Protokoll des Tagesordnungspunkts wurde inzwischen geändert – von alice"),
        "{t}"
    );
    assert!(
        t.contains(
            "Beim Öffnen Ihres Formulars Die AG berät die E-Akte. Gespeichert von alice \
             Die AG berät die E-Akte und das DMS. Ihre Eingabe Kurze Beratung."
        ),
        "{t}"
    );
    assert!(
        t.contains("Ergebnis: Ihre Änderung „vertagt“ wird übernommen"),
        "{t}"
    );
    // saving again without a choice asks again and writes nothing
    let again = form_of(&r, action);
    let r = bob.post_raw(action, &again).await;
    assert_eq!(r.status, 409);
    assert!(text(&r).contains("Bitte wählen Sie bei dem markierten Feld"));
    assert_eq!(before, app.snapshot().await);
    // keep the stored value: alice's discussion stays, bob's outcome is applied
    let r = bob
        .post_raw(
            action,
            &with(form_of(&r, action), &[("wahl_notes", "gespeichert")]),
        )
        .await;
    assert_eq!(r.status, 303, "{}", text(&r));
    assert_eq!(
        scalar(&app, sql).await,
        "Die AG berät die E-Akte und das DMS. | vertagt | 1"
    );
    app.assert_audited(Audit::action("protokoll_top"), 5).await;
}

#[tokio::test]
async fn assessment_decisions_merge_by_field_and_the_choice_decides_a_shared_field() {
    let app = spawn_app().await;
    app.seed(1).await;
    let mut alice = app.signed_in("alice", Role::Ag).await;
    let mut bob = app.signed_in("bob", Role::Ag).await;
    alice.get("/bewertung/neu").await;
    let r = alice
        .post(
            "/bewertung/neu",
            &[
                ("programme_id", "1"),
                ("title", "Mängelmelder"),
                ("origin", "Stadtrat"),
                ("description", "Schäden online melden."),
                ("raised_on", "12.06.2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = r
        .location()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    let id = page.trim_start_matches("/bewertung/").to_string();
    let r = alice
        .post(
            &format!("{page}/bewerten"),
            &[
                ("assessed_on", "2026-10-01"),
                ("one_time_cost", "9.500,00"),
                ("yearly_cost", "3.600"),
                ("person_days", "35"),
                ("urgency", "80"),
                ("strategic", "70"),
                ("external", "40"),
                ("effort_index", "2"),
                ("justification", "Hoher Nutzen."),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let action = format!("{page}/entscheidung");
    let a = open(&mut alice, &page, &action).await;
    let r = alice
        .post_raw(
            &action,
            &with(
                a,
                &[
                    ("decision", "zurueckgestellt"),
                    ("decision_reason", "Haushalt 2028."),
                    ("decided_on", "2026-12-01"),
                ],
            ),
        )
        .await;
    assert_eq!(r.status, 303, "{}", text(&r));
    let sql = format!(
        "SELECT recommendation || ' | ' || decision || ' | ' || decision_reason || ' | ' || decided_on
           FROM expectations WHERE id = {id}"
    );
    // different fields: alice the recommendation, bob the reason
    let a = open(&mut alice, &page, &action).await;
    let b = open(&mut bob, &page, &action).await;
    let r = alice
        .post_raw(
            &action,
            &with(
                a,
                &[("recommendation", "Die AG empfiehlt den Mängelmelder.")],
            ),
        )
        .await;
    assert_eq!(r.status, 303, "{}", text(&r));
    let r = bob
        .post_raw(
            &action,
            &with(b, &[("decision_reason", "Haushalt 2028, Mittel fehlen.")]),
        )
        .await;
    assert_eq!(r.status, 303, "{}", text(&r));
    assert_eq!(r.location(), format!("{page}?meldung=zusammengefuehrt"));
    assert_eq!(
        scalar(&app, &sql).await,
        "Die AG empfiehlt den Mängelmelder. | zurueckgestellt | Haushalt 2028, Mittel fehlen. | 2026-12-01"
    );
    // both change the reason, alice also the date: a choice for the reason only
    let a = open(&mut alice, &page, &action).await;
    let b = open(&mut bob, &page, &action).await;
    let r = alice
        .post_raw(
            &action,
            &with(
                a,
                &[
                    ("decision_reason", "Erst nach dem Haushalt 2028."),
                    ("decided_on", "2026-12-03"),
                ],
            ),
        )
        .await;
    assert_eq!(r.status, 303, "{}", text(&r));
    let before = app.snapshot().await;
    let r = bob
        .post_raw(
            &action,
            &with(b, &[("decision_reason", "Zurück in die AG.")]),
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(before, app.snapshot().await, "nothing written on a 409");
    let t = text(&r);
    assert!(
        t.contains("Die Entscheidung wurde inzwischen geändert – von alice"),
        "{t}"
    );
    assert!(
        t.contains(
            "Gespeichert von alice Erst nach dem Haushalt 2028. Ihre Eingabe Zurück in die AG."
        ),
        "{t}"
    );
    // the date as people read it
    assert!(
        t.contains("Datum der Entscheidung: die Änderung von alice „03.12.2026“ bleibt erhalten"),
        "{t}"
    );
    // take mine: bob's reason, alice's date
    let r = bob
        .post_raw(
            &action,
            &with(form_of(&r, &action), &[("wahl_decision_reason", "meine")]),
        )
        .await;
    assert_eq!(r.status, 303, "{}", text(&r));
    assert_eq!(
        scalar(&app, &sql).await,
        "Die AG empfiehlt den Mängelmelder. | zurueckgestellt | Zurück in die AG. | 2026-12-03"
    );
    app.assert_audited(Audit::action("entscheiden"), 5).await;
}

#[tokio::test]
async fn archiving_a_measure_changed_meanwhile_says_by_whom_and_archives_on_the_second_try() {
    let app = spawn_app().await;
    let id = app.seed(1).await.measures[0];
    let mut alice = app.signed_in("alice", Role::Ag).await;
    let mut bob = app.signed_in("bob", Role::Ag).await;
    let confirm = format!("/massnahmen/{id}/archivieren");
    let a = open(&mut alice, &confirm, &confirm).await;
    let edit = format!("/massnahmen/{id}/bearbeiten");
    let b = open(&mut bob, &edit, &edit).await;
    let r = bob
        .post_raw(&edit, &with(b, &[("title", "Titel von Bob")]))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let before = app.snapshot().await;
    let r = alice.post_raw(&confirm, &a).await;
    assert_eq!(r.status, 409);
    assert_eq!(before, app.snapshot().await, "nothing written on a 409");
    let t = text(&r);
    assert!(
        t.contains("Die Maßnahme wurde inzwischen geändert – von bob am "),
        "{t}"
    );
    assert!(
        t.contains("sie wurde noch nicht archiviert. Bitte prüfen Sie den aktuellen Stand und archivieren Sie sie dann erneut."),
        "{t}"
    );
    assert!(
        t.contains("Titel von Bob"),
        "the current state is shown: {t}"
    );
    // after looking, the confirmation again archives
    let a = open(&mut alice, &confirm, &confirm).await;
    let r = alice.post_raw(&confirm, &a).await;
    assert_eq!(r.status, 303, "{}", text(&r));
    let sql = format!(
        "SELECT title || ' | ' || (CASE WHEN archived_at IS NOT NULL THEN '1' ELSE '0' END) FROM measures WHERE id = {id}"
    );
    assert_eq!(scalar(&app, &sql).await, "Titel von Bob | 1");
    app.assert_audited(Audit::action("archivieren"), 1).await;
}

#[tokio::test]
async fn report_draft_edits_merge_by_field_including_field_comments() {
    let app = spawn_app().await;
    app.seed(2).await;
    let mut alice = app.signed_in("alice", Role::Ag).await;
    let mut bob = app.signed_in("bob", Role::Ag).await;
    alice.get("/berichte/neu").await;
    let r = alice
        .post(
            "/berichte/neu",
            &[
                ("programme_id", "1"),
                ("period_label", "1. Halbjahr 2026"),
                ("period_start", "01.01.2026"),
                ("cutoff_on", "30.06.2026"),
                ("vorlage_no", "IV/12/2026"),
                ("addressee", "Finanz- und Verwaltungsausschuss"),
                ("committee_on", ""),
                ("summary", "Im Plan."),
                ("outlook", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id = app.count("SELECT max(id) FROM reports").await;
    let page = format!("/berichte/{id}/bearbeiten");
    let a = open(&mut alice, &page, &page).await;
    let b = open(&mut bob, &page, &page).await;
    let r = alice
        .post_raw(&page, &with(a, &[("summary", "Im Wesentlichen im Plan.")]))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = bob
        .post_raw(
            &page,
            &with(
                b,
                &[("outlook", "E-Akte folgt."), ("hf_1", "Steuerung gut")],
            ),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let sql = format!("SELECT summary || ' | ' || outlook FROM reports WHERE id = {id}");
    assert_eq!(
        scalar(&app, &sql).await,
        "Im Wesentlichen im Plan. | E-Akte folgt."
    );
    // both change the comment on HF1: a choice, labelled by the field of action
    let a = open(&mut alice, &page, &page).await;
    let b = open(&mut bob, &page, &page).await;
    assert_eq!(
        alice
            .post_raw(&page, &with(a, &[("hf_1", "Steuerung sehr gut")]))
            .await
            .status,
        303
    );
    let r = bob
        .post_raw(&page, &with(b, &[("hf_1", "Steuerung verbessern")]))
        .await;
    assert_eq!(r.status, 409);
    let t = text(&r);
    assert!(
        t.contains("Der Berichtsentwurf wurde inzwischen geändert – von alice"),
        "{t}"
    );
    assert!(t.contains("Kommentar zu HF1 Steuerung bitte wählen"), "{t}");
    let r = bob
        .post_raw(
            &page,
            &with(form_of(&r, &page), &[("wahl_hf_1", "gespeichert")]),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = bob.get(&format!("/berichte/{id}")).await;
    assert!(page.contains("Steuerung sehr gut"));
    assert!(!page.contains("Steuerung verbessern"));
}

#[tokio::test]
async fn a_stale_status_form_shows_the_newer_update_and_saves_only_on_purpose() {
    let app = spawn_app().await;
    let id = app.seed(1).await.measures[0];
    let mut alice = app.signed_in("alice", Role::Ag).await;
    let mut bob = app.signed_in("bob", Role::Ag).await;
    let page = format!("/massnahmen/{id}");
    let action = format!("/massnahmen/{id}/sachstand");
    let a = open(&mut alice, &page, &action).await;
    let b = open(&mut bob, &page, &action).await;
    // The normal path stays one form, one click.
    let r = alice
        .post_raw(
            &action,
            &with(
                a,
                &[
                    ("progress", "88"),
                    ("ampel", "gruen"),
                    ("text", "Pilot läuft stabil."),
                ],
            ),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let before = app.snapshot().await;
    let mine = with(
        b,
        &[
            ("progress", "85"),
            ("ampel", "rot"),
            ("text", "Lieferant insolvent."),
            ("reason", "Insolvenz des Lieferanten"),
            ("options", "Neuvergabe"),
            ("decision_by", "2099-01-31"),
        ],
    );
    let r = bob.post_raw(&action, &mine).await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(before, app.snapshot().await, "nothing written");
    let t = text(&r);
    assert!(
        t.contains("Inzwischen wurde ein neuerer Sachstand gemeldet – von alice am"),
        "{t}"
    );
    assert!(t.contains("Fortschritt 88 %"), "{t}");
    assert!(t.contains("Sachstand Pilot läuft stabil."), "{t}");
    assert!(t.contains("Meine Meldung trotzdem speichern"), "{t}");
    // the input is kept
    let again = form_of(&r, &action);
    let value = |k: &str| again.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(value("progress").as_deref(), Some("85"));
    assert_eq!(value("ampel").as_deref(), Some("rot"));
    assert_eq!(value("text").as_deref(), Some("Lieferant insolvent."));
    // "save anyway": stored, audited with the update it was saved over
    let r = bob
        .post_raw(&action, &with(again, &[("trotzdem", "1")]))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let sql = format!("SELECT progress || ' | ' || ampel FROM measures WHERE id = {id}");
    assert_eq!(scalar(&app, &sql).await, "85 | rot");
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM status_updates WHERE measure_id = {id}"
        ))
        .await,
        2
    );
    app.assert_audited(
        Audit::action("sachstand_melden")
            .by("bob")
            .new_has("saved_despite_newer_update"),
        1,
    )
    .await;
    app.assert_audited(Audit::action("sachstand_melden"), 2)
        .await;
}

#[tokio::test]
async fn the_status_form_on_an_agenda_item_page_warns_too() {
    let app = spawn_app().await;
    let id = app.seed(1).await.measures[0];
    app.exec(&format!(
        "INSERT INTO meetings (id, programme_id, kind, starts_at, ends_at, place, state)
           VALUES (1, 1, 'ag', '2027-03-04T14:00', '2027-03-04T16:00', 'Rathaus', 'terminiert');
         INSERT INTO agenda_items (id, meeting_id, position, title, planned_minutes)
           VALUES (1, 1, 1, 'Sachstand E-Akte', 10);
         INSERT INTO agenda_item_measures (agenda_item_id, measure_id) VALUES (1, {id});"
    ))
    .await;
    let mut alice = app.signed_in("alice", Role::Ag).await;
    let mut bob = app.signed_in("bob", Role::Ag).await;
    let action = format!("/massnahmen/{id}/sachstand");
    let b = open(&mut bob, "/sitzungen/1/tops/1", &action).await;
    let a = open(&mut alice, &format!("/massnahmen/{id}"), &action).await;
    let r = alice
        .post_raw(&action, &with(a, &[("progress", "88"), ("text", "Neu.")]))
        .await;
    assert_eq!(r.status, 303);
    let r = bob
        .post_raw(&action, &with(b, &[("progress", "85"), ("text", "Alt.")]))
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(text(&r).contains("Fortschritt 88 %"));
    assert_eq!(
        app.count("SELECT count(*) FROM status_updates").await,
        1,
        "nothing written"
    );
}
