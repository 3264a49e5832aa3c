/** The workbench's styles (forms, errors), appended to the one stylesheet /static/app.css. */
export const WORKBENCH_CSS = `
.plan-form fieldset,.action-form fieldset{border:1px solid var(--line);border-radius:.4rem;margin:.8rem 0;padding:.4rem .9rem .7rem;min-width:0}
.plan-form fieldset fieldset{background:#fafbfc}
.plan-form legend,.action-form legend{font-weight:700;padding:0 .3rem}
.plan-form .row{display:flex;flex-wrap:wrap;gap:.6rem 1rem}
.field{display:flex;flex-direction:column;gap:.2rem;margin:.3rem 0;min-width:0}
.field.grow{flex:1 1 16rem}
.field.wide{flex:1 1 100%}
.field input.amount{max-width:14rem;text-align:right;font-variant-numeric:tabular-nums}
.field input.short{max-width:7rem}
.field input[type=date]{max-width:12rem}
input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #f2b300;outline-offset:1px}
[aria-invalid=true]{border-color:var(--bad);border-width:2px}
.field-error{color:var(--bad);font-weight:600;margin:0}
.error-summary{border:3px solid var(--bad);border-radius:.4rem;padding:.4rem 1rem;margin:1rem 0;background:#fff}
.error-summary h2{margin:.4rem 0;color:var(--bad);font-size:1.1rem}
.error-summary a{color:var(--bad);font-weight:600}
.error-summary:focus{outline:3px solid #f2b300}
.row-actions{margin-top:.4rem}
fieldset .radio{display:flex;gap:.5rem;align-items:baseline;margin:.35rem 0}
fieldset .radio input{flex:none;width:auto;margin:0}
fieldset .radio label{font-weight:400}
ul.templates{list-style:none;padding:0;display:grid;gap:.6rem}
ul.templates li{display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:center}
ul.templates a.button{min-width:14rem;text-align:center}
@media (min-width:48rem){tr.mine td:first-child{box-shadow:inset 4px 0 0 var(--accent)}}
section.actions{border:2px solid var(--accent);border-radius:.4rem;padding:.2rem 1rem .8rem;margin:1rem 0}
section.actions ul{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:.4rem 0}
dl.confirm{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.3rem 1rem}
dl.confirm dt{font-weight:600}
dl.confirm dd{margin:0;overflow-wrap:anywhere}
ins.changed{background:#fff4c2;text-decoration:none;font-weight:600}
del.was{color:var(--muted)}
@media (max-width:40rem){.plan-form fieldset{padding:.3rem .5rem .5rem}.field input.amount,.field input[type=date]{max-width:none}dl.confirm{grid-template-columns:1fr}}
`;
