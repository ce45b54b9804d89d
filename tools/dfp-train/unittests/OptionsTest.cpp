#include "Options.h"

#include <gtest/gtest.h>

#include <vector>

using namespace dfp;
using namespace dfp::train;

namespace {

Status parse(std::vector<std::string> arguments, Options &options) {
  arguments.insert(arguments.begin(), "dfp-train");
  std::vector<char *> argv;
  for (std::string &argument : arguments)
    argv.push_back(argument.data());
  return parseOptions(int(argv.size()), argv.data(), options);
}

TEST(OptionsTest, DefaultsAreTheDocumentedRun) {
  Options options;
  ASSERT_TRUE(parse({}, options).ok());
  EXPECT_EQ(options.run.precision, "dfp16");
  EXPECT_EQ(options.run.epochs, 3);
  EXPECT_EQ(options.run.batch, 128);
  EXPECT_EQ(options.run.learningRate, 0.05);
  EXPECT_EQ(options.run.momentum, 0.9);
  EXPECT_EQ(options.run.weightDecay, 5e-4);
  EXPECT_EQ(options.run.seed, 1u);
  EXPECT_EQ(options.run.rounding, "stochastic");
  EXPECT_EQ(options.threads, 0);
  EXPECT_FALSE(options.help);
  EXPECT_NE(std::string(usage()).find("cosine"), std::string::npos);
}

TEST(OptionsTest, ParsesBothSpellings) {
  Options options;
  ASSERT_TRUE(parse({"--precision",
                     "fp32",
                     "--epochs=2",
                     "--batch",
                     "32",
                     "--lr=0.1",
                     "--seed",
                     "18446744073709551615",
                     "--threads=1",
                     "--rounding",
                     "nearest_even",
                     "--mag-bits",
                     "12",
                     "--limit-train",
                     "256",
                     "--limit-test=64",
                     "--run-dir",
                     "out",
                     "--profile",
                     "--stop-after-steps",
                     "5",
                     "--checkpoint-every=0"},
                    options)
                  .ok());
  EXPECT_EQ(options.run.precision, "fp32");
  EXPECT_EQ(options.run.epochs, 2);
  EXPECT_EQ(options.run.batch, 32);
  EXPECT_EQ(options.run.learningRate, 0.1);
  EXPECT_EQ(options.run.seed, UINT64_MAX);
  EXPECT_EQ(options.threads, 1);
  EXPECT_EQ(options.run.rounding, "nearest_even");
  EXPECT_EQ(options.run.magnitudeBits, 12);
  EXPECT_EQ(options.run.limitTrain, 256);
  EXPECT_EQ(options.run.limitTest, 64);
  EXPECT_EQ(options.runDir, "out");
  EXPECT_TRUE(options.profile);
  EXPECT_EQ(options.stopAfterSteps, 5);
  EXPECT_EQ(options.checkpointEvery, 0);
  EXPECT_EQ(options.given.count("lr"), 1u);
}

struct BadCase {
  std::vector<std::string> arguments;
  std::string message;
};

TEST(OptionsTest, RejectsBadValuesNamingTheOption) {
  const BadCase cases[] = {
      {{"--precision", "fp16"},
       "--precision expects one of dfp16, fp32, got 'fp16'"},
      {{"--epochs", "0"},
       "--epochs expects an integer from 1 to 1000, got '0'"},
      {{"--batch", "12x"}, "--batch expects an integer"},
      {{"--lr", "nan"}, "--lr expects a number"},
      {{"--lr", "-1"}, "--lr expects a number"},
      {{"--momentum", "1"}, "--momentum expects a number in [0, 1)"},
      {{"--seed", "-3"}, "--seed expects an integer from 0 to 2^64-1"},
      {{"--rounding", "up"}, "--rounding expects one of stochastic"},
      {{"--mag-bits", "16"}, "--mag-bits expects an integer from 0 to 15"},
      {{"--threads"}, "--threads needs a value"},
      {{"--frobnicate"}, "unknown option '--frobnicate'"},
      {{"train.csv"}, "unexpected argument 'train.csv'"},
      {{"--epochs", "1", "--epochs", "2"}, "--epochs is given twice"},
      {{"--profile=yes"}, "--profile takes no value"},
      {{"--run-dir="}, "--run-dir needs a non-empty path"},
  };
  for (const BadCase &c : cases) {
    Options options;
    Status status = parse(c.arguments, options);
    ASSERT_FALSE(status.ok()) << c.arguments[0];
    EXPECT_NE(status.message().find(c.message), std::string::npos)
        << status.message();
  }
}

TEST(OptionsTest, ResumeTakesOnlyOptionsThatKeepTheResult) {
  Options ok;
  ASSERT_TRUE(parse({"--resume", "runs/a", "--threads", "1",
                     "--stop-after-steps", "9", "--profile"},
                    ok)
                  .ok());
  EXPECT_TRUE(checkResumeOptions(ok).ok());

  Options bad;
  ASSERT_TRUE(parse({"--resume", "runs/a", "--lr", "0.1"}, bad).ok());
  Status status = checkResumeOptions(bad);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("--lr cannot be combined with --resume"),
            std::string::npos);

  Options runDir;
  ASSERT_TRUE(parse({"--resume", "runs/a", "--run-dir", "b"}, runDir).ok());
  EXPECT_FALSE(checkResumeOptions(runDir).ok());
}

TEST(OptionsTest, SettingsRoundTripExactlyThroughStrings) {
  RunSettings settings;
  settings.precision = "fp32";
  settings.learningRate = 0.1 + 1e-17; // not representable in decimal %g
  settings.weightDecay = 1.0 / 3.0;
  settings.seed = 12345678901234567ull;
  settings.limitTrain = 1000;
  settings.modelPath = "models/a b.mlir";
  std::map<std::string, std::string> strings;
  storeRunSettings(settings, strings);
  EXPECT_EQ(strings.at("run.precision"), "fp32");
  RunSettings loaded;
  ASSERT_TRUE(loadRunSettings(strings, loaded).ok());
  EXPECT_TRUE(loaded == settings);
  EXPECT_EQ(loaded.learningRate, settings.learningRate);
  EXPECT_EQ(loaded.weightDecay, settings.weightDecay);

  RunSettings defaults;
  strings.clear();
  storeRunSettings(defaults, strings);
  ASSERT_TRUE(loadRunSettings(strings, loaded).ok());
  EXPECT_TRUE(loaded == defaults);
  EXPECT_FALSE(loaded == settings);
}

TEST(OptionsTest, LoadingSettingsNamesWhatIsWrong) {
  std::map<std::string, std::string> strings;
  storeRunSettings(RunSettings(), strings);
  strings.erase("run.batch");
  RunSettings loaded;
  Status missing = loadRunSettings(strings, loaded);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("'batch'"), std::string::npos);

  storeRunSettings(RunSettings(), strings);
  strings["run.precision"] = "int4";
  Status invalid = loadRunSettings(strings, loaded);
  ASSERT_FALSE(invalid.ok());
  EXPECT_NE(invalid.message().find("int4"), std::string::npos);
}

} // namespace
