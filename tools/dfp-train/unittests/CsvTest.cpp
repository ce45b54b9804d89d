#include "Csv.h"
#include "MetricsLog.h"
#include "TempDir.h"

#include <cmath>

using namespace dfp;
using namespace dfp::train;

namespace {

using CsvTest = TempDirTest;

TEST_F(CsvTest, LinesKeepFloatsExactly) {
  float value = 0.1f + 1e-8f;
  EXPECT_EQ(formatCsvLine({1, double(value), NAN}).substr(0, 2), "1,");
  std::string line = formatCsvLine({double(value)});
  EXPECT_EQ(float(std::strtod(line.c_str(), nullptr)), value);
  EXPECT_EQ(formatCsvLine({2, NAN}), "2,nan\n");
  EXPECT_EQ(formatCsvHeader({"a", "b"}), "a,b\n");
}

TEST_F(CsvTest, WriterAndReaderAgree) {
  CsvWriter writer;
  ASSERT_TRUE(writer.open(path("t.csv"), {"x", "y"}, {{1, 2}}).ok());
  ASSERT_TRUE(writer.append({3, NAN}).ok());
  ASSERT_FALSE(writer.append({3}).ok()); // wrong width
  ASSERT_TRUE(writer.flush().ok());
  NumericTable table;
  ASSERT_TRUE(readNumericCsv(path("t.csv"), table).ok());
  EXPECT_EQ(table.columns, (std::vector<std::string>{"x", "y"}));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[1][0], 3);
  EXPECT_TRUE(std::isnan(table.rows[1][1]));
  EXPECT_EQ(table.column("y"), 1);
  EXPECT_EQ(table.column("z"), -1);
}

TEST_F(CsvTest, ReaderDropsAHalfWrittenLastLine) {
  writeText(path("t.csv"), "x,y\n1,2\n3,");
  NumericTable table;
  ASSERT_TRUE(readNumericCsv(path("t.csv"), table).ok());
  EXPECT_EQ(table.rows.size(), 1u);
}

TEST_F(CsvTest, ReaderErrorsNameFileAndLine) {
  NumericTable table;
  Status missing = readNumericCsv(path("none.csv"), table);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("none.csv: cannot open"), std::string::npos);

  writeText(path("t.csv"), "x,y\n1,2\n3,abc\n");
  Status cell = readNumericCsv(path("t.csv"), table);
  ASSERT_FALSE(cell.ok());
  EXPECT_NE(cell.message().find("t.csv:3: 'abc' is not a number"),
            std::string::npos)
      << cell.message();

  writeText(path("t.csv"), "x,y\n1,2,3\n");
  Status width = readNumericCsv(path("t.csv"), table);
  ASSERT_FALSE(width.ok());
  EXPECT_NE(width.message().find("t.csv:2: 3 cells"), std::string::npos);
}

StepRecord step(int64_t n, int64_t epoch) {
  return {n, epoch, double(n) / 4, 2.0 / double(n), 0.05, 1000, 0.5, false};
}

EpochRecord epochRecord(int64_t n) {
  return {n, 1.0 / double(n), 0.5, 0.8, 3.5, 1200, 0};
}

TEST_F(CsvTest, MetricsLogRoundTrips) {
  MetricsLog log;
  ASSERT_TRUE(log.create(path("m.csv"), path("e.csv")).ok());
  StepRecord skipped = step(2, 1);
  skipped.loss = NAN;
  skipped.skipped = true;
  ASSERT_TRUE(log.addStep(step(1, 1)).ok());
  ASSERT_TRUE(log.addStep(skipped).ok());
  ASSERT_TRUE(log.addEpoch(epochRecord(1)).ok());
  ASSERT_TRUE(log.flush().ok());

  std::vector<StepRecord> steps;
  ASSERT_TRUE(readStepRecords(path("m.csv"), steps).ok());
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].step, 1);
  EXPECT_EQ(steps[0].loss, 2.0);
  EXPECT_EQ(steps[0].epochProgress, 0.25);
  EXPECT_TRUE(steps[1].skipped);
  EXPECT_TRUE(std::isnan(steps[1].loss));
  std::vector<EpochRecord> epochs;
  ASSERT_TRUE(readEpochRecords(path("e.csv"), epochs).ok());
  ASSERT_EQ(epochs.size(), 1u);
  EXPECT_EQ(epochs[0].testAccuracy, 0.8);
  EXPECT_EQ(readText(path("m.csv")).substr(0, 25), "step,epoch,epoch_progress");
}

TEST_F(CsvTest, ResumeDropsWhatTheCheckpointDoesNotCover) {
  {
    MetricsLog log;
    ASSERT_TRUE(log.create(path("m.csv"), path("e.csv")).ok());
    for (int64_t n = 1; n <= 6; ++n)
      ASSERT_TRUE(log.addStep(step(n, n <= 4 ? 1 : 2)).ok());
    ASSERT_TRUE(log.addEpoch(epochRecord(1)).ok());
    ASSERT_TRUE(log.addEpoch(epochRecord(2)).ok());
    ASSERT_TRUE(log.flush().ok());
  }
  // The checkpoint was taken after step 5, in epoch 2.
  MetricsLog log;
  ASSERT_TRUE(log.resume(path("m.csv"), path("e.csv"), 5, 2).ok());
  ASSERT_TRUE(log.addStep(step(6, 2)).ok());
  ASSERT_TRUE(log.flush().ok());
  std::vector<StepRecord> steps;
  ASSERT_TRUE(readStepRecords(path("m.csv"), steps).ok());
  ASSERT_EQ(steps.size(), 6u);
  for (size_t i = 0; i < steps.size(); ++i)
    EXPECT_EQ(steps[i].step, int64_t(i + 1));
  std::vector<EpochRecord> epochs;
  ASSERT_TRUE(readEpochRecords(path("e.csv"), epochs).ok());
  ASSERT_EQ(epochs.size(), 1u);
  EXPECT_EQ(epochs[0].epoch, 1);
}

TEST_F(CsvTest, ResumeStartsMissingFilesAndRejectsForeignOnes) {
  MetricsLog log;
  ASSERT_TRUE(log.resume(path("m.csv"), path("e.csv"), 5, 2).ok());
  std::vector<StepRecord> steps;
  ASSERT_TRUE(readStepRecords(path("m.csv"), steps).ok());
  EXPECT_TRUE(steps.empty());

  writeText(path("m.csv"), "a,b\n1,2\n");
  Status status = log.resume(path("m.csv"), path("e.csv"), 5, 2);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("m.csv: the header is not step,epoch"),
            std::string::npos)
      << status.message();
}

} // namespace
