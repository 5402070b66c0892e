/**
 * The authorization matrix, as data (OWASP "Authorization Testing Automation").
 * Every role × operation × target, with the outcome the app must give. `authz.spec.ts` runs
 * each cell against the running app, calling route handlers and server actions directly.
 *
 * Outcomes
 * - ok          the operation succeeds (HTTP 200 / `ok: true` / every bulk row sent)
 * - signed_out  HTTP 401 / `SIGNED_OUT`
 * - forbidden   HTTP 403 / `FORBIDDEN` (for a bulk job: its row is refused with FORBIDDEN)
 * - refused     any typed failure decided by Classroom (e.g. accepting someone else's invitation)
 * - noop        `ok` but nothing changes: decline of an invitation that isn't yours
 *
 * Upstream (what the emulator's request log may show for that one request)
 * - none   no Classroom call at all: the app decided alone, from the session and role
 * - reads  Classroom was read (e.g. "does this teacher teach that class?") but nothing written
 * - refused a write was sent and Classroom refused it (only the invitee may accept: Classroom's
 *          own rule, the app cannot know whose an invitation id is without asking)
 * - any    writes expected (the allowed mutations)
 *
 * The seed (emulator demo school, same ids on every reset):
 * - course A = Algebra I (Period 1), owned by teacher@; course B = Chemistry, owned by teacher2@;
 *   course CO = Robotics Club, owned by teacher2@ and co-taught by newteacher@.
 * - invA / invB / invCO: a pending STUDENT invitation of someone else in A / B / CO.
 * - own: the acting user's own pending invitation (only invitees have one).
 */

export const ROLES = {
  anonymous: null,
  student: "noah.silva@northwood.edu", // in Algebra I P1, no pending invitation
  invitedStudent: "student@northwood.edu", // pending STUDENT invitation to AP Calculus AB
  teacherA: "teacher@northwood.edu", // owns course A
  teacherB: "teacher2@northwood.edu", // owns course B (and CO)
  coTeacher: "newteacher@northwood.edu", // co-teaches CO; also invited (TEACHER) to course A
  admin: "admin@northwood.edu",
  external: "guest@riverside-academy.org", // other domain; pending TEACHER invitation to course B
} as const;
export type RoleName = keyof typeof ROLES;

export const COURSES = {
  A: { name: "Algebra I", section: "Period 1" },
  B: { name: "Chemistry", section: "Period 2" },
  CO: { name: "Robotics Club", section: "After school" },
  /** AP Calculus AB: owned by teacher@, co-taught by teacher2@ (the co-teacher rule for OWNER invitations). */
  CALC: { name: "AP Calculus AB", section: "Period 5" },
} as const;
export type CourseKey = keyof typeof COURSES;

/** Someone else's pending STUDENT invitation in each course (invitee's email). */
export const OTHERS_INVITATION = {
  A: "daniel.mwangi@northwood.edu",
  B: "mohammed.ortiz@northwood.edu",
  CO: "darius.ito@northwood.edu",
  CALC: "liam.singh@northwood.edu",
} as const;

/** Whom an OWNER invitation is for: a current co-teacher of the class (Classroom's rule). */
export const OWNER_INVITEE: Partial<Record<CourseKey, string>> = {
  CALC: "teacher2@northwood.edu",
  CO: "newteacher@northwood.edu", // already has a pending OWNER invitation there
};

/** The acting user's own pending invitation (course key or course name). */
export const OWN_INVITATION: Partial<Record<RoleName, { course: string }>> = {
  invitedStudent: { course: "AP Calculus AB" },
  coTeacher: { course: "Algebra I" },
  external: { course: "Chemistry" },
};

export const OPERATIONS = [
  "listByCourse", // GET /api/invitations?courseId=
  "listByUser", // GET /api/my-invitations (always the caller: no user parameter exists)
  "get", // GET /api/courses/{id}
  "create", // createInvitationAction
  "createOwner", // createInvitationAction with role OWNER (only the owner or an admin)
  "bulkPreview", // previewBulkInviteAction
  "bulkCreate", // createInviteJobAction, then the job's row
  "revoke", // revokeInvitationsAction
  "changeRole", // changeRoleAction
  "accept", // acceptInvitationAction
  "acceptAll", // acceptAllInvitationsAction
  "decline", // declineInvitationAction
  "export", // GET /api/invitations/export?course=
  "activity", // GET /api/activity
  "jobsList", // GET /api/jobs: one's own jobs, every job for an admin
  "jobRead", // GET /api/jobs/{id} of teacherA's job
  "jobControl", // controlJobAction (pause) on teacherA's job
] as const;
export type Operation = (typeof OPERATIONS)[number];

/** othersJob: a job created by teacherA (a one-row revoke, finished before the cells run). */
export type Target = CourseKey | "self" | "own" | "othersA" | "othersB" | "othersJob";
export type Outcome = "ok" | "signed_out" | "forbidden" | "refused" | "noop";
export type Upstream = "none" | "reads" | "refused" | "any";
export type Cell = { role: RoleName; op: Operation; target: Target; expect: Outcome; upstream: Upstream };

/** Which targets each operation is tried on. */
export const TARGETS: Record<Operation, Target[]> = {
  listByCourse: ["A", "B"],
  listByUser: ["self"],
  get: ["A", "B"],
  create: ["A", "B", "CO"],
  createOwner: ["CALC", "CO"],
  bulkPreview: ["A"],
  bulkCreate: ["A", "B"],
  revoke: ["A", "B", "CO"],
  changeRole: ["A", "B"],
  accept: ["own", "othersA"],
  acceptAll: ["own", "othersB"],
  decline: ["own", "othersB"],
  export: ["A", "B"],
  activity: ["self"],
  jobsList: ["self"],
  jobRead: ["othersJob"],
  jobControl: ["othersJob"],
};

type Row = Partial<Record<`${Operation}:${Target}`, [Outcome, Upstream]>>;

const DENY_ALL_ANON: Row = {};
const studentRow: Row = {
  "listByCourse:A": ["forbidden", "none"],
  "listByCourse:B": ["forbidden", "none"],
  "listByUser:self": ["ok", "any"],
  "get:A": ["forbidden", "none"],
  "get:B": ["forbidden", "none"],
  "create:A": ["forbidden", "none"],
  "create:B": ["forbidden", "none"],
  "create:CO": ["forbidden", "none"],
  "createOwner:CALC": ["forbidden", "none"],
  "createOwner:CO": ["forbidden", "none"],
  "bulkPreview:A": ["forbidden", "none"],
  "bulkCreate:A": ["forbidden", "none"],
  "bulkCreate:B": ["forbidden", "none"],
  "revoke:A": ["forbidden", "none"],
  "revoke:B": ["forbidden", "none"],
  "revoke:CO": ["forbidden", "none"],
  "changeRole:A": ["forbidden", "none"],
  "changeRole:B": ["forbidden", "none"],
  // Only the invitee may accept: Classroom says no, nothing changes (also for a class the caller
  // is already in: finding F2, fixed, used to answer "already a member" and log an "ok").
  "accept:othersA": ["refused", "refused"],
  "acceptAll:othersB": ["refused", "refused"],
  // Decline acts only on the caller's own list ("me"): someone else's id is a no-op.
  "decline:othersB": ["noop", "reads"],
  "export:A": ["forbidden", "none"],
  "export:B": ["forbidden", "none"],
  "activity:self": ["forbidden", "none"],
  // No jobs for students: not even a look at someone else's (found or not, the answer is the same).
  "jobsList:self": ["forbidden", "none"],
  "jobRead:othersJob": ["forbidden", "none"],
  "jobControl:othersJob": ["forbidden", "none"],
};
const invitee: Row = { "accept:own": ["ok", "any"], "acceptAll:own": ["ok", "any"], "decline:own": ["ok", "any"] };

/** A teacher of `mine` (owner) who is not a teacher of `theirs`. */
function teacherRow(mine: CourseKey, theirs: CourseKey, coTaughtIsMine: boolean): Row {
  const r: Row = {
    "listByUser:self": ["ok", "any"],
    "bulkPreview:A": ["ok", "any"],
    "accept:othersA": ["refused", "refused"],
    "acceptAll:othersB": ["refused", "refused"],
    "decline:othersB": ["noop", "reads"],
    "activity:self": ["ok", "any"],
    // Their own jobs only: another teacher's job is not found, and can't be steered.
    "jobsList:self": ["ok", "any"],
    "jobRead:othersJob": ["forbidden", "none"],
    "jobControl:othersJob": ["forbidden", "none"],
  };
  for (const [key, isMine] of [
    [mine, true],
    [theirs, false],
  ] as const) {
    const allowed = (o: Outcome = "ok"): [Outcome, Upstream] => (isMine ? [o, "any"] : ["forbidden", "reads"]);
    if (key === "A" || key === "B") {
      r[`listByCourse:${key}`] = allowed();
      r[`get:${key}`] = allowed();
      r[`export:${key}`] = allowed();
      r[`bulkCreate:${key}`] = allowed();
      r[`changeRole:${key}`] = allowed();
    }
    r[`create:${key}`] = allowed();
    r[`revoke:${key}`] = allowed();
  }
  const co: [Outcome, Upstream] = coTaughtIsMine ? ["ok", "any"] : ["forbidden", "reads"];
  r["create:CO"] = co;
  r["revoke:CO"] = co;
  return r;
}

/** The creator, or an admin: sees the job; a pause of a finished job changes nothing. */
const jobSteerer: Row = { "jobRead:othersJob": ["ok", "any"], "jobControl:othersJob": ["noop", "none"] };

const teacherA: Row = {
  ...teacherRow("A", "B", false),
  ...jobSteerer,
  "createOwner:CALC": ["ok", "any"], // owner of CALC
  "createOwner:CO": ["forbidden", "reads"],
};
const teacherB: Row = {
  ...teacherRow("B", "A", true),
  // Co-teacher of CALC, not its owner: we refuse before Classroom would.
  "createOwner:CALC": ["forbidden", "reads"],
  // Owner of CO: allowed by us; Classroom refuses (an OWNER invitation is already pending there).
  "createOwner:CO": ["refused", "any"],
};

/** newteacher@: co-teacher of CO (not its owner), teaches nothing else; invited to A as TEACHER. */
const coTeacher: Row = {
  ...teacherRow("B", "A", true),
  // Not a teacher of B at all.
  "listByCourse:B": ["forbidden", "reads"],
  "get:B": ["forbidden", "reads"],
  "export:B": ["forbidden", "reads"],
  "create:B": ["forbidden", "reads"],
  "bulkCreate:B": ["forbidden", "reads"],
  "revoke:B": ["forbidden", "reads"],
  "changeRole:B": ["forbidden", "reads"],
  // A co-teacher may invite students but not a new owner (Classroom's rule, checked by us first).
  "create:CO": ["ok", "any"],
  "createOwner:CO": ["forbidden", "reads"],
  "createOwner:CALC": ["forbidden", "reads"],
  "revoke:CO": ["ok", "any"],
  "accept:othersA": ["refused", "refused"],
  "acceptAll:othersB": ["refused", "refused"],
  ...invitee,
};

const admin: Row = {
  ...teacherRow("A", "B", true),
  ...jobSteerer,
  "listByCourse:B": ["ok", "any"],
  "get:B": ["ok", "any"],
  "export:B": ["ok", "any"],
  "create:B": ["ok", "any"],
  "bulkCreate:B": ["ok", "any"],
  "revoke:B": ["ok", "any"],
  "changeRole:B": ["ok", "any"],
  "createOwner:CALC": ["ok", "any"],
  "createOwner:CO": ["refused", "any"],
  "accept:othersA": ["refused", "refused"],
  "acceptAll:othersB": ["refused", "refused"],
};

/**
 * guest@riverside-academy.org: another school's teacher, who teaches none of our classes. Google
 * lets the account create classes, but that is no evidence of teaching here: the app gives them
 * the least privilege, so every class-scoped operation is refused before any Classroom call.
 */
const external: Row = { ...studentRow, ...invitee };

const ROWS: Record<RoleName, Row> = {
  anonymous: DENY_ALL_ANON,
  student: studentRow,
  invitedStudent: { ...studentRow, ...invitee },
  teacherA,
  teacherB,
  coTeacher,
  admin,
  external,
};

/** The whole matrix: every role × operation × target. A missing entry is a test failure. */
export const MATRIX: Cell[] = (Object.keys(ROLES) as RoleName[]).flatMap((role) =>
  OPERATIONS.flatMap((op) =>
    TARGETS[op].flatMap((target): Cell[] => {
      if (role === "anonymous") return [{ role, op, target, expect: "signed_out", upstream: "none" }];
      if (target === "own" && !OWN_INVITATION[role]) return [];
      const e = ROWS[role][`${op}:${target}`];
      if (!e) throw new Error(`authz matrix: no expectation for ${role} × ${op} × ${target}`);
      return [{ role, op, target, expect: e[0], upstream: e[1] }];
    }),
  ),
);
