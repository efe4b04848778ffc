import * as Clipboard from "expo-clipboard";
import { useState } from "react";

export type CopyNotice = { tone: "success" | "error"; text: string };

/**
 * Copy and share for something the promoter hands out (their link, their code, a promo post), with the notice
 * to show under the buttons: "Link copied.", or, when the share sheet is not available (browsers
 * without the Web Share API, rare native failures), the value copied instead.
 */
export function useCopyOrShare(noun: "link" | "code" | "post") {
  const [notice, setNotice] = useState<CopyNotice | null>(null);
  const Noun = `${noun[0]!.toUpperCase()}${noun.slice(1)}`;

  const copy = async (value: string, why?: string) => {
    try {
      await Clipboard.setStringAsync(value);
      setNotice({
        tone: "success",
        text: why ? `${why} The ${noun} was copied instead.` : `${Noun} copied.`,
      });
    } catch {
      setNotice({
        tone: "error",
        text: `Could not copy the ${noun}. Press and hold it to copy it by hand.`,
      });
    }
  };

  /** Runs `openShareSheet`; copies `value` when it fails. */
  const share = async (value: string, openShareSheet: () => Promise<unknown>) => {
    setNotice(null);
    try {
      await openShareSheet();
    } catch {
      await copy(value, "Sharing is not available on this device.");
    }
  };

  return { notice, copy, share };
}
