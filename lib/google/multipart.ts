// The multipart/mixed codec of Classroom's `POST /batch`
// (https://developers.google.com/workspace/classroom/best-practices/batch): pure functions that
// encode the request body and split the response into its embedded HTTP responses.

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type QueryValue = string | number | boolean | readonly (string | number | boolean)[] | null | undefined;

export interface BatchRequest {
  method: HttpMethod;
  /** Path only, e.g. `/v1/userProfiles/me`: "full URLs are not allowed" in parts. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
}

const CRLF = "\r\n";

/** Shaped like Google's example `<item1:12930812@classroom.example.com>`. */
export function contentIdFor(idPrefix: string, index: number): string {
  return `<item${index}:${idPrefix}@classroom-dashboard>`;
}

export function indexFromContentId(contentId: string | undefined, idPrefix: string): number | undefined {
  if (!contentId) return undefined;
  // Responses echo the id as `<response-ORIGINAL>`.
  const bare = contentId
    .trim()
    .replace(/^<|>$/g, "")
    .replace(/^response-/, "");
  const m = /^item(\d+):(.*)@classroom-dashboard$/.exec(bare);
  if (!m || m[2] !== idPrefix) return undefined;
  return Number(m[1]);
}

export function buildPath(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    // Repeated parameters, as the generated client sends them (the generated client uses `arrayFormat: "repeat"`).
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes("?") ? "&" : "?"}${qs}` : path;
}

/** The multipart/mixed body for one batch call. */
export function encodeBatch(requests: readonly BatchRequest[], boundary: string, idPrefix: string): string {
  let out = "";
  requests.forEach((request, i) => {
    if (!request.path.startsWith("/")) throw new Error(`batch: part path must start with "/": ${request.path}`);
    out += `--${boundary}${CRLF}`;
    out += `Content-Type: application/http${CRLF}`;
    out += `Content-Transfer-Encoding: binary${CRLF}`;
    out += `Content-ID: ${contentIdFor(idPrefix, i)}${CRLF}${CRLF}`;
    out += `${request.method} ${buildPath(request.path, request.query)} HTTP/1.1${CRLF}`;
    if (request.body !== undefined) {
      const json = JSON.stringify(request.body);
      out += `Content-Type: application/json; charset=UTF-8${CRLF}`;
      out += `Content-Length: ${new TextEncoder().encode(json).length}${CRLF}${CRLF}`;
      out += `${json}${CRLF}`;
    } else {
      out += CRLF;
    }
  });
  out += `--${boundary}--${CRLF}`;
  return out;
}

/** The boundary parameter of a Content-Type header, quoted or not (RFC 2046 §5.1.1). */
export function boundaryOf(contentType: string | null | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(contentType);
  const raw = m?.[1] ?? m?.[2];
  return raw?.replace(/\\(.)/g, "$1");
}

export interface ParsedPart {
  contentId?: string;
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, the raw text if not JSON, or undefined when empty. */
  body: unknown;
}

/**
 * Splits a multipart/mixed batch response into its embedded HTTP responses. Accepts CRLF or bare
 * LF line ends, ignores preamble and epilogue, and tolerates a missing close delimiter.
 */
export function parseBatchResponse(text: string, boundary: string): ParsedPart[] {
  const lines = text.split(/\r?\n/);
  const open = `--${boundary}`;
  const close = `--${boundary}--`;
  const rawParts: string[][] = [];
  let current: string[] | undefined;
  for (const line of lines) {
    const trimmed = line.trimEnd(); // transport padding after a delimiter is allowed (RFC 2046)
    if (trimmed === close) {
      if (current) rawParts.push(current);
      current = undefined;
      break;
    }
    if (trimmed === open) {
      if (current) rawParts.push(current);
      current = [];
      continue;
    }
    current?.push(line);
  }
  if (current) rawParts.push(current);
  return rawParts.map(parsePart);
}

function parsePart(lines: string[]): ParsedPart {
  const { headers: mimeHeaders, rest } = splitHeaders(lines);
  // The embedded response: status line, headers, blank line, body.
  const statusIndex = rest.findIndex((l) => l.trim() !== "");
  const statusLine = statusIndex >= 0 ? rest[statusIndex]! : "";
  const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(statusLine.trim());
  const status = m ? Number(m[1]) : 0;
  const { headers, rest: bodyLines } = splitHeaders(rest.slice(statusIndex + 1));
  return {
    contentId: mimeHeaders["content-id"],
    status,
    headers,
    body: parseBody(bodyLines.join("\n")),
  };
}

function splitHeaders(lines: string[]): { headers: Record<string, string>; rest: string[] } {
  const headers: Record<string, string> = {};
  let i = 0;
  let last: string | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") {
      i++;
      break;
    }
    if (/^[ \t]/.test(line) && last) {
      headers[last] += ` ${line.trim()}`; // obsolete header folding
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    headers[last] = line.slice(colon + 1).trim();
  }
  return { headers, rest: lines.slice(i) };
}

export function parseBody(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
}
