import { startEmulator } from "@/emulator/src/server";
import { asAccessToken, type AccessToken } from "@/lib/google/client";

import { emulatorControl, type EmulatorState } from "./emulator-control";

export type { EmulatorState };

export interface LibEmulator {
  url: string;
  /** The control API; `path` is relative to `/emulator/v1` (e.g. "/faults"). Throws on a non-2xx answer. */
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  state(): Promise<EmulatorState>;
  faults(rules: unknown[]): Promise<unknown>;
  tokenFor(email: string): Promise<AccessToken>;
  /** Stops the emulator and puts CLASSROOM_ROOT_URL back as it was. */
  close(): Promise<void>;
}

/**
 * The in-process emulator for lib tests, with lib/google pointed at it through
 * CLASSROOM_ROOT_URL (read by lib/env on every call under NODE_ENV=test).
 */
export async function startLibEmulator(): Promise<LibEmulator> {
  const emu = await startEmulator({ port: 0 });
  const savedRoot = process.env.CLASSROOM_ROOT_URL;
  process.env.CLASSROOM_ROOT_URL = `${emu.url}/`;

  const control = emulatorControl(`${emu.url}/emulator/v1`);

  return {
    url: emu.url,
    control,
    state: () => control<EmulatorState>("GET", "/state"),
    faults: (rules) => control("POST", "/faults", { rules }),
    tokenFor: async (email) =>
      asAccessToken((await control<{ access_token: string }>("POST", "/tokens", { email })).access_token),
    async close() {
      // Assigning undefined to process.env would store the string "undefined".
      if (savedRoot === undefined) delete process.env.CLASSROOM_ROOT_URL;
      else process.env.CLASSROOM_ROOT_URL = savedRoot;
      await emu.close();
    },
  };
}
