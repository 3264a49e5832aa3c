/**
 * domain/searchText: what a grant's Text search attribute holds. Temporal's PostgreSQL visibility
 * casts it to tsvector as it is, so only words separated by single spaces may reach it.
 */
import fc from 'fast-check';
import { searchText } from '../../domain/searchText';

describe('searchText', () => {
  it('keeps the words of the titles that broke PostgreSQL visibility, lower case, without accents', () => {
    expect(searchText('Projekt: Brukarråd')).toBe('projekt brukarrad');
    expect(searchText('Slut med \\')).toBe('slut med');
    expect(searchText('kl. 10:30')).toBe('kl 10 30');
    expect(searchText('"Citat" & \'Å!\' (ÖVRIGT) RS/12/2026')).toBe('citat a ovrigt rs 12 2026');
    expect(searchText('  ::  ')).toBe('');
  });

  it('yields only letters and digits separated by single spaces (nothing a tsvector literal treats as syntax)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 60 }), (s) => {
        expect(searchText(s)).toMatch(/^(?:[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*)?$/u);
      }),
    );
  });

  it('is a fixpoint for Swedish titles', () => {
    const titles = ['Psykisk hälsa 2026: Brukarråd', 'Suicidprevention – Region Jämtland Härjedalen', "Barn & unga (0-17 år) \"Första linjen\"", 'Öst/Väst'];
    for (const t of titles) {
      expect(searchText(searchText(t))).toBe(searchText(t));
    }
  });
});
