// The signed-in user's own account: profile, email notification settings, sign-out.
import { zodResolver } from "@hookform/resolvers/zod";
import type { User } from "@rman/api";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { View } from "react-native";
import { Button, Switch, Text } from "react-native-paper";
import { z } from "zod";
import { useAuth } from "../api/auth";
import { client } from "../api/client";
import { Field, Heading, Loading, Notice, Screen, applyServerErrors, describeError, styles } from "../components/ui";

const profileSchema = z.object({
  fullName: z.string().trim().min(2, "At least 2 characters").max(100),
  contactNumber: z.string().trim().refine((v) => v === "" || /^\+?[0-9][0-9 ()-]*[0-9]$/.test(v), "A phone number such as +91 98450 12345"),
});

function Setting({ label, value, onChange }: { label: string; value: boolean; onChange: (v: boolean) => void }) {
  return (
    <View style={styles.row}>
      <Switch value={value} onValueChange={onChange} accessibilityLabel={label} />
      <Text>{label}</Text>
    </View>
  );
}

export function AccountScreen() {
  const { user, reload, logout } = useAuth();
  const [saved, setSaved] = useState("");
  const [message, setMessage] = useState("");
  const profile = useForm<z.infer<typeof profileSchema>>({
    resolver: zodResolver(profileSchema),
    values: { fullName: user?.fullName ?? "", contactNumber: user?.contactNumber ?? "" },
  });
  const setting = useMutation({
    mutationFn: (settings: Partial<User["settings"]>) => client.api<User>("PUT", "/api/v1/auth/profile", { settings }),
    onSuccess: () => reload(),
  });
  if (!user) return <Loading />;
  const save = profile.handleSubmit(async (v) => {
    try {
      await client.api<User>("PUT", "/api/v1/auth/profile", { fullName: v.fullName, contactNumber: v.contactNumber || null });
      await reload();
      setMessage("");
      setSaved("Profile saved.");
    } catch (e) {
      setMessage(applyServerErrors(e, profile.setError, ["fullName", "contactNumber"]));
    }
  });
  return (
    <Screen onRefresh={reload}>
      <Heading>My account</Heading>
      {saved && <Notice tone="info">{saved}</Notice>}
      {message && <Notice>{message}</Notice>}
      <Text>{user.email} · {user.role}{user.emailVerified ? "" : " · email not verified yet"}</Text>
      <Field control={profile.control} name="fullName" label="Full name" />
      <Field control={profile.control} name="contactNumber" label="Contact number" keyboardType="phone-pad" />
      <Button mode="contained" onPress={save} loading={profile.formState.isSubmitting}>Save profile</Button>
      <Text variant="titleMedium">Notifications</Text>
      {setting.error && <Notice>{describeError(setting.error)}</Notice>}
      <Setting label="Email me about my orders" value={user.settings.notifyOrderUpdates} onChange={(v) => setting.mutate({ notifyOrderUpdates: v })} />
      <Setting label="Email me about my complaints" value={user.settings.notifyComplaintUpdates} onChange={(v) => setting.mutate({ notifyComplaintUpdates: v })} />
      <Button mode="outlined" onPress={logout}>Sign out</Button>
    </Screen>
  );
}
