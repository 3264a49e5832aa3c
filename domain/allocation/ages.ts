/**
 * Ages as SCB labels them: single years ("25 år"), ranges ("0-4 år") and an open-ended top
 * group ("100+ år"). A key's age band (e.g. 0–25, both ends included) is computable from a file
 * only if no age group straddles the band's edges.
 */
export interface AgeGroup {
  from: number;
  /** Inclusive upper age; null for the open-ended top group ("100+ år"). */
  to: number | null;
  /** As written in the file. */
  label: string;
}

/** Ages fromAge through toAge, both included; no toAge means "and older". */
export interface AgeBand {
  fromAge: number;
  toAge?: number | undefined;
}

const AGE_LABEL = /^(\d{1,3})\s*(?:([-–])\s*(\d{1,3})|(\+))?\s*(?:år|years?)?$/i;

export function parseAgeLabel(label: string): AgeGroup | undefined {
  const m = AGE_LABEL.exec(label.trim());
  if (!m) return undefined;
  const from = Number(m[1]);
  if (m[4]) return { from, to: null, label };
  const to = m[3] === undefined ? from : Number(m[3]);
  return to >= from ? { from, to, label } : undefined;
}

export const groupKey = (g: AgeGroup): string => `${g.from}-${g.to ?? '+'}`;

export const bandLabel = (b: AgeBand): string => (b.toAge === undefined ? `${b.fromAge}+` : `${b.fromAge}–${b.toAge}`);

/**
 * Sorts age groups and checks that they cover every age exactly once, from 0 to an open-ended
 * top group: a population share needs everybody, so a file holding only some ages is refused.
 */
/** A problem with the age groups, in English (its message) and Swedish. */
const ageError = (sv: string, en: string) => Object.assign(new Error(en), { sv });

export function sortAndCheckAgeGroups(groups: AgeGroup[]): AgeGroup[] {
  const sorted = [...groups].sort((a, b) => a.from - b.from || (a.to ?? Infinity) - (b.to ?? Infinity));
  if (sorted.length === 0) throw ageError('ålder: inga åldersgrupper (en fil med bara totaler kan inte ge andelar)', 'ålder: no age groups (a file of totals only cannot give shares)');
  let next = 0;
  for (const g of sorted) {
    if (g.from > next) {
      const gap = g.from - 1 === next ? `age ${next} is` : `ages ${next}–${g.from - 1} are`;
      const gapSv = g.from - 1 === next ? `ålder ${next}` : `åldrarna ${next}–${g.from - 1}`;
      throw ageError(`ålder: ${gapSv} saknas (ingen åldersgrupp täcker dem)`, `ålder: ${gap} missing (no age group covers them)`);
    }
    if (g.from < next) throw ageError(`ålder: åldersgruppen "${g.label}" överlappar grupperna före den`, `ålder: age group "${g.label}" overlaps the age groups before it`);
    if (g.to === null) {
      if (g !== sorted[sorted.length - 1]) throw ageError(`ålder: den öppna åldersgruppen "${g.label}" måste vara den sista`, `ålder: open-ended age group "${g.label}" must be the last one`);
      return sorted;
    }
    next = g.to + 1;
  }
  throw ageError(`ålder: den äldsta åldersgruppen måste vara öppen, som "100+ år" (filen slutar vid ${next - 1} år)`, `ålder: the oldest age group must be open-ended, like "100+ år" (the file stops at age ${next - 1})`);
}
