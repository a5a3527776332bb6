/** Server-sanitised content HTML (service.sanitize.ts: a strict whitelist), shown as it will be read; apart from the editor so that readers do not load it. */
export function ContentHtml({ html }: { html: string }) {
  return <div className="rich-text-body" data-testid="content-html" dangerouslySetInnerHTML={{ __html: html }} />;
}
