#include "TrainingData.h"

#include "TensorDataset.h"
#include "dfp/runtime/FashionMnist.h"

#include <fstream>

namespace dfp::train {

void keepFirst(runtime::ImageDataset &dataset, int64_t count) {
  if (count >= dataset.count)
    return;
  dataset.count = count;
  dataset.pixels.resize(
      dataset.values.empty() ? size_t(count * dataset.imageSize()) : 0);
  if (!dataset.values.empty())
    dataset.values.resize(size_t(count * dataset.imageSize()));
  dataset.labels.resize(size_t(count));
}

namespace {
bool isTensorDirectory(const std::string &dir) {
  return std::ifstream(dir + "/train_images.pb").good();
}

Outcome loadSplit(const std::string &dir, runtime::DatasetSplit split,
                  int64_t limit, const char *option,
                  runtime::ImageDataset &out) {
  if (isTensorDirectory(dir)) {
    const char *name = split == runtime::DatasetSplit::Train ? "train" : "test";
    if (Status s = loadTensorDataset(dir + "/" + name + "_images.pb",
                                     dir + "/" + name + "_labels.pb", out);
        !s)
      return Outcome::fail(ExitCode::Data, s.message());
  } else if (Status s = runtime::loadFashionMnist(dir, split, out); !s)
    return Outcome::fail(
        ExitCode::Data,
        s.message() +
            " (install the Debian package dataset-fashion-mnist, or "
            "point --data-dir or $" +
            runtime::kFashionMnistDirEnv + " at the files)");
  if (limit > out.count)
    return Outcome::fail(ExitCode::Usage,
                         std::string("--") + option + " " +
                             std::to_string(limit) + " exceeds the " +
                             std::to_string(out.count) + " images in " + dir);
  if (limit > 0)
    keepFirst(out, limit);
  return Outcome::ok();
}
} // namespace

Outcome loadTrainingData(const RunSettings &settings, TrainingData &out) {
  out.dir = settings.dataDir.empty() ? runtime::defaultFashionMnistDir()
                                     : settings.dataDir;
  if (Outcome o = loadSplit(out.dir, runtime::DatasetSplit::Train,
                            settings.limitTrain, "limit-train", out.train);
      o.failed())
    return o;
  return loadSplit(out.dir, runtime::DatasetSplit::Test, settings.limitTest,
                   "limit-test", out.test);
}

} // namespace dfp::train
