// Complaints end to end through the real services: the customer registers one about an order and follows the
// thread; the administrator works it from the queue.
import { fireEvent, screen, within } from "@testing-library/react-native";
import type { Comment, Complaint, Page } from "@rman/api";
import { openAppAs, pullToRefresh } from "../../test/app";
import { asAdministrator, customerWithOrder, system } from "../../test/system";

it("registers a complaint linked to an order; the customer follows the reply, closes and reopens it", async () => {
  const { email, password, order, device } = await customerWithOrder("Meera Iyer");
  await openAppAs(email, password, "Products");
  fireEvent.press(screen.getByRole("button", { name: /My complaints/ }));
  expect(await screen.findByText("No complaints.")).toBeOnTheScreen();
  fireEvent.press(screen.getByRole("button", { name: "New complaint" }));

  fireEvent.press(await within(screen.getByLabelText("Order")).findByText(order.orderId));
  fireEvent.press(within(screen.getByLabelText("Category")).getByText("Delivery Issue"));
  fireEvent.changeText(screen.getByLabelText("Subject"), "Bottle arrived dented");
  fireEvent.changeText(screen.getByLabelText("Description"), "The bottle has a dent near the cap.");
  fireEvent.press(screen.getByRole("button", { name: "Register complaint" }));

  await screen.findByRole("heading", { name: /^CMP-/ });
  expect(screen.getByText(`Delivery Issue · order ${order.orderId} · assigned to nobody yet`)).toBeOnTheScreen();
  const [complaint] = (await device.api<Page<Complaint>>("GET", "/api/v1/complaints")).items;
  expect(complaint).toMatchObject({ orderId: order.orderId, status: "Open", subject: "Bottle arrived dented" });

  const admin = await asAdministrator();
  await admin.api("POST", `/api/v1/complaints/${complaint.id}/comments`, { comment: "Claim filed with the courier.", isInternal: true });
  await admin.api("POST", `/api/v1/complaints/${complaint.id}/comments`, { comment: "Sorry! A replacement ships today." });
  await admin.api("PATCH", `/api/v1/complaints/${complaint.id}/resolve`, { resolutionNotes: "Replacement bottle delivered." });
  await pullToRefresh();
  expect(await screen.findByText("Sorry! A replacement ships today.")).toBeOnTheScreen();
  expect(screen.queryByText("Claim filed with the courier.")).toBeNull();
  expect(await screen.findByText("Resolution: Replacement bottle delivered.")).toBeOnTheScreen();

  fireEvent.press(screen.getByRole("button", { name: "Close complaint" }));
  expect(await within(screen.getByLabelText("Status timeline")).findByText("Closed")).toBeOnTheScreen();
  fireEvent.changeText(screen.getByLabelText("Reason to reopen"), "The replacement leaks too.");
  fireEvent.press(screen.getByRole("button", { name: "Reopen" }));
  expect(await screen.findByText("The replacement leaks too.")).toBeOnTheScreen();
  expect((await device.api<Complaint>("GET", `/api/v1/complaints/${complaint.id}`)).status).toBe("In Progress");
});

it("lets an administrator assign, reply, add an internal note and resolve from the queue", async () => {
  const { order, device } = await customerWithOrder("Ravi Kumar");
  const complaint = await device.api<Complaint>("POST", "/api/v1/complaints", {
    category: "Product Quality", subject: "Charger stopped working", description: "It stopped charging after two days.", orderId: order.orderId,
  });
  await openAppAs(system.admin.email, system.admin.password, "Order queue");
  fireEvent.press(screen.getByRole("button", { name: /Complaints/ }));
  fireEvent.press(await screen.findByText(complaint.complaintId));
  await screen.findByRole("heading", { name: complaint.complaintId });

  fireEvent.press(screen.getByRole("button", { name: "Assign to me" }));
  expect(await screen.findByText(/assigned to Administrator/)).toBeOnTheScreen();
  fireEvent.changeText(screen.getByLabelText("Reply or internal note"), "Known batch fault; replacing.");
  fireEvent(screen.getByLabelText("Internal note (never shown to the customer)"), "valueChange", true);
  fireEvent.press(screen.getByRole("button", { name: "Add internal note" }));
  expect(await screen.findByText("Known batch fault; replacing.")).toBeOnTheScreen();
  fireEvent(screen.getByLabelText("Internal note (never shown to the customer)"), "valueChange", false);
  fireEvent.changeText(screen.getByLabelText("Reply or internal note"), "A new charger is on its way.");
  fireEvent.press(screen.getByRole("button", { name: "Send" }));
  expect(await screen.findByText("A new charger is on its way.")).toBeOnTheScreen();
  fireEvent.changeText(screen.getByLabelText("Resolution notes"), "Replacement charger delivered.");
  fireEvent.press(screen.getByRole("button", { name: "Resolve" }));
  expect(await screen.findByText("Resolution: Replacement charger delivered.")).toBeOnTheScreen();

  // What the customer sees: the reply, never the internal note.
  const thread = await device.api<Page<Comment>>("GET", `/api/v1/complaints/${complaint.id}/comments`);
  expect(thread.items.map((c) => c.comment)).toEqual(["A new charger is on its way."]);
  expect(await device.api<Complaint>("GET", `/api/v1/complaints/${complaint.id}`)).toMatchObject({ status: "Resolved", assignedTo: { fullName: "Administrator" } });
});
