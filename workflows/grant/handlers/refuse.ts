import { ApplicationFailure } from '@temporalio/workflow';
import { refusalText, type GrantRefusalKind, type RefusalFacts } from '../contract';

/**
 * Refuses an Update: a non-retryable failure whose type is the refusal's kind and whose details
 * carry its facts, so the API can say it in the reader's language (contract GRANT_REFUSALS).
 */
export function refuse(kind: GrantRefusalKind, facts: RefusalFacts = {}): never {
  throw ApplicationFailure.create({ type: kind, message: refusalText(kind, facts, 'en'), details: [facts], nonRetryable: true });
}
