// Pieces every screen uses: a scrolling screen with pull-to-refresh, loading / empty / error (and offline) states,
// status chips, messages, the status timeline and form fields.
import { ApiError, applyFieldErrors, errorMessage, when, type HistoryEntry } from "@rman/api";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Controller, type Control, type FieldValues, type Path, type UseFormSetError } from "react-hook-form";
import { RefreshControl, ScrollView, StyleSheet, View } from "react-native";
import { ActivityIndicator, Button, Card, Chip, HelperText, Text, TextInput, type TextInputProps } from "react-native-paper";
import { apiBaseUrl } from "../api/config";

// The offline case names the server, which the sign-in screen can change.
export const describeError = (error: unknown) =>
  error instanceof ApiError && error.code === "NETWORK"
    ? `You are offline, or the R-MAN service at ${apiBaseUrl() || "this site"} cannot be reached. Check your connection and try again.`
    : errorMessage(error);

// A screen's scrolling body; given `onRefresh`, pulling it down reloads.
export function Screen({ children, refreshing = false, onRefresh }: { children: ReactNode; refreshing?: boolean; onRefresh?: () => void }) {
  return (
    <ScrollView contentContainerStyle={styles.screen} keyboardShouldPersistTaps="handled"
                refreshControl={onRefresh && <RefreshControl refreshing={refreshing} onRefresh={onRefresh} />}>
      {children}
    </ScrollView>
  );
}

export const Heading = ({ children }: { children: ReactNode }) => <Text variant="headlineSmall" role="heading">{children}</Text>;

export const Loading = () => <ActivityIndicator style={styles.block} accessibilityLabel="Loading" />;

export function Notice({ children, tone = "error" }: { children: ReactNode; tone?: "error" | "info" }) {
  return (
    <Card mode="contained" style={tone === "error" ? styles.error : styles.info} role={tone === "error" ? "alert" : "status"}>
      <Card.Content><Text>{children}</Text></Card.Content>
    </Card>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <View style={styles.block}>
      <Notice>{describeError(error)}</Notice>
      <Button onPress={onRetry}>Try again</Button>
    </View>
  );
}

export const Empty = ({ children }: { children: ReactNode }) => <Text style={styles.block}>{children}</Text>;

// A query's loading, error and empty states; `children` renders the data otherwise.
export function QueryView<T>({ query, empty, children }: { query: UseQueryResult<T>; empty?: (data: T) => string | false; children: (data: T) => ReactNode }) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const nothing = empty?.(query.data);
  return nothing ? <Empty>{nothing}</Empty> : <>{children(query.data)}</>;
}

export const StatusChip = ({ status }: { status: string }) => <Chip compact style={styles.chip}>{status}</Chip>;

// One-tap list filters: everything, or one status.
export function StatusFilter<T extends string>({ statuses, value, onChange }: { statuses: readonly T[]; value: T | null; onChange: (s: T | null) => void }) {
  return (
    <View style={styles.row} accessibilityLabel="Filter by status">
      <Chip selected={value === null} onPress={() => onChange(null)}>All</Chip>
      {statuses.map((s) => <Chip key={s} selected={value === s} onPress={() => onChange(s)}>{s}</Chip>)}
    </View>
  );
}

// An order's or a complaint's history, oldest first.
export function Timeline({ history }: { history: HistoryEntry[] }) {
  return (
    <View accessibilityLabel="Status timeline">
      {history.map((h, i) => (
        <View key={i} style={styles.step}>
          <Text variant="titleSmall">{h.newStatus}</Text>
          <Text variant="bodySmall">{when(h.timestamp)} · {h.changedByRole}</Text>
          {h.notes && <Text>{h.notes}</Text>}
        </View>
      ))}
    </View>
  );
}

// A text field of a react-hook-form form, labelled for screen readers, with its error under it.
export function Field<T extends FieldValues>({ control, name, label, ...input }: { control: Control<T>; name: Path<T>; label: string } & Omit<TextInputProps, "label">) {
  return (
    <Controller control={control} name={name} render={({ field, fieldState }) => (
      <View>
        <TextInput mode="outlined" label={label} accessibilityLabel={label} value={field.value ?? ""} onChangeText={field.onChange}
                   onBlur={field.onBlur} error={!!fieldState.error} {...input} />
        {fieldState.error && <HelperText type="error">{fieldState.error.message}</HelperText>}
      </View>
    )} />
  );
}

// A free-text field outside a form (reasons, comments).
export const Input = ({ label, ...input }: { label: string } & Omit<TextInputProps, "label">) =>
  <TextInput mode="outlined" label={label} accessibilityLabel={label} {...input} />;

export const styles = StyleSheet.create({
  screen: { padding: 16, gap: 12 },
  block: { padding: 16 },
  row: { flexDirection: "row", flexWrap: "wrap", gap: 8, alignItems: "center" },
  chip: { alignSelf: "flex-start" },
  step: { borderLeftWidth: 2, borderLeftColor: "#6750a4", paddingLeft: 12, paddingBottom: 8 },
  error: { backgroundColor: "#f9dedc" },
  info: { backgroundColor: "#e8def8" },
});

// Puts the server's field errors on the form's fields; returns the message for the rest (the offline message when the
// service cannot be reached).
export const applyServerErrors = <T extends FieldValues>(e: unknown, setError: UseFormSetError<T>, fields: string[], prefix = "") =>
  e instanceof ApiError && e.code === "NETWORK"
    ? describeError(e)
    : applyFieldErrors(e, fields, (field, message) => setError(field as Path<T>, { message }), prefix);
