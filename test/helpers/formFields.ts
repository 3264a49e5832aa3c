/** What a browser sends for a server-rendered form, read from its HTML without a browser (unit tests of the workbench's forms). */
const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** What a browser sends for the form: inputs, selected options, textareas. */
export function submitted(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input [^>]*name="([^"]+)"[^>]*>/g)) out[decode(m[1]!)] = decode(/value="([^"]*)"/.exec(m[0])?.[1] ?? '');
  for (const m of html.matchAll(/<textarea [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[decode(m[1]!)] = decode(m[2]!);
  for (const m of html.matchAll(/<select [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const sel = /<option value="([^"]*)" selected>/.exec(m[2]!) ?? /<option value="([^"]*)"/.exec(m[2]!);
    out[decode(m[1]!)] = decode(sel?.[1] ?? '');
  }
  return out;
}
