// Customer pages: products, cart and checkout, my orders with their timeline.
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Timeline, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link, useNavigate, useParams } from "react-router-dom";
import { z } from "zod";
import { useAuth } from "../api/auth";
import { api, qs } from "../api/client";
import { canCancelOrder, cartLineErrors, cartTotal, errorMessage, nextOrderStatus, orderLines, orderStatuses, rupees, when, type Order, type Page, type Product } from "@rman/api";
import { Empty, ErrorState, Loading, StatusBadge } from "../components/ui";
import { applyServerErrors } from "./AuthPages";
import { useCart } from "./cart";

export function ProductsPage() {
  const [q, setQ] = useState("");
  const { add } = useCart();
  const { user } = useAuth();
  const products = useQuery({
    queryKey: ["products", q],
    queryFn: () => api<Page<Product>>("GET", "/api/v1/products" + qs({ q: q.trim().length ? q.trim() : undefined, limit: 100 })),
  });
  return (
    <Stack>
      <Title order={2}>Products</Title>
      <TextInput label="Search products" value={q} onChange={(e) => setQ(e.currentTarget.value)} placeholder="bottle, charger, notebook…" />
      {products.isLoading ? <Loading /> : products.error ? <ErrorState error={products.error} /> : products.data!.items.length === 0 ? (
        <Empty>No product matches “{q}”.</Empty>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {products.data!.items.map((p) => (
            <Card key={p.productId} withBorder aria-label={p.name}>
              <Text fw={600}>{p.name}</Text>
              <Text size="sm" c="dimmed" mb="sm">{p.description}</Text>
              <Group justify="space-between">
                <Text fw={700}>{rupees(p.unitPrice)}</Text>
                {user?.role !== "Administrator" && <Button size="xs" onClick={() => add(p)} aria-label={`Add ${p.name} to cart`}>Add to cart</Button>}
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

const addressSchema = z.object({
  street: z.string().trim().min(1, "Required").max(200),
  city: z.string().trim().min(1, "Required").max(100),
  state: z.string().trim().min(1, "Required").max(100),
  zipCode: z.string().trim().regex(/^[A-Za-z0-9 -]{3,10}$/, "3-10 letters or digits"),
  country: z.string().trim().regex(/^[A-Za-z]{2}$/, "Two-letter country code, e.g. IN"),
});

export function CartPage() {
  const { lines, setQuantity, clear } = useCart();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [message, setMessage] = useState("");
  const form = useForm<z.infer<typeof addressSchema>>({ resolver: zodResolver(addressSchema), defaultValues: { country: "IN" } });
  const total = cartTotal(lines);
  const submit = form.handleSubmit(async (address) => {
    try {
      const order = await api<Order>("POST", "/api/v1/orders", {
        items: orderLines(lines),
        deliveryAddress: address,
      }, { "Idempotency-Key": crypto.randomUUID() });
      clear();
      client.invalidateQueries({ queryKey: ["orders"] });
      navigate(`/orders/${order.id}`);
    } catch (e) {
      // Address errors go on their fields; a line's error (`items[2].productId`) names the product in the cart.
      const rest = applyServerErrors(e, form.setError, ["street", "city", "state", "zipCode", "country"], "deliveryAddress.");
      const lineErrors = cartLineErrors(e, lines);
      setMessage(lineErrors.length ? lineErrors.join(" · ") : rest);
    }
  });
  if (!lines.length) return <Empty>Your cart is empty. <Link to="/">Browse products</Link>.</Empty>;
  return (
    <Stack>
      <Title order={2}>Cart</Title>
      <Table>
        <Table.Thead><Table.Tr><Table.Th>Product</Table.Th><Table.Th>Quantity</Table.Th><Table.Th>Price</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {lines.map((l) => (
            <Table.Tr key={l.product.productId}>
              <Table.Td>{l.product.name}</Table.Td>
              <Table.Td><NumberInput aria-label={`Quantity of ${l.product.name}`} min={0} max={100} allowDecimal={false} clampBehavior="strict" value={l.quantity} w={90}
                                     onChange={(v) => typeof v === "number" && setQuantity(l.product.productId, v)} /></Table.Td>
              <Table.Td>{rupees(l.product.unitPrice * l.quantity)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text fw={700}>Total: {rupees(total)}</Text>
      <form onSubmit={submit} noValidate>
        <Stack maw={480}>
          <Title order={3}>Delivery address</Title>
          {message && <Alert color="red" role="alert">{message}</Alert>}
          <TextInput label="Street" {...form.register("street")} error={form.formState.errors.street?.message} />
          <TextInput label="City" {...form.register("city")} error={form.formState.errors.city?.message} />
          <TextInput label="State" {...form.register("state")} error={form.formState.errors.state?.message} />
          <TextInput label="PIN code" {...form.register("zipCode")} error={form.formState.errors.zipCode?.message} />
          <TextInput label="Country" {...form.register("country")} error={form.formState.errors.country?.message} />
          <Button type="submit" loading={form.formState.isSubmitting}>Place order</Button>
        </Stack>
      </form>
    </Stack>
  );
}

export function OrdersPage({ admin = false }: { admin?: boolean }) {
  const [status, setStatus] = useState<string | null>(null);
  const [q, setQ] = useState("");
  const search = q.trim().length > 0;
  const orders = useQuery({
    queryKey: ["orders", status, q, admin],
    queryFn: () => api<Page<Order>>("GET", (search ? "/api/v1/orders/search" : "/api/v1/orders") +
      qs({ status: status ?? undefined, q: search ? q.trim() : undefined, limit: 50 })),
  });
  return (
    <Stack>
      <Title order={2}>{admin ? "Orders" : "My orders"}</Title>
      <Group align="end">
        <Select label="Status" placeholder="All" clearable value={status} onChange={setStatus}
                data={orderStatuses} />
        <TextInput label="Search" placeholder="Order number or product" value={q} onChange={(e) => setQ(e.currentTarget.value)} />
      </Group>
      {orders.isLoading ? <Loading /> : orders.error ? <ErrorState error={orders.error} /> : orders.data!.items.length === 0 ? (
        <Empty>No orders yet.</Empty>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Thead><Table.Tr><Table.Th>Order</Table.Th>{admin && <Table.Th>Customer</Table.Th>}<Table.Th>Date</Table.Th><Table.Th>Status</Table.Th><Table.Th>Total</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {orders.data!.items.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td><Link to={`${admin ? "/admin" : ""}/orders/${o.id}`}>{o.orderId}</Link></Table.Td>
                  {admin && <Table.Td>{o.customerName}</Table.Td>}
                  <Table.Td>{when(o.orderDate)}</Table.Td>
                  <Table.Td><StatusBadge status={o.status} /></Table.Td>
                  <Table.Td>{rupees(o.totalAmount)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

export function OrderDetailPage({ admin = false }: { admin?: boolean }) {
  const { id } = useParams();
  const client = useQueryClient();
  const [reason, setReason] = useState("");
  const [tracking, setTracking] = useState("");
  const [error, setError] = useState("");
  const order = useQuery({ queryKey: ["order", id], queryFn: () => api<Order>("GET", `/api/v1/orders/${id}`) });
  const act = useMutation({
    mutationFn: ({ method, path, body }: { method: string; path: string; body?: unknown }) =>
      api<Order>(method, `/api/v1/orders/${id}${path}`, body, { "If-Match": `"${order.data!.version}"` }),
    onSuccess: (o) => { client.setQueryData(["order", id], o); client.invalidateQueries({ queryKey: ["orders"] }); setError(""); setReason(""); },
    onError: (e) => setError(errorMessage(e)),
  });
  if (order.isLoading) return <Loading />;
  if (order.error) return <ErrorState error={order.error} />;
  const o = order.data!;
  const next = nextOrderStatus[o.status];
  return (
    <Stack>
      <Group><Title order={2}>Order {o.orderId}</Title><StatusBadge status={o.status} /></Group>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      <Table>
        <Table.Tbody>
          {o.items.map((i) => (
            <Table.Tr key={i.productId}><Table.Td>{i.productName}</Table.Td><Table.Td>× {i.quantity}</Table.Td><Table.Td>{rupees(i.totalPrice)}</Table.Td></Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text fw={700}>Total {rupees(o.totalAmount)}</Text>
      <Text size="sm">Deliver to {o.deliveryAddress.street}, {o.deliveryAddress.city} {o.deliveryAddress.zipCode}{o.trackingNumber ? ` · tracking ${o.trackingNumber}` : ""}</Text>
      <Title order={3}>Timeline</Title>
      <Timeline active={(o.history?.length ?? 1) - 1}>
        {o.history?.map((h, i) => (
          <Timeline.Item key={i} title={h.newStatus}>
            <Text size="xs" c="dimmed">{when(h.timestamp)} · {h.changedByRole}</Text>
            {h.notes && <Text size="sm">{h.notes}</Text>}
          </Timeline.Item>
        ))}
      </Timeline>
      {admin && next && (
        <Group>
          {next === "Shipped" && <TextInput aria-label="Tracking number" placeholder="Tracking number" value={tracking} onChange={(e) => setTracking(e.currentTarget.value)} />}
          <Button onClick={() => act.mutate({ method: "PATCH", path: "/status", body: { status: next, ...(next === "Shipped" && tracking ? { trackingNumber: tracking } : {}) } })}>
            Mark {next}
          </Button>
        </Group>
      )}
      {(canCancelOrder(o) || o.status === "Delivered" || (admin && o.status === "Return Requested")) && (
        <Stack maw={480}>
          <Textarea label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Group>
            {canCancelOrder(o) && <Button color="red" variant="light" onClick={() => act.mutate({ method: "POST", path: "/cancel", body: { reason } })}>Cancel order</Button>}
            {!admin && o.status === "Delivered" && <Button variant="light" onClick={() => act.mutate({ method: "POST", path: "/return", body: { reason } })}>Request return</Button>}
            {admin && o.status === "Return Requested" && (
              <>
                <Button onClick={() => act.mutate({ method: "PATCH", path: "/return/approve", body: reason ? { notes: reason } : {} })}>Approve return</Button>
                <Button color="red" variant="light" onClick={() => act.mutate({ method: "PATCH", path: "/return/reject", body: { reason } })}>Reject return</Button>
              </>
            )}
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
