#ifndef DFP_RUNTIME_FASHIONMNIST_H
#define DFP_RUNTIME_FASHIONMNIST_H

#include "dfp/reference/Status.h"
#include "dfp/runtime/ImageDataset.h"
#include "dfp/runtime/Normalization.h"

#include <string>

namespace dfp::runtime {

/// Where Debian's `dataset-fashion-mnist` package installs the data set.
constexpr const char *kFashionMnistPackageDir =
    "/usr/share/datasets/fashion-mnist";
/// Overrides kFashionMnistPackageDir when set.
constexpr const char *kFashionMnistDirEnv = "DFP_FASHION_MNIST_DIR";

constexpr int kFashionMnistClasses = 10;
constexpr int kFashionMnistImageSide = 28;

/// Mean and standard deviation of the Fashion-MNIST training pixels scaled to
/// [0, 1]: the usual constants (as in torchvision examples), 0.2860 and 0.3530.
constexpr Normalization kFashionMnistNormalization{0.2860f, 0.3530f};

enum class DatasetSplit { Train, Test };

/// $DFP_FASHION_MNIST_DIR if set, otherwise kFashionMnistPackageDir.
std::string defaultFashionMnistDir();

/// `<dir>/train-images-idx3-ubyte.gz`, `<dir>/t10k-labels-idx1-ubyte.gz`, ...
std::string fashionMnistImagesPath(const std::string &dir, DatasetSplit split);
std::string fashionMnistLabelsPath(const std::string &dir, DatasetSplit split);

/// "T-shirt/top", "Trouser", ..., "Ankle boot"; "?" outside [0, 10).
const char *fashionMnistClassName(int label);

/// Loads one split (60000 training or 10000 test images of 28x28); fails if
/// the images are not 28x28.
Status loadFashionMnist(const std::string &dir, DatasetSplit split,
                        ImageDataset &out);

} // namespace dfp::runtime

#endif // DFP_RUNTIME_FASHIONMNIST_H
