//! Looking up a council paper in the city's own OParl system (`--oparl-endpoint`): from the
//! System (or directly a Body) to the Body's paper list, page by page via `links.next`, until
//! a paper's `reference` matches. Every request times out after a few seconds, the whole
//! search after a few more; failures come back as a German sentence for the form.

use std::time::Duration;

use serde_json::Value;

/// What the form stores of a found paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundPaper {
    pub reference: String,
    pub name: String,
    /// `YYYY-MM-DD`, if the paper has a date.
    pub date: Option<String>,
    /// The paper's web page if it names one, else its OParl URL.
    pub url: String,
}

pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(3);
pub const SEARCH_TIMEOUT: Duration = Duration::from_secs(8);
/// At most this many list pages are read (a city has tens of thousands of papers).
pub const MAX_PAGES: usize = 200;

const UNREACHABLE: &str = "Das Ratsinformationssystem der Stadt ist nicht erreichbar. Bitte tragen Sie Titel, Datum und Adresse selbst ein.";

/// `Ok(None)`: the system answered but has no paper with this reference.
pub async fn find_paper(
    endpoint: &url::Url,
    reference: &str,
) -> Result<Option<FoundPaper>, String> {
    match tokio::time::timeout(SEARCH_TIMEOUT, search(endpoint, reference)).await {
        Ok(r) => r,
        Err(_) => Err(
            "Das Ratsinformationssystem der Stadt hat nicht rechtzeitig geantwortet. Bitte tragen Sie Titel, Datum und Adresse selbst ein."
                .into(),
        ),
    }
}

async fn get(client: &reqwest::Client, url: &str) -> Result<Value, String> {
    let res = client.get(url).send().await.map_err(|e| {
        tracing::warn!(error = %e, url, "OParl-Abfrage fehlgeschlagen");
        UNREACHABLE.to_string()
    })?;
    if !res.status().is_success() {
        tracing::warn!(status = %res.status(), url, "OParl-Abfrage abgelehnt");
        return Err(UNREACHABLE.into());
    }
    let bytes = res.bytes().await.map_err(|_| UNREACHABLE.to_string())?;
    serde_json::from_slice(&bytes).map_err(|_| {
        "Das Ratsinformationssystem der Stadt hat keine lesbare OParl-Antwort gegeben. Bitte tragen Sie Titel, Datum und Adresse selbst ein."
            .to_string()
    })
}

fn is_type(v: &Value, t: &str) -> bool {
    v.get("type")
        .and_then(Value::as_str)
        .is_some_and(|s| s.trim_end_matches('/').ends_with(&format!("/{t}")))
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

async fn search(endpoint: &url::Url, reference: &str) -> Result<Option<FoundPaper>, String> {
    let client = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(REQUEST_TIMEOUT)
        .user_agent(concat!("Sachstand/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|_| UNREACHABLE.to_string())?;
    let start = get(&client, endpoint.as_str()).await?;
    // The System names its list of bodies; a Body is used as it is.
    let bodies: Vec<Value> = if is_type(&start, "Body") {
        vec![start]
    } else {
        let list = str_of(&start, "body").ok_or(UNREACHABLE)?;
        let page = get(&client, list).await?;
        page.get("data")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let wanted = reference.trim().to_lowercase();
    let mut pages = 0;
    for body in bodies {
        let mut next = str_of(&body, "paper").map(str::to_string);
        while let Some(url) = next.take() {
            pages += 1;
            if pages > MAX_PAGES {
                return Ok(None);
            }
            let page = get(&client, &url).await?;
            for p in page
                .get("data")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if p.get("deleted").and_then(Value::as_bool) == Some(true) {
                    continue;
                }
                let Some(r) = str_of(p, "reference") else {
                    continue;
                };
                if r.trim().to_lowercase() == wanted {
                    let url = str_of(p, "web").or_else(|| str_of(p, "id")).unwrap_or(&url);
                    return Ok(Some(FoundPaper {
                        reference: r.trim().to_string(),
                        name: str_of(p, "name").unwrap_or_default().trim().to_string(),
                        date: str_of(p, "date").map(|d| d.get(..10).unwrap_or(d).to_string()),
                        url: url.to_string(),
                    }));
                }
            }
            next = page
                .get("links")
                .and_then(|l| str_of(l, "next"))
                .map(str::to_string);
        }
    }
    Ok(None)
}
