import { createRequestHandler, type ServerBuild } from "@remix-run/server-runtime";
import { describe, expect, it } from "vitest";

// The server runtime is patched (patches/, decision 012) to pass a request with nothing to strip to every loader
// as it is, instead of two new copies per loader: the loaders of one page then share what is kept per request (the
// session lookup). A request that has `index` or `_data` must still reach them without those.
const seen: { route: string; request: Request }[] = [];
const record =
  (route: string) =>
  ({ request }: { request: Request }) => {
    seen.push({ route, request });
    return { route };
  };

const build = {
  mode: "production",
  entry: {
    module: {
      default: (_request: Request, status: number, headers: Headers) =>
        new Response("<!doctype html>", { status, headers }),
    },
  },
  routes: {
    root: { id: "root", path: "", module: { loader: record("root"), default: () => null } },
    "routes/page": {
      id: "routes/page",
      parentId: "root",
      path: "page",
      module: { loader: record("page"), default: () => null },
    },
    "routes/_index": {
      id: "routes/_index",
      parentId: "root",
      index: true,
      module: { loader: record("index"), action: record("index-action"), default: () => null },
    },
  },
  assets: { entry: { imports: [], module: "/entry.js" }, routes: {}, url: "/manifest.js", version: "1" },
  assetsBuildDirectory: "build/client",
  publicPath: "/",
  future: {},
  isSpaMode: false,
} as unknown as ServerBuild;

const handle = createRequestHandler(build, "production");

describe("requests as loaders get them (patched server runtime)", () => {
  it("gives every loader of one page the same request", async () => {
    seen.length = 0;
    const response = await handle(new Request("http://localhost/page?tab=2", { headers: { cookie: "a=b" } }));
    expect(response.status).toBe(200);
    expect(seen.map((s) => s.route)).toEqual(["root", "page"]);
    expect(seen[0]!.request).toBe(seen[1]!.request);
    expect(new URL(seen[1]!.request.url).search).toBe("?tab=2");
    expect(seen[1]!.request.headers.get("cookie")).toBe("a=b");
  });

  it("still takes the index and data parameters away from what loaders and actions see", async () => {
    seen.length = 0;
    const data = await handle(new Request("http://localhost/page?_data=routes%2Fpage&tab=2"));
    expect(await data.json()).toEqual({ route: "page" });
    expect(seen[0]!.request.url).toBe("http://localhost/page?tab=2");

    seen.length = 0;
    const posted = await handle(
      new Request("http://localhost/?index&_data=routes%2F_index", {
        method: "POST",
        body: new URLSearchParams("x=1"),
      }),
    );
    expect(await posted.json()).toEqual({ route: "index-action" });
    expect(seen[0]!.request.url).toBe("http://localhost/");
  });
});
