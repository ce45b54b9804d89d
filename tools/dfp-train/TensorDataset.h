#ifndef DFP_TRAIN_TENSORDATASET_H
#define DFP_TRAIN_TENSORDATASET_H

#include "dfp/reference/Status.h"
#include "dfp/runtime/ImageDataset.h"

#include <string>

namespace dfp::train {

/// Loads a data set given as ONNX TensorProto files (the layout of the ONNX
/// test data): `imagesPath` a float tensor [N, C, H, W] (or [N, H, W]) of
/// images used as they are, `labelsPath` an integer tensor [N] of class
/// indices in [0, 255]. numClasses becomes the largest label + 1. Sizes are
/// checked before allocation; errors name the file and the problem.
Status loadTensorDataset(const std::string &imagesPath,
                         const std::string &labelsPath,
                         runtime::ImageDataset &out);

} // namespace dfp::train

#endif // DFP_TRAIN_TENSORDATASET_H
