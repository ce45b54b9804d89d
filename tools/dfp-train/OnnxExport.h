#ifndef DFP_TRAIN_ONNXEXPORT_H
#define DFP_TRAIN_ONNXEXPORT_H

#include "dfp/reference/Status.h"
#include "dfp/runtime/Checkpoint.h"

#include <string>
#include <vector>

namespace dfp::train {

/// Writes the @forward function of `moduleText` (the model's MLIR) to `path`
/// as an ONNX model whose initializers hold the trained `state` (parameters
/// and batch-norm statistics; the momenta are left out).
Status exportTrainedModel(const std::string &path,
                          const std::string &moduleText,
                          const std::vector<runtime::NamedTensor> &state);

} // namespace dfp::train

#endif // DFP_TRAIN_ONNXEXPORT_H
