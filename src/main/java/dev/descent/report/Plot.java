package dev.descent.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG markup: axes with ticks and grid lines, and one path per series.
 * Values that cannot be drawn (NaN, infinities, and on a log axis values <= 0) leave a gap in
 * their path, so a diverged run's history still draws up to the point where it went wrong. Each
 * series' path carries {@code data-series} (its id) and {@code data-points} (how many points it
 * drew). The legend is HTML beside the chart, so that it never hides a curve.
 */
final class Plot {
  static final int WIDTH = 640;
  static final int HEIGHT = 300;
  static final double LEFT = 72;
  static final double RIGHT = 16;
  static final double TOP = 14;
  static final double BOTTOM = 46;
  /** Series with at most this many points also get a dot per point. */
  static final int MARKERS_UP_TO = 60;

  /**
   * One line: {@code y[i]} against {@code x[i]}.
   *
   * @param dots whether to mark each point (when there are at most {@link #MARKERS_UP_TO})
   */
  record Series(String id, String label, String colour, double[] x, double[] y, boolean dots) {
    Series(String id, String label, String colour, double[] x, double[] y) {
      this(id, label, colour, x, y, true);
    }
  }

  private final Axis xAxis;
  private final Axis yAxis;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();
  private final StringBuilder under = new StringBuilder(); // reference lines
  private final StringBuilder over = new StringBuilder(); // labelled dots

  Plot(Axis xAxis, String xLabel, Axis yAxis, String yLabel) {
    this.xAxis = xAxis;
    this.yAxis = yAxis;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  Plot add(Series s) {
    series.add(s);
    return this;
  }

  Axis yAxis() {
    return yAxis;
  }

  /** Pixel x of a value, or NaN if it cannot be drawn. */
  double px(double x) {
    return LEFT + xAxis.fraction(x) * (WIDTH - LEFT - RIGHT);
  }

  /** Pixel y of a value, or NaN if it cannot be drawn. */
  double py(double y) {
    return TOP + (1 - yAxis.fraction(y)) * (HEIGHT - TOP - BOTTOM);
  }

  /** A dashed reference line between two points, drawn under the series. */
  Plot referenceLine(double x0, double y0, double x1, double y1) {
    under.append(String.format(Locale.ROOT, "<line class=\"reference\" x1=\"%.1f\" y1=\"%.1f\""
        + " x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"4 4\"/>",
        px(x0), py(y0), px(x1), py(y1)));
    return this;
  }

  /** A labelled dot, drawn over the series. */
  Plot dot(double x, double y, String colour, String label) {
    double cx = px(x);
    double cy = py(y);
    if (Double.isFinite(cx) && Double.isFinite(cy)) {
      over.append(String.format(Locale.ROOT, "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\""
          + " r=\"5\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"1.5\"><title>%s</title></circle>",
          cx, cy, colour, Html.escape(label)));
    }
    return this;
  }

  /**
   * The path data of a series: "M x,y L x,y ...", starting a new subpath after every value
   * that cannot be drawn.
   */
  String pathData(double[] x, double[] y) {
    StringBuilder d = new StringBuilder();
    boolean pen = false;
    for (int i = 0; i < x.length; i++) {
      double a = px(x[i]);
      double b = py(y[i]);
      if (!Double.isFinite(a) || !Double.isFinite(b)) {
        pen = false;
        continue;
      }
      if (d.length() > 0) {
        d.append(' ');
      }
      d.append(pen ? 'L' : 'M').append(String.format(Locale.ROOT, "%.1f,%.1f", a, b));
      pen = true;
    }
    return d.toString();
  }

  /** The chart, as an {@code <svg>} element; {@code name} is its accessible name. */
  String svg(String name) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\""
        + " height=\"%d\" role=\"img\" aria-label=\"%s\">", WIDTH, HEIGHT, WIDTH, HEIGHT,
        Html.escape(name)));
    double x0 = LEFT;
    double x1 = WIDTH - RIGHT;
    double y0 = HEIGHT - BOTTOM;
    double y1 = TOP;
    s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
        + " height=\"%.1f\" fill=\"#fff\" stroke=\"#bbb\"/>", x0, y1, x1 - x0, y0 - y1));
    for (double t : yAxis.ticks()) {
      double y = py(t);
      s.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\""
          + " x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e6e6e6\"/>", x0, y, x1, y));
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\""
          + " dominant-baseline=\"middle\">%s</text>", x0 - 6, y, Html.tick(t)));
    }
    for (double t : xAxis.ticks()) {
      double x = px(t);
      s.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\""
          + " x2=\"%.1f\" y2=\"%.1f\" stroke=\"#f0f0f0\"/>", x, y0, x, y1));
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\""
          + " text-anchor=\"middle\">%s</text>", x, y0 + 16, Html.tick(t)));
    }
    s.append(String.format(Locale.ROOT, "<text class=\"axis-label\" x=\"%.1f\" y=\"%.1f\""
        + " text-anchor=\"middle\">%s</text>", (x0 + x1) / 2, (double) HEIGHT - 8,
        Html.escape(xLabel)));
    s.append(String.format(Locale.ROOT, "<text class=\"axis-label\" x=\"14\" y=\"%.1f\""
        + " text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>", (y0 + y1) / 2,
        (y0 + y1) / 2, Html.escape(yLabel + (yAxis.log() ? " (log scale)" : ""))));
    s.append(under);
    for (Series line : series) {
      String d = pathData(line.x(), line.y());
      String[] points = d.isEmpty() ? new String[0] : d.split(" ");
      s.append("<path class=\"series\" data-series=\"").append(Html.escape(line.id()))
          .append("\" data-points=\"").append(points.length).append("\" d=\"").append(d)
          .append("\" fill=\"none\" stroke=\"").append(line.colour())
          .append("\" stroke-width=\"2\" stroke-linejoin=\"round\"/>");
      if (line.dots() && line.x().length <= MARKERS_UP_TO) {
        for (String point : points) {
          String[] xy = point.substring(1).split(",");
          s.append("<circle cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1])
              .append("\" r=\"2.5\" fill=\"").append(line.colour()).append("\"/>");
        }
      }
    }
    s.append(over);
    return s.append("</svg>").toString();
  }

  /** The legend, as HTML to put beside the chart. */
  String legend() {
    StringBuilder s = new StringBuilder("<div class=\"legend\">");
    for (Series line : series) {
      s.append("<span><i style=\"background:").append(line.colour()).append("\"></i>")
          .append(Html.escape(line.label())).append("</span>");
    }
    return s.append("</div>").toString();
  }

  /**
   * A linear or base-10 logarithmic axis over {@code [lo, hi]}. Fitted axes are logarithmic
   * when their values are positive and span two orders of magnitude or more.
   *
   * @param whole whether ticks are whole numbers (epochs)
   */
  record Axis(double lo, double hi, boolean log, boolean whole) {
    /** Where a value sits, 0 at lo and 1 at hi; NaN if it cannot be drawn on this axis. */
    double fraction(double v) {
      if (!Double.isFinite(v) || (log && v <= 0)) {
        return Double.NaN;
      }
      if (log) {
        return (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
      }
      return (v / 2 - lo / 2) / (hi / 2 - lo / 2); // halves: no overflow for huge spans
    }

    /** A fixed linear axis. */
    static Axis linear(double lo, double hi) {
      return new Axis(lo, hi, false, false);
    }

    /** An axis for epochs 1..n. */
    static Axis epochs(int n) {
      return new Axis(1, Math.max(n, 2), false, true);
    }

    /** An axis that fits every finite value of the arrays. */
    static Axis fit(double[]... values) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      double minPositive = Double.POSITIVE_INFINITY;
      for (double[] a : values) {
        for (double v : a) {
          if (Double.isFinite(v)) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            if (v > 0) {
              minPositive = Math.min(minPositive, v);
            }
          }
        }
      }
      if (min > max) {
        return linear(0, 1); // nothing finite to show
      }
      if (min >= 0 && minPositive <= max && max / minPositive >= 100) {
        return new Axis(Math.pow(10, Math.floor(Math.log10(minPositive))),
            Math.pow(10, Math.ceil(Math.log10(max))), true, false);
      }
      if (min == max) {
        double pad = min == 0 ? 1 : Math.abs(min) / 10;
        min -= pad;
        max += pad;
      }
      double step = niceStep(max / 2 - min / 2);
      double lo = Math.floor(min / step) * step;
      double hi = Math.ceil(max / step) * step;
      return Double.isFinite(lo) && Double.isFinite(hi) && lo < hi ? linear(lo, hi)
          : linear(min, max);
    }

    /** Tick values: round numbers (linear) or powers of ten (log), at most about 8. */
    List<Double> ticks() {
      List<Double> t = new ArrayList<>();
      if (log) {
        int a = (int) Math.round(Math.log10(lo));
        int b = (int) Math.round(Math.log10(hi));
        int every = Math.max(1, (int) Math.ceil((b - a) / 7.0));
        for (int e = a; e <= b; e += every) {
          t.add(Math.pow(10, e));
        }
        return t;
      }
      double step = niceStep(hi / 2 - lo / 2);
      if (whole) {
        step = Math.max(1, Math.rint(step));
      }
      if (!(step > 0) || !Double.isFinite(step)) {
        return List.of(lo, hi);
      }
      long first = (long) Math.ceil(lo / step - 1e-9);
      for (long i = first; i * step <= hi + step * 1e-9 && t.size() < 20; i++) {
        t.add(i * step);
      }
      return t;
    }

    /** A step of 1, 2 or 5 times a power of ten giving about 5 intervals over 2 x halfSpan. */
    private static double niceStep(double halfSpan) {
      double raw = halfSpan / 2.5;
      double p = Math.pow(10, Math.floor(Math.log10(raw)));
      double m = raw / p;
      return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
    }
  }
}
