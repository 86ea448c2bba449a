import express from "express";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { originGuard } from "./origin-guard";

// A real Express server with the real guard in front of a handler that records what got through.
let base = "";
let close: () => void;
const reached: string[] = [];

beforeAll(async () => {
  const app = express();
  app.use(originGuard());
  app.all("*", (req, res) => {
    reached.push(`${req.method} ${req.get("origin") ?? "-"}`);
    res.send("ok");
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe("cross-origin mutations", () => {
  test("a POST from another site is refused with 403 and never reaches the app", async () => {
    reached.length = 0;
    const res = await fetch(`${base}/login`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "identifier=a&password=b",
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("跨站请求已被拒绝");
    expect(reached).toEqual([]);
  });

  test("a POST a browser marks cross-site is refused even without an Origin header", async () => {
    const res = await fetch(`${base}/logout`, { method: "POST", headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(res.status).toBe(403);
  });

  test("same-origin POSTs and cross-site GETs pass", async () => {
    reached.length = 0;
    const same = await fetch(`${base}/logout`, {
      method: "POST",
      headers: { Origin: base, "Sec-Fetch-Site": "same-origin" },
    });
    expect(same.status).toBe(200);
    const get = await fetch(`${base}/`, {
      headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
    });
    expect(get.status).toBe(200);
    expect(reached).toEqual([`POST ${base}`, "GET https://evil.example"]);
  });
});
