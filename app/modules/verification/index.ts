// The verification area's client-safe face: schemas, types and pure functions that components may use.
