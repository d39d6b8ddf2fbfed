package io.parley.platform.images;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on decoding uploaded pictures, checked from the header before any pixel is decoded.
 *
 * @param maxPixels       the most pixels a picture may have (width x height)
 * @param maxDecodedBytes the most bytes its full-size pixels would take (pixels x bands x bytes
 *                        per sample: a 16-bit picture costs twice an 8-bit one of the same size),
 *                        or what the reader holds while decoding where that is more (WebP,
 *                        progressive JPEG): the most one decoding holds in memory
 * @param maxJpegScans    the most scans a (progressive) JPEG may have: each scan is a pass over
 *                        the whole picture, so thousands of tiny ones are a CPU bomb
 * @param maxDecodeTime   how long one picture may take to decode before it is given up
 * @param maxConcurrent   pictures decoded at once (decoding is CPU and memory work); 0 means one
 *                        per processor
 * @param maxQueued       pictures waiting for a turn; beyond that an upload is refused at once
 * @param maxWait         how long a picture waits for a turn before the upload is refused
 *                        (503 {@code server-busy} with Retry-After)
 */
@ConfigurationProperties("parley.images")
public record ImageProperties(
        @DefaultValue("40000000") long maxPixels,
        @DefaultValue("160MB") DataSize maxDecodedBytes,
        @DefaultValue("100") int maxJpegScans,
        @DefaultValue("20s") Duration maxDecodeTime,
        @DefaultValue("0") int maxConcurrent,
        @DefaultValue("32") int maxQueued,
        @DefaultValue("10s") Duration maxWait) {

    int concurrency() {
        return maxConcurrent > 0 ? maxConcurrent : Runtime.getRuntime().availableProcessors();
    }
}
