// Complaint detail: feedback shown to both sides, the customer's rating form, and the administrator's priority,
// assignment and reopen controls.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { saveSession } from "../api/client";
import type { Complaint, Role } from "@rman/api";
import { authResult, complaintOf, userOf } from "../test/fixtures";
import { fakeApi, page, renderPage } from "../test/render";
import { ComplaintDetailPage } from "./ComplaintPages";

const admin = userOf("Administrator");
const colleague = userOf("Administrator", { id: "a0000000-0000-4000-8000-000000000002", fullName: "Kiran Shah", email: "kiran@example.com" });
const feedback = { rating: 4, comment: "Quick replacement,\nthough the box was torn.", createdAt: "2026-11-28T09:00:00.000Z", resolutionNumber: 1 };
const resolved = { status: "Resolved" as const, resolutionNotes: "Replacement bottle delivered.", reopenEligibleUntil: "2999-01-01T00:00:00.000Z" };

// Shows `complaint` to a signed-in user of `role`; a PUT or PATCH answers with the complaint as `change` makes it.
function show(role: Role, complaint: Complaint, change: (body: Record<string, unknown>) => Partial<Complaint> = () => ({})) {
  let current = complaint;
  const update = (req: { body: unknown }) => {
    current = { ...current, ...change(req.body as Record<string, unknown>) };
    return { data: current };
  };
  const sent = fakeApi({
    "GET /api/v1/auth/profile": { data: userOf(role) },
    "GET /api/v1/auth/admin/users": page([admin, colleague]),
    [`GET /api/v1/complaints/${complaint.id}`]: () => ({ data: current }),
    [`GET /api/v1/complaints/${complaint.id}/comments`]: page([]),
    [`PUT /api/v1/complaints/${complaint.id}`]: update,
    [`PATCH /api/v1/complaints/${complaint.id}/assign`]: update,
    [`POST /api/v1/complaints/${complaint.id}/reopen`]: update,
    [`POST /api/v1/complaints/${complaint.id}/feedback`]: (req) => {
      const { rating, comment = null } = req.body as { rating: number; comment?: string };
      current = { ...current, feedback: { rating, comment, createdAt: feedback.createdAt, resolutionNumber: current.reopenedCount + 1 } };
      return { status: 201, data: current.feedback };
    },
  });
  saveSession(authResult(userOf(role)));
  const base = role === "Administrator" ? "/admin/complaints" : "/complaints";
  return { sent, ...renderPage(<ComplaintDetailPage admin={role === "Administrator"} />, { route: `${base}/${complaint.id}`, path: `${base}/:id` }) };
}

describe("a complaint's feedback", () => {
  it("shows the customer their rating and comment", async () => {
    show("Customer", complaintOf({ ...resolved, feedback }));
    const card = await screen.findByLabelText("Rate the resolution");
    expect(within(card).getByText("You rated this resolution 4 / 5. Thank you!")).toBeInTheDocument();
    expect(within(card).getByText(/Quick replacement,\s+though the box was torn\./)).toBeInTheDocument();
    expect(within(card).queryByRole("button", { name: "Rate" })).not.toBeInTheDocument();
  });

  it("shows the administrator the rating and comment", async () => {
    show("Administrator", complaintOf({ ...resolved, feedback }));
    const card = await screen.findByLabelText("Customer feedback");
    expect(within(card).getByText("Customer rating of resolution 1: 4 / 5")).toBeInTheDocument();
    expect(within(card).getByText(/Quick replacement/)).toBeInTheDocument();
  });

  it("lets the customer rate a resolution with a comment", async () => {
    const { sent, user } = show("Customer", complaintOf(resolved));
    await screen.findByText("How did we do?");
    expect(screen.getByRole("button", { name: "Rate" })).toBeDisabled();
    screen.getByRole("radio", { name: "5" }).focus();  // by keyboard: the star's radio, then Space
    await user.keyboard(" ");
    await user.type(screen.getByLabelText("Comment (optional)"), "Very helpful");
    await user.click(screen.getByRole("button", { name: "Rate" }));
    expect(await screen.findByText("You rated this resolution 5 / 5. Thank you!")).toBeInTheDocument();
    expect(screen.getByText("“Very helpful”")).toBeInTheDocument();
    expect(sent.find((r) => r.method === "POST")!.body).toEqual({ rating: 5, comment: "Very helpful" });
  });
});

describe("the administrator's handling of a complaint", () => {
  it("changes the priority", async () => {
    const { sent, user } = show("Administrator", complaintOf({ status: "In Progress" }), (b) => ({ priority: b.priority as Complaint["priority"] }));
    await user.click(await screen.findByRole("textbox", { name: "Priority" }));
    await user.click(await screen.findByRole("option", { name: "Urgent" }));
    expect(await screen.findByText("Urgent", { selector: ".mantine-Badge-label" })).toBeInTheDocument();
    expect(sent.find((r) => r.method === "PUT")!.body).toEqual({ priority: "Urgent" });
  });

  it("assigns the complaint to another administrator, and unassigns it", async () => {
    const assign = (b: Record<string, unknown>) => ({ assignedTo: b.assignedTo === colleague.id ? { userId: colleague.id, fullName: colleague.fullName } : null });
    const { sent, user } = show("Administrator", complaintOf({ status: "In Progress" }), assign);
    await user.click(await screen.findByRole("textbox", { name: "Assignee" }));
    expect(await screen.findByRole("option", { name: "Priya Admin (me)" })).toBeInTheDocument();
    await user.click(screen.getByRole("option", { name: "Kiran Shah" }));
    expect(await screen.findByText(/assigned to Kiran Shah/)).toBeInTheDocument();
    await user.click(screen.getByRole("textbox", { name: "Assignee" }));
    await user.click(await screen.findByRole("option", { name: "Nobody" }));
    expect(await screen.findByText(/assigned to nobody yet/)).toBeInTheDocument();
    const assignments = sent.filter((r) => r.path.endsWith("/assign")).map((r) => r.body);
    expect(assignments).toEqual([{ assignedTo: colleague.id }, { assignedTo: null }]);
    const list = sent.find((r) => r.path === "/api/v1/auth/admin/users")!;
    expect(Object.fromEntries(list.query)).toMatchObject({ role: "Administrator", isActive: "true" });
  });

  it("reopens a closed complaint whatever its reopen window", async () => {
    const { sent, user } = show("Administrator", complaintOf({ ...resolved, status: "Closed", reopenEligibleUntil: "2020-01-01T00:00:00.000Z" }),
                                () => ({ status: "In Progress", reopenedCount: 1, resolutionNotes: null }));
    expect(await screen.findByRole("textbox", { name: "Assignee" })).toBeDisabled();  // no assignment on Closed
    await user.type(screen.getByLabelText("Reason to reopen"), "The new bottle leaks.");
    await user.click(screen.getByRole("button", { name: "Reopen" }));
    expect(await screen.findByLabelText("Resolution notes")).toBeInTheDocument();
    expect(sent.find((r) => r.path.endsWith("/reopen"))!.body).toEqual({ reason: "The new bottle leaks." });
  });

  it("tells a customer whose reopen window has ended to register a new complaint", async () => {
    show("Customer", complaintOf({ ...resolved, status: "Closed", reopenEligibleUntil: "2020-01-01T00:00:00.000Z" }));
    expect(await screen.findByText(/can no longer be reopened/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Reopen" })).not.toBeInTheDocument();
  });
});
