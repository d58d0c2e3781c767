// Customer lookup for administrators, against the real services: deactivation reaches the customer's sessions.
import { fireEvent, screen } from "@testing-library/react-native";
import { ApiError } from "@rman/api";
import { openAppAs } from "../../test/app";
import { registeredCustomer, system } from "../../test/system";

it("finds a customer and deactivates, then reactivates, the account", async () => {
  const { email, device } = await registeredCustomer("Tanvi Deshpande");
  await openAppAs(system.admin.email, system.admin.password, "Order queue");
  fireEvent.press(screen.getByRole("button", { name: /Customers/ }));
  fireEvent.changeText(await screen.findByLabelText("Search by name, email, phone or id"), email);
  expect(await screen.findByText(email)).toBeOnTheScreen();

  fireEvent.press(await screen.findByRole("button", { name: "Deactivate Tanvi Deshpande" }));
  expect(await screen.findByRole("button", { name: "Activate Tanvi Deshpande" })).toBeOnTheScreen();
  expect(screen.getByText("Inactive")).toBeOnTheScreen();
  await new Promise((r) => setTimeout(r, 1_500));  // revocations reach every service within the poll interval
  await expect(device.api("GET", "/api/v1/orders")).rejects.toEqual(expect.any(ApiError));
  expect(device.hasSession()).toBe(false);  // TOKEN_REVOKED signed that device out

  fireEvent.press(screen.getByRole("button", { name: "Activate Tanvi Deshpande" }));
  expect(await screen.findByRole("button", { name: "Deactivate Tanvi Deshpande" })).toBeOnTheScreen();
  expect(screen.getByText("Active")).toBeOnTheScreen();
});
