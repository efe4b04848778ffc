import { handleRestRequest } from "@fanfare/api";

export const dynamic = "force-dynamic";

/**
 * The REST API (issue 15 §2): `/api/v1/*` and `/api/v1/openapi.json`, answered by
 * packages/api/src/services/platform/rest-handler.ts (API key, scopes, rate limit, idempotency,
 * one error shape). No session is read here: requests authenticate with an API key only, so no
 * cookie can act for a user and the Origin (CSRF) check of the cookie-authenticated routes is not
 * needed. Every method a v1 route uses is exported (GET, POST, DELETE; v1-route.test.ts checks them
 * against the OpenAPI document): Next answers any other method 405 itself.
 */
const handler = (req: Request) => handleRestRequest(req);

export { handler as GET, handler as POST, handler as DELETE };
