package org.lstmlab.web;

/**
 * The bounds of every request the tutorial server accepts, in one place, so that one learner's
 * request cannot take the machine from the others and the page can show the ranges it may use.
 *
 * <p>Each field has its range, and a training job as a whole has a budget, {@link #MAX_WORK}, so that
 * one model trains in about a minute at most on the 2-core build machine: the page's defaults take
 * about 0.6 s for the LSTM. Jobs beyond {@value #MAX_JOBS} at once are refused with 429 rather than
 * queued without end.
 */
public final class Limits {

  /** Largest accepted request body in bytes; the training settings take about 200. */
  public static final int MAX_BODY_BYTES = 16 * 1024;

  /**
   * Largest CSV the page may upload, in bytes (its text inside the JSON body): some 20 000 rows
   * of a date and a value.
   */
  public static final int MAX_UPLOAD_BYTES = 512 * 1024;

  /** Largest body of an upload request: the CSV, escaped in JSON, and the settings. */
  public static final int MAX_UPLOAD_BODY_BYTES = 2 * MAX_UPLOAD_BYTES + MAX_BODY_BYTES;

  /** h, steps ahead per window, for your own data. */
  public static final int MAX_HORIZON = 48;

  /** Steps forecast past the end of your own data. */
  public static final int MAX_FORECAST = 500;

  /** Points of the synthetic series. */
  public static final int MIN_LENGTH = 40;
  /** Points of the synthetic series. */
  public static final int MAX_LENGTH = 1000;

  /** Standard deviation of the series' noise. */
  public static final double MAX_NOISE = 2.0;

  /** H, hidden units of a trained model: the notebook's 100 and some room above. */
  public static final int MAX_HIDDEN = 128;

  /** T, input steps per window. */
  public static final int MIN_WINDOW = 2;
  /** T, input steps per window, for training and the gate explorer. */
  public static final int MAX_WINDOW = 48;

  /** Epochs of a training job. */
  public static final int MAX_EPOCHS = 200;

  /** Windows per update. */
  public static final int MAX_BATCH = 256;

  /** The held-out fraction of the Train page's series. */
  public static final double MIN_HOLDOUT = 0.05;
  /** The held-out fraction of the Train page's series: training keeps at least half. */
  public static final double MAX_HOLDOUT = 0.5;

  /** Largest learning rate; a rate above 1 only diverges on this series. */
  public static final double MAX_LR = 1.0;

  /**
   * Budget of one model's training, in units of epochs × training windows × window × (hidden + 1)²,
   * which the time of an epoch follows. Measured: the LSTM at hidden 64, window 48, 650 training
   * windows (length 1000), batch 1 takes 3.7 s per epoch, 28 ns per unit, on the 2-core build
   * machine; 2·10⁹ units are about a minute.
   */
  public static final long MAX_WORK = 2_000_000_000L;

  /** Training jobs queued or running at once, over all tabs and users. */
  public static final int MAX_JOBS = 2;

  /**
   * Event streams open at once, over all tabs: each holds a thread while its job runs. A tab
   * follows one job at a time, and {@link #MAX_JOBS} run at once, so a few per job is plenty;
   * 1,000 streams used to mean 1,239 threads.
   */
  public static final int MAX_STREAMS = 8;

  /**
   * Connections open at once (clients): a browser opens at most six per server, so this serves
   * ten tabs; more wait until one closes instead of each taking a thread.
   */
  public static final int MAX_CONNECTIONS = 64;

  /** Finished jobs kept for late listeners before the oldest is forgotten. */
  public static final int KEPT_FINISHED_JOBS = 16;

  /** H in the gate explorer: every unit is a heatmap row, so a few dozen at most. */
  public static final int MAX_EXPLORER_HIDDEN = 32;

  /** Epochs of the gate explorer's and gradient view's quick training. */
  public static final int MAX_EXPLORER_EPOCHS = 100;

  /** T in the gradient view: long windows show how far back a gradient reaches. */
  public static final int MAX_GRADIENT_WINDOW = 120;

  /** |b_f|, the LSTM forget-gate bias the gradient view may set. */
  public static final double MAX_FORGET_BIAS = 10;

  /** T of a long-time-lags task; the order problem needs at least 10 of its own. */
  public static final int MIN_LAG_LENGTH = 2;
  /** T of a long-time-lags task. */
  public static final int MAX_LAG_LENGTH = 200;

  /** Training steps per model of a long-time-lags job. */
  public static final int MAX_LAG_STEPS = 3000;

  /** Held-out sequences of a long-time-lags job. */
  public static final int MAX_LAG_TEST_SIZE = 1000;

  /**
   * Budget of one model's long-time-lags run, in units of steps × batch × sequence steps ×
   * (hidden + 1)². docs/LONG-TIME-LAGS.md's setting for this page (adding, T = 50, H = 32, 1000
   * steps of 50) is 2.7·10⁹ units and took 58 s for the LSTM on the loaded 2-core machine, some
   * 21 ns per unit; 3·10⁹ keeps a model near a minute.
   */
  public static final long MAX_LAG_WORK = 3_000_000_000L;

  /**
   * Characters a Text-page run trains and scores on: the first this many of a fortune file, or a
   * pasted text of at most {@link #MAX_TEXT_BYTES}. At the page's defaults one pass over them
   * takes about half a second.
   */
  public static final int MAX_TEXT_CHARS = 100_000;

  /** The fewest characters of a pasted text: a tenth is held out, the rest cut into streams. */
  public static final int MIN_TEXT_CHARS = 500;

  /** Largest pasted text, in UTF-8 bytes (its text inside the JSON body). */
  public static final int MAX_TEXT_BYTES = 100_000;

  /** Largest body of a Text-page request: the pasted text, escaped in JSON, and the settings. */
  public static final int MAX_TEXT_BODY_BYTES = 6 * MAX_TEXT_BYTES + MAX_BODY_BYTES;

  /** T of one truncated-BPTT chunk of the Text page. */
  public static final int MAX_TEXT_WINDOW = 128;

  /** Streams (the batch) of the Text page. */
  public static final int MAX_TEXT_BATCH = 64;

  /** Passes over the text of the Text page. */
  public static final int MAX_TEXT_EPOCHS = 30;

  /** Characters of a prompt. */
  public static final int MAX_PROMPT_CHARS = 100;

  /** The sampling temperature: above 2 samples are noise whatever the model. */
  public static final double MAX_TEMPERATURE = 2;

  /**
   * Budget of a Text-page run, in units of passes × training characters × G·H·(V + H), the
   * multiply-adds of the LSTM's gate products per character. Measured: hidden 96, 90 000
   * characters, V 98, 10 passes (6.7·10¹⁰ units) took 10.6 s on the idle 2-core build machine,
   * 0.16 ns per unit; 2·10¹¹ is about half a minute idle and a minute loaded.
   */
  public static final long MAX_TEXT_WORK = 200_000_000_000L;

  private Limits() {}
}
