import { spawn, type ChildProcess } from "node:child_process";

/**
 * `npm run worker` as a child process, for tests and the bench that kill it (SIGKILL) and start
 * it again. `ready` resolves once its workers have started.
 */
export function startJobWorker(env: NodeJS.ProcessEnv): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "lib/jobs/worker.ts"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (b: Buffer) => {
      if (b.toString().includes("job worker started")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) before starting: ${err.slice(-2_000)}`)));
  });
  return { child, ready };
}

export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((r) => child.once("exit", () => r()));
}

/** A teacher who can create jobs: a user row and a Google account holding `token`, sealed with `secret`. */
export async function insertJobCreator(
  d: { query<T extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> },
  email: string,
  token: string,
  secret: string,
  role: "teacher" | "admin" = "teacher",
): Promise<string> {
  const { tokenCipher } = await import("@/lib/auth/crypto");
  const [user] = await d.query<{ id: string }>(
    "INSERT INTO users (email, name, role) VALUES ($1, $1, $2) RETURNING id",
    [email, role],
  );
  await d.query(
    "INSERT INTO accounts (user_id, type, provider, provider_account_id, access_token) VALUES ($1, 'oidc', 'google', $2, $3)",
    [user!.id, `sub-${email}`, tokenCipher(secret).encrypt(token)],
  );
  return user!.id;
}
