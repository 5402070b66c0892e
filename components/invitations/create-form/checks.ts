import { MAX_DIRECT_ADD } from "@/lib/actions/invitations.limits";
import { emailProblem } from "@/lib/bulk/email";
import { countText } from "@/lib/format/count";
import { domainRefusedText } from "@/lib/invitation-messages";
import { domainRefusal, emailDomain, type JoinSetting } from "@/lib/domain-policy";

import type { AddressNote } from "../address-box";

export type Mode = "invite" | "add";

/** The box holds one /batch request's worth of addresses; longer lists go through Bulk invite. */
export const MAX_ADDRESSES = MAX_DIRECT_ADD;

const OUTSIDE_INVITE = "Classroom will ask them to accept, and either school's Classroom settings may refuse them.";
const OUTSIDE_CANT_ADD =
  "Outside your domain: Classroom only lets you add people of your own domain directly. Send an invitation instead.";

/** What the form knows when it judges an address. */
export type AddressContext = {
  /** Per-address refusals from the last multi-address send. */
  refusals: ReadonlyMap<string, string>;
  /** The sender's school's domains; empty when unknown (then no address is marked outside). */
  ownDomains: readonly string[];
  mode: Mode;
  joinSetting: JoinSetting | null;
};

/** What the form says about one address as it stands: a problem, a refusal, or an outside-domain warning. */
export function addressNote(address: string, { refusals, ownDomains, mode, joinSetting }: AddressContext): AddressNote {
  const problem = emailProblem(address);
  if (problem) return { tone: "error", text: problem };
  const refused = refusals.get(address);
  if (refused) return { tone: "error", text: refused };
  const domain = emailDomain(address) ?? "";
  if (ownDomains.length === 0 || ownDomains.includes(domain)) return null;
  if (mode === "add") return { tone: "error", text: OUTSIDE_CANT_ADD };
  const refusal = domainRefusal(address, joinSetting);
  if (refusal) return { tone: "warning", text: domainRefusedText(refusal), confirm: true };
  return { tone: "warning", text: `Outside your domain (${domain}): ${OUTSIDE_INVITE}` };
}

/** The email field's error: none given, too many, or the addresses that can't be used. */
export function emailFieldError(
  all: readonly string[],
  blocking: readonly (readonly [string, AddressNote])[],
): string | undefined {
  if (all.length === 0) return "Enter an email address.";
  if (all.length > MAX_ADDRESSES)
    return `At most ${MAX_ADDRESSES} addresses at once. Use Bulk invite for longer lists.`;
  if (blocking.length === 1 && all.length === 1) return blocking[0]![1]!.text;
  if (blocking.length)
    return `${countText(blocking.length, "address", "addresses")} can't be used: fix or remove ${blocking.length === 1 ? "it" : "them"}.`;
  return undefined;
}
