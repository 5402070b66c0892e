// `npm run worker`: bulk job workers in a process of their own, for deployments that run the
// app servers with JOB_WORKERS=0. Same queue, same database, same code as the in-app workers.
import { db } from "@/lib/db";
import { env } from "@/lib/env";

import { startJobWorkers, stopJobs } from "./runtime";

const e = env();
await db();
await startJobWorkers();
console.log(`[classroom-invitations] job worker started: database=${e.database.kind} classroom=${e.classroomRootUrl}`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void stopJobs().finally(() => process.exit(0));
  });
}
