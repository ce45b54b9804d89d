#ifndef DFP_TRAIN_TRAININGDATA_H
#define DFP_TRAIN_TRAININGDATA_H

#include "ExitCode.h"
#include "Options.h"
#include "dfp/runtime/ImageDataset.h"

namespace dfp::train {

struct TrainingData {
  runtime::ImageDataset train, test;
  std::string dir;
};

/// Loads Fashion-MNIST from settings.dataDir (or the default directory) and
/// keeps the first --limit-train / --limit-test images. Missing or corrupt
/// files fail with ExitCode::Data, limits beyond the set with Usage.
Outcome loadTrainingData(const RunSettings &settings, TrainingData &out);

/// The first `count` images of `dataset`.
void keepFirst(runtime::ImageDataset &dataset, int64_t count);

} // namespace dfp::train

#endif // DFP_TRAIN_TRAININGDATA_H
