// Sign-in and registration forms: client-side validation, the server's field errors on their fields, where sign-in leads.
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { authResult, userOf } from "../test/fixtures";
import { failure, fakeApi, renderPage } from "../test/render";
import { LoginPage, RegisterPage } from "./AuthPages";

const login = (route = "/login") => renderPage(<LoginPage />, { route, path: "/login" });

describe("the sign-in form", () => {
  it("explains what is missing before anything is sent", async () => {
    const sent = fakeApi({});
    const { user } = login();
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("Enter a valid email")).toBeInTheDocument();
    expect(screen.getByText("Required")).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    expect(sent).toHaveLength(0);
  });

  it("puts the server's field errors on their fields", async () => {
    fakeApi({ "POST /api/v1/auth/login": { status: 400, errors: [{ code: "VALIDATION_FAILED", field: "email", message: "domain must contain a dot" }] } });
    const { user } = login();
    await user.type(screen.getByLabelText("Email"), "asha@example.com");
    await user.type(screen.getByLabelText("Password"), "Secret-1234");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("domain must contain a dot")).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("shows a wrong password as a message for the whole form", async () => {
    fakeApi({ "POST /api/v1/auth/login": failure(401, "UNAUTHENTICATED", "Invalid email or password.") });
    const { user } = login();
    await user.type(screen.getByLabelText("Email"), "asha@example.com");
    await user.type(screen.getByLabelText("Password"), "wrong-password-1");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Invalid email or password.");
    expect(screen.getByLabelText("Email")).not.toHaveAttribute("aria-invalid", "true");
  });

  it("returns to the page that asked for a sign-in", async () => {
    const sent = fakeApi({ "POST /api/v1/auth/login": { data: authResult(userOf("Customer")) } });
    const { user } = login("/login?next=%2Fcomplaints%2FCMP-20261125-4TXR2B");
    expect(screen.getByText("Sign in to continue where you were.")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Email"), "asha@example.com");
    await user.type(screen.getByLabelText("Password"), "Secret-1234");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("Now at /complaints/CMP-20261125-4TXR2B")).toBeInTheDocument();
    expect(sent[0].body).toEqual({ email: "asha@example.com", password: "Secret-1234" });
  });

  it("never sends the visitor to another site after signing in", async () => {
    fakeApi({ "POST /api/v1/auth/login": { data: authResult(userOf("Customer")) } });
    const { user } = login("/login?next=%2F%2Fevil.example%2Fphish");
    await user.type(screen.getByLabelText("Email"), "asha@example.com");
    await user.type(screen.getByLabelText("Password"), "Secret-1234");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("Now at /")).toBeInTheDocument();
  });
});

describe("the registration form", () => {
  it("checks the name and the password rules", async () => {
    const sent = fakeApi({});
    const { user } = renderPage(<RegisterPage />);
    await user.type(screen.getByLabelText("Full name"), "A");
    await user.type(screen.getByLabelText("Email"), "meera@example.com");
    await user.type(screen.getByLabelText("Password"), "lettersonly");
    await user.click(screen.getByRole("button", { name: "Register" }));
    expect(await screen.findByText("At least 2 characters")).toBeInTheDocument();
    expect(screen.getByText("Needs a digit")).toBeInTheDocument();
    expect(sent).toHaveLength(0);
  });

  it("shows a taken email on the email field", async () => {
    fakeApi({ "POST /api/v1/auth/register": failure(409, "EMAIL_TAKEN", "This email is already registered.", "email") });
    const { user } = renderPage(<RegisterPage />);
    await user.type(screen.getByLabelText("Full name"), "Meera Iyer");
    await user.type(screen.getByLabelText("Email"), "meera@example.com");
    await user.type(screen.getByLabelText("Password"), "Secret-1234");
    await user.click(screen.getByRole("button", { name: "Register" }));
    expect(await screen.findByText("This email is already registered.")).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
  });

  it("signs the new customer in", async () => {
    const sent = fakeApi({ "POST /api/v1/auth/register": { status: 201, data: authResult(userOf("Customer", { fullName: "Meera Iyer" })) } });
    const { user } = renderPage(<RegisterPage />, { route: "/register", path: "/register" });
    await user.type(screen.getByLabelText("Full name"), "Meera Iyer");
    await user.type(screen.getByLabelText("Email"), "meera@example.com");
    await user.type(screen.getByLabelText("Password"), "Secret-1234");
    await user.click(screen.getByRole("button", { name: "Register" }));
    expect(await screen.findByText("Now at /")).toBeInTheDocument();
    expect(sent[0].body).toEqual({ fullName: "Meera Iyer", email: "meera@example.com", password: "Secret-1234" });
    expect(localStorage.getItem("rman.session")).toContain("access-1");
  });
});
