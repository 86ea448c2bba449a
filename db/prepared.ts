import type { DbOrTx } from "./client";

/**
 * A statement (or a set of them) prepared once per database handle and built on first use: hot paths
 * run it on every request, and building a Drizzle query costs ~0.3 ms of CPU each time. The cache is
 * weak, so the statements of a closed handle (tests open many) go with it.
 *
 *   const lookup = preparedFor((db) => db.select(…).from(…).where(…).prepare("lookup_name"));
 *   const [row] = await lookup(db).execute({ … });
 */
export function preparedFor<T extends object>(build: (db: DbOrTx) => T): (db: DbOrTx) => T {
  const statements = new WeakMap<DbOrTx, T>();
  return (db) => {
    let statement = statements.get(db);
    if (!statement) statements.set(db, (statement = build(db)));
    return statement;
  };
}
