// The shopping cart, kept in the browser (localStorage) until the order is placed.
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { Product } from "../api/types";

export interface CartLine { product: Product; quantity: number }
interface Cart {
  lines: CartLine[];
  count: number;
  add(p: Product): void;
  setQuantity(productId: string, quantity: number): void;
  clear(): void;
}

const CartContext = createContext<Cart | null>(null);
const KEY = "rman.cart";

export function CartProvider({ children }: { children: ReactNode }) {
  const [lines, setLines] = useState<CartLine[]>(() => JSON.parse(localStorage.getItem(KEY) ?? "[]"));
  useEffect(() => localStorage.setItem(KEY, JSON.stringify(lines)), [lines]);
  const add = (product: Product) =>
    setLines((ls) => {
      const found = ls.find((l) => l.product.productId === product.productId);
      if (found) return ls.map((l) => (l === found ? { ...l, quantity: Math.min(100, l.quantity + 1) } : l));
      return [...ls, { product, quantity: 1 }];
    });
  const setQuantity = (productId: string, quantity: number) =>
    setLines((ls) => ls.flatMap((l) => (l.product.productId !== productId ? [l] : quantity > 0 ? [{ ...l, quantity }] : [])));
  const count = lines.reduce((n, l) => n + l.quantity, 0);
  return <CartContext.Provider value={{ lines, count, add, setQuantity, clear: () => setLines([]) }}>{children}</CartContext.Provider>;
}

export function useCart(): Cart {
  const ctx = useContext(CartContext);
  if (!ctx) throw new Error("useCart outside CartProvider");
  return ctx;
}
