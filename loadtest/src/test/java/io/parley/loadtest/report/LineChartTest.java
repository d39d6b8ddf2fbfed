package io.parley.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {
    @Test
    void drawsSeriesIntoAPng(@TempDir Path dir) throws Exception {
        LineChart chart = new LineChart("t", "x", "y", false, true)
                .add(new LineChart.Series("a", List.of(new LineChart.Point(1000, 1), new LineChart.Point(5000, 20)), false))
                .add(new LineChart.Series("b", List.of(new LineChart.Point(1000, 3), new LineChart.Point(5000, 200)), true));
        Path file = dir.resolve("c.png");
        chart.write(file, 400, 300);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(400, image.getWidth());
        assertEquals(300, image.getHeight());
        int coloured = 0;
        for (int x = 0; x < 400; x++) {
            for (int y = 0; y < 300; y++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                int r = rgb >> 16;
                int b = rgb & 0xff;
                if (r != b) {
                    coloured++;
                }
            }
        }
        assertTrue(coloured > 100, "the series are drawn in colour");
        assertTrue(Files.size(file) > 1000);
    }

    @Test
    void formatsTicks() {
        assertEquals("15k", LineChart.format(15_000));
        assertEquals("2.5k", LineChart.format(2_500));
        assertEquals("0.5", LineChart.format(0.5));
        assertNotEquals(0, LineChart.ticks(new double[] {0, 17_000}, false).size());
    }
}
