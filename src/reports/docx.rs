//! The report as a Word document (DOCX): the editable copy the Sachbearbeiterin imports
//! into the council information system as the Vorlage text. Same structure as the PDF
//! (`pdf::source`) from the same view: front matter of the Vorlage, Sachverhalt with its
//! sections, Finanzielle Auswirkungen. Headings use Word's built-in heading styles
//! ("Überschrift 1/2/3" in a German office suite); tables are real tables whose first
//! row is marked as a header row (repeated on every page).
//!
//! The output is deterministic: fixed document dates, paragraph ids counted from 1 per
//! document, ZIP entries without the current time, so a draft renders to the same bytes
//! for the same data (a released report stores its bytes anyway).

use std::cell::Cell;
use std::io::Cursor;

use docx_rs::{
    AlignmentType, DocumentChild, Docx, FieldCharType, Footer, Hyperlink, HyperlinkType,
    InstrPAGEREF, InstrText, LineSpacing, NumPages, PageMargin, PageNum, Paragraph, Run, RunFonts,
    Shading, Style, StyleType, Tab, TabLeaderType, TabValueType, Table, TableCell, TableRow,
    WidthType,
};

use crate::domain::Ampel;
use crate::reports::views::body::{ChangeLine, ChangesView, FinanceSum, ReportView};
use crate::reports::views::build::{SEE_DELAYS, append_sentence};
use crate::reports::views::chart::fill;

/// The MIME type of a DOCX file.
pub const CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Text width of an A4 page with the margins below (210 mm − 22 mm − 18 mm), in twips.
const TEXT_WIDTH: usize = 9638;

/// Row height given to header rows while building; replaced by `<w:tblHeader/>` after the
/// XML is written (the writer has no header-row property of its own).
const HEADER_MARK: &str = "<w:trHeight w:val=\"1\" w:hRule=\"atLeast\" />";
const HEADER_ROW: &str = "<w:tblHeader />";

/// Text as Word accepts it: bidirectional controls, zero-width and other control
/// characters dropped (`domain::text`), tabs as spaces.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !crate::domain::text::is_invisible_control(*c))
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|c| *c == '\n' || !c.is_control())
        .collect()
}

/// The document being written: paragraphs get ids counted from 1, so the same report
/// always gives the same ids (the writer's own counter is per thread, not per document).
struct Doc {
    docx: Docx,
    next_id: Cell<u32>,
    /// Headings of level 1 and 2 after the front matter with their bookmark, for the
    /// table of contents (`None` while the front matter is written).
    contents: Option<Vec<(usize, String, String)>>,
}

impl Doc {
    fn par(&self) -> Paragraph {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        Paragraph::new().id(format!("{id:08X}"))
    }

    /// A paragraph of plain text; line breaks in the text stay line breaks.
    fn text(&self, text: &str) -> Paragraph {
        let mut p = self.par();
        for (i, line) in clean(text).split('\n').enumerate() {
            let mut run = docx_rs::Run::new();
            if i > 0 {
                run = run.add_break(docx_rs::BreakType::TextWrapping);
            }
            p = p.add_run(run.add_text(line));
        }
        p
    }

    /// "Label: text" with the label in bold.
    fn labelled(&self, label: &str, text: &str) -> Paragraph {
        if label.is_empty() {
            return self.text(text);
        }
        self.par()
            .add_run(docx_rs::Run::new().add_text(format!("{label}: ")).bold())
            .add_run(docx_rs::Run::new().add_text(clean(text)))
    }

    fn push(&mut self, p: Paragraph) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(p);
    }

    fn para(&mut self, text: &str) {
        let p = self.text(text);
        self.push(p);
    }

    fn heading(&mut self, level: u8, title: &str) {
        let mut p = self.text(title).style(&format!("Heading{level}"));
        if let (true, Some(contents)) = (level <= 2, self.contents.as_mut()) {
            // bookmark ids and names counted per document (the writer's own are global)
            let n = contents.len() + 1;
            let key = format!("_TocSachstand{n:04}");
            p = p.add_bookmark_start(n, key.clone()).add_bookmark_end(n);
            contents.push((usize::from(level), clean(title), key));
        }
        self.push(p);
    }

    fn bullet(&mut self, text: &str) {
        let p = self.text(&format!("– {text}")).style("ListBullet");
        self.push(p);
    }

    fn table(&mut self, t: Table) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_table(t);
    }

    /// A cell of paragraphs (at least one: Word requires it).
    fn cell(&self, paragraphs: Vec<Paragraph>) -> TableCell {
        let mut c = TableCell::new();
        if paragraphs.is_empty() {
            return c.add_paragraph(self.par());
        }
        for p in paragraphs {
            c = c.add_paragraph(p);
        }
        c
    }

    fn cell_text(&self, text: &str) -> TableCell {
        self.cell(vec![self.text(text)])
    }

    /// A right-aligned cell (amounts, percentages).
    fn cell_num(&self, text: &str) -> TableCell {
        self.cell(vec![self.text(text).align(AlignmentType::Right)])
    }

    /// A row header cell: the row's label in bold.
    fn cell_head(&self, text: &str) -> TableCell {
        let p = self
            .par()
            .add_run(docx_rs::Run::new().add_text(clean(text)).bold());
        self.cell(vec![p])
    }

    /// Labelled lines in one cell (empty values skipped).
    fn cell_lines(&self, parts: &[(&str, &str)]) -> TableCell {
        let ps = parts
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(label, v)| self.labelled(label, v))
            .collect();
        self.cell(ps)
    }

    /// The Ampel as symbol and word in its colour: readable in black and white.
    fn cell_ampel(&self, a: Ampel) -> TableCell {
        let key = match a {
            Ampel::Gruen => "gruen",
            Ampel::Gelb => "gelb",
            Ampel::Rot => "rot",
        };
        let p = self
            .par()
            .add_run(
                docx_rs::Run::new()
                    .add_text(format!("{} ", a.symbol()))
                    .color(fill(key).trim_start_matches('#')),
            )
            .add_run(docx_rs::Run::new().add_text(a.short()));
        self.cell(vec![p])
    }

    /// A table over the text width: a header row (repeated on every page), rows that do
    /// not split across pages; `widths` are relative column widths.
    fn grid(&mut self, head: &[&str], widths: &[usize], rows: Vec<Vec<TableCell>>) {
        let sum: usize = widths.iter().sum::<usize>().max(1);
        let grid: Vec<usize> = widths.iter().map(|w| TEXT_WIDTH * w / sum).collect();
        let header_cells = head
            .iter()
            .zip(&grid)
            .map(|(h, w)| {
                self.cell_head(h)
                    .width(*w, WidthType::Dxa)
                    .shading(Shading::new().fill("E8ECF2"))
            })
            .collect();
        let mut all = vec![TableRow::new(header_cells).row_height(1.0).cant_split()];
        for row in rows {
            let cells = row
                .into_iter()
                .zip(&grid)
                .map(|(c, w)| c.width(*w, WidthType::Dxa))
                .collect();
            all.push(TableRow::new(cells).cant_split());
        }
        let t = Table::new(all)
            .set_grid(grid)
            .width(TEXT_WIDTH, WidthType::Dxa)
            .style("ReportTable");
        self.table(t);
        let gap = self.par().size(8);
        self.push(gap);
    }
}

fn styles(docx: Docx) -> Docx {
    let font = RunFonts::new()
        .ascii("Arial")
        .hi_ansi("Arial")
        .cs("Arial")
        .east_asia("Arial");
    let heading = |level: usize, size: usize| {
        Style::new(format!("Heading{level}"), StyleType::Paragraph)
            .name(format!("heading {level}"))
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .outline_lvl(level - 1)
            .size(size)
            .bold()
            .line_spacing(LineSpacing::new().before(280).after(120))
    };
    docx.default_fonts(font)
        .default_size(20)
        .add_style(
            Style::new("Normal", StyleType::Paragraph)
                .name("Normal")
                .line_spacing(LineSpacing::new().after(80)),
        )
        .add_style(heading(1, 28))
        .add_style(heading(2, 24))
        .add_style(heading(3, 21))
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .size(32)
                .bold()
                .line_spacing(LineSpacing::new().before(240).after(160)),
        )
        .add_style(toc_entry(1, 0))
        .add_style(toc_entry(2, 240))
        .add_style(
            Style::new("ListBullet", StyleType::Paragraph)
                .name("List Bullet")
                .based_on("Normal")
                .indent(Some(360), None, None, None),
        )
        .add_style(
            Style::new("ReportTable", StyleType::Table)
                .name("Report Table")
                .size(17),
        )
}

/// A table-of-contents entry, indented by level (Word's built-in "toc 1", "toc 2"); the
/// entry's paragraph puts the page number at the right margin after a dotted leader.
fn toc_entry(level: usize, indent: i32) -> Style {
    Style::new(format!("ToC{level}"), StyleType::Paragraph)
        .name(format!("toc {level}"))
        .based_on("Normal")
        .next("Normal")
        .indent(Some(indent), None, None, None)
}

/// The report as DOCX bytes.
pub fn render(r: &ReportView) -> anyhow::Result<Vec<u8>> {
    let title = format!("Sachstandsbericht {}", r.period_label);
    let footer_text = format!(
        "{} {} · Stichtag {} · Seite ",
        r.kind, r.vorlage_no, r.cutoff
    );
    let docx = styles(Docx::new())
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1020)
                .bottom(1247)
                .left(1247)
                .right(1020)
                .footer(567)
                .header(567),
        )
        .created_at("2000-01-01T00:00:00Z")
        .updated_at("2000-01-01T00:00:00Z");
    let mut d = Doc {
        docx,
        next_id: Cell::new(1),
        contents: None,
    };
    let footer = Footer::new().add_paragraph(
        d.par()
            .size(16)
            .add_run(docx_rs::Run::new().add_text(clean(&footer_text)))
            .add_page_num(PageNum::new())
            .add_run(docx_rs::Run::new().add_text(" von "))
            .add_num_pages(NumPages::new()),
    );
    d.docx = std::mem::take(&mut d.docx).footer(footer);

    cover(&mut d, r, &title);
    let contents_at = d.docx.document.children.len();
    d.contents = Some(Vec::new());
    d.heading(1, "Sachverhalt");
    summary(&mut d, r);
    delays(&mut d, r);
    d.heading(2, "3. Veränderungen seit dem letzten Bericht");
    match &r.changes {
        None => d.para(
            "Dies ist der erste freigegebene Bericht; es gibt keinen Vorbericht zum Vergleich.",
        ),
        Some(c) => changes(&mut d, c),
    }
    measures(&mut d, r);
    finances(&mut d, r);
    goals(&mut d, r);
    meetings(&mut d, r);
    d.heading(2, "8. Ausblick");
    if r.outlook.is_empty() {
        d.para("Kein Ausblick erfasst.");
    } else {
        d.para(&r.outlook);
    }
    d.heading(1, "Finanzielle Auswirkungen");
    d.para(&r.financial_effects);

    let toc = table_of_contents(&d);
    let children = &mut d.docx.document.children;
    for (i, p) in toc.into_iter().enumerate() {
        children.insert(contents_at + i, DocumentChild::Paragraph(Box::new(p)));
    }
    let mut xml = d.docx.build();
    xml.doc_props.core = core_properties(r, &title).into_bytes();
    let document = String::from_utf8(std::mem::take(&mut xml.document))?;
    xml.document = document.replace(HEADER_MARK, HEADER_ROW).into_bytes();
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out)?;
    Ok(out.into_inner())
}

/// The table of contents after the front matter: each section as a link to its heading,
/// with its page number as a page-reference field (LibreOffice computes it on opening,
/// Word when fields are updated, e.g. on printing). No TOC field around them: LibreOffice
/// shows a TOC field outside its own index format as raw text.
fn table_of_contents(d: &Doc) -> Vec<Paragraph> {
    let heading = d
        .text("Inhalt")
        .bold()
        .size(24)
        .line_spacing(LineSpacing::new().before(240).after(120));
    let entries = d.contents.iter().flatten().map(|(level, text, key)| {
        let page = Run::new()
            .add_field_char(FieldCharType::Begin, false)
            .add_instr_text(InstrText::PAGEREF(InstrPAGEREF::new(key).hyperlink()))
            .add_field_char(FieldCharType::Separate, false)
            .add_text("")
            .add_field_char(FieldCharType::End, false);
        let tab = Tab::new()
            .val(TabValueType::Right)
            .leader(TabLeaderType::Dot)
            .pos(TEXT_WIDTH);
        d.par()
            .style(&format!("ToC{level}"))
            .add_tab(tab)
            .add_hyperlink(
                Hyperlink::new(key, HyperlinkType::Anchor)
                    .add_run(Run::new().add_text(text))
                    .add_run(Run::new().add_tab())
                    .add_run(page),
            )
    });
    std::iter::once(heading).chain(entries).collect()
}

/// The document properties a council information system and a file list show: title,
/// subject, the issuing city and unit as author (never a person), language. Fixed dates
/// keep the file deterministic.
fn core_properties(r: &ReportView, title: &str) -> String {
    let creator = [r.city.as_str(), r.issuing_unit.as_str()]
        .iter()
        .filter(|s| !s.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" – ");
    let subject = format!("{} {}", r.kind, r.vorlage_no);
    format!(
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
            "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" ",
            "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" ",
            "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
            "<dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator>",
            "<dc:language>de-DE</dc:language>",
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z</dcterms:created>",
            "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z</dcterms:modified>",
            "</cp:coreProperties>"
        ),
        xml_text(&clean(title)),
        xml_text(&clean(&subject)),
        xml_text(&clean(&creator)),
    )
}

/// Text for an XML element.
fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn cover(d: &mut Doc, r: &ReportView, title: &str) {
    // letterhead: city (bold), head of the administration, issuing unit; the Vorlage type
    for (i, line) in [&r.city, &r.head, &r.issuing_unit].iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        let mut run = docx_rs::Run::new().add_text(clean(line));
        if i == 0 {
            run = run.bold().size(26);
        }
        let p = d.par().add_run(run);
        d.push(p);
    }
    let p = d
        .par()
        .align(AlignmentType::Right)
        .add_run(docx_rs::Run::new().add_text(clean(&r.kind)).bold())
        .add_run(docx_rs::Run::new().add_text(" · öffentlich"));
    d.push(p);
    let p = d.text(title).style("Title");
    d.push(p);

    let mut rows = vec![
        ("Vorlage", r.kind.clone()),
        ("Vorlage-Nr.", r.vorlage_no.clone()),
        ("Datum", r.dated.clone()),
        ("Öffentlichkeit", "öffentlich".to_string()),
    ];
    if !r.issuing_unit.is_empty() {
        rows.push(("Federführung", r.issuing_unit.clone()));
    }
    rows.push((
        "Berichtszeitraum",
        format!("{} ({})", r.period_label, r.period),
    ));
    rows.push(("Stichtag", r.cutoff.clone()));
    if !r.corrects.is_empty() {
        rows.push((
            "Berichtigt",
            format!("Diese Fassung ersetzt die Vorlage {}.", r.corrects),
        ));
    }
    let cells = rows
        .iter()
        .map(|(k, v)| vec![d.cell_head(k), d.cell_text(v)])
        .collect();
    d.grid(&["Angaben zur Vorlage", ""], &[3, 7], cells);

    let p = d
        .par()
        .line_spacing(LineSpacing::new().before(240))
        .add_run(docx_rs::Run::new().add_text("Beratungsfolge").bold());
    d.push(p);
    let committee = if r.committee_on.is_empty() {
        "noch offen".to_string()
    } else {
        r.committee_on.clone()
    };
    let row = vec![
        d.cell_text(&r.addressee),
        d.cell_text(&committee),
        d.cell_text("Kenntnisnahme"),
    ];
    d.grid(
        &["Gremium", "Sitzung am", "Zuständigkeit"],
        &[6, 2, 2],
        vec![row],
    );
    let p = d
        .labelled("Betreff", &r.subject)
        .line_spacing(LineSpacing::new().before(240));
    d.push(p);
    d.heading(1, "Beschlussvorschlag");
    d.para(&r.information);
}

fn summary(d: &mut Doc, r: &ReportView) {
    d.heading(2, "1. Zusammenfassung und Kennzahlen");
    if !r.summary.is_empty() {
        d.para(&r.summary);
    }
    d.para(&format!("Alle Zahlen: Stand {} (Stichtag).", r.cutoff));
    let mut rows = Vec::new();
    for g in &r.figures {
        for (i, f) in g.rows.iter().enumerate() {
            let rule = if i == 0 { g.rule } else { "" };
            rows.push(vec![
                d.cell_head(&f.label),
                d.cell_num(&f.value),
                d.cell_text(rule),
            ]);
        }
    }
    d.grid(&["Kennzahl", "Wert", "Zählregel"], &[4, 2, 5], rows);
    // the charts as their text alternatives (the same sentences the PDF figures carry)
    for alt in &r.chart_alts {
        if !alt.is_empty() {
            d.bullet(alt);
        }
    }
}

fn delays(d: &mut Doc, r: &ReportView) {
    d.heading(2, "2. Verzug und Entscheidungsbedarf");
    if r.delays.is_empty() {
        d.para(&format!(
            "Zum Stichtag {} ist keine laufende Maßnahme in Verzug und keine Entscheidungsfrist überschritten.",
            r.cutoff
        ));
        return;
    }
    d.para(&format!(
        "Laufende Maßnahmen, deren Entscheidungsfrist zum Stichtag {} überschritten war oder deren Meilensteine überfällig waren ({}).",
        r.cutoff,
        r.delays.len()
    ));
    let mut rows = Vec::new();
    for x in &r.delays {
        let mut late = vec![("Entscheidung nötig bis", x.decision_by.as_str())];
        late.extend(
            x.overdue
                .iter()
                .map(|o| ("Überfälliger Meilenstein", o.as_str())),
        );
        let cause = if x.reason.is_empty() && x.options.is_empty() {
            d.cell_text("nicht gemeldet")
        } else {
            d.cell_lines(&[
                ("Ursache", x.reason.as_str()),
                ("Handlungsoptionen", x.options.as_str()),
            ])
        };
        let decisions: Vec<(&str, &str)> = x.decisions.iter().map(|s| ("", s.as_str())).collect();
        rows.push(vec![
            d.cell(vec![
                d.par()
                    .add_run(docx_rs::Run::new().add_text(clean(&x.label)).bold()),
                d.text(x.status.label()),
            ]),
            d.cell_ampel(x.ampel),
            d.cell_lines(&late),
            cause,
            d.cell_lines(&decisions),
        ]);
    }
    d.grid(
        &[
            "Maßnahme",
            "Ampel",
            "Verzug",
            "Ursache und Handlungsoptionen",
            "Entscheidung",
        ],
        &[11, 5, 9, 20, 11],
        rows,
    );
}

fn changes(d: &mut Doc, c: &ChangesView) {
    d.para(&format!(
        "Verglichen mit dem freigegebenen Bericht {}.",
        c.previous
    ));
    if c.empty {
        d.para("Seit dem letzten Bericht gab es keine Veränderungen.");
    }
    let lists: [(&str, &Vec<ChangeLine>); 7] = [
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
        d.heading(3, &format!("{title} ({})", lines.len()));
        for l in lines {
            if l.detail.is_empty() {
                d.bullet(&l.measure);
            } else {
                d.bullet(&format!("{}: {}", l.measure, l.detail));
            }
        }
    }
    if !c.ampel.is_empty() {
        d.heading(3, &format!("Ampeländerungen ({})", c.ampel.len()));
        for a in &c.ampel {
            let mut text = format!("{}: {} → {}", a.measure, a.from.short(), a.to.short());
            append_sentence(&mut text, "Ursache", &a.reason);
            append_sentence(&mut text, "Handlungsoptionen", &a.options);
            d.bullet(&text);
        }
    }
}

fn measures(d: &mut Doc, r: &ReportView) {
    d.heading(2, "4. Stand der Maßnahmen nach Handlungsfeldern");
    d.para(&format!(
        "Status, Ampel, Fortschritt und Sachstand aus der letzten Sachstandsmeldung bis zum Stichtag {}, mit ihrem Datum.",
        r.cutoff
    ));
    for f in &r.fields {
        d.heading(3, &format!("{} {}", f.code, f.title));
        if !f.comment.is_empty() {
            d.para(&f.comment);
        }
        if f.measures.is_empty() {
            continue;
        }
        let mut rows = Vec::new();
        for m in &f.measures {
            let (stand, text) = if m.text.is_empty() {
                ("", "noch keine Sachstandsmeldung")
            } else {
                (m.stand.as_str(), m.text.as_str())
            };
            let mut ps = vec![d.labelled(stand, text)];
            if !m.stale.is_empty() {
                ps.push(
                    d.par().add_run(
                        docx_rs::Run::new()
                            .add_text(clean(&m.stale))
                            .bold()
                            .color("7A4A00"),
                    ),
                );
            }
            let mut rest = vec![
                ("Nächste Schritte", m.next_steps.as_str()),
                ("Ursache", m.reason.as_str()),
                ("Handlungsoptionen", m.options.as_str()),
                ("Entscheidung nötig bis", m.decision_by.as_str()),
            ];
            rest.extend(
                m.overdue
                    .iter()
                    .map(|o| ("Überfälliger Meilenstein", o.as_str())),
            );
            rest.push(("Ratsbeschlüsse", m.council.as_str()));
            if m.delayed {
                rest.push(("", SEE_DELAYS));
            }
            ps.extend(
                rest.iter()
                    .filter(|(_, v)| !v.trim().is_empty())
                    .map(|(k, v)| d.labelled(k, v)),
            );
            rows.push(vec![
                d.cell_text(&m.code),
                d.cell_head(&m.title),
                d.cell_lines(&[("", m.unit.as_str()), ("", m.responsible.as_str())]),
                d.cell_text(m.status.label()),
                d.cell_ampel(m.ampel),
                d.cell_num(&format!("{} %", m.progress)),
                d.cell(ps),
            ]);
        }
        d.grid(
            &[
                "Nr.",
                "Maßnahme",
                "Feder\u{ad}führung",
                "Status",
                "Ampel",
                "Fort\u{ad}schritt",
                "Sachstand und nächste Schritte",
            ],
            &[9, 18, 15, 13, 9, 12, 28],
            rows,
        );
    }
}

fn finance_table(d: &mut Doc, first: &str, rows: &[FinanceSum], total: Option<&FinanceSum>) {
    let row = |x: &FinanceSum| {
        vec![
            d.cell_head(&x.label),
            d.cell_num(&x.planned),
            d.cell_num(&x.approved),
            d.cell_num(&x.actual),
            d.cell_num(&x.approved_minus_planned),
            d.cell_num(&x.actual_minus_approved),
            d.cell_num(&x.used),
        ]
    };
    let mut cells: Vec<Vec<TableCell>> = rows.iter().map(row).collect();
    if let Some(x) = total {
        cells.push(row(x));
    }
    d.grid(
        &[
            first,
            "Plan",
            "Ansatz",
            "Ist",
            "Ansatz − Plan",
            "Ist − Ansatz",
            "Ausschöpfung",
        ],
        &[16, 13, 13, 13, 13, 13, 10],
        cells,
    );
}

fn finances(d: &mut Doc, r: &ReportView) {
    d.heading(2, "5. Finanzen");
    if r.finance_years.is_empty() {
        d.para("Für die Maßnahmen sind keine Haushaltsansätze erfasst.");
        return;
    }
    d.para(&format!(
        "Beträge in Euro, Stand {}. Abweichung: Ansatz − Plan und Ist − Ansatz (positiv: mehr ausgegeben als veranschlagt).",
        r.cutoff
    ));
    d.heading(3, "Nach Haushaltsjahren (mittelfristige Sicht)");
    finance_table(
        d,
        "Haushaltsjahr",
        &r.finance_years,
        r.finance_years_total.as_ref(),
    );
    if !r.finance_fields.is_empty() {
        d.heading(
            3,
            &format!("Haushaltsjahr {} nach Handlungsfeldern", r.fiscal_year),
        );
        finance_table(
            d,
            "Handlungsfeld",
            &r.finance_fields,
            r.finance_fields_total.as_ref(),
        );
    }
    if !r.finances.is_empty() {
        d.heading(3, &format!("Haushaltsjahr {} je Maßnahme", r.fiscal_year));
        let rows = r
            .finances
            .iter()
            .map(|b| {
                vec![
                    d.cell_head(&b.measure),
                    d.cell_num(&b.planned),
                    d.cell_num(&b.approved),
                    d.cell_num(&b.actual),
                    d.cell_num(&b.deviation),
                ]
            })
            .collect();
        d.grid(
            &["Maßnahme", "Plan", "Ansatz", "Ist", "Ist − Ansatz"],
            &[24, 10, 10, 10, 10],
            rows,
        );
    }
}

fn goals(d: &mut Doc, r: &ReportView) {
    d.heading(2, "6. Zielerreichung");
    if r.goals.is_empty() {
        d.para("Für das Programm sind keine Ziele erfasst.");
        return;
    }
    d.para("Zielerreichung = Anteil des Weges vom Ausgangswert zum Zielwert, den die letzte Messung bis zum Stichtag zurückgelegt hat (0–100 %).");
    let rows = r
        .goals
        .iter()
        .map(|g| {
            vec![
                d.cell_head(&g.title),
                d.cell_text(&g.indicator),
                d.cell_num(&g.baseline),
                d.cell_num(&g.target),
                d.cell_num(&g.latest),
                d.cell_num(&g.attainment),
            ]
        })
        .collect();
    d.grid(
        &[
            "Ziel",
            "Indikator",
            "Ausgangswert",
            "Zielwert",
            "Letzte Messung",
            "Erreicht",
        ],
        &[16, 18, 10, 10, 10, 7],
        rows,
    );
}

fn meetings(d: &mut Doc, r: &ReportView) {
    d.heading(2, "7. Sitzungen und Beschlüsse im Berichtszeitraum");
    if r.meetings.is_empty() {
        d.para("Im Berichtszeitraum sind keine durchgeführten Sitzungen erfasst.");
    }
    for m in &r.meetings {
        d.bullet(&format!("{} – {}, {}", m.date, m.kind, m.place));
        for x in &m.decisions {
            d.bullet(&format!("Beschluss: {x}"));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_drops_controls_and_keeps_line_breaks() {
        assert_eq!(super::clean("\u{202E}a\u{202C}\tb\nc\u{7}"), "a b\nc");
    }
}
