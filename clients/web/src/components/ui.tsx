// Shared page pieces: loading / empty / error states, status badges, role guard.
import { Alert, Badge, Center, Loader, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router-dom";
import { useAuth } from "../api/auth";
import { errorMessage, type Role } from "@rman/api";

export function Loading() {
  return (
    <Center p="xl" role="status" aria-label="Loading">
      <Loader />
    </Center>
  );
}

export function ErrorState({ error }: { error: unknown }) {
  return (
    <Alert color="red" title="Could not load" role="alert">
      {errorMessage(error)}
    </Alert>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" p="md">
      {children}
    </Text>
  );
}

const colours: Record<string, string> = {
  Placed: "blue", Processing: "cyan", Shipped: "indigo", Delivered: "green", Cancelled: "gray",
  "Return Requested": "orange", Returned: "grape", Open: "blue", "In Progress": "cyan", Resolved: "green", Closed: "gray",
  Active: "green", Inactive: "orange", Deleted: "gray", Erased: "dark", queued: "blue", sent: "green", failed: "red", skipped: "gray",
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge color={colours[status] ?? "gray"}>{status}</Badge>;
}

// Pages for one role: signed-out visitors go to login (and come back), the other role is refused.
export function RequireRole({ role, children }: { role?: Role; children: ReactNode }) {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (role && user.role !== role)
    return (
      <Alert color="red" title="Not available" role="alert">
        This page is not available for your account.
      </Alert>
    );
  return <>{children}</>;
}
