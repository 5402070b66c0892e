/** Small OneRoster files for the tests: a header and rows, joined as a spec-conformant CSV. */
import { strToU8, zipSync } from "fflate";

import type { RosterUpload } from "./read";

export const CLASSES_HEADER =
  "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods";
export const USERS_11_HEADER =
  "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password";
export const USERS_12_HEADER =
  "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password";
export const ENROLLMENTS_HEADER =
  "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate";
export const ROLES_HEADER =
  "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId";

export const cls = (id: string, title: string, school = "sch1", terms = "t1") =>
  `${id},,,${title},10,crs-${id},,scheduled,,${school},${terms},,,`;
export const user11 = (id: string, email: string, role = "student", enabled = "true") =>
  `${id},,,${enabled},sch1,${role},${email},,Given,Family,,,${email},,,,,`;
export const user12 = (id: string, email: string, enabled = "true") =>
  `${id},,,${enabled},${email},,Given,Family,,,${email},,,,,`;
export const enr = (id: string, cls: string, user: string, role = "student", primary = "") =>
  `${id},,,${cls},sch1,${user},${role},${primary},,`;

export const file = (name: string, lines: string[]): RosterUpload => ({
  name,
  bytes: strToU8(lines.join("\r\n") + "\r\n"),
});

export function zipOf(files: readonly RosterUpload[], name = "export.zip"): RosterUpload {
  return { name, bytes: zipSync(Object.fromEntries(files.map((f) => [f.name, f.bytes]))) };
}

/** A minimal valid 1.1 export: two classes, three users, four enrollments. */
export function small11(): RosterUpload[] {
  return [
    file("classes.csv", [CLASSES_HEADER, cls("c1", "Algebra I"), cls("c2", "Biology", "sch2", "t2")]),
    file("users.csv", [
      USERS_11_HEADER,
      user11("u1", "ana@school.edu"),
      user11("u2", "ben@school.edu"),
      user11("u3", "tea@school.edu", "teacher"),
    ]),
    file("enrollments.csv", [
      ENROLLMENTS_HEADER,
      enr("e1", "c1", "u1"),
      enr("e2", "c1", "u3", "teacher", "true"),
      enr("e3", "c2", "u2"),
      enr("e4", "c2", "u3", "teacher", "false"),
    ]),
  ];
}
