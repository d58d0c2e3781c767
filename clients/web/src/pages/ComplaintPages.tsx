// Complaints for customers (register, follow, comment, reopen, close) and administrators (queue, assign, reply,
// internal notes, resolve).
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Badge, Button, Card, Checkbox, Group, Paper, Rating, Select, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Link, useNavigate, useParams } from "react-router-dom";
import { z } from "zod";
import { useAuth } from "../api/auth";
import { ApiError, api, qs } from "../api/client";
import { categories, when, type Comment, type Complaint, type Order, type Page } from "../api/types";
import { Empty, ErrorState, Loading, StatusBadge } from "../components/ui";
import { applyServerErrors } from "./AuthPages";

export function ComplaintsPage({ admin = false }: { admin?: boolean }) {
  const [filter, setFilter] = useState<string | null>(admin ? "Open,In Progress" : null);
  const [assigned, setAssigned] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ["complaints", filter, assigned],
    queryFn: () => api<Page<Complaint>>("GET", "/api/v1/complaints" + qs({ status: filter ?? undefined, assignedTo: assigned ?? undefined, limit: 50 })),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{admin ? "Complaint queue" : "My complaints"}</Title>
        {!admin && <Button component={Link} to="/complaints/new">New complaint</Button>}
      </Group>
      <Group>
        <Select label="Status" clearable value={filter} onChange={setFilter}
                data={["Open", "In Progress", "Resolved", "Closed", "Open,In Progress"].map((v) => ({ value: v, label: v.replace(",", " or ") }))} />
        {admin && <Select label="Assigned" clearable value={assigned} onChange={setAssigned} data={[{ value: "me", label: "To me" }, { value: "none", label: "Unassigned" }]} />}
      </Group>
      {list.isLoading ? <Loading /> : list.error ? <ErrorState error={list.error} /> : list.data!.items.length === 0 ? <Empty>No complaints.</Empty> : (
        <Table striped>
          <Table.Thead><Table.Tr><Table.Th>Complaint</Table.Th><Table.Th>Subject</Table.Th><Table.Th>Status</Table.Th><Table.Th>Priority</Table.Th><Table.Th>Opened</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {list.data!.items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td><Link to={`${admin ? "/admin" : ""}/complaints/${c.id}`}>{c.complaintId}</Link></Table.Td>
                <Table.Td>{c.subject}</Table.Td>
                <Table.Td><StatusBadge status={c.status} /></Table.Td>
                <Table.Td>{c.priority}</Table.Td>
                <Table.Td>{when(c.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

const complaintSchema = z.object({
  category: z.enum(categories),
  subject: z.string().trim().min(5, "At least 5 characters").max(150),
  description: z.string().trim().min(10, "At least 10 characters").max(5000),
  orderId: z.string().optional(),
});

export function NewComplaintPage() {
  const navigate = useNavigate();
  const [message, setMessage] = useState("");
  const orders = useQuery({ queryKey: ["orders", "mine-for-complaint"], queryFn: () => api<Page<Order>>("GET", "/api/v1/orders?limit=100") });
  const form = useForm<z.infer<typeof complaintSchema>>({ resolver: zodResolver(complaintSchema), defaultValues: { category: "Product Quality" } });
  const submit = form.handleSubmit(async (v) => {
    try {
      const c = await api<Complaint>("POST", "/api/v1/complaints", { ...v, orderId: v.orderId || undefined }, { "Idempotency-Key": crypto.randomUUID() });
      navigate(`/complaints/${c.id}`);
    } catch (e) {
      setMessage(applyServerErrors(e, form.setError, ["category", "subject", "description", "orderId"]));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={560}>
        <Title order={2}>New complaint</Title>
        {message && <Alert color="red" role="alert">{message}</Alert>}
        <Controller name="category" control={form.control} render={({ field }) => (
          <Select label="Category" data={[...categories]} value={field.value} onChange={(v) => field.onChange(v ?? "Other")} error={form.formState.errors.category?.message} />
        )} />
        <Controller name="orderId" control={form.control} render={({ field }) => (
          <Select label="Order (optional)" clearable value={field.value ?? null} onChange={(v) => field.onChange(v ?? "")} error={form.formState.errors.orderId?.message}
                  data={(orders.data?.items ?? []).map((o) => ({ value: o.orderId, label: `${o.orderId} · ${o.items[0]?.productName ?? ""}` }))} />
        )} />
        <TextInput label="Subject" {...form.register("subject")} error={form.formState.errors.subject?.message} />
        <Textarea label="Description" minRows={4} autosize {...form.register("description")} error={form.formState.errors.description?.message} />
        <Button type="submit" loading={form.formState.isSubmitting}>Register complaint</Button>
      </Stack>
    </form>
  );
}

export function ComplaintDetailPage({ admin = false }: { admin?: boolean }) {
  const { id } = useParams();
  const { user } = useAuth();
  const client = useQueryClient();
  const [text, setText] = useState("");
  const [internal, setInternal] = useState(false);
  const [notes, setNotes] = useState("");
  const [error, setError] = useState("");
  const [stars, setStars] = useState(0);
  const complaint = useQuery({ queryKey: ["complaint", id], queryFn: () => api<Complaint>("GET", `/api/v1/complaints/${id}`) });
  const comments = useQuery({ queryKey: ["comments", id], queryFn: () => api<Page<Comment>>("GET", `/api/v1/complaints/${id}/comments?limit=100`) });
  const refresh = () => { client.invalidateQueries({ queryKey: ["complaint", id] }); client.invalidateQueries({ queryKey: ["comments", id] }); client.invalidateQueries({ queryKey: ["complaints"] }); };
  const act = useMutation({
    mutationFn: ({ method, path, body }: { method: string; path: string; body?: unknown }) => api(method, `/api/v1/complaints/${id}${path}`, body),
    onSuccess: () => { setError(""); setText(""); setNotes(""); refresh(); },
    onError: (e) => setError(e instanceof ApiError ? e.message : "Something went wrong."),
  });
  if (complaint.isLoading) return <Loading />;
  if (complaint.error) return <ErrorState error={complaint.error} />;
  const c = complaint.data!;
  return (
    <Stack>
      <Group><Title order={2}>{c.complaintId}</Title><StatusBadge status={c.status} /><Badge variant="outline">{c.priority}</Badge></Group>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      <Card withBorder>
        <Text fw={600}>{c.subject}</Text>
        <Text size="sm" c="dimmed">{c.category}{c.orderId ? ` · order ${c.orderId}` : ""} · assigned to {c.assignedTo?.fullName ?? "nobody yet"}</Text>
        <Text mt="sm" style={{ whiteSpace: "pre-wrap" }}>{c.description}</Text>
        {c.resolutionNotes && <Alert color="green" mt="sm" title="Resolution">{c.resolutionNotes}</Alert>}
      </Card>
      {!admin && (c.status === "Resolved" || c.status === "Closed") && (
        <Card withBorder aria-label="Rate the resolution">
          {c.feedback && c.feedback.resolutionNumber === c.reopenedCount + 1 ? (
            <Text>You rated this resolution {c.feedback.rating} / 5. Thank you!</Text>
          ) : (
            <Group>
              <Text>How did we do?</Text>
              <Rating value={stars} onChange={setStars} aria-label="Rating" />
              <Button size="xs" disabled={!stars} onClick={() => act.mutate({ method: "POST", path: "/feedback", body: { rating: stars } })}>Rate</Button>
            </Group>
          )}
        </Card>
      )}
      <Title order={3}>Conversation</Title>
      {comments.isLoading ? <Loading /> : comments.data?.items.length ? comments.data.items.map((m) => (
        <Paper key={m.id} withBorder p="sm" bg={m.isInternal ? "yellow.0" : undefined} aria-label={m.isInternal ? "Internal note" : "Message"}>
          <Text size="xs" c="dimmed">{m.authorName} · {m.userRole} · {when(m.createdAt)}{m.isInternal ? " · internal note (not visible to the customer)" : ""}</Text>
          <Text style={{ whiteSpace: "pre-wrap" }}>{m.comment}</Text>
        </Paper>
      )) : <Empty>No messages yet.</Empty>}
      <Stack maw={560}>
        <Textarea label={admin ? "Reply or internal note" : "Add a message"} value={text} onChange={(e) => setText(e.currentTarget.value)} />
        {admin && <Checkbox label="Internal note (never shown to the customer)" checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} />}
        <Button disabled={!text.trim()} onClick={() => act.mutate({ method: "POST", path: "/comments", body: { comment: text, ...(admin ? { isInternal: internal } : {}) } })}>
          {admin && internal ? "Add internal note" : "Send"}
        </Button>
      </Stack>
      <Group>
        {admin && c.status !== "Closed" && c.assignedTo?.userId !== user?.id && (
          <Button variant="light" onClick={() => act.mutate({ method: "PATCH", path: "/assign", body: { assignedTo: user!.id } })}>Assign to me</Button>
        )}
        {!admin && c.status === "Resolved" && <Button variant="light" onClick={() => act.mutate({ method: "PATCH", path: "/status", body: { status: "Closed" } })}>Close complaint</Button>}
      </Group>
      {((admin && (c.status === "Open" || c.status === "In Progress")) || c.status === "Resolved" || c.status === "Closed") && (
        <Stack maw={560}>
          <Textarea label={admin && c.status !== "Resolved" && c.status !== "Closed" ? "Resolution notes" : "Reason to reopen"} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
          {admin && (c.status === "Open" || c.status === "In Progress")
            ? <Button color="green" onClick={() => act.mutate({ method: "PATCH", path: "/resolve", body: { resolutionNotes: notes } })}>Resolve</Button>
            : <Button variant="light" onClick={() => act.mutate({ method: "POST", path: "/reopen", body: { reason: notes } })}>Reopen</Button>}
        </Stack>
      )}
    </Stack>
  );
}
