import { escapeHtml } from './escape.js';
import { STYLE } from './style.js';

/** A page's parts: its title, its body and the script it runs, if any. */
export interface PageInput {
  readonly title: string;
  readonly body: string;
  readonly script?: string;
}

/**
 * Without scripts a trace's steps cannot be clicked: the page shows each step and its changes in a
 * list instead (as printed), and no hint to click.
 */
const NO_SCRIPT = '<noscript><style>ol.printsteps{display:block}.hint{display:none}</style></noscript>';

/**
 * One self-contained HTML document: style and script inline, no font, image or script from the
 * network, and a content security policy that forbids fetching anything else from elsewhere.
 */
export function htmlPage(page: PageInput): string {
  const csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; connect-src 'self'; form-action 'self'";
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta name="generator" content="pika-mc"><title>${escapeHtml(page.title)}</title>` +
    `<style>${STYLE}</style>${page.script ? NO_SCRIPT : ''}</head><body><main>${page.body}</main>` +
    (page.script ? `<script>${page.script.replace(/<\/script/gi, '<\\/script')}</script>` : '') +
    '</body></html>\n'
  );
}
