#include "dfp/runtime/ImageDataset.h"

#include "dfp/runtime/IdxFile.h"

namespace dfp::runtime {

Status loadIdxImageDataset(const std::string &imagesPath,
                           const std::string &labelsPath, int numClasses,
                           ImageDataset &out) {
  constexpr int kImageRank = 3;
  constexpr int kLabelRank = 1;
  IdxArray images;
  if (Status status = readIdxFile(imagesPath, kImageRank, images); !status.ok())
    return status;
  IdxArray labels;
  if (Status status = readIdxFile(labelsPath, kLabelRank, labels); !status.ok())
    return status;

  if (images.dims[0] != labels.dims[0])
    return Status::error(labelsPath + ": holds " +
                         std::to_string(labels.dims[0]) + " labels but " +
                         imagesPath + " holds " +
                         std::to_string(images.dims[0]) + " images");
  for (size_t i = 0; i < labels.data.size(); ++i)
    if (labels.data[i] >= numClasses)
      return Status::error(labelsPath + ": label " +
                           std::to_string(labels.data[i]) + " of sample " +
                           std::to_string(i) + " is not below the " +
                           std::to_string(numClasses) + " classes");

  out.count = images.dims[0];
  out.channels = 1;
  out.height = images.dims[1];
  out.width = images.dims[2];
  out.numClasses = numClasses;
  out.pixels = std::move(images.data);
  out.labels = std::move(labels.data);
  return Status::success();
}

} // namespace dfp::runtime
