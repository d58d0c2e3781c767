import "@mantine/core/styles.css";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Navigate, Route, Routes } from "react-router-dom";
import { AuthProvider, useAuth } from "./api/auth";
import { onSessionEnd } from "./api/client";
import { Layout } from "./components/Layout";
import { RequireRole } from "./components/ui";
import { AccountPage } from "./pages/AccountPages";
import { DashboardPage } from "./pages/DashboardPage";
import { CustomersPage, DeliveriesPage } from "./pages/AdminPages";
import { ForgotPasswordPage, LoginPage, RegisterPage, ResetPasswordPage, VerifyEmailPage } from "./pages/AuthPages";
import { CartProvider } from "./pages/cart";
import { ComplaintDetailPage, ComplaintsPage, NewComplaintPage } from "./pages/ComplaintPages";
import { CartPage, OrderDetailPage, OrdersPage, ProductsPage } from "./pages/ShopPages";

const queries = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });
onSessionEnd(() => queries.clear());  // the next user of this browser never sees the last one's data

function Home() {
  const { user } = useAuth();
  return user?.role === "Administrator" ? <Navigate to="/admin" replace /> : <ProductsPage />;
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <MantineProvider>
      <QueryClientProvider client={queries}>
        <AuthProvider>
          <CartProvider>
            <BrowserRouter>
              <Routes>
                <Route element={<Layout />}>
                  <Route index element={<Home />} />
                  <Route path="login" element={<LoginPage />} />
                  <Route path="register" element={<RegisterPage />} />
                  <Route path="verify-email" element={<VerifyEmailPage />} />
                  <Route path="forgot-password" element={<ForgotPasswordPage />} />
                  <Route path="reset-password" element={<ResetPasswordPage />} />
                  <Route path="account" element={<RequireRole><AccountPage /></RequireRole>} />
                  <Route path="cart" element={<RequireRole role="Customer"><CartPage /></RequireRole>} />
                  <Route path="orders" element={<RequireRole role="Customer"><OrdersPage /></RequireRole>} />
                  <Route path="orders/:id" element={<RequireRole role="Customer"><OrderDetailPage /></RequireRole>} />
                  <Route path="complaints" element={<RequireRole role="Customer"><ComplaintsPage /></RequireRole>} />
                  <Route path="complaints/new" element={<RequireRole role="Customer"><NewComplaintPage /></RequireRole>} />
                  <Route path="complaints/:id" element={<RequireRole role="Customer"><ComplaintDetailPage /></RequireRole>} />
                  <Route path="admin" element={<RequireRole role="Administrator"><DashboardPage /></RequireRole>} />
                  <Route path="admin/orders" element={<RequireRole role="Administrator"><OrdersPage admin /></RequireRole>} />
                  <Route path="admin/orders/:id" element={<RequireRole role="Administrator"><OrderDetailPage admin /></RequireRole>} />
                  <Route path="admin/complaints" element={<RequireRole role="Administrator"><ComplaintsPage admin /></RequireRole>} />
                  <Route path="admin/complaints/:id" element={<RequireRole role="Administrator"><ComplaintDetailPage admin /></RequireRole>} />
                  <Route path="admin/customers" element={<RequireRole role="Administrator"><CustomersPage /></RequireRole>} />
                  <Route path="admin/notifications" element={<RequireRole role="Administrator"><DeliveriesPage /></RequireRole>} />
                  <Route path="*" element={<Navigate to="/" replace />} />
                </Route>
              </Routes>
            </BrowserRouter>
          </CartProvider>
        </AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
