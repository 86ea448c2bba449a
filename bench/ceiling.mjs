// The ceiling for this machine: a bare node:http server doing one indexed SELECT through `postgres`.
import http from "node:http";
import postgres from "postgres";

const sql = postgres(process.env.DATABASE_URL, { max: 10, onnotice: () => {} });
const port = Number(process.env.PORT);
const email = "trainee@demo.tm-academy.cn";

const server = http.createServer(async (_req, res) => {
  try {
    const rows = await sql`select id, name from users where email = ${email}`;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(rows[0] ?? null));
  } catch (error) {
    res.writeHead(500);
    res.end(String(error));
  }
});
server.listen(port, () => console.log(`ceiling listening on ${port}`));
process.on("SIGTERM", () => server.close(() => sql.end().then(() => process.exit(0))));
