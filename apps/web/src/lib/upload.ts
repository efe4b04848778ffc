/** What POST /api/uploads answers for a stored file (app/api/uploads/route.ts). */
export type UploadResult = {
  id: string;
  format: string | null;
  durationSeconds: number | null;
  originalFilename: string;
  sizeBytes: number;
  /** An image's public URL (`/api/images/<name>`); null for masters and artwork. */
  imageUrl: string | null;
};

/** What a file is for: a track's master or artwork, or a picture (artist image, landing photo). */
export type UploadKind = "master" | "artwork" | "image";

/**
 * Uploads `file` as `kind` through POST /api/uploads (the type is checked from its bytes there).
 * @throws Error with the server's reason (too large, not an image, not allowed…).
 */
export async function uploadFile(kind: UploadKind, file: File): Promise<UploadResult> {
  const body = new FormData();
  body.set("kind", kind);
  body.set("file", file);
  // The kind in the URL too: the server then streams the body against that kind's size limit.
  const res = await fetch(`/api/uploads?kind=${kind}`, { method: "POST", body });
  const json = (await res.json().catch(() => ({}))) as UploadResult & { error?: string };
  if (!res.ok) throw new Error(json.error ?? `Upload failed (${res.status}).`);
  return json;
}
