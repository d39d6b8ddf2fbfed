package io.parley.platform.images;

import java.awt.Rectangle;

/**
 * What part of a picture is wanted and how large it will be drawn, so that the decoder reads only
 * that part and skips pixels (subsampling) down to about that size.
 *
 * @param centreSquare only the centred square (avatars), else the whole picture
 * @param side         the size it will be drawn at: the square's side, or the whole picture's
 *                     longer side; it is decoded at between once and twice that
 */
public record Fit(boolean centreSquare, int side) {
    public Fit {
        if (side <= 0) {
            throw new IllegalArgumentException("side must be positive");
        }
    }

    public static Fit centreSquare(int side) {
        return new Fit(true, side);
    }

    public static Fit within(int side) {
        return new Fit(false, side);
    }

    Rectangle region(int width, int height) {
        if (!centreSquare) {
            return new Rectangle(0, 0, width, height);
        }
        int square = Math.min(width, height);
        return new Rectangle((width - square) / 2, (height - square) / 2, square, square);
    }

    /** Keep one pixel in this many, each way. */
    int subsampling(Rectangle region) {
        return Math.max(1, Math.max(region.width, region.height) / side);
    }
}
