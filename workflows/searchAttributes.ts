/**
 * Custom search attributes that managers filter on (Temporal visibility). Registered by
 * scripts/start.ts on the dev server and by the `temporal-setup` service in docker-compose.yml.
 */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { GrantPlan } from '../domain/plan';
import { endOfDay } from '../domain/calendar';
import { searchText } from '../domain/searchText';
import { initialNextDeadline } from './state';

export const SA = {
  caseNumber: defineSearchAttributeKey('GrantCaseNumber', SearchAttributeType.KEYWORD),
  title: defineSearchAttributeKey('GrantTitle', SearchAttributeType.TEXT),
  stage: defineSearchAttributeKey('GrantStage', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('GrantStatus', SearchAttributeType.KEYWORD),
  year: defineSearchAttributeKey('GrantYear', SearchAttributeType.INT),
  county: defineSearchAttributeKey('GrantCounty', SearchAttributeType.KEYWORD),
  organisation: defineSearchAttributeKey('GrantOrganisation', SearchAttributeType.KEYWORD),
  nextDeadline: defineSearchAttributeKey('GrantNextDeadline', SearchAttributeType.DATETIME),
  totalOre: defineSearchAttributeKey('GrantTotalOre', SearchAttributeType.INT),
  overdue: defineSearchAttributeKey('GrantOverdue', SearchAttributeType.BOOL),
  /**
   * When the grant last changed what it publishes (workflow time of the upsert; the start time at
   * start). Not a filter: the API's list snapshot (api/listSnapshot.ts) reads only the grants that
   * changed since its last refresh by it.
   */
  updatedAt: defineSearchAttributeKey('GrantUpdatedAt', SearchAttributeType.DATETIME),
} as const;

/** name → CLI type, for `temporal operator search-attribute create` and the dev server's flags. */
export const SEARCH_ATTRIBUTE_TYPES: Record<string, string> = {
  GrantCaseNumber: 'Keyword',
  GrantTitle: 'Text',
  GrantStage: 'Keyword',
  GrantStatus: 'Keyword',
  GrantYear: 'Int',
  GrantCounty: 'Keyword',
  GrantOrganisation: 'Keyword',
  GrantNextDeadline: 'Datetime',
  GrantTotalOre: 'Int',
  GrantOverdue: 'Bool',
  GrantUpdatedAt: 'Datetime',
};

/**
 * The search attributes a grant starts with, set by whoever starts its workflow (the API, and the
 * tests and benchmarks that start grants as the API would), so that it is listed from the first
 * moment; the workflow keeps them current from then on.
 */
export function initialSearchAttributes(
  plan: Pick<GrantPlan, 'caseNumber' | 'title' | 'year' | 'organisation' | 'totalOre' | 'anchoring' | 'county' | 'decision' | 'tranches' | 'reports'>,
  nowMs: number,
): SearchAttributePair[] {
  const next = initialNextDeadline(plan);
  return [
    { key: SA.caseNumber, value: plan.caseNumber },
    // The case number in the title's text too, so a search for it finds the grant; words only (the
    // list shows the title from the start's memo: api/visibility.ts grantMemo).
    { key: SA.title, value: searchText(`${plan.title} ${plan.caseNumber}`) },
    { key: SA.year, value: plan.year },
    { key: SA.organisation, value: plan.organisation },
    { key: SA.totalOre, value: plan.totalOre },
    { key: SA.stage, value: plan.anchoring ? 'anchoring' : 'decision' },
    { key: SA.status, value: 'active' },
    { key: SA.overdue, value: false },
    { key: SA.updatedAt, value: new Date(nowMs) },
    ...(plan.county ? [{ key: SA.county, value: plan.county }] : []),
    ...(next ? [{ key: SA.nextDeadline, value: new Date(endOfDay(next)) }] : []),
  ] as SearchAttributePair[];
}
