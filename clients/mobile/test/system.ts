// The system the global setup started, and what tests do beside the app: the other party of a flow (an
// administrator, or the customer from elsewhere) through @rman/api's own client, and the emails in maildev.
import { createClient, type ApiClient, type Order, type SessionStore } from "@rman/api";

export const system = {
  api: process.env.RMAN_API!,
  mail: process.env.RMAN_MAIL!,
  admin: { email: process.env.RMAN_ADMIN_EMAIL!, password: process.env.RMAN_ADMIN_PASSWORD! },
};

const memory = (): SessionStore => {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, v), removeItem: (k) => items.delete(k) };
};

const devices: ApiClient[] = [];
const device = () => {
  const d = createClient({ store: memory(), baseUrl: () => system.api });
  devices.push(d);
  return d;
};

// Ends the sessions of the test's other devices here (their refresh timers would outlive the test).
export const forgetDevices = () => devices.splice(0).forEach((d) => d.clearSession());

// A signed-in client of its own, as another device would have.
export async function signedIn(email: string, password: string) {
  const other = device();
  await other.signIn(email, password);
  return other;
}

export const asAdministrator = () => signedIn(system.admin.email, system.admin.password);

let count = 0;
export const uniqueEmail = (name: string) => `${name.split(" ")[0].toLowerCase()}.${Date.now()}.${++count}@example.com`;

// A customer registered through the API (password "Secret-1234"), signed in on a device of their own.
export async function registeredCustomer(name: string) {
  const email = uniqueEmail(name);
  const own = device();
  await own.register(name, email, "Secret-1234");
  return { email, password: "Secret-1234", device: own };
}

// ... who has placed an order (for flows that start later in its life).
export async function customerWithOrder(name: string) {
  const customer = await registeredCustomer(name);
  const order = await customer.device.api<Order>("POST", "/api/v1/orders", {
    items: [{ productId: "P-1001", quantity: 1 }],
    deliveryAddress: { street: "12 MG Road", city: "Bengaluru", state: "Karnataka", zipCode: "560001", country: "IN" },
  });
  return { ...customer, order };
}

interface Mail { subject: string; text: string; to: { address: string }[] }

// The text of the latest email to `address` whose subject contains `subject`, once it has arrived.
export async function emailText(address: string, subject: string): Promise<string> {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    const mails: Mail[] = await (await fetch(`${system.mail}/email`)).json();
    const mail = mails.reverse().find((m) => m.to.some((t) => t.address === address) && m.subject.includes(subject));
    if (mail) return mail.text;
  }
  throw new Error(`no email "${subject}" to ${address}`);
}
