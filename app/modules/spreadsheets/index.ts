// The spreadsheets area's client-safe face: schemas, types and pure functions that components may use.
export { type TableCell, toCsv } from "./csv-export";
export {
  mapHeaders,
  normalizeName,
  type RowError,
  type TraineeRow,
  type TraineeValues,
  validateTraineeRows,
} from "./trainee-rows";
