/**
 * Hand-built Google batch requests (multipart/mixed of application/http parts),
 * written from https://developers.google.com/workspace/classroom/best-practices/batch.
 * The Node client has no batch support, so the suite builds the wire format itself.
 */

export interface BatchPart {
  method: string;
  /** Path only ("full URLs are not allowed"), e.g. /v1/courses/123 */
  path: string;
  contentId?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface BatchResponsePart {
  contentId: string | undefined;
  partHeaders: Record<string, string>;
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  body: unknown;
}

export function buildBatchBody(parts: BatchPart[], boundary = "batch_" + Math.random().toString(36).slice(2)) {
  const CRLF = "\r\n";
  let out = "";
  for (const p of parts) {
    out += `--${boundary}${CRLF}`;
    out += `Content-Type: application/http${CRLF}`;
    out += `Content-Transfer-Encoding: binary${CRLF}`;
    if (p.contentId) out += `Content-ID: <${p.contentId}>${CRLF}`;
    out += CRLF;
    out += `${p.method} ${p.path} HTTP/1.1${CRLF}`;
    const headers = { ...(p.headers ?? {}) };
    let payload = "";
    if (p.body !== undefined) {
      payload = typeof p.body === "string" ? p.body : JSON.stringify(p.body);
      headers["Content-Type"] ??= "application/json; charset=UTF-8";
      headers["Content-Length"] ??= String(Buffer.byteLength(payload));
    }
    for (const [k, v] of Object.entries(headers)) out += `${k}: ${v}${CRLF}`;
    out += CRLF;
    if (payload) out += payload + CRLF;
  }
  out += `--${boundary}--${CRLF}`;
  return { body: out, contentType: `multipart/mixed; boundary=${boundary}` };
}

function parseHeaderBlock(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}

function splitHead(text: string): [string, string] {
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return [text, ""];
  return [text.slice(0, m.index), text.slice(m.index + m[0].length)];
}

export function parseBatchResponse(contentType: string, raw: string): BatchResponsePart[] {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!m) throw new Error(`no boundary in content-type: ${contentType}`);
  const boundary = m[1] ?? m[2]!;
  const chunks = raw.split(`--${boundary}`);
  const parts: BatchResponsePart[] = [];
  for (const chunk of chunks.slice(1)) {
    if (chunk.startsWith("--")) break; // closing delimiter
    const trimmed = chunk.replace(/^\r?\n/, "");
    const [partHead, http] = splitHead(trimmed);
    const partHeaders = parseHeaderBlock(partHead);
    const [respHead, bodyRaw] = splitHead(http);
    const [statusLine, ...headerLines] = respHead.split(/\r?\n/);
    const sm = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(statusLine ?? "");
    if (!sm) throw new Error(`bad status line in batch part: ${JSON.stringify(statusLine)}`);
    const bodyText = bodyRaw.replace(/\r?\n$/, "");
    let body: unknown = undefined;
    if (bodyText.trim()) {
      try {
        body = JSON.parse(bodyText);
      } catch {
        body = bodyText;
      }
    }
    const cid = partHeaders["content-id"];
    parts.push({
      contentId: cid ? cid.replace(/^<|>$/g, "") : undefined,
      partHeaders,
      status: Number(sm[1]),
      headers: parseHeaderBlock(headerLines.join("\n")),
      bodyText,
      body,
    });
  }
  return parts;
}

export async function sendBatch(
  url: string,
  token: string | undefined,
  parts: BatchPart[],
  extraHeaders: Record<string, string> = {},
) {
  const { body, contentType } = buildBatchBody(parts);
  const res = await fetch(url + "/batch", {
    method: "POST",
    headers: {
      "content-type": contentType,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...extraHeaders,
    },
    body,
  });
  const text = await res.text();
  const ct = res.headers.get("content-type") ?? "";
  return {
    status: res.status,
    contentType: ct,
    text,
    parts: res.status === 200 && /multipart\/mixed/i.test(ct) ? parseBatchResponse(ct, text) : [],
  };
}
