// Sign in, registration, email verification and password reset (links from the real emails land here).
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Anchor, Button, Card, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useForm, type FieldValues, type Path, type UseFormSetError } from "react-hook-form";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { z } from "zod";
import { useAuth } from "../api/auth";
import { applyFieldErrors, errorMessage } from "@rman/api";
import { ApiError, api } from "../api/client";

// Puts the server's field errors on the form's fields (@rman/api's applyFieldErrors); returns the message for the rest.
export const applyServerErrors = <T extends FieldValues>(e: unknown, setError: UseFormSetError<T>, fields: string[], prefix = "") =>
  applyFieldErrors(e, fields, (field, message) => setError(field as Path<T>, { message }), prefix);

// Where to go after signing in: the page that sent the visitor here (its path only, never another site).
const nextPage = (next: string | null) => (next?.startsWith("/") && !next.startsWith("//") ? next : "/");

const password = z.string().min(8, "At least 8 characters").max(72).regex(/[A-Za-z]/, "Needs a letter").regex(/[0-9]/, "Needs a digit");

function Centered({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card withBorder maw={420} mx="auto" mt="xl" p="lg">
      <Title order={2} mb="md">{title}</Title>
      {children}
    </Card>
  );
}

export function LoginPage() {
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [message, setMessage] = useState("");
  const form = useForm<{ email: string; password: string }>({
    resolver: zodResolver(z.object({ email: z.string().email("Enter a valid email"), password: z.string().min(1, "Required") })),
  });
  const submit = form.handleSubmit(async (v) => {
    try {
      await login(v.email, v.password);
      navigate(nextPage(params.get("next")), { replace: true });
    } catch (e) {
      setMessage(applyServerErrors(e, form.setError, ["email", "password"]));
    }
  });
  return (
    <Centered title="Sign in">
      <form onSubmit={submit} noValidate>
        <Stack>
          {message ? <Alert color="red" role="alert">{message}</Alert> : params.has("next") && <Alert>Sign in to continue where you were.</Alert>}
          <TextInput label="Email" type="email" autoComplete="email" {...form.register("email")} error={form.formState.errors.email?.message} />
          <PasswordInput label="Password" autoComplete="current-password" {...form.register("password")} error={form.formState.errors.password?.message} />
          <Button type="submit" loading={form.formState.isSubmitting}>Sign in</Button>
          <Text size="sm"><Anchor component={Link} to="/forgot-password">Forgot your password?</Anchor> · <Anchor component={Link} to="/register">Create an account</Anchor></Text>
        </Stack>
      </form>
    </Centered>
  );
}

export function RegisterPage() {
  const { register } = useAuth();
  const navigate = useNavigate();
  const [message, setMessage] = useState("");
  const schema = z.object({ fullName: z.string().trim().min(2, "At least 2 characters").max(100), email: z.string().email("Enter a valid email"), password });
  const form = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema) });
  const submit = form.handleSubmit(async (v) => {
    try {
      await register(v.fullName, v.email, v.password);
      navigate("/");
    } catch (e) {
      setMessage(applyServerErrors(e, form.setError, ["fullName", "email", "password"]));
    }
  });
  return (
    <Centered title="Create your account">
      <form onSubmit={submit} noValidate>
        <Stack>
          {message && <Alert color="red" role="alert">{message}</Alert>}
          <TextInput label="Full name" autoComplete="name" {...form.register("fullName")} error={form.formState.errors.fullName?.message} />
          <TextInput label="Email" type="email" autoComplete="email" {...form.register("email")} error={form.formState.errors.email?.message} />
          <PasswordInput label="Password" autoComplete="new-password" description="8-72 characters with a letter and a digit" {...form.register("password")} error={form.formState.errors.password?.message} />
          <Button type="submit" loading={form.formState.isSubmitting}>Register</Button>
        </Stack>
      </form>
    </Centered>
  );
}

export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const [state, setState] = useState<"working" | "done" | string>("working");
  useEffect(() => {
    api("POST", "/api/v1/auth/verify-email", { token: params.get("token") ?? "" })
      .then(() => setState("done"))
      .catch((e) => setState(e instanceof ApiError ? e.message : "This link is invalid."));
  }, [params]);
  return (
    <Centered title="Email verification">
      {state === "working" ? <Text>Checking your link…</Text> : state === "done" ? <Alert color="green">Your email address is verified.</Alert> : <Alert color="red" role="alert">{state}</Alert>}
    </Centered>
  );
}

export function ForgotPasswordPage() {
  const [sent, setSent] = useState("");
  const form = useForm<{ email: string }>({ resolver: zodResolver(z.object({ email: z.string().email("Enter a valid email") })) });
  const submit = form.handleSubmit(async (v) => {
    try {
      await api("POST", "/api/v1/auth/forgot-password", v);
      setSent("If an account exists for this email, a reset link has been sent.");
    } catch (e) {
      setSent(errorMessage(e));
    }
  });
  return (
    <Centered title="Reset your password">
      <form onSubmit={submit} noValidate>
        <Stack>
          {sent && <Alert role="status">{sent}</Alert>}
          <TextInput label="Email" type="email" {...form.register("email")} error={form.formState.errors.email?.message} />
          <Button type="submit" loading={form.formState.isSubmitting}>Send reset link</Button>
        </Stack>
      </form>
    </Centered>
  );
}

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [message, setMessage] = useState("");
  const form = useForm<{ newPassword: string }>({ resolver: zodResolver(z.object({ newPassword: password })) });
  const submit = form.handleSubmit(async (v) => {
    try {
      await api("POST", "/api/v1/auth/reset-password", { token: params.get("token") ?? "", newPassword: v.newPassword });
      navigate("/login");
    } catch (e) {
      setMessage(applyServerErrors(e, form.setError, ["newPassword"]));
    }
  });
  return (
    <Centered title="Choose a new password">
      <form onSubmit={submit} noValidate>
        <Stack>
          {message && <Alert color="red" role="alert">{message}</Alert>}
          <PasswordInput label="New password" {...form.register("newPassword")} error={form.formState.errors.newPassword?.message} />
          <Button type="submit" loading={form.formState.isSubmitting}>Set password</Button>
        </Stack>
      </form>
    </Centered>
  );
}
