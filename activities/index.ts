/** All activities, built from their dependencies. */
import nodemailer from 'nodemailer';
import type { Config } from '../common/config';
import type { Pool } from 'pg';
import { createMailActivities, type MailDeps } from './mail';
import { createRegisterActivities } from './register';
import type { GrantActivities } from '../workflows/grant/contract';

export type { GrantActivities } from '../workflows/grant/contract';

/** Everything the grant worker registers: mail and the register's writer. */
export type WorkerActivities = GrantActivities;

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

/** `register`: the pool to the register (register/pool.ts), connected as the app's role. */
export function createActivities(config: Config, register: Pool, overrides: Partial<MailDeps> = {}): WorkerActivities {
  const mail = createMailActivities({
    transport: createSmtpTransport(config),
    from: config.MAIL_FROM,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    linkSecret: config.LINK_SECRET,
    linkTtlDays: config.LINK_TTL_DAYS,
    ...overrides,
  });
  return { ...mail, ...createRegisterActivities({ pool: register, ...(overrides.log ? { log: overrides.log } : {}) }) };
}
