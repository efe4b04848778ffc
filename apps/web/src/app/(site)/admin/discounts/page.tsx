import { DiscountCodes } from "~/components/discount-codes";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Discount codes" };

/** The platform's discount codes (issue 12 §4). */
export default async function AdminDiscountsPage() {
  await requireAdmin("/admin/discounts");
  return <DiscountCodes scope="PLATFORM" />;
}
