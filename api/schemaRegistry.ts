/**
 * The named schemas of the OpenAPI document: every schema registered here with an id becomes
 * components.schemas[id] and is referenced by `$ref` wherever it occurs (also inside other
 * schemas, e.g. CaseNumber inside GrantPlan). A registry of its own (not zod's global one, which
 * `.meta()` writes to): registering here changes nothing else.
 */
import { z } from 'zod';

export interface SchemaMeta {
  /** With an id the schema becomes a component; without, the entry only adds its description. */
  id?: string;
  title?: string;
  description?: string;
  format?: string;
  examples?: unknown[];
}

export const schemaRegistry = z.registry<SchemaMeta>();
/** Ids of objects that only describe path or query parameters; they do not become components. */
export const parameterObjects = new Set<string>();

export function named<T extends z.ZodType>(schema: T, meta: SchemaMeta & { id: string }): T {
  if (schemaRegistry.has(schema)) schemaRegistry.remove(schema);
  schemaRegistry.add(schema, meta);
  return schema;
}

/** Metadata for an unnamed schema. */
export function described<T extends z.ZodType>(schema: T, description: string, extra: Omit<SchemaMeta, 'id' | 'description'> = {}): T {
  if (schemaRegistry.has(schema)) schemaRegistry.remove(schema);
  schemaRegistry.add(schema, { description, ...extra });
  return schema;
}

export function parameters<T extends z.ZodObject>(schema: T, id: string): T {
  parameterObjects.add(id);
  return named(schema, { id });
}

/** The id of a registered schema (a route's body or answer must be one). */
export function idOf(schema: z.ZodType): string {
  const id = schemaRegistry.get(schema)?.id;
  if (!id) throw new Error('a schema used by a route is not registered: give it an id with named()');
  return id;
}

/** Compile-time check that a view's zod shape names exactly the fields its function returns. */
export type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : { missing: Exclude<keyof A, keyof B>; extra: Exclude<keyof B, keyof A> };

export const Instant = described(z.string(), 'An instant (ISO 8601, UTC).', { format: 'date-time' });
