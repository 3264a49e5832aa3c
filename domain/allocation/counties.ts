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
