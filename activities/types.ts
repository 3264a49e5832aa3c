/** The activities the grant workflow calls (imported by workflows as a type only). */
import type { MailRequest } from '../workflows/types';

export interface MailResult {
  key: string;
  messageId: string;
  /** Addresses the SMTP server refused permanently; recorded in the grant's timeline. */
  rejected: string[];
}

export interface GrantActivities {
  sendMail(batch: MailRequest[]): Promise<MailResult[]>;
}
