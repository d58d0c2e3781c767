// Wire objects for tests, valid per the contract; each takes the fields a test cares about.
import type {
  AuthResult, Complaint, ComplaintStats, Customer, CustomerStats, Delivery, Order, OrderStats, Product, Role, User,
} from "@rman/api";

const at = "2026-11-25T10:15:30.123Z";

export const userOf = (role: Role, over: Partial<User> = {}): User => ({
  id: role === "Administrator" ? "a0000000-0000-4000-8000-000000000001" : "c0000000-0000-4000-8000-000000000001",
  email: role === "Administrator" ? "admin@example.com" : "asha@example.com", fullName: role === "Administrator" ? "Priya Admin" : "Asha Rao",
  contactNumber: null, address: null, role, isActive: true, emailVerified: true,
  settings: { notifyOrderUpdates: true, notifyComplaintUpdates: true, language: "en" },
  lastLoginAt: at, createdAt: at, updatedAt: at, ...over,
});

export const authResult = (user: User, accessToken = "access-1", refreshToken = "refresh-1", expiresIn = 900): AuthResult => ({
  user, accessToken, refreshToken, tokenType: "Bearer", expiresIn, refreshExpiresIn: 604_800,
});

export const productOf = (productId: string, name: string, unitPrice: number): Product => ({
  productId, name, description: `${name}, a fine product`, unitPrice, currency: "INR", active: true,
});

export const orderOf = (over: Partial<Order> = {}): Order => ({
  id: "0f000000-0000-4000-8000-000000000001", orderId: "ORD-20261125-7K3M9Q", userId: userOf("Customer").id,
  customerName: "Asha Rao", customerEmail: "asha@example.com",
  items: [{ productId: "P-1001", productName: "Steel Water Bottle 1L", quantity: 2, unitPrice: 499, totalPrice: 998, returnRequested: false }],
  deliveryAddress: { street: "12 MG Road", city: "Bengaluru", state: "Karnataka", zipCode: "560001", country: "IN" },
  notes: null, orderDate: at, status: "Placed", totalAmount: 998, currency: "INR", trackingNumber: null, returnEligibleUntil: null,
  version: 1, returnRequest: null,
  history: [{ previousStatus: null, newStatus: "Placed", changedBy: userOf("Customer").id, changedByRole: "Customer", notes: null, timestamp: at }],
  ...over,
});

export const complaintOf = (over: Partial<Complaint> = {}): Complaint => ({
  id: "0c000000-0000-4000-8000-000000000001", complaintId: "CMP-20261125-4TXR2B", userId: userOf("Customer").id,
  customerName: "Asha Rao", customerEmail: "asha@example.com", orderId: null, category: "Product Quality",
  subject: "Bottle arrived dented", description: "The bottle has a dent near the cap.", status: "Open", priority: "Medium",
  assignedTo: null, resolutionNotes: null, resolvedBy: null, resolvedAt: null, reopenedCount: 0, reopenEligibleUntil: null,
  createdAt: at, version: 1, history: [], feedback: null, ...over,
});

export const customerOf = (fullName: string, email: string, over: Partial<Customer> = {}): Customer => ({
  id: `c0000000-0000-4000-8000-${String(email.length).padStart(12, "0")}`, email, fullName, contactNumber: null,
  accountStatus: "Active", totalOrders: 2, totalComplaints: 1, totalSpent: 1497, lastOrderDate: at, customerSince: at,
  erased: false, deletedAt: null, version: 1, ...over,
});

export const deliveryOf = (id: string, status: Delivery["status"], over: Partial<Delivery> = {}): Delivery => ({
  id, template: "order_confirmation", userId: userOf("Customer").id, recipient: "asha@example.com",
  subject: "Order ORD-20261125-7K3M9Q confirmed", status, attempts: status === "queued" ? 0 : 1,
  lastError: status === "failed" ? "550 mailbox unavailable" : null, relatedType: "order", relatedId: "ORD-20261125-7K3M9Q",
  createdAt: at, lastAttemptAt: null, nextAttemptAt: null, sentAt: status === "sent" ? at : null, ...over,
});

// Analytics answers for a period with nothing in it (every array empty, rates null), to override per test.
const period = { from: "2026-10-26T00:00:00.000Z", to: "2026-11-25T23:59:59.999Z", interval: "day" as const };

export const orderStatsOf = (over: Partial<OrderStats> = {}): OrderStats => ({
  ...period, series: [], byStatus: [], placed: 0, cancelled: 0, completed: 0, returned: 0, revenue: 0, currency: "INR",
  completionRate: null, cancellationRate: null, returnRate: null, averageOrderValue: null, ...over,
});

export const complaintStatsOf = (over: Partial<ComplaintStats> = {}): ComplaintStats => ({
  ...period, series: [], byStatus: [], byCategory: [], byPriority: [], openByAge: [],
  firstResponseHours: { median: null, p90: null }, resolutionHours: { median: null, p90: null },
  resolved: 0, reopened: 0, reopenRate: null,
  satisfaction: { ratings: 0, average: null, distribution: [], byCategory: [], byAssignee: [] }, ...over,
});

export const customerStatsOf = (over: Partial<CustomerStats> = {}): CustomerStats => ({
  ...period, registrations: [], active: 0, inactive: 0, deleted: 0, withOrders: 0, repeatBuyers: 0,
  adoptionRate: null, repeatPurchaseRate: null, ...over,
});
