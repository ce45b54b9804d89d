#include "TensorDataset.h"

#include "dfp/Import/OnnxTensorFile.h"

#include "llvm/Support/Error.h"

#include <algorithm>
#include <cmath>

namespace dfp::train {

namespace {
std::string shapeText(const std::vector<int64_t> &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}
} // namespace

Status loadTensorDataset(const std::string &imagesPath,
                         const std::string &labelsPath,
                         runtime::ImageDataset &out) {
  mlir::dfp::OnnxImportLimits limits;
  auto images = mlir::dfp::readOnnxTensorFile(imagesPath, limits);
  if (!images)
    return Status::error(imagesPath + ": " +
                         llvm::toString(images.takeError()));
  auto labels = mlir::dfp::readOnnxTensorFile(labelsPath, limits);
  if (!labels)
    return Status::error(labelsPath + ": " +
                         llvm::toString(labels.takeError()));
  const std::vector<int64_t> &shape = images->shape;
  if (!images->isFloat || (shape.size() != 3 && shape.size() != 4))
    return Status::error(imagesPath +
                         ": expected float images [N, C, H, W]"
                         " or [N, H, W], got " +
                         std::string(images->isFloat ? "float " : "integer ") +
                         shapeText(shape));
  if (labels->isFloat || labels->shape.size() != 1 ||
      labels->shape[0] != shape[0])
    return Status::error(labelsPath + ": expected integer labels [" +
                         std::to_string(shape[0]) + "] for the images, got " +
                         std::string(labels->isFloat ? "float " : "integer ") +
                         shapeText(labels->shape));
  for (size_t i = 0; i < images->floats.size(); ++i)
    if (!std::isfinite(images->floats[i]))
      return Status::error(imagesPath + ": element " + std::to_string(i) +
                           " is not finite");
  int64_t largest = 0;
  for (size_t i = 0; i < labels->ints.size(); ++i) {
    int64_t label = labels->ints[i];
    if (label < 0 || label > 255)
      return Status::error(labelsPath + ": label " + std::to_string(i) +
                           " is " + std::to_string(label) +
                           ", outside [0, 255]");
    largest = std::max(largest, label);
  }
  if (shape[0] == 0)
    return Status::error(imagesPath + ": no images");
  out = {};
  out.count = shape[0];
  out.channels = shape.size() == 4 ? shape[1] : 1;
  out.height = shape[shape.size() - 2];
  out.width = shape[shape.size() - 1];
  out.numClasses = int(largest + 1);
  out.values = std::move(images->floats);
  out.labels.assign(labels->ints.begin(), labels->ints.end());
  return Status::success();
}

} // namespace dfp::train
