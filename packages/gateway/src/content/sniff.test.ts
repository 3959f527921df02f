import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { judgeMediaType, sniffMediaType } from "./sniff";

const image = (format: "png" | "jpeg" | "webp" | "gif") =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: "#c0ffee" } })
    .toFormat(format)
    .toBuffer();

const text = (s: string) => new TextEncoder().encode(s);

describe("sniffing a file's type from its bytes", () => {
  for (const format of ["png", "jpeg", "webp", "gif"] as const) {
    it(`recognises a real ${format} image`, async () => {
      expect(sniffMediaType(await image(format))).toBe(`image/${format}`);
    });
  }

  it("recognises PDF, WAV, FLAC, ZIP and MP4 signatures", () => {
    expect(sniffMediaType(text("%PDF-1.7\n..."))).toBe("application/pdf");
    expect(sniffMediaType(text("RIFF\x24\x00\x00\x00WAVEfmt "))).toBe("audio/wav");
    expect(sniffMediaType(text("fLaC\x00\x00\x00\x22"))).toBe("audio/flac");
    expect(sniffMediaType(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]))).toBe("application/zip");
    expect(sniffMediaType(new Uint8Array([0, 0, 0, 0x18, ...text("ftypmp42"), 0, 0, 0, 0]))).toBe("video/mp4");
  });

  it("tells JSON from plain text, and binary from both", () => {
    expect(sniffMediaType(text('{"title":"Dawn"}'))).toBe("application/json");
    expect(sniffMediaType(text("{ not json"))).toBe("text/plain");
    expect(sniffMediaType(text("un café, s'il vous plaît\n"))).toBe("text/plain");
    expect(sniffMediaType(new Uint8Array([0x00, 0x01, 0x02, 0xfe]))).toBeUndefined();
    expect(sniffMediaType(new Uint8Array([0xc3, 0x28]))).toBeUndefined(); // invalid UTF-8
  });

  it("finds nothing in an empty file", () => {
    expect(sniffMediaType(new Uint8Array())).toBeUndefined();
  });
});

describe("judging a declared type against the bytes", () => {
  it("refuses a JPEG declared as PNG", async () => {
    const verdict = judgeMediaType(await image("jpeg"), "image/png");
    expect(verdict).toMatchObject({ ok: false, error: "type_mismatch", sniffed: "image/jpeg" });
  });

  it("refuses HTML dressed as an image", () => {
    expect(judgeMediaType(text("<html><script>alert(1)</script></html>"), "image/png")).toMatchObject({
      ok: false,
      error: "type_mismatch",
    });
  });

  it("refuses an executable whatever it claims to be", () => {
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]);
    expect(judgeMediaType(elf, "application/octet-stream")).toMatchObject({ ok: false, error: "unsupported_type" });
  });

  it("accepts the usual aliases and a declared parameter", async () => {
    expect(judgeMediaType(await image("jpeg"), "image/jpg")).toEqual({ ok: true, mediaType: "image/jpeg" });
    expect(judgeMediaType(text("a,b\n1,2\n"), "text/csv; charset=utf-8")).toEqual({ ok: true, mediaType: "text/csv" });
  });

  it("uses the sniffed type when nothing useful was declared", async () => {
    expect(judgeMediaType(await image("png"), undefined)).toEqual({ ok: true, mediaType: "image/png" });
    expect(judgeMediaType(await image("png"), "application/octet-stream")).toEqual({
      ok: true,
      mediaType: "image/png",
    });
  });
});
