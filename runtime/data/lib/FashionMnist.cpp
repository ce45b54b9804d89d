#include "dfp/runtime/FashionMnist.h"

#include <cstdlib>

namespace dfp::runtime {
namespace {

const char *splitPrefix(DatasetSplit split) {
  return split == DatasetSplit::Train ? "train" : "t10k";
}

} // namespace

std::string defaultFashionMnistDir() {
  const char *dir = std::getenv(kFashionMnistDirEnv);
  return dir && *dir ? dir : kFashionMnistPackageDir;
}

std::string fashionMnistImagesPath(const std::string &dir, DatasetSplit split) {
  return dir + "/" + splitPrefix(split) + "-images-idx3-ubyte.gz";
}

std::string fashionMnistLabelsPath(const std::string &dir, DatasetSplit split) {
  return dir + "/" + splitPrefix(split) + "-labels-idx1-ubyte.gz";
}

const char *fashionMnistClassName(int label) {
  static const char *const kNames[kFashionMnistClasses] = {
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  if (label < 0 || label >= kFashionMnistClasses)
    return "?";
  return kNames[label];
}

Status loadFashionMnist(const std::string &dir, DatasetSplit split,
                        ImageDataset &out) {
  std::string imagesPath = fashionMnistImagesPath(dir, split);
  ImageDataset dataset;
  if (Status status =
          loadIdxImageDataset(imagesPath, fashionMnistLabelsPath(dir, split),
                              kFashionMnistClasses, dataset);
      !status.ok())
    return status;
  if (dataset.height != kFashionMnistImageSide ||
      dataset.width != kFashionMnistImageSide)
    return Status::error(
        imagesPath + ": images are " + std::to_string(dataset.height) + "x" +
        std::to_string(dataset.width) + ", Fashion-MNIST images are 28x28");
  out = std::move(dataset);
  return Status::success();
}

} // namespace dfp::runtime
