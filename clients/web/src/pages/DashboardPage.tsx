// The administrator's dashboard: the business figures of issue #10 (orders, complaints, customers) as bar charts.
import { Card, Group, Progress, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, qs } from "../api/client";
import { rupees } from "../api/types";
import { ErrorState, Loading } from "../components/ui";

interface Count { count: number; [key: string]: string | number }
interface OrderStats {
  series: { start: string; orders: number; revenue: number }[]; byStatus: Count[]; placed: number; revenue: number;
  completionRate: number | null; cancellationRate: number | null; returnRate: number | null; averageOrderValue: number | null;
}
interface ComplaintStats {
  byCategory: Count[]; openByAge: Count[]; reopenRate: number | null;
  firstResponseHours: { median: number | null; p90: number | null }; resolutionHours: { median: number | null; p90: number | null };
  satisfaction: { ratings: number; average: number | null; byCategory: { category: string; average: number; ratings: number }[] };
}
interface CustomerStats { active: number; inactive: number; withOrders: number; adoptionRate: number | null; repeatPurchaseRate: number | null }

function Bars({ title, rows }: { title: string; rows: { label: string; value: number; text?: string }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <Card withBorder aria-label={title}>
      <Title order={4} mb="sm">{title}</Title>
      {rows.length === 0 ? <Text c="dimmed" size="sm">No data in this period.</Text> : rows.map((r) => (
        <Stack key={r.label} gap={2} mb={6}>
          <Group justify="space-between"><Text size="sm">{r.label}</Text><Text size="sm" fw={600}>{r.text ?? r.value}</Text></Group>
          <Progress value={(r.value / max) * 100} aria-label={`${r.label}: ${r.text ?? r.value}`} />
        </Stack>
      ))}
    </Card>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">{label}</Text>
      <Text size="xl" fw={700}>{value}</Text>
    </Card>
  );
}

const pct = (v: number | null) => (v === null ? "—" : `${v.toFixed(2)} %`);

export function DashboardPage() {
  const today = new Date().toISOString().slice(0, 10);
  const [from, setFrom] = useState(new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10));
  const [to, setTo] = useState(today);
  const range = qs({ from, to });
  const orders = useQuery({ queryKey: ["stats", "orders", range], queryFn: () => api<OrderStats>("GET", "/api/v1/orders/stats" + range) });
  const complaints = useQuery({ queryKey: ["stats", "complaints", range], queryFn: () => api<ComplaintStats>("GET", "/api/v1/complaints/stats" + range) });
  const customers = useQuery({ queryKey: ["stats", "customers", range], queryFn: () => api<CustomerStats>("GET", "/api/v1/customers/stats" + range) });
  if (orders.isLoading || complaints.isLoading || customers.isLoading) return <Loading />;
  const error = orders.error ?? complaints.error ?? customers.error;
  if (error) return <ErrorState error={error} />;
  const o = orders.data!, c = complaints.data!, u = customers.data!;
  return (
    <Stack>
      <Group justify="space-between" align="end">
        <Title order={2}>Dashboard</Title>
        <Group>
          <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Figure label="Orders" value={String(o.placed)} />
        <Figure label="Revenue" value={rupees(o.revenue)} />
        <Figure label="Completion rate" value={pct(o.completionRate)} />
        <Figure label="Average order" value={o.averageOrderValue === null ? "—" : rupees(o.averageOrderValue)} />
        <Figure label="Cancellation rate" value={pct(o.cancellationRate)} />
        <Figure label="Return rate" value={pct(o.returnRate)} />
        <Figure label="Customers buying (adoption)" value={pct(u.adoptionRate)} />
        <Figure label="Satisfaction" value={c.satisfaction.average === null ? "—" : `${c.satisfaction.average.toFixed(2)} / 5 (${c.satisfaction.ratings})`} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Bars title="Orders per day" rows={o.series.map((b) => ({ label: b.start.slice(0, 10), value: b.orders, text: `${b.orders} · ${rupees(b.revenue)}` }))} />
        <Bars title="Orders by status" rows={o.byStatus.map((s) => ({ label: String(s.status), value: s.count }))} />
        <Bars title="Open complaints by age" rows={c.openByAge.map((s) => ({ label: String(s.age), value: s.count }))} />
        <Bars title="Complaints by category" rows={c.byCategory.map((s) => ({ label: String(s.category), value: s.count }))} />
        <Bars title="Satisfaction by category" rows={c.satisfaction.byCategory.map((s) => ({ label: s.category, value: s.average, text: `${s.average.toFixed(2)} (${s.ratings})` }))} />
        <Card withBorder>
          <Title order={4} mb="sm">Complaint handling</Title>
          <Text size="sm">First response: median {c.firstResponseHours.median ?? "—"} h, 90th percentile {c.firstResponseHours.p90 ?? "—"} h</Text>
          <Text size="sm">Resolution: median {c.resolutionHours.median ?? "—"} h, 90th percentile {c.resolutionHours.p90 ?? "—"} h</Text>
          <Text size="sm">Reopen rate: {pct(c.reopenRate)}</Text>
          <Text size="sm">Active customers: {u.active}, inactive: {u.inactive}, repeat purchase rate: {pct(u.repeatPurchaseRate)}</Text>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
