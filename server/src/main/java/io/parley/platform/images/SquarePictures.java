package io.parley.platform.images;

import io.parley.platform.ratelimit.RateLimiter;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.InputStreamSource;
import org.springframework.stereotype.Component;

/**
 * Turns an uploaded picture into square JPEGs of fixed sizes (avatars of people and groups): the
 * centred square, through the {@link ImagePipeline}, drawn afresh at each size.
 */
@Component
public class SquarePictures {
    /** Ascending; the largest is what is decoded for. */
    public static final int[] SIZES = {128, 512};
    static final String RATE_LIMIT_BUCKET = "picture-upload";
    private static final Fit FIT = Fit.centreSquare(SIZES[SIZES.length - 1]);

    private final ImagePipeline pipeline;
    private final RateLimiter limiter;

    SquarePictures(ImagePipeline pipeline, RateLimiter limiter) {
        this.pipeline = pipeline;
        this.limiter = limiter;
    }

    /** Size in pixels to JPEG bytes; each call takes a permit of the uploader's {@code picture-upload} bucket. */
    public Map<Integer, byte[]> render(long uploaderId, InputStreamSource upload) {
        limiter.acquire(RATE_LIMIT_BUCKET, Long.toString(uploaderId));
        return pipeline.process(upload, FIT, square -> {
            Map<Integer, byte[]> rendered = new LinkedHashMap<>();
            BufferedImage current = square;
            // Largest first: each smaller size is drawn from the one above it.
            for (int i = SIZES.length - 1; i >= 0; i--) {
                current = Drawing.scale(current, SIZES[i], SIZES[i]);
                rendered.put(SIZES[i], Drawing.jpeg(current, 0.86f));
            }
            return rendered;
        });
    }
}
