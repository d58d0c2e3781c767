// The administrator's dashboard: loading / error / empty states, the resolution-time trend, the backlog panel, and
// the bucket interval sent to the order and complaint statistics.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { StatsInterval } from "@rman/api";
import { complaintStatsOf, customerStatsOf, orderStatsOf } from "../test/fixtures";
import { failure, fakeApi, renderPage, type Sent } from "../test/render";
import { DashboardPage } from "./DashboardPage";

const daily = [
  { start: "2026-11-23T00:00:00.000Z", registered: 4, resolved: 3, resolutionHoursMedian: 30.25 },
  { start: "2026-11-24T00:00:00.000Z", registered: 2, resolved: 0, resolutionHoursMedian: null },
];
const weekly = [{ start: "2026-11-23T00:00:00.000Z", registered: 6, resolved: 3, resolutionHoursMedian: 30.25 }];

// Each statistics route answers for the interval it was asked for.
const intervalOf = (req: Sent) => (req.query.get("interval") ?? "day") as StatsInterval;
const routes = {
  "GET /api/v1/orders/stats": (req: Sent) => ({
    data: orderStatsOf({
      interval: intervalOf(req), placed: 3, revenue: 1497,
      series: [{ start: "2026-11-23T00:00:00.000Z", orders: 3, revenue: 1497 }],
      byStatus: [{ status: "Placed", count: 1 }, { status: "Delivered", count: 2 }],
    }),
  }),
  "GET /api/v1/complaints/stats": (req: Sent) => ({
    data: complaintStatsOf({
      interval: intervalOf(req), series: intervalOf(req) === "week" ? weekly : daily,
      openByAge: [{ age: "< 1 d", count: 1 }, { age: "> 7 d", count: 2 }],
      satisfaction: { ratings: 1, average: 5, distribution: [{ rating: 5, count: 1 }], byCategory: [], byAssignee: [] },
    }),
  }),
  "GET /api/v1/customers/stats": { data: customerStatsOf({ active: 3 }) },
};

const statsRequests = (sent: Sent[], service: string) => sent.filter((r) => r.path === `/api/v1/${service}/stats`);

describe("the dashboard", () => {
  it("shows loading, with the period controls, while the figures are on their way", () => {
    const pending = () => new Promise<never>(() => undefined);
    fakeApi({ "GET /api/v1/orders/stats": pending, "GET /api/v1/complaints/stats": pending, "GET /api/v1/customers/stats": pending });
    renderPage(<DashboardPage />);
    expect(screen.getByRole("status", { name: "Loading" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Dashboard" })).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Interval" })).toHaveValue("day");
  });

  it("shows why the figures could not be loaded", async () => {
    fakeApi({ ...routes, "GET /api/v1/complaints/stats": failure(503, "DEPENDENCY_UNAVAILABLE", "The complaint database is unavailable.") });
    renderPage(<DashboardPage />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load");
    expect(alert).toHaveTextContent("The complaint database is unavailable.");
  });

  it("charts resolution time per day, and the current backlog by age", async () => {
    const sent = fakeApi(routes);
    renderPage(<DashboardPage />);
    const table = await screen.findByRole("table", { name: "Resolution time per day" });
    const rows = within(table).getAllByRole("row").map((row) => [...row.querySelectorAll("th, td")].map((c) => c.textContent));
    expect(rows).toEqual([
      ["Day", "Registered", "Resolved", "Median hours to resolution"],
      ["2026-11-23", "4", "3", "30.25"],
      ["2026-11-24", "2", "0", "none resolved"],
    ]);
    const chart = screen.getByLabelText("Resolution time");
    expect(chart).toHaveTextContent("median 30.25 h · 3 of 4 resolved");
    expect(chart).toHaveTextContent("median — · 0 of 2 resolved");

    const backlog = screen.getByLabelText("Open complaints by age (current backlog)");
    expect(backlog).toHaveTextContent("Every complaint open now, whatever the date range.");
    expect(within(backlog).getByRole("progressbar", { name: "> 7 d: 2" })).toBeInTheDocument();
    expect(screen.getByText("5.00 / 5 (1)")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Orders per day" })).toBeInTheDocument();

    const [orders] = statsRequests(sent, "orders"), [complaints] = statsRequests(sent, "complaints");
    expect(orders.query.get("interval")).toBe("day");
    expect(complaints.query.get("interval")).toBe("day");
    expect(complaints.query.get("from")).toBe(orders.query.get("from"));
    expect(complaints.query.get("to")).toBe(orders.query.get("to"));
  });

  it("asks both the order and the complaint statistics for the chosen interval", async () => {
    const sent = fakeApi(routes);
    const { user } = renderPage(<DashboardPage />);
    await screen.findByRole("table", { name: "Resolution time per day" });
    await user.selectOptions(screen.getByRole("combobox", { name: "Interval" }), "Week");
    const table = await screen.findByRole("table", { name: "Resolution time per week" });
    expect(within(table).getByRole("rowheader", { name: "Week of 2026-11-23" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Orders per week" })).toBeInTheDocument();
    expect(statsRequests(sent, "orders").at(-1)!.query.get("interval")).toBe("week");
    expect(statsRequests(sent, "complaints").at(-1)!.query.get("interval")).toBe("week");
  });

  it("says when no complaint was registered in the period and none is open", async () => {
    fakeApi({ ...routes, "GET /api/v1/complaints/stats": { data: complaintStatsOf() } });
    renderPage(<DashboardPage />);
    expect(await screen.findByText("No complaints registered in this period.")).toBeInTheDocument();
    expect(screen.queryByRole("table", { name: /Resolution time/ })).not.toBeInTheDocument();
    expect(screen.getByLabelText("Open complaints by age (current backlog)")).toHaveTextContent("No open complaints.");
  });
});
