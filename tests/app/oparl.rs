//! OParl 1.1 (issue 16, item 4): a client's walk from the System through every list, every
//! page and every object and URL, checked against the spec's rules (required properties
//! per type, date-time format, pagination, filters, CORS, no BOM, the error object, soft
//! deletion), and searched for persons' names and internal fields.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::support::*;

const V: &str = "https://schema.oparl.org/1.1/";

/// Required properties per type (OParl 1.1 schema `required`, plus the rules of the text:
/// `created`/`modified` on every object, embedded too (3.1); the Body's 1.1 lists are
/// "ZWINGEND" (schema strings)). A deleted object keeps `id`, `type`, `created` (2.8) and
/// gets `deleted` and a new `modified`.
fn required(kind: &str) -> &'static [&'static str] {
    match kind {
        "System" => &["id", "type", "oparlVersion", "body", "created", "modified"],
        "Body" => &[
            "id",
            "type",
            "name",
            "organization",
            "person",
            "meeting",
            "paper",
            "legislativeTerm",
            "agendaItem",
            "consultation",
            "file",
            "locationList",
            "legislativeTermList",
            "membership",
            "created",
            "modified",
        ],
        "AgendaItem" => &["id", "type", "order", "created", "modified"],
        "File" => &["id", "type", "accessUrl", "created", "modified"],
        "Organization" | "Meeting" | "Paper" | "Person" | "LegislativeTerm" | "Membership"
        | "Consultation" | "Location" => &["id", "type", "created", "modified"],
        other => panic!("unknown OParl type {other}"),
    }
}

fn date_time_ok(s: &str) -> bool {
    regex_lite::Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
        .unwrap()
        .is_match(s)
        && chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

fn instant(v: &Value, key: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(v[key].as_str().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{key} of {v}: {e}"))
        .with_timezone(&chrono::Utc)
}

/// Checks one object and every object embedded in it; returns how many it checked.
fn check_object(v: &Value, base: &str) -> usize {
    let kind = v["type"]
        .as_str()
        .and_then(|t| t.strip_prefix(V))
        .unwrap_or_else(|| panic!("type URI of {v}"));
    let deleted = v.get("deleted").and_then(Value::as_bool) == Some(true);
    let req: &[&str] = if deleted {
        &["id", "type", "created", "modified"]
    } else {
        required(kind)
    };
    for p in req {
        assert!(
            v.get(*p).is_some_and(|x| !x.is_null()),
            "{kind} lacks {p}: {v}"
        );
    }
    assert!(
        v["id"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{base}/oparl/v1.1/"))
    );
    for p in ["created", "modified"] {
        assert!(date_time_ok(v[p].as_str().unwrap()), "{kind} {p}: {v}");
    }
    assert!(instant(v, "created") <= instant(v, "modified"), "{v}");
    for p in ["start", "end"] {
        if let Some(s) = v.get(p) {
            assert!(date_time_ok(s.as_str().unwrap()), "{kind} {p}: {v}");
        }
    }
    if let Some(d) = v.get("date") {
        assert!(
            chrono::NaiveDate::parse_from_str(d.as_str().unwrap(), "%Y-%m-%d").is_ok(),
            "{v}"
        );
    }
    let mut n = 1;
    for (k, x) in v.as_object().unwrap() {
        match x {
            Value::Object(_) if x.get("type").is_some() => n += check_object(x, base),
            Value::Array(a) => {
                for e in a.iter().filter(|e| e.get("type").is_some()) {
                    assert!(
                        e.get("deleted").is_none(),
                        "an embedded object must not be deleted ({k}): {e}"
                    );
                    n += check_object(e, base);
                }
            }
            _ => {}
        }
    }
    n
}

/// Every string in a JSON value that is an address of this interface.
fn urls_in(v: &Value, base: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) if s.starts_with(&format!("{base}/oparl/")) => {
            out.insert(s.clone());
        }
        Value::Array(a) => a.iter().for_each(|x| urls_in(x, base, out)),
        Value::Object(o) => o.values().for_each(|x| urls_in(x, base, out)),
        _ => {}
    }
}

struct Walk {
    base: String,
    http: reqwest::Client,
    /// Every JSON response body.
    bodies: Vec<String>,
    /// The text of every DOCX served (its `word/document.xml`).
    docx_texts: Vec<String>,
    json: BTreeMap<String, Value>,
    files: BTreeMap<String, (String, String, usize)>,
}

impl Walk {
    fn new(base: &str) -> Self {
        Self {
            base: base.to_string(),
            http: reqwest::Client::new(),
            bodies: Vec::new(),
            docx_texts: Vec::new(),
            json: BTreeMap::new(),
            files: BTreeMap::new(),
        }
    }

    async fn fetch(&mut self, url: &str) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
        let r = self.http.get(url).send().await.expect("request");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let bytes = r.bytes().await.expect("body").to_vec();
        assert!(
            headers.get("set-cookie").is_none(),
            "{url} sets a cookie: {headers:?}"
        );
        (status, headers, bytes)
    }

    /// A JSON answer: 200, UTF-8 JSON without BOM, CORS for everyone.
    async fn get_json(&mut self, url: &str) -> Value {
        let (status, h, bytes) = self.fetch(url).await;
        assert_eq!(status, 200, "{url}: {}", String::from_utf8_lossy(&bytes));
        assert_eq!(
            h["content-type"], "application/json; charset=utf-8",
            "{url}"
        );
        assert_eq!(h["access-control-allow-origin"], "*", "{url}");
        assert_ne!(
            bytes.get(..3),
            Some(&[0xEF, 0xBB, 0xBF][..]),
            "BOM in {url}"
        );
        let text = String::from_utf8(bytes).expect("UTF-8");
        let v: Value = serde_json::from_str(&text).expect("JSON");
        self.bodies.push(text);
        v
    }

    /// Fetches every address reachable from the System; checks every object on the way.
    async fn walk_all(&mut self) -> usize {
        let mut todo = vec![format!("{}/oparl/v1.1/", self.base)];
        let mut done = BTreeSet::new();
        let mut objects = 0;
        while let Some(url) = todo.pop() {
            if !done.insert(url.clone()) {
                continue;
            }
            let mut found = BTreeSet::new();
            if url.ends_with("/access") || url.ends_with("/download") {
                let (status, h, bytes) = self.fetch(&url).await;
                assert_eq!(status, 200, "{url}");
                let cd = h["content-disposition"].to_str().unwrap().to_string();
                if url.ends_with("/access") {
                    assert!(!cd.contains("attachment"), "{url}: {cd}");
                } else {
                    assert!(cd.starts_with("attachment; filename=\""), "{url}: {cd}");
                }
                let ct = h["content-type"].to_str().unwrap().to_string();
                if ct.contains("wordprocessingml") {
                    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone()))
                        .expect("a DOCX is a ZIP archive");
                    let mut xml = String::new();
                    std::io::Read::read_to_string(
                        &mut zip.by_name("word/document.xml").expect("document.xml"),
                        &mut xml,
                    )
                    .expect("UTF-8");
                    self.docx_texts.push(xml);
                }
                self.files.insert(url.clone(), (ct, cd, bytes.len()));
                continue;
            }
            let v = self.get_json(&url).await;
            if let Some(data) = v.get("data") {
                assert!(
                    v["pagination"].is_object() && v["links"].is_object(),
                    "{url}"
                );
                for o in data.as_array().unwrap() {
                    objects += check_object(o, &self.base);
                }
            } else {
                objects += check_object(&v, &self.base);
                // an object fetched alone is the object listed (same id)
                assert_eq!(v["id"].as_str(), Some(url.as_str()), "{url}");
            }
            urls_in(&v, &self.base, &mut found);
            self.json.insert(url, v);
            todo.extend(found.into_iter().filter(|u| !done.contains(u)));
        }
        objects
    }

    /// A list page by page via `next`: the objects in order, and the pagination checked.
    async fn list(&mut self, first: &str) -> Vec<Value> {
        let mut out = Vec::new();
        let mut url = Some(first.to_string());
        let mut pages = Vec::new();
        while let Some(u) = url.take() {
            let v = self.get_json(&u).await;
            out.extend(v["data"].as_array().unwrap().iter().cloned());
            url = v["links"]
                .get("next")
                .and_then(Value::as_str)
                .map(String::from);
            pages.push(v);
        }
        let last = pages.last().unwrap();
        let total = last["pagination"]["totalElements"].as_u64().unwrap() as usize;
        assert_eq!(out.len(), total, "{first}: totalElements");
        assert_eq!(
            pages.len() as u64,
            last["pagination"]["totalPages"].as_u64().unwrap(),
            "{first}"
        );
        let per = pages[0]["pagination"]["elementsPerPage"].as_u64().unwrap();
        for (i, p) in pages.iter().enumerate() {
            assert_eq!(p["pagination"]["currentPage"].as_u64(), Some(i as u64 + 1));
            assert_eq!(p["pagination"]["elementsPerPage"].as_u64(), Some(per));
            let n = p["data"].as_array().unwrap().len() as u64;
            if i + 1 < pages.len() {
                assert_eq!(n, per, "{first}: page {} not full", i + 1);
                assert!(p["links"]["next"].is_string());
            } else {
                assert!(n <= per);
                assert!(p["links"].get("next").is_none(), "next on the last page");
            }
            assert_eq!(p["links"]["prev"].is_string(), i > 0, "{first}");
            assert!(p["links"]["first"].is_string() && p["links"]["last"].is_string());
        }
        out
    }
}

fn id_num(v: &Value) -> (i64, String) {
    let id = v["id"].as_str().unwrap();
    let last = id.rsplit('/').next().unwrap();
    let (n, rest) = last.split_once('-').unwrap_or((last, ""));
    // a report's PDF comes before its DOCX
    let rest = match rest {
        "pdf" => "0",
        "docx" => "1",
        other => other,
    };
    (n.parse().unwrap_or(0), rest.to_string())
}

/// Texts that must never leave Sachstand through OParl: persons' names, internal notes and
/// minutes, comments, blockers, sign-off notes, budget lines, internal measures' titles.
async fn internal_texts(app: &TestApp) -> Vec<String> {
    let sql = "SELECT name FROM people
        UNION SELECT display_name FROM users
        UNION SELECT notes FROM agenda_items UNION SELECT outcome FROM agenda_items
        UNION SELECT text FROM agenda_comments UNION SELECT text FROM decisions
        UNION SELECT blockers FROM status_updates UNION SELECT note FROM sign_offs
        UNION SELECT product FROM budget_lines UNION SELECT account FROM budget_lines
        UNION SELECT note FROM budget_lines
        UNION SELECT title FROM measures WHERE public = FALSE OR archived_at IS NOT NULL
        UNION SELECT description FROM measures WHERE description <> public_description";
    let rows: Vec<String> = sachstand::db::query_scalar(sql)
        .fetch_all(&app.db.read)
        .await
        .unwrap();
    let public_titles: Vec<String> = sachstand::db::query_scalar(
        "SELECT title FROM measures WHERE public = TRUE AND archived_at IS NULL",
    )
    .fetch_all(&app.db.read)
    .await
    .unwrap();
    rows.into_iter()
        .map(|s| s.trim().to_string())
        // short texts ("", "-", "Ja") are not telling; a title shared with a public
        // measure is public
        .filter(|s| s.chars().count() >= 8 && !public_titles.contains(s))
        .collect()
}

/// The demo data behind a generous public budget: the walk fetches every object one by
/// one, far more than the default 120 requests a minute (the limit has its own test below).
async fn demo_app() -> TestApp {
    let app = spawn_app_configured(sachstand::web::serve::Limits::default(), |s| {
        s.with_public_limit(100_000)
    })
    .await;
    sachstand::demo::load(&app.db.write, chrono::Utc::now().date_naive())
        .await
        .expect("demo data");
    app
}

#[tokio::test]
async fn a_client_walks_every_list_page_object_and_link_of_the_demo() {
    let app = demo_app().await;
    let base = app.base.clone();
    let mut w = Walk::new(&base);
    let objects = w.walk_all().await;

    let system = w.json[&format!("{base}/oparl/v1.1/")].clone();
    // the address without the final slash answers the same System
    assert_eq!(w.get_json(&format!("{base}/oparl/v1.1")).await, system);
    assert_eq!(system["oparlVersion"], V);
    assert_eq!(system["type"], format!("{V}System"));
    let bodies = w.list(system["body"].as_str().unwrap()).await;
    assert_eq!(bodies.len(), 1);
    let body = &bodies[0];
    assert_eq!(body["name"], "Stadt Musterstadt");
    assert_eq!(body["legislativeTerm"], serde_json::json!([]));

    // every list of the Body, page by page, in a stable order (by id), each object as
    // fetched alone
    let mut counts = BTreeMap::new();
    for list in [
        "organization",
        "person",
        "meeting",
        "paper",
        "agendaItem",
        "consultation",
        "file",
        "locationList",
        "legislativeTermList",
        "membership",
    ] {
        let url = body[list].as_str().unwrap_or_else(|| panic!("Body.{list}"));
        let all = w.list(url).await;
        let keys: Vec<(i64, String)> = all.iter().map(id_num).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "{list} is not ordered by id");
        for o in &all {
            assert!(
                o.get("deleted").is_none(),
                "{list}: deleted object without modified_since"
            );
            let alone = &w.json[o["id"].as_str().unwrap()];
            assert_eq!(alone, o, "{list}: listed and fetched object differ");
        }
        // the same list again: the same order
        assert_eq!(w.list(url).await, all, "{list} changed between two reads");
        counts.insert(list, all.len());
    }
    let n = |sql: &'static str| {
        let app = &app;
        async move { app.count(sql).await as usize }
    };
    assert_eq!(counts["organization"], 1);
    for empty in [
        "person",
        "consultation",
        "locationList",
        "legislativeTermList",
        "membership",
    ] {
        assert_eq!(counts[empty], 0, "{empty}");
    }
    assert_eq!(counts["meeting"], n("SELECT COUNT(*) FROM meetings").await);
    let released = n("SELECT COUNT(*) FROM reports WHERE state = 'freigegeben'").await;
    assert!(released >= 2);
    assert_eq!(counts["paper"], released);
    assert_eq!(
        counts["file"],
        released + n("SELECT COUNT(*) FROM reports WHERE state = 'freigegeben' AND snapshot_docx IS NOT NULL").await
    );
    assert!(counts["agendaItem"] > 20, "{counts:?}");
    assert!(objects > 300, "{objects} objects checked");

    // papers: Informationsvorlage with the Vorlage number, the PDF inline and as download
    let papers = w.list(body["paper"].as_str().unwrap()).await;
    for p in &papers {
        assert_eq!(p["paperType"], "Informationsvorlage");
        let (rid, _) = id_num(p);
        let vorlage: String =
            sachstand::db::query_scalar("SELECT vorlage_no FROM reports WHERE id = ?")
                .bind(rid)
                .fetch_one(&app.db.read)
                .await
                .unwrap();
        assert_eq!(p["reference"].as_str(), Some(vorlage.as_str()));
        let main = &p["mainFile"];
        assert_eq!(main["mimeType"], "application/pdf");
        let (ct, _, len) = &w.files[main["accessUrl"].as_str().unwrap()];
        assert_eq!(ct, "application/pdf");
        assert_eq!(*len as u64, main["size"].as_u64().unwrap());
        let (_, cd, _) = &w.files[main["downloadUrl"].as_str().unwrap()];
        assert_eq!(
            cd,
            &format!(
                "attachment; filename=\"{}\"",
                main["fileName"].as_str().unwrap()
            )
        );
        let stored: Vec<u8> =
            sachstand::db::query_scalar("SELECT snapshot_pdf FROM reports WHERE id = ?")
                .bind(rid)
                .fetch_one(&app.db.read)
                .await
                .unwrap();
        assert_eq!(stored.len(), *len);
    }
    // drafts are never papers
    let drafts: Vec<i64> =
        sachstand::db::query_scalar("SELECT id FROM reports WHERE state = 'entwurf'")
            .fetch_all(&app.db.read)
            .await
            .unwrap();
    assert!(!drafts.is_empty());
    for d in drafts {
        let (status, _, bytes) = w.fetch(&format!("{base}/oparl/v1.1/paper/{d}")).await;
        assert_eq!(status, 404, "{}", String::from_utf8_lossy(&bytes));
        let (status, _, _) = w
            .fetch(&format!("{base}/oparl/v1.1/file/{d}-pdf/access"))
            .await;
        assert_eq!(status, 404);
    }

    // agenda items: those of public measures show code and title only
    let items = w.list(body["agendaItem"].as_str().unwrap()).await;
    let public_measures: Vec<(String, String)> = sachstand::db::query_as(
        "SELECT code, title FROM measures WHERE public = TRUE AND archived_at IS NULL",
    )
    .fetch_all(&app.db.read)
    .await
    .unwrap();
    let mut measure_items = 0;
    for i in &items {
        let name = i["name"].as_str().unwrap();
        if name.starts_with("HF") {
            for part in name.split("; ") {
                assert!(
                    public_measures
                        .iter()
                        .any(|(c, t)| part == format!("{c} {t}")),
                    "{part} is not a public measure"
                );
            }
            measure_items += 1;
        }
        assert_eq!(i["public"], true);
    }
    assert!(measure_items > 10);
    // and the embedded agenda of a meeting is the listed items of that meeting, in order
    let meetings = w.list(body["meeting"].as_str().unwrap()).await;
    let with_agenda = meetings
        .iter()
        .find(|m| m.get("agendaItem").is_some())
        .expect("a meeting with a public agenda");
    let embedded: Vec<&Value> = with_agenda["agendaItem"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    let listed: Vec<&Value> = items
        .iter()
        .filter(|i| i["meeting"] == with_agenda["id"])
        .collect();
    assert_eq!(embedded, listed);
    let orders: Vec<i64> = embedded
        .iter()
        .map(|i| i["order"].as_i64().unwrap())
        .collect();
    let mut sorted = orders.clone();
    sorted.sort();
    assert_eq!(orders, sorted);

    // nothing internal and no person's name in any answer
    let secrets = internal_texts(&app).await;
    assert!(secrets.len() > 50, "{}", secrets.len());
    assert!(secrets.iter().any(|s| s == "Henrik Stollberg"));
    let all_text = w.bodies.join("\n");
    for s in &secrets {
        assert!(
            !all_text.contains(s.as_str()),
            "internal text in OParl: {s:?}"
        );
    }
    // the released report itself is a council document (its text is public), but it names
    // no person either: the DOCX as served
    assert_eq!(
        w.docx_texts.len(),
        2 * released,
        "access and download of each DOCX"
    );
    let people: Vec<String> = sachstand::db::query_scalar("SELECT name FROM people")
        .fetch_all(&app.db.read)
        .await
        .unwrap();
    for text in &w.docx_texts {
        assert!(text.contains("Sachstandsbericht"));
        for p in &people {
            assert!(!text.contains(p.as_str()), "the released DOCX names {p}");
        }
    }
    for field in [
        "effort_days",
        "blockers",
        "sign_off",
        "person_id",
        "notes",
        "outcome",
    ] {
        assert!(!all_text.contains(&format!("\"{field}\"")), "{field}");
    }
}

#[tokio::test]
async fn filters_limits_and_errors() {
    let app = demo_app().await;
    let base = app.base.clone();
    let mut w = Walk::new(&base);
    let papers_url = format!("{base}/oparl/v1.1/body/1/paper");
    let papers = w.list(&papers_url).await;
    assert!(papers.len() >= 2);
    // the second paper's creation splits the list
    let cut = papers[1]["created"].as_str().unwrap().to_string();
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let since = w
        .list(&format!("{papers_url}?created_since={}&limit=1", enc(&cut)))
        .await;
    let until = w
        .list(&format!("{papers_url}?created_until={}&limit=1", enc(&cut)))
        .await;
    let at = instant(&papers[1], "created");
    assert!(since.iter().all(|p| instant(p, "created") >= at));
    assert!(until.iter().all(|p| instant(p, "created") <= at));
    assert_eq!(
        since.len() + until.len(),
        papers.len() + 1,
        "the cut object is in both"
    );
    assert!(since.iter().any(|p| p["id"] == papers[1]["id"]));
    assert!(!since.iter().any(|p| p["id"] == papers[0]["id"]));

    // filters (and limit) survive in every link
    let first = w
        .get_json(&format!(
            "{base}/oparl/v1.1/body/1/agendaItem?modified_until={}&limit=5",
            enc("2100-01-01T00:00:00+01:00")
        ))
        .await;
    for rel in ["first", "self", "next", "last"] {
        let link = first["links"][rel].as_str().unwrap();
        assert!(
            link.contains("modified_until=2100-01-01T00%3A00%3A00%2B01%3A00")
                && link.contains("limit=5"),
            "{rel}: {link}"
        );
    }
    assert_eq!(first["pagination"]["elementsPerPage"], 5);
    // nothing modified after the far future
    let none = w
        .get_json(&format!(
            "{base}/oparl/v1.1/body/1/meeting?modified_since={}",
            enc("2100-01-01T00:00:00+01:00")
        ))
        .await;
    assert_eq!(none["data"], serde_json::json!([]));
    assert_eq!(none["pagination"]["totalElements"], 0);
    assert!(none["links"].get("next").is_none());

    // the page size is bounded
    let big = w
        .get_json(&format!("{base}/oparl/v1.1/body/1/agendaItem?limit=100000"))
        .await;
    assert_eq!(big["pagination"]["elementsPerPage"], 100);
    assert_eq!(big["data"].as_array().unwrap().len(), 100);

    // bad input: 400 with the German error object; unknown objects: 404
    for (q, word) in [
        ("created_since=gestern", "created_since"),
        ("modified_until=2026-01-01", "modified_until"),
        ("limit=0", "limit"),
        ("limit=viele", "limit"),
        ("page=-1", "page"),
    ] {
        let (status, h, bytes) = w.fetch(&format!("{papers_url}?{q}")).await;
        assert_eq!(status, 400, "{q}");
        assert_eq!(h["content-type"], "application/json; charset=utf-8");
        assert_eq!(h["access-control-allow-origin"], "*");
        let e: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(e["type"], format!("{V}Error"));
        let msg = e["message"].as_str().unwrap();
        assert!(msg.contains(word) && msg.contains("erwartet"), "{msg}");
        assert!(e["debug"].is_string());
    }
    for path in [
        "meeting/999999",
        "paper/abc",
        "person/1",
        "body/2",
        "body/1/sonstiges",
        "file/1-exe",
        "gibt/es/nicht/wirklich",
        "body/1/paper?page=99",
    ] {
        let (status, h, bytes) = w.fetch(&format!("{base}/oparl/v1.1/{path}")).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(h["access-control-allow-origin"], "*");
        let e: Value = serde_json::from_slice(&bytes).unwrap_or_else(|_| panic!("{path}"));
        assert_eq!(e["type"], format!("{V}Error"), "{path}");
        assert!(
            e["message"].as_str().unwrap().contains("gibt es"),
            "{path}: {e}"
        );
    }
}

/// A measure on a published agenda is made internal: its agenda item leaves the meeting and
/// the list, and comes back as `deleted: true` (with `modified` = the change) to a client
/// that asks what changed since; a cancelled meeting stays, `cancelled: true`.
#[tokio::test]
async fn a_depublished_measure_turns_its_agenda_item_into_a_deleted_object() {
    let app = spawn_app().await;
    let seed = app.seed(2).await;
    let (a, b) = (seed.measures[0], seed.measures[1]);
    app.exec(&format!(
        "UPDATE measures SET public = TRUE, updated_at = '2026-01-02T10:00:00Z';
         INSERT INTO meetings (id, programme_id, kind, starts_at, ends_at, place, state, agenda_released_at)
           VALUES (1, 1, 'ag', '2026-03-12T14:00', '2026-03-12T15:30', 'Rathaus, Raum 2.14', 'eingeladen', '2026-03-05T09:00:00Z'),
                  (2, 1, 'quartal', '2026-04-09T10:00', '2026-04-09T12:00', 'Rathaus', 'abgesagt', NULL),
                  (3, 1, 'ag', '2026-04-23T14:00', '2026-04-23T15:30', 'Rathaus', 'terminiert', NULL);
         INSERT INTO agenda_items (id, meeting_id, position, title, public, notes) VALUES
           (10, 1, 1, 'Genehmigung des Protokolls der letzten Sitzung', TRUE, 'Ohne Änderungen.'),
           (11, 1, 2, 'HF1-01 – Ampel Rot', TRUE, 'Vergabe hängt, Frau Beispiel klärt'),
           (12, 1, 3, 'Zweite Maßnahme', TRUE, ''),
           (13, 1, 4, 'Personalgespräch mit Max Muster', TRUE, ''),
           (14, 1, 5, 'Interne Abstimmung', FALSE, ''),
           (15, 3, 1, 'Verschiedenes', TRUE, '');
         INSERT INTO agenda_item_measures (agenda_item_id, measure_id) VALUES (11, {a}), (12, {b});"
    ))
    .await;
    let base = app.base.clone();
    let mut w = Walk::new(&base);
    let meeting = w.get_json(&format!("{base}/oparl/v1.1/meeting/1")).await;
    check_object(&meeting, &base);
    assert_eq!(
        meeting["name"],
        "Sitzung der AG Digitalisierung am 12.03.2026"
    );
    assert_eq!(meeting["start"], "2026-03-12T14:00:00+01:00");
    assert_eq!(meeting["end"], "2026-03-12T15:30:00+01:00");
    assert_eq!(meeting["meetingState"], "eingeladen");
    let names: Vec<&str> = meeting["agendaItem"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    // the measure items by code and title, the standing item by its title; an item that
    // names a person and one the AG marked internal are left out
    assert_eq!(
        names,
        [
            "Genehmigung des Protokolls der letzten Sitzung",
            "HF1-01 Maßnahme Nummer 1",
            "HF2-02 Maßnahme Nummer 2"
        ]
    );
    let orders: Vec<i64> = meeting["agendaItem"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["order"].as_i64().unwrap())
        .collect();
    assert_eq!(orders, [0, 1, 2]);
    let text = serde_json::to_string(&meeting).unwrap();
    for secret in [
        "Beispiel",
        "Max Muster",
        "Ampel Rot",
        "Ohne Änderungen",
        "Interne",
        "Raum 2.14",
    ] {
        assert!(!text.contains(secret), "{secret}");
    }
    // a meeting whose agenda is not released has none; a cancelled one says so
    let unreleased = w.get_json(&format!("{base}/oparl/v1.1/meeting/3")).await;
    assert!(unreleased.get("agendaItem").is_none());
    let (status, _, _) = w.fetch(&format!("{base}/oparl/v1.1/agendaitem/15")).await;
    assert_eq!(status, 404);
    let cancelled = w.get_json(&format!("{base}/oparl/v1.1/meeting/2")).await;
    assert_eq!(cancelled["cancelled"], true);
    assert!(cancelled.get("deleted").is_none());
    assert!(
        cancelled["name"]
            .as_str()
            .unwrap()
            .starts_with("Gemeinsame Sitzung der AG Digitalisierung")
    );

    let before = instant(&meeting, "modified");
    let items_url = format!("{base}/oparl/v1.1/body/1/agendaItem");
    let listed = w.list(&items_url).await;
    assert_eq!(listed.len(), 3);

    // the AG makes measure b internal
    let changed = "2026-12-01T08:00:00Z";
    app.exec(&format!(
        "UPDATE measures SET public = FALSE, updated_at = '{changed}' WHERE id = {b}"
    ))
    .await;
    let meeting = w.get_json(&format!("{base}/oparl/v1.1/meeting/1")).await;
    assert_eq!(meeting["agendaItem"].as_array().unwrap().len(), 2);
    assert!(
        !serde_json::to_string(&meeting)
            .unwrap()
            .contains("Nummer 2")
    );
    // the embedding meeting's modified moved to the change
    assert!(instant(&meeting, "modified") > before);
    assert_eq!(meeting["modified"], "2026-12-01T09:00:00+01:00");
    let listed = w.list(&items_url).await;
    assert_eq!(listed.len(), 2);
    assert!(
        !listed
            .iter()
            .any(|i| i["id"] == format!("{base}/oparl/v1.1/agendaitem/12"))
    );

    // fetched alone: 200 with deleted: true, only id, type, created, modified (and order)
    let gone = w
        .get_json(&format!("{base}/oparl/v1.1/agendaitem/12"))
        .await;
    check_object(&gone, &base);
    assert_eq!(gone["deleted"], true);
    assert!(gone.get("name").is_none());
    assert_eq!(gone["modified"], "2026-12-01T09:00:00+01:00");

    // with modified_since the deleted objects come along (the update mechanism)
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let since = w
        .list(&format!(
            "{items_url}?modified_since={}",
            enc("2026-11-30T00:00:00+01:00")
        ))
        .await;
    let deleted: Vec<String> = since
        .iter()
        .filter(|i| i["deleted"] == true)
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    assert!(
        deleted.contains(&format!("{base}/oparl/v1.1/agendaitem/12")),
        "{since:?}"
    );
    // the never-public items of a published agenda count as deleted too (id only)
    assert!(deleted.contains(&format!("{base}/oparl/v1.1/agendaitem/14")));
    for d in since.iter().filter(|i| i["deleted"] == true) {
        assert!(d.get("name").is_none(), "{d}");
    }
    // and an archived measure's item goes the same way
    app.exec(&format!(
        "UPDATE measures SET archived_at = '2026-12-01T08:30:00Z', updated_at = '2026-12-01T08:30:00Z' WHERE id = {a}"
    ))
    .await;
    let gone = w
        .get_json(&format!("{base}/oparl/v1.1/agendaitem/11"))
        .await;
    assert_eq!(gone["deleted"], true);
    assert_eq!(w.list(&items_url).await.len(), 1);
}

// ---------------------------------------------------------------- links to council decisions

fn json_of(v: Value) -> axum::response::Response {
    axum::response::IntoResponse::into_response((
        [("content-type", "application/json")],
        v.to_string(),
    ))
}

/// A small OParl system on loopback: System → body list → Body → paper list in two pages;
/// "567/24" is on the second page.
async fn city_ris() -> String {
    use axum::extract::{Query, State};
    use axum::routing::get;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new()
        .route(
            "/oparl/system",
            get(|State(b): State<String>| async move {
                json_of(serde_json::json!({
                    "id": format!("{b}/oparl/system"), "type": format!("{V}System"),
                    "oparlVersion": V, "body": format!("{b}/oparl/bodies"),
                }))
            }),
        )
        .route(
            "/oparl/bodies",
            get(|State(b): State<String>| async move {
                json_of(serde_json::json!({
                    "data": [{"id": format!("{b}/oparl/body/1"), "type": format!("{V}Body"),
                              "name": "Stadt Musterstadt", "paper": format!("{b}/oparl/papers")}],
                    "pagination": {}, "links": {},
                }))
            }),
        )
        .route(
            "/oparl/papers",
            get(
                |State(b): State<String>, Query(q): Query<BTreeMap<String, String>>| async move {
                    let page = q.get("page").map(String::as_str).unwrap_or("1");
                    json_of(if page == "1" {
                        serde_json::json!({
                            "data": [
                                {"id": format!("{b}/oparl/paper/1"), "type": format!("{V}Paper"),
                                 "reference": "12/24", "name": "Haushaltssatzung 2025", "date": "2024-12-12"},
                                {"id": format!("{b}/oparl/paper/2"), "type": format!("{V}Paper"),
                                 "reference": "567/24", "deleted": true},
                            ],
                            "pagination": {}, "links": {"next": format!("{b}/oparl/papers?page=2")},
                        })
                    } else {
                        serde_json::json!({
                            "data": [
                                {"id": format!("{b}/oparl/paper/3"), "type": format!("{V}Paper"),
                                 "reference": "567/24", "name": "Arbeitspapier zur Digitalisierung der Stadtverwaltung",
                                 "date": "2024-11-28", "web": "https://ris.example-stadt.de/vo/567-24"},
                            ],
                            "pagination": {}, "links": {},
                        })
                    })
                },
            ),
        )
        .with_state(base.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

async fn app_with_endpoint(endpoint: &str) -> TestApp {
    let url = url::Url::parse(endpoint).unwrap();
    spawn_app_configured(sachstand::web::serve::Limits::default(), move |s| {
        s.with_oparl_endpoint(Some(url))
    })
    .await
}

async fn papers(app: &TestApp) -> Vec<(String, String, Option<String>, String)> {
    sachstand::db::query_as("SELECT reference, name, dated_on, url FROM council_papers ORDER BY id")
        .fetch_all(&app.db.read)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_reference_is_looked_up_in_the_citys_oparl_system_and_shown_on_the_measure_and_in_the_report()
 {
    let ris = city_ris().await;
    let app = app_with_endpoint(&format!("{ris}/oparl/system")).await;
    let seed = app.seed(1).await;
    let id = seed.measures[0];
    let mut ag = app.signed_in("ag1", sachstand::domain::Role::Ag).await;
    let page = ag.get(&format!("/massnahmen/{id}")).await;
    assert!(page.contains("Keine Ratsbeschlüsse verknüpft."));
    assert!(page.contains("Die Nummer genügt"));

    let r = ag
        .post(
            &format!("/massnahmen/{id}/ratsbeschluesse"),
            &[("rb_reference", " 567/24 ")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location().contains("#h-ratsbeschluesse"));
    assert_eq!(
        papers(&app).await,
        [(
            "567/24".to_string(),
            "Arbeitspapier zur Digitalisierung der Stadtverwaltung".to_string(),
            Some("2024-11-28".to_string()),
            "https://ris.example-stadt.de/vo/567-24".to_string()
        )]
    );
    app.assert_audited(
        Audit::action("ratsbeschluss_verknuepfen").entity("massnahme"),
        1,
    )
    .await;
    let page = ag.get(&format!("/massnahmen/{id}")).await;
    assert!(page.contains(
        "<a href=\"https://ris.example-stadt.de/vo/567-24\" rel=\"noopener noreferrer\">567/24 – Arbeitspapier zur Digitalisierung der Stadtverwaltung</a> (28.11.2024)"
    ), "{}", page.body);

    // the same paper twice, an unknown one: 422, the input kept, nothing written
    let before = app.snapshot().await;
    for (reference, message) in [
        ("567/24", "Der Ratsbeschluss 567/24 ist bereits verknüpft."),
        ("999/99", "keine Drucksache mit der Nummer 999/99"),
        (
            "",
            "Bitte geben Sie die Nummer des Ratsbeschlusses (z. B. 567/24) ein.",
        ),
    ] {
        let r = ag
            .post(
                &format!("/massnahmen/{id}/ratsbeschluesse"),
                &[("rb_reference", reference)],
            )
            .await;
        assert_eq!(r.status, 422, "{reference}");
        assert!(r.contains(message), "{reference}: {}", r.body);
        assert!(r.contains(&format!("value=\"{reference}\"")));
    }
    let r = ag
        .post(
            &format!("/massnahmen/{id}/ratsbeschluesse"),
            &[("rb_reference", "13/25"), ("rb_url", "javascript:alert(1)")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Bitte geben Sie eine Adresse an, die mit http:// oder https:// beginnt."));
    assert_eq!(before, app.snapshot().await);

    // in the report: one short line per measure (HTML and DOCX)
    let mut admin = app
        .signed_in("admin1", sachstand::domain::Role::Admin)
        .await;
    let report = crate::reports::create_report(
        &mut admin,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/1/2026",
    )
    .await;
    let r = admin.get(&format!("/berichte/{report}")).await;
    assert!(
        crate::reports::article(&r)
            .contains("<strong>Ratsbeschlüsse:</strong> 567/24 (28.11.2024)"),
        "{}",
        r.body
    );
    let docx = admin.get_raw(&format!("/berichte/{report}.docx")).await;
    assert_eq!(docx.status, 200);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx.bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("Ratsbeschlüsse: "), "docx");
    assert!(xml.contains("567/24 (28.11.2024)"), "docx");

    // removing the link
    let paper: i64 = app.count("SELECT id FROM council_papers").await;
    let r = ag
        .post(
            &format!("/massnahmen/{id}/ratsbeschluesse/{paper}/entfernen"),
            &[],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(papers(&app).await.is_empty());
    app.assert_audited(
        Audit::action("ratsbeschluss_entfernen").entity("massnahme"),
        1,
    )
    .await;
    let r = ag
        .post(
            &format!("/massnahmen/{id}/ratsbeschluesse/{paper}/entfernen"),
            &[],
        )
        .await;
    assert_eq!(r.status, 404);

    // the council cannot link papers
    let mut rat = app.signed_in("rat1", sachstand::domain::Role::Rat).await;
    rat.get(&format!("/massnahmen/{id}")).await;
    let r = rat
        .post(
            &format!("/massnahmen/{id}/ratsbeschluesse"),
            &[("rb_reference", "12/24")],
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(papers(&app).await.is_empty());
}

#[tokio::test]
async fn an_unreachable_oparl_system_says_so_within_seconds_and_the_paper_can_be_typed_in() {
    // a port nobody listens on
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let app = app_with_endpoint(&format!("http://{closed}/oparl/v1.1/")).await;
    let seed = app.seed(1).await;
    let id = seed.measures[0];
    let mut ag = app.signed_in("ag1", sachstand::domain::Role::Ag).await;
    ag.get(&format!("/massnahmen/{id}")).await;
    let started = std::time::Instant::now();
    let r = ag
        .post(
            &format!("/massnahmen/{id}/ratsbeschluesse"),
            &[("rb_reference", "567/24")],
        )
        .await;
    let took = started.elapsed();
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(
        r.contains("Das Ratsinformationssystem der Stadt ist nicht erreichbar. Bitte tragen Sie Titel, Datum und Adresse selbst ein."),
        "{}",
        r.body
    );
    assert!(took < std::time::Duration::from_secs(5), "{took:?}");
    assert!(papers(&app).await.is_empty());
    // typed by hand: stored without asking the system
    let r = ag
        .post(
            &format!("/massnahmen/{id}/ratsbeschluesse"),
            &[
                ("rb_reference", "567/24"),
                ("rb_name", "Arbeitspapier Digitalisierung"),
                ("rb_date", "28.11.2024"),
                ("rb_url", "https://ris.example-stadt.de/vo/567-24"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        papers(&app).await,
        [(
            "567/24".to_string(),
            "Arbeitspapier Digitalisierung".to_string(),
            Some("2024-11-28".to_string()),
            "https://ris.example-stadt.de/vo/567-24".to_string()
        )]
    );
}

#[tokio::test]
async fn without_an_endpoint_the_address_is_required() {
    let app = spawn_app().await;
    let seed = app.seed(1).await;
    let id = seed.measures[0];
    let mut ag = app.signed_in("ag1", sachstand::domain::Role::Ag).await;
    let page = ag.get(&format!("/massnahmen/{id}")).await;
    assert!(page.contains("Bitte geben Sie Nummer und Adresse des Beschlusses an"));
    let r = ag
        .post(
            &format!("/massnahmen/{id}/ratsbeschluesse"),
            &[("rb_reference", "12/25"), ("rb_date", "31.02.2025")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Bitte geben Sie ein gültiges Datum ein (TT.MM.JJJJ)."));
    let r = ag
        .post(
            &format!("/massnahmen/{id}/ratsbeschluesse"),
            &[("rb_reference", "12/25")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Bitte geben Sie die Adresse des Beschlusses an (http:// oder https://)."));
    let r = ag
        .post(
            &format!("/massnahmen/{id}/ratsbeschluesse"),
            &[
                ("rb_reference", "12/25"),
                ("rb_url", "http://ris.example/12-25"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = ag.get(&format!("/massnahmen/{id}")).await;
    assert!(page.contains(">12/25</a>"), "{}", page.body);
}

/// OParl shares the public pages' per-client budget; over it a client gets 429 with the
/// OParl error object (JSON, CORS) and `Retry-After`, not an HTML page.
#[tokio::test]
async fn an_oparl_client_over_its_budget_gets_an_oparl_error_object() {
    let app = spawn_app_configured(sachstand::web::serve::Limits::default(), |s| {
        s.with_public_limit(3)
    })
    .await;
    let client = reqwest::Client::new();
    let url = format!("{}/oparl/v1.1/", app.base);
    for _ in 0..3 {
        let r = client.get(&url).send().await.unwrap();
        assert_eq!(r.status(), 200);
    }
    let r = client.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(
        r.headers()["content-type"],
        "application/json; charset=utf-8"
    );
    let body: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(body["type"], "https://schema.oparl.org/1.1/Error");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Zu viele Anfragen"),
        "{body}"
    );
}
