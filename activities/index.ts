/** All activities, built from their dependencies. */
import nodemailer from 'nodemailer';
import type { Config } from '../common/config';
import { createMailActivities, type MailDeps } from './mail';
import type { MailActivities } from '../workflows/grant/contract';

export type { GrantActivities } from '../workflows/grant/contract';

export function createSmtpTransport(config: Config) {
  return nodemailer.createTransport({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } : undefined,
    // Dev catchers have no certificate; a real relay on 587 upgrades with STARTTLS.
    ignoreTLS: !config.SMTP_SECURE && config.NODE_ENV !== 'production',
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
}

export function createActivities(config: Config, overrides: Partial<MailDeps> = {}): MailActivities {
  return createMailActivities({
    transport: createSmtpTransport(config),
    from: config.MAIL_FROM,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    linkSecret: config.LINK_SECRET,
    linkTtlDays: config.LINK_TTL_DAYS,
    ...overrides,
  });
}
