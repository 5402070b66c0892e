import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

const LOWEST =
  "Only lib/classroom calls lib/google: go through lib/classroom (its errors.ts and client.ts hand on what the layers above need).";

/** One layer's rule: its non-test files never import lib/google, nor what `above` names. */
const layer = (files, ...above) => ({
  files,
  ignores: ["**/*.test.*"],
  rules: {
    "no-restricted-imports": [
      "error",
      { patterns: [{ group: ["@/lib/google", "@/lib/google/*", "@googleapis/*"], message: LOWEST }, ...above] },
    ],
  },
});

const config = [
  ...nextVitals,
  ...nextTs,
  // Formatting is Prettier's job (`npm run lint` runs `prettier --check`); turn off the stylistic rules it owns.
  prettier,
  { ignores: [".next*/**", "node_modules/**", "test-results*/**", "playwright-report/**", "next-env.d.ts"] },
  // Layers run one way: app/ and components/ → lib/actions and the read layer → lib/classroom →
  // lib/google. Tests may reach lower layers to set the stage.
  layer(["app/**", "components/**"], {
    group: ["@/lib/classroom", "@/lib/classroom/*"],
    message: "Pages and components read through the read layer and write through lib/actions.",
  }),
  // Jobs call lib/classroom as actions do.
  layer(["lib/actions/**", "lib/jobs/**", "lib/loaders/**", "lib/query/**", "lib/view/**", "lib/http/**"]),
  // The shared, client-safe pieces (roles and wording, the join policy, CSV checks, formatting,
  // the environment) sit below lib/classroom: the layers above and lib/classroom itself use
  // them, so they never reach up into it.
  layer(
    [
      "lib/bulk/**",
      "lib/format/**",
      "lib/concepts.ts",
      "lib/domain-policy.ts",
      "lib/invitation-messages.ts",
      "lib/env.ts",
    ],
    {
      group: ["@/lib/classroom", "@/lib/classroom/*", "**/classroom", "**/classroom/*"],
      message: "Shared modules sit below lib/classroom: move what both need down here instead.",
    },
  ),
  // Specs take `test` from e2e/test.ts, which runs axe on every page state they reach.
  {
    files: ["e2e/**/*.spec.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@playwright/test",
              message: "Import from e2e/test.ts: its `test` runs axe on every page state a spec reaches.",
            },
          ],
        },
      ],
    },
  },
];
export default config;
