import { handlers } from "@fanfare/auth";

export const dynamic = "force-dynamic";
export const { GET, POST } = handlers;
