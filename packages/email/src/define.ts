import type { ReactElement } from "react";
import type { z } from "zod";

/**
 * One message: the schema of its props (validated before every render), its subject line and
 * the React Email component that draws it. Subjects are plain functions so that a caller can
 * compute one synchronously inside a database transaction (`emailSubject`) without rendering.
 */
export type EmailTemplate<S extends z.ZodType = z.ZodType> = {
  schema: S;
  subject: (props: z.output<S>) => string;
  Component: (props: z.output<S>) => ReactElement;
};

/** Declares a template with its types inferred from the schema. */
export function defineEmailTemplate<S extends z.ZodType>(
  template: EmailTemplate<S>,
): EmailTemplate<S> {
  return template;
}
