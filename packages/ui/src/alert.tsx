import { cva } from "class-variance-authority";
import type { VariantProps } from "class-variance-authority";
import { CircleAlert, CircleCheck, Info, TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";

import { cn } from "./index";

/** The alert's box per tone: the semantic colours of the token file (WCAG AA on their soft fill). */
export const alertVariants = cva(
  "flex items-start gap-2 rounded-lg px-3 py-2 text-sm ring-1 ring-inset [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0",
  {
    variants: {
      tone: {
        error: "bg-danger-soft text-danger ring-danger/20",
        warning: "bg-warning-soft text-warning ring-warning/20",
        success: "bg-success-soft text-success ring-success/20",
        info: "bg-brand-50 text-brand-700 ring-brand-600/20",
      },
    },
    defaultVariants: { tone: "error" },
  },
);

const icons = { error: CircleAlert, warning: TriangleAlert, success: CircleCheck, info: Info };

type AlertProps = VariantProps<typeof alertVariants> & {
  /** A bold first line, e.g. "Payout failed". */
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
  id?: string;
  "data-testid"?: string;
};

/**
 * A message about what just happened or what is wrong, with an icon and the tone's colours.
 * Errors and warnings are announced at once (`role="alert"`); success and info politely
 * (`role="status"`). Renders nothing when it has neither title nor children, so
 * `<Alert>{error?.message}</Alert>` needs no condition around it.
 */
export function Alert({ tone, title, children, className, id, ...rest }: AlertProps) {
  if (!title && (children == null || children === false || children === "")) return null;
  const t = tone ?? "error";
  const Icon = icons[t];
  return (
    <div
      id={id}
      role={t === "error" || t === "warning" ? "alert" : "status"}
      data-testid={rest["data-testid"]}
      className={cn(alertVariants({ tone: t }), className)}
    >
      <Icon aria-hidden />
      <div className="min-w-0 space-y-0.5">
        {title ? <p className="font-semibold">{title}</p> : null}
        {children != null && children !== false ? <div>{children}</div> : null}
      </div>
    </div>
  );
}
