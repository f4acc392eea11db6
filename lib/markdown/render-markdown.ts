// Markdown for comments and run notes, rendered the same way everywhere (pages, GraphQL's
// bodyHtml, notification emails) by remark/rehype, and sanitized as a syntax tree by
// rehype-sanitize (GitHub's rules) rather than by string surgery:
//  - raw HTML is never rendered: it is shown as the text it is;
//  - links keep only http, https and mailto targets (no javascript:, data:, vbscript:...);
//  - images only from Cairn itself (its artifact downloads, `/api/artifacts/...`); any other
//    image becomes a plain link, so nothing is fetched from elsewhere when a page opens;
//  - `@<email>` of a team member renders as a mention; of anybody else, as plain text.
// Pure JavaScript: the browser uses it too (editor preview).
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Link, Parent, PhrasingContent, Root as MdastRoot, Text } from 'mdast';
import rehypeSanitize, { defaultSchema, type Options as Schema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit, SKIP } from 'unist-util-visit';

/** Where Cairn serves images people may embed (a run's artifacts). */
export const CAIRN_IMAGE_PATH = '/api/artifacts/';

/** Lower-cased email -> display name of the team members a text mentions. */
export type MentionedMembers = ReadonlyMap<string, string>;

const schema: Schema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    span: [...(defaultSchema.attributes?.span ?? []), ['className', 'mention'], 'dataMention'],
  },
  // Images reaching the sanitizer are Cairn paths (relative): no protocol is needed for them.
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'], src: [], cite: ['http', 'https'], longDesc: [] },
};

/** A `@` mention: text ending in `@` (at a word boundary) right before an autolinked email whose text is the address. */
function mentionAt(parent: Parent, index: number): { email: string; before: Text } | null {
  const before = parent.children[index - 1];
  const link = parent.children[index];
  if (!before || before.type !== 'text' || link.type !== 'link') return null;
  if (!/(^|[^\w@.])@$/.test(before.value)) return null;
  const [only] = link.children;
  if (link.children.length !== 1 || only.type !== 'text') return null;
  if (link.url.toLowerCase() !== `mailto:${only.value.toLowerCase()}`) return null;
  return { email: only.value.toLowerCase(), before };
}

/** Every `@<email>` mention in a Markdown text (lower-cased, unique, in order); code spans and blocks never mention. */
export function mentionedEmails(source: string): string[] {
  const processor = unified().use(remarkParse).use(remarkGfm);
  const tree = processor.runSync(processor.parse(source)) as MdastRoot;
  const found: string[] = [];
  visit(tree, 'link', (node, index, parent) => {
    if (parent && index !== undefined) {
      const mention = mentionAt(parent, index);
      if (mention && !found.includes(mention.email)) found.push(mention.email);
    }
  });
  return found;
}

/** Mentions of members become mention spans, of anybody else plain text; raw HTML becomes text. */
function remarkCairn(options: { mentions: MentionedMembers }) {
  return (tree: MdastRoot) => {
    visit(tree, 'html', (node, index, parent) => {
      if (!parent || index === undefined) return;
      (parent.children as unknown[])[index] = { type: 'text', value: node.value } satisfies Text;
    });
    visit(tree, 'link', (node: Link, index, parent) => {
      if (!parent || index === undefined) return;
      const mention = mentionAt(parent, index);
      if (!mention) return;
      mention.before.value = mention.before.value.slice(0, -1);
      const name = options.mentions.get(mention.email);
      const replacement: PhrasingContent = name
        ? ({
            type: 'text',
            value: `@${name}`,
            data: { hName: 'span', hProperties: { className: ['mention'], dataMention: mention.email } },
          } as Text)
        : { type: 'text', value: `@${mention.email}` };
      parent.children[index] = replacement;
      return [SKIP, index + 1];
    });
  };
}

const isCairnImage = (src: unknown) => typeof src === 'string' && src.startsWith(CAIRN_IMAGE_PATH) && !src.includes('..');
const isAbsoluteHttp = (href: unknown) => typeof href === 'string' && /^https?:\/\//i.test(href);

/** Before sanitizing: an image from anywhere but Cairn becomes a link to it (which the sanitizer then checks like any link). */
function rehypeOnlyCairnImages() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'img' || isCairnImage(node.properties.src) || !parent || index === undefined) return;
      const src = node.properties.src;
      const label = String(node.properties.alt || src || 'image');
      const replacement: ElementContent =
        typeof src === 'string' && src
          ? { type: 'element', tagName: 'a', properties: { href: src }, children: [{ type: 'text', value: label }] }
          : { type: 'text', value: label };
      parent.children[index] = replacement;
    });
  };
}

/** After sanitizing: outside links open in a new tab, without access to this page and without a referrer. */
function rehypeSafeLinks() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'a' && isAbsoluteHttp(node.properties.href)) {
        node.properties.rel = ['nofollow', 'noopener', 'noreferrer'];
        node.properties.target = '_blank';
      }
    });
  };
}

/** Safe HTML for a Markdown text. `mentions`: the members it may mention (others mention nobody). */
export function renderMarkdown(source: string, mentions: MentionedMembers = new Map()): string {
  return String(
    unified()
      .use(remarkParse)
      .use(remarkGfm)
      .use(remarkCairn, { mentions })
      .use(remarkRehype)
      .use(rehypeOnlyCairnImages)
      .use(rehypeSanitize, schema)
      .use(rehypeSafeLinks)
      .use(rehypeStringify)
      .processSync(source),
  );
}
