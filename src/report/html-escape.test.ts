import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, paragraphs } from './html-escape.js';

describe('escapeHtml', () => {
  it('replaces the five special characters by entities', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('leaves no < > " \' and only entity ampersands, and round-trips through unescaping', () => {
    const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", 'a', ' ', ';', '#', 'l', 't') }), (s) => {
        const out = escapeHtml(s);
        expect(out).not.toMatch(/[<>"']/);
        expect(out).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
        expect(unescape(out)).toBe(s);
      }),
    );
  });
});

describe('paragraphs', () => {
  it('splits on blank lines, keeps single newlines as <br>, escapes the text', () => {
    expect(paragraphs('one <b>\ntwo\n\n  three  ')).toBe('<p>one &lt;b&gt;<br>two</p>\n<p>three</p>');
  });
});
