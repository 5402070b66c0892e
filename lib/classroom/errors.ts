// lib/google's error mapper as the layers above lib/classroom use it (actions, loaders, route
// helpers): they read and raise AppErrors and turn them into their public form, but never
// reach into lib/google themselves.
export {
  APP_ERRORS,
  AppError,
  describeForLog,
  isAppError,
  toAppError,
  toPublicError,
  type AppErrorCode,
  type PublicError,
} from "@/lib/google/errors";
export { HELP_TOPICS, type HelpTopic } from "@/lib/google/error-codes";
