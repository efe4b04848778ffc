import { cva } from "class-variance-authority";
import type { VariantProps } from "class-variance-authority";
import { clsx } from "clsx";
import type {
  ButtonHTMLAttributes,
  HTMLAttributes,
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from "react";

export const cn = clsx;

/**
 * The button's look, for a `<button>` (use `Button`) or anything styled as one, such as a
 * `next/link` (`className={buttonVariants({ variant: "secondary" })}`). Sizes: `sm` for
 * buttons inside table rows and the header, `md` (the default) for forms, `lg` for a page's
 * main action (the receipt's download).
 */
export const buttonVariants = cva(
  "inline-flex items-center justify-center gap-2 rounded-lg font-semibold shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-60",
  {
    variants: {
      variant: {
        primary: "bg-brand-600 text-white hover:bg-brand-700 focus-visible:outline-brand-600",
        secondary:
          "bg-white text-ink ring-1 ring-zinc-300 ring-inset hover:bg-zinc-50 focus-visible:outline-zinc-600",
        ghost: "text-ink shadow-none hover:bg-zinc-100 focus-visible:outline-zinc-600",
        danger: "bg-red-600 text-white hover:bg-red-700 focus-visible:outline-red-600",
      },
      size: {
        sm: "px-3 py-1.5 text-sm",
        md: "px-4 py-2 text-sm",
        lg: "px-5 py-3 text-base",
      },
    },
    defaultVariants: { variant: "primary", size: "md" },
  },
);

/**
 * A filter or segment choice shown as a rounded pill (discover's sorts and genres, the
 * leaderboard's periods and metrics); `selected` fills it with the brand colour.
 */
export const pillVariants = cva(
  "inline-flex shrink-0 items-center rounded-full px-3 py-1 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600",
  {
    variants: {
      selected: {
        true: "bg-brand-600 font-medium text-white",
        false: "bg-white text-ink ring-1 ring-zinc-300 hover:bg-zinc-50",
      },
    },
    defaultVariants: { selected: false },
  },
);

/** A button; `pending` disables it and says so to assistive technology. */
export function Button({
  variant,
  size,
  pending,
  className,
  children,
  disabled,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> &
  VariantProps<typeof buttonVariants> & { pending?: boolean }) {
  return (
    <button
      {...props}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      className={cn(buttonVariants({ variant, size }), className)}
    >
      {children}
    </button>
  );
}

type FieldProps = {
  id: string;
  label: string;
  error?: string | string[] | null;
  hint?: ReactNode;
  children: ReactNode;
};

/** A labelled form field; its error is shown next to it and linked with aria-describedby. */
export function Field({ id, label, error, hint, children }: FieldProps) {
  const message = Array.isArray(error) ? error[0] : error;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
      </label>
      {children}
      {hint && !message ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
      {message ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-600">
          {message}
        </p>
      ) : null}
    </div>
  );
}

const inputClass =
  "block w-full rounded-lg border-0 px-3 py-2 text-ink shadow-sm ring-1 ring-inset ring-zinc-300 placeholder:text-zinc-400 focus:ring-2 focus:ring-inset focus:ring-brand-600 aria-[invalid=true]:ring-red-500 sm:text-sm";

export function Input({
  className,
  invalid,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { invalid?: boolean }) {
  return (
    <input
      {...props}
      aria-invalid={invalid || undefined}
      aria-describedby={invalid && props.id ? `${props.id}-error` : props["aria-describedby"]}
      className={cn(inputClass, className)}
    />
  );
}

export function Textarea({
  className,
  invalid,
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { invalid?: boolean }) {
  return (
    <textarea
      {...props}
      aria-invalid={invalid || undefined}
      aria-describedby={invalid && props.id ? `${props.id}-error` : undefined}
      className={cn(inputClass, className)}
    />
  );
}

export function Select({
  className,
  invalid,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { invalid?: boolean }) {
  return (
    <select {...props} aria-invalid={invalid || undefined} className={cn(inputClass, className)} />
  );
}

/** A white panel; any `div` attribute (a `data-testid`, an `aria-label`) passes through. */
export function Card({ className, children, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return (
    <div
      {...rest}
      className={cn("rounded-xl bg-white p-5 shadow-sm ring-1 ring-zinc-200", className)}
    >
      {children}
    </div>
  );
}

/** A labelled figure for dashboards. */
export function Stat({
  label,
  value,
  hint,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
}) {
  return (
    <Card className="p-4">
      <dt className="text-sm text-zinc-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight text-ink">{value}</dd>
      {hint ? <dd className="mt-1 text-xs text-zinc-500">{hint}</dd> : null}
    </Card>
  );
}

const badgeTones = {
  green: "bg-green-50 text-green-700 ring-green-600/20",
  zinc: "bg-zinc-50 text-zinc-600 ring-zinc-500/20",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/20",
  red: "bg-red-50 text-red-700 ring-red-600/20",
  brand: "bg-brand-50 text-brand-700 ring-brand-600/20",
};

export function Badge({
  tone = "zinc",
  children,
}: {
  tone?: keyof typeof badgeTones;
  children: ReactNode;
}) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        badgeTones[tone],
      )}
    >
      {children}
    </span>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-xl border border-dashed border-zinc-300 p-8 text-center">
      <p className="font-medium text-ink">{title}</p>
      {children ? <div className="mt-2 text-sm text-zinc-500">{children}</div> : null}
    </div>
  );
}

/** A placeholder block shown while data loads (pulses unless the user prefers reduced motion). */
export function Skeleton({ className }: { className?: string }) {
  return (
    <div
      aria-hidden
      className={cn(
        "animate-pulse rounded-lg bg-zinc-200/70 motion-reduce:animate-none",
        className,
      )}
    />
  );
}

/**
 * What a list or panel shows while it loads: `rows` skeleton bars of its rough shape, and
 * `label` ("Loading payouts…") for screen readers in a status region.
 */
export function Loading({
  label = "Loading…",
  rows = 3,
  className,
}: {
  label?: string;
  rows?: number;
  className?: string;
}) {
  return (
    <div role="status" className={cn("space-y-2", className)}>
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className={cn("h-9", i === rows - 1 && rows > 1 && "w-2/3")} />
      ))}
    </div>
  );
}
