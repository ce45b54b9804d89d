#ifndef DFP_TRAIN_ONNXIMPORT_H
#define DFP_TRAIN_ONNXIMPORT_H

#include "dfp/reference/Status.h"

#include <cstdint>
#include <string>

namespace dfp::train {

/// Imports the ONNX classifier at `path` (initializers become trainable
/// parameters and batch-norm statistics, with their values) and prints it as
/// the MLIR module whose @forward the Session trains. A symbolic batch
/// dimension gets `batch`; the Session rebatches a fixed one.
Status importOnnxModelText(const std::string &path, int64_t batch,
                           std::string &text);

} // namespace dfp::train

#endif // DFP_TRAIN_ONNXIMPORT_H
