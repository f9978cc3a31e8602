// The corpus file format: JSONL, one JSON string (one document) per line, UTF-8, LF line ends.
// Newlines inside documents are escaped by JSON, so splitting on "\n" is safe in Node and in the
// browser (fetch → text → parseJsonl). Pure (no node: imports).

export function toJsonl(docs: readonly string[]): string {
  return docs.length === 0 ? '' : `${docs.map((d) => JSON.stringify(d)).join('\n')}\n`;
}

export function parseJsonl(text: string, label = 'corpus'): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') {
      if (i === lines.length - 1) break;
      throw new Error(`${label}: empty line ${i + 1} (documents are one JSON string per line)`);
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${label}: line ${i + 1} is not valid JSON`);
    }
    if (typeof value !== 'string') throw new Error(`${label}: line ${i + 1} is not a JSON string`);
    out.push(value);
  }
  return out;
}
