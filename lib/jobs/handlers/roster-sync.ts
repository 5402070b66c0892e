import "server-only";

import type { ItemOp } from "../store";
import type { Handler } from "./handler";
import { invite } from "./invite";
import { addMember, removeMember } from "./members";
import { recreate } from "./recreate";
import { revoke } from "./revoke";

/**
 * A committed roster sync (lib/roster): one job whose items each name their operation, each
 * run by that operation's own handler, so a sync has exactly the guarantees of a bulk invite,
 * revoke, change of role, direct add or removal. Removals and revokes go first (they free
 * places), then role changes, direct adds and invites; a step that must wait (the daily cap)
 * leaves the rest pending for the next round.
 */
const ORDER: readonly ItemOp[] = ["remove", "revoke", "change-role", "add", "invite"];
const BY_OP: Record<ItemOp, Handler> = {
  invite,
  revoke,
  "change-role": recreate,
  add: addMember,
  remove: removeMember,
};
const opOf = (item: { op: ItemOp | null }): ItemOp => item.op ?? "invite";

export const rosterSync: Handler = {
  async send(ctx, items) {
    for (const op of ORDER) {
      const mine = items.filter((i) => opOf(i) === op);
      if (mine.length === 0) continue;
      const step = await BY_OP[op].send(ctx, mine);
      if (step.kind !== "next") return step;
    }
    return { kind: "next" };
  },

  async reconcile(ctx, items) {
    let settled: "ok" | "unreachable" = "ok";
    for (const op of ORDER) {
      const mine = items.filter((i) => opOf(i) === op);
      if (mine.length > 0 && (await BY_OP[op].reconcile(ctx, mine)) === "unreachable") settled = "unreachable";
    }
    return settled;
  },
};
