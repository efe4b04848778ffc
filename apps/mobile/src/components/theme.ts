/** Colours and spacing shared by every screen (the web app's palette: ink on paper, violet accent). */
export const colors = {
  background: "#f7f7fb",
  card: "#ffffff",
  text: "#111827",
  muted: "#6b7280",
  border: "#e5e7eb",
  accent: "#6d28d9",
  accentText: "#ffffff",
  accentSoft: "#ede9fe",
  danger: "#b91c1c",
  dangerSoft: "#fee2e2",
  success: "#047857",
  successSoft: "#d1fae5",
  warning: "#92400e",
  warningSoft: "#fef3c7",
} as const;

export const space = { xs: 4, sm: 8, md: 12, lg: 16, xl: 24 } as const;
export const radius = { sm: 6, md: 12, pill: 999 } as const;
