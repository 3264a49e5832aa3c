/**
 * Custom search attributes that managers filter on (Temporal visibility). Registered by
 * scripts/start.ts on the dev server and by the `temporal-setup` service in docker-compose.yml.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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
