//! The report as an A4 PDF, typeset on the server by Typst embedded as a library
//! (fonts embedded from `typst-assets`, no files or network at run time). Page numbers
//! and the Stichtag are in the footer; table headers repeat on every page. All report
//! text goes into the Typst source as string literals, never as markup.

use std::path::{Path, PathBuf};
use std::sync::{LazyLock, OnceLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use super::views::ReportView;

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

struct ReportWorld {
    main: FileId,
    source: Source,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }
    fn main(&self) -> FileId {
        self.main
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main {
            Ok(Bytes::from_string(self.source.text().to_string()))
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // Fixed: the document never depends on the day it is rendered.
        Datetime::from_ymd(2000, 1, 1)
    }
}

/// A Typst string literal (safe for any input text).
fn s(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Markup line showing a string literal.
fn para(text: &str) -> String {
    format!("#par({})\n", s(text))
}

/// The Typst source of the report.
pub fn source(r: &ReportView) -> String {
    let mut t = String::new();
    let footer = format!(
        "#{} #h(1em) #{}",
        s(&format!("Vorlage {}", r.vorlage_no)),
        s(&format!("Stichtag {}", r.cutoff))
    );
    t.push_str(&format!(
        "#set document(title: {title})\n\
         #set page(paper: \"a4\", margin: (x: 18mm, top: 18mm, bottom: 22mm), \
         footer: context [#set text(size: 8pt)\n{footer} #h(1fr) Seite #counter(page).display() von #counter(page).final().first()])\n\
         #set text(lang: \"de\", size: 9.5pt, hyphenate: true, font: (\"Libertinus Serif\", \"New Computer Modern\"))\n\
         #set par(justify: false)\n\
         #set heading(numbering: none)\n\
         #show heading.where(level: 2): it => {{ pagebreak(weak: true); it }}\n\
         #set table(stroke: 0.4pt, inset: 4pt)\n\
         #show table.cell.where(y: 0): set text(weight: \"bold\")\n",
        title = s(&format!("Sachstandsbericht {}", r.period_label)),
        footer = footer,
    ));
    // cover
    t.push_str(&format!(
        "#text(size: 9pt, {})\n\n#heading(level: 1, {})\n\n",
        s("Informationsvorlage · öffentlich"),
        s(&format!("Sachstandsbericht {}", r.period_label))
    ));
    t.push_str(&para(&format!(
        "Betreff: Sachstand zum {} – {}",
        r.programme, r.period_label
    )));
    t.push_str("#table(columns: (40mm, 1fr), stroke: none,\n");
    let committee = if r.committee_on.is_empty() {
        "noch offen".to_string()
    } else {
        r.committee_on.clone()
    };
    let mut cover = vec![
        ("Vorlage-Nr.", r.vorlage_no.clone()),
        ("Gremium", r.addressee.clone()),
        ("Sitzung am", committee),
        (
            "Berichtszeitraum",
            format!("{} ({})", r.period_label, r.period),
        ),
        ("Stichtag", r.cutoff.clone()),
    ];
    if !r.corrects.is_empty() {
        cover.push((
            "Berichtigt",
            format!("Diese Fassung ersetzt die Vorlage {}.", r.corrects),
        ));
    }
    for (k, v) in cover {
        t.push_str(&format!("  strong({}), {},\n", s(k), s(&v)));
    }
    t.push_str(")\n");
    t.push_str(&para(&format!(
        "Der {} nimmt den Sachstandsbericht zur Kenntnis.",
        r.addressee
    )));

    // 1. summary
    t.push_str(&format!(
        "\n#heading(level: 2, {})\n",
        s("1. Zusammenfassung und Kennzahlen")
    ));
    if !r.summary.is_empty() {
        t.push_str(&para(&r.summary));
    }
    t.push_str(&para(&format!(
        "Alle Zahlen: Stand {} (Stichtag).",
        r.cutoff
    )));
    t.push_str(
        "#table(columns: (45mm, 25mm, 1fr), table.header([Kennzahl], [Wert], [Zählregel]),\n",
    );
    let mut row = |a: &str, b: &str, c: &str| {
        t.push_str(&format!(
            "  {}, {}, text(size: 8pt, {}),\n",
            s(a),
            s(b),
            s(c)
        ));
    };
    row("Maßnahmen insgesamt", &r.total.to_string(), r.rule_total);
    for f in &r.by_status {
        row(&format!("Status: {}", f.label), &f.value, r.rule_status);
    }
    for f in &r.by_ampel {
        row(&format!("Ampel: {}", f.label), &f.value, r.rule_ampel);
    }
    row(
        "Im Berichtszeitraum abgeschlossen",
        &r.completed.to_string(),
        r.rule_completed,
    );
    for (label, v) in [
        ("Plan", &r.budget_planned),
        ("Ansatz", &r.budget_approved),
        ("Ist", &r.budget_actual),
    ] {
        row(
            &format!("Haushalt {}: {label}", r.fiscal_year),
            v,
            r.rule_budget,
        );
    }
    t.push_str(")\n");

    // 2. changes
    t.push_str(&format!(
        "\n#heading(level: 2, {})\n",
        s("2. Veränderungen seit dem letzten Bericht")
    ));
    match &r.changes {
        None => t.push_str(&para(
            "Dies ist der erste freigegebene Bericht; es gibt keinen Vorbericht zum Vergleich.",
        )),
        Some(c) => {
            t.push_str(&para(&format!(
                "Verglichen mit dem freigegebenen Bericht {}.",
                c.previous
            )));
            if c.empty {
                t.push_str(&para(
                    "Seit dem letzten Bericht gab es keine Veränderungen.",
                ));
            }
            let lists: [(&str, &Vec<super::views::ChangeLine>); 7] = [
                ("Neue Maßnahmen", &c.new),
                ("Abgeschlossen", &c.completed),
                ("Statusänderungen", &c.status),
                ("Zurückgestellt oder verworfen", &c.deferred),
                ("Nicht mehr enthalten", &c.removed),
                ("Verzögerte Meilensteine", &c.slipped),
                ("Haushaltsveränderungen", &c.budget),
            ];
            for (title, lines) in lists {
                if lines.is_empty() {
                    continue;
                }
                t.push_str(&format!(
                    "#heading(level: 3, {})\n",
                    s(&format!("{title} ({})", lines.len()))
                ));
                for l in lines {
                    let text = if l.detail.is_empty() {
                        l.measure.clone()
                    } else {
                        format!("{}: {}", l.measure, l.detail)
                    };
                    t.push_str(&format!("- #{}\n", s(&text)));
                }
            }
            if !c.ampel.is_empty() {
                t.push_str(&format!(
                    "#heading(level: 3, {})\n",
                    s(&format!("Ampeländerungen ({})", c.ampel.len()))
                ));
                for a in &c.ampel {
                    let mut text = format!("{}: {} → {}", a.measure, a.from.label(), a.to.label());
                    if !a.reason.is_empty() {
                        text.push_str(&format!(". Ursache: {}", a.reason));
                    }
                    if !a.options.is_empty() {
                        text.push_str(&format!(". Handlungsoptionen: {}", a.options));
                    }
                    t.push_str(&format!("- #{}\n", s(&text)));
                }
            }
        }
    }

    // 3. measures
    t.push_str(&format!(
        "\n#heading(level: 2, {})\n",
        s("3. Stand der Maßnahmen nach Handlungsfeldern")
    ));
    for f in &r.fields {
        t.push_str(&format!(
            "#heading(level: 3, {})\n",
            s(&format!("{} {}", f.code, f.title))
        ));
        if !f.comment.is_empty() {
            t.push_str(&para(&f.comment));
        }
        if f.measures.is_empty() {
            continue;
        }
        t.push_str(
            "#text(size: 8pt, table(columns: (13mm, 1fr, 28mm, 21mm, 15mm, 13mm, 1.5fr), \
             table.header([Nr.], [Maßnahme], [Feder\u{ad}führung], [Status], [Ampel], [Fort\u{ad}schritt], [Sachstand und nächste Schritte]),\n",
        );
        for m in &f.measures {
            let mut text = if m.text.is_empty() {
                "keine Meldung im Berichtszeitraum".to_string()
            } else {
                m.text.clone()
            };
            for (label, v) in [
                ("Nächste Schritte", &m.next_steps),
                ("Ursache", &m.reason),
                ("Handlungsoptionen", &m.options),
                ("Entscheidung nötig bis", &m.decision_by),
            ] {
                if !v.is_empty() {
                    text.push_str(&format!("\n{label}: {v}"));
                }
            }
            for o in &m.overdue {
                text.push_str(&format!("\nÜberfälliger Meilenstein: {o}"));
            }
            let unit = if m.responsible.is_empty() {
                m.unit.clone()
            } else {
                format!("{}\n{}", m.unit, m.responsible)
            };
            t.push_str(&format!(
                "  {}, {}, {}, {}, {}, {}, {},\n",
                s(&m.code),
                s(&m.title),
                s(&unit),
                s(m.status),
                s(&format!("{} {}", m.ampel.symbol(), m.ampel.short())),
                s(&format!("{} %", m.progress)),
                s(&text)
            ));
        }
        t.push_str("))\n");
    }

    // 4. finances
    t.push_str(&format!("\n#heading(level: 2, {})\n", s("4. Finanzen")));
    if r.finances.is_empty() {
        t.push_str(&para(
            "Für die Maßnahmen sind keine Haushaltsansätze erfasst.",
        ));
    } else {
        t.push_str(
            "#table(columns: (1fr, 18mm, 28mm, 28mm, 28mm), align: (left, left, right, right, right), \
             table.header([Maßnahme], [Jahr], [Plan], [Ansatz], [Ist]),\n",
        );
        for b in &r.finances {
            t.push_str(&format!(
                "  {}, {}, {}, {}, {},\n",
                s(&b.measure),
                s(&b.year.to_string()),
                s(&b.planned),
                s(&b.approved),
                s(&b.actual)
            ));
        }
        t.push_str(&format!(
            "  table.footer(strong({}), [], strong({}), strong({}), strong({})),\n)\n",
            s("Summe aller Jahre"),
            s(&r.finance_totals.0),
            s(&r.finance_totals.1),
            s(&r.finance_totals.2)
        ));
    }

    // 5. goals
    t.push_str(&format!(
        "\n#heading(level: 2, {})\n",
        s("5. Zielerreichung")
    ));
    if r.goals.is_empty() {
        t.push_str(&para("Für das Programm sind keine Ziele erfasst."));
    } else {
        t.push_str(&para("Zielerreichung = Anteil des Weges vom Ausgangswert zum Zielwert, den die letzte Messung bis zum Stichtag zurückgelegt hat (0–100 %)."));
        t.push_str(
            "#table(columns: (1fr, 1fr, 22mm, 28mm, 28mm, 18mm), \
             table.header([Ziel], [Indikator], [Ausgangswert], [Zielwert], [Letzte Messung], [Erreicht]),\n",
        );
        for g in &r.goals {
            t.push_str(&format!(
                "  {}, {}, {}, {}, {}, {},\n",
                s(&g.title),
                s(&g.indicator),
                s(&g.baseline),
                s(&g.target),
                s(&g.latest),
                s(&g.attainment)
            ));
        }
        t.push_str(")\n");
    }

    // 6. meetings
    t.push_str(&format!(
        "\n#heading(level: 2, {})\n",
        s("6. Sitzungen und Beschlüsse im Berichtszeitraum")
    ));
    if r.meetings.is_empty() {
        t.push_str(&para(
            "Im Berichtszeitraum sind keine durchgeführten Sitzungen erfasst.",
        ));
    }
    for m in &r.meetings {
        t.push_str(&format!(
            "- #{}\n",
            s(&format!("{} – {}, {}", m.date, m.kind, m.place))
        ));
        for d in &m.decisions {
            t.push_str(&format!("  - #{}\n", s(&format!("Beschluss: {d}"))));
        }
    }

    // 7. outlook
    t.push_str(&format!("\n#heading(level: 2, {})\n", s("7. Ausblick")));
    if r.outlook.is_empty() {
        t.push_str(&para("Kein Ausblick erfasst."));
    } else {
        t.push_str(&para(&r.outlook));
    }
    t
}

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
    let ident = format!("sachstand-{}", r.vorlage_no);
    let source = source(r);
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

/// Typesets Typst source into PDF bytes, in this process.
pub fn typeset(ident: &str, source: &str) -> anyhow::Result<Vec<u8>> {
    let main = RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new("/bericht.typ").map_err(|e| anyhow::anyhow!("{e:?}"))?,
    )
    .intern();
    let world = ReportWorld {
        main,
        source: Source::new(main, source.to_owned()),
    };
    let doc: PagedDocument = typst::compile(&world).output.map_err(|errs| {
        anyhow::anyhow!(
            "Typst: {:?}",
            errs.iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
        )
    })?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(ident.to_owned()),
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&doc, &options).map_err(|errs| {
        anyhow::anyhow!(
            "PDF: {:?}",
            errs.iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
        )
    });
    // Reports are typeset twice a year: drop Typst's memoisation cache instead of keeping
    // tens of MiB of layout results in a long-running server.
    drop(doc);
    typst::comemo::evict(0);
    pdf
}
