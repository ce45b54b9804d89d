#include "Report.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace dfp::bench {
namespace {

std::vector<Comparison> sampleRows() {
  Comparison measured;
  measured.name = "gemm_1024x1024x1024";
  measured.op = "gemm";
  measured.isa = "avx512_vnni";
  measured.threads = 2;
  measured.quantizeIncluded = true;
  measured.onednnGops = 200;
  measured.dfpGops = 380;
  measured.ratio = 1.9;
  measured.peakFraction = 0.8;
  Comparison missing = measured;
  missing.quantizeIncluded = false;
  missing.dfpGops.reset();
  missing.ratio.reset();
  missing.peakFraction.reset();
  missing.note = "not \"built\"";
  return {measured, missing};
}

std::string readFile(const std::string &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ReportTest, SummaryHasOneRecordPerComparisonWithNulls) {
  std::string path = ::testing::TempDir() + "dfp-bench-report-test.json";
  ASSERT_TRUE(writeSummaryJson(path, sampleRows()));
  std::string json = readFile(path);
  std::remove(path.c_str());
  EXPECT_NE(json.find("{\"name\": \"gemm_1024x1024x1024\", \"op\": \"gemm\", "
                      "\"isa\": \"avx512_vnni\", \"threads\": 2, "
                      "\"quantize_included\": true, \"dfp_gops\": 380, "
                      "\"onednn_gops\": 200, \"ratio\": 1.9, "
                      "\"peak_fraction\": 0.8"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"quantize_included\": false, \"dfp_gops\": null, "
                      "\"onednn_gops\": 200, \"ratio\": null, "
                      "\"peak_fraction\": null"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"note\": \"not \\\"built\\\"\""), std::string::npos)
      << json;
  EXPECT_EQ(json.front(), '[');
}

TEST(ReportTest, UnwritablePathIsAnError) {
  Status status = writeSummaryJson("/nonexistent-dir/x.json", sampleRows());
  ASSERT_FALSE(status);
  EXPECT_NE(status.message().find("/nonexistent-dir/x.json"),
            std::string::npos);
}

TEST(ReportTest, TableShowsNotAvailableAndTheReason) {
  std::ostringstream out;
  printTable(out, sampleRows());
  std::string table = out.str();
  EXPECT_NE(table.find("quantize_included"), std::string::npos);
  EXPECT_NE(table.find("1.90"), std::string::npos);
  EXPECT_NE(table.find("n/a"), std::string::npos);
  EXPECT_NE(table.find("n/a: not \"built\""), std::string::npos);
}

} // namespace
} // namespace dfp::bench
