// Markdown rendered by lib/markdown (sanitized as a syntax tree there: no raw HTML, safe
// links, images only from Cairn), shown as is.
export function MarkdownView({ html, testId }: { html: string; testId?: string }) {
  return <div className="markdown" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}
