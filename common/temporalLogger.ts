/**
 * The Temporal SDK's logs (the worker's own, the workflows' and activities' `log`, and core's,
 * forwarded) written by the process's pino logger: one JSON line each, with the same redaction as
 * every other log line. Without it the SDK prints text lines of its own.
 */
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import type { Logger } from 'pino';

const LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

export function temporalLogger(log: Logger): TemporalLogger {
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => {
    // Symbol keys (the SDK's timestamp) are not part of the line; pino adds its own time.
    const fields = meta ? Object.fromEntries(Object.entries(meta)) : {};
    log[LEVELS[level] ?? 'info'](fields, message);
  };
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}
