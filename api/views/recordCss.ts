/** The printable decision record's styles (api/views/record.ts); part of /static/app.css. */
/** The akt's own rules, printing included: no navigation on paper, tables whole, links as text. */
export const RECORD_CSS = `
main.record dl.record-facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
main.record dl.record-facts dt{font-weight:600}
main.record pre.plan{white-space:pre-wrap;word-break:break-word;font-size:.8rem;background:#f6f7f9;padding:.5rem;border-radius:.3rem;max-height:none}
main.record code.hash{word-break:break-all}
main.record ol.motions li{margin:.2rem 0}
@media print{.no-print,header.top{display:none}main.record{padding:0;max-width:none}main.record .table-wrap{overflow:visible}main.record table{page-break-inside:auto}main.record tr{page-break-inside:avoid}main.record h2,main.record h3{page-break-after:avoid}main.record details>summary{list-style:none}main.record .record-timeline .tl-scroll{overflow:visible;border:0}main.record .record-timeline .tl-scroll svg{min-width:0}main.record .record-timeline{page-break-inside:avoid}main.record a{color:#000;text-decoration:none}body{font-size:10.5pt;background:#fff}}
`;
