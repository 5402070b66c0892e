/** Ports used by the e2e run, away from `npm run dev` (3000 / 4010) so both can run at once. */
export const E2E = {
  appUrl: process.env.E2E_APP_URL ?? "http://localhost:3100",
  emulatorUrl: process.env.E2E_EMULATOR_URL ?? "http://127.0.0.1:4110",
} as const;

export const USERS = {
  admin: { email: "admin@northwood.edu", name: "Dana Whitfield", role: "Domain admin" },
  teacher: { email: "teacher@northwood.edu", name: "Marisol Alvarez", role: "Teacher" },
  teacher2: { email: "teacher2@northwood.edu", name: "Jonah Okafor", role: "Teacher" },
  student: { email: "student@northwood.edu", name: "Priya Raman", role: "Student" },
} as const;

export type RoleKey = keyof typeof USERS;

/** Per app port: parallel runs against different app instances must not share sessions. */
export const storageStatePath = (role: RoleKey) => `e2e/.auth/${new URL(E2E.appUrl).port}-${role}.json`;
