/**
 * The {@code lstmlab} command: {@link org.lstmlab.cli.Main} (the top command, error handling and
 * exit codes) and one class per subcommand. Commands parse flags, call the core library and print;
 * they hold no numerical code of their own beyond the stopgap {@code WindowTrainer}, which the
 * core's trainer will replace.
 */
package org.lstmlab.cli;
