package org.lstmlab.core.forecast;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The time labels of a series, read as a regular axis so that a forecast can carry on from the
 * last label: years 1700, 1701 … continue with 2009; months 1958-03 … with 2001-01; dates
 * 1958-03-29, 1958-04-05 … a week at a time; numbers 0.5, 1.0 … by 0.5.
 *
 * <p>Kinds, tried in this order on every label: whole numbers (8-digit ones that are all valid
 * dates read as {@code yyyyMMdd} dates, as in statsmodels' CO2 file), decimal numbers, {@code
 * yyyy-MM} months, ISO dates {@code yyyy-MM-dd} and ISO date-times ({@code T} or a space between
 * date and time). The step is the most common difference between neighbours (in months when all
 * dates fall on the same day of the month or all on a month's last day, else in days; in seconds for date-times), so a few
 * gaps do not change it. New labels are written in the labels' own format. Labels of no kind (or
 * no labels) give {@code t+1, t+2, …} after the last index.
 *
 * <p>Immutable.
 */
public final class TimeAxis {

  private enum Kind { INDEX, INTEGER, DECIMAL, YYYYMMDD, MONTH, DATE_MONTHS, MONTH_END, DATE_DAYS, DATE_TIME }

  private final Kind kind;
  private final String last;
  private final long step; // integer, months, days or seconds; unscaled decimal for DECIMAL
  private final int scale; // decimals of a DECIMAL axis
  private final int length;
  private final String separator; // 'T' or ' ' for date-times

  private TimeAxis(Kind kind, String last, long step, int scale, int length, String separator) {
    this.kind = kind;
    this.last = last;
    this.step = step;
    this.scale = scale;
    this.length = length;
    this.separator = separator;
  }

  /**
   * The axis of {@code labels}, or a plain index if they are empty or of no known kind.
   *
   * @param labels the series' time labels, oldest first
   */
  public static TimeAxis of(List<String> labels) {
    int n = labels == null ? 0 : labels.size();
    if (n < 2) {
      return index(n);
    }
    String last = labels.get(n - 1).strip();
    try {
      if (labels.stream().allMatch(s -> s.strip().matches("[+-]?\\d{1,18}"))) {
        if (labels.stream().allMatch(s -> s.strip().length() == 8 && date8(s.strip()) != null)) {
          List<LocalDate> d = labels.stream().map(s -> date8(s.strip())).toList();
          return new TimeAxis(Kind.YYYYMMDD, last, modeOf(d, ChronoUnit.DAYS), 0, n, "");
        }
        List<Long> v = labels.stream().map(s -> Long.parseLong(s.strip())).toList();
        long step = mode(v);
        return step > 0 ? new TimeAxis(Kind.INTEGER, last, step, 0, n, "") : index(n);
      }
      if (labels.stream().allMatch(s -> s.strip().matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?"))) {
        List<BigDecimal> v = labels.stream().map(s -> new BigDecimal(s.strip())).toList();
        int scale = v.stream().mapToInt(BigDecimal::scale).max().orElse(0);
        scale = Math.max(scale, 0);
        List<Long> u = new ArrayList<>();
        for (BigDecimal b : v) {
          u.add(b.setScale(scale).unscaledValue().longValueExact());
        }
        long step = mode(u);
        return step > 0 ? new TimeAxis(Kind.DECIMAL, last, step, scale, n, "") : index(n);
      }
      if (labels.stream().allMatch(s -> s.strip().matches("\\d{4}-\\d{2}"))) {
        List<YearMonth> m = labels.stream().map(s -> YearMonth.parse(s.strip())).toList();
        List<Long> months = m.stream().map(x -> x.getYear() * 12L + x.getMonthValue()).toList();
        long step = mode(months);
        return step > 0 ? new TimeAxis(Kind.MONTH, last, step, 0, n, "") : index(n);
      }
      if (labels.stream().allMatch(s -> s.strip().matches("\\d{4}-\\d{2}-\\d{2}"))) {
        List<LocalDate> d = labels.stream().map(s -> LocalDate.parse(s.strip())).toList();
        int day = d.get(0).getDayOfMonth();
        if (day <= 28 && d.stream().allMatch(x -> x.getDayOfMonth() == day)) {
          long step = modeOf(d, ChronoUnit.MONTHS);
          if (step > 0) {
            return new TimeAxis(Kind.DATE_MONTHS, last, step, 0, n, "");
          }
        }
        if (d.stream().allMatch(x -> x.getDayOfMonth() == x.lengthOfMonth())) {
          List<Long> months = d.stream().map(x -> x.getYear() * 12L + x.getMonthValue()).toList();
          long step = mode(months);
          if (step > 0) {
            return new TimeAxis(Kind.MONTH_END, last, step, 0, n, "");
          }
        }
        long step = modeOf(d, ChronoUnit.DAYS);
        return step > 0 ? new TimeAxis(Kind.DATE_DAYS, last, step, 0, n, "") : index(n);
      }
      if (labels.stream().allMatch(s -> s.strip().matches("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2})?"))) {
        String sep = last.substring(10, 11);
        List<LocalDateTime> d = labels.stream()
            .map(s -> LocalDateTime.parse(s.strip().replace(' ', 'T'))).toList();
        long step = 0;
        Map<Long, Integer> count = new HashMap<>();
        for (int i = 1; i < d.size(); i++) {
          count.merge(ChronoUnit.SECONDS.between(d.get(i - 1), d.get(i)), 1, Integer::sum);
        }
        step = most(count);
        return step > 0 ? new TimeAxis(Kind.DATE_TIME, last, step, 0, n, sep) : index(n);
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      return index(n);
    }
    return index(n);
  }

  private static TimeAxis index(int n) {
    return new TimeAxis(Kind.INDEX, "", 1, 0, n, "");
  }

  /**
   * The steps in one cycle of the calendar this axis steps through, or 0 for none: 12 for months
   * (4 for quarters), 52 for weeks (a year of 52.18 weeks, rounded down as the seasonal naive
   * forecast of weekly data does), 7 for days, 24 for hours and the like for steps that divide a
   * day. Years and plain numbers have none. A candidate for {@link Seasonality}, which keeps it
   * only where the data show it.
   */
  public int calendarSeason() {
    return switch (kind) {
      case MONTH, DATE_MONTHS, MONTH_END -> step < 12 && 12 % step == 0 ? (int) (12 / step) : 0;
      case YYYYMMDD, DATE_DAYS -> step == 1 ? 7 : step == 7 ? 52 : 0;
      case DATE_TIME -> step == 86_400 ? 7 : step < 86_400 && 86_400 % step == 0
          ? (int) (86_400 / step) : 0;
      case INDEX, INTEGER, DECIMAL -> 0;
    };
  }

  /** Whether the labels were read as a regular axis (else new labels are {@code t+k}). */
  public boolean isRegular() {
    return kind != Kind.INDEX;
  }

  /**
   * The labels of the {@code count} steps after the last one.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public List<String> next(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    List<String> out = new ArrayList<>(count);
    for (int k = 1; k <= count; k++) {
      out.add(label(k));
    }
    return out;
  }

  private String label(long k) {
    switch (kind) {
      case INTEGER:
        return Long.toString(Long.parseLong(last) + k * step);
      case DECIMAL:
        return new BigDecimal(last).setScale(scale)
            .add(BigDecimal.valueOf(k * step, scale)).toPlainString();
      case YYYYMMDD:
        return date8(last).plusDays(k * step).format(DateTimeFormatter.BASIC_ISO_DATE);
      case MONTH:
        return YearMonth.parse(last).plusMonths(k * step).toString();
      case DATE_MONTHS:
        return LocalDate.parse(last).plusMonths(k * step).toString();
      case MONTH_END: {
        LocalDate d = LocalDate.parse(last).withDayOfMonth(1).plusMonths(k * step);
        return d.withDayOfMonth(d.lengthOfMonth()).toString();
      }
      case DATE_DAYS:
        return LocalDate.parse(last).plusDays(k * step).toString();
      case DATE_TIME: {
        LocalDateTime t = LocalDateTime.parse(last.replace(' ', 'T')).plusSeconds(k * step);
        String pattern = last.length() > 16 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm";
        return t.format(DateTimeFormatter.ofPattern(pattern, Locale.ROOT))
            .replace("T", separator);
      }
      default:
        return "t+" + (length - 1 + k);
    }
  }

  private static LocalDate date8(String s) {
    try {
      return LocalDate.parse(s, DateTimeFormatter.BASIC_ISO_DATE);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static long modeOf(List<? extends java.time.temporal.Temporal> d, ChronoUnit unit) {
    Map<Long, Integer> count = new HashMap<>();
    for (int i = 1; i < d.size(); i++) {
      count.merge(unit.between(d.get(i - 1), d.get(i)), 1, Integer::sum);
    }
    return most(count);
  }

  private static long mode(List<Long> v) {
    Map<Long, Integer> count = new HashMap<>();
    for (int i = 1; i < v.size(); i++) {
      count.merge(Math.subtractExact(v.get(i), v.get(i - 1)), 1, Integer::sum);
    }
    return most(count);
  }

  /** The most common key, the smallest on a tie; 0 if none is positive. */
  private static long most(Map<Long, Integer> count) {
    long best = 0;
    int bestCount = 0;
    for (Map.Entry<Long, Integer> e : count.entrySet()) {
      long k = e.getKey();
      int c = e.getValue();
      if (k > 0 && (c > bestCount || (c == bestCount && k < best))) {
        best = k;
        bestCount = c;
      }
    }
    return best;
  }

  @Override
  public String toString() {
    return "TimeAxis{" + kind.name().toLowerCase(Locale.ROOT) + ", step " + step + "}";
  }
}
