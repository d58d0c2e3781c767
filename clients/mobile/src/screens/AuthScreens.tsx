// Sign in (with the server address setting), registration, and a forgotten password: the emailed reset code is
// typed in here.
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button, Text } from "react-native-paper";
import { z } from "zod";
import { useAuth } from "../api/auth";
import { client } from "../api/client";
import { apiBaseUrl, setApiBaseUrl } from "../api/config";
import { Field, Heading, Input, Notice, Screen, applyServerErrors } from "../components/ui";
import type { ScreenProps } from "../navigation";

const email = z.string().trim().email("Enter a valid email");
const password = z.string().min(8, "At least 8 characters").max(72).regex(/[A-Za-z]/, "Needs a letter").regex(/[0-9]/, "Needs a digit");

// The API's address, for a device that does not reach the built-in one (another host, an emulator's 10.0.2.2).
function ServerSetting() {
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState(apiBaseUrl());
  const [saved, setSaved] = useState(apiBaseUrl());
  if (!open) return <Button onPress={() => setOpen(true)}>Server: {saved || "this site"}</Button>;
  return (
    <>
      <Input label="API base URL" value={url} onChangeText={setUrl} autoCapitalize="none" keyboardType="url" placeholder="http://192.168.1.10:8080" />
      <Button mode="outlined" onPress={() => { setApiBaseUrl(url); setSaved(apiBaseUrl()); setUrl(apiBaseUrl()); setOpen(false); }}>Save server</Button>
    </>
  );
}

export function SignInScreen({ navigation }: ScreenProps<"SignIn">) {
  const { login } = useAuth();
  const [message, setMessage] = useState("");
  const schema = z.object({ email, password: z.string().min(1, "Required") });
  const form = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema), defaultValues: { email: "", password: "" } });
  const submit = form.handleSubmit(async (v) => {
    try {
      await login(v.email, v.password);
    } catch (e) {
      setMessage(applyServerErrors(e, form.setError, ["email", "password"]));
    }
  });
  return (
    <Screen>
      <Heading>Sign in</Heading>
      {message && <Notice>{message}</Notice>}
      <Field control={form.control} name="email" label="Email" autoCapitalize="none" keyboardType="email-address" autoComplete="email" />
      <Field control={form.control} name="password" label="Password" secureTextEntry autoComplete="current-password" />
      <Button mode="contained" onPress={submit} loading={form.formState.isSubmitting}>Sign in</Button>
      <Button onPress={() => navigation.navigate("Register")}>Create an account</Button>
      <Button onPress={() => navigation.navigate("ForgotPassword")}>Forgot your password?</Button>
      <ServerSetting />
    </Screen>
  );
}

export function RegisterScreen() {
  const { register } = useAuth();
  const [message, setMessage] = useState("");
  const schema = z.object({ fullName: z.string().trim().min(2, "At least 2 characters").max(100), email, password });
  const form = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema), defaultValues: { fullName: "", email: "", password: "" } });
  const submit = form.handleSubmit(async (v) => {
    try {
      await register(v.fullName, v.email, v.password);
    } catch (e) {
      setMessage(applyServerErrors(e, form.setError, ["fullName", "email", "password"]));
    }
  });
  return (
    <Screen>
      <Heading>Create your account</Heading>
      {message && <Notice>{message}</Notice>}
      <Field control={form.control} name="fullName" label="Full name" autoComplete="name" />
      <Field control={form.control} name="email" label="Email" autoCapitalize="none" keyboardType="email-address" autoComplete="email" />
      <Field control={form.control} name="password" label="Password" secureTextEntry autoComplete="new-password" />
      <Text variant="bodySmall">8-72 characters with a letter and a digit.</Text>
      <Button mode="contained" onPress={submit} loading={form.formState.isSubmitting}>Register</Button>
    </Screen>
  );
}

export function ForgotPasswordScreen({ navigation }: ScreenProps<"ForgotPassword">) {
  const [status, setStatus] = useState("");
  const [message, setMessage] = useState("");
  const request = useForm<{ email: string }>({ resolver: zodResolver(z.object({ email })), defaultValues: { email: "" } });
  const schema = z.object({ token: z.string().trim().min(1, "Required"), newPassword: password });
  const reset = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema), defaultValues: { token: "", newPassword: "" } });
  const send = request.handleSubmit(async (v) => {
    try {
      await client.api("POST", "/api/v1/auth/forgot-password", v);
      setStatus("If an account exists for this email, a reset link has been sent.");
    } catch (e) {
      setMessage(applyServerErrors(e, request.setError, ["email"]));
    }
  });
  const submit = reset.handleSubmit(async (v) => {
    try {
      await client.api("POST", "/api/v1/auth/reset-password", v);
      navigation.navigate("SignIn");
    } catch (e) {
      setMessage(applyServerErrors(e, reset.setError, ["token", "newPassword"]));
    }
  });
  return (
    <Screen>
      <Heading>Reset your password</Heading>
      {status && <Notice tone="info">{status}</Notice>}
      {message && <Notice>{message}</Notice>}
      <Field control={request.control} name="email" label="Email" autoCapitalize="none" keyboardType="email-address" />
      <Button mode="contained" onPress={send} loading={request.formState.isSubmitting}>Send reset link</Button>
      <Text variant="titleMedium">Have the email?</Text>
      <Text>Type the code from its link (the part after “token=”) and choose a new password.</Text>
      <Field control={reset.control} name="token" label="Reset code" autoCapitalize="none" />
      <Field control={reset.control} name="newPassword" label="New password" secureTextEntry autoComplete="new-password" />
      <Button mode="contained" onPress={submit} loading={reset.formState.isSubmitting}>Set password</Button>
    </Screen>
  );
}
