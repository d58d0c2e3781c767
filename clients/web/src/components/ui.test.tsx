// The role guard: signed-out visitors go to sign in and come back; a session that ends on the page does the same.
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { saveSession } from "../api/client";
import { CustomersPage } from "../pages/AdminPages";
import { authResult, userOf } from "../test/fixtures";
import { failure, fakeApi, renderPage } from "../test/render";
import { RequireRole } from "./ui";

const adminPage = { route: "/admin/customers?status=Deleted", path: "/admin/customers" };

describe("a page for one role", () => {
  it("sends a signed-out visitor to sign in, remembering the page", async () => {
    fakeApi({});
    renderPage(<RequireRole role="Administrator"><CustomersPage /></RequireRole>, adminPage);
    expect(await screen.findByText("Now at /login?next=%2Fadmin%2Fcustomers%3Fstatus%3DDeleted")).toBeInTheDocument();
  });

  it("sends the user to sign in when the session ends on the page, remembering it", async () => {
    fakeApi({
      "GET /api/v1/auth/profile": { data: userOf("Administrator") },
      "GET /api/v1/customers": failure(401, "TOKEN_REVOKED", "Your session has ended."),
    });
    saveSession(authResult(userOf("Administrator")));
    renderPage(<RequireRole role="Administrator"><CustomersPage /></RequireRole>, adminPage);
    expect(await screen.findByText("Now at /login?next=%2Fadmin%2Fcustomers%3Fstatus%3DDeleted")).toBeInTheDocument();
    expect(localStorage.getItem("rman.session")).toBeNull();
  });

  it("refuses the other role", async () => {
    fakeApi({ "GET /api/v1/auth/profile": { data: userOf("Customer") } });
    saveSession(authResult(userOf("Customer")));
    renderPage(<RequireRole role="Administrator"><CustomersPage /></RequireRole>, adminPage);
    expect(await screen.findByText("This page is not available for your account.")).toBeInTheDocument();
  });
});
