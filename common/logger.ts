/** Structured JSON logs. Tokens, secrets and approval links are redacted wherever they appear. */
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'token',
  '*.token',
  'link',
  '*.link',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'config.LINK_SECRET',
  'config.AUTH_JWT_SECRET',
  'config.SMTP_PASSWORD',
];

/** Approval links carry their token in the path; strip it from any URL before it is logged. */
export function redactUrl(url: string): string {
  return url.replace(/\/a\/[A-Za-z0-9_\-.]+/g, '/a/[redacted]');
}

export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name,
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
