//! The Typst source of a report, section by section: a Vorlage (letterhead, Beratungsfolge,
//! Betreff, Beschlussvorschlag, table of contents) followed by the Sachverhalt and the
//! financial effects. Every text goes in as a string literal (`s`), never as markup, so
//! report text cannot change the layout. Tables have header rows (repeated on every
//! page) and rows that never split; charts are figures with an alternative text.

use crate::reports::views::body::{ChangeLine, ChangesView, FinanceSum, ReportView};
use crate::reports::views::build::{SEE_DELAYS, append_sentence};
use crate::reports::views::chart::{fill, group};

/// A Typst string literal (safe for any input text; bidirectional controls and
/// zero-width characters are dropped, `domain::text`).
fn s(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            c if crate::domain::text::is_invisible_control(c) => {}
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c if !super::world::displayable(c) => out.push_str(&format!("[U+{:04X}]", c as u32)),
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

/// A paragraph that introduces the table after it: kept on the page of the table's first
/// rows, so that neither it nor the heading above it is left alone at a page foot.
fn lead_in(text: &str) -> String {
    format!("#block(sticky: true, par({}))\n", s(text))
}

fn heading(t: &mut String, level: u8, title: &str) {
    t.push_str(&format!("\n#heading(level: {level}, {})\n", s(title)));
}

fn bullet(t: &mut String, text: &str) {
    t.push_str(&format!("- #{}\n", s(text)));
}

/// Content of labelled lines: `[*Label:* text \ *Label:* text]` (empty values skipped;
/// an empty label shows the text alone).
fn lines(parts: &[(&str, &str)]) -> String {
    let shown: Vec<String> = parts
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(label, v)| {
            if label.is_empty() {
                format!("#{}", s(v))
            } else {
                format!("#strong({}) #{}", s(&format!("{label}:")), s(v))
            }
        })
        .collect();
    format!("[{}]", shown.join(" \\ "))
}

/// The Ampel as a coloured shape (circle, triangle, square) and its word: readable in
/// black and white; never hyphenated or broken.
fn ampel(a: crate::domain::Ampel) -> String {
    format!("ampel({})", s(a.key()))
}

/// The Typst source of the report.
pub fn source(r: &ReportView) -> String {
    let mut t = String::new();
    preamble(&mut t, r);
    cover(&mut t, r);
    t.push_str("#pagebreak(weak: true)\n");
    heading(&mut t, 1, "Sachverhalt");
    summary(&mut t, r);
    delays(&mut t, r);
    heading(&mut t, 2, "3. Veränderungen seit dem letzten Bericht");
    match &r.changes {
        None => t.push_str(&para(
            "Dies ist der erste freigegebene Bericht; es gibt keinen Vorbericht zum Vergleich.",
        )),
        Some(c) => changes(&mut t, c),
    }
    measures(&mut t, r);
    finances(&mut t, r);
    goals(&mut t, r);
    meetings(&mut t, r);
    heading(&mut t, 2, "8. Ausblick");
    if r.outlook.is_empty() {
        t.push_str(&para("Kein Ausblick erfasst."));
    } else {
        t.push_str(&para(&r.outlook));
    }
    heading(&mut t, 1, "Finanzielle Auswirkungen");
    t.push_str(&para(&r.financial_effects));
    t
}

fn preamble(t: &mut String, r: &ReportView) {
    let footer = format!(
        "{} · Stichtag {}",
        [r.kind.as_str(), r.vorlage_no.as_str()].join(" "),
        r.cutoff
    );
    let colours = ["gruen", "gelb", "rot", "neutral"]
        .map(|k| format!("{}: rgb({})", s(k), s(fill(k))))
        .join(", ");
    t.push_str(&format!(
        "#set document(title: {title}, author: {author})\n\
         #set page(paper: \"a4\", margin: (left: 22mm, right: 18mm, top: 18mm, bottom: 22mm), \
         footer: context [#set text(size: 8pt)\n#{footer} #h(1fr) Seite #counter(page).display() von #counter(page).final().first()])\n\
         #set text(lang: \"de\", region: \"DE\", size: 9.5pt, hyphenate: true, font: (\"Noto Sans\", \"DejaVu Sans Mono\"))\n\
         #set par(justify: false, leading: 0.6em)\n\
         #set heading(numbering: none)\n\
         #show heading.where(level: 1): set text(size: 14pt)\n\
         #show heading.where(level: 2): set text(size: 12pt)\n\
         #show heading.where(level: 3): set text(size: 10.5pt)\n\
         #show heading: set block(above: 1.4em, below: 0.8em)\n\
         #set table(stroke: 0.4pt + luma(120), inset: 4pt)\n\
         #set table.cell(breakable: false)\n\
         #show table.header: set text(weight: \"bold\")\n\
         #show table.footer: set text(weight: \"bold\")\n\
         #set figure(gap: 6pt)\n\
         #show figure: set align(start)\n\
         #let word(w) = text(hyphenate: false, w)\n\
         #show figure.caption: set text(size: 8.5pt)\n\
         #let colours = ({colours})\n\
         #let ampel(k) = box(baseline: 1pt, {{\n\
           let c = colours.at(k)\n\
           let shape = if k == \"gruen\" {{ circle(radius: 3.2pt, fill: c, stroke: 0.4pt) }} \
             else if k == \"gelb\" {{ polygon.regular(vertices: 3, size: 8pt, fill: c, stroke: 0.4pt) }} \
             else {{ square(size: 6.5pt, fill: c, stroke: 0.4pt) }}\n\
           box(shape) + h(3pt) + (if k == \"gruen\" {{ \"Grün\" }} else if k == \"gelb\" {{ \"Gelb\" }} else {{ \"Rot\" }})\n\
         }})\n\
         #let bars(rows, max) = block(width: 100%, grid(columns: (32mm, 1fr), column-gutter: 4pt, row-gutter: 4pt, align: horizon,\n\
           ..rows.map(((label, value, shown, k)) => (text(size: 8.5pt, hyphenate: false, label), box(width: 100%, {{\n\
             box(width: 55% * (if max > 0 {{ value / max }} else {{ 0 }}), height: 9pt, fill: colours.at(k), stroke: 0.3pt)\n\
             h(4pt)\n\
             box(text(size: 8.5pt, weight: \"bold\", shown))\n\
           }}))).flatten()))\n",
        title = s(&format!("Sachstandsbericht {}", r.period_label)),
        author = s(&r.city),
        footer = s(&footer),
    ));
}

/// A two-column table of labels (row headers) and values, with a header row.
fn facts(t: &mut String, head: &str, rows: &[(&str, String)]) {
    t.push_str(&format!(
        "#table(columns: (42mm, 1fr), stroke: none, inset: (x: 0pt, y: 3pt), \
         table.header(table.cell(colspan: 2, text(weight: \"bold\", {}))),\n",
        s(head)
    ));
    for (k, v) in rows {
        t.push_str(&format!(
            "  pdf.header-cell(scope: \"row\", strong({})), {},\n",
            s(k),
            s(v)
        ));
    }
    t.push_str(")\n");
}

fn cover(t: &mut String, r: &ReportView) {
    // letterhead: the city, its head and the issuing unit; the Vorlage type on the right
    let letterhead: Vec<String> = [
        (&r.city, "13pt", "\"bold\""),
        (&r.head, "10.5pt", "\"regular\""),
        (&r.issuing_unit, "9.5pt", "\"regular\""),
    ]
    .iter()
    .filter(|(v, _, _)| !v.is_empty())
    .map(|(v, size, weight)| format!("text(size: {size}, weight: {weight}, {})", s(v)))
    .collect();
    t.push_str(&format!(
        "#grid(columns: (1fr, auto), align: (left, right), stack(spacing: 4pt, {}), \
         box(stroke: 0.6pt, inset: 6pt, stack(spacing: 4pt, text(weight: \"bold\", {}), {})))\n\
         #v(10mm)\n",
        if letterhead.is_empty() {
            "[]".to_string()
        } else {
            letterhead.join(", ")
        },
        s(&r.kind),
        s("öffentlich"),
    ));
    t.push_str(&format!(
        "#title({})\n#v(2mm)\n",
        s(&format!("Sachstandsbericht {}", r.period_label))
    ));
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
    facts(t, "Angaben zur Vorlage", &rows);
    t.push_str(&format!("#v(3mm)\n#strong({})\n", s("Beratungsfolge")));
    let committee = if r.committee_on.is_empty() {
        "noch offen".to_string()
    } else {
        r.committee_on.clone()
    };
    t.push_str(&format!(
        "#table(columns: (1fr, 30mm, 35mm), table.header([Gremium], [Sitzung am], [Zuständigkeit]),\n  {}, {}, {},\n)\n",
        s(&r.addressee),
        s(&committee),
        s("Kenntnisnahme")
    ));
    t.push_str(&format!(
        "#v(3mm)\n#par([#strong({}) #{}])\n",
        s("Betreff:"),
        s(&r.subject)
    ));
    heading(t, 1, "Beschlussvorschlag");
    t.push_str(&para(&r.information));
    t.push_str("#v(4mm)\n#outline(title: \"Inhalt\", depth: 2, indent: 1.2em)\n");
}

fn summary(t: &mut String, r: &ReportView) {
    heading(t, 2, "1. Zusammenfassung und Kennzahlen");
    if !r.summary.is_empty() {
        t.push_str(&para(&r.summary));
    }
    t.push_str(&para(&format!(
        "Alle Zahlen: Stand {} (Stichtag).",
        r.cutoff
    )));
    t.push_str(
        "#table(columns: (58mm, 26mm, 1fr), align: (left, right, left), \
         table.header([Kennzahl], [Wert], [Zählregel]),\n",
    );
    for g in &r.figures {
        for (i, f) in g.rows.iter().enumerate() {
            t.push_str(&format!(
                "  pdf.header-cell(scope: \"row\", {}), {},",
                s(&f.label),
                s(&f.value)
            ));
            if i == 0 {
                t.push_str(&format!(
                    " table.cell(rowspan: {}, text(size: 8pt, {})),",
                    g.rows.len(),
                    s(g.rule)
                ));
            }
            t.push('\n');
        }
    }
    t.push_str(")\n");
    t.push_str("#grid(columns: (1fr, 1fr), column-gutter: 8mm, row-gutter: 4mm,\n");
    let captions = [
        "Maßnahmen nach Status.".to_string(),
        "Laufende Maßnahmen nach Ampel (Kreis Grün, Dreieck Gelb, Quadrat Rot).".to_string(),
        format!("Haushalt {} – Plan, Ansatz und Ist in Euro.", r.fiscal_year),
    ];
    for (i, caption) in captions.iter().enumerate() {
        t.push_str(&format!("  {},\n", chart(r, i, caption)));
    }
    t.push_str(")\n");
}

/// Chart `i` of the report as a figure with its alternative text.
fn chart(r: &ReportView, i: usize, caption: &str) -> String {
    let bars = &r.chart_bars[i];
    let unit = match i {
        2 => " €",
        3 => " %",
        _ => "",
    };
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0);
    let rows: Vec<String> = bars
        .iter()
        .map(|(label, value, k)| {
            format!(
                "({}, {value}, {}, {})",
                s(label),
                s(&format!("{}{unit}", group(*value))),
                s(k)
            )
        })
        .collect();
    format!(
        "figure(kind: image, alt: {}, caption: {}, bars(({},), {max}))",
        s(&r.chart_alts[i]),
        s(caption),
        rows.join(", ")
    )
}

fn delays(t: &mut String, r: &ReportView) {
    heading(t, 2, "2. Verzug und Entscheidungsbedarf");
    if r.delays.is_empty() {
        t.push_str(&para(&format!(
            "Zum Stichtag {} ist keine laufende Maßnahme in Verzug und keine Entscheidungsfrist überschritten.",
            r.cutoff
        )));
        return;
    }
    t.push_str(&lead_in(&format!(
        "Laufende Maßnahmen, deren Entscheidungsfrist zum Stichtag {} überschritten war oder deren Meilensteine überfällig waren ({}).",
        r.cutoff,
        r.delays.len()
    )));
    t.push_str(
        "#text(size: 8.5pt, table(columns: (1.1fr, 15mm, 0.9fr, 2fr, 1.1fr), \
         table.header([Maßnahme], [Ampel], [Verzug], [Ursache und Handlungs\u{ad}optionen], [Entscheidung]),\n",
    );
    for d in &r.delays {
        let overdue: Vec<(&str, &str)> = d
            .overdue
            .iter()
            .map(|o| ("Überfälliger Meilenstein", o.as_str()))
            .collect();
        let mut late = vec![("Entscheidung nötig bis", d.decision_by.as_str())];
        late.extend(overdue);
        let cause = if d.reason.is_empty() && d.options.is_empty() {
            lines(&[("", "nicht gemeldet")])
        } else {
            lines(&[
                ("Ursache", d.reason.as_str()),
                ("Handlungsoptionen", d.options.as_str()),
            ])
        };
        let decisions: Vec<(&str, &str)> = d.decisions.iter().map(|x| ("", x.as_str())).collect();
        t.push_str(&format!(
            "  pdf.header-cell(scope: \"row\", [#{} \\ #word({})]), {}, {}, {}, {},\n",
            s(&d.label),
            s(d.status.label()),
            ampel(d.ampel),
            lines(&late),
            cause,
            lines(&decisions),
        ));
    }
    t.push_str("))\n");
}

fn changes(t: &mut String, c: &ChangesView) {
    t.push_str(&para(&format!(
        "Verglichen mit dem freigegebenen Bericht {}.",
        c.previous
    )));
    if c.empty {
        t.push_str(&para(
            "Seit dem letzten Bericht gab es keine Veränderungen.",
        ));
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
        heading(t, 3, &format!("{title} ({})", lines.len()));
        for l in lines {
            let text = if l.detail.is_empty() {
                l.measure.clone()
            } else {
                format!("{}: {}", l.measure, l.detail)
            };
            bullet(t, &text);
        }
    }
    if !c.ampel.is_empty() {
        heading(t, 3, &format!("Ampeländerungen ({})", c.ampel.len()));
        for a in &c.ampel {
            let mut text = format!("{}: {} → {}", a.measure, a.from.short(), a.to.short());
            append_sentence(&mut text, "Ursache", &a.reason);
            append_sentence(&mut text, "Handlungsoptionen", &a.options);
            bullet(t, &text);
        }
    }
}

fn measures(t: &mut String, r: &ReportView) {
    heading(t, 2, "4. Stand der Maßnahmen nach Handlungsfeldern");
    t.push_str(&para(&format!(
        "Status, Ampel, Fortschritt und Sachstand aus der letzten Sachstandsmeldung bis zum Stichtag {}, mit ihrem Datum.",
        r.cutoff
    )));
    for f in &r.fields {
        heading(t, 3, &format!("{} {}", f.code, f.title));
        if !f.comment.is_empty() {
            t.push_str(&lead_in(&f.comment));
        }
        if f.measures.is_empty() {
            continue;
        }
        t.push_str(
            "#text(size: 8pt, table(columns: (12mm, 1.3fr, 19mm, 22mm, 14mm, 11mm, 2fr), \
             align: (left, left, left, left, left, right, left), \
             table.header([Nr.], [Maßnahme], [Feder\u{ad}führung], [Status], [Ampel], [Fort\u{ad}schritt], [Sachstand und nächste Schritte]),\n",
        );
        for m in &f.measures {
            let stand = if m.text.is_empty() {
                String::new()
            } else {
                m.stand.clone()
            };
            let text = if m.text.is_empty() {
                "noch keine Sachstandsmeldung".to_string()
            } else {
                m.text.clone()
            };
            let overdue: Vec<(&str, &str)> = m
                .overdue
                .iter()
                .map(|o| ("Überfälliger Meilenstein", o.as_str()))
                .collect();
            let mut parts = vec![(stand.as_str(), text.as_str())];
            let stale = if m.stale.is_empty() {
                String::new()
            } else {
                format!(
                    " \\ #text(fill: rgb(\"#7a4a00\"), weight: \"bold\", {})",
                    s(&m.stale)
                )
            };
            let rest = [
                ("Nächste Schritte", m.next_steps.as_str()),
                ("Ursache", m.reason.as_str()),
                ("Handlungsoptionen", m.options.as_str()),
                ("Entscheidung nötig bis", m.decision_by.as_str()),
            ];
            let first = lines(&parts);
            parts.clear();
            parts.extend(rest);
            parts.extend(overdue);
            parts.push(("Ratsbeschlüsse", m.council.as_str()));
            if m.delayed {
                parts.push(("", SEE_DELAYS));
            }
            let more = lines(&parts);
            let cell = if more == "[]" {
                format!("[{}{stale}]", &first[1..first.len() - 1])
            } else {
                format!(
                    "[{}{stale} \\ {}]",
                    &first[1..first.len() - 1],
                    &more[1..more.len() - 1]
                )
            };
            let unit = lines(&[("", m.unit.as_str()), ("", m.responsible.as_str())]);
            t.push_str(&format!(
                "  {}, pdf.header-cell(scope: \"row\", {}), {}, word({}), {}, {}, {},\n",
                s(&m.code),
                s(&m.title),
                unit,
                s(m.status.label()),
                // One Ampel rule: only running measures carry one.
                m.status.shown_ampel(m.ampel).map_or_else(|| s("–"), ampel),
                s(&format!("{} %", m.progress)),
                cell,
            ));
        }
        t.push_str("))\n");
    }
}

fn finance_table(t: &mut String, first: &str, rows: &[FinanceSum], total: Option<&FinanceSum>) {
    t.push_str(&format!(
        "#text(size: 8.5pt, table(columns: (1fr, 23mm, 23mm, 23mm, 22mm, 22mm, 17mm), \
         align: (left, right, right, right, right, right, right), \
         table.header({}, [Plan], [Ansatz], [Ist], [Ansatz − Plan], [Ist − Ansatz], [Aus\u{ad}schöpfung]),\n",
        s(first)
    ));
    let row = |x: &FinanceSum| {
        format!(
            "pdf.header-cell(scope: \"row\", {}), {}, {}, {}, {}, {}, {}",
            s(&x.label),
            s(&x.planned),
            s(&x.approved),
            s(&x.actual),
            s(&x.approved_minus_planned),
            s(&x.actual_minus_approved),
            s(&x.used)
        )
    };
    for x in rows {
        t.push_str(&format!("  {},\n", row(x)));
    }
    if let Some(x) = total {
        t.push_str(&format!("  table.footer(repeat: false, {}),\n", row(x)));
    }
    t.push_str("))\n");
}

fn finances(t: &mut String, r: &ReportView) {
    heading(t, 2, "5. Finanzen");
    if r.finance_years.is_empty() {
        t.push_str(&para(
            "Für die Maßnahmen sind keine Haushaltsansätze erfasst.",
        ));
        return;
    }
    t.push_str(&lead_in(&format!(
        "Beträge in Euro, Stand {}. Abweichung: Ansatz − Plan und Ist − Ansatz (positiv: mehr ausgegeben als veranschlagt).",
        r.cutoff
    )));
    heading(t, 3, "Nach Haushaltsjahren (mittelfristige Sicht)");
    finance_table(
        t,
        "Haushaltsjahr",
        &r.finance_years,
        r.finance_years_total.as_ref(),
    );
    if !r.finance_fields.is_empty() {
        heading(
            t,
            3,
            &format!("Haushaltsjahr {} nach Handlungsfeldern", r.fiscal_year),
        );
        finance_table(
            t,
            "Handlungsfeld",
            &r.finance_fields,
            r.finance_fields_total.as_ref(),
        );
    }
    if !r.finances.is_empty() {
        heading(
            t,
            3,
            &format!("Haushaltsjahr {} je Maßnahme", r.fiscal_year),
        );
        t.push_str(
            "#text(size: 8.5pt, table(columns: (1fr, 24mm, 24mm, 24mm, 24mm), \
             align: (left, right, right, right, right), \
             table.header([Maßnahme], [Plan], [Ansatz], [Ist], [Ist − Ansatz]),\n",
        );
        for b in &r.finances {
            t.push_str(&format!(
                "  pdf.header-cell(scope: \"row\", {}), {}, {}, {}, {},\n",
                s(&b.measure),
                s(&b.planned),
                s(&b.approved),
                s(&b.actual),
                s(&b.deviation)
            ));
        }
        t.push_str("))\n");
    }
}

fn goals(t: &mut String, r: &ReportView) {
    heading(t, 2, "6. Zielerreichung");
    if r.goals.is_empty() {
        t.push_str(&para("Für das Programm sind keine Ziele erfasst."));
        return;
    }
    t.push_str(&lead_in("Zielerreichung = Anteil des Weges vom Ausgangswert zum Zielwert, den die letzte Messung bis zum Stichtag zurückgelegt hat (0–100 %)."));
    t.push_str(
        "#text(size: 8.5pt, table(columns: (1fr, 1.2fr, 24mm, 28mm, 28mm, 17mm), \
         align: (left, left, right, right, right, right), \
         table.header([Ziel], [Indikator], [Ausgangs\u{ad}wert], [Zielwert], [Letzte Messung], [Erreicht]),\n",
    );
    for g in &r.goals {
        t.push_str(&format!(
            "  pdf.header-cell(scope: \"row\", {}), {}, {}, {}, {}, {},\n",
            s(&g.title),
            s(&g.indicator),
            s(&g.baseline),
            s(&g.target),
            s(&g.latest),
            s(&g.attainment)
        ));
    }
    t.push_str("))\n");
    t.push_str(&format!(
        "#{}\n",
        chart(r, 3, "Zielerreichung je Ziel in Prozent.")
    ));
}

fn meetings(t: &mut String, r: &ReportView) {
    heading(t, 2, "7. Sitzungen und Beschlüsse im Berichtszeitraum");
    if r.meetings.is_empty() {
        t.push_str(&para(
            "Im Berichtszeitraum sind keine durchgeführten Sitzungen erfasst.",
        ));
    }
    for m in &r.meetings {
        bullet(t, &format!("{} – {}, {}", m.date, m.kind, m.place));
        for d in &m.decisions {
            t.push_str(&format!("  - #{}\n", s(&format!("Beschluss: {d}"))));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn string_literals_drop_bidi_controls_and_escape_quotes() {
        assert_eq!(
            super::s("\u{202E}gnp.exe\u{202C} \"x\""),
            "\"gnp.exe \\\"x\\\"\""
        );
    }

    #[test]
    fn labelled_lines_skip_empty_values() {
        assert_eq!(
            super::lines(&[("Ursache", "Personal"), ("Handlungsoptionen", "")]),
            "[#strong(\"Ursache:\") #\"Personal\"]"
        );
    }
}
