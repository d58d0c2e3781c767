// The customer's profile and notification settings reach Auth.
import { fireEvent, screen } from "@testing-library/react-native";
import type { User } from "@rman/api";
import { openAppAs } from "../../test/app";
import { registeredCustomer } from "../../test/system";

it("saves the profile and turns order emails off", async () => {
  const { email, password, device } = await registeredCustomer("Asha Rao");
  await openAppAs(email, password, "Products");
  fireEvent.press(screen.getByRole("button", { name: /Account/ }));
  fireEvent.changeText(await screen.findByLabelText("Contact number"), "call me");
  fireEvent.press(screen.getByRole("button", { name: "Save profile" }));
  expect(await screen.findByText("A phone number such as +91 98450 12345")).toBeOnTheScreen();
  fireEvent.changeText(screen.getByLabelText("Contact number"), "+91 98450 12345");
  fireEvent.press(screen.getByRole("button", { name: "Save profile" }));
  expect(await screen.findByText("Profile saved.")).toBeOnTheScreen();

  fireEvent(screen.getByLabelText("Email me about my orders"), "valueChange", false);
  await screen.findByRole("switch", { name: "Email me about my orders", checked: false });
  const saved = await device.api<User>("GET", "/api/v1/auth/profile");
  expect(saved.contactNumber).toBe("+91 98450 12345");
  expect(saved.settings).toMatchObject({ notifyOrderUpdates: false, notifyComplaintUpdates: true });
});
