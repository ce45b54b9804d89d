#include "SvgPlot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dfp::train {

std::vector<double> niceTicks(double &low, double &high, int count,
                              double minStep) {
  if (!(high > low)) {
    double pad = std::abs(low) > 0 ? std::abs(low) * 0.1 : 1.0;
    low -= pad;
    high += pad;
  }
  double rough = (high - low) / std::max(count, 1);
  double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 5.0, 10.0})
    if (factor * magnitude >= rough) {
      step = factor * magnitude;
      break;
    }
  step = std::max(step, minStep);
  low = std::floor(low / step) * step;
  high = std::ceil(high / step) * step;
  std::vector<double> ticks;
  for (double tick = low; tick <= high + step * 1e-9; tick += step)
    ticks.push_back(std::abs(tick) < step * 1e-9 ? 0.0 : tick);
  return ticks;
}

namespace {

constexpr double kPanelWidth = 460, kPanelHeight = 340;
constexpr double kLeft = 64, kRight = 16, kTop = 40, kBottom = 48;
constexpr double kLegendRow = 18;

std::string escapeXml(const std::string &text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '&':
      out += "&amp;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

std::string tickLabel(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::string text(double x, double y, const std::string &content,
                 const char *anchor, const std::string &extra = "") {
  return "<text x=\"" + number(x) + "\" y=\"" + number(y) +
         "\" text-anchor=\"" + anchor + "\"" + extra + ">" +
         escapeXml(content) + "</text>\n";
}

std::string line(double x1, double y1, double x2, double y2,
                 const std::string &style) {
  return "<line x1=\"" + number(x1) + "\" y1=\"" + number(y1) + "\" x2=\"" +
         number(x2) + "\" y2=\"" + number(y2) + "\" " + style + "/>\n";
}

std::string renderPanel(const PlotPanel &panel, double originX) {
  double xLow = INFINITY, xHigh = -INFINITY, yLow = INFINITY, yHigh = -INFINITY;
  for (const PlotSeries &series : panel.series)
    for (auto [x, y] : series.points) {
      if (!std::isfinite(x) || !std::isfinite(y))
        continue;
      xLow = std::min(xLow, x);
      xHigh = std::max(xHigh, x);
      yLow = std::min(yLow, y);
      yHigh = std::max(yHigh, y);
    }
  bool empty = !std::isfinite(xLow);
  if (empty)
    xLow = yLow = 0, xHigh = yHigh = 1;
  std::vector<double> xTicks = niceTicks(xLow, xHigh, 5, panel.minXStep);
  std::vector<double> yTicks = niceTicks(yLow, yHigh);

  double left = originX + kLeft, right = originX + kPanelWidth - kRight;
  double top = kTop, bottom = kPanelHeight - kBottom;
  auto mapX = [&](double x) {
    return left + (x - xLow) / (xHigh - xLow) * (right - left);
  };
  auto mapY = [&](double y) {
    return bottom - (y - yLow) / (yHigh - yLow) * (bottom - top);
  };

  std::string svg = "<g>\n";
  svg += text((left + right) / 2, 22, panel.title, "middle",
              " font-weight=\"bold\"");
  for (double tick : xTicks) {
    svg += line(mapX(tick), top, mapX(tick), bottom, "stroke=\"#e5e5e5\"");
    svg += text(mapX(tick), bottom + 16, tickLabel(tick), "middle");
  }
  for (double tick : yTicks) {
    svg += line(left, mapY(tick), right, mapY(tick), "stroke=\"#e5e5e5\"");
    svg += text(left - 6, mapY(tick) + 4, tickLabel(tick), "end");
  }
  svg += "<rect x=\"" + number(left) + "\" y=\"" + number(top) + "\" width=\"" +
         number(right - left) + "\" height=\"" + number(bottom - top) +
         "\" fill=\"none\" stroke=\"#333\"/>\n";
  svg += text((left + right) / 2, bottom + 36, panel.xLabel, "middle");
  svg += text(originX + 16, (top + bottom) / 2, panel.yLabel, "middle",
              " transform=\"rotate(-90 " + number(originX + 16) + " " +
                  number((top + bottom) / 2) + ")\"");
  if (empty)
    svg += text((left + right) / 2, (top + bottom) / 2, "no data", "middle");

  for (const PlotSeries &series : panel.series) {
    std::string path;
    bool penDown = false;
    for (auto [x, y] : series.points) {
      if (!std::isfinite(x) || !std::isfinite(y)) {
        penDown = false;
        continue;
      }
      path += (penDown ? " L" : " M") + number(mapX(x)) + " " + number(mapY(y));
      penDown = true;
      if (series.markers)
        svg += "<circle cx=\"" + number(mapX(x)) + "\" cy=\"" +
               number(mapY(y)) + "\" r=\"3\" fill=\"" + series.color + "\"/>\n";
    }
    if (!path.empty())
      svg += "<path d=\"" + path.substr(1) + "\" fill=\"none\" stroke=\"" +
             series.color + "\" stroke-width=\"1.5\"/>\n";
  }
  // Below the axes, so that it never hides a curve.
  double legendY = kPanelHeight + 14;
  for (const PlotSeries &series : panel.series) {
    svg += line(left, legendY - 4, left + 20, legendY - 4,
                "stroke=\"" + series.color + "\" stroke-width=\"2\"");
    svg += text(left + 26, legendY, series.label, "start");
    legendY += kLegendRow;
  }
  return svg + "</g>\n";
}

} // namespace

std::string renderSvg(const std::string &title,
                      const std::vector<PlotPanel> &panels) {
  double width = kPanelWidth * std::max<size_t>(panels.size(), 1);
  size_t legendRows = 0;
  for (const PlotPanel &panel : panels)
    legendRows = std::max(legendRows, panel.series.size());
  double height = kPanelHeight + kLegendRow * double(legendRows) + 28;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    number(width) + "\" height=\"" + number(height) +
                    "\" viewBox=\"0 0 " + number(width) + " " + number(height) +
                    "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg += text(width / 2, height - 8, title, "middle", " fill=\"#555\"");
  for (size_t i = 0; i < panels.size(); ++i)
    svg += renderPanel(panels[i], kPanelWidth * double(i));
  return svg + "</svg>\n";
}

} // namespace dfp::train
