/**
 * The whole system for end-to-end tests, in-process and on free loopback ports:
 *   maildev (SMTP + REST inbox), the Temporal dev server (the real one, via createLocal), the grant
 *   worker with the real SMTP activities, and the HTTP API.
 * One stack per test file: `const stack = await startStack()` in beforeAll, `await stack.stop()` in
 * afterAll. `stop()` shuts everything down and leaves no process behind.
 */
import { freePort, waitForPort, waitForPortClosed } from '../../common/net';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { quietRuntime } from '../../common/temporalRuntime';
import type { Client } from '@temporalio/client';
import { parseConfig, type Config } from '../../common/config';
import { startDevServer } from '../../bench/lib/devServer';
import { createLogger } from '../../common/logger';
import { createGrantWorker } from '../../worker/createWorker';
import { createActivities } from '../../activities';
import { createApp } from '../../api/app';
import { serve } from '../../api/serve';
import { issueToken } from '../../api/auth';
import { startDevOidc, type DevOidc } from '../../scripts/oidc/spawn';
import { startLocalRegister, type LocalRegister } from '../../register/local';

// maildev has no type declarations; this is the part of its programmatic API the stack uses.
interface MailDevServer {
  listen(cb?: (err?: Error) => void): Promise<void>;
  close(cb?: (err?: Error) => void): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MailDev = require('maildev') as new (opts: Record<string, unknown>) => MailDevServer;

export const ORG = 'Region Jämtland Härjedalen';
export const OTHER_ORG = 'Region Västernorrland';
export const COORDINATOR = { name: 'Elin Ring', email: 'elin.ring@example.se' };

/** A mail as maildev's REST API returns it (the fields the tests read). */
export interface CaughtMail {
  id: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  to: { address: string; name: string }[];
  from: { address: string; name: string }[];
  headers: Record<string, string>;
  date: string;
}

export interface MailBox {
  /** Every mail caught so far, oldest first. */
  list(): Promise<CaughtMail[]>;
  /** Polls until a mail matches; returns the first match. */
  waitFor(pred: (m: CaughtMail) => boolean, timeoutMs?: number, what?: string): Promise<CaughtMail>;
  /** Polls until at least `n` mails match; returns them (oldest first). */
  waitForCount(pred: (m: CaughtMail) => boolean, n: number, timeoutMs?: number, what?: string): Promise<CaughtMail[]>;
  clear(): Promise<void>;
}

export interface Stack {
  baseUrl: string;
  config: Config;
  client: Client;
  env: TestWorkflowEnvironment;
  tokens: { coordinator: string; manager: string; otherOrgCoordinator: string; admin: string };
  mail: MailBox;
  inboxUrl: string;
  /** The register's PostgreSQL (migrated), the worker's pool to it and an owner's pool for checks. */
  register: LocalRegister;
  /** The embedded OpenID provider, when the stack was started with `{ oidc: true }`. */
  oidc?: DevOidc;
  stop(): Promise<void>;
}


/** Starts maildev without letting it take over the process's signal handling. */
export async function startMailDev(smtp: number, web: number, dir: string): Promise<MailDevServer> {
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const md = new MailDev({ smtp, web, ip: '127.0.0.1', silent: true, mailDirectory: dir });
  // maildev registers SIGINT/SIGTERM handlers that call process.exit(0): not in a test runner.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    for (const l of process.listeners(sig)) if (!before[sig].includes(l)) process.removeListener(sig, l);
  }
  await new Promise<void>((resolve, reject) => void md.listen((err) => (err ? reject(err) : resolve())).catch(reject));
  await waitForPort(web);
  return md;
}

export function mailBox(inboxUrl: string): MailBox {
  async function list(): Promise<CaughtMail[]> {
    const res = await fetch(`${inboxUrl}/email`);
    if (!res.ok) throw new Error(`maildev answered ${res.status}`);
    return (await res.json()) as CaughtMail[];
  }
  async function waitForCount(pred: (m: CaughtMail) => boolean, n: number, timeoutMs = 20_000, what = 'mail'): Promise<CaughtMail[]> {
    const end = Date.now() + timeoutMs;
    let seen: CaughtMail[] = [];
    for (;;) {
      seen = await list();
      const hits = seen.filter(pred);
      if (hits.length >= n) return hits;
      if (Date.now() > end) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${n} × ${what}; the inbox holds: ${JSON.stringify(seen.map((m) => ({ to: m.to.map((t) => t.address), subject: m.subject })))}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    list,
    waitForCount,
    async waitFor(pred, timeoutMs, what) {
      return (await waitForCount(pred, 1, timeoutMs, what))[0]!;
    },
    async clear() {
      const res = await fetch(`${inboxUrl}/email/all`, { method: 'DELETE' });
      if (!res.ok) throw new Error(`maildev answered ${res.status} to DELETE /email/all`);
    },
  };
}

/** Bearer tokens for the tests' people, signed with the config's secret. */
export async function testTokens(config: Config): Promise<Stack['tokens']> {
  return {
    coordinator: await issueToken(config, { sub: 'e2e-coordinator', name: COORDINATOR.name, roles: ['coordinator'], org: ORG, email: COORDINATOR.email }),
    manager: await issueToken(config, { sub: 'e2e-manager', name: 'Chef Psykisk Hälsa', roles: ['manager'], org: ORG }),
    otherOrgCoordinator: await issueToken(config, { sub: 'e2e-other', name: 'Annan Samordnare', roles: ['coordinator'], org: OTHER_ORG, email: 'annan@example.se' }),
    admin: await issueToken(config, { sub: 'e2e-admin', name: 'Drift', roles: ['admin'], org: ORG }),
  };
}

export async function startStack(opts: { oidc?: boolean } = {}): Promise<Stack> {
  quietRuntime();
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    // Reverse order of start: API, worker, Temporal, maildev. Each step runs even if one fails.
    const errors: unknown[] = [];
    while (cleanups.length) {
      try {
        await cleanups.pop()!();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length) throw errors[0];
  };

  try {
    // 1. Mail catcher.
    const [smtpPort, webPort, httpPort] = [await freePort(), await freePort(), await freePort()];
    const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantflow-e2e-mail-'));
    const md = await startMailDev(smtpPort, webPort, mailDir);
    cleanups.push(async () => {
      await new Promise<void>((resolve) => md.close(() => resolve()));
      await waitForPortClosed(webPort);
      fs.rmSync(mailDir, { recursive: true, force: true });
    });
    const inboxUrl = `http://127.0.0.1:${webPort}`;

    // 2. The register: a real PostgreSQL, migrated as `npm start` migrates it.
    const register = await startLocalRegister();
    cleanups.push(() => register.stop());

    // 3. Temporal dev server, with the search attributes the API sets on start, its SQLite in a
    //    file as `npm start` keeps it (write-ahead log, synchronous=FULL). Started as the benchmarks
    //    start it, its output not in the test log (createLocal lets the CLI print its banner there).
    const server = await startDevServer({ sqlite: 'wal' });
    cleanups.push(() => server.stop());
    const env = await TestWorkflowEnvironment.createFromExistingServer({ address: server.address, namespace: server.namespace });
    cleanups.push(() => env.teardown());

    // 4. Config: the API's port is known before the config is built, since links start with it.
    const baseUrl = `http://127.0.0.1:${httpPort}`;
    let oidc: DevOidc | undefined;
    if (opts.oidc) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantflow-e2e-oidc-'));
      oidc = await startDevOidc({ port: await freePort(), secretsFile: path.join(dir, 'oidc.json'), appBaseUrl: baseUrl });
      cleanups.push(async () => {
        await oidc!.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      });
    }
    const config = parseConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: server.namespace,
      TEMPORAL_TASK_QUEUE: `grantflow-e2e-${randomBytes(4).toString('hex')}`,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      PUBLIC_BASE_URL: baseUrl,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      MAIL_FROM: 'grantflow <grantflow@example.se>',
      MAIL_INBOX_URL: inboxUrl,
      LINK_SECRET: randomBytes(32).toString('base64url'),
      AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
      REGISTER_DATABASE_URL: register.appUrl,
      ...(oidc ? { OIDC_ISSUER: oidc.issuer, OIDC_CLIENT_SECRET: oidc.secrets.clientSecret } : {}),
    });

    // 5. Worker with the real SMTP and register activities, run in-process.
    const worker: Worker = await createGrantWorker({
      connection: env.nativeConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      activities: createActivities(config, register.app),
    });
    const running = worker.run();
    let runError: unknown;
    running.catch((e) => (runError = e));
    cleanups.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      if (runError) throw runError;
    });

    // 6. The API.
    const client = env.client;
    const log = createLogger('grantflow-e2e', 'silent');
    const api = await serve(createApp({ config, client, log, register: register.app }), { port: httpPort, host: '127.0.0.1' });
    cleanups.push(() => api.stop());

    const tokens = await testTokens(config);

    let stopped: Promise<void> | undefined;
    return {
      baseUrl,
      config,
      client,
      env,
      tokens,
      mail: mailBox(inboxUrl),
      inboxUrl,
      register,
      oidc,
      stop: () => (stopped ??= stop()),
    };
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
}

// -------------------------------------------------------------------------------------------------
// Helpers over mails, links and pages.

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every approval link (`${baseUrl}/a/<token>`) in a mail's plain text, in order, without duplicates. */
export function approvalLinks(mail: Pick<CaughtMail, 'text'>, baseUrl: string): string[] {
  const re = new RegExp(`${escapeRegExp(baseUrl)}/a/[A-Za-z0-9_\\-.]+`, 'g');
  const found = (mail.text ?? '').match(re) ?? [];
  return [...new Set(found.map((u) => u.replace(/\.+$/, '')))];
}

export function approvalLink(mail: Pick<CaughtMail, 'text'>, baseUrl: string): string {
  const links = approvalLinks(mail, baseUrl);
  if (links.length !== 1) throw new Error(`expected one approval link in the mail, found ${links.length}:\n${mail.text}`);
  return links[0]!;
}

/** Every http(s) URL in a mail (text and HTML), for a scanner that fetches them all. */
export function allUrls(mail: Pick<CaughtMail, 'text' | 'html'>): string[] {
  const text = `${mail.text ?? ''}\n${(mail.html ?? '').replace(/&amp;/g, '&')}`;
  return [...new Set((text.match(/https?:\/\/[^\s"'<>]+/g) ?? []).map((u) => u.replace(/[.,;:)]+$/, '')))];
}

export function tokenOf(link: string): string {
  return link.slice(link.lastIndexOf('/a/') + 3);
}

export function recipients(m: CaughtMail): string[] {
  return m.to.map((t) => t.address.toLowerCase());
}

export function header(m: CaughtMail, name: string): string | undefined {
  const key = Object.keys(m.headers ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key ? m.headers[key] : undefined;
  return Array.isArray(v) ? String(v[0]) : v;
}

/** The hidden `form` value of an approval page. */
export function formValue(html: string): string {
  const m = /<input type="hidden" name="form" value="([^"]+)">/.exec(html);
  if (!m) throw new Error('the page has no hidden form value');
  return m[1]!;
}

/** Plain text of a page, entities decoded, whitespace (and no-break spaces) collapsed. */
export function pageText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

export interface Answered {
  status: number;
  headers: Headers;
  text: string;
  json: <T = unknown>() => T;
}

/** A JSON API call with a bearer token. `body` is sent as JSON unless it is already a string. */
export async function api(stack: Pick<Stack, 'baseUrl'>, method: string, pathname: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answered> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${stack.baseUrl}${pathname}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
    redirect: 'manual',
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
}

export const grantPath = (caseNumber: string) => `/api/grants/${encodeURIComponent(caseNumber)}`;

/** GET of a page (an approval link), as a mail client or a scanner would. */
export async function getPage(url: string, opts: { method?: 'GET' | 'HEAD'; headers?: Record<string, string> } = {}): Promise<Answered> {
  const res = await fetch(url, { method: opts.method ?? 'GET', headers: opts.headers, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
}

/** A form POST to an approval link, as the page's form would send it. */
export async function postForm(url: string, fields: Record<string, string | undefined>, headers: Record<string, string> = {}): Promise<Answered> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) body.set(k, v);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: body.toString(), redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
}

/** A case number nobody else in this run uses. */
export function uniqueCase(prefix = 'E2E'): string {
  return `${prefix}/${Math.floor(Math.random() * 90000) + 10000}/${new Date().getFullYear()}`;
}
