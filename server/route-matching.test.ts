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

describe("route matching of the app's own routes (patched router against the unpatched one)", () => {
  // The browser's ES module build of the same router is not patched: it is the reference.
  const reference = async () =>
    (await import("@remix-run/router/dist/router.js" as string)) as { matchRoutes: typeof MatchRoutes };

  /** The app's route tree as Remix builds it from app/routes (root, then each route under its parent). */
  function appRoutes(): AgnosticRouteObject[] {
    const { flatRoutes } = createRequire(import.meta.url)("@remix-run/dev/dist/config/flat-routes.js") as {
      flatRoutes: (
        appDir: string,
      ) => Record<string, { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean }>;
    };
    const manifest = Object.values(flatRoutes("app"));
    const build = (parentId: string): AgnosticRouteObject[] =>
      manifest
        .filter((r) => r.parentId === parentId)
        .map((r) =>
          r.index
            ? { id: r.id, index: true, path: r.path, caseSensitive: r.caseSensitive }
            : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children: build(r.id) },
        );
    // Shapes the app has none of yet, whose first segment is not fixed: a parameter, an optional segment.
    const notFixedFirst: AgnosticRouteObject[] = [
      { id: "by-language", path: ":language/about" },
      { id: "optional-prefix", path: "maybe?/thing" },
    ];
    return [{ id: "root", path: "", children: [...build("root"), ...notFixedFirst] }];
  }

  it("gives the same matches and params for every route's path, in any case, and for paths no route has", async () => {
    const { matchRoutes: unpatched } = await reference();
    const tree = appRoutes();
    const paths = new Set([
      "/",
      "",
      "/nowhere",
      "/thing",
      "/maybe/thing",
      "/MAYBE/Thing",
      "/zh/about",
      "/exams/nowhere/at/all",
      "//exams",
      "/verify/A%20B",
      "/%E4%B8%AD",
    ]);
    for (const route of tree[0]!.children!) {
      const pattern = `/${route.path ?? ""}`;
      for (const value of ["x1", "0b5f1c1e-7d7a-4c55-9d0e-2f1d8b7f3a10", "A%2FB"]) {
        const filled = pattern.replace(/:[A-Za-z]+\??/g, value).replace(/\*$/, "a/b");
        paths.add(filled);
        paths.add(filled.toUpperCase());
        paths.add(`${filled}/`);
        paths.add(`${filled}/extra`);
      }
    }
    expect(paths.size).toBeGreaterThan(400);
    const summary = (matches: ReturnType<typeof MatchRoutes>) =>
      matches?.map((m) => [m.route.id, m.pathname, m.params] as const) ?? null;
    for (let round = 0; round < 2; round++)
      for (const path of paths) expect(summary(matchRoutes(tree, path)), path).toEqual(summary(unpatched(tree, path)));
  });
});
