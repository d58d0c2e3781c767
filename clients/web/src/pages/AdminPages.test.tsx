// Customers (list states, delete and erase with their confirmations) and email deliveries (filters, retry).
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { customerOf, deliveryOf } from "../test/fixtures";
import { failure, fakeApi, page, renderPage, type Sent } from "../test/render";
import { CustomersPage, DeliveriesPage } from "./AdminPages";

const asha = customerOf("Asha Rao", "asha@example.com");
const ravi = customerOf("Ravi Kumar", "ravi.kumar@example.com", { accountStatus: "Inactive" });

describe("the customer list", () => {
  it("shows loading while the list is on its way", async () => {
    fakeApi({ "GET /api/v1/customers": () => new Promise(() => undefined) });
    renderPage(<CustomersPage />);
    expect(screen.getByRole("status", { name: "Loading" })).toBeInTheDocument();
  });

  it("says when there is no customer", async () => {
    fakeApi({ "GET /api/v1/customers": page([]) });
    renderPage(<CustomersPage />);
    expect(await screen.findByText("No customers found.")).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });

  it("shows why the list could not be loaded", async () => {
    fakeApi({ "GET /api/v1/customers": failure(503, "DEPENDENCY_UNAVAILABLE", "The customer database is unavailable.") });
    renderPage(<CustomersPage />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load");
    expect(alert).toHaveTextContent("The customer database is unavailable.");
  });

  it("lists active and inactive customers by default, and deleted ones when asked", async () => {
    const sent = fakeApi({ "GET /api/v1/customers": page([asha, ravi]) });
    const { user } = renderPage(<CustomersPage />);
    expect(await screen.findByRole("button", { name: "Asha Rao" })).toBeInTheDocument();
    expect(sent[0].query.get("status")).toBe("Active,Inactive");
    await user.click(screen.getByRole("textbox", { name: "Status" }));
    await user.click(await screen.findByRole("option", { name: "Deleted" }));
    await screen.findByRole("button", { name: "Asha Rao" });
    expect(sent.at(-1)!.query.get("status")).toBe("Deleted");
  });
});

describe("removing a customer", () => {
  // The list answers `customers` until the DELETE, then `after`.
  const setUp = (after: typeof asha[]) => {
    let removed = false;
    const sent = fakeApi({
      "GET /api/v1/customers": () => page(removed ? after : [asha, ravi]),
      [`DELETE /api/v1/customers/${asha.id}`]: () => {
        removed = true;
        return { data: { ...asha, accountStatus: "Deleted" } };
      },
    });
    return { sent, ...renderPage(<CustomersPage />) };
  };
  const choose = async (user: ReturnType<typeof renderPage>["user"], action: string) => {
    await user.click(await screen.findByRole("button", { name: "Actions for Asha Rao" }));
    await user.click(await screen.findByRole("menuitem", { name: action }));
    return screen.findByRole("dialog");
  };
  const deletes = (sent: Sent[]) => sent.filter((r) => r.method === "DELETE");

  it("erases only once the customer's email is typed", async () => {
    const { sent, user } = setUp([customerOf("Erased Customer", `erased+${asha.id}@erased.invalid`, { id: asha.id, accountStatus: "Deleted", erased: true })]);
    const dialog = await choose(user, "Erase personal data…");
    expect(within(dialog).getByRole("heading", { name: "Erase Asha Rao" })).toBeInTheDocument();
    const erase = within(dialog).getByRole("button", { name: "Erase permanently" });
    expect(erase).toBeDisabled();
    const confirmation = within(dialog).getByLabelText("Type the customer's email to confirm");
    await user.type(confirmation, "asha@example.co");
    expect(erase).toBeDisabled();
    await user.click(erase);
    expect(deletes(sent)).toHaveLength(0);
    await user.type(confirmation, "M");  // the email as typed, whatever its case
    expect(erase).toBeEnabled();
    await user.click(erase);
    expect(await screen.findByText(`erased+${asha.id}@erased.invalid`)).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(deletes(sent)).toHaveLength(1);
    expect(deletes(sent)[0].query.get("erase")).toBe("true");
  });

  it("can be called off", async () => {
    const { sent, user } = setUp([]);
    const dialog = await choose(user, "Erase personal data…");
    await user.click(within(dialog).getByRole("button", { name: "Keep the customer" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(deletes(sent)).toHaveLength(0);
  });

  it("soft-deletes after a plain confirmation", async () => {
    const { sent, user } = setUp([ravi]);
    const dialog = await choose(user, "Delete…");
    expect(within(dialog).queryByRole("textbox")).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Delete customer" }));
    await screen.findByRole("button", { name: "Ravi Kumar" });
    expect(screen.queryByRole("button", { name: "Asha Rao" })).not.toBeInTheDocument();
    expect(deletes(sent)).toHaveLength(1);
    expect(deletes(sent)[0].query.has("erase")).toBe(false);
  });

  it("keeps the dialog open with the server's reason when it fails", async () => {
    fakeApi({
      "GET /api/v1/customers": page([asha]),
      [`DELETE /api/v1/customers/${asha.id}`]: failure(503, "DEPENDENCY_UNAVAILABLE", "The account service is unavailable; nothing was changed."),
    });
    const { user } = renderPage(<CustomersPage />);
    const dialog = await choose(user, "Delete…");
    await user.click(within(dialog).getByRole("button", { name: "Delete customer" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("nothing was changed");
  });
});

describe("email deliveries", () => {
  const failed = deliveryOf("d0000000-0000-4000-8000-000000000001", "failed");
  const sentOk = deliveryOf("d0000000-0000-4000-8000-000000000002", "sent", { recipient: "ravi@example.com" });

  it("lists the chosen service's deliveries, filtered, and offers a retry only for failed ones", async () => {
    const sent = fakeApi({
      "GET /api/v1/orders/notifications": page([failed, sentOk]),
      "GET /api/v1/complaints/notifications": page([]),
      [`POST /api/v1/orders/notifications/${failed.id}/retry`]: { data: { ...failed, status: "queued" } },
    });
    const { user } = renderPage(<DeliveriesPage />);
    expect(await screen.findByText("550 mailbox unavailable")).toBeInTheDocument();
    const retries = screen.getAllByRole("button", { name: /^Retry/ });
    expect(retries).toHaveLength(1);
    expect(retries[0]).toHaveAccessibleName("Retry the email to asha@example.com: Order ORD-20261125-7K3M9Q confirmed");
    await user.click(retries[0]);
    expect(sent.find((r) => r.method === "POST")!.path).toBe(`/api/v1/orders/notifications/${failed.id}/retry`);

    await user.click(screen.getByRole("textbox", { name: "Status" }));
    await user.click(await screen.findByRole("option", { name: "failed" }));
    await user.click(screen.getByRole("radio", { name: "Complaints" }));
    expect(await screen.findByText("No deliveries match.")).toBeInTheDocument();
    const last = sent.at(-1)!;
    expect(last.path).toBe("/api/v1/complaints/notifications");
    expect(last.query.get("status")).toBe("failed");
    expect(last.query.get("page")).toBe("1");
  });

  it("shows the server's refusal of a retry", async () => {
    fakeApi({
      "GET /api/v1/orders/notifications": page([failed]),
      [`POST /api/v1/orders/notifications/${failed.id}/retry`]: failure(409, "CONFLICT", "Only failed deliveries can be retried."),
    });
    const { user } = renderPage(<DeliveriesPage />);
    await user.click(await screen.findByRole("button", { name: /^Retry/ }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Only failed deliveries can be retried.");
  });
});
