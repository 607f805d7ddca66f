/**
 * Hot loops on flat arrays: the matrix-product kernel interface, its reference implementation and
 * the activation functions. Internal to LSTM Lab: the public API is in {@code org.lstmlab.core.nn}.
 */
package org.lstmlab.core.kernel;
