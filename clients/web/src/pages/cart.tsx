// The shopping cart, kept in the browser (localStorage) until the order is placed.
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { addToCart, cartCount, setCartQuantity, type CartLine, type Product } from "@rman/api";

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
  const add = (product: Product) => setLines((ls) => addToCart(ls, product));
  const setQuantity = (productId: string, quantity: number) => setLines((ls) => setCartQuantity(ls, productId, quantity));
  const count = cartCount(lines);
  return <CartContext.Provider value={{ lines, count, add, setQuantity, clear: () => setLines([]) }}>{children}</CartContext.Provider>;
}

export function useCart(): Cart {
  const ctx = useContext(CartContext);
  if (!ctx) throw new Error("useCart outside CartProvider");
  return ctx;
}
