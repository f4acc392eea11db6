import { describe, expect, it } from 'vitest';
import { mentionedEmails, renderMarkdown } from './render-markdown.ts';

/**
 * Nothing in the HTML would run script or fetch from elsewhere if it reached a page. Text is
 * escaped (`<` as `&#x3C;`), so the real tags are exactly those starting with a literal `<`.
 */
function expectInert(html: string) {
  const tags = html.match(/<[a-zA-Z][^>]*>/g) ?? [];
  for (const tag of tags) {
    const name = /^<([a-zA-Z0-9]+)/.exec(tag)![1].toLowerCase();
    expect(['a', 'p', 'em', 'strong', 'code', 'pre', 'img', 'span', 'ul', 'ol', 'li', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'del', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'details', 'summary', 'div', 'input', 'sup', 'section']).toContain(name);
    // rehype-stringify always double-quotes values (a quote inside is &#x22;), so this reads every attribute.
    for (const [, attribute, value = ''] of tag.matchAll(/\s([^\s=>"]+)(?:="([^"]*)")?/g)) {
      expect(attribute.toLowerCase(), tag).not.toMatch(/^on|^style$|^srcdoc$|^formaction$/);
      if (/^(href|src|cite|action)$/i.test(attribute)) expect(value.trim(), tag).not.toMatch(/^(javascript|vbscript|data|file):/i);
    }
    if (name === 'img') expect(tag).toMatch(/src="\/api\/artifacts\/[^".]/);
    if (name === 'input') expect(tag).toMatch(/type="checkbox"/);
  }
}

// Payloads from the usual XSS cheat sheets, in Markdown and in raw HTML.
const payloads = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](  javascript:alert(1))',
  '[click](java\tscript:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<javascript:alert(1)>',
  '![x](javascript:alert(1))',
  '![x](https://evil.example/track.png)',
  '![x](//evil.example/track.png)',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![x](/api/artifacts/../auth/signout)',
  '[a](https://ok.example "title\\" onmouseover=\\"alert(1)")',
  '<details open ontoggle=alert(1)>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<form action="javascript:alert(1)"><input type=submit></form>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<base href="javascript:/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '```html\n<script>alert(1)</script>\n```',
  '`<img src=x onerror=alert(1)>`',
  '[x]: javascript:alert(1)\n\n[link][x]',
  '<a href="https://ok.example" onclick="alert(1)">ok</a>',
  '"><img src=x onerror=alert(1)>',
];

describe('renderMarkdown', () => {
  it.each(payloads)('renders %j inert', (payload) => {
    expectInert(renderMarkdown(payload));
  });

  it('shows raw HTML as text instead of dropping or rendering it', () => {
    expect(renderMarkdown('<b>bold</b> and <script>alert(1)</script>')).toContain('&#x3C;b>bold&#x3C;/b>');
  });

  it('renders ordinary Markdown: emphasis, lists, code, tables, links', () => {
    const html = renderMarkdown('**lr** went from *0.1* to `0.01`\n\n- a\n- b\n\n| k | v |\n|---|---|\n| acc | 0.9 |\n\n[docs](https://example.org/x)');
    expect(html).toContain('<strong>lr</strong>');
    expect(html).toContain('<em>0.1</em>');
    expect(html).toContain('<code>0.01</code>');
    expect(html).toContain('<li>a</li>');
    expect(html).toContain('<td>0.9</td>');
    expect(html).toContain('<a href="https://example.org/x" rel="nofollow noopener noreferrer" target="_blank">docs</a>');
  });

  it('keeps images served by Cairn and turns any other image into a link', () => {
    expect(renderMarkdown('![roc](/api/artifacts/0123456789abcdef0123456789abcdef/roc.png)')).toContain(
      '<img src="/api/artifacts/0123456789abcdef0123456789abcdef/roc.png" alt="roc">',
    );
    const foreign = renderMarkdown('![pixel](https://evil.example/p.png)');
    expect(foreign).not.toContain('<img');
    expect(foreign).toContain('<a href="https://evil.example/p.png"');
  });

  it('renders mentions of members as mentions and of anybody else as plain text', () => {
    const members = new Map([['ada@example.com', 'Ada Lovelace']]);
    const html = renderMarkdown('@ada@example.com look, and @eve@evil.example too; mail ada@example.com', members);
    expect(html).toContain('<span class="mention" data-mention="ada@example.com">@Ada Lovelace</span> look');
    expect(html).toContain('and @eve@evil.example too');
    expect(html).not.toContain('mailto:eve');
    // Not a mention: an address without the @ in front stays an email link.
    expect(html).toContain('<a href="mailto:ada@example.com">ada@example.com</a>');
  });

  it('escapes a member name that looks like HTML', () => {
    const html = renderMarkdown('@ada@example.com', new Map([['ada@example.com', '<img src=x onerror=alert(1)>']]));
    expectInert(html);
    expect(html).toContain('@&#x3C;img');
  });
});

describe('mentionedEmails', () => {
  it('finds @<email> mentions, lower-cased and unique, outside code', () => {
    expect(mentionedEmails('Hi @Ada@Example.com and (@bob.x@ex.co), @ada@example.com again, `@carl@c.io`, me@x.io, a@@b.io')).toEqual([
      'ada@example.com',
      'bob.x@ex.co',
    ]);
    expect(mentionedEmails('```\n@carl@c.io\n```')).toEqual([]);
  });
});
