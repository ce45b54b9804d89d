#ifndef DFP_TRAIN_SVGPLOT_H
#define DFP_TRAIN_SVGPLOT_H

#include <string>
#include <utility>
#include <vector>

namespace dfp::train {

struct PlotSeries {
  std::string label;
  std::string color;                             ///< an SVG colour, "#1f77b4"
  std::vector<std::pair<double, double>> points; ///< (x, y); NaN y: a gap
  bool markers = false; ///< a dot at each point (few points)
};

struct PlotPanel {
  std::string title, xLabel, yLabel;
  std::vector<PlotSeries> series;
  double minXStep = 0; ///< 1: whole x ticks only (epochs)
};

/// Tick positions covering [low, high] at a 1-2-5 step (at least `minStep`),
/// about `count` of them; the range is widened to whole ticks.
std::vector<double> niceTicks(double &low, double &high, int count = 5,
                              double minStep = 0);

/// A standalone SVG document: the panels side by side, each with axes,
/// ticks and a legend below; `title` under everything.
std::string renderSvg(const std::string &title,
                      const std::vector<PlotPanel> &panels);

} // namespace dfp::train

#endif // DFP_TRAIN_SVGPLOT_H
