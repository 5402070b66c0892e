/** Builders shared by the demo and large seeds. */
import { Store, domainOf, type Course, type CourseState, type Role, type User, type UserKind } from "../state";

export interface PersonSpec {
  email: string;
  givenName: string;
  familyName: string;
  kind: UserKind;
  isAdmin?: boolean;
  disabled?: boolean;
  atGroupsLimit?: boolean;
  featured?: boolean;
  consumer?: boolean;
  primaryDomain?: string;
  emailVerified?: boolean;
  /** Another person under the same seed position: an id of their own (apps cache people by id). */
  ownId?: boolean;
}

/** A different id of the same shape, drawn without consuming the seed's sequence. */
const otherId = (id: string) => `${(Number(id[0]) % 9) + 1}${id.slice(1)}`;

export function addPerson(store: Store, p: PersonSpec): User {
  const user: User = {
    id: p.ownId ? otherId(store.newUserId()) : store.newUserId(),
    email: p.email,
    givenName: p.givenName,
    familyName: p.familyName,
    fullName: `${p.givenName} ${p.familyName}`,
    domain: domainOf(p.email),
    isAdmin: p.isAdmin ?? false,
    disabled: p.disabled ?? false,
    atGroupsLimit: p.atGroupsLimit ?? false,
    kind: p.kind,
    featured: p.featured ?? true,
  };
  if (p.consumer) user.consumer = true;
  if (p.primaryDomain) user.primaryDomain = p.primaryDomain;
  if (p.emailVerified === false) user.emailVerified = false;
  store.addUser(user);
  return user;
}

const CODE_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

export interface CourseSpec {
  name: string;
  section?: string;
  room?: string;
  descriptionHeading?: string;
  description?: string;
  owner: User;
  coTeachers?: User[];
  students?: User[];
  state: CourseState;
  created: Date;
  alias?: string;
  teacherLimit?: number;
  /** Defaults to a fixed offset after `created`, which keeps seeds deterministic. */
  updated?: Date;
}

export function addCourse(store: Store, spec: CourseSpec): Course {
  let code = "";
  for (let i = 0; i < 7; i++) code += CODE_ALPHABET[Math.floor(store.prng.next() * CODE_ALPHABET.length)];
  const created = spec.created.toISOString();
  const course: Course = {
    id: store.newCourseId(),
    name: spec.name,
    ownerId: spec.owner.id,
    creationTime: created,
    // (A) a fixed offset after creation keeps seeds deterministic.
    updateTime: (spec.updated ?? new Date(spec.created.getTime() + 36 * 3600 * 1000)).toISOString(),
    enrollmentCode: code,
    courseState: spec.state,
    teacherIds: new Set([spec.owner.id, ...(spec.coTeachers ?? []).map((u) => u.id)]),
    studentIds: new Set((spec.students ?? []).map((u) => u.id)),
    aliases: spec.alias ? [spec.alias] : [],
    guardiansEnabled: false,
  };
  if (spec.section !== undefined) course.section = spec.section;
  if (spec.room !== undefined) course.room = spec.room;
  if (spec.descriptionHeading !== undefined) course.descriptionHeading = spec.descriptionHeading;
  if (spec.description !== undefined) course.description = spec.description;
  if (spec.teacherLimit !== undefined) course.teacherLimit = spec.teacherLimit;
  store.addCourse(course);
  return course;
}

export function invite(store: Store, course: Course, user: User, role: Role): void {
  store.addInvitation({ id: store.newInvitationId(), courseId: course.id, userId: user.id, role });
}

/** Lowercase ASCII slug for emails. */
export function slug(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "");
}
