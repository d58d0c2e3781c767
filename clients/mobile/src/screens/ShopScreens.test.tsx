// A customer shops and places an order through the real services, then follows and cancels it.
import { fireEvent, screen, within } from "@testing-library/react-native";
import type { Order } from "@rman/api";
import { openAppAs } from "../../test/app";
import { registeredCustomer } from "../../test/system";

it("places an order from the cart and shows it with its timeline, in My orders, and cancelled on request", async () => {
  const { email, password, device } = await registeredCustomer("Meera Iyer");
  await openAppAs(email, password, "Products");

  fireEvent.press(await screen.findByRole("button", { name: "Add Steel Water Bottle 1L to cart" }));
  fireEvent.press(screen.getByRole("button", { name: "Add Steel Water Bottle 1L to cart" }));
  fireEvent.press(screen.getByRole("button", { name: "Cart (2)" }));
  expect(await screen.findByText("Total: ₹998.00")).toBeOnTheScreen();
  fireEvent.press(screen.getByRole("button", { name: "Place order" }));
  expect(await screen.findAllByText("Required")).toHaveLength(3);  // street, city, state: checked before sending

  fireEvent.changeText(screen.getByLabelText("Street"), "12 MG Road");
  fireEvent.changeText(screen.getByLabelText("City"), "Bengaluru");
  fireEvent.changeText(screen.getByLabelText("State"), "Karnataka");
  fireEvent.changeText(screen.getByLabelText("PIN code"), "560001");
  fireEvent.press(screen.getByRole("button", { name: "Place order" }));

  await screen.findByRole("heading", { name: /^Order ORD-\d{8}-[2-9A-HJKMNP-TV-Z]{6}$/ });
  expect(within(screen.getByLabelText("Status timeline")).getByText("Placed")).toBeOnTheScreen();
  expect(screen.getByText("Total ₹998.00")).toBeOnTheScreen();
  // The server has it, as shown.
  const placed = (await device.api<{ items: Order[] }>("GET", "/api/v1/orders")).items;
  expect(placed.map((o) => [o.status, o.totalAmount])).toEqual([["Placed", 998]]);
  expect(screen.getByRole("heading", { name: `Order ${placed[0].orderId}` })).toBeOnTheScreen();

  fireEvent.changeText(screen.getByLabelText("Reason"), "Ordered twice by mistake.");
  fireEvent.press(screen.getByRole("button", { name: "Cancel order" }));
  expect(await within(screen.getByLabelText("Status timeline")).findByText("Cancelled")).toBeOnTheScreen();
  expect(screen.getByText("Ordered twice by mistake.")).toBeOnTheScreen();
  expect((await device.api<Order>("GET", `/api/v1/orders/${placed[0].id}`)).status).toBe("Cancelled");
});
