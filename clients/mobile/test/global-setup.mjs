// The whole system once for the suite (e2e/system.mjs: scripts/run.sh on free ports, fresh DATA_DIR, BCRYPT_COST=4),
// serving no web app; one address plays many users, so the per-IP limits are off (API.md §1.13). Tests find it
// through the environment (test/system.ts).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { admin, startSystem } from "../../../e2e/system.mjs";

export default async function globalSetup() {
  const system = await startSystem({
    WEB_ROOT: mkdtempSync(path.join(tmpdir(), "rman-mobile-www-")),
    RATE_LIMIT_IP_PER_MIN: "0", LOGIN_FAILURES_PER_IP: "0", REGISTER_PER_IP_PER_HOUR: "0", FORGOT_PER_IP_PER_HOUR: "0",
    TOKEN_CHECKS_PER_IP_PER_HOUR: "0", REFRESH_PER_IP_PER_MIN: "0",
  });
  globalThis.rmanSystem = system;
  Object.assign(process.env, {
    RMAN_API: system.web, RMAN_MAIL: system.mailApi, RMAN_ADMIN_EMAIL: admin.email, RMAN_ADMIN_PASSWORD: admin.password,
  });
}
