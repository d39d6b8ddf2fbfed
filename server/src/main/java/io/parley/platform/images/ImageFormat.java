package io.parley.platform.images;

import io.parley.platform.web.ProblemException;
import org.springframework.http.HttpStatus;

/** The picture formats Parley accepts, recognised by their first bytes (never a name or a declared type). */
public enum ImageFormat {
    JPEG("jpeg"), PNG("png"), WEBP("webp");

    final String readerName;

    ImageFormat(String readerName) {
        this.readerName = readerName;
    }

    /** The format the bytes are in, or 415 {@code unsupported-image}. */
    public static ImageFormat sniff(byte[] data) {
        if (data.length >= 3 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0xD8 && (data[2] & 0xFF) == 0xFF) {
            return JPEG;
        }
        if (data.length >= 8 && (data[0] & 0xFF) == 0x89 && data[1] == 'P' && data[2] == 'N' && data[3] == 'G'
                && data[4] == 0x0D && data[5] == 0x0A && data[6] == 0x1A && data[7] == 0x0A) {
            return PNG;
        }
        if (data.length >= 12 && data[0] == 'R' && data[1] == 'I' && data[2] == 'F' && data[3] == 'F'
                && data[8] == 'W' && data[9] == 'E' && data[10] == 'B' && data[11] == 'P') {
            return WEBP;
        }
        throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-image",
                "A picture must be a JPEG, PNG or WebP image");
    }
}
