/**
 * Training procedures on top of the model, loss and optimizer: truncated backpropagation through
 * time. The trainer with epochs, early stopping and callbacks joins it with the notebook issue.
 */
package org.lstmlab.core.train;
