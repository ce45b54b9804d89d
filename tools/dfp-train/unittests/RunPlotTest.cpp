#include "RunPlot.h"
#include "MetricsLog.h"
#include "RunDirectory.h"
#include "Summary.h"
#include "SvgPlot.h"
#include "TempDir.h"

#include <cmath>
#include <filesystem>

using namespace dfp;
using namespace dfp::train;

namespace {

using RunPlotTest = TempDirTest;

size_t countOf(const std::string &text, const std::string &what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1))
    ++count;
  return count;
}

TEST_F(RunPlotTest, NiceTicksCoverTheRangeInRoundSteps) {
  double low = 0.13, high = 2.31;
  std::vector<double> ticks = niceTicks(low, high, 5);
  EXPECT_EQ(low, 0.0);
  EXPECT_DOUBLE_EQ(high, 2.5);
  ASSERT_EQ(ticks.size(), 6u);
  EXPECT_DOUBLE_EQ(ticks[1], 0.5);

  double epochLow = 1, epochHigh = 3; // whole epochs only
  EXPECT_EQ(niceTicks(epochLow, epochHigh, 5, 1.0),
            (std::vector<double>{1, 2, 3}));

  double flatLow = 3, flatHigh = 3; // one value: widened, still ticks
  EXPECT_GE(niceTicks(flatLow, flatHigh).size(), 2u);
  EXPECT_LT(flatLow, 3);
  EXPECT_GT(flatHigh, 3);
}

TEST_F(RunPlotTest, SvgHasAPathPerSeriesAndEscapesText) {
  PlotPanel panel{"Loss <train>", "epoch", "loss", {}};
  panel.series.push_back(
      {"a & b", "#123456", {{0, 1}, {1, 0.5}, {2, NAN}, {3, 0.2}}});
  panel.series.push_back({"c", "#654321", {{0, 2}, {3, 1}}, true});
  std::string svg = renderSvg("title", {panel, panel});
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  EXPECT_EQ(countOf(svg, "<path "), 4u);
  EXPECT_EQ(countOf(svg, "<circle "), 4u); // two markers per panel
  EXPECT_NE(svg.find("Loss &lt;train&gt;"), std::string::npos);
  EXPECT_NE(svg.find("a &amp; b"), std::string::npos);
  // The NaN splits the first series: a second move-to in its path.
  size_t path = svg.find("<path d=\"M");
  std::string d = svg.substr(path, svg.find('"', path + 9) - path);
  EXPECT_EQ(countOf(d, "M"), 2u) << d;
}

void writeRun(const std::string &dir, const std::string &precision,
              int64_t steps, double accuracy) {
  std::filesystem::create_directories(dir);
  RunPaths paths{dir};
  MetricsLog log;
  ASSERT_TRUE(log.create(paths.metricsCsv(), paths.epochsCsv()).ok());
  for (int64_t s = 1; s <= steps; ++s)
    ASSERT_TRUE(log.addStep({s, 1 + (s - 1) / 10, double(s) / 10,
                             2.0 / double(s), 0.05, 100, 0.5, false})
                    .ok());
  for (int64_t e = 1; e <= steps / 10; ++e)
    ASSERT_TRUE(log.addEpoch({e, 1.0, 0.9, accuracy, 1, 100, 0}).ok());
  ASSERT_TRUE(log.flush().ok());
  RunSummary summary;
  summary.settings.precision = precision;
  summary.complete = true;
  ASSERT_TRUE(writeSummary(paths.summaryJson(), summary).ok());
}

TEST_F(RunPlotTest, OverlaysRunsWithLabelsAndColours) {
  writeRun(path("a"), "dfp16", 30, 0.85);
  writeRun(path("b"), "fp32", 30, 0.86);
  PlotRun a, b;
  ASSERT_TRUE(loadPlotRun(path("a"), a).ok());
  ASSERT_TRUE(loadPlotRun(path("b"), b).ok());
  EXPECT_EQ(a.label, "dfp16 (a)");
  EXPECT_EQ(a.steps.size(), 30u);
  EXPECT_EQ(a.epochs.size(), 3u);
  std::string svg = renderRunPlot({a, b}, 10);
  EXPECT_EQ(countOf(svg, "<path "), 4u); // loss and accuracy of both
  EXPECT_EQ(countOf(svg, "#1f77b4"), countOf(svg, "#ff7f0e"));
  EXPECT_EQ(countOf(svg, "<circle "), 6u); // an accuracy dot per epoch
  EXPECT_NE(svg.find("Test accuracy"), std::string::npos);
  ASSERT_TRUE(writeRunPlot(path("plot.svg"), {a, b}).ok());
  EXPECT_EQ(readText(path("plot.svg")), renderRunPlot({a, b}));
}

TEST_F(RunPlotTest, BucketsAverageTheStepLosses) {
  writeRun(path("a"), "dfp16", 20, 0.8);
  PlotRun a;
  ASSERT_TRUE(loadPlotRun(path("a"), a).ok());
  std::string svg = renderRunPlot({a}, 2); // two buckets of 10 steps
  size_t path = svg.find("<path d=\"M");
  std::string d = svg.substr(path, svg.find('"', path + 9) - path);
  EXPECT_EQ(countOf(d, " L"), 1u) << d; // two points
}

TEST_F(RunPlotTest, LoadFailsNamingTheMissingFile) {
  PlotRun run;
  Status status = loadPlotRun(path("none"), run);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("none/metrics.csv: cannot open"),
            std::string::npos);
}

} // namespace
