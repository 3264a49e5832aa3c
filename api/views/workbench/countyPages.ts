/**
 * The county-funds template's own parts: choosing the registered agreement and the county before the
 * form, and the box above the form that shows what the agreement gives the county, part by part,
 * with each part's allocation key.
 */
import type { Principal } from '../../auth';
import { COUNTIES } from '../../../domain/allocation';
import { formatSek } from '../../../domain/sek';
import { dashboardPage, withLang } from '../dashboard';
import { escapeHtml as e, type Lang } from '../layout';
import { TEMPLATE_TEXT } from '../../workbench/templates';
import { keyWords, type CountyFunds } from '../../workbench/countyTemplate';
import { errorSummary } from './planForm';

/** A registered agreement as the chooser lists it (api/agreementViews.ts listItem). */
export interface AgreementChoice {
  id: string;
  status: 'active' | 'retired';
  title?: string;
  year?: number;
  parts?: number;
  nationalTotalFormatted?: string;
}

export type ChoiceField = 'agreement' | 'county';

const T = {
  sv: {
    intro: 'Medlen kommer från en nationell överenskommelse som är registrerad i grantflow. Välj överenskommelsen och länet: delarna, beloppen och fördelningsnycklarna fylls i från länets fördelning, och du väljer vilka enheter som rekvirerar.',
    agreement: 'Överenskommelse',
    county: 'Län',
    countyHint: (org: string) => `Förvalt: länet som ${org} hör till, om det är en region.`,
    go: 'Fortsätt till formuläret',
    none: 'Ingen överenskommelse är registrerad ännu. En samordnare registrerar den nationella överenskommelsen med POST /api/agreements (se docs/allocation.md); därefter finns den här.',
    retired: 'Avslutade överenskommelser (kan inte väljas):',
    parts: (n: number) => `${n} ${n === 1 ? 'del' : 'delar'}`,
    national: (s: string) => `nationellt ${s}`,
    back: 'Mina bidrag',
    box: 'Från överenskommelsen',
    boxIntro: (f: CountyFunds) => `${f.title} (${f.agreementId}) ger ${f.county.name} ${formatSek(f.totalOre, { nbsp: true })}, fördelat efter befolkningen ${f.populationYear}.`,
    part: 'Del',
    key: 'Fördelningsnyckel',
    amount: 'Belopp för länet',
    total: 'Summa',
    change: 'Välj en annan överenskommelse eller ett annat län',
    retiredNote: (at: string, why: string) => `Överenskommelsen avslutades ${at}: ${why}`,
  },
  en: {
    intro: 'The funds come from a national agreement registered in grantflow. Choose the agreement and the county: the parts, amounts and allocation keys are filled in from the county’s allocation, and you choose the units that requisition.',
    agreement: 'Agreement',
    county: 'County',
    countyHint: (org: string) => `Preselected: the county ${org} belongs to, if it is a region.`,
    go: 'Continue to the form',
    none: 'No agreement is registered yet. A coordinator registers the national agreement with POST /api/agreements (see docs/allocation.md); it is offered here afterwards.',
    retired: 'Retired agreements (cannot be chosen):',
    parts: (n: number) => `${n} ${n === 1 ? 'part' : 'parts'}`,
    national: (s: string) => `${s} nationally`,
    back: 'My grants',
    box: 'From the agreement',
    boxIntro: (f: CountyFunds) => `${f.title} (${f.agreementId}) gives ${f.county.name} ${formatSek(f.totalOre, { nbsp: true })}, allocated by the population of ${f.populationYear}.`,
    part: 'Part',
    key: 'Allocation key',
    amount: 'Amount for the county',
    total: 'Total',
    change: 'Choose another agreement or county',
    retiredNote: (at: string, why: string) => `The agreement was retired on ${at}: ${why}`,
  },
};

/** The chooser again, with the county kept (the agreement is chosen anew). */
const chooserHref = (lang: Lang, funds: CountyFunds) => withLang(`/dashboard/workbench/new?template=county&county=${funds.county.code}`, lang);

/** Where the summary's link leads: the county's list, the first agreement's choice, or the words that none is registered. */
const fieldOf = (f: ChoiceField, agreements: AgreementChoice[]) => {
  const first = agreements.find((a) => a.status === 'active');
  return f === 'county' ? 'c-county' : first ? `c-agreement-${first.id}` : 'c-agreement';
};

/** "Välj överenskommelse": the registered agreements and the county, a plain GET form. */
export function chooseAgreementPage(opts: {
  lang: Lang;
  principal: Principal;
  agreements: AgreementChoice[];
  chosen: { agreement?: string; county: string };
  problems: { field: ChoiceField; message: string }[];
  currentUrl: string;
}): string {
  const { lang, agreements, chosen, problems } = opts;
  const t = T[lang];
  const name = TEMPLATE_TEXT[lang].county.name;
  const title = lang === 'sv' ? `Nytt bidrag: ${name}` : `New grant: ${name}`;
  const active = agreements.filter((a) => a.status === 'active');
  const retired = agreements.filter((a) => a.status === 'retired');
  const errorOf = (f: ChoiceField) => {
    const mine = problems.filter((p) => p.field === f);
    return mine.length ? { attrs: ` aria-invalid="true"`, describedby: `e-c-${f}`, html: `<p class="field-error" id="e-c-${f}">${mine.map((p) => e(p.message)).join('<br>')}</p>` } : { attrs: '', describedby: '', html: '' };
  };
  const summary = errorSummary(lang, [], problems.map((p) => ({ id: fieldOf(p.field, agreements), label: p.field === 'county' ? t.county : t.agreement, message: p.message })));
  const describe = (a: AgreementChoice) => [a.year ? String(a.year) : '', a.parts ? t.parts(a.parts) : '', a.nationalTotalFormatted ? t.national(a.nationalTotalFormatted) : ''].filter(Boolean).join(', ');
  const ae = errorOf('agreement');
  const ce = errorOf('county');
  const picked = chosen.agreement && active.some((a) => a.id === chosen.agreement) ? chosen.agreement : active.length === 1 ? active[0]!.id : undefined;
  const radios = active
    .map((a) => {
      const id = `c-agreement-${a.id}`;
      return `<div class="radio"><input type="radio" id="${e(id)}" name="agreement" value="${e(a.id)}"${a.id === picked ? ' checked' : ''}${ae.attrs}> <label for="${e(id)}">${e(a.title ?? a.id)} <span class="muted">(${e(a.id)}${describe(a) ? `; ${e(describe(a))}` : ''})</span></label></div>`;
    })
    .join('');
  const countySelect = `<div class="field"><label for="c-county">${t.county}</label><p class="muted small" id="h-c-county">${e(t.countyHint(opts.principal.org))}</p>${ce.html}<select id="c-county" name="county" aria-describedby="h-c-county${ce.describedby ? ` ${ce.describedby}` : ''}"${ce.attrs}>${COUNTIES.map((c) => `<option value="${c.code}"${c.code === chosen.county ? ' selected' : ''}>${c.code} ${e(c.name)}</option>`).join('')}</select></div>`;
  const form = active.length
    ? `<form method="get" action="/dashboard/workbench/new" class="action-form">
<input type="hidden" name="template" value="county">${lang === 'en' ? '<input type="hidden" name="lang" value="en">' : ''}
<fieldset${ae.describedby ? ` aria-describedby="${ae.describedby}"` : ''}><legend>${t.agreement}</legend>${ae.html}${radios}</fieldset>
${countySelect}
<div class="buttons"><button type="submit" class="primary">${t.go}</button></div>
</form>`
    : `<p id="c-agreement">${e(t.none)}</p>`;
  const gone = retired.length ? `<p class="muted">${t.retired} ${retired.map((a) => e(`${a.title ?? a.id} (${a.id})`)).join(', ')}</p>` : '';
  const body = `<p class="crumbs"><a href="${e(withLang('/dashboard/workbench', lang))}">← ${t.back}</a></p>
<h1>${e(title)}</h1>
${summary}
<p>${e(t.intro)}</p>
${form}
${gone}`;
  return dashboardPage({ title, lang, body, currentUrl: opts.currentUrl, principal: opts.principal });
}

/** Above the form: what the agreement gives the county, part by part, and the way back to the choice. */
export function fundsBox(lang: Lang, funds: CountyFunds): string {
  const t = T[lang];
  const rows = funds.parts
    .map((p) => `<tr><th scope="row">${e(p.partId)} ${e(p.name)}</th><td>${e(keyWords(p.key, funds.county.code, lang))}</td><td class="num nowrap">${e(formatSek(p.ore, { nbsp: true }))}</td></tr>`)
    .join('');
  return `<section class="funds" aria-labelledby="h-funds"><h2 id="h-funds">${t.box}</h2>
<p>${e(t.boxIntro(funds))}</p>${funds.retired ? `<p class="notice warn">${e(t.retiredNote(funds.retired.at.slice(0, 10), funds.retired.reason))}</p>` : ''}
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-funds"><table><thead><tr><th scope="col">${t.part}</th><th scope="col">${t.key}</th><th scope="col" class="num">${t.amount}</th></tr></thead><tbody>${rows}</tbody><tfoot><tr><th scope="row">${t.total}</th><td></td><td class="num nowrap">${e(formatSek(funds.totalOre, { nbsp: true }))}</td></tr></tfoot></table></div>
<p><a href="${e(chooserHref(lang, funds))}">${t.change}</a></p></section>`;
}
