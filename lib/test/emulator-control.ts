// The emulator's control API (`/emulator/v1/...`, emulator/README.md) over fetch, for lib tests and the
// bench. No imports: the bench loads this before the emulator itself (see bench/emulator.ts).

/** `GET /emulator/v1/state`, the public contract in emulator/README.md. */
export interface EmulatorState {
  users: { id: string; email: string; name: string; isAdmin: boolean; disabled: boolean }[];
  courses: {
    id: string;
    name: string;
    section?: string;
    ownerId: string;
    courseState: string;
    teacherIds: string[];
    studentIds: string[];
  }[];
  invitations: { id: string; courseId: string; userId: string; role: string }[];
}

export type EmulatorControl = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

/** `control(method, path, body)` sends JSON to `${base}${path}`, throws on a non-2xx answer and parses the reply (undefined when empty). */
export function emulatorControl(base: string): EmulatorControl {
  return async <T = unknown>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
}
