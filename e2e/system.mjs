// The whole system for a test: scripts/run.sh starts the four services, maildev and nginx on free loopback ports
// with a fresh DATA_DIR (BUILD_DIR from CTest's environment, default build/dev); `stop()` ends the process group.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");
export const admin = { email: "admin@e2e.test", password: "Admin-e2e-12345" };

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

export async function waitFor(check, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("timed out waiting for the system");
}

// `env` adds to or overrides the system's environment (e.g. WEB_ROOT, rate limits). Resolves once the API answers
// through nginx; `web` is nginx's origin, `mailApi` maildev's REST API.
export async function startSystem(env = {}) {
  const ports = {};
  for (const name of ["WEB_PORT", "AUTH_PORT", "CUSTOMER_PORT", "ORDER_PORT", "COMPLAINT_PORT", "MAIL_SMTP_PORT", "MAIL_WEB_PORT"])
    ports[name] = String(await freePort());
  const web = `http://localhost:${ports.WEB_PORT}`;
  const mailApi = `http://127.0.0.1:${ports.MAIL_WEB_PORT}`;
  const system = spawn("scripts/run.sh", [], {
    cwd: root, detached: true, stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env, ...ports, DATA_DIR: mkdtempSync(path.join(tmpdir(), "rman-e2e-")),
      BUILD_DIR: process.env.BUILD_DIR ?? "build/dev", ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password,
      BCRYPT_COST: "4", REVOCATION_POLL_INTERVAL_MS: "500", ...env,
    },
  });
  const exited = new Promise((r) => system.once("exit", r));
  const stop = async () => {
    if (system.exitCode === null && system.signalCode === null) process.kill(-system.pid, "SIGTERM");
    await exited;
  };
  try {
    for (const p of [ports.CUSTOMER_PORT, ports.ORDER_PORT, ports.COMPLAINT_PORT])
      await waitFor(async () => (await fetch(`http://127.0.0.1:${p}/health/ready`)).ok);
    await waitFor(async () => (await fetch(`${web}/api/v1/products`)).ok);
  } catch (e) {
    await stop();
    throw e;
  }
  return { web, mailApi, stop };
}

export const emailsTo = async (mailApi, address) =>
  (await (await fetch(`${mailApi}/email`)).json()).filter((m) => m.to.some((t) => t.address === address));

// The link to `route` in the latest email to `address` whose subject contains `subject` (waits for it).
export async function linkInEmail(mailApi, address, subject, route) {
  let link;
  await waitFor(async () => {
    const mail = (await emailsTo(mailApi, address)).reverse().find((m) => m.subject.includes(subject));
    link = mail?.text.match(new RegExp(`https?://\\S+/${route}\\?token=[^\\s"<>]+`))?.[0];
    return link;
  }, 20_000);
  return link;
}
