#include "TrainingData.h"

#include "dfp/runtime/FashionMnist.h"

namespace dfp::train {

void keepFirst(runtime::ImageDataset &dataset, int64_t count) {
  if (count >= dataset.count)
    return;
  dataset.count = count;
  dataset.pixels.resize(size_t(count * dataset.imageSize()));
  dataset.labels.resize(size_t(count));
}

namespace {
Outcome loadSplit(const std::string &dir, runtime::DatasetSplit split,
                  int64_t limit, const char *option,
                  runtime::ImageDataset &out) {
  if (Status s = runtime::loadFashionMnist(dir, split, out); !s)
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
