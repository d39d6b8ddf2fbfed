package io.parley.support;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Crafted pictures for attacks on the decoder, made in the test (never stored): tiny files that
 * claim or really hold huge pictures, lies in headers, truncations and polyglots.
 */
public final class HostilePictures {
    /** PNG colour types. */
    public static final int GREY = 0;
    public static final int RGB = 2;
    public static final int RGBA = 6;

    private HostilePictures() {
    }

    /**
     * A real PNG of one flat colour, streamed row by row (the test never holds its pixels): a few
     * hundred KB on disk for hundreds of MB of pixels, since flat rows compress about 1000:1.
     */
    public static byte[] flatPng(int width, int height, int bitDepth, int colourType) {
        int channels = switch (colourType) {
            case GREY -> 1;
            case RGB -> 3;
            case RGBA -> 4;
            default -> throw new IllegalArgumentException("colour type " + colourType);
        };
        byte[] row = new byte[1 + (int) ((long) width * channels * bitDepth / 8)];
        Arrays.fill(row, 1, row.length, (byte) 0x7F);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try (DeflaterOutputStream out = new DeflaterOutputStream(compressed, deflater, 1 << 16)) {
            for (int y = 0; y < height; y++) {
                out.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return png(width, height, bitDepth, colourType, compressed.toByteArray());
    }

    /** A PNG whose header claims any size, with a few bytes of image data. */
    public static byte[] pngClaiming(int width, int height) {
        return png(width, height, 8, RGB, new byte[] {0x78, (byte) 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01});
    }

    private static byte[] png(int width, int height, int bitDepth, int colourType, byte[] idat) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            bytes.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream ihdr = new DataOutputStream(header);
            ihdr.writeInt(width);
            ihdr.writeInt(height);
            ihdr.writeByte(bitDepth);
            ihdr.writeByte(colourType);
            ihdr.writeByte(0);
            ihdr.writeByte(0);
            ihdr.writeByte(0);
            chunk(bytes, "IHDR", header.toByteArray());
            chunk(bytes, "IDAT", idat);
            chunk(bytes, "IEND", new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream chunk = new DataOutputStream(out);
        chunk.writeInt(data.length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        chunk.write(name);
        chunk.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        chunk.writeInt((int) crc.getValue());
    }

    /** A real small JPEG whose frame header (SOF) is rewritten to claim another size. */
    public static byte[] jpegClaiming(int width, int height) {
        byte[] jpeg = Pictures.picture("jpeg", 64, 64);
        for (int i = 2; i + 8 < jpeg.length; i += 2 + (((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF))) {
            if ((jpeg[i + 1] & 0xFF) == 0xC0) {
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new IllegalStateException("No SOF0 in the JPEG");
    }

    /** A lossless WebP (VP8L) header claiming a size (at most 16384 each way), then junk. */
    public static byte[] webpLosslessClaiming(int width, int height) {
        long bits = (width - 1L) | ((height - 1L) << 14); // then no alpha, version 0
        byte[] vp8l = new byte[64];
        vp8l[0] = 0x2F;
        for (int i = 0; i < 4; i++) {
            vp8l[1 + i] = (byte) (bits >> (8 * i));
        }
        Arrays.fill(vp8l, 5, vp8l.length, (byte) 0xA5);
        return riff(chunkLE("VP8L", vp8l));
    }

    /** A lossy WebP (VP8) key frame header claiming a size (at most 16383 each way), then junk. */
    public static byte[] webpLossyClaiming(int width, int height) {
        byte[] vp8 = new byte[64];
        // Frame tag (key frame), start code, 14-bit width and height.
        vp8[3] = (byte) 0x9D;
        vp8[4] = 0x01;
        vp8[5] = 0x2A;
        vp8[6] = (byte) width;
        vp8[7] = (byte) (width >> 8);
        vp8[8] = (byte) height;
        vp8[9] = (byte) (height >> 8);
        Arrays.fill(vp8, 10, vp8.length, (byte) 0x3C);
        return riff(chunkLE("VP8 ", vp8));
    }

    /** An extended WebP (VP8X) whose canvas claims a size (up to 2^24 each way). */
    public static byte[] webpExtendedClaiming(int width, int height) {
        byte[] vp8x = new byte[10];
        int w = width - 1;
        int h = height - 1;
        vp8x[4] = (byte) w;
        vp8x[5] = (byte) (w >> 8);
        vp8x[6] = (byte) (w >> 16);
        vp8x[7] = (byte) h;
        vp8x[8] = (byte) (h >> 8);
        vp8x[9] = (byte) (h >> 16);
        byte[] junk = new byte[32];
        Arrays.fill(junk, (byte) 0x5A);
        return riff(concat(chunkLE("VP8X", vp8x), chunkLE("VP8L", junk)));
    }

    private static byte[] riff(byte[] chunks) {
        byte[] head = new byte[12];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, head, 0, 4);
        int size = 4 + chunks.length;
        for (int i = 0; i < 4; i++) {
            head[4 + i] = (byte) (size >> (8 * i));
        }
        System.arraycopy("WEBP".getBytes(StandardCharsets.US_ASCII), 0, head, 8, 4);
        return concat(head, chunks);
    }

    private static byte[] chunkLE(String type, byte[] data) {
        byte[] chunk = new byte[8 + data.length + (data.length & 1)];
        System.arraycopy(type.getBytes(StandardCharsets.US_ASCII), 0, chunk, 0, 4);
        for (int i = 0; i < 4; i++) {
            chunk[4 + i] = (byte) (data.length >> (8 * i));
        }
        System.arraycopy(data, 0, chunk, 8, data.length);
        return chunk;
    }

    /** A JPEG that is also a ZIP archive (holding {@code secret}): a valid picture with a payload after it. */
    public static byte[] jpegZipPolyglot(String secret) {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("payload.html"));
            out.write(secret.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return concat(Pictures.picture("jpeg", 200, 200), zip.toByteArray());
    }

    /** The PNG signature, then a web page. */
    public static byte[] pngSignatureThenHtml() {
        return concat(Arrays.copyOf(Pictures.picture("png", 8, 8), 8),
                "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
    }

    /** A JPEG start followed by many start-of-scan markers: a progressive scan bomb's shape. */
    public static byte[] jpegWithScans(int scans) {
        byte[] jpeg = Pictures.picture("jpeg", 16, 16);
        byte[] sos = {(byte) 0xFF, (byte) 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00};
        byte[] out = Arrays.copyOf(jpeg, jpeg.length - 2);
        for (int i = 0; i < scans; i++) {
            out = concat(out, sos);
        }
        return concat(out, new byte[] {(byte) 0xFF, (byte) 0xD9});
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
