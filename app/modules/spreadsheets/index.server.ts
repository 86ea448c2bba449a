// The spreadsheets area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export { MAX_TABLE_BYTES, type ReadResult, readTable, type ReadTableError } from "./read-table.server";
export { toXlsx } from "./xlsx-export.server";
