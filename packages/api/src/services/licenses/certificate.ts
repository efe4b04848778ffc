import PDFDocument from "pdfkit";

import type { LicenseCertificateData } from "./verify";

const dateWords = (iso: string) =>
  new Date(iso).toLocaleDateString("en-US", {
    year: "numeric",
    month: "long",
    day: "numeric",
    timeZone: "UTC",
  });

/**
 * A licence's certificate as a PDF (issue 16 §4), A4, drawn with pdfkit's built-in Helvetica (no
 * embedded font, no image): the title, what it covers (the track or release and its artist), the
 * holder (as `displayHolderName` shows it), the kind and the tier's name, the key, the issue date
 * (UTC), the terms' version and text, the verification URL, and a red "REVOKED" stamp with the
 * date and reason when revoked. Deterministic: the document's CreationDate (and so pdfkit's file
 * ID, a hash of the info dictionary) is the issue date, and nothing random is written, so the
 * same licence renders to the same bytes.
 * @returns the PDF's bytes (starting `%PDF-`).
 */
export function renderLicenseCertificate(license: LicenseCertificateData): Promise<Buffer> {
  const issued = new Date(license.issuedAt);
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    compress: true,
    info: {
      Title: `Licence ${license.key}`,
      Author: "Fanfare",
      Subject: `${license.kindLabel} licence for "${license.product.title}" by ${license.product.artistName}`,
      Creator: "Fanfare",
      Producer: "Fanfare",
      CreationDate: issued,
      ModDate: issued,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const width = doc.page.width - 112;
  doc.font("Helvetica-Bold").fontSize(24).text("Licence certificate", { align: "center" });
  doc.moveDown(0.3);
  doc
    .font("Helvetica")
    .fontSize(11)
    .fillColor("#555555")
    .text("Issued by Fanfare on behalf of the artist", { align: "center" });
  doc.moveDown(1.5).fillColor("#000000");

  const row = (label: string, value: string) => {
    doc.font("Helvetica-Bold").fontSize(11).text(`${label}: `, { continued: true, width });
    doc.font("Helvetica").text(value, { width });
    doc.moveDown(0.35);
  };
  row(license.product.kind === "track" ? "Track" : "Release", license.product.title);
  row("Artist", license.product.artistName);
  row("Licence holder", license.holderName);
  row(
    "Licence",
    license.tierName ? `${license.kindLabel} (${license.tierName})` : license.kindLabel,
  );
  row("Licence key", license.key);
  row("Issued", `${dateWords(license.issuedAt)} (UTC)`);
  row("Terms version", String(license.termsVersion));
  row("Verify at", license.verifyUrl);

  if (license.status === "revoked") {
    doc.moveDown(0.5);
    doc
      .font("Helvetica-Bold")
      .fontSize(28)
      .fillColor("#b91c1c")
      .text("REVOKED", { align: "center" });
    doc
      .font("Helvetica")
      .fontSize(11)
      .text(
        `Revoked on ${dateWords(license.revokedAt!)} (UTC): ${license.revokedBecause}. This licence no longer grants any right.`,
        { align: "center", width },
      );
    doc.fillColor("#000000");
  }

  doc.moveDown(1);
  doc.font("Helvetica-Bold").fontSize(13).text(`Terms (version ${license.termsVersion})`);
  doc.moveDown(0.4);
  doc.font("Helvetica").fontSize(10).text(license.terms, { width, lineGap: 2 });
  doc.moveDown(1.5);
  doc
    .fontSize(9)
    .fillColor("#555555")
    .text(
      `Anyone can check this licence at ${license.verifyUrl}: the page says whether it is valid or was revoked.`,
      { width },
    );
  doc.end();
  return done;
}
