import sharp from "sharp";

/** The longest side of a public preview: enough for a catalog card, far from a usable original. */
export const PREVIEW_MAX_SIDE = 320;

export type PreviewResult = { ok: true; bytes: Uint8Array; mediaType: "image/webp" } | { ok: false; reason: string };

/**
 * A low-resolution WebP of an image, made on upload so the catalog can show a work without the
 * original ever leaving the gateway. EXIF and other metadata are dropped (sharp keeps none unless
 * asked); sharp's pixel limit refuses decompression bombs.
 */
export async function makePreview(original: Uint8Array): Promise<PreviewResult> {
  try {
    const bytes = await sharp(original, { limitInputPixels: 100_000_000, animated: false })
      .rotate() // honour the camera's orientation before the metadata is dropped
      .resize(PREVIEW_MAX_SIDE, PREVIEW_MAX_SIDE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 60 })
      .toBuffer();
    return { ok: true, bytes: new Uint8Array(bytes), mediaType: "image/webp" };
  } catch (error) {
    return { ok: false, reason: `The image could not be read: ${(error as Error).message}` };
  }
}
