/**
 * Runs once when the server starts: validate configuration and migrate the
 * database before the first request, so a bad setting stops the start with a
 * message naming it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` loads this too; configuration belongs to the server that runs, not the build.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { env, EnvError } = await import("@/lib/env");
  try {
    const e = env();
    const { db } = await import("@/lib/db");
    await db();
    console.log(
      `[classroom-invitations] mode=${e.mode} classroom=${e.classroomRootUrl} database=${e.database.kind}`,
    );
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`\n[classroom-invitations] Refusing to start.\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
