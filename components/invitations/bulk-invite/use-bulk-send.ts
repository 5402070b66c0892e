"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";

import { sendBulkInvitesAction } from "@/lib/actions/invitations";
import { DEFAULT_SEND_CHUNK } from "@/lib/actions/invitations.limits";
import type { BulkSendRow, BulkSendRowResult } from "@/lib/actions/invitations.schemas";
import { callAction } from "@/lib/query/call-action";
import { queryKeys } from "@/lib/query/keys";

export type SendState = "idle" | "sending" | "cancelled" | "done";

export type RowOutcome =
  { state: "sent"; result: BulkSendRowResult } | { state: "failed"; result: BulkSendRowResult } | { state: "not_sent" };

const STOP_CODES = new Set(["SIGNED_OUT", "REAUTH_REQUIRED", "UNAUTHENTICATED"]);

export type RunSummary = { sent: number; failed: number; notSent: number; stopped: boolean };

/**
 * Sends rows in chunks (one server action call and one Classroom /batch request each), so the
 * page can show progress and stop between chunks. A chunk that fails as a whole marks its rows
 * failed and the run goes on: bad rows never stop or lose good ones. Running it again with the
 * rows that failed or were never sent re-sends exactly those, under the same batch id.
 *
 * `cancel` stops before the next chunk (`stopping` until the one in flight has answered);
 * `reset` abandons a run altogether: answers still in flight are then dropped, never written
 * over a newer preview.
 */
export function useBulkSend(chunkSize = DEFAULT_SEND_CHUNK) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SendState>("idle");
  const [outcomes, setOutcomes] = useState<Map<number, RowOutcome>>(new Map());
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const [stopping, setStopping] = useState(false);
  const cancelRef = useRef(false);
  const batchIdRef = useRef<string | null>(null);
  /** Bumped by every run and reset: a run whose generation is gone writes nothing more. */
  const generationRef = useRef(0);

  /** Resolves to null when the run was abandoned by `reset`. */
  const run = useCallback(
    async (rows: BulkSendRow[]): Promise<RunSummary | null> => {
      if (rows.length === 0) return { sent: 0, failed: 0, notSent: 0, stopped: false };
      const generation = ++generationRef.current;
      batchIdRef.current ??= crypto.randomUUID();
      const batchId = batchIdRef.current;
      cancelRef.current = false;
      setStopping(false);
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
        const res = await callAction(() => sendBulkInvitesAction({ batchId, rows: chunk }));
        if (generationRef.current !== generation) return null;
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
          for (const r of results)
            next.set(r.line, r.ok ? { state: "sent", result: r } : { state: "failed", result: r });
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
      setStopping(false);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.invitations() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.activity() }),
      ]);
      return { sent, failed, notSent: rows.length - done, stopped };
    },
    [chunkSize, queryClient],
  );

  const cancel = useCallback(() => {
    cancelRef.current = true;
    setStopping(true);
  }, []);

  const reset = useCallback(() => {
    generationRef.current++;
    cancelRef.current = true;
    batchIdRef.current = null;
    setOutcomes(new Map());
    setProgress({ done: 0, total: 0 });
    setStopping(false);
    setState("idle");
  }, []);

  return { state, outcomes, progress, stopping, run, cancel, reset };
}
