import { createRequire } from "node:module";
import type { AgnosticRouteObject, matchRoutes as MatchRoutes } from "@remix-run/router";
import { describe, expect, it } from "vitest";

// The server's copy: Remix's server runtime require()s the router's CommonJS build, the one the patch changes
// (the browser's ES module build is left as it is; its routes are patched in place on navigation).
const { matchRoutes } = createRequire(import.meta.url)("@remix-run/router") as { matchRoutes: typeof MatchRoutes };

// The router is patched (patches/, decision 012) to keep its ranked branches and each path's matches: the
// answers must stay those of the unpatched router, and no caller may see another caller's changes.
const routes: AgnosticRouteObject[] = [
  {
    id: "root",
    path: "",
    children: [
      { id: "home", index: true },
      { id: "certificate", path: "certificates/:certificateId" },
      { id: "certificates", path: "certificates" },
      { id: "verify", path: "verify/:code" },
      { id: "splat", path: "*" },
    ],
  },
];

const ids = (path: string) => matchRoutes(routes, path)?.map((m) => m.route.id);

describe("route matching (patched router)", () => {
  it("matches the most specific route, the same way every time", () => {
    for (let round = 0; round < 3; round++) {
      expect(ids("/")).toEqual(["root", "home"]);
      expect(ids("/certificates")).toEqual(["root", "certificates"]);
      expect(ids("/certificates/abc")).toEqual(["root", "certificate"]);
      expect(ids("/CERTIFICATES/abc")).toEqual(["root", "certificate"]);
      expect(ids("/nowhere/at/all")).toEqual(["root", "splat"]);
    }
    expect(matchRoutes(routes, "/verify/TMA%20X")?.at(-1)?.params).toEqual({ code: "TMA X" });
  });

  it("hands every caller its own matches and params", () => {
    matchRoutes(routes, "/verify/ABC");
    const first = matchRoutes(routes, "/verify/ABC")!;
    (first[1]!.params as Record<string, string>).code = "changed";
    first.pop();
    const second = matchRoutes(routes, "/verify/ABC")!;
    expect(second.map((m) => m.route.id)).toEqual(["root", "verify"]);
    expect(second[1]!.params).toEqual({ code: "ABC" });
    // Within one answer the matches share their params, as the unpatched router's do.
    expect(second[0]!.params).toBe(second[1]!.params);
  });

  it("sees a new route tree as new", () => {
    const other: AgnosticRouteObject[] = [{ id: "only", path: "verify/:code" }];
    expect(matchRoutes(other, "/verify/ABC")?.map((m) => m.route.id)).toEqual(["only"]);
    expect(ids("/verify/ABC")).toEqual(["root", "verify"]);
  });
});
