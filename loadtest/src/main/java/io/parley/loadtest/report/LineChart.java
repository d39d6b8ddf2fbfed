package io.parley.loadtest.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** A small line chart drawn with java.awt into a PNG: several named series, linear or log axes. */
public final class LineChart {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    public record Point(double x, double y) {
    }

    public record Series(String name, List<Point> points, boolean dashed) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logX;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();
    private List<double[]> xTicks;

    public LineChart(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logX = logX;
        this.logY = logY;
    }

    public LineChart add(Series s) {
        series.add(s);
        return this;
    }

    /** Custom x ticks: {value, label index}; labels given by {@link #tickLabel}. */
    public LineChart xTicks(List<double[]> ticks) {
        this.xTicks = ticks;
        return this;
    }

    public int seriesCount() {
        return series.size();
    }

    public BufferedImage render(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int left = 80;
        int right = 20;
        int top = 40;
        int bottom = 60 + 18 * ((series.size() + 2) / 3);
        int plotW = width - left - right;
        int plotH = height - top - bottom;
        double[] xr = range(true);
        double[] yr = range(false);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        // grid and ticks
        for (double[] tick : ticks(yr, logY)) {
            int y = top + plotH - (int) Math.round((tick[0] - yr[0]) / (yr[1] - yr[0]) * plotH);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(left, y, left + plotW, y);
            g.setColor(Color.DARK_GRAY);
            String label = format(logY ? Math.pow(10, tick[0]) : tick[0]);
            g.drawString(label, left - 6 - fm.stringWidth(label), y + 4);
        }
        List<double[]> xt = xTicks != null ? transformTicks(xTicks) : ticks(xr, logX);
        for (double[] tick : xt) {
            int x = left + (int) Math.round((tick[0] - xr[0]) / (xr[1] - xr[0]) * plotW);
            if (x < left - 1 || x > left + plotW + 1) {
                continue;
            }
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(x, top, x, top + plotH);
            g.setColor(Color.DARK_GRAY);
            String label = xTicks != null ? tickLabel(tick[1]) : format(logX ? Math.pow(10, tick[0]) : tick[0]);
            g.drawString(label, x - fm.stringWidth(label) / 2, top + plotH + 16);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, plotW, plotH);
        g.drawString(xLabel, left + plotW / 2 - fm.stringWidth(xLabel) / 2, top + plotH + 34);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(top + plotH / 2 + fm.stringWidth(yLabel) / 2), 18);
        rotated.dispose();
        // series
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            Color color = PALETTE[i % PALETTE.length];
            g.setColor(color);
            g.setStroke(s.dashed() ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2f));
            int px = -1;
            int py = -1;
            for (Point p : s.points()) {
                double xv = tx(p.x(), logX);
                double yv = tx(p.y(), logY);
                if (Double.isNaN(xv) || Double.isNaN(yv)) {
                    continue;
                }
                int x = left + (int) Math.round((xv - xr[0]) / (xr[1] - xr[0]) * plotW);
                int y = top + plotH - (int) Math.round((yv - yr[0]) / (yr[1] - yr[0]) * plotH);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                g.fillOval(x - 3, y - 3, 6, 6);
                px = x;
                py = y;
            }
            int lx = left + (i % 3) * (plotW / 3);
            int ly = top + plotH + 50 + 18 * (i / 3);
            g.drawLine(lx, ly - 4, lx + 24, ly - 4);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), lx + 30, ly);
        }
        g.dispose();
        return image;
    }

    public void write(Path file, int width, int height) {
        try {
            ImageIO.write(render(width, height), "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<double[]> transformTicks(List<double[]> ticks) {
        return ticks.stream().map(t -> new double[] {tx(t[0], logX), t[1]}).toList();
    }

    /** Percentile labels for latency-distribution charts (x = 1/(1-p)). */
    static String tickLabel(double percentile) {
        return percentile == Math.floor(percentile) ? String.format("%.0f%%", percentile) : String.format("%s%%", percentile);
    }

    private static double tx(double v, boolean log) {
        if (!log) {
            return v;
        }
        return v > 0 ? Math.log10(v) : Double.NaN;
    }

    private double[] range(boolean x) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean log = x ? logX : logY;
        for (Series s : series) {
            for (Point p : s.points()) {
                double v = tx(x ? p.x() : p.y(), log);
                if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min == Double.POSITIVE_INFINITY) {
            return new double[] {0, 1};
        }
        if (!log) {
            min = Math.min(0, min);
        } else {
            min = Math.floor(min);
            max = Math.ceil(max);
        }
        if (max <= min) {
            max = min + 1;
        }
        return log ? new double[] {min, max} : new double[] {min, max * 1.08};
    }

    static List<double[]> ticks(double[] range, boolean log) {
        List<double[]> ticks = new ArrayList<>();
        if (log) {
            for (double v = Math.ceil(range[0]); v <= range[1] + 1e-9; v++) {
                ticks.add(new double[] {v, 0});
            }
            return ticks;
        }
        double span = range[1] - range[0];
        double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
        if (span / step > 10) {
            step *= span / step > 20 ? 5 : 2;
        }
        for (double v = Math.ceil(range[0] / step) * step; v <= range[1] + 1e-9; v += step) {
            ticks.add(new double[] {v, 0});
        }
        return ticks;
    }

    static String format(double v) {
        double a = Math.abs(v);
        if (a >= 1_000_000) {
            return trim(v / 1_000_000) + "M";
        }
        if (a >= 1_000) {
            return trim(v / 1_000) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        String s = String.format("%.2f", v);
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }
}
