// The content area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export { formatProblem, loadContent } from "./files.server";
export { syncContent } from "./sync.server";
