//! The public transparency page `/transparenz` as an anonymous visitor sees it: no login,
//! no cookie, cacheable (ETag → 304), off → 404, only measures marked public, the data
//! files with their licence, the Atom feed read by a real feed parser, the per-client
//! limit (429), and a leak test over every public page and file.

use axum::http::Method;
use chrono::NaiveDate;
use sachstand::domain::Role;

use crate::support::{Audit, Browser, TestApp, spawn_app, spawn_app_configured};

/// The demo data as of a fixed day, so the values below stay hand-checkable.
async fn demo_app() -> TestApp {
    let app = spawn_app().await;
    sachstand::demo::load(
        &app.db.write,
        NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
    )
    .await
    .expect("demo data");
    app
}

/// A GET without any cookie, as a private browser window sends it.
async fn anon(app: &TestApp, path: &str) -> crate::harness::client::Raw {
    let mut b = Browser::new(&app.base);
    b.try_request(Method::GET, path, &[], None)
        .await
        .expect("request")
}

fn assert_public_headers(r: &crate::harness::client::Raw, path: &str) {
    assert!(
        r.headers.get("set-cookie").is_none(),
        "{path} sets a cookie: {:?}",
        r.headers.get_all("set-cookie").iter().collect::<Vec<_>>()
    );
    assert_eq!(
        r.headers.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("public, max-age=300"),
        "{path}"
    );
    let etag = r
        .headers
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(etag.len() == 34 && etag.starts_with('"'), "{path}: {etag}");
    let csp = r
        .headers
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(csp.starts_with("default-src 'self'"), "{path}: {csp}");
    assert_eq!(
        r.headers
            .get("x-content-type-options")
            .and_then(|v| v.to_str().ok()),
        Some("nosniff")
    );
}

async fn public_ids(app: &TestApp, public: bool) -> Vec<i64> {
    sachstand::db::query_scalar(
        "SELECT id FROM measures WHERE public = ? AND archived_at IS NULL ORDER BY id",
    )
    .bind(public)
    .fetch_all(&app.db.read)
    .await
    .expect("ids")
}

#[tokio::test]
async fn anonymous_visitor_reads_the_page_without_any_cookie_and_it_is_cacheable() {
    let app = demo_app().await;
    let page = anon(&app, "/transparenz").await;
    assert_eq!(page.status, 200);
    assert_public_headers(&page, "/transparenz");
    let html = page.text();
    assert!(
        html.contains("<title>Digitalisierung: Stand der Maßnahmen – Stadt Musterstadt</title>")
    );
    // the programme by field of action, with the public measure HF1-01 and its values
    assert!(html.contains("<h2 id=\"programm-1\">Arbeitspapier Digitalisierung</h2>"));
    assert!(html.contains("HF1 Steuerung, Strategie und Organisation</h3>"));
    assert!(
        html.contains("Arbeitspapier fortschreiben und Maßnahmencontrolling einführen</a></th>")
    );
    assert!(
        html.contains("<progress max=\"100\" value=\"85\" aria-hidden=\"true\"></progress> 85 %")
    );
    assert!(html.contains("01.10.2022 – 31.12.2026"));
    // as of the latest change of a public measure
    assert!(html.contains("Stand der Angaben: 28.11.2026."), "{html}");
    // charts with their text: HF1 has 3 running measures, all Grün
    assert!(
        html.contains("3 Maßnahmen laufen: 3 Grün, 0 Gelb, 0 Rot."),
        "{html}"
    );
    assert!(html.contains("Maßnahmen nach Status"));
    // no AG navigation, a way in for staff
    assert!(!html.contains("Hauptnavigation"));
    assert!(!html.contains("csrf_token"));
    assert!(html.contains("href=\"/anmelden\""));
    // the released reports with their files, the feed and the data under the licence
    assert!(html.contains("Sachstandsbericht 1. Halbjahr 2026"));
    assert!(html.contains("href=\"/transparenz/berichte/2.pdf\""));
    assert!(html.contains("href=\"/transparenz/berichte/2.docx\""));
    assert!(html.contains("href=\"/transparenz/berichte.atom\""));
    assert!(html.contains(
        "<a href=\"https://www.govdata.de/dl-de/by-2-0\" rel=\"license\">Datenlizenz Deutschland – Namensnennung – 2.0</a>"
    ));

    // the same tag again → 304 without a body; another tag → the page
    let etag = page.headers["etag"].to_str().expect("etag").to_string();
    let mut b = Browser::new(&app.base);
    let again = b
        .try_request(
            Method::GET,
            "/transparenz",
            &[("if-none-match", &etag)],
            None,
        )
        .await
        .expect("request");
    assert_eq!(again.status, 304);
    assert!(again.bytes.is_empty());
    assert_eq!(again.headers["etag"].to_str().expect("etag"), etag);
    assert!(again.headers.get("set-cookie").is_none());
    let other = b
        .try_request(
            Method::GET,
            "/transparenz",
            &[("if-none-match", "\"abc\"")],
            None,
        )
        .await
        .expect("request");
    assert_eq!(other.status, 200);
    // a change to a public measure changes the tag
    app.exec("UPDATE measures SET progress = 90 WHERE code = 'HF1-01' AND programme_id = 1")
        .await;
    let changed = anon(&app, "/transparenz").await;
    assert_ne!(changed.headers["etag"].to_str().expect("etag"), etag);
    assert!(changed.text().contains("value=\"90\""));

    // every public page and file: no cookie, cacheable, the same security headers
    let mut paths = vec![
        "/transparenz/daten.csv".to_string(),
        "/transparenz/daten.json".to_string(),
        "/transparenz/berichte.atom".to_string(),
        "/transparenz/berichte/1".to_string(),
        "/transparenz/berichte/1.pdf".to_string(),
        "/transparenz/berichte/1.docx".to_string(),
    ];
    paths.push(format!(
        "/transparenz/massnahmen/{}",
        public_ids(&app, true).await[0]
    ));
    for p in &paths {
        let r = anon(&app, p).await;
        assert_eq!(r.status, 200, "{p}");
        assert_public_headers(&r, p);
    }
    let pdf = anon(&app, "/transparenz/berichte/1.pdf").await;
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    let stored: Vec<u8> =
        sachstand::db::query_scalar("SELECT snapshot_pdf FROM reports WHERE id = 1")
            .fetch_one(&app.db.read)
            .await
            .expect("pdf");
    assert_eq!(pdf.bytes, stored, "the frozen PDF, byte for byte");
    let docx = anon(&app, "/transparenz/berichte/1.docx").await;
    assert!(docx.bytes.starts_with(b"PK"));
}

#[tokio::test]
async fn only_measures_marked_public_are_shown_and_others_are_not_found() {
    let app = demo_app().await;
    let hidden = public_ids(&app, false).await;
    assert!(!hidden.is_empty(), "the demo keeps some measures internal");
    let shown = public_ids(&app, true).await;
    let page = anon(&app, "/transparenz").await.text();
    for id in &hidden {
        let r = anon(&app, &format!("/transparenz/massnahmen/{id}")).await;
        assert_eq!(r.status, 404, "internal measure {id}");
        assert!(
            !page.contains(&format!("/transparenz/massnahmen/{id}\"")),
            "{id}"
        );
        let (code, title): (String, String) =
            sachstand::db::query_as("SELECT code, title FROM measures WHERE id = ?")
                .bind(id)
                .fetch_one(&app.db.read)
                .await
                .expect("measure");
        assert!(!page.contains(&title), "{code} {title} on the public page");
    }
    for id in &shown {
        assert!(
            page.contains(&format!("/transparenz/massnahmen/{id}\"")),
            "{id}"
        );
    }
    // an archived measure disappears even when marked public
    let gone = shown[0];
    app.exec(&format!(
        "UPDATE measures SET archived_at = '2026-11-30T10:00:00Z' WHERE id = {gone}"
    ))
    .await;
    assert_eq!(
        anon(&app, &format!("/transparenz/massnahmen/{gone}"))
            .await
            .status,
        404
    );
    // a draft report is not public in any format
    let draft: i64 =
        sachstand::db::query_scalar("SELECT id FROM reports WHERE state = 'entwurf' LIMIT 1")
            .fetch_one(&app.db.read)
            .await
            .expect("draft");
    for suffix in ["", ".pdf", ".docx"] {
        let r = anon(&app, &format!("/transparenz/berichte/{draft}{suffix}")).await;
        assert_eq!(r.status, 404, "draft {suffix}");
    }
    for bad in [
        "/transparenz/massnahmen/abc",
        "/transparenz/massnahmen/-1",
        "/transparenz/berichte/x.pdf",
    ] {
        assert_eq!(anon(&app, bad).await.status, 404, "{bad}");
    }
}

#[tokio::test]
async fn the_measure_page_shows_the_public_view_of_hf1_01() {
    let app = demo_app().await;
    let r = anon(&app, "/transparenz/massnahmen/1").await;
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(html.contains(
        "HF1-01</span> Arbeitspapier fortschreiben und Maßnahmencontrolling einführen</h1>"
    ));
    assert!(html.contains("<dt>Federführung</dt><dd>Leitung Hauptamt</dd>"));
    assert!(html.contains("<dt>Status</dt><dd>In Umsetzung</dd>"));
    assert!(html.contains("Grün</span> im Plan"));
    assert!(html.contains("Fortschreibung 1.1 erstellt: Reifegradmodell 2.0 übernommen"));
    assert!(html.contains("Stand 20.11.2025, aus dem <a href=\"/transparenz/berichte/2\">Sachstandsbericht zum Stichtag 30.06.2026 (Vorlage IV/31/2026)</a>"));
    // Ansatz per year: 8.000 € (2025), 1.500 € (2026), 0 € (2027), together 9.500 €
    assert!(html.contains("<th scope=\"row\">2025</th><td class=\"num\">8.000,00\u{a0}€</td>"));
    assert!(html.contains("<th scope=\"row\">2026</th><td class=\"num\">1.500,00\u{a0}€</td>"));
    assert!(html.contains("<th scope=\"row\">Zusammen</th><td class=\"num\">9.500,00\u{a0}€</td>"));
}

#[tokio::test]
async fn the_data_files_hold_the_public_values_and_the_licence() {
    let app = demo_app().await;
    let host = app.base.trim_start_matches("http://").to_string();
    let csv = anon(&app, "/transparenz/daten.csv").await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        csv.headers["link"],
        "<https://www.govdata.de/dl-de/by-2-0>; rel=\"license\""
    );
    let text = csv.text();
    assert!(text.starts_with(
        "\u{feff}Programm;Handlungsfeld;Code;Maßnahme;Federführung;Status;Ampel;Fortschritt (%);"
    ));
    let expected = format!(
        "Arbeitspapier Digitalisierung;HF1 Steuerung, Strategie und Organisation;HF1-01;Arbeitspapier fortschreiben und Maßnahmencontrolling einführen;Leitung Hauptamt;In Umsetzung;Grün;85;01.10.2022;31.12.2026;Das Arbeitspapier wird regelmäßig auf Zielerreichung geprüft und fortgeschrieben. Ein Maßnahmencontrolling liefert die halbjährliche Sachstandsinformation an den Finanz- und Verwaltungsausschuss.;Fortschreibung 1.1 erstellt: Reifegradmodell 2.0 übernommen, drei Maßnahmen ergänzt, zwei zurückgestellt.;20.11.2025;9500,00;http://{host}/transparenz/massnahmen/1\r\n"
    );
    assert!(text.contains(&expected), "{text}");
    let shown = public_ids(&app, true).await.len();
    assert_eq!(
        text.lines().count(),
        1 + shown,
        "header + one line per public measure"
    );

    let json = anon(&app, "/transparenz/daten.json").await;
    assert_eq!(json.status, 200);
    assert_eq!(json.headers["content-type"], "application/json");
    let doc: serde_json::Value = serde_json::from_slice(&json.bytes).expect("json");
    assert_eq!(
        doc["lizenz"]["name"],
        "Datenlizenz Deutschland – Namensnennung – 2.0"
    );
    assert_eq!(doc["lizenz"]["url"], "https://www.govdata.de/dl-de/by-2-0");
    assert_eq!(doc["herausgeber"], "Stadt Musterstadt");
    assert_eq!(doc["anzahl"], shown);
    let items = doc["massnahmen"].as_array().expect("list");
    assert_eq!(items.len(), shown);
    let m = items
        .iter()
        .find(|m| m["code"] == "HF1-01")
        .expect("HF1-01");
    assert_eq!(
        m["titel"],
        "Arbeitspapier fortschreiben und Maßnahmencontrolling einführen"
    );
    assert_eq!(m["federfuehrung"], "Leitung Hauptamt");
    assert_eq!(m["status"]["schluessel"], "umsetzung");
    assert_eq!(m["ampel"]["bezeichnung"], "Grün");
    assert_eq!(m["fortschritt_prozent"], 85);
    assert_eq!(m["beginn_geplant"], "2022-10-01");
    assert_eq!(m["ende_geplant"], "2026-12-31");
    assert_eq!(m["sachstand"]["bericht"]["vorlage"], "IV/31/2026");
    assert_eq!(m["sachstand"]["vom"], "2025-11-20");
    assert_eq!(
        m["haushaltsansatz"],
        serde_json::json!([
            {"jahr": 2025, "betrag_eur": 8000.0},
            {"jahr": 2026, "betrag_eur": 1500.0},
            {"jahr": 2027, "betrag_eur": 0.0},
        ])
    );
    assert_eq!(
        m["adresse"],
        format!("http://{host}/transparenz/massnahmen/1")
    );
    // only the fields of the public view
    let keys: Vec<&String> = m.as_object().expect("object").keys().collect();
    assert_eq!(
        keys,
        [
            "adresse",
            "ampel",
            "beginn_geplant",
            "beschreibung",
            "code",
            "ende_geplant",
            "federfuehrung",
            "fortschritt_prozent",
            "handlungsfeld",
            "haushaltsansatz",
            "id",
            "programm",
            "sachstand",
            "status",
            "titel"
        ]
    );
}

/// Feed entries as Debian's `python3-feedparser` reads them.
fn parse_feed(xml: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("feed.atom");
    std::fs::write(&file, xml).expect("write");
    let script = r#"
import json, sys, feedparser
d = feedparser.parse(sys.argv[1])
print(json.dumps({
  "bozo": bool(d.bozo), "bozo_exception": str(d.get("bozo_exception", "")),
  "version": d.version, "title": d.feed.get("title"), "id": d.feed.get("id"),
  "updated": d.feed.get("updated"),
  "self": [l.href for l in d.feed.get("links", []) if l.rel == "self"],
  "entries": [{"id": e.id, "title": e.title, "updated": e.updated,
               "links": [[l.rel, l.get("type", ""), l.href] for l in e.links]}
              for e in d.entries]}))
"#;
    let out = std::process::Command::new("/usr/bin/python3")
        .arg("-c")
        .arg(script)
        .arg(&file)
        .output()
        .expect("python3 with feedparser (test.sh installs python3-feedparser)");
    assert!(
        out.status.success(),
        "feedparser: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("feedparser output")
}

#[tokio::test]
async fn the_atom_feed_lists_the_released_reports_for_a_feed_reader() {
    let app = demo_app().await;
    let r = anon(&app, "/transparenz/berichte.atom").await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.headers["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let base = &app.base;
    let f = parse_feed(&r.text());
    assert_eq!(f["bozo"], false, "{}", f["bozo_exception"]);
    assert_eq!(f["version"], "atom10");
    assert_eq!(
        f["title"],
        "Sachstandsberichte Digitalisierung – Stadt Musterstadt"
    );
    assert_eq!(f["id"], format!("{base}/transparenz/berichte.atom"));
    assert_eq!(
        f["self"],
        serde_json::json!([format!("{base}/transparenz/berichte.atom")])
    );
    assert_eq!(f["updated"], "2026-08-25T09:00:00Z");
    let entries = f["entries"].as_array().expect("entries");
    let released: i64 =
        sachstand::db::query_scalar("SELECT count(*) FROM reports WHERE state = 'freigegeben'")
            .fetch_one(&app.db.read)
            .await
            .expect("count");
    assert_eq!(released, 2);
    assert_eq!(entries.len(), 2, "one entry per released report, no draft");
    assert_eq!(
        entries[0]["title"],
        "Sachstandsbericht 1. Halbjahr 2026 (Vorlage IV/31/2026)"
    );
    assert_eq!(entries[0]["id"], format!("{base}/transparenz/berichte/2"));
    assert_eq!(entries[0]["updated"], "2026-08-25T09:00:00Z");
    assert_eq!(
        entries[1]["title"],
        "Sachstandsbericht 2. Halbjahr 2025 (Vorlage IV/7/2026)"
    );
    assert_eq!(entries[1]["updated"], "2026-02-03T09:00:00Z");
    assert_eq!(
        entries[1]["links"],
        serde_json::json!([
            [
                "alternate",
                "text/html",
                format!("{base}/transparenz/berichte/1")
            ],
            [
                "enclosure",
                "application/pdf",
                format!("{base}/transparenz/berichte/1.pdf")
            ],
            [
                "enclosure",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                format!("{base}/transparenz/berichte/1.docx")
            ],
        ])
    );
    // every link of the feed answers
    for e in entries {
        for l in e["links"].as_array().expect("links") {
            let href = l[2].as_str().expect("href");
            let path = href.trim_start_matches(base.as_str());
            assert_eq!(anon(&app, path).await.status, 200, "{href}");
        }
    }
}

#[tokio::test]
async fn switched_off_the_page_and_its_files_are_404_and_an_admin_switches_it_on() {
    let app = spawn_app().await;
    let seed = app.seed(2).await;
    app.exec(&format!(
        "UPDATE measures SET public = TRUE WHERE id = {}",
        seed.measures[0]
    ))
    .await;
    // a fresh installation publishes nothing
    for p in [
        "/transparenz".to_string(),
        format!("/transparenz/massnahmen/{}", seed.measures[0]),
        "/transparenz/daten.csv".to_string(),
        "/transparenz/daten.json".to_string(),
        "/transparenz/berichte.atom".to_string(),
    ] {
        let r = anon(&app, &p).await;
        assert_eq!(r.status, 404, "{p}");
        assert!(
            r.text().contains("Transparenzseite nicht veröffentlicht"),
            "{p}"
        );
        assert!(r.headers.get("set-cookie").is_none());
        assert_eq!(r.headers["cache-control"], "no-store");
    }
    // only an admin may change the settings
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let before = app.snapshot().await;
    assert_eq!(ag.get("/verwaltung/transparenz").await.status, 403);
    assert_eq!(
        ag.post(
            "/verwaltung/transparenz",
            &[
                ("enabled", "1"),
                ("licence_name", "X"),
                ("licence_url", "https://x.example")
            ]
        )
        .await
        .status,
        403
    );
    assert_eq!(app.snapshot().await, before);
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    let form = admin.get("/verwaltung/transparenz").await;
    assert!(form.contains("value=\"Datenlizenz Deutschland – Namensnennung – 2.0\""));
    // bad input: 422, the input kept, nothing written
    let bad = admin
        .post(
            "/verwaltung/transparenz",
            &[
                ("enabled", "1"),
                ("licence_name", "Meine Lizenz"),
                ("licence_url", "javascript:alert(1)"),
                ("intro", "Hallo"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("<title>Fehler: Transparenzseite"));
    assert!(bad.body.contains("Bitte eine vollständige Adresse angeben"));
    assert!(bad.body.contains("value=\"Meine Lizenz\""));
    assert!(bad.body.contains(">Hallo</textarea>"));
    assert_eq!(anon(&app, "/transparenz").await.status, 404);
    // a good save: on, audited once
    let ok = admin
        .post(
            "/verwaltung/transparenz",
            &[
                ("enabled", "1"),
                ("licence_name", "Creative Commons Namensnennung 4.0"),
                (
                    "licence_url",
                    "https://creativecommons.org/licenses/by/4.0/deed.de",
                ),
                ("intro", "Unsere Stadt wird digital."),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    assert_eq!(ok.location(), "/verwaltung/transparenz?meldung=transparenz");
    app.assert_audited(
        Audit::action("transparenz_aendern")
            .old_has("\"enabled\":false")
            .new_has("Creative Commons Namensnennung 4.0"),
        1,
    )
    .await;
    let page = anon(&app, "/transparenz").await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("Unsere Stadt wird digital."));
    assert!(html.contains("Maßnahme Nummer 1"));
    assert!(!html.contains("Maßnahme Nummer 2"), "not marked public");
    assert!(
        html.contains(
            "href=\"https://creativecommons.org/licenses/by/4.0/deed.de\" rel=\"license\""
        )
    );
    assert!(html.contains("Noch kein Bericht ist freigegeben."));
    let json: serde_json::Value =
        serde_json::from_slice(&anon(&app, "/transparenz/daten.json").await.bytes).expect("json");
    assert_eq!(json["lizenz"]["name"], "Creative Commons Namensnennung 4.0");
    // an empty feed is still a valid feed
    let f = parse_feed(&anon(&app, "/transparenz/berichte.atom").await.text());
    assert_eq!(f["bozo"], false, "{}", f["bozo_exception"]);
    assert_eq!(f["entries"], serde_json::json!([]));
    // switched off again
    admin
        .post(
            "/verwaltung/transparenz",
            &[
                ("licence_name", "Creative Commons Namensnennung 4.0"),
                (
                    "licence_url",
                    "https://creativecommons.org/licenses/by/4.0/deed.de",
                ),
            ],
        )
        .await;
    assert_eq!(anon(&app, "/transparenz").await.status, 404);
}

#[tokio::test]
async fn too_many_requests_from_one_client_get_429_with_retry_after() {
    let app = spawn_app_configured(sachstand::web::serve::Limits::default(), |s| {
        s.with_public_limit(5)
    })
    .await;
    app.exec("UPDATE transparency_settings SET enabled = TRUE")
        .await;
    for i in 0..5 {
        let r = anon(
            &app,
            if i % 2 == 0 {
                "/transparenz"
            } else {
                "/transparenz/daten.json"
            },
        )
        .await;
        assert_eq!(r.status, 200, "request {i} of the burst");
    }
    let r = anon(&app, "/transparenz/berichte.atom").await;
    assert_eq!(r.status, 429);
    assert_eq!(
        r.headers["retry-after"], "12",
        "5 per minute: one token every 12 s"
    );
    let text = r.text();
    assert!(text.contains("Zu viele Anfragen"), "{text}");
    assert!(r.headers.get("set-cookie").is_none());
    // the staff pages are not limited by it
    assert_eq!(anon(&app, "/anmelden").await.status, 200);
}

/// Behind a trusted proxy each forwarded client has its own budget; without one, a forged
/// `X-Forwarded-For` does not buy a fresh budget.
#[tokio::test]
async fn the_limit_counts_the_forwarded_client_only_behind_a_trusted_proxy() {
    let trusted =
        sachstand::web::site::Site::new(None, &["127.0.0.1".to_string()], None).expect("site");
    let app = spawn_app_configured(sachstand::web::serve::Limits::default(), move |s| {
        s.with_site(trusted).with_public_limit(2)
    })
    .await;
    app.exec("UPDATE transparency_settings SET enabled = TRUE")
        .await;
    let mut b = Browser::new(&app.base);
    let mut get = async |client: &str| {
        b.try_request(
            Method::GET,
            "/transparenz",
            &[("x-forwarded-for", client)],
            None,
        )
        .await
        .expect("request")
        .status
    };
    assert_eq!(get("192.0.2.1").await, 200);
    assert_eq!(get("192.0.2.1").await, 200);
    assert_eq!(get("192.0.2.1").await, 429);
    assert_eq!(
        get("192.0.2.2").await,
        200,
        "another client behind the proxy"
    );

    let direct = spawn_app_configured(sachstand::web::serve::Limits::default(), |s| {
        s.with_public_limit(2)
    })
    .await;
    direct
        .exec("UPDATE transparency_settings SET enabled = TRUE")
        .await;
    let mut b = Browser::new(&direct.base);
    let mut statuses = Vec::new();
    for i in 0..3 {
        let forged = format!("198.51.100.{i}");
        let r = b
            .try_request(
                Method::GET,
                "/transparenz",
                &[("x-forwarded-for", &forged)],
                None,
            )
            .await
            .expect("request");
        statuses.push(r.status);
    }
    assert_eq!(
        statuses,
        [200, 200, 429],
        "forged X-Forwarded-For is ignored"
    );
}

/// Every public page and data file, searched for every person's name in the demo data and
/// for the internal fields (effort, Produkt/Sachkonto, sign-off notes, blockers, the
/// internal description where the public one differs).
#[tokio::test]
async fn no_public_page_or_file_holds_a_name_or_internal_data() {
    let app = demo_app().await;
    let mut bodies: Vec<(String, String)> = Vec::new();
    let mut paths = vec![
        "/transparenz".to_string(),
        "/transparenz/daten.csv".to_string(),
        "/transparenz/daten.json".to_string(),
        "/transparenz/berichte.atom".to_string(),
    ];
    for id in public_ids(&app, true).await {
        paths.push(format!("/transparenz/massnahmen/{id}"));
    }
    let reports: Vec<i64> =
        sachstand::db::query_scalar("SELECT id FROM reports WHERE state = 'freigegeben'")
            .fetch_all(&app.db.read)
            .await
            .expect("reports");
    for id in reports {
        paths.push(format!("/transparenz/berichte/{id}"));
    }
    for p in &paths {
        let r = anon(&app, p).await;
        assert_eq!(r.status, 200, "{p}");
        bodies.push((p.clone(), r.text()));
    }
    let sql = |q: &'static str| {
        let db = app.db.read.clone();
        async move {
            sachstand::db::query_scalar::<String>(q)
                .fetch_all(&db)
                .await
                .expect("query")
        }
    };
    let mut needles: Vec<(&str, String)> = Vec::new();
    for n in sql("SELECT name FROM people").await {
        needles.push(("Name", n));
    }
    for n in sql("SELECT display_name FROM users WHERE display_name LIKE '% %'").await {
        needles.push(("Name eines Kontos", n));
    }
    for n in sql("SELECT DISTINCT blockers FROM status_updates WHERE blockers <> ''").await {
        needles.push(("Hindernis", n));
    }
    for n in sql("SELECT DISTINCT note FROM sign_offs WHERE note <> ''").await {
        needles.push(("Beteiligungsvermerk", n));
    }
    for n in sql(
        "SELECT DISTINCT product FROM budget_lines WHERE length(product) >= 4
         UNION SELECT DISTINCT account FROM budget_lines WHERE length(account) >= 4",
    )
    .await
    {
        needles.push(("Produkt/Sachkonto", n));
    }
    for n in sql(
        "SELECT description FROM measures WHERE public = TRUE AND description <> ''
           AND description <> public_description AND length(description) > 20",
    )
    .await
    {
        needles.push(("interne Beschreibung", n));
    }
    let people = needles.iter().filter(|(k, _)| *k == "Name").count();
    assert!(people >= 10, "the demo has people to look for: {people}");
    assert!(needles.iter().any(|(k, _)| *k == "Hindernis"));
    assert!(needles.iter().any(|(k, _)| *k == "Beteiligungsvermerk"));
    assert!(needles.iter().any(|(k, _)| *k == "Produkt/Sachkonto"));
    // labels of internal fields
    for label in [
        "Personentage",
        "Aufwand (",
        "Sachkonto",
        "Hindernisse",
        "Beteiligung DSB",
    ] {
        needles.push(("Feldname", label.to_string()));
    }
    let mut leaks = Vec::new();
    for (path, body) in &bodies {
        for (kind, needle) in &needles {
            let escaped = needle.replace('&', "&amp;").replace('"', "&quot;");
            if body.contains(needle.as_str()) || body.contains(&escaped) {
                leaks.push(format!("{path}: {kind} „{needle}“"));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );

    // the search itself can fail: a name put into a public text is found
    let name = &needles[0].1;
    app.exec(&format!(
        "UPDATE measures SET public_description = 'Ansprechperson: {}' WHERE id = 1",
        name.replace('\'', "''")
    ))
    .await;
    let page = anon(&app, "/transparenz/massnahmen/1").await.text();
    assert!(page.contains(name.as_str()), "the leak test would see it");
}
