// Lane sharing on the embedded PGlite: one process, one scheduler (lib/test/lanes-scenario.ts).
import { lanesScenario } from "@/lib/test/lanes-scenario";

await lanesScenario("pglite");
