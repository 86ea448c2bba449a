// The statistics area's client-safe face: schemas, types and pure functions that components may use.
export { parsePlatformFilters, parseRegionFilters, parseTraineeFilters, type TraineeFilters } from "./params";
