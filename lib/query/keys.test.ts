import { partialMatchKey } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import { activityQueryOptions } from "./activity";
import { courseQueryOptions } from "./course";
import { invitationsListQueryOptions } from "./invitations";
import { queryKeys } from "./keys";
import { myInvitationsQueryOptions } from "./my-invitations";

// What the screens invalidate after a write, against the keys the reads really use.
describe("query keys", () => {
  const reads = {
    list: invitationsListQueryOptions().queryKey,
    course: courseQueryOptions("c1").queryKey,
    otherCourse: courseQueryOptions("c2").queryKey,
    activity: activityQueryOptions({ outcome: "error", q: "x" }).queryKey,
    activityAll: activityQueryOptions({}).queryKey,
    mine: myInvitationsQueryOptions().queryKey,
  };
  const hits = (prefix: readonly unknown[]) =>
    Object.entries(reads)
      .filter(([, key]) => partialMatchKey(key, prefix))
      .map(([name]) => name);

  it("each invalidation reaches exactly the reads it names", () => {
    expect(hits(queryKeys.invitations())).toEqual(["list"]);
    expect(hits(queryKeys.course("c1"))).toEqual(["course"]);
    expect(hits(queryKeys.activity())).toEqual(["activity", "activityAll"]);
    expect(hits(queryKeys.myInvitations())).toEqual(["mine"]);
  });

  it("activity pages with different filters have different keys", () => {
    expect(reads.activity).not.toEqual(reads.activityAll);
  });
});
