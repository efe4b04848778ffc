import { describe, expect, test } from "vitest";

import { buildOpenApiDocument } from "@fanfare/api";

import * as route from "./route";

/**
 * Next answers 405 for any method a route module does not export, so every method of the REST
 * API (issue 15 §2) must be exported here, all by the one handler (rest-handler.ts, tested in
 * packages/api/src/services/platform/rest-api.integration-test.ts).
 */
describe("/api/v1/[...path]", () => {
  const methods = Object.values(buildOpenApiDocument("http://localhost:3000").paths ?? {}).flatMap(
    (item) => Object.keys(item ?? {}).map((m) => m.toUpperCase()),
  );

  test("exports a handler for every method the OpenAPI document uses (GET, POST and DELETE)", () => {
    expect(new Set(methods)).toEqual(new Set(["GET", "POST", "DELETE"]));
    const exported = route as unknown as Record<string, unknown>;
    for (const method of methods) expect(exported[method], method).toBeTypeOf("function");
    expect(route.DELETE).toBe(route.GET);
    expect(route.POST).toBe(route.GET);
  });

  test("exports no other method, and is never cached", () => {
    const methodExports = Object.keys(route).filter((k) => /^[A-Z]+$/.test(k));
    expect(methodExports.sort()).toEqual(["DELETE", "GET", "POST"]);
    expect(route.dynamic).toBe("force-dynamic");
  });
});
