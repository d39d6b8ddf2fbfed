package io.parley.platform.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.platform.web.ProblemException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SquarePicturesTest {
    /** A 1x1 lossy WebP. */
    static final byte[] WEBP = java.util.Base64.getDecoder().decode("UklGRiQAAABXRUJQVlA4IBgAAAAwAQCdASoBAAEAAwA0JaQAA3AA/vuUAAA=");


    @Test
    void detectsByContent() {
        assertThat(SquarePictures.detect(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).isEqualTo(SquarePictures.Format.JPEG);
        assertThat(SquarePictures.detect(WEBP)).isEqualTo(SquarePictures.Format.WEBP);
        assertThatThrownBy(() -> SquarePictures.detect("GIF89a....".getBytes()))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("unsupported-image"));
        assertThatThrownBy(() -> SquarePictures.detect(new byte[0])).isInstanceOf(ProblemException.class);
    }

    @Test
    void rendersSquaresFromTheCentre() throws Exception {
        // Left third red, middle third green, right third blue: the square crop is the green middle.
        BufferedImage wide = new BufferedImage(900, 300, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 900; x++) {
            for (int y = 0; y < 300; y++) {
                wide.setRGB(x, y, x < 300 ? 0xFF0000 : x < 600 ? 0x00FF00 : 0x0000FF);
            }
        }
        Map<Integer, byte[]> rendered = SquarePictures.render(png(wide));
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(rendered.get(128)));
        assertThat(small.getWidth()).isEqualTo(128);
        int centre = small.getRGB(64, 64);
        assertThat((centre >> 8) & 0xFF).isGreaterThan(200);
        assertThat((centre >> 16) & 0xFF).isLessThan(60);
        assertThat(ImageIO.read(new ByteArrayInputStream(rendered.get(512))).getHeight()).isEqualTo(512);
    }

    @Test
    void refusesPicturesWithTooManyPixels() throws Exception {
        // A tiny file that claims 10000 x 10000 pixels: refused before decoding.
        BufferedImage image = new BufferedImage(10_000, 5_000, BufferedImage.TYPE_BYTE_BINARY);
        assertThatThrownBy(() -> SquarePictures.render(png(image)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("image-too-large"));
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
        assertThat(SquarePictures.ExifOrientation.of(jpeg)).isEqualTo(6);
        assertThat(SquarePictures.ExifOrientation.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA})).isEqualTo(1);
        assertThat(SquarePictures.ExifOrientation.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0x7F})).isEqualTo(1);
    }

    static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
