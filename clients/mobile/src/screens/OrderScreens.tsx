// Orders: the customer's own with their timeline, cancellation and return request; for administrators, the queue
// with status changes and return decisions.
import { canCancelOrder, canRequestReturn, nextOrderStatus, orderStatuses, qs, rupees, when, type Order, type OrderStatus, type Page } from "@rman/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { View } from "react-native";
import { Button, List, Text } from "react-native-paper";
import { useAuth } from "../api/auth";
import { client } from "../api/client";
import { Heading, Input, Notice, QueryView, Screen, StatusChip, StatusFilter, Timeline, describeError, styles } from "../components/ui";
import { useRootNavigation, type ScreenProps } from "../navigation";

export function OrdersScreen() {
  const admin = useAuth().user?.role === "Administrator";
  const navigation = useRootNavigation();
  const [status, setStatus] = useState<OrderStatus | null>(null);
  const orders = useQuery({
    queryKey: ["orders", status],
    queryFn: () => client.api<Page<Order>>("GET", "/api/v1/orders" + qs({ status: status ?? undefined, limit: 50 })),
  });
  return (
    <Screen refreshing={orders.isRefetching} onRefresh={orders.refetch}>
      <Heading>{admin ? "Order queue" : "My orders"}</Heading>
      <StatusFilter statuses={orderStatuses} value={status} onChange={setStatus} />
      <QueryView query={orders} empty={(p) => p.items.length === 0 && (status ? `No ${status} orders.` : "No orders yet.")}>
        {(p) => p.items.map((o) => (
          <List.Item key={o.id} title={o.orderId} onPress={() => navigation.navigate("Order", { id: o.id })}
                     description={`${admin ? o.customerName + " · " : ""}${when(o.orderDate)} · ${rupees(o.totalAmount)}`}
                     right={() => <StatusChip status={o.status} />} />
        ))}
      </QueryView>
    </Screen>
  );
}

interface Action { method: string; path: string; body?: unknown }

function OrderSummary({ order: o }: { order: Order }) {
  return (
    <>
      <View style={styles.row}><Heading>Order {o.orderId}</Heading><StatusChip status={o.status} /></View>
      {o.items.map((i) => <Text key={i.productId}>{i.productName} × {i.quantity} · {rupees(i.totalPrice)}</Text>)}
      <Text variant="titleMedium">Total {rupees(o.totalAmount)}</Text>
      <Text>Deliver to {o.deliveryAddress.street}, {o.deliveryAddress.city} {o.deliveryAddress.zipCode}{o.trackingNumber ? ` · tracking ${o.trackingNumber}` : ""}</Text>
      {o.returnRequest && <Text>Return {o.returnRequest.status}: {o.returnRequest.reason} ({rupees(o.returnRequest.refundAmount)})</Text>}
      <Text variant="titleMedium">Timeline</Text>
      <Timeline history={o.history ?? []} />
    </>
  );
}

// What the order's status allows: administrators move it on and decide returns; either side may cancel early;
// the customer asks for a return within the window.
function OrderActions({ order: o, admin, act, busy }: { order: Order; admin: boolean; act: (a: Action) => Promise<boolean>; busy: boolean }) {
  const [reason, setReason] = useState("");
  const [tracking, setTracking] = useState("");
  const next = nextOrderStatus[o.status];
  const canReturn = !admin && canRequestReturn(o);
  const deciding = admin && o.status === "Return Requested";
  const withReason = (a: Action) => act(a).then((ok) => ok && setReason(""));
  return (
    <>
      {admin && next && (
        <>
          {next === "Shipped" && <Input label="Tracking number" value={tracking} onChangeText={setTracking} autoCapitalize="characters" />}
          <Button mode="contained" loading={busy}
                  onPress={() => act({ method: "PATCH", path: "/status", body: { status: next, ...(next === "Shipped" && tracking ? { trackingNumber: tracking } : {}) } })}>
            {`Mark ${next}`}
          </Button>
        </>
      )}
      {(canCancelOrder(o) || canReturn || deciding) && <Input label="Reason" value={reason} onChangeText={setReason} multiline />}
      {canCancelOrder(o) && <Button mode="outlined" onPress={() => withReason({ method: "POST", path: "/cancel", body: { reason } })}>Cancel order</Button>}
      {canReturn && <Button mode="outlined" onPress={() => withReason({ method: "POST", path: "/return", body: { reason } })}>Request return</Button>}
      {deciding && (
        <>
          <Button mode="contained" onPress={() => withReason({ method: "PATCH", path: "/return/approve", body: reason ? { notes: reason } : {} })}>Approve return</Button>
          <Button mode="outlined" onPress={() => withReason({ method: "PATCH", path: "/return/reject", body: { reason } })}>Reject return</Button>
        </>
      )}
    </>
  );
}

export function OrderDetailScreen({ route, navigation }: ScreenProps<"Order">) {
  const { id } = route.params;
  const admin = useAuth().user?.role === "Administrator";
  const queries = useQueryClient();
  const order = useQuery({ queryKey: ["order", id], queryFn: () => client.api<Order>("GET", `/api/v1/orders/${id}`) });
  const act = useMutation({
    mutationFn: ({ method, path, body }: Action) =>
      client.api<Order>(method, `/api/v1/orders/${id}${path}`, body, { "If-Match": `"${order.data!.version}"` }),
    onSuccess: (o) => {
      queries.setQueryData(["order", id], o);
      queries.invalidateQueries({ queryKey: ["orders"] });
    },
  });
  // Resolves whether it worked; a failure shows above the order.
  const run = (a: Action) => act.mutateAsync(a).then(() => true, () => false);
  return (
    <Screen refreshing={order.isRefetching} onRefresh={order.refetch}>
      <QueryView query={order}>
        {(o) => (
          <>
            {act.error && <Notice>{describeError(act.error)}</Notice>}
            <OrderSummary order={o} />
            <OrderActions order={o} admin={admin} act={run} busy={act.isPending} />
            {!admin && <Button onPress={() => navigation.navigate("NewComplaint", { orderId: o.orderId })}>Complain about this order</Button>}
          </>
        )}
      </QueryView>
    </Screen>
  );
}
