// The contract's rules that decide what a screen offers (API.md §6.3, §7.3), and the cart both apps keep until an
// order is placed. Offering only what the server will accept; the server still decides.
import { ApiError } from "./client";
import type { Complaint, ComplaintStatus, Order, OrderStatus, Product } from "./types";

export const orderStatuses: OrderStatus[] = ["Placed", "Processing", "Shipped", "Delivered", "Return Requested", "Cancelled", "Returned"];

// The one status an administrator moves an order to by PATCH status; the other transitions have their own actions.
export const nextOrderStatus: Partial<Record<OrderStatus, OrderStatus>> = { Placed: "Processing", Processing: "Shipped", Shipped: "Delivered" };

export const canCancelOrder = (o: Order) => o.status === "Placed" || o.status === "Processing";

// The owner may ask for a return of a delivered order until `returnEligibleUntil`.
export const canRequestReturn = (o: Order) =>
  o.status === "Delivered" && o.returnEligibleUntil !== null && Date.parse(o.returnEligibleUntil) >= Date.now();

export const complaintStatuses: ComplaintStatus[] = ["Open", "In Progress", "Resolved", "Closed"];

export const isResolved = (c: Complaint) => c.status === "Resolved" || c.status === "Closed";

// Administrators may reopen at any time; the owner until `reopenEligibleUntil`.
export const canReopenComplaint = (c: Complaint, admin: boolean) =>
  isResolved(c) && (admin || (c.reopenEligibleUntil !== null && Date.parse(c.reopenEligibleUntil) >= Date.now()));

export interface CartLine { product: Product; quantity: number }

export function addToCart(lines: CartLine[], product: Product): CartLine[] {
  const found = lines.find((l) => l.product.productId === product.productId);
  if (found) return lines.map((l) => (l === found ? { ...l, quantity: Math.min(100, l.quantity + 1) } : l));
  return [...lines, { product, quantity: 1 }];
}

// A quantity of 0 removes the line.
export const setCartQuantity = (lines: CartLine[], productId: string, quantity: number): CartLine[] =>
  lines.flatMap((l) => (l.product.productId !== productId ? [l] : quantity > 0 ? [{ ...l, quantity }] : []));

export const cartCount = (lines: CartLine[]) => lines.reduce((n, l) => n + l.quantity, 0);

// In paise, as the server computes it, so the total shown is the one the order will carry.
export const cartTotal = (lines: CartLine[]) =>
  lines.reduce((sum, l) => sum + Math.round(l.product.unitPrice * 100) * l.quantity, 0) / 100;

export const orderLines = (lines: CartLine[]) => lines.map((l) => ({ productId: l.product.productId, quantity: l.quantity }));

// The server's errors about order lines (`items[2].productId`), each naming the product of that line in the cart.
export const cartLineErrors = (e: unknown, lines: CartLine[]): string[] =>
  e instanceof ApiError
    ? e.errors.flatMap((x) => {
        const line = lines[Number(/^items\[(\d+)\]/.exec(x.field ?? "")?.[1] ?? NaN)];
        return line ? [`${line.product.name}: ${x.message}`] : [];
      })
    : [];
