// The app: theme, server state (dropped when the session ends, so the next user never sees the last one's data),
// the signed-in user, the cart and the screens.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { PaperProvider } from "react-native-paper";
import { SafeAreaProvider } from "react-native-safe-area-context";
import { AuthProvider } from "./api/auth";
import { CartProvider } from "./api/cart";
import { client } from "./api/client";
import { Navigation } from "./navigation";

export function App() {
  const [queries] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1 } } }));
  useEffect(() => client.onSessionEnd(() => queries.clear()), [queries]);
  return (
    <SafeAreaProvider>
      <PaperProvider>
        <QueryClientProvider client={queries}>
          <AuthProvider>
            <CartProvider>
              <Navigation />
            </CartProvider>
          </AuthProvider>
        </QueryClientProvider>
      </PaperProvider>
    </SafeAreaProvider>
  );
}
