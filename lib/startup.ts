import "server-only";

import { db } from "@/lib/db";
import { env, EnvError } from "@/lib/env";

/**
 * Server start: validate configuration and migrate the database before the
 * first request. A bad setting stops the process with a message naming it.
 */
export async function startServer(): Promise<void> {
  try {
    const e = env();
    await db();
    console.log(`[classroom-invitations] mode=${e.mode} classroom=${e.classroomRootUrl} database=${e.database.kind}`);
    // Bulk jobs run inside the app server unless JOB_WORKERS=0 (then `npm run worker` runs them).
    // Another instance's write for a user drops that user's cached lists here too.
    const { startCacheListener } = await import("@/lib/classroom/cache-bus");
    const { forgetViewerLists } = await import("@/lib/classroom/invitation-cache");
    await startCacheListener(forgetViewerLists);
    const { installGracefulShutdown } = await import("@/lib/ops/shutdown");
    if (e.jobWorkers > 0) {
      const { startJobWorkers, stopJobs } = await import("@/lib/jobs/runtime");
      await startJobWorkers();
      installGracefulShutdown(stopJobs);
    } else {
      installGracefulShutdown();
    }
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`\n[classroom-invitations] Refusing to start.\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
