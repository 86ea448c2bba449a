// The same ceiling through Drizzle with a prepared query: what the ORM layer costs on its own.
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { pgTable, uuid, varchar } from "drizzle-orm/pg-core";
import http from "node:http";
import postgres from "postgres";

const users = pgTable("users", { id: uuid("id"), email: varchar("email"), name: varchar("name") });
const client = postgres(process.env.DATABASE_URL, { max: 10, onnotice: () => {} });
const db = drizzle(client);
const lookup = db
  .select({ id: users.id, name: users.name })
  .from(users)
  .where(eq(users.email, sql.placeholder("email")))
  .prepare("bench_lookup");

const server = http.createServer(async (_req, res) => {
  const rows = await lookup.execute({ email: "trainee@demo.tm-academy.cn" });
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(rows[0] ?? null));
});
server.listen(Number(process.env.PORT), () => console.log("ceiling listening"));
process.on("SIGTERM", () => server.close(() => client.end().then(() => process.exit(0))));
