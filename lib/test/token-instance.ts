// One app "instance" for the cross-instance token tests: its own process, so its own
// single-flight map, database pool and scheduler, as a separate server would have. It prints
// "ready", waits for a line on stdin, then makes `count` concurrent requests for `userId` and
// prints what each got as one JSON line. Mode "token" asks for the access token; "course"
// reads a class through the Classroom client (so a 401 takes the renewal path).
import { createInterface } from "node:readline";

import { getGoogleAccessToken } from "@/lib/auth/tokens";
import { getCourse } from "@/lib/classroom/courses";
import { db } from "@/lib/db";
import { asAccessToken } from "@/lib/google/client";

const [mode, userId, count, courseId] = process.argv.slice(2);
await db();
console.log("ready");
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once("line", () => resolve()));

const one = async (): Promise<string> => {
  const token = await getGoogleAccessToken(userId!);
  if (mode === "course") await getCourse(asAccessToken(token, userId!), courseId!);
  // The token now stored is the one the request ended with (renewed after a 401, or not).
  return mode === "course" ? await getGoogleAccessToken(userId!) : token;
};
const results = await Promise.allSettled(Array.from({ length: Number(count) }, one));
console.log(
  JSON.stringify(results.map((r) => (r.status === "fulfilled" ? { token: r.value } : { error: String(r.reason) }))),
);
await (await db()).close();
process.exit(0);
