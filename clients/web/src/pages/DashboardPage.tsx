// The administrator's dashboard: the business figures of issue #10 (orders, complaints, customers) as bar charts.
// Figures cover the records created in the date range, bucketed per day or week, except the open-complaint backlog,
// which is everything open now.
import {
  Box, Card, ColorSwatch, Group, NativeSelect, Progress, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden,
} from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, qs } from "../api/client";
import {
  rupees, type ComplaintStats, type ComplaintTrendBucket, type CustomerStats, type OrderStats, type StatsInterval,
} from "@rman/api";
import { ErrorState, Loading } from "../components/ui";

function Bars({ title, description, empty = "No data in this period.", rows }: {
  title: string; description?: string; empty?: string; rows: { label: string; value: number; text?: string }[];
}) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <Card withBorder aria-label={title}>
      <Title order={4} mb={description ? 2 : "sm"}>{title}</Title>
      {description && <Text size="xs" c="dimmed" mb="sm">{description}</Text>}
      {rows.length === 0 ? <Text c="dimmed" size="sm">{empty}</Text> : rows.map((r) => (
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
const hours = (v: number | null) => (v === null ? "—" : `${v} h`);
const bucketLabel = (start: string, interval: StatsInterval) =>
  interval === "week" ? `Week of ${start.slice(0, 10)}` : start.slice(0, 10);

function Legend({ items }: { items: [color: string, label: string][] }) {
  return (
    <Group gap="md" mb="xs" aria-hidden="true">
      {items.map(([color, label]) => (
        <Group key={label} gap={6} wrap="nowrap">
          <ColorSwatch size={10} color={`var(--mantine-color-${color}-filled)`} withShadow={false} />
          <Text size="xs">{label}</Text>
        </Group>
      ))}
    </Group>
  );
}

// The resolution-time trend: per creation day/week, the median hours to resolution (one bar, scaled to the largest
// median) and the complaints registered, split into resolved and not yet resolved (one bar, scaled to the busiest
// bucket). The bars are drawn for the eye; assistive technology gets the same figures as a table.
function ResolutionTrend({ interval, series }: { interval: StatsInterval; series: ComplaintTrendBucket[] }) {
  const maxHours = Math.max(1, ...series.map((b) => b.resolutionHoursMedian ?? 0));
  const maxCount = Math.max(1, ...series.map((b) => b.registered));
  const unit = interval === "week" ? "Week" : "Day";
  return (
    <Card withBorder aria-label="Resolution time">
      <Title order={4} mb={2}>Resolution time</Title>
      <Text size="xs" c="dimmed" mb="sm">
        Complaints by the {interval} they were registered: median hours to resolution, and how many of them are resolved.
      </Text>
      {series.length === 0 ? <Text c="dimmed" size="sm">No complaints registered in this period.</Text> : (
        <>
          <Legend items={[["blue", "Median hours to resolution"], ["teal", "Resolved"], ["gray", "Not yet resolved"]]} />
          <Box aria-hidden="true">
            {series.map((b) => (
              <Stack key={b.start} gap={3} mb={8}>
                <Group justify="space-between" gap="xs">
                  <Text size="sm">{bucketLabel(b.start, interval)}</Text>
                  <Text size="sm" fw={600}>median {hours(b.resolutionHoursMedian)} · {b.resolved} of {b.registered} resolved</Text>
                </Group>
                <Progress size="sm" color="blue" value={((b.resolutionHoursMedian ?? 0) / maxHours) * 100} />
                <Progress.Root size="sm">
                  <Progress.Section color="teal" value={(b.resolved / maxCount) * 100} />
                  <Progress.Section color="gray" value={((b.registered - b.resolved) / maxCount) * 100} />
                </Progress.Root>
              </Stack>
            ))}
          </Box>
          <VisuallyHidden>
            <Table>
              <caption>Resolution time per {interval}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{unit}</Table.Th>
                  <Table.Th scope="col">Registered</Table.Th>
                  <Table.Th scope="col">Resolved</Table.Th>
                  <Table.Th scope="col">Median hours to resolution</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {series.map((b) => (
                  <Table.Tr key={b.start}>
                    <Table.Th scope="row">{bucketLabel(b.start, interval)}</Table.Th>
                    <Table.Td>{b.registered}</Table.Td>
                    <Table.Td>{b.resolved}</Table.Td>
                    <Table.Td>{b.resolutionHoursMedian ?? "none resolved"}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </VisuallyHidden>
        </>
      )}
    </Card>
  );
}

export function DashboardPage() {
  const today = new Date().toISOString().slice(0, 10);
  const [from, setFrom] = useState(new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10));
  const [to, setTo] = useState(today);
  const [interval, setIntervalKind] = useState<StatsInterval>("day");
  const range = qs({ from, to });
  const bucketed = qs({ from, to, interval });
  // Changing the range or interval keeps the previous figures on screen (and the inputs focused) until the new ones arrive.
  const keep = { placeholderData: keepPreviousData };
  const orders = useQuery({ queryKey: ["stats", "orders", bucketed], queryFn: () => api<OrderStats>("GET", "/api/v1/orders/stats" + bucketed), ...keep });
  const complaints = useQuery({ queryKey: ["stats", "complaints", bucketed], queryFn: () => api<ComplaintStats>("GET", "/api/v1/complaints/stats" + bucketed), ...keep });
  const customers = useQuery({ queryKey: ["stats", "customers", range], queryFn: () => api<CustomerStats>("GET", "/api/v1/customers/stats" + range), ...keep });
  const error = orders.error ?? complaints.error ?? customers.error;
  const o = orders.data, c = complaints.data, u = customers.data;
  const updating = orders.isPlaceholderData || complaints.isPlaceholderData || customers.isPlaceholderData;
  return (
    <Stack>
      <Group justify="space-between" align="end">
        <Title order={2}>Dashboard</Title>
        <Group align="end">
          <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          <NativeSelect label="Interval" value={interval} onChange={(e) => setIntervalKind(e.currentTarget.value as StatsInterval)}
            data={[{ value: "day", label: "Day" }, { value: "week", label: "Week" }]} />
        </Group>
      </Group>
      {error ? <ErrorState error={error} /> : !o || !c || !u ? <Loading /> : (
        <Stack aria-busy={updating} style={{ opacity: updating ? 0.6 : 1 }}>
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
            <Bars title={`Orders per ${o.interval}`} rows={o.series.map((b) => ({ label: bucketLabel(b.start, o.interval), value: b.orders, text: `${b.orders} · ${rupees(b.revenue)}` }))} />
            <Bars title="Orders by status" rows={o.byStatus.map((s) => ({ label: s.status, value: s.count }))} />
            <ResolutionTrend interval={c.interval} series={c.series} />
            <Bars title="Open complaints by age (current backlog)" description="Every complaint open now, whatever the date range."
              empty="No open complaints." rows={c.openByAge.map((s) => ({ label: s.age, value: s.count }))} />
            <Bars title="Complaints by category" rows={c.byCategory.map((s) => ({ label: s.category, value: s.count }))} />
            <Bars title="Satisfaction by category" rows={c.satisfaction.byCategory.map((s) => ({ label: s.category, value: s.average, text: `${s.average.toFixed(2)} (${s.ratings})` }))} />
            <Card withBorder>
              <Title order={4} mb="sm">Complaint handling</Title>
              <Text size="sm">First response: median {hours(c.firstResponseHours.median)}, 90th percentile {hours(c.firstResponseHours.p90)}</Text>
              <Text size="sm">Resolution: median {hours(c.resolutionHours.median)}, 90th percentile {hours(c.resolutionHours.p90)}</Text>
              <Text size="sm">Reopen rate: {pct(c.reopenRate)}</Text>
              <Text size="sm">Active customers: {u.active}, inactive: {u.inactive}, repeat purchase rate: {pct(u.repeatPurchaseRate)}</Text>
            </Card>
          </SimpleGrid>
        </Stack>
      )}
    </Stack>
  );
}
