import { customType, timestamp } from "drizzle-orm/pg-core";

/** Drizzle 0.45's pg-core has no bytea helper; this one runs on PGlite and postgres-js alike. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType() {
    return "bytea";
  },
  fromDriver(value) {
    return new Uint8Array(value);
  },
});

/** Every time is a timestamptz; it is shown in Asia/Shanghai by the UI. */
export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
