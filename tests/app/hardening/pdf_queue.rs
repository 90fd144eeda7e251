//! Draft PDFs: typeset a few at a time, the rest wait or get 503, unchanged drafts come
//! from the cache.

use sachstand::domain::Role;

use crate::support::spawn_app_pooled;

/// Twenty parallel requests for a draft's PDF: every answer is the PDF or a 503 with
/// `Retry-After` and a German page, the draft is typeset at most `RUNNING` times (the
/// others wait for a turn and find it cached, or are turned away), and asking again is
/// answered from the cache. Before, every request started its own typesetting process.
/// (Which requests are turned away depends on when they arrive; the admission limit
/// itself is tested in `web::render_queue`.)
#[tokio::test]
async fn draft_pdfs_are_typeset_a_few_at_a_time_and_cached() {
    let queue = std::sync::Arc::new(sachstand::web::render_queue::RenderQueue::default());
    let shared = queue.clone();
    let app = spawn_app_pooled(
        Default::default(),
        move |s| sachstand::AppState {
            draft_pdfs: shared,
            ..s
        },
        &Default::default(),
    )
    .await;
    app.seed(3).await;
    let mut b = app.signed_in("anna", Role::Ag).await;
    b.get("/berichte/neu").await;
    let r = b
        .post(
            "/berichte/neu",
            &[
                ("programme_id", "1"),
                ("period_label", "2. Halbjahr 2026"),
                ("period_start", "01.07.2026"),
                ("cutoff_on", "30.11.2026"),
                ("vorlage_no", "W-1/2026"),
                ("addressee", "Finanz- und Verwaltungsausschuss"),
                ("committee_on", "15.12.2026"),
                ("summary", "Im Plan."),
                ("outlook", "Weiter so."),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id: i64 = r
        .location()
        .trim_start_matches("/berichte/")
        .split('?')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("report id");
    let url = format!("/berichte/{id}.pdf");
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (mut b, url) = (b.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let res = b.get_raw(&url).await;
            let retry = res
                .headers
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            (res.status, retry, res.bytes)
        }));
    }
    let mut ok = Vec::new();
    for t in tasks {
        let (status, retry, body) = t.await.expect("task");
        match status {
            200 => ok.push(body),
            503 => {
                assert!(!retry.is_empty(), "503 without Retry-After");
                assert!(String::from_utf8_lossy(&body).contains("Bitte versuchen Sie es"));
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(!ok.is_empty() && ok.iter().all(|p| p.starts_with(b"%PDF-")));
    assert!(ok.windows(2).all(|w| w[0] == w[1]), "same draft, same PDF");
    let typeset = queue.made_count();
    assert!(
        (1..=sachstand::web::render_queue::RUNNING).contains(&typeset),
        "one draft typeset {typeset} times for 20 requests"
    );
    // unchanged: served from the cache, fast
    let started = std::time::Instant::now();
    let res = b.get_raw(&url).await;
    assert_eq!(res.status, 200);
    assert_eq!(queue.made_count(), typeset, "served from the cache");
    assert!(
        started.elapsed() < std::time::Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}
