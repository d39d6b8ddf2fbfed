package io.parley.platform.images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Function;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.io.InputStreamSource;
import org.springframework.stereotype.Component;

/**
 * The one way pictures of any origin (avatars, group pictures, media) are turned into pixels:
 * recognised by their bytes, checked against limits from the header, decoded subsampled and
 * upright, a few at a time (see {@link ImageProperties}). Callers draw and encode what they keep
 * inside {@code work}, which runs in the same turn.
 */
@Component
@EnableConfigurationProperties(ImageProperties.class)
public class ImagePipeline {
    private final PictureDecoder decoder;
    private final ImageGate gate;

    ImagePipeline(ImageProperties properties) {
        this.decoder = new PictureDecoder(properties);
        this.gate = new ImageGate(properties.concurrency(), properties.maxQueued(), properties.maxWait());
    }

    /**
     * Decodes the upload as {@code fit} asks and applies {@code work} to the picture. The upload is
     * read only once its turn has come, so uploads waiting for one hold no heap.
     *
     * @throws io.parley.platform.web.ProblemException {@code unsupported-image} (415),
     *         {@code corrupt-image} or {@code image-too-large} (400), {@code server-busy} (503)
     */
    public <T> T process(InputStreamSource upload, Fit fit, Function<BufferedImage, T> work) {
        return gate.run(() -> work.apply(decoder.decode(read(upload), fit)));
    }

    private static byte[] read(InputStreamSource upload) {
        // The size is bounded by the caller (the multipart limit for uploads).
        try (InputStream in = upload.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int busy() {
        return gate.busyPermits();
    }

    int concurrency() {
        return gate.size();
    }
}
