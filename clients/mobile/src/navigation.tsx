// The screens and how they connect: signed out, the sign-in screens; signed in, tabs for the user's role (a customer
// shops and follows orders and complaints, an administrator works the queues and customers) with details on top.
import { MaterialCommunityIcons } from "@expo/vector-icons";
import { createBottomTabNavigator } from "@react-navigation/bottom-tabs";
import { NavigationContainer, useNavigation } from "@react-navigation/native";
import { createNativeStackNavigator, type NativeStackNavigationProp, type NativeStackScreenProps } from "@react-navigation/native-stack";
import type { ComponentProps } from "react";
import { useAuth } from "./api/auth";
import { Loading } from "./components/ui";
import { AccountScreen } from "./screens/AccountScreen";
import { ForgotPasswordScreen, RegisterScreen, SignInScreen } from "./screens/AuthScreens";
import { ComplaintDetailScreen, ComplaintsScreen, NewComplaintScreen } from "./screens/ComplaintScreens";
import { CustomersScreen } from "./screens/CustomersScreen";
import { OrderDetailScreen, OrdersScreen } from "./screens/OrderScreens";
import { CartScreen, ProductsScreen } from "./screens/ShopScreens";

export type RootStackParams = {
  SignIn: undefined;
  Register: undefined;
  ForgotPassword: undefined;
  Home: undefined;
  Cart: undefined;
  Order: { id: string };
  Complaint: { id: string };
  NewComplaint: { orderId?: string } | undefined;
};

export type ScreenProps<K extends keyof RootStackParams> = NativeStackScreenProps<RootStackParams, K>;
export const useRootNavigation = () => useNavigation<NativeStackNavigationProp<RootStackParams>>();

const Stack = createNativeStackNavigator<RootStackParams>();
const Tabs = createBottomTabNavigator();

type Icon = ComponentProps<typeof MaterialCommunityIcons>["name"];
const icon = (name: Icon) => ({ tabBarIcon: ({ color, size }: { color: string; size: number }) => <MaterialCommunityIcons name={name} color={color} size={size} /> });

function CustomerTabs() {
  return (
    <Tabs.Navigator>
      <Tabs.Screen name="Shop" component={ProductsScreen} options={icon("storefront-outline")} />
      <Tabs.Screen name="My orders" component={OrdersScreen} options={icon("package-variant")} />
      <Tabs.Screen name="My complaints" component={ComplaintsScreen} options={icon("message-alert-outline")} />
      <Tabs.Screen name="Account" component={AccountScreen} options={icon("account-circle-outline")} />
    </Tabs.Navigator>
  );
}

function AdministratorTabs() {
  return (
    <Tabs.Navigator>
      <Tabs.Screen name="Orders" component={OrdersScreen} options={icon("package-variant")} />
      <Tabs.Screen name="Complaints" component={ComplaintsScreen} options={icon("message-alert-outline")} />
      <Tabs.Screen name="Customers" component={CustomersScreen} options={icon("account-group-outline")} />
      <Tabs.Screen name="Account" component={AccountScreen} options={icon("account-circle-outline")} />
    </Tabs.Navigator>
  );
}

export function Navigation() {
  const { user, loading } = useAuth();
  if (loading) return <Loading />;
  return (
    <NavigationContainer>
      <Stack.Navigator>
        {!user ? (
          <>
            <Stack.Screen name="SignIn" component={SignInScreen} options={{ title: "R-MAN" }} />
            <Stack.Screen name="Register" component={RegisterScreen} options={{ title: "Create account" }} />
            <Stack.Screen name="ForgotPassword" component={ForgotPasswordScreen} options={{ title: "Forgot password" }} />
          </>
        ) : (
          <>
            <Stack.Screen name="Home" component={user.role === "Administrator" ? AdministratorTabs : CustomerTabs} options={{ headerShown: false }} />
            <Stack.Screen name="Cart" component={CartScreen} />
            <Stack.Screen name="Order" component={OrderDetailScreen} />
            <Stack.Screen name="Complaint" component={ComplaintDetailScreen} />
            <Stack.Screen name="NewComplaint" component={NewComplaintScreen} options={{ title: "New complaint" }} />
          </>
        )}
      </Stack.Navigator>
    </NavigationContainer>
  );
}
