/**
 * The dependency rules of docs/architecture.md, checked in CI (`npm run check:deps`).
 * Areas are the folders of app/modules; each exposes index.server.ts (server face) and index.ts (client-safe face).
 */
const face = "^app/modules/[^/]+/index(\\.server)?\\.ts$";
const test = "(\\.test\\.tsx?|^tests/|\\.e2e\\.ts)$|^tests/";

module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      comment: "No cycle between files; with faces this also rules out cycles between areas.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "area-internals-from-another-area",
      comment: "Another area's files are reached only through its face.",
      severity: "error",
      from: { path: "^app/modules/([^/]+)/" },
      to: { path: "^app/modules/[^/]+/", pathNot: ["^app/modules/$1/", face] },
    },
    {
      name: "area-internals-from-outside",
      comment: "Routes, components, utils, the server, scripts and tests reach an area only through its face.",
      severity: "error",
      from: { pathNot: "^app/modules/" },
      to: { path: "^app/modules/[^/]+/", pathNot: face },
    },
    {
      name: "modules-stay-below-the-web",
      comment:
        "Modules never import routes, components, hooks, the root, or request glue (Remix, requests, responses for routes).",
      severity: "error",
      from: { path: "^app/modules/", pathNot: test },
      to: {
        path: [
          "^app/(routes|components|hooks)/",
          "^app/(root|entry\\.server|entry\\.client)\\.tsx$",
          "^app/utils/(auth|center|request|request-guard|certificate-route|table-download|exam-stats-request|exam-session-form|statistics-scope|statistics-export|form-reply|add-staff|evidence-upload)\\.server\\.ts$",
          "^node_modules/@remix-run/",
        ],
      },
    },
    {
      name: "db-below-app",
      comment: "db/ (schema, migrations, connection) never imports the application.",
      severity: "error",
      from: { path: "^db/", pathNot: test },
      to: { path: "^app/" },
    },
    {
      name: "app-never-imports-tests",
      comment: "Product code never depends on test code.",
      severity: "error",
      from: { path: "^(app|server|db|scripts)/", pathNot: test },
      to: { path: "^tests/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(build|data|node_modules|\\.cache)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".json"],
    },
    moduleSystems: ["es6", "cjs"],
  },
};
