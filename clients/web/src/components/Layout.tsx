import { AppShell, Burger, Button, Group, NavLink, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Link, Outlet, useLocation, useNavigate } from "react-router-dom";
import { useAuth } from "../api/auth";
import { useCart } from "../pages/cart";

const customerLinks = [
  ["/", "Products"],
  ["/cart", "Cart"],
  ["/orders", "My orders"],
  ["/complaints", "My complaints"],
  ["/account", "My account"],
];
const adminLinks = [
  ["/admin", "Dashboard"],
  ["/admin/orders", "Orders"],
  ["/admin/complaints", "Complaints"],
  ["/admin/customers", "Customers"],
  ["/admin/notifications", "Email deliveries"],
  ["/account", "My account"],
];

export function Layout() {
  const { user, logout } = useAuth();
  const { count } = useCart();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const links = user?.role === "Administrator" ? adminLinks : customerLinks;
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" aria-expanded={opened} />
            <Title order={3}>R-MAN</Title>
          </Group>
          {user ? (
            <Group>
              <Text size="sm" visibleFrom="xs">{user.fullName}</Text>
              <Button variant="light" size="xs" onClick={async () => { await logout(); navigate("/login"); }}>
                Sign out
              </Button>
            </Group>
          ) : (
            <Group>
              <Button component={Link} to="/login" size="xs" variant="light">Sign in</Button>
              <Button component={Link} to="/register" size="xs">Register</Button>
            </Group>
          )}
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {links.map(([to, label]) => (
          <NavLink key={to} component={Link} to={to} label={to === "/cart" && count ? `${label} (${count})` : label}
                   active={location.pathname === to} onClick={close} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
