// Complaints: the customer's own (register one, linked to an order; follow the thread; close or reopen) and, for
// administrators, the queue (assign, reply, internal note, resolve, reopen).
import { zodResolver } from "@hookform/resolvers/zod";
import {
  canReopenComplaint, categories, complaintStatuses, isResolved, qs, when, type Comment, type Complaint, type ComplaintStatus, type Order, type Page,
} from "@rman/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { View } from "react-native";
import { Button, Card, Chip, List, Switch, Text } from "react-native-paper";
import { z } from "zod";
import { useAuth } from "../api/auth";
import { client, idempotencyKey } from "../api/client";
import { Empty, Field, Heading, Input, Notice, QueryView, Screen, StatusChip, StatusFilter, Timeline, applyServerErrors, describeError, styles } from "../components/ui";
import { useRootNavigation, type ScreenProps } from "../navigation";

export function ComplaintsScreen() {
  const admin = useAuth().user?.role === "Administrator";
  const navigation = useRootNavigation();
  const [status, setStatus] = useState<ComplaintStatus | null>(null);
  const list = useQuery({
    queryKey: ["complaints", status],
    queryFn: () => client.api<Page<Complaint>>("GET", "/api/v1/complaints" + qs({ status: status ?? undefined, limit: 50 })),
  });
  return (
    <Screen refreshing={list.isRefetching} onRefresh={list.refetch}>
      <View style={styles.row}>
        <Heading>{admin ? "Complaint queue" : "My complaints"}</Heading>
        {!admin && <Button mode="contained-tonal" icon="plus" onPress={() => navigation.navigate("NewComplaint")}>New complaint</Button>}
      </View>
      <StatusFilter statuses={complaintStatuses} value={status} onChange={setStatus} />
      <QueryView query={list} empty={(p) => p.items.length === 0 && "No complaints."}>
        {(p) => p.items.map((c) => (
          <List.Item key={c.id} title={c.complaintId} description={`${c.subject} · ${c.priority} · ${when(c.createdAt)}`}
                     onPress={() => navigation.navigate("Complaint", { id: c.id })} right={() => <StatusChip status={c.status} />} />
        ))}
      </QueryView>
    </Screen>
  );
}

const complaintSchema = z.object({
  category: z.enum(categories),
  orderId: z.string(),
  subject: z.string().trim().min(5, "At least 5 characters").max(150),
  description: z.string().trim().min(10, "At least 10 characters").max(5000),
});

// Picks one of `options` (labels as shown); `none` adds a choice of nothing ("").
function Choice({ label, options, value, onChange, none }: { label: string; options: string[]; value: string; onChange: (v: string) => void; none?: string }) {
  return (
    <View accessibilityLabel={label} style={styles.row}>
      <Text variant="labelLarge">{label}</Text>
      {none && <Chip selected={value === ""} onPress={() => onChange("")}>{none}</Chip>}
      {options.map((o) => <Chip key={o} selected={value === o} onPress={() => onChange(o)}>{o}</Chip>)}
    </View>
  );
}

export function NewComplaintScreen({ route, navigation }: ScreenProps<"NewComplaint">) {
  const queries = useQueryClient();
  const [message, setMessage] = useState("");
  const orders = useQuery({ queryKey: ["orders", "mine-for-complaint"], queryFn: () => client.api<Page<Order>>("GET", "/api/v1/orders?limit=100") });
  const form = useForm<z.infer<typeof complaintSchema>>({
    resolver: zodResolver(complaintSchema),
    defaultValues: { category: "Product Quality", orderId: route.params?.orderId ?? "", subject: "", description: "" },
  });
  const submit = form.handleSubmit(async ({ orderId, ...v }) => {
    try {
      const c = await client.api<Complaint>("POST", "/api/v1/complaints", { ...v, orderId: orderId || undefined }, { "Idempotency-Key": idempotencyKey() });
      queries.invalidateQueries({ queryKey: ["complaints"] });
      navigation.replace("Complaint", { id: c.id });
    } catch (e) {
      setMessage(applyServerErrors(e, form.setError, ["category", "subject", "description", "orderId"]));
    }
  });
  return (
    <Screen>
      <Heading>New complaint</Heading>
      {message && <Notice>{message}</Notice>}
      <Controller control={form.control} name="category" render={({ field }) => (
        <Choice label="Category" options={[...categories]} value={field.value} onChange={field.onChange} />
      )} />
      <Controller control={form.control} name="orderId" render={({ field, fieldState }) => (
        <>
          <Choice label="Order" none="No order" options={(orders.data?.items ?? []).map((o) => o.orderId)} value={field.value} onChange={field.onChange} />
          {fieldState.error && <Notice>{fieldState.error.message}</Notice>}
        </>
      )} />
      <Field control={form.control} name="subject" label="Subject" />
      <Field control={form.control} name="description" label="Description" multiline numberOfLines={4} />
      <Button mode="contained" onPress={submit} loading={form.formState.isSubmitting}>Register complaint</Button>
    </Screen>
  );
}

function Thread({ id }: { id: string }) {
  const comments = useQuery({ queryKey: ["comments", id], queryFn: () => client.api<Page<Comment>>("GET", `/api/v1/complaints/${id}/comments?limit=100`) });
  return (
    <QueryView query={comments} empty={(p) => p.items.length === 0 && "No messages yet."}>
      {(p) => p.items.map((m) => (
        <Card key={m.id} mode={m.isInternal ? "contained" : "outlined"} accessibilityLabel={m.isInternal ? "Internal note" : "Message"}>
          <Card.Content>
            <Text variant="bodySmall">{m.authorName} · {m.userRole} · {when(m.createdAt)}{m.isInternal ? " · internal note" : ""}</Text>
            <Text>{m.comment}</Text>
          </Card.Content>
        </Card>
      ))}
    </QueryView>
  );
}

interface Action { method: string; path: string; body?: unknown }

export function ComplaintDetailScreen({ route }: ScreenProps<"Complaint">) {
  const { id } = route.params;
  const { user } = useAuth();
  const admin = user?.role === "Administrator";
  const queries = useQueryClient();
  const complaint = useQuery({ queryKey: ["complaint", id], queryFn: () => client.api<Complaint>("GET", `/api/v1/complaints/${id}`) });
  const act = useMutation({
    mutationFn: ({ method, path, body }: Action) => client.api(method, `/api/v1/complaints/${id}${path}`, body),
    onSuccess: () => ["complaint", "comments", "complaints"].forEach((key) => queries.invalidateQueries({ queryKey: [key] })),
  });
  // Resolves whether it worked; a failure shows above.
  const run = (a: Action) => act.mutateAsync(a).then(() => true, () => false);
  const refresh = () => Promise.all([complaint.refetch(), queries.invalidateQueries({ queryKey: ["comments", id] })]);
  return (
    <Screen refreshing={complaint.isRefetching} onRefresh={refresh}>
      <QueryView query={complaint}>
        {(c) => (
          <>
            <View style={styles.row}><Heading>{c.complaintId}</Heading><StatusChip status={c.status} /><Chip compact>{c.priority}</Chip></View>
            {act.error && <Notice>{describeError(act.error)}</Notice>}
            <Text variant="titleMedium">{c.subject}</Text>
            <Text variant="bodySmall">{c.category}{c.orderId ? ` · order ${c.orderId}` : ""} · assigned to {c.assignedTo?.fullName ?? "nobody yet"}</Text>
            <Text>{c.description}</Text>
            {c.resolutionNotes && <Notice tone="info">Resolution: {c.resolutionNotes}</Notice>}
            <Text variant="titleMedium">Timeline</Text>
            <Timeline history={c.history ?? []} />
            <Text variant="titleMedium">Conversation</Text>
            <Thread id={id} />
            {c.status !== "Closed" && <Reply admin={admin} send={(body) => run({ method: "POST", path: "/comments", body })} />}
            {admin && c.status !== "Closed" && c.assignedTo?.userId !== user?.id && (
              <Button mode="outlined" onPress={() => run({ method: "PATCH", path: "/assign", body: { assignedTo: user!.id } })}>Assign to me</Button>
            )}
            <StatusActions complaint={c} admin={admin} run={run} />
          </>
        )}
      </QueryView>
    </Screen>
  );
}

// A message to the thread; administrators may make it an internal note, never shown to the customer.
function Reply({ admin, send }: { admin: boolean; send: (body: { comment: string; isInternal?: boolean }) => Promise<boolean> }) {
  const [text, setText] = useState("");
  const [internal, setInternal] = useState(false);
  return (
    <>
      <Input label={admin ? "Reply or internal note" : "Add a message"} value={text} onChangeText={setText} multiline />
      {admin && (
        <View style={styles.row}>
          <Switch value={internal} onValueChange={setInternal} accessibilityLabel="Internal note (never shown to the customer)" />
          <Text>Internal note (never shown to the customer)</Text>
        </View>
      )}
      <Button mode="contained" disabled={!text.trim()} onPress={() => send({ comment: text, ...(admin ? { isInternal: internal } : {}) }).then((ok) => ok && setText(""))}>
        {admin && internal ? "Add internal note" : "Send"}
      </Button>
    </>
  );
}

// Resolve (administrators), close (once resolved) and reopen (administrators any time, the owner within the window).
function StatusActions({ complaint: c, admin, run }: { complaint: Complaint; admin: boolean; run: (a: Action) => Promise<boolean> }) {
  const [notes, setNotes] = useState("");
  const done = (ok: boolean) => ok && setNotes("");
  const resolved = isResolved(c);
  return (
    <>
      {c.status === "Resolved" && <Button mode="outlined" onPress={() => run({ method: "PATCH", path: "/status", body: { status: "Closed" } })}>Close complaint</Button>}
      {admin && !resolved && (
        <>
          <Input label="Resolution notes" value={notes} onChangeText={setNotes} multiline />
          <Button mode="contained" onPress={() => run({ method: "PATCH", path: "/resolve", body: { resolutionNotes: notes } }).then(done)}>Resolve</Button>
        </>
      )}
      {canReopenComplaint(c, admin) && (
        <>
          <Input label="Reason to reopen" value={notes} onChangeText={setNotes} multiline />
          <Button mode="outlined" onPress={() => run({ method: "POST", path: "/reopen", body: { reason: notes } }).then(done)}>Reopen</Button>
        </>
      )}
      {resolved && !canReopenComplaint(c, admin) && <Empty>This complaint can no longer be reopened; please register a new complaint.</Empty>}
    </>
  );
}
