import { describe, expect, it } from "vitest";
import { createValidator, discovery, expectSchema, toJsonSchema, type DiscoverySchemas } from "./discovery-schema";

describe("discovery → JSON Schema converter", () => {
  it("loads the saved Classroom discovery document", () => {
    expect(Object.keys(discovery.schemas)).toEqual(
      expect.arrayContaining(["Invitation", "ListInvitationsResponse", "Course", "UserProfile", "Empty"]),
    );
  });

  it("accepts a well-formed Invitation and Empty", () => {
    expectSchema("Invitation", { id: "1", courseId: "2", userId: "3", role: "STUDENT" });
    expectSchema("Empty", {});
    expectSchema("ListInvitationsResponse", {});
  });

  it("rejects unknown fields, wrong enum values and wrong types", () => {
    const v = createValidator(discovery.schemas);
    expect(v("Invitation")({ id: "1", role: "STUDENT", extra: true })).toBe(false);
    expect(v("Invitation")({ id: "1", role: "GUARDIAN" })).toBe(false);
    expect(v("Invitation")({ id: 1 })).toBe(false);
    expect(v("Empty")({ anything: 1 })).toBe(false);
  });

  it("follows $ref into nested objects and arrays, closed at every level", () => {
    const v = createValidator(discovery.schemas);
    const course = { id: "1", name: "x", teacherFolder: { id: "f", title: "t" } };
    expect(v("Course")(course)).toBe(true);
    expect(v("Course")({ ...course, teacherFolder: { id: "f", bogus: 1 } })).toBe(false);
    expect(v("ListCoursesResponse")({ courses: [course], nextPageToken: "t" })).toBe(true);
    expect(v("ListCoursesResponse")({ courses: [{ ...course, nope: 1 }] })).toBe(false);
    expect(v("ListStudentsResponse")({ students: [{ userId: "1", profile: { name: { fullName: "A" } } }] })).toBe(true);
    expect(v("ListStudentsResponse")({ students: [{ profile: { name: { middle: "A" } } }] })).toBe(false);
  });

  it("checks google-datetime strings", () => {
    const v = createValidator(discovery.schemas);
    expect(v("Course")({ creationTime: "2015-06-25T14:23:56.535Z" })).toBe(true);
    expect(v("Course")({ creationTime: "2015-06-25T14:23:56Z" })).toBe(true);
    expect(v("Course")({ creationTime: "yesterday" })).toBe(false);
    expect(v("Course")({ creationTime: 1435242236535 })).toBe(false);
  });

  it("maps int64 to strings, int32 to integers and additionalProperties to maps", () => {
    const schemas: DiscoverySchemas = {
      Thing: {
        type: "object",
        properties: {
          big: { type: "string", format: "int64" },
          small: { type: "integer", format: "int32" },
          map: { type: "object", additionalProperties: { $ref: "Leaf" } },
        },
      },
      Leaf: { type: "object", properties: { n: { type: "number", format: "double" } } },
    };
    const json = toJsonSchema(schemas);
    expect(json.definitions.Thing).toMatchObject({ additionalProperties: false });
    const v = createValidator(schemas)("Thing");
    expect(v({ big: "-9007199254740993", small: 3, map: { a: { n: 1.5 } } })).toBe(true);
    expect(v({ big: 12 })).toBe(false);
    expect(v({ big: "12a" })).toBe(false);
    expect(v({ small: 1.5 })).toBe(false);
    expect(v({ map: { a: { n: 1, x: 2 } } })).toBe(false);
  });

  it("expectSchema fails the test with a readable message", () => {
    expect(() => expectSchema("Invitation", { role: "NOPE" })).toThrow(/Invitation schema violation.*\/role/);
    expect(() => expectSchema("NoSuchSchema", {})).toThrow(/no discovery schema/);
  });
});
