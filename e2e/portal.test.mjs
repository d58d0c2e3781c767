// The whole system in a real browser: scripts/run.sh starts the four services, maildev and nginx on free
// ports with a fresh DATA_DIR; Debian's Chromium, driven by playwright-core, plays a customer and an administrator.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchChromium } from "./browser.mjs";
import { admin, emailsTo as inbox, linkInEmail as mailedLink, root, startSystem, waitFor } from "./system.mjs";

const artifacts = path.join(root, "build", "e2e-artifacts");
mkdirSync(artifacts, { recursive: true });

let system, browser, web;

before(async () => {
  system = await startSystem();
  web = system.web;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await system?.stop();
});

const emailsTo = (address) => inbox(system.mailApi, address);
const linkInEmail = (address, subject, route) => mailedLink(system.mailApi, address, subject, route);

async function signIn(page, email, password) {
  await page.goto(`${web}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

// A revocation is effective everywhere within 5 s of the revoking response (API.md §2.5); the next request the
// portal makes after that ends the session and asks the user to sign in, remembering the page.
async function expectSignedOut(page) {
  await new Promise((r) => setTimeout(r, 5_000));
  await page.getByRole("link", { name: "My orders" }).click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.getByText("Sign in to continue where you were.").waitFor();
}

async function registerCustomer(page, fullName, email) {
  await page.goto(`${web}/register`);
  await page.getByLabel("Full name").fill(fullName);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("Secret-1234");
  await page.getByRole("button", { name: "Register" }).click();
  await page.getByRole("heading", { name: "Products" }).waitFor();
}

test("a customer verifies, orders, returns and complains; an administrator runs the order and the complaint", async () => {
  const customer = await (await browser.newContext()).newPage();
  const email = `meera.${Date.now()}@example.com`;

  await registerCustomer(customer, "Meera Iyer", email);
  await customer.goto(await linkInEmail(email, "Welcome", "verify-email"));
  await customer.getByText("Your email address is verified.").waitFor();
  await customer.getByRole("link", { name: "Products" }).first().click();

  await customer.getByRole("button", { name: "Add Steel Water Bottle 1L to cart" }).click();
  await customer.getByRole("link", { name: "Cart (1)" }).click();
  await customer.getByLabel("Street").fill("12 MG Road");
  await customer.getByLabel("City").fill("Bengaluru");
  await customer.getByLabel("State").fill("Karnataka");
  await customer.getByLabel("PIN code").fill("560001");
  await customer.getByRole("button", { name: "Place order" }).click();
  const orderHeading = customer.getByRole("heading", { name: /^Order ORD-/ });
  await orderHeading.waitFor();
  const orderNumber = (await orderHeading.textContent()).replace("Order ", "");
  await customer.getByText("₹499.00").first().waitFor();
  await customer.screenshot({ path: path.join(artifacts, "order.png"), fullPage: true });
  const orderPath = new URL(customer.url()).pathname;

  // The administrator ships and delivers it (only the allowed next state is offered at each step).
  const staff = await (await browser.newContext()).newPage();
  await signIn(staff, admin.email, admin.password);
  await staff.getByRole("heading", { name: "Dashboard" }).waitFor();
  await staff.goto(`${web}/admin${orderPath}`);
  await staff.getByRole("button", { name: "Mark Processing" }).click();
  await staff.getByLabel("Tracking number").fill("BLUEDART-77881");
  assert.equal(await staff.getByRole("button", { name: "Mark Delivered" }).count(), 0, "a skipped state was offered");
  await staff.getByRole("button", { name: "Mark Shipped" }).click();
  await staff.getByText("tracking BLUEDART-77881").waitFor();
  await staff.getByRole("button", { name: "Mark Delivered" }).click();
  await staff.getByRole("button", { name: "Mark Delivered" }).waitFor({ state: "detached" });

  // The customer asks to return it; the administrator approves.
  await customer.reload();
  await customer.getByLabel("Reason").fill("The cap does not close properly.");
  await customer.getByRole("button", { name: "Request return" }).click();
  await customer.getByText("Return Requested").first().waitFor();
  await staff.reload();
  await staff.getByLabel("Reason").fill("Approved: courier pickup tomorrow.");
  await staff.getByRole("button", { name: "Approve return" }).click();
  await staff.getByText("Returned").first().waitFor();
  await customer.reload();
  await customer.getByText("Returned").first().waitFor();
  await customer.screenshot({ path: path.join(artifacts, "order-returned.png"), fullPage: true });

  await customer.goto(`${web}/complaints/new`);
  await customer.getByRole("textbox", { name: "Order (optional)" }).click();
  await customer.getByRole("option", { name: new RegExp(orderNumber) }).click();
  await customer.getByLabel("Subject").fill("Bottle arrived dented");
  await customer.getByLabel("Description").fill("The bottle has a dent near the cap.");
  await customer.getByRole("button", { name: "Register complaint" }).click();
  const complaintHeading = customer.getByRole("heading", { name: /^CMP-/ });
  await complaintHeading.waitFor();
  const complaintUrl = customer.url();

  await staff.goto(`${web}/admin/complaints`);
  await staff.getByRole("link", { name: await complaintHeading.textContent() }).click();
  await staff.getByRole("button", { name: "Assign to me" }).click();
  await staff.getByText("assigned to Administrator").waitFor();
  await staff.getByLabel("Reply or internal note").fill("Courier damaged it; claim filed with the courier.");
  await staff.getByLabel("Internal note (never shown to the customer)").check();
  await staff.getByRole("button", { name: "Add internal note" }).click();
  await staff.getByText("Courier damaged it").waitFor();
  await staff.getByLabel("Internal note (never shown to the customer)").uncheck();
  await staff.getByLabel("Reply or internal note").fill("Sorry! A replacement bottle ships today.");
  await staff.getByRole("button", { name: "Send" }).click();
  await staff.getByText("A replacement bottle ships today").waitFor();
  await staff.screenshot({ path: path.join(artifacts, "admin-complaint.png"), fullPage: true });

  await customer.goto(complaintUrl);
  await customer.getByText("A replacement bottle ships today").waitFor();
  assert.equal(await customer.getByText("Courier damaged it").count(), 0, "internal note shown to the customer");

  await staff.getByLabel("Resolution notes").fill("Replacement bottle delivered.");
  await staff.getByRole("button", { name: "Resolve" }).click();
  await customer.reload();
  await customer.getByText("Replacement bottle delivered.").waitFor();
  // The customer rates the resolution; the administrator's dashboard shows it.
  const star = await customer.getByRole("radio", { name: "5" }).getAttribute("id");  // the input is visually hidden
  await customer.locator(`label[for="${star}"]`).click();
  await customer.getByRole("button", { name: "Rate" }).click();
  await customer.getByText("You rated this resolution 5 / 5").waitFor();
  await customer.screenshot({ path: path.join(artifacts, "customer-resolved.png"), fullPage: true });
  await staff.goto(`${web}/admin`);
  await staff.getByText("5.00 / 5 (1)").waitFor();
  await staff.screenshot({ path: path.join(artifacts, "dashboard.png"), fullPage: true });

  // Within the window the customer reopens it; it is back in progress for the administrator.
  await customer.getByLabel("Reason to reopen").fill("The replacement leaks too.");
  await customer.getByRole("button", { name: "Reopen" }).click();
  await customer.getByText("In Progress").first().waitFor();

  // The emails of the journey arrived at the development inbox.
  await waitFor(async () => {
    const subjects = (await emailsTo(email)).map((m) => m.subject);
    return ["Welcome", "confirmed", "is now Shipped", "is now Delivered", "Return approved", "registered", "New reply", "resolved"]
      .every((s) => subjects.some((x) => x.includes(s)));
  }, 20_000);
});

test("a customer cannot open administrator pages", async () => {
  const page = await (await browser.newContext()).newPage();
  await registerCustomer(page, "Ravi Kumar", `ravi.${Date.now()}@example.com`);
  await page.goto(`${web}/admin/customers`);
  await page.getByText("This page is not available for your account.").waitFor();
  // The account page: profile changes reach Auth (and the access token at the next refresh).
  await page.getByRole("link", { name: "My account" }).click();
  await page.getByLabel("Full name").fill("Ravi K Kumar");
  await page.getByRole("button", { name: "Save profile" }).click();
  await page.getByText("Profile saved.").waitFor();
  await page.getByRole("banner").getByText("Ravi K Kumar").waitFor();
  await page.getByText("This device").waitFor();
});

test("a customer resets a forgotten password through the emailed link", async () => {
  const page = await (await browser.newContext()).newPage();
  const email = `asha.${Date.now()}@example.com`;
  await registerCustomer(page, "Asha Rao", email);
  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto(`${web}/login`);
  await fresh.getByRole("link", { name: /Forgot/ }).click();
  await fresh.getByLabel("Email").fill(email);
  await fresh.getByRole("button", { name: "Send reset link" }).click();
  await fresh.getByText("If an account exists for this email, a reset link has been sent.").waitFor();
  await fresh.goto(await linkInEmail(email, "Reset", "reset-password"));
  await fresh.getByLabel("New password").fill("Brand-new-5678");
  await fresh.getByRole("button", { name: "Set password" }).click();
  await fresh.getByRole("heading", { name: "Sign in" }).waitFor();
  await signIn(fresh, email, "Brand-new-5678");
  await fresh.getByRole("heading", { name: "Products" }).waitFor();
  // The reset ended every earlier session: the first browser is sent back to sign in.
  await expectSignedOut(page);
});

test("a deactivated customer is signed out", async () => {
  const page = await (await browser.newContext()).newPage();
  const email = `kiran.${Date.now()}@example.com`;
  await registerCustomer(page, "Kiran Shah", email);
  const staff = await (await browser.newContext()).newPage();
  await signIn(staff, admin.email, admin.password);
  await staff.getByRole("heading", { name: "Dashboard" }).waitFor();
  await staff.goto(`${web}/admin/customers`);
  await staff.getByLabel("Search by name, email, phone or id").fill(email);
  await staff.getByRole("button", { name: "Actions for Kiran Shah" }).click();
  await staff.getByRole("menuitem", { name: "Deactivate" }).click();
  await staff.getByText("Inactive").first().waitFor();
  await expectSignedOut(page);
  await signIn(page, email, "Secret-1234");
  await page.getByRole("alert").waitFor();
  assert.match(await page.getByRole("alert").textContent(), /deactivated|inactive|disabled/i);
});
