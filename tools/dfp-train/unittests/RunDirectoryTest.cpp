#include "RunDirectory.h"
#include "Summary.h"
#include "TempDir.h"

#include <filesystem>
#include <thread>

using namespace dfp;
using namespace dfp::train;
namespace fs = std::filesystem;

namespace {

using RunDirectoryTest = TempDirTest;

TEST_F(RunDirectoryTest, DefaultNameIsPrecisionAndUtcTime) {
  EXPECT_EQ(defaultRunDir("dfp16", 1796400000), "runs/dfp16-20261204-160000");
}

TEST_F(RunDirectoryTest, DefaultNamesNeverCollide) {
  fs::path previous = fs::current_path();
  fs::current_path(dir_);
  std::string first, second;
  Status a = createRunDirectory("", "fp32", 1796400000, first);
  Status b = createRunDirectory("", "fp32", 1796400000, second);
  bool secondExists = fs::is_directory(second);
  fs::current_path(previous);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(first, "runs/fp32-20261204-160000");
  EXPECT_EQ(second, "runs/fp32-20261204-160000-2");
  EXPECT_TRUE(secondExists);
}

TEST_F(RunDirectoryTest, RequestedDirectoryMustNotHoldARun) {
  std::string dir;
  ASSERT_TRUE(createRunDirectory(path("a/b"), "dfp16", 0, dir).ok());
  EXPECT_EQ(dir, path("a/b"));
  ASSERT_TRUE(createRunDirectory(path("a/b"), "dfp16", 0, dir).ok()); // empty
  fs::create_directories(RunPaths{path("a/b")}.checkpoints());
  bool holdsRun = false;
  Status status = createRunDirectory(path("a/b"), "dfp16", 0, dir, &holdsRun);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(holdsRun);
  EXPECT_NE(status.message().find("holds a run already; continue it with "
                                  "--resume"),
            std::string::npos);

  writeText(path("file"), "x");
  EXPECT_FALSE(
      createRunDirectory(path("file"), "dfp16", 0, dir, &holdsRun).ok());
  EXPECT_FALSE(holdsRun);
  EXPECT_FALSE(createRunDirectory(path("file/x"), "dfp16", 0, dir).ok());
}

void writeRun(const std::string &dir, const std::string &precision,
              bool complete) {
  fs::create_directories(dir);
  RunSummary summary;
  summary.settings.precision = precision;
  summary.complete = complete;
  ASSERT_TRUE(writeSummary(RunPaths{dir}.summaryJson(), summary).ok());
}

TEST_F(RunDirectoryTest, SiblingIsTheLatestCompleteRunOfThePrecision) {
  writeRun(path("dfp16-a"), "dfp16", true);
  EXPECT_EQ(findLatestSiblingRun(path("dfp16-a"), "fp32"), "");
  writeRun(path("fp32-old"), "fp32", true);
  fs::last_write_time(RunPaths{path("fp32-old")}.summaryJson(),
                      fs::file_time_type::clock::now() - std::chrono::hours(1));
  writeRun(path("fp32-new"), "fp32", true);
  writeRun(path("fp32-unfinished"), "fp32", false);
  writeRun(path("dfp16-b"), "dfp16", true);
  EXPECT_EQ(findLatestSiblingRun(path("dfp16-a"), "fp32"), path("fp32-new"));
  // Never the run itself.
  EXPECT_EQ(findLatestSiblingRun(path("dfp16-a"), "dfp16"), path("dfp16-b"));
  EXPECT_EQ(findLatestSiblingRun(path("missing/x"), "fp32"), "");
}

} // namespace
