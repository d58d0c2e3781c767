// Wire types of the HTTP contract (../shared/API.md); checked against the services' OpenAPI documents by hand.
export type Role = "Customer" | "Administrator";

export interface Address { street: string; city: string; state: string; zipCode: string; country: string }
export interface Settings { notifyOrderUpdates: boolean; notifyComplaintUpdates: boolean; language: "en" }

export interface User {
  id: string; email: string; fullName: string; contactNumber: string | null; address: Address | null;
  role: Role; isActive: boolean; emailVerified: boolean; settings: Settings;
  lastLoginAt: string | null; createdAt: string; updatedAt: string;
}

export interface AuthResult {
  user: User; accessToken: string; refreshToken: string; tokenType: "Bearer"; expiresIn: number; refreshExpiresIn: number;
}

export interface Page<T> { items: T[]; page: number; limit: number; total: number; totalPages: number }

export interface Product { productId: string; name: string; description: string; unitPrice: number; currency: "INR"; active: boolean }

export type OrderStatus = "Placed" | "Processing" | "Shipped" | "Delivered" | "Cancelled" | "Return Requested" | "Returned";

export interface HistoryEntry {
  previousStatus: string | null; newStatus: string; changedBy: string; changedByRole: string; notes: string | null; timestamp: string;
}

export interface OrderItem {
  productId: string; productName: string; quantity: number; unitPrice: number; totalPrice: number; returnRequested: boolean;
}

export interface Order {
  id: string; orderId: string; userId: string; customerName: string; customerEmail: string; items: OrderItem[];
  deliveryAddress: Address; notes: string | null; orderDate: string; status: OrderStatus; totalAmount: number;
  currency: "INR"; trackingNumber: string | null; returnEligibleUntil: string | null; version: number;
  returnRequest: { status: string; reason: string; refundAmount: number } | null;
  history?: HistoryEntry[];
}

export type ComplaintStatus = "Open" | "In Progress" | "Resolved" | "Closed";
export const categories = ["Product Quality", "Delivery Issue", "Customer Service", "Payment Issue", "Other"] as const;
export const priorities = ["Low", "Medium", "High", "Urgent"] as const;

export interface Person { userId: string; fullName: string }

export interface Complaint {
  id: string; complaintId: string; userId: string; customerName: string; customerEmail: string; orderId: string | null;
  category: (typeof categories)[number]; subject: string; description: string; status: ComplaintStatus;
  priority: (typeof priorities)[number]; assignedTo: Person | null; resolutionNotes: string | null;
  resolvedBy: Person | null; resolvedAt: string | null; reopenedCount: number; reopenEligibleUntil: string | null;
  createdAt: string; version: number; history?: HistoryEntry[];
  feedback: { rating: number; comment: string | null; createdAt: string; resolutionNumber: number } | null;
}

export interface Comment {
  id: string; complaintId: string; userId: string; userRole: Role; authorName: string; comment: string;
  isInternal: boolean; createdAt: string;
}

export interface Customer {
  id: string; email: string; fullName: string; contactNumber: string | null; accountStatus: "Active" | "Inactive" | "Deleted";
  totalOrders: number; totalComplaints: number; totalSpent: number; lastOrderDate: string | null; customerSince: string;
  erased: boolean; deletedAt: string | null; version: number;
}

export interface TimelineItem { id: string; type: string; occurredAt: string; summary: string }

// Email deliveries (§8): each sending service lists its own under its route prefix, with its own templates.
export const deliveryTemplates = {
  auth: ["welcome", "email_verification", "password_reset", "password_changed", "security_notice"],
  orders: ["order_confirmation", "order_status_changed", "return_approved", "return_rejected"],
  complaints: ["complaint_registered", "complaint_status_changed", "complaint_resolved", "complaint_reply"],
} as const;
export type DeliveryService = keyof typeof deliveryTemplates;
export const deliveryStatuses = ["queued", "sent", "failed", "skipped"] as const;

export interface Delivery {
  id: string; template: string; userId: string; recipient: string; subject: string; status: (typeof deliveryStatuses)[number];
  attempts: number; lastError: string | null; relatedType: "user" | "order" | "complaint"; relatedId: string;
  createdAt: string; lastAttemptAt: string | null; nextAttemptAt: string | null; sentAt: string | null;
}

// Analytics (docs/analytics-and-feedback.md): figures over records created in [from, to], for administrators.
// Rates are percentages with two decimals, durations hours with two decimals; `null` when there is nothing to divide.
export const statsIntervals = ["day", "week"] as const;
export type StatsInterval = (typeof statsIntervals)[number];
export interface Percentiles { median: number | null; p90: number | null }

export interface OrderStats {
  from: string; to: string; interval: StatsInterval;
  series: { start: string; orders: number; revenue: number }[];  // non-empty buckets, by orderDate
  byStatus: { status: OrderStatus; count: number }[];  // lifecycle order
  placed: number; cancelled: number; completed: number; returned: number; revenue: number; currency: "INR";
  completionRate: number | null; cancellationRate: number | null; returnRate: number | null; averageOrderValue: number | null;
}

// One creation day or week of complaints: how many were registered, how many of those are now resolved, and the
// median hours from creation to (latest) resolution over the resolved ones (null when none is).
export interface ComplaintTrendBucket { start: string; registered: number; resolved: number; resolutionHoursMedian: number | null }
export const openAges = ["< 1 d", "1-3 d", "3-7 d", "> 7 d"] as const;

export interface ComplaintStats {
  from: string; to: string; interval: StatsInterval;
  series: ComplaintTrendBucket[];  // non-empty buckets, by createdAt
  byStatus: { status: ComplaintStatus; count: number }[];  // lifecycle order
  byCategory: { category: (typeof categories)[number]; count: number }[];  // declaration order
  byPriority: { priority: (typeof priorities)[number]; count: number }[];  // declaration order
  openByAge: { age: (typeof openAges)[number]; count: number }[];  // the whole backlog open now, whatever the period
  firstResponseHours: Percentiles; resolutionHours: Percentiles;
  resolved: number; reopened: number; reopenRate: number | null;
  satisfaction: {
    ratings: number; average: number | null; distribution: { rating: number; count: number }[];
    byCategory: { category: string; average: number; ratings: number }[];
    byAssignee: { assignee: string; average: number; ratings: number }[];
  };
}

export interface CustomerStats {
  from: string; to: string; interval: StatsInterval; registrations: { start: string; registrations: number }[];
  active: number; inactive: number; deleted: number; withOrders: number; repeatBuyers: number;
  adoptionRate: number | null; repeatPurchaseRate: number | null;
}

export const rupees = (amount: number) =>
  new Intl.NumberFormat("en-IN", { style: "currency", currency: "INR" }).format(amount);
export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString("en-IN") : "—");
