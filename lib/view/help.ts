/**
 * The in-app help's sections, and which one explains an error: the error table (lib/google's
 * error-codes, through lib/classroom/errors) names the section beside each sentence.
 */
import { APP_ERRORS, type AppErrorCode, type HelpTopic } from "@/lib/classroom/errors";

export type { HelpTopic };

export const HELP_TOPIC_TITLES: Record<HelpTopic, string> = {
  roles: "Roles in a class",
  ownership: "How ownership moves",
  "daily-cap": "The daily invitation limit",
  domains: "Domain settings",
  "direct-add": "Adding people directly",
};

/** The /help section behind an error code, if the error table names one. */
export function helpTopicOf(code: string): HelpTopic | undefined {
  return code in APP_ERRORS ? APP_ERRORS[code as AppErrorCode].help : undefined;
}
