/** Mail as sent: the purpose's template (./purposes) laid out as plain text and as HTML. */
import type { MailRequest } from '../../workflows/grant/contract';
import { composeMail, type Block } from './purposes';
import { escapeHtml } from '../../common/html';

export { escapeHtml };

const T = {
  sv: {
    open: 'Öppna beslutsunderlaget och svara',
    linkNote: 'Länken är personlig. Att öppna den ändrar ingenting; du svarar med knapparna på sidan.',
    expires: (d: string) => `Länken gäller till ${d}.`,
    footer: 'Skickat av grantflow. Svara inte på detta meddelande.',
    greeting: (n: string) => (n ? `Hej ${n},` : 'Hej,'),
  },
  en: {
    open: 'Open the decision basis and answer',
    linkNote: 'The link is personal. Opening it changes nothing; you answer with the buttons on the page.',
    expires: (d: string) => `The link is valid until ${d}.`,
    footer: 'Sent by grantflow. Do not reply to this message.',
    greeting: (n: string) => (n ? `Hello ${n},` : 'Hello,'),
  },
};

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

function blockText(b: Block): string {
  if (typeof b === 'string') return b;
  if ('list' in b) return b.list.map((l) => `– ${l}`).join('\n');
  const width = Math.max(...b.table.map(([k]) => k.length));
  return b.table.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v}`).join('\n');
}

function blockHtml(b: Block): string {
  if (typeof b === 'string') return `<p>${escapeHtml(b)}</p>`;
  if ('list' in b) return `<ul>${b.list.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`;
  return `<table role="presentation" style="border-collapse:collapse">${b.table
    .map(([k, v]) => `<tr><th scope="row" style="text-align:left;padding:.15rem 1rem .15rem 0;font-weight:600">${escapeHtml(k)}</th><td style="text-align:right;padding:.15rem 0">${escapeHtml(v)}</td></tr>`)
    .join('')}</table>`;
}

export function renderMail(m: MailRequest, link?: { url: string; expires: string }): RenderedMail {
  const t = T[m.lang];
  const { subject, blocks } = composeMail(m);
  const greeting = t.greeting(m.to.length === 1 ? m.to[0]!.name : '');
  const textParts = [greeting, '', ...blocks.flatMap((b) => [blockText(b), ''])];
  if (link) textParts.push(`${t.open}:`, link.url, '', t.linkNote, t.expires(link.expires), '');
  textParts.push('--', `${m.caseNumber} · ${m.title}`, t.footer);
  const text = textParts.join('\n');

  const html = `<!doctype html>
<html lang="${m.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:40rem;margin:auto;padding:1rem;color:#1b1b1b">
<p>${escapeHtml(greeting)}</p>
${blocks.map(blockHtml).join('\n')}
${
  link
    ? `<p><a href="${escapeHtml(link.url)}" style="display:inline-block;background:#0b5cad;color:#fff;padding:.7rem 1.1rem;border-radius:.3rem;text-decoration:none">${escapeHtml(t.open)}</a></p>
<p style="font-size:.9rem;color:#444">${escapeHtml(t.linkNote)} ${escapeHtml(t.expires(link.expires))}</p>`
    : ''
}
<hr><p style="font-size:.8rem;color:#666">${escapeHtml(m.caseNumber)} · ${escapeHtml(m.title)}<br>${escapeHtml(t.footer)}</p>
</body></html>`;
  return { subject, text, html };
}
