// The cart and checkout, and the administrator's order status control.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { orderOf, productOf } from "../test/fixtures";
import { failure, fakeApi, renderPage } from "../test/render";
import { useCart } from "./cart";
import { CartPage, OrderDetailPage } from "./ShopPages";

const bottle = productOf("P-1001", "Steel Water Bottle 1L", 499);
const charger = productOf("P-2002", "USB-C Charger", 1299.5);
const putInCart = (...lines: [typeof bottle, number][]) =>
  localStorage.setItem("rman.cart", JSON.stringify(lines.map(([product, quantity]) => ({ product, quantity }))));

function CartProbe() {
  const { lines, count, add, setQuantity, clear } = useCart();
  return (
    <div>
      <p>{count} items: {lines.map((l) => `${l.product.productId}×${l.quantity}`).join(", ")}</p>
      <button onClick={() => add(bottle)}>add bottle</button>
      <button onClick={() => add(charger)}>add charger</button>
      <button onClick={() => setQuantity("P-1001", 0)}>drop bottle</button>
      <button onClick={() => setQuantity("P-2002", 100)}>hundred chargers</button>
      <button onClick={clear}>clear</button>
    </div>
  );
}

describe("the cart", () => {
  it("adds, counts, caps at 100, removes at zero and keeps the lines in the browser", async () => {
    const { user } = renderPage(<CartProbe />);
    await user.click(screen.getByText("add bottle"));
    await user.click(screen.getByText("add bottle"));
    await user.click(screen.getByText("add charger"));
    expect(screen.getByText("3 items: P-1001×2, P-2002×1")).toBeInTheDocument();
    await user.click(screen.getByText("hundred chargers"));
    await user.click(screen.getByText("add charger"));
    expect(screen.getByText("102 items: P-1001×2, P-2002×100")).toBeInTheDocument();
    await user.click(screen.getByText("drop bottle"));
    expect(screen.getByText("100 items: P-2002×100")).toBeInTheDocument();
    expect(JSON.parse(localStorage.getItem("rman.cart")!)).toEqual([{ product: charger, quantity: 100 }]);
    await user.click(screen.getByText("clear"));
    expect(localStorage.getItem("rman.cart")).toBe("[]");
  });
});

describe("checkout", () => {
  const fillAddress = async (user: ReturnType<typeof renderPage>["user"]) => {
    await user.type(screen.getByLabelText("Street"), "12 MG Road");
    await user.type(screen.getByLabelText("City"), "Bengaluru");
    await user.type(screen.getByLabelText("State"), "Karnataka");
    await user.type(screen.getByLabelText("PIN code"), "560001");
  };

  it("totals the lines and follows quantity changes", async () => {
    putInCart([bottle, 2], [charger, 1]);
    const { user } = renderPage(<CartPage />);
    expect(screen.getByText("Total: ₹2,297.50")).toBeInTheDocument();
    const quantity = screen.getByLabelText("Quantity of Steel Water Bottle 1L");
    await user.clear(quantity);
    await user.type(quantity, "3");
    expect(screen.getByText("Total: ₹2,796.50")).toBeInTheDocument();
    const chargers = screen.getByLabelText("Quantity of USB-C Charger");
    await user.clear(chargers);
    expect(screen.getByText("Total: ₹2,796.50")).toBeInTheDocument();  // an emptied field is being edited, not a removal
    await user.type(chargers, "0");
    expect(screen.queryByLabelText("Quantity of USB-C Charger")).not.toBeInTheDocument();
    expect(screen.getByText("Total: ₹1,497.00")).toBeInTheDocument();
  });

  it("places the order once, empties the cart and opens the order", async () => {
    putInCart([bottle, 2]);
    const sent = fakeApi({ "POST /api/v1/orders": { status: 201, data: orderOf() } });
    const { user } = renderPage(<CartPage />);
    await fillAddress(user);
    await user.click(screen.getByRole("button", { name: "Place order" }));
    expect(await screen.findByText(`Now at /orders/${orderOf().id}`)).toBeInTheDocument();
    expect(sent[0].body).toEqual({
      items: [{ productId: "P-1001", quantity: 2 }],
      deliveryAddress: { street: "12 MG Road", city: "Bengaluru", state: "Karnataka", zipCode: "560001", country: "IN" },
    });
    expect(sent[0].headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(localStorage.getItem("rman.cart")).toBe("[]");
  });

  it("checks the address before sending it", async () => {
    putInCart([bottle, 1]);
    const sent = fakeApi({});
    const { user } = renderPage(<CartPage />);
    await user.type(screen.getByLabelText("PIN code"), "5!");
    await user.click(screen.getByRole("button", { name: "Place order" }));
    expect(await screen.findByText("3-10 letters or digits")).toBeInTheDocument();
    expect(screen.getAllByText("Required")).toHaveLength(3);
    expect(sent).toHaveLength(0);
  });

  it("puts the server's address errors on the address fields and names the product of a refused line", async () => {
    putInCart([bottle, 1], [charger, 1]);
    fakeApi({ "POST /api/v1/orders": { status: 400, errors: [
      { code: "VALIDATION_FAILED", field: "deliveryAddress.zipCode", message: "must be 3-10 letters, digits, spaces or hyphens" },
      { code: "VALIDATION_FAILED", field: "items[1].productId", message: "unknown or unavailable product" },
    ] } });
    const { user } = renderPage(<CartPage />);
    await fillAddress(user);
    await user.click(screen.getByRole("button", { name: "Place order" }));
    expect(await screen.findByText("must be 3-10 letters, digits, spaces or hyphens")).toBeInTheDocument();
    expect(screen.getByLabelText("PIN code")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("alert")).toHaveTextContent("USB-C Charger: unknown or unavailable product");
    expect(JSON.parse(localStorage.getItem("rman.cart")!)).toHaveLength(2);
  });
});

describe("the administrator's order status control", () => {
  const show = (status: Parameters<typeof orderOf>[0] & object) => {
    const sent = fakeApi({
      "GET /api/v1/orders/ORD-1": { data: orderOf(status) },
      "PATCH /api/v1/orders/ORD-1/status": (req) => ({ data: orderOf({ status: (req.body as { status: "Shipped" }).status, version: 3 }) }),
    });
    return { sent, ...renderPage(<OrderDetailPage admin />, { route: "/admin/orders/ORD-1", path: "/admin/orders/:id" }) };
  };
  const markButtons = () => screen.queryAllByRole("button", { name: /^Mark / }).map((b) => b.textContent);

  it("offers only Processing for a placed order, with cancelling", async () => {
    show({ status: "Placed" });
    await screen.findByRole("heading", { name: /^Order ORD-/ });
    expect(markButtons()).toEqual(["Mark Processing"]);
    expect(screen.getByRole("button", { name: "Cancel order" })).toBeInTheDocument();
    expect(screen.queryByLabelText("Tracking number")).not.toBeInTheDocument();
  });

  it("ships a processing order with its tracking number, on the version shown", async () => {
    const { sent, user } = show({ status: "Processing", version: 2 });
    await screen.findByRole("heading", { name: /^Order ORD-/ });
    expect(markButtons()).toEqual(["Mark Shipped"]);
    await user.type(screen.getByLabelText("Tracking number"), "AWB-123456");
    await user.click(screen.getByRole("button", { name: "Mark Shipped" }));
    const patch = sent.find((r) => r.method === "PATCH")!;
    expect(patch.body).toEqual({ status: "Shipped", trackingNumber: "AWB-123456" });
    expect(patch.headers.get("If-Match")).toBe('"2"');
    expect(await screen.findByRole("button", { name: "Mark Delivered" })).toBeInTheDocument();
  });

  it.each(["Delivered", "Cancelled", "Returned", "Return Requested"] as const)("offers no status change for a %s order", async (status) => {
    show({ status });
    await screen.findByRole("heading", { name: /^Order ORD-/ });
    expect(markButtons()).toEqual([]);
  });

  it("shows why a change was refused", async () => {
    fakeApi({
      "GET /api/v1/orders/ORD-1": { data: orderOf({ status: "Shipped" }) },
      "PATCH /api/v1/orders/ORD-1/status": failure(409, "CONFLICT", "The order was changed by someone else; reload it.", "If-Match"),
    });
    const { user } = renderPage(<OrderDetailPage admin />, { route: "/admin/orders/ORD-1", path: "/admin/orders/:id" });
    await user.click(await screen.findByRole("button", { name: "Mark Delivered" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("changed by someone else");
    expect(within(screen.getByRole("heading", { level: 2 }).parentElement!).getByText("Shipped")).toBeInTheDocument();
  });
});
