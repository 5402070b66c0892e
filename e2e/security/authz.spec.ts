import { expect, test, type APIRequestContext } from "../test";

import { emulator } from "../helpers";
import type { EmuState } from "../my-invitations.helpers";

import { callAction, clientFor, expectNoTokens, upstream, writes, type ActionRef } from "./actions";
import {
  COURSES,
  MATRIX,
  OPERATIONS,
  OTHERS_INVITATION,
  OWN_INVITATION,
  OWNER_INVITEE,
  ROLES,
  type Cell,
  type CourseKey,
  type Outcome,
  type RoleName,
} from "./authz-matrix";

// Every cell of the authorization matrix against the running app. Route handlers
// and server actions are called directly (no UI), with each role's real session. Where the
// app itself denies, the emulator's request log must show no Classroom call for that request.

const INV = "lib/actions/invitations.ts";
const JOBS = "lib/actions/jobs.ts";
const MY = "lib/actions/my-invitations.ts";
const A = (file: string, name: string): ActionRef => ({ file, name });

let seed: EmuState;
const clients = new Map<RoleName, APIRequestContext>();
/** teacherA's job (a one-row revoke of an invitation that doesn't exist), finished before any cell. */
let othersJobId = "";

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  await emulator.reset({ profile: "hostile" });
  seed = await emulator.call<EmuState>("GET", "/state");
  const creator = await clientFor(browser, ROLES.teacherA);
  clients.set("teacherA", creator);
  const c = await callAction(creator, A(JOBS, "createRevokeJobAction"), [
    { invitations: [{ id: "999999999999", courseId: course("A").id, userId: user(OTHERS_INVITATION.A).id }] },
  ]);
  othersJobId = (c.result as { data: { jobId: string } }).data.jobId;
  await finishedRow(creator, othersJobId);
});
test.afterAll(async () => {
  for (const c of clients.values()) await c.dispose();
});

const user = (email: string) => {
  const u = seed.users.find((x) => x.email === email);
  if (!u) throw new Error(`no user ${email}`);
  return u;
};
const course = (key: CourseKey) => {
  const c = seed.courses.find((x) => x.name === COURSES[key].name && x.section === COURSES[key].section);
  if (!c) throw new Error(`no course ${key}`);
  return c;
};
const invitationOf = (email: string, courseId: string) => {
  const i = seed.invitations.find((x) => x.userId === user(email).id && x.courseId === courseId);
  if (!i) throw new Error(`no invitation for ${email} in ${courseId}`);
  return i;
};
/** A domain student who is neither on the roster nor invited: a create that can succeed. */
const outsider = (courseId: string) => {
  const c = seed.courses.find((x) => x.id === courseId)!;
  const u = seed.users.find(
    (x) =>
      /^[a-z]+\.[a-z]+@northwood\.edu$/.test(x.email) &&
      !x.disabled &&
      !x.isAdmin &&
      !c.studentIds.includes(x.id) &&
      !c.teacherIds.includes(x.id) &&
      !seed.invitations.some((i) => i.userId === x.id) &&
      !seed.courses.some((k) => k.teacherIds.includes(x.id)),
  );
  if (!u) throw new Error("no outsider");
  return u.email;
};
const ownRef = (actor: RoleName) => {
  // Anonymous callers try the invited student's invitation.
  const role: RoleName = actor === "anonymous" ? "invitedStudent" : actor;
  const own = OWN_INVITATION[role]!;
  const c = seed.courses.find(
    (x) =>
      x.name === own.course && seed.invitations.some((i) => i.courseId === x.id && i.userId === user(ROLES[role]!).id),
  )!;
  const inv = invitationOf(ROLES[role]!, c.id);
  return { invitationId: inv.id, courseId: c.id, role: inv.role };
};
const othersRef = (key: CourseKey) => {
  const c = course(key);
  const inv = invitationOf(OTHERS_INVITATION[key], c.id);
  return { invitationId: inv.id, courseId: c.id, role: inv.role };
};

type Observed = { outcome: Outcome | `unexpected: ${string}`; body: string };

function fromStatus(status: number, body: string): Observed {
  const map: Record<number, Outcome> = { 200: "ok", 401: "signed_out", 403: "forbidden" };
  return { outcome: map[status] ?? `unexpected: HTTP ${status}`, body };
}

type R = { ok?: boolean; data?: unknown; error?: { code?: string } };
function fromResult(
  status: number,
  text: string,
  result: unknown,
  pick?: (data: unknown) => R | undefined,
  noop?: (data: unknown) => boolean,
): Observed {
  if (status !== 200 || !result || typeof result !== "object")
    return { outcome: `unexpected: HTTP ${status} ${text.slice(0, 200)}`, body: text };
  const r = result as R;
  const classify = (x: R): Outcome =>
    x.ok
      ? "ok"
      : x.error?.code === "SIGNED_OUT"
        ? "signed_out"
        : x.error?.code === "FORBIDDEN"
          ? "forbidden"
          : "refused";
  if (!r.ok) return { outcome: classify(r), body: text };
  if (noop?.(r.data)) return { outcome: "noop", body: text };
  const row = pick?.(r.data);
  return { outcome: row ? classify(row) : "ok", body: text };
}

const firstRow = (data: unknown) => (data as { results: R[] }).results[0];

/** A one-row job's row once the job has stopped (its Classroom calls are then all in the log). */
async function finishedRow(
  api: APIRequestContext,
  jobId: string,
): Promise<{ state: string; errorCode: string | null }> {
  for (let i = 0; i < 120; i++) {
    const res = await api.get(`/api/jobs/${jobId}`);
    const body = (await res.json()) as { job: { state: string }; items: { state: string; errorCode: string | null }[] };
    if (!["queued", "running", "waiting"].includes(body.job.state)) return body.items[0]!;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`job ${jobId} did not finish`);
}

async function run(cell: Cell, api: APIRequestContext): Promise<Observed> {
  const t = cell.target;
  const courseKey = (["A", "B", "CO", "CALC"] as const).find((k) => k === t);
  const courseId = courseKey ? course(courseKey).id : "";
  switch (cell.op) {
    case "listByCourse": {
      const res = await api.get(`/api/invitations?courseId=${courseId}`);
      return fromStatus(res.status(), await res.text());
    }
    case "listByUser": {
      // Hostile extra parameters are ignored: it is always the caller's own list.
      const res = await api.get(`/api/my-invitations?userId=${encodeURIComponent(ROLES.invitedStudent)}`);
      return fromStatus(res.status(), await res.text());
    }
    case "get": {
      const res = await api.get(`/api/courses/${courseId}`);
      return fromStatus(res.status(), await res.text());
    }
    case "export": {
      const res = await api.get(`/api/invitations/export?course=${courseId}`);
      return fromStatus(res.status(), await res.text());
    }
    case "activity": {
      const res = await api.get(`/api/activity`);
      return fromStatus(res.status(), await res.text());
    }
    case "jobsList": {
      const res = await api.get("/api/jobs");
      const text = await res.text();
      const observed = fromStatus(res.status(), text);
      if (observed.outcome !== "ok") return observed;
      // Only its creator and admins may see the job among theirs.
      const seesIt = text.includes(othersJobId);
      const may = cell.role === "teacherA" || cell.role === "admin";
      return seesIt === may ? observed : { outcome: `unexpected: sees another's job: ${seesIt}`, body: text };
    }
    case "jobRead": {
      const res = await api.get(`/api/jobs/${othersJobId}`);
      const text = await res.text();
      // Someone else's job answers as if it didn't exist.
      return res.status() === 404 ? { outcome: "forbidden", body: text } : fromStatus(res.status(), text);
    }
    case "jobControl": {
      const c = await callAction(api, A(JOBS, "controlJobAction"), [{ jobId: othersJobId, action: "pause" }]);
      const observed = fromResult(c.status, c.text, c.result);
      if (observed.outcome !== "ok") return observed;
      const data = (c.result as { data: { changed: boolean; message?: string } }).data;
      if (data.changed) return observed;
      return { outcome: /not yours/i.test(data.message ?? "") ? "forbidden" : "noop", body: c.text };
    }
    case "create": {
      const c = await callAction(api, A(INV, "createInvitationAction"), [
        { email: outsider(courseId), courseId, role: "STUDENT" },
      ]);
      return fromResult(c.status, c.text, c.result);
    }
    case "createOwner": {
      const c = await callAction(api, A(INV, "createInvitationAction"), [
        { email: OWNER_INVITEE[courseKey!], courseId, role: "OWNER" },
      ]);
      return fromResult(c.status, c.text, c.result);
    }
    case "bulkPreview": {
      const c = await callAction(api, A(INV, "previewBulkInviteAction"), [
        { rows: [{ line: 2, email: outsider(courseId), course: courseId, role: "STUDENT" }] },
      ]);
      return fromResult(c.status, c.text, c.result);
    }
    case "bulkCreate": {
      // A bulk invite is a job: the action creates it, the row's outcome is the job's answer.
      const c = await callAction(api, A(JOBS, "createInviteJobAction"), [
        { rows: [{ email: outsider(courseId), courseId, role: "STUDENT" }] },
      ]);
      const created = fromResult(c.status, c.text, c.result);
      if (created.outcome !== "ok") return created;
      const item = await finishedRow(api, (c.result as { data: { jobId: string } }).data.jobId);
      return {
        outcome: item.state === "done" ? "ok" : item.errorCode === "FORBIDDEN" ? "forbidden" : "refused",
        body: c.text + JSON.stringify(item),
      };
    }
    case "revoke": {
      const c = await callAction(api, A(INV, "revokeInvitationsAction"), [
        { ids: [othersRef(courseKey!).invitationId] },
      ]);
      return fromResult(c.status, c.text, c.result, firstRow);
    }
    case "changeRole": {
      const ref = othersRef(courseKey!);
      const c = await callAction(api, A(INV, "changeRoleAction"), [
        {
          invitationId: ref.invitationId,
          courseId,
          userId: OTHERS_INVITATION[courseKey!],
          fromRole: "STUDENT",
          toRole: "TEACHER",
        },
      ]);
      return fromResult(c.status, c.text, c.result);
    }
    case "accept": {
      const ref = t === "own" ? ownRef(cell.role) : othersRef("A");
      const c = await callAction(api, A(MY, "acceptInvitationAction"), [ref]);
      return fromResult(c.status, c.text, c.result);
    }
    case "acceptAll": {
      const ref = t === "own" ? ownRef(cell.role) : othersRef("B");
      const c = await callAction(api, A(MY, "acceptAllInvitationsAction"), [{ invitations: [ref] }]);
      return fromResult(c.status, c.text, c.result, firstRow);
    }
    case "decline": {
      const ref = t === "own" ? ownRef(cell.role) : othersRef("B");
      const c = await callAction(api, A(MY, "declineInvitationAction"), [{ invitationId: ref.invitationId }]);
      return fromResult(
        c.status,
        c.text,
        c.result,
        undefined,
        (d) => (d as { outcome?: string }).outcome === "already_gone",
      );
    }
  }
}

const MUTATING = new Set([
  "create",
  "createOwner",
  "bulkCreate",
  "revoke",
  "changeRole",
  "accept",
  "acceptAll",
  "decline",
]);

test("the matrix covers every operation and every role", () => {
  for (const op of OPERATIONS)
    expect(
      MATRIX.some((c) => c.op === op),
      op,
    ).toBe(true);
  for (const role of Object.keys(ROLES)) expect(MATRIX.filter((c) => c.role === role).length, role).toBeGreaterThan(20);
});

for (const role of Object.keys(ROLES) as RoleName[]) {
  test.describe(`as ${role}`, () => {
    test.beforeAll(async ({ browser }) => {
      test.setTimeout(90_000);
      if (!clients.has(role)) clients.set(role, await clientFor(browser, ROLES[role]));
    });

    for (const cell of MATRIX.filter((c) => c.role === role)) {
      test(`${cell.op} × ${cell.target} → ${cell.expect} (upstream: ${cell.upstream})`, async () => {
        const api = clients.get(role)!;
        if (MUTATING.has(cell.op)) await emulator.reset({ profile: "hostile" });
        const before = (await emulator.call<EmuState>("GET", "/state")).invitations.map((i) => i.id).sort();
        await upstream.clear();

        const observed = await run(cell, api);
        const log = await upstream.log();
        expectNoTokens(observed.body, `${role} ${cell.op}`);
        expect(observed.outcome, observed.body.slice(0, 400)).toBe(cell.expect);

        const calls = log.map((r) => `${r.method} ${r.path} (${r.email})`);
        if (cell.upstream === "none")
          expect(calls, "the app denied, so Classroom must not have been called").toEqual([]);
        if (cell.upstream === "reads")
          expect(
            writes(log).map((r) => `${r.method} ${r.path}`),
            "no Classroom write",
          ).toEqual([]);
        if (cell.upstream === "refused") {
          expect(
            writes(log)
              .filter((r) => r.status < 400)
              .map((r) => `${r.method} ${r.path} ${r.status}`),
            "no write Classroom accepted",
          ).toEqual([]);
        }
        // Every Classroom call carried the acting user's own token (no confused deputy).
        if (ROLES[role]) for (const r of log) expect(r.email, `${r.method} ${r.path}`).toBe(ROLES[role]);

        if (cell.expect !== "ok") {
          const after = (await emulator.call<EmuState>("GET", "/state")).invitations.map((i) => i.id).sort();
          expect(after, "a denied operation changed nothing").toEqual(before);
        }
      });
    }
  });
}
