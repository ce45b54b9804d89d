#include "Options.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dfp::bench {
namespace {

Status parse(std::vector<std::string> arguments, Options &options) {
  arguments.insert(arguments.begin(), "dfp-bench");
  std::vector<char *> argv;
  for (std::string &argument : arguments)
    argv.push_back(argument.data());
  return parseOptions(int(argv.size()), argv.data(), options);
}

TEST(OptionsTest, JsonMapsToGoogleBenchmarkOutput) {
  Options options;
  ASSERT_TRUE(parse({"--json", "out.json"}, options));
  EXPECT_EQ(options.benchmarkArguments,
            (std::vector<std::string>{"--benchmark_out=out.json",
                                      "--benchmark_out_format=json"}));
}

TEST(OptionsTest, ReadsEveryOptionInBothSpellings) {
  Options options;
  ASSERT_TRUE(parse({"--quick", "--conv", "--summary-json=s.json", "--pairs",
                     "9", "--benchmark_filter=gemm_1024"},
                    options));
  EXPECT_TRUE(options.quick);
  EXPECT_TRUE(options.conv);
  EXPECT_FALSE(options.help);
  EXPECT_EQ(options.summaryJsonPath, "s.json");
  EXPECT_EQ(options.minPairs, 9);
  EXPECT_EQ(options.benchmarkArguments,
            (std::vector<std::string>{"--benchmark_filter=gemm_1024"}));
}

TEST(OptionsTest, RejectsUnknownOptionsAndMissingValues) {
  for (std::vector<std::string> bad : {std::vector<std::string>{"--fast"},
                                       {"--summary-json"},
                                       {"--summary-json="},
                                       {"--pairs", "0"},
                                       {"--pairs", "3x"}}) {
    Options options;
    Status status = parse(bad, options);
    EXPECT_FALSE(status) << bad.front();
    EXPECT_FALSE(status.message().empty());
  }
}

TEST(OptionsTest, HelpNamesTheSummaryKeys) {
  std::string text = usage();
  for (const char *word : {"--summary-json", "--json", "--quick",
                           "quantize_included", "peak_fraction", "DFP_MAX_ISA"})
    EXPECT_NE(text.find(word), std::string::npos) << word;
}

} // namespace
} // namespace dfp::bench
