import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

const config = [
  ...nextVitals,
  ...nextTs,
  // Formatting is Prettier's job (`npm run lint` runs `prettier --check`); turn off the stylistic rules it owns.
  prettier,
  { ignores: [".next*/**", "node_modules/**", "test-results*/**", "playwright-report/**", "next-env.d.ts"] },
];
export default config;
