package io.parley.platform.images;

import io.parley.platform.web.ProblemException;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes a picture safely: the format from its bytes, the limits from its header before any
 * pixel is read, and only the wanted region, subsampled while decoding to about the size it will
 * be drawn at (a 40-megapixel photo for a 512-pixel avatar never exists in memory at full size).
 * Never {@code ImageIO.read}: that decodes everything the header claims.
 */
final class PictureDecoder {
    private final ImageProperties limits;

    PictureDecoder(ImageProperties limits) {
        this.limits = limits;
    }

    /** The wanted part of the picture, upright. */
    BufferedImage decode(byte[] data, Fit fit) {
        ImageFormat format = ImageFormat.sniff(data);
        if (format == ImageFormat.JPEG && jpegScans(data) > limits.maxJpegScans()) {
            throw tooLarge("The picture has too many scans (at most " + limits.maxJpegScans() + ")");
        }
        ImageReader reader = readerFor(format);
        long deadline = System.nanoTime() + limits.maxDecodeTime().toNanos();
        try (ImageInputStream input = new GuardedInput(data, deadline)) {
            reader.setInput(input, true, true);
            reader.addIIOReadProgressListener(new AbortAfter(deadline));
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkLimits(width, height, Math.max(bytesPerPixel(reader), workingBytesPerPixel(format, data)));
            ImageReadParam param = reader.getDefaultReadParam();
            Rectangle region = fit.region(width, height);
            int step = fit.subsampling(region);
            param.setSourceRegion(region);
            param.setSourceSubsampling(step, step, 0, 0);
            BufferedImage image = reader.read(0, param);
            if (System.nanoTime() - deadline > 0) {
                throw new GuardedInput.Stopped(false);
            }
            return format == ImageFormat.JPEG ? ExifOrientation.upright(image, ExifOrientation.of(data)) : image;
        } catch (ProblemException problem) {
            throw problem;
        } catch (IOException | RuntimeException e) {
            // A reader may wrap the guard's stop in an exception of its own.
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof GuardedInput.Stopped stopped && !stopped.overran) {
                    throw tooLarge("The picture took too long to decode (at most " + limits.maxDecodeTime().toSeconds()
                            + " s)");
                }
            }
            throw ProblemException.badRequest("corrupt-image", "The picture could not be read");
        } finally {
            reader.dispose();
        }
    }

    private void checkLimits(int width, int height, int bytesPerPixel) {
        if (width <= 0 || height <= 0) {
            throw ProblemException.badRequest("corrupt-image", "The picture could not be read");
        }
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw tooLarge("The picture has too many pixels (at most " + limits.maxPixels() / 1_000_000 + " million)");
        }
        if (pixels * bytesPerPixel > limits.maxDecodedBytes().toBytes()) {
            throw tooLarge("The picture is too large once decoded (at most " + limits.maxDecodedBytes().toMegabytes()
                    + " MB of pixels; a 16-bit picture takes twice the memory of an 8-bit one)");
        }
    }

    /** Bands times bytes per sample of the picture as stored (a 16-bit RGBA PNG: 8). */
    private static int bytesPerPixel(ImageReader reader) throws IOException {
        ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            if (!types.hasNext()) {
                throw new IOException("No image type");
            }
            type = types.next();
        }
        SampleModel samples = type.getSampleModel();
        int bits = 1;
        for (int size : samples.getSampleSize()) {
            bits = Math.max(bits, size);
        }
        return samples.getNumBands() * ((bits + 7) / 8);
    }

    /**
     * What some readers hold per pixel of the whole picture however little of it is wanted
     * (measured): the WebP reader decodes lossless pictures into a full-size ARGB raster and keeps
     * every block of a lossy frame (about 24 bytes a pixel, more with alpha); a progressive JPEG
     * keeps every DCT coefficient (up to 3 components x 2 bytes) in native memory.
     */
    static int workingBytesPerPixel(ImageFormat format, byte[] data) {
        return switch (format) {
            case WEBP -> webpIsLossless(data) ? 4 : 28;
            case JPEG -> jpegIsProgressive(data) ? 6 : 0;
            case PNG -> 0;
        };
    }

    /** Whether the first image chunk of a WebP is lossless (VP8L) rather than lossy (VP8). */
    private static boolean webpIsLossless(byte[] data) {
        int at = 12;
        while (at + 8 <= data.length) {
            String chunk = new String(data, at, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (chunk.equals("VP8L")) {
                return true;
            }
            if (chunk.equals("VP8 ")) {
                return false;
            }
            long size = (data[at + 4] & 0xFFL) | (data[at + 5] & 0xFFL) << 8 | (data[at + 6] & 0xFFL) << 16
                    | (data[at + 7] & 0xFFL) << 24;
            if (size > data.length) {
                break;
            }
            at += 8 + (int) size + (int) (size & 1);
        }
        return false;
    }

    /** Whether the JPEG's frame is progressive (SOF2, or SOF6/10/14) rather than sequential. */
    private static boolean jpegIsProgressive(byte[] data) {
        int at = 2;
        while (at + 4 <= data.length && (data[at] & 0xFF) == 0xFF) {
            int marker = data[at + 1] & 0xFF;
            if (marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE) {
                return true;
            }
            if (marker == 0xDA || (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
                    && marker != 0xCC)) {
                return false;
            }
            at += 2 + (((data[at + 2] & 0xFF) << 8) | (data[at + 3] & 0xFF));
        }
        return false;
    }

    /**
     * Start-of-scan markers: an 0xFF in compressed data is always followed by 0x00 or a restart
     * marker, so each FF DA is a scan (of the picture or of an embedded thumbnail).
     */
    static int jpegScans(byte[] data) {
        int scans = 0;
        for (int i = 0; i + 1 < data.length; i++) {
            if ((data[i] & 0xFF) == 0xFF && (data[i + 1] & 0xFF) == 0xDA) {
                scans++;
            }
        }
        return scans;
    }

    /** Stops readers that report progress (PNG and JPEG do, row by row) once the deadline has passed. */
    private record AbortAfter(long deadline) implements IIOReadProgressListener {
        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
            if (System.nanoTime() - deadline > 0) {
                source.abort();
            }
        }

        @Override
        public void sequenceStarted(ImageReader source, int minIndex) {
        }

        @Override
        public void sequenceComplete(ImageReader source) {
        }

        @Override
        public void imageStarted(ImageReader source, int imageIndex) {
        }

        @Override
        public void imageComplete(ImageReader source) {
        }

        @Override
        public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {
        }

        @Override
        public void thumbnailProgress(ImageReader source, float percentageDone) {
        }

        @Override
        public void thumbnailComplete(ImageReader source) {
        }

        @Override
        public void readAborted(ImageReader source) {
        }
    }

    private static ImageReader readerFor(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerName);
        if (!readers.hasNext()) {
            throw new IllegalStateException("No image reader for " + format);
        }
        return readers.next();
    }

    private static ProblemException tooLarge(String detail) {
        return ProblemException.badRequest("image-too-large", detail);
    }
}
