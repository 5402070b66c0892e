"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";

import { sendBulkInvitesAction } from "@/lib/actions/invitations";
import { DEFAULT_SEND_CHUNK } from "@/lib/actions/invitations.limits";
import type { BulkSendRow, BulkSendRowResult } from "@/lib/actions/invitations.schemas";
import { queryKeys } from "@/lib/query/keys";

export type SendState = "idle" | "sending" | "cancelled" | "done";

export type RowOutcome =
  | { state: "sent"; result: BulkSendRowResult }
  | { state: "failed"; result: BulkSendRowResult }
  | { state: "not_sent" };

const STOP_CODES = new Set(["SIGNED_OUT", "REAUTH_REQUIRED"]);

/**
 * Sends rows in chunks (one server action call and one Classroom /batch request each), so the
 * page can show progress and stop between chunks. A chunk that fails as a whole marks its rows
 * failed and the run goes on: bad rows never stop or lose good ones. `retry` re-sends exactly
 * the rows that failed or were never sent, under the same batch id.
 */
export function useBulkSend(chunkSize = DEFAULT_SEND_CHUNK) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SendState>("idle");
  const [outcomes, setOutcomes] = useState<Map<number, RowOutcome>>(new Map());
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const cancelRef = useRef(false);
  const batchIdRef = useRef<string | null>(null);

  const run = useCallback(
    async (rows: BulkSendRow[]): Promise<{ sent: number; failed: number; stopped: boolean }> => {
      if (rows.length === 0) return { sent: 0, failed: 0, stopped: false };
      batchIdRef.current ??= crypto.randomUUID();
      const batchId = batchIdRef.current;
      cancelRef.current = false;
      setState("sending");
      setProgress({ done: 0, total: rows.length });
      setOutcomes((prev) => {
        const next = new Map(prev);
        for (const r of rows) next.set(r.line, { state: "not_sent" });
        return next;
      });

      let done = 0;
      let stopped = false;
      let sent = 0;
      let failed = 0;
      for (let i = 0; i < rows.length; i += chunkSize) {
        if (cancelRef.current) {
          stopped = true;
          break;
        }
        const chunk = rows.slice(i, i + chunkSize);
        const res = await sendBulkInvitesAction({ batchId, rows: chunk }).catch(() => ({
          ok: false as const,
          error: { code: "NETWORK", message: "We couldn't reach the server. Check the connection, then retry the failed rows." },
        }));
        const results: BulkSendRowResult[] = res.ok
          ? res.data.results
          : chunk.map((r) => ({
              line: r.line,
              email: r.email,
              courseId: r.courseId,
              role: r.role,
              ok: false,
              error: { code: res.error.code, message: res.error.message },
              retryable: true,
            }));
        for (const r of results) {
          if (r.ok) sent++;
          else failed++;
        }
        setOutcomes((prev) => {
          const next = new Map(prev);
          for (const r of results) next.set(r.line, r.ok ? { state: "sent", result: r } : { state: "failed", result: r });
          return next;
        });
        done += chunk.length;
        setProgress({ done, total: rows.length });
        if (!res.ok && STOP_CODES.has(res.error.code)) {
          stopped = true;
          break;
        }
      }
      setState(stopped ? "cancelled" : "done");
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.invitations() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.activity() }),
      ]);
      return { sent, failed, stopped };
    },
    [chunkSize, queryClient],
  );

  const cancel = useCallback(() => {
    cancelRef.current = true;
  }, []);

  const reset = useCallback(() => {
    cancelRef.current = true;
    batchIdRef.current = null;
    setOutcomes(new Map());
    setProgress({ done: 0, total: 0 });
    setState("idle");
  }, []);

  return { state, outcomes, progress, run, cancel, reset };
}
