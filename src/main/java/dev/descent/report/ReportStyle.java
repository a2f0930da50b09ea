package dev.descent.report;

/** The report's style sheet, inline in the page (its Content-Security-Policy allows no other). */
final class ReportStyle {
  private ReportStyle() {}

  static final String CSS = String.join("\n",
      "*{box-sizing:border-box}",
      "body{margin:0;background:#f6f7f9;color:#222;font:14px/1.45 system-ui,-apple-system,"
          + "'Segoe UI',Roboto,'Helvetica Neue','DejaVu Sans',Arial,sans-serif}",
      "main{max-width:1440px;margin:0 auto;padding:20px 28px 40px}",
      "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px;"
          + "border-bottom:1px solid #dde;padding-bottom:4px}h3{font-size:15px;margin:16px 0 8px}",
      ".subtitle{margin:0;color:#555}.status{font-size:15px;margin:10px 0}",
      ".badge{display:inline-block;padding:2px 10px;border-radius:10px;color:#fff;"
          + "font-weight:600;text-transform:uppercase;font-size:12px;letter-spacing:.04em}",
      ".badge.converged{background:#2e7d32}.badge.finished{background:#1565c0}"
          + ".badge.diverged{background:#c62828}",
      ".advice{background:#fdecea;border-left:4px solid #c62828;padding:10px 14px;margin:8px 0}",
      ".note{color:#555;font-style:italic}",
      ".cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}",
      ".card{background:#fff;border:1px solid #dde;border-radius:8px;padding:10px 16px;"
          + "min-width:140px}",
      ".card .value{font-size:20px;font-weight:600}.card .label{color:#666;font-size:12px}",
      "figure{margin:0 0 18px;background:#fff;border:1px solid #dde;border-radius:8px;"
          + "padding:12px;display:inline-block;vertical-align:top;max-width:100%}",
      ".pair{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}",
      ".pair>figure{flex:0 1 560px;min-width:0}",
      ".pair>section{flex:0 1 auto;margin-right:40px}",
      ".pair>figure#confusion{flex:0 0 auto}",
      "#confusion .caption{max-width:380px}",
      "#metrics>table.kv{margin-bottom:16px}",
      "svg.chart{display:block;width:100%;height:auto}",
      "svg.chart text{font-size:11px;fill:#444}svg.chart text.axis-label{font-size:12px;"
          + "fill:#222}",
      ".legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12px;margin-top:4px}",
      ".legend i{display:inline-block;width:18px;height:3px;margin-right:6px;"
          + "vertical-align:middle}",
      ".caption{color:#555;font-size:12px;max-width:640px;margin:6px 0 0}",
      "table{border-collapse:collapse;background:#fff}",
      "th,td{border:1px solid #dde;padding:4px 10px;text-align:right}",
      "thead th{background:#eef1f5}table.kv th{text-align:left;font-weight:normal;color:#444}",
      "table.kv td{font-variant-numeric:tabular-nums}",
      "table.epochs{font-variant-numeric:tabular-nums;font-size:13px}",
      "table.epochs tr.best td{background:#e8f5e9;font-weight:600}",
      "table.epochs tr.bad td{color:#c62828}",
      "table.settings td,table.settings th{text-align:left}",
      "table.settings tr.set td{font-weight:600}",
      "table.confusion td{min-width:80px;font-variant-numeric:tabular-nums}",
      "table.confusion small{display:block;color:#555}",
      "table.balance td.bar{width:240px;text-align:left}",
      "table.balance td.bar span{display:inline-block;height:10px;background:#1f77b4}",
      "code{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace;"
          + "font-size:12.5px}",
      "footer{margin-top:32px;color:#777;font-size:12px}");
}
