import { lazy, type ComponentType, type LazyExoticComponent } from "react";

// Every page of the app, in navigation order. Each is its own chunk, loaded on first visit, so the
// first render carries only the shell and the page asked for. The API gateway serves index.html
// for exactly these paths (DashboardRoutes.PAGES in api-gateway): keep both lists alike
// (DashboardIntegrationTest checks it).
export interface Page {
  path: string;
  title: string;
  group: "Analytics" | "Data" | "Setup" | "Account";
  component: LazyExoticComponent<ComponentType>;
}

export const PAGES: Page[] = [
  { path: "/", title: "Overview", group: "Analytics", component: lazy(() => import("./Overview")) },
  { path: "/delivery", title: "Delivery", group: "Analytics", component: lazy(() => import("./Delivery")) },
  { path: "/quality", title: "Quality", group: "Analytics", component: lazy(() => import("./Quality")) },
  { path: "/funnel", title: "Funnel", group: "Analytics", component: lazy(() => import("./Funnel")) },
  { path: "/attribution", title: "Revenue attribution", group: "Analytics", component: lazy(() => import("./Attribution")) },
  { path: "/events", title: "Events", group: "Data", component: lazy(() => import("./Events")) },
  { path: "/live", title: "Live", group: "Data", component: lazy(() => import("./Live")) },
  { path: "/platforms", title: "Platforms", group: "Setup", component: lazy(() => import("./Platforms")) },
  { path: "/rules", title: "Rules", group: "Setup", component: lazy(() => import("./Rules")) },
  { path: "/api-keys", title: "API keys", group: "Setup", component: lazy(() => import("./ApiKeys")) },
  { path: "/account", title: "Account", group: "Account", component: lazy(() => import("./Account")) },
  { path: "/billing", title: "Billing", group: "Account", component: lazy(() => import("./Billing")) },
  { path: "/assistant", title: "Assistant", group: "Account", component: lazy(() => import("./Assistant")) },
];
