package io.parley.platform.images;

import static io.parley.support.HostilePictures.GREY;
import static io.parley.support.HostilePictures.RGBA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.platform.web.ProblemException;
import io.parley.support.HostilePictures;
import io.parley.support.Pictures;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class PictureDecoderTest {
    /** A 1x1 lossy WebP. */
    static final byte[] WEBP = Base64.getDecoder().decode("UklGRiQAAABXRUJQVlA4IBgAAAAwAQCdASoBAAEAAwA0JaQAA3AA/vuUAAA=");

    /** The defaults of application.yml (see ImageProperties). */
    static ImageProperties limits(int concurrent, int queued, Duration wait) {
        return new ImageProperties(40_000_000L, DataSize.ofMegabytes(160), 100, Duration.ofSeconds(20), concurrent, queued, wait);
    }

    static ImagePipeline pipeline(int concurrent) {
        return new ImagePipeline(limits(concurrent, 32, Duration.ofSeconds(10)));
    }

    private final PictureDecoder decoder = new PictureDecoder(limits(1, 1, Duration.ofSeconds(1)));

    @Test
    void recognisesTheFormatByItsBytesNeverByItsName() {
        assertThat(ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).isEqualTo(ImageFormat.JPEG);
        assertThat(ImageFormat.sniff(Pictures.picture("png", 4, 4))).isEqualTo(ImageFormat.PNG);
        assertThat(ImageFormat.sniff(WEBP)).isEqualTo(ImageFormat.WEBP);
        assertThat(code(() -> ImageFormat.sniff("GIF89a....".getBytes(StandardCharsets.US_ASCII)))).isEqualTo("unsupported-image");
        assertThat(code(() -> ImageFormat.sniff("<svg onload=alert(1)>".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("unsupported-image");
        assertThat(code(() -> ImageFormat.sniff(new byte[0]))).isEqualTo("unsupported-image");
    }

    @Test
    void refusesASixteenBitPictureWhosePixelsWouldTakeTooMuchMemory() {
        // The review's bomb: ~300 KB on disk, under 40 megapixels, 317 MB of pixels at 16 bits x RGBA.
        byte[] bomb = HostilePictures.flatPng(6300, 6300, 16, RGBA);
        assertThat(bomb.length).isLessThan(1_000_000);
        assertThat(code(() -> decoder.decode(bomb, Fit.centreSquare(512)))).isEqualTo("image-too-large");
    }

    @Test
    void refusesHeadersThatClaimHugeSizesBeforeDecoding() {
        assertThat(code(() -> decoder.decode(HostilePictures.pngClaiming(100_000, 100_000), Fit.within(512))))
                .isEqualTo("image-too-large");
        assertThat(code(() -> decoder.decode(HostilePictures.pngClaiming(Integer.MAX_VALUE, 1), Fit.within(512))))
                .isEqualTo("image-too-large");
        assertThat(code(() -> decoder.decode(HostilePictures.jpegClaiming(65_000, 65_000), Fit.within(512))))
                .isEqualTo("image-too-large");
        assertThat(code(() -> decoder.decode(HostilePictures.webpLosslessClaiming(16_384, 16_384), Fit.within(512))))
                .isEqualTo("image-too-large");
        assertThat(code(() -> decoder.decode(HostilePictures.webpExtendedClaiming(1 << 24, 1 << 24), Fit.within(512))))
                .isEqualTo("image-too-large");
        // 50 megapixels of one bit each: few bytes, but too many pixels.
        assertThat(code(() -> decoder.decode(HostilePictures.flatPng(10_000, 5_000, 1, GREY), Fit.within(512))))
                .isEqualTo("image-too-large");
    }

    @Test
    void givesUpAPictureThatTakesTooLongToDecode() {
        PictureDecoder impatient = new PictureDecoder(new ImageProperties(40_000_000L, DataSize.ofMegabytes(160), 100,
                Duration.ZERO, 1, 1, Duration.ofSeconds(1)));
        assertThat(code(() -> impatient.decode(HostilePictures.flatPng(3000, 3000, 8, GREY), Fit.within(512))))
                .isEqualTo("image-too-large");
        PictureDecoder patient = new PictureDecoder(limits(1, 1, Duration.ofSeconds(1)));
        assertThat(patient.decode(HostilePictures.flatPng(3000, 3000, 8, GREY), Fit.within(512)).getWidth()).isEqualTo(600);
    }

    @Test
    void countsWhatTheReaderHoldsNotOnlyThePixels() {
        // A lossy WebP's reader holds ~24 bytes a pixel: 9 megapixels are too many for it...
        assertThat(code(() -> decoder.decode(HostilePictures.webpLossyClaiming(3000, 3000), Fit.centreSquare(512))))
                .isEqualTo("image-too-large");
        assertThat(PictureDecoder.workingBytesPerPixel(ImageFormat.WEBP, HostilePictures.webpLossyClaiming(30, 30))).isEqualTo(28);
        assertThat(PictureDecoder.workingBytesPerPixel(ImageFormat.WEBP, HostilePictures.webpLosslessClaiming(30, 30))).isEqualTo(4);
        assertThat(PictureDecoder.workingBytesPerPixel(ImageFormat.WEBP, WEBP)).isEqualTo(28);
        // ...while a PNG of that size is decoded a few rows at a time.
        assertThat(decoder.decode(HostilePictures.flatPng(3000, 3000, 8, GREY), Fit.centreSquare(512)).getWidth()).isEqualTo(600);
        assertThat(PictureDecoder.workingBytesPerPixel(ImageFormat.JPEG, Pictures.picture("jpeg", 8, 8))).isZero();
        // A progressive JPEG keeps every coefficient of the picture.
        assertThat(PictureDecoder.workingBytesPerPixel(ImageFormat.JPEG, progressiveJpeg(64, 64))).isEqualTo(6);
        assertThat(decoder.decode(progressiveJpeg(640, 480), Fit.centreSquare(128)).getWidth()).isEqualTo(160);
    }

    private static byte[] progressiveJpeg(int width, int height) {
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var stream = new javax.imageio.stream.MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new javax.imageio.IIOImage(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), null, null),
                    param);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    @Test
    void refusesAJpegWithThousandsOfScans() {
        assertThat(code(() -> decoder.decode(HostilePictures.jpegWithScans(5_000), Fit.within(512))))
                .isEqualTo("image-too-large");
    }

    @Test
    void refusesTruncatedAndLyingFilesAsCorrupt() {
        byte[] png = Pictures.picture("png", 64, 64);
        for (int length : new int[] {8, 20, 40, png.length / 2}) {
            assertThat(code(() -> decoder.decode(Arrays.copyOf(png, length), Fit.within(512)))).as("%d bytes", length)
                    .isEqualTo("corrupt-image");
        }
        assertThat(code(() -> decoder.decode(HostilePictures.pngSignatureThenHtml(), Fit.within(512)))).isEqualTo("corrupt-image");
        // A header claiming a small size with no real pixel data behind it.
        assertThat(code(() -> decoder.decode(HostilePictures.pngClaiming(3000, 3000), Fit.within(512)))).isEqualTo("corrupt-image");
        assertThat(code(() -> decoder.decode(Arrays.copyOf(WEBP, 20), Fit.within(512)))).isEqualTo("corrupt-image");
        // The WebP reader reads on past the end of junk, an exception per bit: stopped at once.
        long start = System.nanoTime();
        assertThat(code(() -> decoder.decode(HostilePictures.webpLosslessClaiming(6000, 6000), Fit.within(512))))
                .isEqualTo("corrupt-image");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void decodesOnlyTheWantedSquareSubsampledToAboutTheSizeKept() {
        BufferedImage square = decoder.decode(Pictures.picture("jpeg", 4000, 3000), Fit.centreSquare(512));
        // The centred 3000 x 3000, one pixel in five each way.
        assertThat(square.getWidth()).isEqualTo(600);
        assertThat(square.getHeight()).isEqualTo(600);
        BufferedImage whole = decoder.decode(Pictures.picture("png", 3000, 1000), Fit.within(1000));
        assertThat(whole.getWidth()).isEqualTo(1000);
        assertThat(whole.getHeight()).isEqualTo(334);
        BufferedImage small = decoder.decode(Pictures.picture("png", 300, 200), Fit.centreSquare(512));
        assertThat(small.getWidth()).isEqualTo(200);
        assertThat(decoder.decode(WEBP, Fit.centreSquare(512)).getWidth()).isEqualTo(1);
    }

    @Test
    void theWorstAllowedPictureNeverExistsInMemoryAtFullSize() {
        // 40 megapixels of 8-bit RGBA: 160 MB of pixels, just under the limit. Decoding it whole
        // would allocate all of that; subsampled to the avatar's size it takes a few MB.
        byte[] worst = HostilePictures.flatPng(6324, 6324, 8, RGBA);
        SquarePictures pictures = new SquarePictures(pipeline(1), (bucket, key) -> { });
        long before = allocatedByThisThread();
        assertThat(pictures.render(1, new org.springframework.core.io.ByteArrayResource(worst))).containsKeys(128, 512);
        long allocated = allocatedByThisThread() - before;
        assertThat(allocated).as("bytes allocated").isLessThan(48L << 20);
    }

    @Test
    void aBombThatCompressesWellIsDecodedCheaply() {
        // 36 megapixels of grey: tens of KB on disk; within the limits, so it is accepted.
        byte[] bomb = HostilePictures.flatPng(6000, 6000, 8, GREY);
        assertThat(bomb.length).isLessThan(100_000);
        long before = allocatedByThisThread();
        assertThat(decoder.decode(bomb, Fit.centreSquare(512)).getWidth()).isEqualTo(546);
        assertThat(allocatedByThisThread() - before).isLessThan(16L << 20);
    }

    @Test
    void aPolyglotKeepsOnlyItsPixels() {
        byte[] polyglot = HostilePictures.jpegZipPolyglot("<script>steal()</script>");
        SquarePictures pictures = new SquarePictures(pipeline(1), (bucket, key) -> { });
        for (byte[] jpeg : pictures.render(1, new org.springframework.core.io.ByteArrayResource(polyglot)).values()) {
            String text = new String(jpeg, StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain("PK").doesNotContain("steal");
        }
    }

    @Test
    void aSixteenBitPictureWithinTheLimitsIsRendered() throws Exception {
        byte[] deep = HostilePictures.flatPng(2400, 1800, 16, RGBA);
        SquarePictures pictures = new SquarePictures(pipeline(1), (bucket, key) -> { });
        byte[] large = pictures.render(1, new org.springframework.core.io.ByteArrayResource(deep)).get(512);
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(large)).getWidth()).isEqualTo(512);
    }

    @Test
    void turnsAPhotoUprightByItsExifOrientation() {
        // A 400 x 200 JPEG whose EXIF says "rotate 90 degrees clockwise to show" (6).
        byte[] stored = Pictures.picture("jpeg", 400, 200);
        byte[] exif = {
            (byte) 0xFF, (byte) 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
            'M', 'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
            0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00
        };
        byte[] photo = HostilePictures.concat(HostilePictures.concat(Arrays.copyOf(stored, 2), exif),
                Arrays.copyOfRange(stored, 2, stored.length));
        BufferedImage upright = decoder.decode(photo, Fit.within(400));
        assertThat(upright.getWidth()).isEqualTo(200);
        assertThat(upright.getHeight()).isEqualTo(400);
    }

    @Test
    void readsTheExifOrientation() {
        // SOI, then an APP1 Exif segment, big-endian TIFF with one IFD entry: orientation = 6.
        byte[] jpeg = {
            (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
            'M', 'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
            0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, (byte) 0xFF, (byte) 0xD9
        };
        assertThat(ExifOrientation.of(jpeg)).isEqualTo(6);
        assertThat(ExifOrientation.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA})).isEqualTo(1);
        assertThat(ExifOrientation.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0x7F})).isEqualTo(1);
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static String code(Runnable action) {
        try {
            action.run();
        } catch (ProblemException e) {
            return e.code();
        }
        throw new AssertionError("No problem was raised");
    }
}
