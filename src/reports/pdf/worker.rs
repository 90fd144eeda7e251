//! Where a PDF is typeset: in a child process (`<worker> typeset`) when the binary
//! configured one, otherwise in this process.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::source::source;
use super::world::typeset;
use crate::reports::views::body::ReportView;

/// The executable that typesets in a child process (`<worker> typeset`), if set.
static WORKER: OnceLock<PathBuf> = OnceLock::new();

/// Typeset every later PDF in a child process running `worker typeset`: Typst's fonts
/// and caches (~40 MiB) then never stay in the server's memory, and a failure in Typst
/// cannot take the server down. Set once at start-up by the binary; without it (tests,
/// benchmarks, library use) PDFs are typeset in-process.
pub fn use_worker(worker: PathBuf) {
    let _ = WORKER.set(worker);
}

/// Typesets the report into PDF bytes (in the child process when one is configured).
pub fn render(r: &ReportView) -> anyhow::Result<Vec<u8>> {
    render_source(&ident(r), &source(r))
}

/// The PDF's identifier (document id in its metadata).
pub fn ident(r: &ReportView) -> String {
    format!("sachstand-{}", r.vorlage_no)
}

/// Typesets a Typst source (in the child process when one is configured).
pub fn render_source(ident: &str, source: &str) -> anyhow::Result<Vec<u8>> {
    let (ident, source) = (ident.to_string(), source.to_string());
    match WORKER.get() {
        Some(worker) if worker.is_file() => typeset_in_child(worker, &ident, &source),
        Some(worker) => {
            // e.g. the binary was removed during an upgrade while this process still runs
            tracing::warn!(worker = %worker.display(), "PDF worker missing; typesetting in-process");
            typeset(&ident, &source)
        }
        None => typeset(&ident, &source),
    }
}

fn typeset_in_child(worker: &Path, ident: &str, source: &str) -> anyhow::Result<Vec<u8>> {
    use anyhow::Context;
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(worker)
        .arg("typeset")
        .arg("--ident")
        .arg(ident)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("PDF-Satz starten: {}", worker.display()))?;
    let mut stdin = child.stdin.take().context("stdin of the typeset worker")?;
    let input = source.to_owned();
    // written from a thread: the child's stdout must be drained while it reads
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().context("PDF-Satz")?;
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("typeset writer thread panicked"))?
        .context("Typst-Quelle an den PDF-Satz übergeben")?;
    anyhow::ensure!(
        out.status.success() && out.stdout.starts_with(b"%PDF-"),
        "PDF-Satz fehlgeschlagen ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
            .chars()
            .take(500)
            .collect::<String>()
    );
    Ok(out.stdout)
}
