// The customer's shop: products (search, add to cart) and the cart with checkout.
import { zodResolver } from "@hookform/resolvers/zod";
import { cartLineErrors, cartTotal, orderLines, qs, rupees, type Order, type Page, type Product } from "@rman/api";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { View } from "react-native";
import { Button, Card, IconButton, Text } from "react-native-paper";
import { z } from "zod";
import { useCart } from "../api/cart";
import { client, idempotencyKey } from "../api/client";
import { Empty, Field, Heading, Input, Notice, QueryView, Screen, applyServerErrors, styles } from "../components/ui";
import { useRootNavigation, type ScreenProps } from "../navigation";

export function ProductsScreen() {
  const [q, setQ] = useState("");
  const { add, count } = useCart();
  const navigation = useRootNavigation();
  const products = useQuery({
    queryKey: ["products", q.trim()],
    queryFn: () => client.api<Page<Product>>("GET", "/api/v1/products" + qs({ q: q.trim() || undefined, limit: 100 })),
  });
  return (
    <Screen refreshing={products.isRefetching} onRefresh={products.refetch}>
      <View style={styles.row}>
        <Heading>Products</Heading>
        <Button mode="contained-tonal" icon="cart-outline" disabled={!count} onPress={() => navigation.navigate("Cart")}>{`Cart (${count})`}</Button>
      </View>
      <Input label="Search products" value={q} onChangeText={setQ} placeholder="bottle, charger, notebook…" />
      <QueryView query={products} empty={(p) => p.items.length === 0 && `No product matches “${q}”.`}>
        {(p) => p.items.map((product) => (
          <Card key={product.productId} mode="outlined">
            <Card.Title title={product.name} subtitle={rupees(product.unitPrice)} />
            <Card.Content><Text>{product.description}</Text></Card.Content>
            <Card.Actions>
              <Button onPress={() => add(product)} accessibilityLabel={`Add ${product.name} to cart`}>Add to cart</Button>
            </Card.Actions>
          </Card>
        ))}
      </QueryView>
    </Screen>
  );
}

const addressSchema = z.object({
  street: z.string().trim().min(1, "Required").max(200),
  city: z.string().trim().min(1, "Required").max(100),
  state: z.string().trim().min(1, "Required").max(100),
  zipCode: z.string().trim().regex(/^[A-Za-z0-9 -]{3,10}$/, "3-10 letters or digits"),
  country: z.string().trim().regex(/^[A-Za-z]{2}$/, "Two-letter country code, e.g. IN"),
});
const addressFields = ["street", "city", "state", "zipCode", "country"];

export function CartScreen({ navigation }: ScreenProps<"Cart">) {
  const { lines, setQuantity, clear } = useCart();
  const queries = useQueryClient();
  const [message, setMessage] = useState("");
  const form = useForm<z.infer<typeof addressSchema>>({
    resolver: zodResolver(addressSchema), defaultValues: { street: "", city: "", state: "", zipCode: "", country: "IN" },
  });
  const submit = form.handleSubmit(async (deliveryAddress) => {
    try {
      const order = await client.api<Order>("POST", "/api/v1/orders", { items: orderLines(lines), deliveryAddress }, { "Idempotency-Key": idempotencyKey() });
      clear();
      queries.invalidateQueries({ queryKey: ["orders"] });
      navigation.replace("Order", { id: order.id });
    } catch (e) {
      // Address errors go on their fields; a line's error (`items[2].productId`) names the product in the cart.
      const rest = applyServerErrors(e, form.setError, addressFields, "deliveryAddress.");
      const lineErrors = cartLineErrors(e, lines);
      setMessage(lineErrors.length ? lineErrors.join(" · ") : rest);
    }
  });
  if (!lines.length) return <Empty>Your cart is empty.</Empty>;
  return (
    <Screen>
      <Heading>Cart</Heading>
      {lines.map((l) => (
        <View key={l.product.productId} style={styles.row}>
          <Text style={{ flex: 1 }}>{l.product.name}</Text>
          <IconButton icon="minus" accessibilityLabel={`One less ${l.product.name}`} onPress={() => setQuantity(l.product.productId, l.quantity - 1)} />
          <Text accessibilityLabel={`Quantity of ${l.product.name}`}>{l.quantity}</Text>
          <IconButton icon="plus" accessibilityLabel={`One more ${l.product.name}`} disabled={l.quantity >= 100}
                      onPress={() => setQuantity(l.product.productId, l.quantity + 1)} />
          <Text>{rupees(l.product.unitPrice * l.quantity)}</Text>
        </View>
      ))}
      <Text variant="titleMedium">Total: {rupees(cartTotal(lines))}</Text>
      <Text variant="titleMedium">Delivery address</Text>
      {message && <Notice>{message}</Notice>}
      <Field control={form.control} name="street" label="Street" />
      <Field control={form.control} name="city" label="City" />
      <Field control={form.control} name="state" label="State" />
      <Field control={form.control} name="zipCode" label="PIN code" />
      <Field control={form.control} name="country" label="Country" autoCapitalize="characters" />
      <Button mode="contained" onPress={submit} loading={form.formState.isSubmitting}>Place order</Button>
    </Screen>
  );
}
