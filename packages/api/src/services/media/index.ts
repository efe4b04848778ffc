/** The upload and audio pipeline: validation by bytes, probing, previews, storage, ingestion. */
export { mediaEnv } from "./env";
export type { MediaEnv } from "./env";
export { MediaError } from "./media-error";
export type { MediaErrorCode } from "./media-error";
export {
  AUDIO_FORMATS,
  IMAGE_FORMATS,
  MAX_ARTWORK_BYTES,
  MAX_MASTER_BYTES,
  MIN_ARTWORK_BYTES,
  MIN_AUDIO_SECONDS,
  sniffArtwork,
  sniffMaster,
} from "./sniff";
export type { AudioFormat, ImageFormat, SniffedArtwork, SniffedMaster } from "./sniff";
export {
  PREVIEW_BITRATE_KBPS,
  PREVIEW_FADE_SECONDS,
  PREVIEW_SECONDS,
  cutPreview,
  probeAudio,
  synthesizeArtwork,
  synthesizeTone,
} from "./audio";
export type { AudioProbe } from "./audio";
export {
  MAX_STORAGE_KEY_LENGTH,
  assertValidStorageKey,
  createLocalStorage,
  createUploadThingStorage,
  getStorage,
} from "./storage";
export type { Storage, StoredObject } from "./storage";
export { ingestUpload } from "./ingest-upload";
export type { IngestUploadInput } from "./ingest-upload";
export { claimImageUpload, IMAGE_KEY_PREFIX, publicImageUrl } from "./images";
