// Administrator pages: customers (search, activate/deactivate, timeline).
import { Button, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, qs } from "../api/client";
import { rupees, when, type Customer, type Page, type TimelineItem } from "../api/types";
import { Empty, ErrorState, Loading, StatusBadge } from "../components/ui";

export function CustomersPage() {
  const [q, setQ] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  const client = useQueryClient();
  const search = q.trim().length > 0;
  const list = useQuery({
    queryKey: ["customers", q],
    queryFn: () => api<Page<Customer>>("GET", (search ? "/api/v1/customers/search" : "/api/v1/customers") + qs({ q: search ? q.trim() : undefined, limit: 50 })),
  });
  const timeline = useQuery({
    queryKey: ["timeline", selected],
    enabled: !!selected,
    queryFn: () => api<Page<TimelineItem>>("GET", `/api/v1/customers/${selected}/timeline?limit=50`),
  });
  const toggle = useMutation({
    mutationFn: (c: Customer) => api("PATCH", `/api/v1/customers/${c.id}/${c.accountStatus === "Active" ? "deactivate" : "activate"}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ["customers"] }),
  });
  return (
    <Stack>
      <Title order={2}>Customers</Title>
      <TextInput label="Search by name, email, phone or id" value={q} onChange={(e) => setQ(e.currentTarget.value)} />
      {list.isLoading ? <Loading /> : list.error ? <ErrorState error={list.error} /> : list.data!.items.length === 0 ? <Empty>No customers found.</Empty> : (
        <Table striped>
          <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Email</Table.Th><Table.Th>Status</Table.Th><Table.Th>Orders</Table.Th><Table.Th>Spent</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {list.data!.items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td><Button variant="subtle" size="compact-sm" onClick={() => setSelected(c.id)}>{c.fullName}</Button></Table.Td>
                <Table.Td>{c.email}</Table.Td>
                <Table.Td><StatusBadge status={c.accountStatus} /></Table.Td>
                <Table.Td>{c.totalOrders}</Table.Td>
                <Table.Td>{rupees(c.totalSpent)}</Table.Td>
                <Table.Td>{c.accountStatus !== "Deleted" && (
                  <Button size="xs" variant="light" color={c.accountStatus === "Active" ? "red" : "green"} onClick={() => toggle.mutate(c)}>
                    {c.accountStatus === "Active" ? "Deactivate" : "Activate"}
                  </Button>
                )}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {selected && (
        <Stack>
          <Title order={3}>Timeline</Title>
          {timeline.isLoading ? <Loading /> : timeline.data?.items.map((t) => (
            <Group key={t.id}><Text size="sm" c="dimmed" w={180}>{when(t.occurredAt)}</Text><Text size="sm">{t.summary}</Text></Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
