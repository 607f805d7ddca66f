/**
 * ONNX export of LSTM Lab models: {@link org.lstmlab.onnx.OnnxExport} writes a recurrent stack and
 * its head as an ONNX graph, with the model file's metadata (scaler included) as {@code
 * metadata_props}.
 *
 * <p>A module of its own because it brings protobuf-java and Tribuo's generated ONNX schema
 * classes: readers of model files (lstmlab-io, the web app) do not need them.
 */
package org.lstmlab.onnx;
