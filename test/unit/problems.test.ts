/**
 * "Every problem named", in Swedish and English (issue 15, Refusals and validation): a plan's
 * structural and business problems together, the short form's too, unknown fields by name, no
 * zod text, one message per fault, population files of either shape with every problem by line,
 * encoding named, free text printable.
 */
import { checkPlan } from '../../domain/validatePlan';
import { GRANT_PLAN_EXAMPLE } from '../../api/schemas/grants';
import { planOfRequest } from '../../api/routes/planRequest';
import { HttpError } from '../../api/errors';
import { COUNTIES, PopulationFileError, parsePopulationCsv } from '../../domain/allocation';
import { FreeText, isBeyondPattern } from '../../domain/freeText';
import { problemsOf } from '../../domain/zodText';
import type { Problem } from '../../domain/text';
import type { Principal } from '../../api/auth';

const TODAY = '2026-12-02';
const coordinator: Principal = { sub: 'c', name: 'Elin Ring', roles: ['coordinator'], org: 'Region Jämtland Härjedalen' };
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const refused = (input: unknown): Problem[] => {
  const r = checkPlan(input, TODAY);
  if (r.ok) throw new Error('expected a refusal');
  return r.problems;
};
/** zod's own English, which must never reach a person. */
const ZOD_TEXT = /Too small|Too big|Invalid (input|discriminator|option|email|string)|expected string|Unrecognized key|received/;

describe('a plan: every problem at once', () => {
  it('names a wrong sum, four dates before the decision and an unknown approval rule in one answer', () => {
    const plan = clone(GRANT_PLAN_EXAMPLE) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    plan.totalOre = 1; // the parts add up to 2 000 000,00 kr
    plan.decision.group.rule = { type: 'unanimous' };
    plan.signature = { signatory: { id: 's', name: 'Sara Ek', email: 'sara@example.se' }, document: 'Avtal', deadline: '2030-01-01' };
    plan.parts[0].requisition = { unit: 'Område Välfärd', deadline: '2030-01-02' };
    plan.reports = [{ id: 'r1', what: 'Återredovisning', to: 'SKR', due: '2030-01-03' }];
    plan.tranches = [{ id: 't1', amountOre: 1, payee: 'NSPH', trigger: { on: 'date', date: '2030-01-04' } }];
    plan.finance = [{ id: 'f', name: 'Ekonomi', email: 'ekonomi@example.se' }];
    const problems = refused(plan);
    expect(problems.map((p) => p.path).sort()).toEqual(
      ['decision.group.rule.type', 'parts.0.requisition.deadline', 'reports.0.due', 'signature.deadline', 'totalOre', 'tranches.0.trigger.date'].sort(),
    );
    expect(problems.find((p) => p.path === 'decision.group.rule.type')!.messages).toEqual({
      sv: 'måste vara ett av "all", "majority", "kOfN", "any", "chair"',
      en: 'must be one of "all", "majority", "kOfN", "any", "chair"',
    });
    expect(problems.find((p) => p.path === 'totalOre')!.messages.sv).toBe('delarna blir 2 000 000,00 kr, inte totalen 0,01 kr');
  });

  it('refuses an unknown field by name (amountSek), beside the problems of the rest', () => {
    const plan = clone(GRANT_PLAN_EXAMPLE) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    plan.parts[1].amountSek = 500000;
    plan.totalOre = 3;
    const problems = refused(plan);
    expect(problems).toEqual([
      { path: 'parts.1.amountSek', message: 'unknown field "amountSek"', messages: { sv: 'okänt fält "amountSek"', en: 'unknown field "amountSek"' } },
      expect.objectContaining({ path: 'totalOre' }),
    ]);
  });

  it('gives a negative amount one message, and no problem a zod text', () => {
    const plan = clone(GRANT_PLAN_EXAMPLE) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    plan.parts[0].amountOre = -5;
    plan.title = '';
    plan.decision.group.members[0].email = 'nope';
    const problems = refused(plan);
    expect(problems.filter((p) => p.path === 'parts.0.amountOre')).toEqual([
      { path: 'parts.0.amountOre', message: 'must not be negative', messages: { sv: 'får inte vara negativt', en: 'must not be negative' } },
    ]);
    expect(problems.find((p) => p.path === 'title')!.messages).toEqual({ sv: 'får inte vara tom', en: 'must not be empty' });
    for (const p of problems) expect([p.messages.sv, p.messages.en].join(' ')).not.toMatch(ZOD_TEXT);
  });
});

describe('the short form: every problem at once', () => {
  const plan = (body: unknown) => {
    try {
      planOfRequest(body, coordinator, TODAY, { prefix: ['body'] });
    } catch (e) {
      if (e instanceof HttpError) return { status: e.status, problems: e.problems ?? [] };
      throw e;
    }
    throw new Error('expected a refusal');
  };

  it('names the empty title and the past deadline together, in both languages', () => {
    const answer = plan({ caseNumber: 'RS/1/2026', title: '', amountOre: 100, approver: { name: 'Anna Berg', email: 'anna@example.se' }, deadline: '2026-01-01' });
    expect(answer.status).toBe(422);
    expect(answer.problems.map((p) => [p.path, p.messages.sv])).toEqual([
      ['body.title', 'får inte vara tom'],
      ['body.deadline', 'sista dagen 2026-01-01 har redan passerat (i dag är det 2026-12-02)'],
    ]);
  });

  it('refuses an amount of 0 öre with one message, as the document’s minimum of 1 says', () => {
    const answer = plan({ caseNumber: 'RS/1/2026', title: 'T', amountOre: 0, approver: { name: 'Anna Berg', email: 'anna@example.se' } });
    expect(answer.problems).toEqual([{ path: 'body.amountOre', message: 'must be more than 0', messages: { sv: 'måste vara mer än 0', en: 'must be more than 0' } }]);
  });
});

describe('free text is printable', () => {
  const Reason = FreeText(200, { multiline: true });
  it.each([
    ['a bell', 'Makulerad\u0007', 'U+0007'],
    ['an escape', '\u001b[31mröd', 'U+001B'],
    ['a private-use character', 'Medel \uE000 drogs in', 'U+E000'],
    ['a supplementary private-use character', `Medel ${String.fromCodePoint(0x10ffff - 2)}`, 'U+10FFFD'],
  ])('refuses %s by its code point', (_, text, cp) => {
    const r = Reason.safeParse(text);
    expect(r.success).toBe(false);
    const [p] = problemsOf(r.error!);
    expect(p!.messages.en).toContain(cp);
    expect(p!.messages.sv).toContain(cp);
  });

  it('keeps line breaks and tabs in a multi-line reason, and letters of every language', () => {
    expect(Reason.parse('  Beslut:\n\t– återremiss, ü, ß, 中文  ')).toBe('Beslut:\n\t– återremiss, ü, ß, 中文');
  });
});

describe('population files: every problem with its line', () => {
  const scb = (edit: (lines: string[]) => string[] = (l) => l) =>
    edit(['"Folkmängden efter region, ålder och år"', '', '"region","ålder","2019"', ...COUNTIES.flatMap((c) => [`"${c.code} ${c.name}","0-25 år",1000`, `"${c.code} ${c.name}","26+ år",2000`])]).join('\n');
  const issues = (text: string, year?: number) => {
    try {
      parsePopulationCsv(text, year === undefined ? {} : { year });
    } catch (e) {
      if (e instanceof PopulationFileError) return e.issues;
      throw e;
    }
    throw new Error('expected a refusal');
  };

  it('names a missing county, an unknown county and a negative number together', () => {
    const found = issues(scb((ls) => [...ls.filter((l) => !l.startsWith('"23 ')).map((l) => (l.startsWith('"01 Stockholms län","0-25') ? l.replace(',1000', ',-5') : l)), '"02 Kopparbergs län","0-25 år",5']));
    expect(found.map((p) => [p.line, p.en])).toEqual([
      [4, 'column "2019" is "-5", not a whole number of people (it is negative)'],
      [44, 'region "02 Kopparbergs län": unknown county code 02 (expected one of 01, 03, 04, 05, 06, 07, 08, 09, 10, 12, 13, 14, 17, 18, 19, 20, 21, 22, 23, 24, 25)'],
      [undefined, 'county 01 Stockholms län has no row for ålder "0-25 år"'],
      [undefined, 'county 23 Jämtlands län is missing'],
    ]);
    expect(found[0]!.sv).toBe('kolumnen "2019" är "-5": ett antal personer kan inte vara negativt');
  });

  it('reads a plain county file with `,` or `;`, as the year given', () => {
    const rows = COUNTIES.map((c, i) => [c.code, c.name, String(1000 + i)]);
    for (const d of [',', ';']) {
      const pop = parsePopulationCsv(['county_code,county,population'.replace(/,/g, d), ...rows.map((r) => r.join(d))].join('\r\n'), { year: 2019 });
      expect(pop.year).toBe(2019);
      expect(pop.counts['23']).toEqual([1000 + COUNTIES.findIndex((c) => c.code === '23')]);
    }
  });

  it('names every problem of a plain county file with its line', () => {
    const rows = COUNTIES.filter((c) => c.code !== '25').map((c) => `${c.code};${c.name};${c.code === '03' ? '-1' : '10'}`);
    const found = issues(['länskod;län;folkmängd', ...rows, '99;Nowhere;5', '01;Stockholms län;7'].join('\n'), 2019);
    expect(found.map((p) => [p.line, p.en.slice(0, 40)])).toEqual([
      [3, 'column "population" is "-1", not a whole'],
      [22, 'region "99": unknown county code 99 (exp'],
      [23, 'county code 01 appears twice (first on l'],
      [undefined, 'county 03 Uppsala län is missing'],
      [undefined, 'county 25 Norrbottens län is missing'],
    ]);
  });

  it('names the encoding of a Latin-1 file read as UTF-8, and of UTF-8 read as Latin-1', () => {
    const latin1AsUtf8 = new TextDecoder('utf-8').decode(Buffer.from(scb(), 'latin1'));
    expect(issues(latin1AsUtf8)).toEqual([expect.objectContaining({ line: 1, en: expect.stringContaining('the file is not UTF-8 (probably Latin-1 or Windows-1252') })]);
    const utf8AsLatin1 = Buffer.from(scb(), 'utf8').toString('latin1');
    expect(issues(utf8AsLatin1)[0]!.en).toContain('read in the wrong encoding');
  });
});

describe('private-use characters beyond the document’s pattern', () => {
  it('are refused by FreeText, and a request refused for them alone is told apart (isBeyondPattern → 422)', () => {
    const r = FreeText(200).safeParse(`Medel ${String.fromCodePoint(0xfd717)}`);
    const [p] = problemsOf(r.error!);
    expect(isBeyondPattern(p!)).toBe(true);
    const [bmp] = problemsOf(FreeText(200).safeParse('Medel \uE000').error!);
    expect(isBeyondPattern(bmp!)).toBe(false);
  });

  it('count characters as the document does (code points): 200 emoji are 200 characters', () => {
    expect(FreeText(200).safeParse('😀'.repeat(200)).success).toBe(true);
    expect(problemsOf(FreeText(200).safeParse('😀'.repeat(201)).error!)[0]!.messages.sv).toBe('får ha högst 200 tecken');
  });
});
