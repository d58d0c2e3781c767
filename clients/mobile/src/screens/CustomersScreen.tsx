// Administrators look customers up (name, email, phone or id) and deactivate or reactivate their accounts.
import { qs, rupees, type Customer, type Page } from "@rman/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Card, Text } from "react-native-paper";
import { client } from "../api/client";
import { Heading, Input, Notice, QueryView, Screen, StatusChip, describeError } from "../components/ui";

function CustomerCard({ customer: c, onToggle }: { customer: Customer; onToggle: () => void }) {
  const action = c.accountStatus === "Active" ? "Deactivate" : "Activate";
  return (
    <Card mode="outlined">
      <Card.Title title={c.fullName} subtitle={c.email} right={() => <StatusChip status={c.erased ? "Erased" : c.accountStatus} />} />
      <Card.Content><Text>{c.totalOrders} orders · {rupees(c.totalSpent)} · {c.totalComplaints} complaints</Text></Card.Content>
      {!c.erased && c.accountStatus !== "Deleted" && (
        <Card.Actions><Button onPress={onToggle} accessibilityLabel={`${action} ${c.fullName}`}>{action}</Button></Card.Actions>
      )}
    </Card>
  );
}

export function CustomersScreen() {
  const [q, setQ] = useState("");
  const queries = useQueryClient();
  const search = q.trim();
  const list = useQuery({
    queryKey: ["customers", search],
    queryFn: () => client.api<Page<Customer>>("GET", (search ? "/api/v1/customers/search" : "/api/v1/customers") + qs({ q: search || undefined, limit: 50 })),
  });
  const toggle = useMutation({
    mutationFn: (c: Customer) => client.api<Customer>("PATCH", `/api/v1/customers/${c.id}/${c.accountStatus === "Active" ? "deactivate" : "activate"}`),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["customers"] }),
  });
  return (
    <Screen refreshing={list.isRefetching} onRefresh={list.refetch}>
      <Heading>Customers</Heading>
      <Input label="Search by name, email, phone or id" value={q} onChangeText={setQ} autoCapitalize="none" />
      {toggle.error && <Notice>{describeError(toggle.error)}</Notice>}
      <QueryView query={list} empty={(p) => p.items.length === 0 && "No customers found."}>
        {(p) => p.items.map((c) => <CustomerCard key={c.id} customer={c} onToggle={() => toggle.mutate(c)} />)}
      </QueryView>
    </Screen>
  );
}
