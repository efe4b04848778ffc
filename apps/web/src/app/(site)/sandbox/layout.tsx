import { assertSandboxMode } from "~/lib/sandbox";

export const dynamic = "force-dynamic";

export default async function SandboxLayout({ children }: { children: React.ReactNode }) {
  await assertSandboxMode();
  return children;
}
