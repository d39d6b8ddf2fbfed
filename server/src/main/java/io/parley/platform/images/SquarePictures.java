package io.parley.platform.images;

import io.parley.platform.web.ProblemException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.springframework.http.HttpStatus;

/**
 * Turns an uploaded picture into square JPEGs of fixed sizes (avatars of people and groups). The format is decided by
 * the bytes, never by a file name; the picture is decoded and drawn afresh, so nothing of the
 * upload but its pixels survives (no metadata, no trailing payloads).
 */
public final class SquarePictures {
    public static final int[] SIZES = {128, 512};
    static final long MAX_PIXELS = 40_000_000L;

    private SquarePictures() {
    }

    enum Format {
        JPEG("jpeg"), PNG("png"), WEBP("webp");

        final String readerName;

        Format(String readerName) {
            this.readerName = readerName;
        }
    }

    static Format detect(byte[] data) {
        if (data.length >= 3 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0xD8 && (data[2] & 0xFF) == 0xFF) {
            return Format.JPEG;
        }
        if (data.length >= 8 && (data[0] & 0xFF) == 0x89 && data[1] == 'P' && data[2] == 'N' && data[3] == 'G'
                && data[4] == 0x0D && data[5] == 0x0A && data[6] == 0x1A && data[7] == 0x0A) {
            return Format.PNG;
        }
        if (data.length >= 12 && data[0] == 'R' && data[1] == 'I' && data[2] == 'F' && data[3] == 'F'
                && data[8] == 'W' && data[9] == 'E' && data[10] == 'B' && data[11] == 'P') {
            return Format.WEBP;
        }
        throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-image",
                "A picture must be a JPEG, PNG or WebP image");
    }

    /** Size in pixels to JPEG bytes. */
    public static Map<Integer, byte[]> render(byte[] upload) {
        Format format = detect(upload);
        BufferedImage image = orient(decode(upload, format), format == Format.JPEG ? ExifOrientation.of(upload) : 1);
        Map<Integer, byte[]> rendered = new LinkedHashMap<>();
        for (int size : SIZES) {
            rendered.put(size, jpeg(squareOf(image, size)));
        }
        return rendered;
    }

    private static BufferedImage decode(byte[] upload, Format format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerName);
        if (!readers.hasNext()) {
            throw new IllegalStateException("No image reader for " + format);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(upload))) {
            reader.setInput(input, true, true);
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels <= 0 || pixels > MAX_PIXELS) {
                throw ProblemException.badRequest("image-too-large", "The picture has too many pixels (at most 40 million)");
            }
            return reader.read(0);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException problem) {
                throw problem;
            }
            throw ProblemException.badRequest("corrupt-image", "The picture could not be read");
        } finally {
            reader.dispose();
        }
    }

    /** Applies the EXIF orientation that phone cameras use instead of rotating the pixels. */
    private static BufferedImage orient(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            case 8 -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> { }
        }
        BufferedImage turned = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = turned.createGraphics();
        g.drawImage(image, t, null);
        g.dispose();
        return turned;
    }

    /** Centre-crops to a square and scales down in halving steps (a sharp result without aliasing). */
    private static BufferedImage squareOf(BufferedImage image, int size) {
        int side = Math.min(image.getWidth(), image.getHeight());
        BufferedImage current = image.getSubimage((image.getWidth() - side) / 2, (image.getHeight() - side) / 2, side, side);
        int currentSide = side;
        do {
            int next = Math.max(size, currentSide / 2);
            if (currentSide <= size) {
                next = size;
            }
            BufferedImage scaled = new BufferedImage(next, next, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scaled.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, next, next);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(current, 0, 0, next, next, null);
            g.dispose();
            current = scaled;
            currentSide = next;
        } while (currentSide != size);
        return current;
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.86f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Reads the orientation tag (0x0112) from a JPEG's EXIF segment; 1 when there is none. */
    static final class ExifOrientation {
        private ExifOrientation() {
        }

        static int of(byte[] jpeg) {
            try {
                int i = 2;
                while (i + 4 < jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
                    int marker = jpeg[i + 1] & 0xFF;
                    int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
                    if (marker == 0xE1 && length > 8 && jpeg[i + 4] == 'E' && jpeg[i + 5] == 'x' && jpeg[i + 6] == 'i'
                            && jpeg[i + 7] == 'f') {
                        return fromTiff(jpeg, i + 10, Math.min(jpeg.length, i + 2 + length));
                    }
                    if (marker == 0xDA) {
                        break;
                    }
                    i += 2 + length;
                }
            } catch (RuntimeException malformed) {
                // A broken EXIF block is ignored: the picture is shown as stored.
            }
            return 1;
        }

        private static int fromTiff(byte[] b, int tiff, int end) {
            boolean little = b[tiff] == 'I';
            int ifd = tiff + read(b, tiff + 4, 4, little);
            int entries = read(b, ifd, 2, little);
            for (int e = 0; e < entries; e++) {
                int entry = ifd + 2 + e * 12;
                if (entry + 12 > end) {
                    break;
                }
                if (read(b, entry, 2, little) == 0x0112) {
                    return read(b, entry + 8, 2, little);
                }
            }
            return 1;
        }

        private static int read(byte[] b, int at, int bytes, boolean little) {
            int value = 0;
            for (int k = 0; k < bytes; k++) {
                int unsigned = b[at + (little ? bytes - 1 - k : k)] & 0xFF;
                value = (value << 8) | unsigned;
            }
            return value;
        }
    }
}
