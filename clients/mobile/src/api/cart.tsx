// The shopping cart, kept in memory until the order is placed (the rules are @rman/api's, as on the web).
import { addToCart, cartCount, setCartQuantity, type CartLine, type Product } from "@rman/api";
import { createContext, useContext, useState, type ReactNode } from "react";

interface Cart {
  lines: CartLine[];
  count: number;
  add(p: Product): void;
  setQuantity(productId: string, quantity: number): void;
  clear(): void;
}

const CartContext = createContext<Cart | null>(null);

export function CartProvider({ children }: { children: ReactNode }) {
  const [lines, setLines] = useState<CartLine[]>([]);
  const add = (product: Product) => setLines((ls) => addToCart(ls, product));
  const setQuantity = (productId: string, quantity: number) => setLines((ls) => setCartQuantity(ls, productId, quantity));
  return (
    <CartContext.Provider value={{ lines, count: cartCount(lines), add, setQuantity, clear: () => setLines([]) }}>{children}</CartContext.Provider>
  );
}

export function useCart(): Cart {
  const ctx = useContext(CartContext);
  if (!ctx) throw new Error("useCart outside CartProvider");
  return ctx;
}
