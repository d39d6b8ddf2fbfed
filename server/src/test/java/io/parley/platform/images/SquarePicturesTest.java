package io.parley.platform.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.platform.ratelimit.RateLimiter;
import io.parley.platform.web.ProblemException;
import io.parley.platform.web.RateLimitedException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.InputStreamSource;

class SquarePicturesTest {
    private final List<String> taken = new ArrayList<>();
    private final RateLimiter recording = (bucket, key) -> taken.add(bucket + ":" + key);
    private final SquarePictures pictures = new SquarePictures(PictureDecoderTest.pipeline(2), recording);

    @Test
    void rendersSquaresFromTheCentre() throws Exception {
        // Left third red, middle third green, right third blue: the square crop is the green middle.
        BufferedImage wide = new BufferedImage(900, 300, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 900; x++) {
            for (int y = 0; y < 300; y++) {
                wide.setRGB(x, y, x < 300 ? 0xFF0000 : x < 600 ? 0x00FF00 : 0x0000FF);
            }
        }
        Map<Integer, byte[]> rendered = pictures.render(7, new ByteArrayResource(png(wide)));
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(rendered.get(128)));
        assertThat(small.getWidth()).isEqualTo(128);
        int centre = small.getRGB(64, 64);
        assertThat((centre >> 8) & 0xFF).isGreaterThan(200);
        assertThat((centre >> 16) & 0xFF).isLessThan(60);
        // Nothing of the side thirds leaks in at the edges.
        assertThat((small.getRGB(2, 64) >> 16) & 0xFF).isLessThan(60);
        assertThat((small.getRGB(125, 64)) & 0xFF).isLessThan(60);
        assertThat(ImageIO.read(new ByteArrayInputStream(rendered.get(512))).getHeight()).isEqualTo(512);
    }

    @Test
    void eachUploadTakesAPermitOfTheUploadersPictureUploadBucket() {
        pictures.render(42, new ByteArrayResource(io.parley.support.Pictures.picture("png", 40, 40)));
        assertThat(taken).containsExactly("picture-upload:42");
    }

    @Test
    void aLimitedUploaderIsRefusedBeforeTheUploadIsEvenRead() {
        RateLimiter refusing = (bucket, key) -> {
            throw new RateLimitedException(30);
        };
        SquarePictures limited = new SquarePictures(PictureDecoderTest.pipeline(2), refusing);
        boolean[] read = {false};
        InputStreamSource upload = () -> {
            read[0] = true;
            return new ByteArrayInputStream(io.parley.support.Pictures.picture("png", 40, 40));
        };
        assertThatThrownBy(() -> limited.render(42, upload))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("rate-limited"));
        assertThat(read[0]).isFalse();
    }

    static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
