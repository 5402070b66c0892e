// Lane sharing on a real Postgres, where TEST_DATABASE_URL is set (CI sets it): the clicks and
// the job on two app instances sharing the budget through the database (lib/test/lanes-scenario.ts).
import { it } from "vitest";

import { lanesScenario } from "@/lib/test/lanes-scenario";

if (process.env.TEST_DATABASE_URL) await lanesScenario("postgres");
else it.skip("lane sharing on Postgres: set TEST_DATABASE_URL to run it", () => undefined);
