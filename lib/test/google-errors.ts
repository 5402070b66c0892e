// Error bodies in the shape Google's frontends send them, for unit tests that fake a server.

/** A per-minute quota refusal: Google's text, legacy `rateLimitExceeded`, an ErrorInfo naming the limit, no Retry-After. */
export function googleQuotaRefusal(limit: "user" | "project" = "user") {
  const name = limit === "user" ? "Queries per minute per user" : "Queries per minute";
  return {
    error: {
      code: 429,
      message: `Quota exceeded for quota metric 'Queries' and limit '${name}' of service 'classroom.googleapis.com'.`,
      errors: [{ message: "Quota exceeded", domain: "global", reason: "rateLimitExceeded" }],
      status: "RESOURCE_EXHAUSTED",
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.ErrorInfo",
          reason: "RATE_LIMIT_EXCEEDED",
          domain: "googleapis.com",
          metadata: {
            quota_limit: limit === "user" ? "DefaultPerMinutePerUser" : "DefaultPerMinutePerProject",
            service: "classroom.googleapis.com",
          },
        },
      ],
    },
  };
}
