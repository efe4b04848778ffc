import Image from "next/image";

/** "Nova Lights" → "NL", "múm" → "M": the first letter of the first two words, upper case. */
export function initialsOf(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => Array.from(w)[0]!.toUpperCase());
  return letters.join("") || "?";
}

const SIZES = {
  /** The artist page's header. */
  lg: { px: 160, box: "h-40 w-40", text: "text-5xl" },
  /** The dashboard's editor. */
  md: { px: 96, box: "h-24 w-24", text: "text-3xl" },
} as const;

/**
 * An artist's picture in a circle (through next/image from `/api/images/<name>`, allowed by
 * `images.localPatterns`), or their initials on the brand gradient when they have none.
 */
export function ArtistAvatar({
  name,
  imageUrl,
  size = "lg",
  priority = false,
}: {
  name: string;
  imageUrl: string | null;
  size?: keyof typeof SIZES;
  /** Preload (the artist page's picture is above the fold). */
  priority?: boolean;
}) {
  const s = SIZES[size];
  return imageUrl ? (
    <Image
      src={imageUrl}
      alt={`Picture of ${name}`}
      width={s.px}
      height={s.px}
      preload={priority}
      className={`${s.box} shrink-0 rounded-full object-cover ring-1 ring-zinc-200`}
    />
  ) : (
    <div
      aria-hidden
      data-testid="artist-initials"
      className={`${s.box} ${s.text} flex shrink-0 items-center justify-center rounded-full bg-gradient-to-br from-brand-500 to-indigo-600 font-bold text-white`}
    >
      {initialsOf(name)}
    </div>
  );
}
