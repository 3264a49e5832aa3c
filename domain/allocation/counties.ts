/**
 * Sweden's 21 counties (län) with the codes Statistics Sweden (SCB) uses. The codes are not
 * contiguous (02, 11, 15, 16 were merged away in 1968 and 1997–98), so they are listed, not
 * generated. The list order (by code) is also the tie-break order for rounding.
 */
export const COUNTIES = [
  { code: '01', name: 'Stockholms län', metropolitan: true },
  { code: '03', name: 'Uppsala län', metropolitan: false },
  { code: '04', name: 'Södermanlands län', metropolitan: false },
  { code: '05', name: 'Östergötlands län', metropolitan: false },
  { code: '06', name: 'Jönköpings län', metropolitan: false },
  { code: '07', name: 'Kronobergs län', metropolitan: false },
  { code: '08', name: 'Kalmar län', metropolitan: false },
  { code: '09', name: 'Gotlands län', metropolitan: false },
  { code: '10', name: 'Blekinge län', metropolitan: false },
  { code: '12', name: 'Skåne län', metropolitan: true },
  { code: '13', name: 'Hallands län', metropolitan: false },
  { code: '14', name: 'Västra Götalands län', metropolitan: true },
  { code: '17', name: 'Värmlands län', metropolitan: false },
  { code: '18', name: 'Örebro län', metropolitan: false },
  { code: '19', name: 'Västmanlands län', metropolitan: false },
  { code: '20', name: 'Dalarnas län', metropolitan: false },
  { code: '21', name: 'Gävleborgs län', metropolitan: false },
  { code: '22', name: 'Västernorrlands län', metropolitan: false },
  { code: '23', name: 'Jämtlands län', metropolitan: false },
  { code: '24', name: 'Västerbottens län', metropolitan: false },
  { code: '25', name: 'Norrbottens län', metropolitan: false },
] as const;

export type County = (typeof COUNTIES)[number];
export type CountyCode = County['code'];

export const COUNTY_CODES: readonly CountyCode[] = COUNTIES.map((c) => c.code);

export function isCountyCode(code: string): code is CountyCode {
  return (COUNTY_CODES as readonly string[]).includes(code);
}

/** The county with this code; throws naming the code when there is none. */
export function county(code: string): County {
  const found = COUNTIES.find((c) => c.code === code);
  if (!found) throw new Error(`unknown county code "${code}" (expected one of ${COUNTY_CODES.join(', ')})`);
  return found;
}

/**
 * The region (regionen) that holds each county's health care, by the name it goes by, as an
 * organisation's claim from the identity provider names it. A coordinator of a region starts county
 * funds for its county; the workbench offers that county first (api/workbench/countyTemplate.ts).
 */
export const REGION_OF_COUNTY: Record<CountyCode, string> = {
  '01': 'Region Stockholm',
  '03': 'Region Uppsala',
  '04': 'Region Sörmland',
  '05': 'Region Östergötland',
  '06': 'Region Jönköpings län',
  '07': 'Region Kronoberg',
  '08': 'Region Kalmar län',
  '09': 'Region Gotland',
  '10': 'Region Blekinge',
  '12': 'Region Skåne',
  '13': 'Region Halland',
  '14': 'Västra Götalandsregionen',
  '17': 'Region Värmland',
  '18': 'Region Örebro län',
  '19': 'Region Västmanland',
  '20': 'Region Dalarna',
  '21': 'Region Gävleborg',
  '22': 'Region Västernorrland',
  '23': 'Region Jämtland Härjedalen',
  '24': 'Region Västerbotten',
  '25': 'Region Norrbotten',
};

/** The county whose region the organisation is (case and spacing aside), or undefined (a municipality, an authority, another name). */
export function countyOfOrganisation(organisation: string): CountyCode | undefined {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('sv');
  const want = norm(organisation);
  return COUNTY_CODES.find((code) => norm(REGION_OF_COUNTY[code]) === want);
}
