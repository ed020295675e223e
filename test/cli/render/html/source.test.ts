import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml } from '../../../../cli/render/html/escape.js';
import { sourceHtml, sourceText } from '../../../../cli/render/html/source.js';

describe('code references in HTML', () => {
  it('a plain string is text, a URL string is a link', () => {
    assert.equal(sourceHtml('src/pika_db.cc DB::InitBgsaveEngine'), '<code class="src" title="src/pika_db.cc DB::InitBgsaveEngine">src/pika_db.cc DB::InitBgsaveEngine</code>');
    assert.match(sourceHtml('https://github.com/x/y/blob/v1/a.cc#L3'), /^<a class="src" href="https:\/\/github.com\/x\/y\/blob\/v1\/a.cc#L3"/);
  });

  it('a structured reference reads as file:lines function @ version and links to its url', () => {
    const ref = { file: 'src/pika_command.cc', function: 'Cmd::DoBinlog', lines: [812, 840], version: 'v4.0.0', url: 'https://example.org/pika#L812' };
    assert.equal(sourceText(ref), 'src/pika_command.cc:812-840 Cmd::DoBinlog @ v4.0.0');
    assert.match(sourceHtml(ref), /<a class="src" href="https:\/\/example.org\/pika#L812"[^>]*>src\/pika_command.cc:812-840 Cmd::DoBinlog @ v4.0.0<\/a>/);
  });

  it('never links anything but http(s), and escapes what a spec writes', () => {
    assert.doesNotMatch(sourceHtml({ file: 'a.c', url: 'javascript:alert(1)' }), /href/);
    assert.equal(sourceHtml('<img src=x onerror=alert(1)>').includes('<img'), false);
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });
});
