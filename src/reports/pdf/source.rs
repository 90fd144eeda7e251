//! The Typst source of a report, section by section. Every text goes in as a string
//! literal (`s`), never as markup, so report text cannot change the layout.

use crate::reports::views::body::{ChangeLine, ChangesView, ReportView};

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

fn section(t: &mut String, title: &str) {
    t.push_str(&format!("\n#heading(level: 2, {})\n", s(title)));
}

fn bullet(t: &mut String, text: &str) {
    t.push_str(&format!("- #{}\n", s(text)));
}

/// A table row of string literals.
fn cells(t: &mut String, values: &[&str]) {
    let row: Vec<String> = values.iter().map(|v| s(v)).collect();
    t.push_str(&format!("  {},\n", row.join(", ")));
}

/// The Typst source of the report.
pub fn source(r: &ReportView) -> String {
    let mut t = String::new();
    preamble(&mut t, r);
    cover(&mut t, r);
    summary(&mut t, r);
    section(&mut t, "2. Veränderungen seit dem letzten Bericht");
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
    section(&mut t, "7. Ausblick");
    if r.outlook.is_empty() {
        t.push_str(&para("Kein Ausblick erfasst."));
    } else {
        t.push_str(&para(&r.outlook));
    }
    t
}

fn preamble(t: &mut String, r: &ReportView) {
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
}

fn cover(t: &mut String, r: &ReportView) {
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
}

fn summary(t: &mut String, r: &ReportView) {
    section(t, "1. Zusammenfassung und Kennzahlen");
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
            bullet(t, &text);
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
            bullet(t, &text);
        }
    }
}

fn measures(t: &mut String, r: &ReportView) {
    section(t, "3. Stand der Maßnahmen nach Handlungsfeldern");
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
            cells(
                t,
                &[
                    &m.code,
                    &m.title,
                    &unit,
                    m.status.label(),
                    &format!("{} {}", m.ampel.symbol(), m.ampel.short()),
                    &format!("{} %", m.progress),
                    &text,
                ],
            );
        }
        t.push_str("))\n");
    }
}

fn finances(t: &mut String, r: &ReportView) {
    section(t, "4. Finanzen");
    if r.finances.is_empty() {
        t.push_str(&para(
            "Für die Maßnahmen sind keine Haushaltsansätze erfasst.",
        ));
        return;
    }
    t.push_str(
        "#table(columns: (1fr, 18mm, 28mm, 28mm, 28mm), align: (left, left, right, right, right), \
         table.header([Maßnahme], [Jahr], [Plan], [Ansatz], [Ist]),\n",
    );
    for b in &r.finances {
        cells(
            t,
            &[
                &b.measure,
                &b.year.to_string(),
                &b.planned,
                &b.approved,
                &b.actual,
            ],
        );
    }
    t.push_str(&format!(
        "  table.footer(strong({}), [], strong({}), strong({}), strong({})),\n)\n",
        s("Summe aller Jahre"),
        s(&r.finance_totals.0),
        s(&r.finance_totals.1),
        s(&r.finance_totals.2)
    ));
}

fn goals(t: &mut String, r: &ReportView) {
    section(t, "5. Zielerreichung");
    if r.goals.is_empty() {
        t.push_str(&para("Für das Programm sind keine Ziele erfasst."));
        return;
    }
    t.push_str(&para("Zielerreichung = Anteil des Weges vom Ausgangswert zum Zielwert, den die letzte Messung bis zum Stichtag zurückgelegt hat (0–100 %)."));
    t.push_str(
        "#table(columns: (1fr, 1fr, 22mm, 28mm, 28mm, 18mm), \
         table.header([Ziel], [Indikator], [Ausgangswert], [Zielwert], [Letzte Messung], [Erreicht]),\n",
    );
    for g in &r.goals {
        cells(
            t,
            &[
                &g.title,
                &g.indicator,
                &g.baseline,
                &g.target,
                &g.latest,
                &g.attainment,
            ],
        );
    }
    t.push_str(")\n");
}

fn meetings(t: &mut String, r: &ReportView) {
    section(t, "6. Sitzungen und Beschlüsse im Berichtszeitraum");
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
}
