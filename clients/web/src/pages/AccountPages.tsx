// The signed-in user's own account: profile, notification settings, password, active sessions.
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Button, Group, PasswordInput, Stack, Switch, Table, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useAuth } from "../api/auth";
import { ApiError, api, saveSession } from "../api/client";
import { when, type AuthResult, type Page, type User } from "@rman/api";
import { ErrorState, Loading } from "../components/ui";
import { applyServerErrors } from "./AuthPages";

interface Session { id: string; createdAt: string; lastUsedAt: string; userAgent: string | null; ip: string; current: boolean }

export function AccountPage() {
  const { user, reload } = useAuth();
  const client = useQueryClient();
  const [saved, setSaved] = useState("");
  const [message, setMessage] = useState("");
  const profile = useForm<{ fullName: string; contactNumber: string }>({
    resolver: zodResolver(z.object({
      fullName: z.string().trim().min(2, "At least 2 characters").max(100),
      contactNumber: z.string().trim().refine((v) => v === "" || /^\+?[0-9][0-9 ()-]*[0-9]$/.test(v), "A phone number such as +91 98450 12345"),
    })),
    values: { fullName: user?.fullName ?? "", contactNumber: user?.contactNumber ?? "" },
  });
  const password = useForm<{ currentPassword: string; newPassword: string }>({
    resolver: zodResolver(z.object({
      currentPassword: z.string().min(1, "Required"),
      newPassword: z.string().min(8, "At least 8 characters").max(72).regex(/[A-Za-z]/, "Needs a letter").regex(/[0-9]/, "Needs a digit"),
    })),
  });
  const sessions = useQuery({ queryKey: ["sessions"], queryFn: () => api<Page<Session>>("GET", "/api/v1/auth/sessions") });
  const revoke = useMutation({
    mutationFn: (id: string) => api("DELETE", `/api/v1/auth/sessions/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ["sessions"] }),
  });
  const setting = useMutation({
    mutationFn: (settings: Partial<User["settings"]>) => api<User>("PUT", "/api/v1/auth/profile", { settings }),
    onSuccess: () => reload(),
  });
  if (!user) return <Loading />;
  const saveProfile = profile.handleSubmit(async (v) => {
    try {
      await api<User>("PUT", "/api/v1/auth/profile", { fullName: v.fullName, contactNumber: v.contactNumber || null });
      await reload();
      setSaved("Profile saved.");
    } catch (e) {
      setMessage(applyServerErrors(e, profile.setError, ["fullName", "contactNumber"]));
    }
  });
  const changePassword = password.handleSubmit(async (v) => {
    try {
      saveSession(await api<AuthResult>("PUT", "/api/v1/auth/change-password", v));
      password.reset();
      setSaved("Password changed; your other sessions were signed out.");
      client.invalidateQueries({ queryKey: ["sessions"] });
    } catch (e) {
      setMessage(applyServerErrors(e, password.setError, ["currentPassword", "newPassword"]));
    }
  });
  return (
    <Stack maw={640}>
      <Title order={2}>My account</Title>
      {saved && <Alert color="green" role="status" withCloseButton onClose={() => setSaved("")}>{saved}</Alert>}
      {message && <Alert color="red" role="alert" withCloseButton onClose={() => setMessage("")}>{message}</Alert>}
      <form onSubmit={saveProfile} noValidate>
        <Stack>
          <Title order={3}>Profile</Title>
          <TextInput label="Email" value={user.email} readOnly description={user.emailVerified ? "Verified" : "Not verified yet"} />
          <TextInput label="Full name" {...profile.register("fullName")} error={profile.formState.errors.fullName?.message} />
          <TextInput label="Contact number" {...profile.register("contactNumber")} error={profile.formState.errors.contactNumber?.message} />
          <Group><Button type="submit" loading={profile.formState.isSubmitting}>Save profile</Button></Group>
        </Stack>
      </form>
      <Title order={3}>Notifications</Title>
      <Switch label="Email me about my orders" checked={user.settings.notifyOrderUpdates}
              onChange={(e) => setting.mutate({ notifyOrderUpdates: e.currentTarget.checked })} />
      <Switch label="Email me about my complaints" checked={user.settings.notifyComplaintUpdates}
              onChange={(e) => setting.mutate({ notifyComplaintUpdates: e.currentTarget.checked })} />
      <form onSubmit={changePassword} noValidate>
        <Stack>
          <Title order={3}>Password</Title>
          <PasswordInput label="Current password" autoComplete="current-password" {...password.register("currentPassword")} error={password.formState.errors.currentPassword?.message} />
          <PasswordInput label="New password" autoComplete="new-password" {...password.register("newPassword")} error={password.formState.errors.newPassword?.message} />
          <Group><Button type="submit" loading={password.formState.isSubmitting}>Change password</Button></Group>
        </Stack>
      </form>
      <Title order={3}>Active sessions</Title>
      {sessions.isLoading ? <Loading /> : sessions.error ? <ErrorState error={sessions.error} /> : (
        <Table.ScrollContainer minWidth={520}>
          <Table>
            <Table.Thead><Table.Tr><Table.Th>Device</Table.Th><Table.Th>IP</Table.Th><Table.Th>Last used</Table.Th><Table.Th /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {sessions.data!.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{s.current ? "This device" : (s.userAgent ?? "Unknown").slice(0, 60)}</Table.Td>
                  <Table.Td>{s.ip}</Table.Td>
                  <Table.Td>{when(s.lastUsedAt)}</Table.Td>
                  <Table.Td>{!s.current && <Button size="xs" variant="light" color="red" onClick={() => revoke.mutate(s.id)}>Sign out</Button>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {revoke.error instanceof ApiError && <Alert color="red">{revoke.error.message}</Alert>}
    </Stack>
  );
}
