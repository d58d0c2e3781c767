// The whole app rendered as a phone would show it, and the steps most tests begin with.
import { fireEvent, render, screen } from "@testing-library/react-native";
import { App } from "../src/App";

export async function signIn(email: string, password: string) {
  fireEvent.changeText(await screen.findByLabelText("Email"), email);
  fireEvent.changeText(screen.getByLabelText("Password"), password);
  fireEvent.press(screen.getByRole("button", { name: "Sign in" }));
}

// Renders the app and signs in; resolves on the first screen of the user's role.
export async function openAppAs(email: string, password: string, firstHeading: string) {
  render(<App />);
  await signIn(email, password);
  await screen.findByRole("heading", { name: firstHeading });
}

// Pulls the screen down, as a user reloads it.
export const pullToRefresh = () => {
  const list = screen.UNSAFE_getAllByType(require("react-native").ScrollView).at(-1)!;
  return fireEvent(list, "refresh");
};
