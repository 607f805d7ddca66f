/**
 * Text as model input: {@link org.lstmlab.core.text.Tokenizer} (words and punctuation), {@link
 * org.lstmlab.core.text.Vocabulary} (characters or words, with a frequency cut-off and padding and
 * unknown tokens), {@link org.lstmlab.core.text.OneHot} encoding, and the count-based {@link
 * org.lstmlab.core.text.NgramModel} (unigram, bigram, ... with add-k smoothing) whose bits per
 * character and perplexity on held-out text a neural language model is measured against, and {@link
 * org.lstmlab.core.text.TokenSampler} (temperature and top-k, seeded) to generate text; {@link
 * org.lstmlab.core.text.LanguageModel}, a character or word language model trained by truncated
 * BPTT, scored in bits per token and sampled from a prompt; {@link
 * org.lstmlab.core.text.TextClassifier}, a sequence classifier over documents (LAST step to K
 * classes) measured against the majority class and {@link org.lstmlab.core.text.NaiveBayes}.
 *
 * <p>Order of use: build a vocabulary on the training text → encode the training and held-out
 * text to ids → one-hot rows or an {@code Embedding} → a model; the vocabulary is saved with the
 * model (lstmlab-io). No dependency beyond the JDK.
 */
package org.lstmlab.core.text;
