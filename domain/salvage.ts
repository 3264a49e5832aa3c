/**
 * What can still be read of a value that fails its schema: so a plan's business checks (sums,
 * dates, rules; ./planChecks) can run beside its structural problems and one answer names both.
 *
 * Objects keep the fields that parse (an optional field that fails is left out, a defaulted one
 * takes its default); arrays keep the items that parse; a required field that fails makes its
 * object fail in turn. The result is only for checks: it is never kept or started.
 */
import { z } from 'zod';

type Salvaged = { ok: true; value: unknown } | { ok: false };
const FAIL: Salvaged = { ok: false };

export function salvage(schema: z.ZodType, input: unknown): Salvaged {
  const whole = schema.safeParse(input);
  if (whole.success) return { ok: true, value: whole.data };
  if (schema instanceof z.ZodOptional) {
    const inner = salvage(schema.unwrap() as z.ZodType, input);
    return inner.ok ? inner : { ok: true, value: undefined };
  }
  if (schema instanceof z.ZodDefault) {
    const inner = salvage(schema.unwrap() as z.ZodType, input);
    return inner.ok ? inner : { ok: true, value: schema.parse(undefined) };
  }
  if (schema instanceof z.ZodObject && input !== null && typeof input === 'object' && !Array.isArray(input)) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      const part = salvage(field, (input as Record<string, unknown>)[key]);
      if (!part.ok) return FAIL;
      if (part.value !== undefined) out[key] = part.value;
    }
    return { ok: true, value: out };
  }
  if (schema instanceof z.ZodArray && Array.isArray(input)) {
    const items = input.map((item) => salvage(schema.element as z.ZodType, item)).filter((r) => r.ok);
    return { ok: true, value: items.map((r) => (r as { value: unknown }).value) };
  }
  return FAIL;
}
