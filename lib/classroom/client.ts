// How the layers above lib/classroom hold a user's Google grant and schedule work under it: the
// branded token that lib/classroom's functions take, and the quota scheduler's background lane.
// Only lib/google builds clients and talks to Google.
export { asAccessToken, type AccessToken } from "@/lib/google/client";
export { runInBackground } from "@/lib/google/lanes";
