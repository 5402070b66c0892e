/**
 * `POST /batch` (docs/classroom-api.md §7): a multipart/mixed body of `application/http` parts, each a full
 * HTTP request with a path-only URL. Answered 200 multipart/mixed, one `application/http`
 * part per request in request order, `Content-ID: <response-…>` echoed. Parts run
 * sequentially (Google "might perform your calls in any order"; order is simplest to test).
 */
import { randomBytes } from "node:crypto";
import { STATUS_CODES } from "node:http";
import { classroomCall, errorResponse, type CallRequest, type CallResponse } from "./classroom/api";
import type { Emulator } from "./emulator";
import { ApiError, badRequest } from "./errors";
import { sleep } from "./http";

export const MAX_BATCH_PARTS = 50;

interface BatchPart {
  contentId?: string;
  request: CallRequest;
}

function parseHeaders(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const i = line.indexOf(":");
    if (i <= 0) throw badRequest("Malformed header in batch part.");
    out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

function splitHead(text: string): [string, string] {
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return [text, ""];
  return [text.slice(0, m.index), text.slice(m.index + m[0].length)];
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/mixed\b/i.test(contentType.trim())) return undefined;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

/** Throws ApiError(INVALID_ARGUMENT) for anything malformed or over the 50-part limit (A, docs/classroom-api.md §10). */
export function parseBatch(body: string, boundary: string): BatchPart[] {
  const delimiter = `--${boundary}`;
  const segments = body.split(delimiter);
  const parts: BatchPart[] = [];
  let closed = false;
  for (const raw of segments.slice(1)) {
    if (raw.startsWith("--")) {
      closed = true;
      break;
    }
    const segment = raw.replace(/^\r?\n/, "").replace(/\r?\n$/, "");
    const [outerHead, inner] = splitHead(segment);
    const outer = parseHeaders(outerHead);
    if (!/^application\/http\b/i.test(outer["content-type"] ?? "")) {
      throw badRequest("Each batch part must have Content-Type: application/http.");
    }
    const [innerHead, innerBody] = splitHead(inner.replace(/^\s*\r?\n/, ""));
    const [requestLine = "", ...headerLines] = innerHead.split(/\r?\n/);
    const m = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/\d(?:\.\d)?)?\s*$/.exec(requestLine.trim());
    if (!m) throw badRequest("Malformed request line in batch part.");
    let target = m[2] as string;
    // Google requires path-only URLs; accept absolute ones by keeping just the path (A, lenient).
    if (/^https?:\/\//i.test(target)) {
      const u = new URL(target);
      target = u.pathname + u.search;
    }
    if (!target.startsWith("/")) target = `/${target}`;
    const part: BatchPart = {
      request: {
        method: m[1] as string,
        target,
        headers: parseHeaders(headerLines.join("\n")),
        body: innerBody.replace(/\r?\n$/, ""),
      },
    };
    const cid = outer["content-id"];
    if (cid) part.contentId = cid.replace(/^<|>$/g, "");
    parts.push(part);
    if (parts.length > MAX_BATCH_PARTS) {
      throw badRequest(`A batch request may contain at most ${MAX_BATCH_PARTS} calls.`);
    }
  }
  if (!closed) throw badRequest("Malformed multipart body: missing closing boundary.");
  if (parts.length === 0) throw badRequest("A batch request must contain at least one call.");
  return parts;
}

function renderPart(res: CallResponse): string {
  const statusText = STATUS_CODES[res.status] ?? "";
  const headers = { ...res.headers, "Content-Length": String(Buffer.byteLength(res.body)) };
  const headerText = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n");
  return `HTTP/1.1 ${res.status} ${statusText}\r\n${headerText}\r\n\r\n${res.body}`;
}

export interface BatchResult {
  status: number;
  headers: Record<string, string>;
  body: string;
  drop: boolean;
}

export async function handleBatch(
  emu: Emulator,
  contentType: string | undefined,
  body: string,
  outerHeaders: Record<string, string | undefined>,
  outerQuery: URLSearchParams,
): Promise<BatchResult> {
  const boundary = boundaryOf(contentType);
  let parts: BatchPart[];
  try {
    if (!boundary) throw badRequest("A batch request must be multipart/mixed with a boundary.");
    parts = parseBatch(body, boundary);
  } catch (e) {
    const res = errorResponse(e instanceof ApiError ? e : new ApiError("INVALID_ARGUMENT"));
    emu.logRequest({ method: "POST", path: "/batch", email: null, status: res.status, at: new Date().toISOString() });
    return { ...res, drop: false };
  }

  // Outer headers other than Content-* apply to every part unless the part overrides them (docs/classroom-api.md §7).
  const inherited: Record<string, string> = {};
  for (const [k, v] of Object.entries(outerHeaders)) {
    if (v !== undefined && !k.startsWith("content-") && k !== "host" && k !== "connection") inherited[k] = v;
  }
  const outerToken = outerQuery.get("access_token");
  if (!inherited["authorization"] && outerToken) inherited["authorization"] = `Bearer ${outerToken}`;

  const out = `batch_${randomBytes(12).toString("base64url")}`;
  const chunks: string[] = [];
  let drop = false;
  for (const part of parts) {
    if (emu.config.perPartLatencyMs) await sleep(emu.config.perPartLatencyMs);
    const res = await classroomCall(emu, { ...part.request, headers: { ...inherited, ...part.request.headers } });
    drop ||= res.drop;
    const cid = part.contentId ? `Content-ID: <response-${part.contentId}>\r\n` : "";
    chunks.push(`--${out}\r\nContent-Type: application/http\r\n${cid}\r\n${renderPart(res)}\r\n`);
  }
  chunks.push(`--${out}--\r\n`);
  return {
    status: 200,
    headers: { "Content-Type": `multipart/mixed; boundary=${out}`, Vary: "Origin, X-Origin, Referer" },
    body: chunks.join(""),
    drop,
  };
}
