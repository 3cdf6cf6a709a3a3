//! Audit outputs: the findings CSV (one line per finding or rejected row), the summary as JSON
//! and CSV, and a self-contained HTML report (inline CSS and SVG charts, no scripts, every data
//! text escaped).

use super::{family_label, ClaimResult, Rejected, RowOutcome, Summary};
use crate::checks::{Family, Level};
use std::fmt::Write;

/// Columns of the findings CSV.
pub const FINDINGS_CSV_HEADER: &str = "row,nomor_sep,department,claim_level,rule,family,level,codes,message_id,message_en,suggestion_id,suggestion_en,related_row,cbg,tariff,eklaim_cbg,eklaim_tariff\r\n";

/// Columns of the summary CSV.
pub const SUMMARY_CSV_HEADER: &str = "section,key,level,claims,at_risk,error,findings,tariff\r\n";

/// The report's style sheet (constant, so a page may allow it by hash in its CSP).
pub const REPORT_CSS: &str = "\
:root{--ink:#1d2733;--muted:#5b6672;--line:#d8dee5;--err:#b3261e;--warn:#8a5a00;--info:#2f5f8a;--ok:#2e7d32;--bg:#f6f8fa}\
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);background:#fff}\
main{max-width:1100px;margin:0 auto;padding:24px 20px 48px}h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.2rem;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}\
.en{color:var(--muted);font-size:.92em}.meta{color:var(--muted);margin:4px 0 16px}\
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}.card{flex:1 1 150px;border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:var(--bg)}\
.card b{display:block;font-size:1.5rem}.card.err b{color:var(--err)}.card.warn b{color:var(--warn)}\
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:.92rem}th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}\
th{background:var(--bg)}td.n{text-align:right;font-variant-numeric:tabular-nums}\
.lv{display:inline-block;padding:0 6px;border-radius:4px;font-size:.85em;color:#fff}.lv-error{background:var(--err)}.lv-warning{background:var(--warn)}.lv-info{background:var(--info)}\
svg{max-width:100%;height:auto}svg text{font:12px system-ui,sans-serif;fill:var(--ink)}.b-error{fill:var(--err)}.b-warning{fill:#c98a00}.b-info{fill:var(--info)}.b-clean{fill:var(--ok)}.b-n{fill:#4a6fa5}\
.note{color:var(--muted);font-size:.9rem}ul.f{margin:0;padding-left:18px}\
@media print{main{max-width:none}h2{break-after:avoid}}";

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => o.push('\u{fffd}'),
            c => o.push(c),
        }
    }
    o
}

/// One CSV field: quoted when needed; a leading `=`, `+`, `-`, `@`, tab or CR is prefixed with `'`
/// so that spreadsheets do not run it as a formula.
pub fn csv_field(s: &str) -> String {
    let guarded;
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{s}");
        guarded.as_str()
    } else {
        s
    };
    if s.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn level_name(l: Option<Level>) -> &'static str {
    match l {
        Some(Level::Error) => "error",
        Some(Level::Warning) => "warning",
        Some(Level::Info) => "info",
        None => "",
    }
}

/// The findings-CSV lines of one row outcome (none for a claim without findings).
pub fn findings_csv(outcome: &RowOutcome<'_>, out: &mut String) {
    match outcome {
        RowOutcome::Audited(c) => {
            let (cbg, tariff) = c
                .group
                .as_ref()
                .map(|g| (g.cbg.clone(), g.tariff.map(|t| t.to_string()).unwrap_or_default()))
                .unwrap_or_default();
            let (ecbg, etariff) = c
                .eklaim
                .as_ref()
                .map(|e| (e.eklaim_cbg.clone(), e.eklaim_tariff.map(|t| t.to_string()).unwrap_or_default()))
                .unwrap_or_default();
            for f in &c.findings {
                let fields = [
                    c.row.to_string(),
                    c.nomor_sep.clone(),
                    c.department.clone().unwrap_or_default(),
                    level_name(c.level).to_string(),
                    f.rule.clone(),
                    f.family.name().to_string(),
                    level_name(Some(f.level)).to_string(),
                    f.codes.join(" "),
                    f.message_id.clone(),
                    f.message_en.clone(),
                    f.suggestion_id.clone(),
                    f.suggestion_en.clone(),
                    f.related_row.map(|r| r.to_string()).unwrap_or_default(),
                    cbg.clone(),
                    tariff.clone(),
                    ecbg.clone(),
                    etariff.clone(),
                ];
                line(out, &fields);
            }
        }
        RowOutcome::Rejected(r) => {
            let fields = [
                r.row.to_string(),
                r.nomor_sep.clone().unwrap_or_default(),
                String::new(),
                "rejected".into(),
                r.code.clone(),
                "rejected".into(),
                "rejected".into(),
                String::new(),
                r.message_id.clone(),
                r.message_en.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ];
            line(out, &fields);
        }
    }
}

fn line(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_field(f));
    }
    out.push_str("\r\n");
}

/// The summary as CSV (long format: section, key, figures).
pub fn summary_csv(s: &Summary) -> String {
    let mut o = String::from(SUMMARY_CSV_HEADER);
    let mut row = |section: &str,
                   key: &str,
                   level: &str,
                   claims: Option<u64>,
                   at_risk: Option<u64>,
                   error: Option<u64>,
                   findings: Option<u64>,
                   tariff: Option<u64>| {
        let n = |v: Option<u64>| v.map(|x| x.to_string()).unwrap_or_default();
        let fields = [
            section.to_string(),
            key.to_string(),
            level.to_string(),
            n(claims),
            n(at_risk),
            n(error),
            n(findings),
            n(tariff),
        ];
        line(&mut o, &fields);
    };
    for (k, v) in [
        ("read", s.rows.read),
        ("audited", s.rows.audited),
        ("rejected", s.rows.rejected),
        ("blank_lines", s.rows.blank_lines),
        ("decoded_latin1", s.rows.decoded_latin1),
    ] {
        row("rows", k, "", Some(v), None, None, None, None);
    }
    for (k, v) in [
        ("at_risk", s.claims.at_risk),
        ("error", s.claims.error),
        ("warning", s.claims.warning),
        ("info", s.claims.info),
        ("clean", s.claims.clean),
    ] {
        row("claims", k, "", Some(v), None, None, None, None);
    }
    for f in &s.by_family {
        row("family", f.family.name(), "", Some(f.claims), None, None, None, None);
    }
    for r in &s.by_rule {
        let t = s.tariff.as_ref().map(|_| r.tariff);
        row("rule", &r.rule, level_name(Some(r.level)), Some(r.claims), None, None, Some(r.findings), t);
    }
    for d in &s.by_department {
        let t = s.tariff.as_ref().map(|_| d.tariff_at_risk);
        row("department", &d.department, "", Some(d.claims), Some(d.at_risk), Some(d.error), None, t);
    }
    if let Some(t) = &s.tariff {
        row("tariff", "at_risk_error", "error", None, None, None, None, Some(t.at_risk_error));
        row("tariff", "at_risk_warning", "warning", None, None, None, None, Some(t.at_risk_warning));
        row("tariff", "at_risk_total", "", None, None, None, None, Some(t.at_risk_total));
        row("tariff", "at_risk_without_tariff", "", Some(t.at_risk_without_tariff), None, None, None, None);
    }
    if let Some(e) = &s.eklaim {
        row("eklaim", "claims", "", Some(e.claims), None, None, None, Some(e.eklaim_tariff_total));
        row("eklaim", "agree", "", Some(e.agree), None, None, None, Some(e.eklaim_tariff_agree));
        row("eklaim", "severity", "", Some(e.severity), None, None, None, None);
        row("eklaim", "differ", "", Some(e.differ), None, None, None, None);
        row("eklaim", "not_agree", "", Some(e.severity + e.differ), None, None, None, Some(e.eklaim_tariff_differ));
        row("eklaim", "not_grouped", "", Some(e.not_grouped), None, None, None, None);
    }
    o
}

/// Header facts of the HTML report.
#[derive(Clone, Debug, Default)]
pub struct ReportMeta {
    /// The audited file's name.
    pub source: String,
    /// When the audit ran (free text, e.g. an ISO time).
    pub generated: String,
}

fn rupiah(v: u64) -> String {
    let s = v.to_string();
    let mut o = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            o.push('.');
        }
        o.push(c);
    }
    format!("Rp {o}")
}

fn num(v: u64) -> String {
    rupiah(v).trim_start_matches("Rp ").to_string()
}

/// A horizontal bar chart: (label, value, css class).
fn bar_chart(title_id: &str, title_en: &str, items: &[(String, u64, &str)]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let max = items.iter().map(|i| i.1).max().unwrap_or(0).max(1);
    let (label_w, bar_w, h) = (300.0, 330.0, 24.0);
    let height = items.len() as f64 * h + 8.0;
    let mut o = format!(
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720 {height}\" width=\"720\" height=\"{height}\" role=\"img\" aria-label=\"{} / {}\">",
        esc(title_id),
        esc(title_en)
    );
    for (i, (label, v, class)) in items.iter().enumerate() {
        let y = i as f64 * h + 4.0;
        let w = (*v as f64 / max as f64 * bar_w).max(if *v > 0 { 2.0 } else { 0.0 });
        let label: String = label.chars().take(44).collect();
        let _ = write!(
            o,
            "<text x=\"{x}\" y=\"{ty}\" text-anchor=\"end\">{l}</text><rect class=\"{class}\" x=\"{bx}\" y=\"{y}\" width=\"{w:.1}\" height=\"{bh}\" rx=\"2\"/><text x=\"{vx:.1}\" y=\"{ty}\">{v}</text>",
            x = label_w - 6.0,
            ty = y + 15.0,
            l = esc(&label),
            bx = label_w,
            bh = h - 6.0,
            vx = label_w + w + 6.0,
            v = num(*v),
        );
    }
    o.push_str("</svg></figure>");
    o
}

fn level_badge(l: Level) -> &'static str {
    match l {
        Level::Error => "<span class=\"lv lv-error\">error</span>",
        Level::Warning => "<span class=\"lv lv-warning\">warning</span>",
        Level::Info => "<span class=\"lv lv-info\">info</span>",
    }
}

fn level_class(l: Level) -> &'static str {
    match l {
        Level::Error => "b-error",
        Level::Warning => "b-warning",
        Level::Info => "b-info",
    }
}

/// The self-contained HTML report.
pub fn html(s: &Summary, details: &[ClaimResult], meta: &ReportMeta) -> String {
    let mut o = String::with_capacity(64 * 1024);
    let _ = write!(
        o,
        "<!doctype html>\n<html lang=\"id\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"referrer\" content=\"no-referrer\"><title>Laporan audit klaim — {src}</title><style>{REPORT_CSS}</style></head><body><main>\
<h1>Laporan audit klaim pra-pengajuan</h1><p class=\"en\" lang=\"en\">Pre-submission claim audit report</p>\
<p class=\"meta\">Berkas / file: <b>{src}</b>{gen} · format {fmt}{delim} · jendela readmisi / readmission window {rd} hari / days · Koder {ver}</p>",
        src = esc(&meta.source),
        gen = if meta.generated.is_empty() { String::new() } else { format!(" · {}", esc(&meta.generated)) },
        fmt = match s.format {
            super::InputFormat::Csv => "CSV",
            super::InputFormat::Jsonl => "JSON lines",
            super::InputFormat::Eklaim => "TXT E-Klaim",
        },
        delim = s.delimiter.as_deref().map(|d| format!(" (pemisah / delimiter <code>{}</code>)", esc(d))).unwrap_or_default(),
        rd = s.readmission_days,
        ver = env!("CARGO_PKG_VERSION"),
    );
    // Key figures.
    o.push_str("<section aria-labelledby=\"h-ringkas\"><h2 id=\"h-ringkas\">Ringkasan <span class=\"en\" lang=\"en\">Summary</span></h2><div class=\"cards\">");
    let card = |o: &mut String, class: &str, id: &str, en: &str, v: String| {
        let _ = write!(
            o,
            "<div class=\"card {class}\" data-key=\"{}\"><b>{}</b>{} <span class=\"en\" lang=\"en\">{}</span></div>",
            esc(en),
            esc(&v),
            esc(id),
            esc(en)
        );
    };
    card(&mut o, "", "Baris dibaca", "rows read", num(s.rows.read));
    card(&mut o, "", "Klaim diaudit", "claims audited", num(s.rows.audited));
    card(&mut o, if s.rows.rejected > 0 { "warn" } else { "" }, "Baris ditolak", "rows rejected", num(s.rows.rejected));
    card(&mut o, "err", "Klaim berisiko", "claims at risk", num(s.claims.at_risk));
    card(&mut o, "err", "Dengan error", "with errors", num(s.claims.error));
    card(&mut o, "warn", "Hanya peringatan", "warnings only", num(s.claims.warning));
    if let Some(t) = &s.tariff {
        card(&mut o, "err", "Tarif berisiko (perkiraan)", "estimated tariff at risk", rupiah(t.at_risk_total));
    }
    o.push_str("</div>");
    let _ = write!(
        o,
        "<p class=\"note\">Baris dibaca = diaudit + ditolak ({} = {} + {}). Klaim berisiko = klaim dengan minimal satu error atau peringatan. \
<span lang=\"en\">Rows read = audited + rejected. Claims at risk = claims with at least one error or warning.</span></p>",
        num(s.rows.read),
        num(s.rows.audited),
        num(s.rows.rejected)
    );
    let levels = vec![
        ("Error".to_string(), s.claims.error, "b-error"),
        ("Peringatan / warning".to_string(), s.claims.warning, "b-warning"),
        ("Info saja / info only".to_string(), s.claims.info, "b-info"),
        ("Bersih / clean".to_string(), s.claims.clean, "b-clean"),
    ];
    o.push_str(&bar_chart("Klaim menurut tingkat", "Claims by level", &levels));
    o.push_str("</section>");
    // By reason.
    o.push_str("<section aria-labelledby=\"h-alasan\"><h2 id=\"h-alasan\">Klaim berisiko menurut alasan <span class=\"en\" lang=\"en\">Claims at risk by reason</span></h2>");
    if s.by_family.is_empty() {
        o.push_str("<p>Tidak ada klaim berisiko. <span class=\"en\" lang=\"en\">No claims at risk.</span></p>");
    } else {
        let items: Vec<(String, u64, &str)> =
            s.by_family.iter().map(|f| (format!("{} / {}", f.label_id, f.label_en), f.claims, "b-n")).collect();
        o.push_str(&bar_chart("Klaim berisiko menurut alasan", "Claims at risk by reason", &items));
    }
    o.push_str("</section>");
    // By rule.
    o.push_str("<section aria-labelledby=\"h-aturan\"><h2 id=\"h-aturan\">Menurut aturan <span class=\"en\" lang=\"en\">By rule</span></h2>");
    if !s.by_rule.is_empty() {
        let top: Vec<(String, u64, &str)> =
            s.by_rule.iter().take(15).map(|r| (r.rule.clone(), r.claims, level_class(r.level))).collect();
        o.push_str(&bar_chart("Aturan teratas", "Top rules", &top));
        let tariff = s.tariff.is_some();
        let _ = write!(
            o,
            "<table><thead><tr><th scope=\"col\">Aturan / rule</th><th scope=\"col\">Kelompok / family</th><th scope=\"col\">Tingkat / level</th><th scope=\"col\">Klaim / claims</th><th scope=\"col\">Temuan / findings</th>{}</tr></thead><tbody>",
            if tariff { "<th scope=\"col\">Tarif / tariff</th>" } else { "" }
        );
        for r in &s.by_rule {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{}</tr>",
                esc(&r.rule),
                esc(r.family.name()),
                level_badge(r.level),
                num(r.claims),
                num(r.findings),
                if tariff { format!("<td class=\"n\">{}</td>", rupiah(r.tariff)) } else { String::new() }
            );
        }
        o.push_str("</tbody></table>");
    } else {
        o.push_str("<p>Tidak ada temuan. <span class=\"en\" lang=\"en\">No findings.</span></p>");
    }
    o.push_str("</section>");
    // By department.
    if !s.by_department.is_empty() {
        o.push_str("<section aria-labelledby=\"h-unit\"><h2 id=\"h-unit\">Menurut poli / ruangan <span class=\"en\" lang=\"en\">By department</span></h2>");
        let items: Vec<(String, u64, &str)> =
            s.by_department.iter().map(|d| (d.department.clone(), d.at_risk, "b-n")).collect();
        o.push_str(&bar_chart("Klaim berisiko menurut poli/ruangan", "Claims at risk by department", &items));
        let tariff = s.tariff.is_some();
        let _ = write!(
            o,
            "<table><thead><tr><th scope=\"col\">Poli / ruangan</th><th scope=\"col\">Klaim / claims</th><th scope=\"col\">Berisiko / at risk</th><th scope=\"col\">Error</th>{}</tr></thead><tbody>",
            if tariff { "<th scope=\"col\">Tarif berisiko / tariff at risk</th>" } else { "" }
        );
        for d in &s.by_department {
            let _ = write!(
                o,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{}</tr>",
                esc(&d.department),
                num(d.claims),
                num(d.at_risk),
                num(d.error),
                if tariff { format!("<td class=\"n\">{}</td>", rupiah(d.tariff_at_risk)) } else { String::new() }
            );
        }
        o.push_str("</tbody></table></section>");
    }
    // Tariff.
    if let Some(t) = &s.tariff {
        let _ = write!(
            o,
            "<section aria-labelledby=\"h-tarif\"><h2 id=\"h-tarif\">Tarif berisiko (perkiraan) <span class=\"en\" lang=\"en\">Estimated tariff at risk</span></h2>\
<table><tbody><tr><th scope=\"row\">Klaim dengan error / claims with errors</th><td class=\"n\">{}</td></tr>\
<tr><th scope=\"row\">Klaim dengan peringatan / claims with warnings</th><td class=\"n\">{}</td></tr>\
<tr><th scope=\"row\">Jumlah / total</th><td class=\"n\">{}</td></tr>\
<tr><th scope=\"row\">Klaim berisiko tanpa tarif / at-risk claims without a tariff</th><td class=\"n\">{}</td></tr></tbody></table>\
<p class=\"note\">Tabel tarif: {}. Dari pratinjau INA-CBG — bukan hasil resmi E-Klaim. <span lang=\"en\">From the INA-CBG grouping preview — not an official E-Klaim result.</span></p></section>",
            rupiah(t.at_risk_error),
            rupiah(t.at_risk_warning),
            rupiah(t.at_risk_total),
            num(t.at_risk_without_tariff),
            esc(&t.table)
        );
    }
    if let Some(e) = &s.eklaim {
        eklaim_section(&mut o, e);
    }
    // Rejected rows.
    let _ = write!(
        o,
        "<section aria-labelledby=\"h-tolak\"><h2 id=\"h-tolak\">Baris ditolak <span class=\"en\" lang=\"en\">Rejected rows</span> ({})</h2>",
        num(s.rows.rejected)
    );
    if s.rejected.is_empty() {
        o.push_str("<p>Tidak ada. <span class=\"en\" lang=\"en\">None.</span></p>");
    } else {
        o.push_str("<table><thead><tr><th scope=\"col\">Baris / row</th><th scope=\"col\">SEP</th><th scope=\"col\">Kode / code</th><th scope=\"col\">Alasan / reason</th></tr></thead><tbody>");
        for r in &s.rejected {
            rejected_row(&mut o, r);
        }
        o.push_str("</tbody></table>");
        if s.rejected_not_listed > 0 {
            let _ = write!(o, "<p class=\"note\">{} baris lagi tidak dicantumkan (lihat CSV temuan). <span lang=\"en\">{} more not listed (see the findings CSV).</span></p>", num(s.rejected_not_listed), num(s.rejected_not_listed));
        }
    }
    o.push_str("</section>");
    // At-risk claims.
    let _ = write!(
        o,
        "<section aria-labelledby=\"h-klaim\"><h2 id=\"h-klaim\">Klaim berisiko <span class=\"en\" lang=\"en\">Claims at risk</span> ({})</h2>",
        num(s.claims.at_risk)
    );
    if details.is_empty() {
        o.push_str("<p>Tidak ada. <span class=\"en\" lang=\"en\">None.</span></p>");
    } else {
        o.push_str("<table class=\"claims\"><thead><tr><th scope=\"col\">Baris / row</th><th scope=\"col\">SEP</th><th scope=\"col\">Masuk / admission</th><th scope=\"col\">Pratinjau INA-CBG / preview</th><th scope=\"col\">Temuan / findings</th></tr></thead><tbody>");
        for c in details {
            let g = c
                .group
                .as_ref()
                .map(|g| {
                    let t = g.tariff.map(|t| format!("<br>{}", rupiah(t))).unwrap_or_default();
                    format!("<b>{}</b><br>{}{t}", esc(&g.cbg), esc(&g.description_id))
                })
                .unwrap_or_else(|| "—".into());
            let dept = c.department.as_deref().map(|d| format!("<br>{}", esc(d))).unwrap_or_default();
            let _ = write!(
                o,
                "<tr data-row=\"{}\"><td class=\"n\">{}</td><td>{}</td><td>{} ({}){dept}</td><td>{g}</td><td><ul class=\"f\">",
                c.row,
                c.row,
                esc(&c.nomor_sep),
                esc(&c.admission),
                if c.setting == crate::checks::Setting::Inpatient { "RI" } else { "RJ" },
            );
            for f in &c.findings {
                let _ = write!(
                    o,
                    "<li>{} <b>{}</b> {} <span class=\"en\">→ {}</span></li>",
                    level_badge(f.level),
                    esc(&f.rule),
                    esc(&f.message_id),
                    esc(&f.suggestion_id)
                );
            }
            o.push_str("</ul></td></tr>");
        }
        o.push_str("</tbody></table>");
        if s.claims_not_listed > 0 {
            let _ = write!(o, "<p class=\"note\">{} klaim berisiko lagi tidak dicantumkan (lihat CSV temuan). <span lang=\"en\">{} more at-risk claims not listed (see the findings CSV).</span></p>", num(s.claims_not_listed), num(s.claims_not_listed));
        }
    }
    o.push_str("</section>");
    let fam: Vec<String> = Family::ALL.into_iter().map(|f| format!("{} ({f})", family_label(f).0)).collect();
    let _ = write!(
        o,
        "<footer><p class=\"note\">Dibuat luring oleh Koder; data tidak dikirim ke mana pun. Kelompok temuan: {}. \
<span lang=\"en\">Made offline by Koder; no data was sent anywhere.</span></p></footer></main></body></html>",
        esc(&fam.join(", "))
    );
    o.push('\n');
    o
}

/// E-Klaim's own results against the preview: totals, then every claim where they differ.
fn eklaim_section(o: &mut String, e: &super::EklaimComparison) {
    let _ = write!(
        o,
        "<section aria-labelledby=\"h-eklaim\"><h2 id=\"h-eklaim\">Hasil E-Klaim dan pratinjau Koder <span class=\"en\" lang=\"en\">E-Klaim's results and Koder's preview</span></h2>\
<table><tbody><tr><th scope=\"row\">Klaim dengan hasil E-Klaim / claims with E-Klaim's result</th><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\
<tr><th scope=\"row\">Sama / agree</th><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\
<tr><th scope=\"row\">Kelompok sama, tingkat keparahan beda / same group, other severity</th><td class=\"n\">{}</td><td rowspan=\"2\" class=\"n\">{}</td></tr>\
<tr><th scope=\"row\">Kelompok beda / other group</th><td class=\"n\">{}</td></tr>\
<tr><th scope=\"row\">Tanpa pratinjau / not grouped</th><td class=\"n\">{}</td><td></td></tr></tbody></table>\
<p class=\"note\">Kolom kanan: tarif yang diberikan E-Klaim (TARIF_INACBG). Pratinjau Koder bukan hasil resmi. \
<span lang=\"en\">Right column: the tariff E-Klaim gave (TARIF_INACBG). Koder's preview is not an official result.</span></p>",
        num(e.claims),
        rupiah(e.eklaim_tariff_total),
        num(e.agree),
        rupiah(e.eklaim_tariff_agree),
        num(e.severity),
        rupiah(e.eklaim_tariff_differ),
        num(e.differ),
        num(e.not_grouped)
    );
    if !e.differences.is_empty() {
        o.push_str("<table class=\"eklaim\"><thead><tr><th scope=\"col\">Baris / row</th><th scope=\"col\">SEP</th><th scope=\"col\">E-Klaim</th><th scope=\"col\">Tarif E-Klaim / tariff</th><th scope=\"col\">Pratinjau Koder / preview</th><th scope=\"col\">Beda / differs in</th></tr></thead><tbody>");
        for d in &e.differences {
            let what = match d.agreement {
                super::Agreement::Severity => "tingkat keparahan / severity",
                _ => "kelompok / group",
            };
            let _ = write!(
                o,
                "<tr data-eklaim-row=\"{}\"><td class=\"n\">{}</td><td>{}</td><td><b>{}</b></td><td class=\"n\">{}</td><td><b>{}</b></td><td>{what}</td></tr>",
                d.row,
                d.row,
                esc(&d.nomor_sep),
                esc(&d.eklaim_cbg),
                d.eklaim_tariff.map(rupiah).unwrap_or_else(|| "—".into()),
                esc(d.koder_cbg.as_deref().unwrap_or("—"))
            );
        }
        o.push_str("</tbody></table>");
        if e.differences_not_listed > 0 {
            let _ = write!(
                o,
                "<p class=\"note\">{} klaim lagi tidak dicantumkan. <span lang=\"en\">{} more not listed.</span></p>",
                num(e.differences_not_listed),
                num(e.differences_not_listed)
            );
        }
    }
    o.push_str("</section>");
}

fn rejected_row(o: &mut String, r: &Rejected) {
    let _ = write!(
        o,
        "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{} <span class=\"en\" lang=\"en\">{}</span></td></tr>",
        r.row,
        esc(r.nomor_sep.as_deref().unwrap_or("")),
        esc(&r.code),
        esc(&r.message_id),
        esc(&r.message_en)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_csv_fields() {
        assert_eq!(esc("<img src=x onerror='a'>&\""), "&lt;img src=x onerror=&#39;a&#39;&gt;&amp;&quot;");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("A09"), "A09");
        assert_eq!(csv_field("-2+3"), "'-2+3");
        assert_eq!(csv_field("-"), "'-");
        assert_eq!(rupiah(4_500_000), "Rp 4.500.000");
        assert_eq!(rupiah(999), "Rp 999");
    }
}
