// Complaints for customers (register, follow, comment, rate, reopen, close) and administrators (queue, priority,
// assignment to any administrator, reply, internal notes, resolve, reopen, close).
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Badge, Button, Card, Checkbox, Group, Paper, Rating, Select, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Link, useNavigate, useParams } from "react-router-dom";
import { z } from "zod";
import { useAuth } from "../api/auth";
import { api, qs } from "../api/client";
import { canReopenComplaint, categories, errorMessage, isResolved, priorities, when, type Comment, type Complaint, type Order, type Page, type User } from "@rman/api";
import { Empty, ErrorState, Loading, StatusBadge } from "../components/ui";
import { applyServerErrors } from "./AuthPages";

// The active administrators, who can be assigned complaints.
function useAdministrators(enabled: boolean) {
  return useQuery({
    queryKey: ["administrators"],
    enabled,
    queryFn: () => api<Page<User>>("GET", "/api/v1/auth/admin/users" + qs({ role: "Administrator", isActive: "true", sort: "fullName", limit: 100 })),
  });
}

export function ComplaintsPage({ admin = false }: { admin?: boolean }) {
  const { user } = useAuth();
  const [filter, setFilter] = useState<string | null>(admin ? "Open,In Progress" : null);
  const [assigned, setAssigned] = useState<string | null>(null);
  const administrators = useAdministrators(admin);
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
        {admin && (
          <Select label="Assigned" clearable value={assigned} onChange={setAssigned}
                  data={[{ value: "me", label: "To me" }, { value: "none", label: "Unassigned" },
                         ...(administrators.data?.items ?? []).filter((a) => a.id !== user?.id).map((a) => ({ value: a.id, label: a.fullName }))]} />
        )}
      </Group>
      {list.isLoading ? <Loading /> : list.error ? <ErrorState error={list.error} /> : list.data!.items.length === 0 ? <Empty>No complaints.</Empty> : (
        <Table.ScrollContainer minWidth={640}>
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
        </Table.ScrollContainer>
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

type Feedback = NonNullable<Complaint["feedback"]>;

// The customer's rating of a resolution, with its comment.
function FeedbackView({ title, feedback }: { title: string; feedback: Feedback }) {
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text>{title}</Text>
        <Rating value={feedback.rating} readOnly aria-hidden />
      </Group>
      {feedback.comment && <Text style={{ whiteSpace: "pre-wrap" }}>“{feedback.comment}”</Text>}
      <Text size="xs" c="dimmed">{when(feedback.createdAt)}</Text>
    </Stack>
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
  const [remark, setRemark] = useState("");
  const complaint = useQuery({ queryKey: ["complaint", id], queryFn: () => api<Complaint>("GET", `/api/v1/complaints/${id}`) });
  const comments = useQuery({ queryKey: ["comments", id], queryFn: () => api<Page<Comment>>("GET", `/api/v1/complaints/${id}/comments?limit=100`) });
  const administrators = useAdministrators(admin);
  const refresh = () => { client.invalidateQueries({ queryKey: ["complaint", id] }); client.invalidateQueries({ queryKey: ["comments", id] }); client.invalidateQueries({ queryKey: ["complaints"] }); };
  const act = useMutation({
    mutationFn: ({ method, path, body }: { method: string; path: string; body?: unknown }) => api(method, `/api/v1/complaints/${id}${path}`, body),
    onSuccess: () => { setError(""); refresh(); },
    onError: (e) => setError(errorMessage(e)),
  });
  if (complaint.isLoading) return <Loading />;
  if (complaint.error) return <ErrorState error={complaint.error} />;
  const c = complaint.data!;
  const resolved = isResolved(c);
  const rated = c.feedback?.resolutionNumber === c.reopenedCount + 1 ? c.feedback : null;  // this resolution's rating
  const canReopen = canReopenComplaint(c, admin);
  const assignees = [{ value: "none", label: "Nobody" },
    ...(administrators.data?.items ?? []).map((a) => ({ value: a.id, label: a.id === user?.id ? `${a.fullName} (me)` : a.fullName }))];
  const assignee = c.assignedTo;  // may have been deactivated since, so not among the administrators listed
  if (assignee && !assignees.some((a) => a.value === assignee.userId)) assignees.push({ value: assignee.userId, label: assignee.fullName });
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
      {admin && (
        <Group align="end">
          <Select label="Priority" w={160} data={[...priorities]} value={c.priority} allowDeselect={false}
                  onChange={(v) => { if (v && v !== c.priority) act.mutate({ method: "PUT", path: "", body: { priority: v } }); }} />
          <Select label="Assignee" w={260} data={assignees} value={c.assignedTo?.userId ?? "none"} allowDeselect={false} disabled={c.status === "Closed"}
                  onChange={(v) => { if (v) act.mutate({ method: "PATCH", path: "/assign", body: { assignedTo: v === "none" ? null : v } }); }} />
          {c.status !== "Closed" && c.assignedTo?.userId !== user?.id && (
            <Button variant="light" onClick={() => act.mutate({ method: "PATCH", path: "/assign", body: { assignedTo: user!.id } })}>Assign to me</Button>
          )}
        </Group>
      )}
      {admin && c.feedback && (
        <Card withBorder aria-label="Customer feedback">
          <FeedbackView title={`Customer rating of resolution ${c.feedback.resolutionNumber}: ${c.feedback.rating} / 5`} feedback={c.feedback} />
        </Card>
      )}
      {!admin && resolved && (
        <Card withBorder aria-label="Rate the resolution">
          {rated ? (
            <FeedbackView title={`You rated this resolution ${rated.rating} / 5. Thank you!`} feedback={rated} />
          ) : (
            <Stack maw={560}>
              <Text>How did we do?</Text>
              <Rating value={stars} onChange={setStars} aria-label="Rating" />
              <Textarea label="Comment (optional)" maxLength={1000} autosize minRows={2} value={remark} onChange={(e) => setRemark(e.currentTarget.value)} />
              <Group>
                <Button size="xs" disabled={!stars}
                        onClick={() => act.mutate({ method: "POST", path: "/feedback", body: { rating: stars, ...(remark.trim() ? { comment: remark } : {}) } })}>
                  Rate
                </Button>
              </Group>
            </Stack>
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
        <Button disabled={!text.trim()}
                onClick={() => act.mutate({ method: "POST", path: "/comments", body: { comment: text, ...(admin ? { isInternal: internal } : {}) } }, { onSuccess: () => setText("") })}>
          {admin && internal ? "Add internal note" : "Send"}
        </Button>
      </Stack>
      {c.status === "Resolved" && (
        <Group><Button variant="light" onClick={() => act.mutate({ method: "PATCH", path: "/status", body: { status: "Closed" } })}>Close complaint</Button></Group>
      )}
      {(admin && !resolved) || canReopen ? (
        <Stack maw={560}>
          <Textarea label={resolved ? "Reason to reopen" : "Resolution notes"} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
          {resolved
            ? <Button variant="light" onClick={() => act.mutate({ method: "POST", path: "/reopen", body: { reason: notes } }, { onSuccess: () => setNotes("") })}>Reopen</Button>
            : <Button color="green" onClick={() => act.mutate({ method: "PATCH", path: "/resolve", body: { resolutionNotes: notes } }, { onSuccess: () => setNotes("") })}>Resolve</Button>}
        </Stack>
      ) : resolved && <Text size="sm" c="dimmed">This complaint can no longer be reopened; please register a new complaint.</Text>}
    </Stack>
  );
}
