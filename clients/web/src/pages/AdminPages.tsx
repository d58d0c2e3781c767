// Administrator pages: customers (search, activate/deactivate, delete, erase, timeline) and email deliveries.
import { Alert, Button, Group, Menu, Modal, Pagination, SegmentedControl, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, qs } from "../api/client";
import {
  deliveryStatuses, deliveryTemplates, errorMessage, rupees, when, type Customer, type Delivery, type DeliveryService, type Page, type TimelineItem,
} from "@rman/api";
import { Empty, ErrorState, Loading, StatusBadge } from "../components/ui";

const customerStatuses = [
  { value: "Active,Inactive", label: "Active or inactive" },
  { value: "Active", label: "Active" },
  { value: "Inactive", label: "Inactive" },
  { value: "Deleted", label: "Deleted" },
  { value: "Active,Inactive,Deleted", label: "All" },
];

interface Removal { customer: Customer; erase: boolean }

// Soft delete (the account is closed, the record kept) or erasure (personal data anonymised everywhere, the email freed
// for a new registration); erasure is confirmed by typing the customer's email.
function RemoveCustomerModal({ removal: { customer, erase }, onClose }: { removal: Removal; onClose(): void }) {
  const client = useQueryClient();
  const [typed, setTyped] = useState("");
  const remove = useMutation({
    mutationFn: () => api<Customer>("DELETE", `/api/v1/customers/${customer.id}` + qs({ erase: erase ? "true" : undefined })),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ["customers"] });
      client.invalidateQueries({ queryKey: ["timeline", customer.id] });
      onClose();
    },
  });
  const confirmed = !erase || typed.trim().toLowerCase() === customer.email.toLowerCase();
  return (
    <Modal opened onClose={onClose} title={erase ? `Erase ${customer.fullName}` : `Delete ${customer.fullName}`}>
      <Stack>
        {erase ? (
          <Text size="sm">
            Their name, email, phone number and address are replaced by anonymous values here and in their orders and complaints,
            which are kept for accounting. They can no longer sign in, and the email address becomes free to register again.
            This cannot be undone.
          </Text>
        ) : (
          <Text size="sm">
            The account is closed: they can no longer sign in, and the record stays, marked Deleted, with its orders and complaints.
            This cannot be undone.
          </Text>
        )}
        {erase && (
          <TextInput label="Type the customer's email to confirm" description={customer.email} autoComplete="off" data-autofocus
                     value={typed} onChange={(e) => setTyped(e.currentTarget.value)} />
        )}
        {remove.error && <Alert color="red" role="alert">{errorMessage(remove.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Keep the customer</Button>
          <Button color="red" disabled={!confirmed} loading={remove.isPending} onClick={() => remove.mutate()}>
            {erase ? "Erase permanently" : "Delete customer"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function CustomersPage() {
  const [q, setQ] = useState("");
  const [status, setStatus] = useState(customerStatuses[0].value);
  const [selected, setSelected] = useState<Customer | null>(null);
  const [removal, setRemoval] = useState<Removal | null>(null);
  const client = useQueryClient();
  const search = q.trim().length > 0;
  const list = useQuery({
    queryKey: ["customers", q, status],
    queryFn: () => api<Page<Customer>>("GET", (search ? "/api/v1/customers/search" : "/api/v1/customers") + qs({ q: search ? q.trim() : undefined, status, limit: 50 })),
  });
  const timeline = useQuery({
    queryKey: ["timeline", selected?.id],
    enabled: !!selected,
    queryFn: () => api<Page<TimelineItem>>("GET", `/api/v1/customers/${selected!.id}/timeline?limit=50`),
  });
  const toggle = useMutation({
    mutationFn: (c: Customer) => api("PATCH", `/api/v1/customers/${c.id}/${c.accountStatus === "Active" ? "deactivate" : "activate"}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ["customers"] }),
  });
  return (
    <Stack>
      <Title order={2}>Customers</Title>
      <Group align="end">
        <TextInput label="Search by name, email, phone or id" value={q} onChange={(e) => setQ(e.currentTarget.value)} />
        <Select label="Status" data={customerStatuses} value={status} allowDeselect={false} onChange={(v) => v && setStatus(v)} />
      </Group>
      {toggle.error && <Alert color="red" role="alert">{errorMessage(toggle.error)}</Alert>}
      {list.isLoading ? <Loading /> : list.error ? <ErrorState error={list.error} /> : list.data!.items.length === 0 ? <Empty>No customers found.</Empty> : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped>
            <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Email</Table.Th><Table.Th>Status</Table.Th><Table.Th>Orders</Table.Th><Table.Th>Spent</Table.Th><Table.Th /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {list.data!.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td><Button variant="subtle" size="compact-sm" onClick={() => setSelected(c)}>{c.fullName}</Button></Table.Td>
                  <Table.Td>{c.email}</Table.Td>
                  <Table.Td><StatusBadge status={c.erased ? "Erased" : c.accountStatus} /></Table.Td>
                  <Table.Td>{c.totalOrders}</Table.Td>
                  <Table.Td>{rupees(c.totalSpent)}</Table.Td>
                  <Table.Td>{!c.erased && (
                    <Menu position="bottom-end">
                      <Menu.Target><Button size="xs" variant="light" aria-label={`Actions for ${c.fullName}`}>Actions</Button></Menu.Target>
                      <Menu.Dropdown>
                        {c.accountStatus !== "Deleted" && (
                          <>
                            <Menu.Item onClick={() => toggle.mutate(c)}>{c.accountStatus === "Active" ? "Deactivate" : "Activate"}</Menu.Item>
                            <Menu.Item color="red" onClick={() => setRemoval({ customer: c, erase: false })}>Delete…</Menu.Item>
                          </>
                        )}
                        <Menu.Item color="red" onClick={() => setRemoval({ customer: c, erase: true })}>Erase personal data…</Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  )}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {removal && <RemoveCustomerModal removal={removal} onClose={() => setRemoval(null)} />}
      {selected && (
        <Stack>
          <Title order={3}>Timeline of {selected.fullName}</Title>
          {timeline.isLoading ? <Loading /> : timeline.error ? <ErrorState error={timeline.error} /> : timeline.data!.items.length === 0 ? <Empty>Nothing recorded yet.</Empty> : timeline.data!.items.map((t) => (
            <Group key={t.id} wrap="nowrap" align="start"><Text size="sm" c="dimmed" miw={150}>{when(t.occurredAt)}</Text><Text size="sm">{t.summary}</Text></Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

const deliverySources: { value: DeliveryService; label: string }[] = [
  { value: "auth", label: "Accounts" },
  { value: "orders", label: "Orders" },
  { value: "complaints", label: "Complaints" },
];

// The emails each service sent or tried to send (§8.3); a failed one can be sent again.
export function DeliveriesPage() {
  const [service, setService] = useState<DeliveryService>("orders");
  const [status, setStatus] = useState<string | null>(null);
  const [template, setTemplate] = useState<string | null>(null);
  const [related, setRelated] = useState("");
  const [page, setPage] = useState(1);
  const client = useQueryClient();
  const path = `/api/v1/${service}/notifications`;
  const list = useQuery({
    queryKey: ["deliveries", service, status, template, related, page],
    queryFn: () => api<Page<Delivery>>("GET", path + qs({ status: status ?? undefined, template: template ?? undefined, relatedId: related.trim(), page, limit: 25 })),
  });
  const retry = useMutation({
    mutationFn: (d: Delivery) => api<Delivery>("POST", `${path}/${d.id}/retry`),
    onSuccess: () => client.invalidateQueries({ queryKey: ["deliveries", service] }),
  });
  // Every filter change starts again from the first page.
  const filtered = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };
  return (
    <Stack>
      <Title order={2}>Email deliveries</Title>
      <SegmentedControl aria-label="Sent by" value={service} data={deliverySources}
                        onChange={(v) => { setService(v as DeliveryService); setTemplate(null); setPage(1); }} />
      <Group align="end">
        <Select label="Status" placeholder="Any" clearable value={status} onChange={filtered(setStatus)} data={[...deliveryStatuses]} />
        <Select label="Email" placeholder="Any" clearable value={template} onChange={filtered(setTemplate)}
                data={deliveryTemplates[service].map((t) => ({ value: t, label: t.replaceAll("_", " ") }))} />
        <TextInput label="About" placeholder="Order or complaint number, user id" value={related}
                   onChange={(e) => filtered(setRelated)(e.currentTarget.value)} />
      </Group>
      {retry.error && <Alert color="red" role="alert">{errorMessage(retry.error)}</Alert>}
      {list.isLoading ? <Loading /> : list.error ? <ErrorState error={list.error} /> : list.data!.items.length === 0 ? <Empty>No deliveries match.</Empty> : (
        <>
          <Table.ScrollContainer minWidth={900}>
            <Table striped>
              <Table.Thead>
                <Table.Tr><Table.Th>Created</Table.Th><Table.Th>Email</Table.Th><Table.Th>Recipient</Table.Th><Table.Th>About</Table.Th><Table.Th>Status</Table.Th><Table.Th>Attempts</Table.Th><Table.Th /></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data!.items.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>{when(d.createdAt)}</Table.Td>
                    <Table.Td><Text size="sm">{d.subject}</Text><Text size="xs" c="dimmed">{d.template}</Text></Table.Td>
                    <Table.Td>{d.recipient}</Table.Td>
                    <Table.Td>{d.relatedId}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={d.status} />
                      {d.lastError && <Text size="xs" c="red">{d.lastError}</Text>}
                      {d.status === "queued" && d.nextAttemptAt && <Text size="xs" c="dimmed">next try {when(d.nextAttemptAt)}</Text>}
                      {d.sentAt && <Text size="xs" c="dimmed">sent {when(d.sentAt)}</Text>}
                    </Table.Td>
                    <Table.Td>{d.attempts}</Table.Td>
                    <Table.Td>{d.status === "failed" && (
                      <Button size="xs" variant="light" loading={retry.isPending && retry.variables?.id === d.id} onClick={() => retry.mutate(d)}
                              aria-label={`Retry the email to ${d.recipient}: ${d.subject}`}>
                        Retry
                      </Button>
                    )}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {list.data!.totalPages > 1 && (
            <Pagination total={list.data!.totalPages} value={page} onChange={setPage} aria-label="Pages"
                        getControlProps={(control) => ({ "aria-label": `${control} page` })} />
          )}
        </>
      )}
    </Stack>
  );
}
