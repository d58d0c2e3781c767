// The administrator's order queue and the customer's return request, against the real services.
import { fireEvent, screen, within } from "@testing-library/react-native";
import type { Order } from "@rman/api";
import { openAppAs, pullToRefresh } from "../../test/app";
import { setApiBaseUrl } from "../api/config";
import { asAdministrator, customerWithOrder, registeredCustomer, system } from "../../test/system";

it("lets an administrator move an order along from the queue, one allowed status at a time", async () => {
  const { order, device } = await customerWithOrder("Ravi Kumar");
  await openAppAs(system.admin.email, system.admin.password, "Order queue");
  fireEvent.press(within(screen.getByLabelText("Filter by status")).getByText("Placed"));
  fireEvent.press(await screen.findByText(order.orderId));

  await screen.findByRole("heading", { name: `Order ${order.orderId}` });
  expect(screen.queryByRole("button", { name: "Mark Shipped" })).toBeNull();
  fireEvent.press(screen.getByRole("button", { name: "Mark Processing" }));
  fireEvent.changeText(await screen.findByLabelText("Tracking number"), "BLUEDART-77881");
  fireEvent.press(screen.getByRole("button", { name: "Mark Shipped" }));
  expect(await screen.findByText(/tracking BLUEDART-77881/)).toBeOnTheScreen();
  const timeline = within(screen.getByLabelText("Status timeline"));
  expect(timeline.getByText("Processing")).toBeOnTheScreen();
  expect(timeline.getByText("Shipped")).toBeOnTheScreen();
  expect((await device.api<Order>("GET", `/api/v1/orders/${order.id}`)).status).toBe("Shipped");
});

it("lets the customer see a delivery on pulling to refresh, then request a return", async () => {
  const { email, password, order, device } = await customerWithOrder("Asha Rao");
  await openAppAs(email, password, "Products");
  fireEvent.press(screen.getByRole("button", { name: /My orders/ }));
  fireEvent.press(await screen.findByText(order.orderId));
  await screen.findByRole("heading", { name: `Order ${order.orderId}` });
  expect(screen.queryByRole("button", { name: "Request return" })).toBeNull();

  const admin = await asAdministrator();
  for (const status of ["Processing", "Shipped", "Delivered"]) await admin.api("PATCH", `/api/v1/orders/${order.id}/status`, { status });
  await pullToRefresh();
  const requestReturn = await screen.findByRole("button", { name: "Request return" });
  expect(screen.queryByRole("button", { name: "Cancel order" })).toBeNull();
  fireEvent.changeText(screen.getByLabelText("Reason"), "The cap does not close properly.");
  fireEvent.press(requestReturn);

  expect(await within(screen.getByLabelText("Status timeline")).findByText("Return Requested")).toBeOnTheScreen();
  expect(await screen.findByText(/Return Pending: The cap does not close properly/)).toBeOnTheScreen();
  expect((await device.api<Order>("GET", `/api/v1/orders/${order.id}`)).returnRequest?.status).toBe("Pending");
});

it("says so when the service cannot be reached, and recovers on Try again", async () => {
  const { email, password } = await registeredCustomer("Neha Joshi");
  await openAppAs(email, password, "Products");
  setApiBaseUrl("http://127.0.0.1:9");  // the network goes away
  fireEvent.press(screen.getByRole("button", { name: /My orders/ }));
  expect(await screen.findByText(/You are offline, or the R-MAN service at http:\/\/127\.0\.0\.1:9 cannot be reached/)).toBeOnTheScreen();
  setApiBaseUrl(system.api);
  fireEvent.press(screen.getByRole("button", { name: "Try again" }));
  expect(await screen.findByText("No orders yet.")).toBeOnTheScreen();
});
