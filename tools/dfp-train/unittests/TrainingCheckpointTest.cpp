#include "TrainingCheckpoint.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace dfp;
using namespace dfp::train;
using dfp::runtime::Checkpoint;

namespace {

TrainingProgress sampleProgress() {
  TrainingProgress progress;
  progress.step = 937;
  progress.data = {2, 1280};
  progress.epochLossSum = 12.0 / 7.0;
  progress.epochLossCount = 10;
  progress.epochSkipped = 1;
  progress.epochSeconds = 3.25;
  progress.trainSeconds = 400.0 / 3.0;
  progress.evalSeconds = 2.5;
  progress.skippedSteps = 3;
  progress.resumes = 2;
  progress.epochs = {{1, 0.5 / 3, 0.4, 0.875, 60.1, 998.7, 2},
                     {2, 0.3, 0.35, 0.8876, 59.9, 1001.2, 0}};
  return progress;
}

TEST(TrainingCheckpointTest, RoundTripsThroughTheFileFormat) {
  RunSettings settings;
  settings.precision = "fp32";
  settings.learningRate = 0.0123;
  TrainingProgress progress = sampleProgress();
  Checkpoint checkpoint = makeTrainingCheckpoint(
      settings, progress, {{"fc.weight", {2, 2}, {1, 2, 3, 4}}});
  EXPECT_EQ(checkpoint.metadata.step, 937u);
  EXPECT_EQ(checkpoint.metadata.epoch, 2u);
  EXPECT_EQ(checkpoint.metadata.dataIndex, 1280u);
  EXPECT_EQ(checkpoint.metadata.strings.at("run.precision"), "fp32");

  std::vector<uint8_t> bytes;
  ASSERT_TRUE(runtime::encodeCheckpoint(checkpoint, bytes).ok());
  Checkpoint decoded;
  ASSERT_TRUE(
      runtime::decodeCheckpoint(bytes.data(), bytes.size(), "c", decoded).ok());
  RunSettings loadedSettings;
  TrainingProgress loaded;
  ASSERT_TRUE(
      readTrainingCheckpoint(decoded, "c", loadedSettings, loaded).ok());
  EXPECT_TRUE(loadedSettings == settings);
  EXPECT_TRUE(loaded == progress);
  EXPECT_EQ(loaded.trainSeconds, progress.trainSeconds); // exact
  EXPECT_EQ(loaded.epochs[0].trainLoss, progress.epochs[0].trainLoss);
  ASSERT_NE(decoded.find("fc.weight"), nullptr);
  EXPECT_EQ(decoded.find("fc.weight")->values[3], 4.0f);

  TrainingProgress other = progress;
  other.epochs[1].testAccuracy = 0.5;
  EXPECT_FALSE(other == progress);
}

TEST(TrainingCheckpointTest, ErrorsNameTheCheckpointAndTheEntry) {
  RunSettings settings, loadedSettings;
  TrainingProgress loaded;
  Checkpoint foreign;
  Status notOurs =
      readTrainingCheckpoint(foreign, "x.dfpckpt", loadedSettings, loaded);
  ASSERT_FALSE(notOurs.ok());
  EXPECT_NE(notOurs.message().find("x.dfpckpt: not a dfp-train checkpoint"),
            std::string::npos);

  Checkpoint checkpoint =
      makeTrainingCheckpoint(settings, sampleProgress(), {});
  checkpoint.metadata.strings["progress.resumes"] = "two";
  Status malformed =
      readTrainingCheckpoint(checkpoint, "x.dfpckpt", loadedSettings, loaded);
  ASSERT_FALSE(malformed.ok());
  EXPECT_NE(malformed.message().find(
                "x.dfpckpt: malformed entry progress.resumes = 'two'"),
            std::string::npos);

  checkpoint = makeTrainingCheckpoint(settings, sampleProgress(), {});
  checkpoint.metadata.strings.erase("run.seed");
  Status missing =
      readTrainingCheckpoint(checkpoint, "x.dfpckpt", loadedSettings, loaded);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("x.dfpckpt: the checkpoint lacks the "
                                   "setting 'seed'"),
            std::string::npos);

  checkpoint = makeTrainingCheckpoint(settings, sampleProgress(), {});
  checkpoint.metadata.strings["progress.epochs"] = "1 2 3\n";
  EXPECT_FALSE(
      readTrainingCheckpoint(checkpoint, "x", loadedSettings, loaded).ok());
}

} // namespace
