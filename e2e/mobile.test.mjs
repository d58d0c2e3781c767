// The mobile app's web export (react-native-web) in Debian's Chromium against the whole system: nginx serves the
// export (WEB_ROOT) and routes /api/ to the services on the same origin. A customer signs in, orders, and registers
// a complaint about the order.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchChromium } from "./browser.mjs";
import { root, startSystem } from "./system.mjs";

const app = path.join(root, "clients", "mobile");
const artifacts = path.join(root, "build", "e2e-artifacts");
mkdirSync(artifacts, { recursive: true });

let system, browser;

before(async () => {
  const exported = spawnSync("npm", ["run", "export:web", "--silent"], {
    cwd: app, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, CI: "1", EXPO_OFFLINE: "1", EXPO_NO_TELEMETRY: "1" },
  });
  assert.equal(exported.status, 0, "expo export --platform web failed");
  system = await startSystem({ WEB_ROOT: path.join(app, "dist") });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await system?.stop();
});

async function registeredCustomer() {
  const email = `meera.${Date.now()}@example.com`;
  const res = await fetch(`${system.web}/api/v1/auth/register`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ fullName: "Meera Iyer", email, password: "Secret-1234" }),
  });
  assert.equal(res.status, 201);
  return { email, accessToken: (await res.json()).data.accessToken };
}

test("a customer signs in, places an order and registers a complaint about it", async () => {
  const { email, accessToken } = await registeredCustomer();
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true })).newPage();  // a phone's screen
  await page.goto(system.web);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("Secret-1234");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Products" }).waitFor();

  await page.getByRole("button", { name: "Add Steel Water Bottle 1L to cart" }).click();
  await page.getByRole("button", { name: "Cart (1)" }).click();
  await page.getByLabel("Street").fill("12 MG Road");
  await page.getByLabel("City").fill("Bengaluru");
  await page.getByLabel("State").fill("Karnataka");
  await page.getByLabel("PIN code").fill("560001");
  await page.getByRole("button", { name: "Place order" }).click();
  const orderHeading = page.getByRole("heading", { name: /^Order ORD-/ });
  await orderHeading.waitFor();
  const orderNumber = (await orderHeading.textContent()).replace("Order ", "");
  await page.getByText("Total ₹499.00").waitFor();
  await page.screenshot({ path: path.join(artifacts, "mobile-order.png") });

  await page.getByRole("button", { name: "Complain about this order" }).click();
  await page.getByLabel("Subject").fill("Bottle arrived dented");
  await page.getByLabel("Description").fill("The bottle has a dent near the cap.");
  await page.getByRole("button", { name: "Register complaint" }).click();
  await page.getByRole("heading", { name: /^CMP-/ }).waitFor();
  await page.getByText(`Product Quality · order ${orderNumber} · assigned to nobody yet`).waitFor();
  await page.screenshot({ path: path.join(artifacts, "mobile-complaint.png") });

  // The services hold what the screens showed.
  const complaints = await (await fetch(`${system.web}/api/v1/complaints`, { headers: { Authorization: `Bearer ${accessToken}` } })).json();
  assert.deepEqual(complaints.data.items.map((c) => [c.orderId, c.status, c.subject]), [[orderNumber, "Open", "Bottle arrived dented"]]);
});
