#include "Report.h"

#include <cstdio>
#include <fstream>
#include <set>

namespace dfp::bench {

namespace {
std::string formatNumber(double value, const char *format) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

std::string formatOptional(const std::optional<double> &value,
                           const char *format) {
  return value ? formatNumber(*value, format) : "n/a";
}

std::string pad(const std::string &text, size_t width, bool right) {
  if (text.size() >= width)
    return text;
  std::string fill(width - text.size(), ' ');
  return right ? fill + text : text + fill;
}

std::string jsonString(const std::string &text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", unsigned(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string jsonNumber(const std::optional<double> &value) {
  return value ? formatNumber(*value, "%.6g") : "null";
}
} // namespace

void printHost(std::ostream &out, const Host &host,
               const std::vector<std::string> &settings) {
  out << "CPU: " << host.cpuModel << "\n"
      << "ISA: " << jit::toString(host.isa) << " (host best "
      << jit::toString(host.bestIsa) << (host.avxVnni ? ", AVX-VNNI" : "")
      << "; cap with DFP_MAX_ISA)\n"
      << "Threads: 1 and " << host.allThreads
      << " (std::thread::hardware_concurrency)\n";
  for (const std::string &setting : settings)
    out << setting << "\n";
  out << "\n";
}

void printPeaks(std::ostream &out, const Peaks &peaks) {
  if (!peaks.integer || !peaks.fp32) {
    out << "Peaks: no vector ISA, no peak loop\n\n";
    return;
  }
  for (const auto &[threads, integerGops] : peaks.integerGops) {
    double fp32Gops = peaks.fp32Gops.at(threads);
    out << "Peak, " << threads << " thread(s): integer "
        << toString(*peaks.integer) << " " << formatNumber(integerGops, "%.1f")
        << " GOP/s, FP32 " << toString(*peaks.fp32) << " "
        << formatNumber(fp32Gops, "%.1f") << " GOP/s, integer/FP32 "
        << formatNumber(integerGops / fp32Gops, "%.2f") << "\n";
  }
  out << "\n";
}

void printTable(std::ostream &out, const std::vector<Comparison> &rows) {
  struct Column {
    const char *title;
    size_t width;
    bool right;
  };
  const Column columns[] = {
      {"name", 34, false},
      {"isa", 12, false},
      {"threads", 7, true},
      {"quantize_included", 17, true},
      {"dfp GOP/s", 10, true},
      {"oneDNN GOP/s", 12, true},
      {"ratio", 6, true},
      {"peak fraction", 13, true},
      {"oneDNN fp32 peak fraction", 25, true},
  };
  auto printLine = [&](const std::vector<std::string> &cells) {
    for (size_t i = 0; i < cells.size(); ++i)
      out << (i ? "  " : "")
          << pad(cells[i], columns[i].width, columns[i].right);
    out << "\n";
  };
  std::vector<std::string> titles;
  for (const Column &column : columns)
    titles.push_back(column.title);
  printLine(titles);

  std::set<std::string> notes;
  for (const Comparison &row : rows) {
    printLine({row.name, row.isa, std::to_string(row.threads),
               row.quantizeIncluded ? "yes" : "no",
               formatOptional(row.dfpGops, "%.1f"),
               formatNumber(row.onednnGops, "%.1f"),
               formatOptional(row.ratio, "%.2f"),
               formatOptional(row.peakFraction, "%.2f"),
               formatOptional(row.onednnPeakFraction, "%.2f")});
    if (!row.note.empty())
      notes.insert(row.note);
  }
  out << "\nratio: median over back-to-back pairs of oneDNN time / dfp time; "
         "peak fraction: dfp GOP/s over the measured integer peak.\n";
  for (const std::string &note : notes)
    out << "n/a: " << note << "\n";
}

Status writeSummaryJson(const std::string &path,
                        const std::vector<Comparison> &rows) {
  std::ofstream out(path);
  if (!out)
    return Status::error("cannot open summary JSON file '" + path + "'");
  out << "[\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    const Comparison &row = rows[i];
    out << "  {\"name\": " << jsonString(row.name)
        << ", \"op\": " << jsonString(row.op)
        << ", \"isa\": " << jsonString(row.isa)
        << ", \"threads\": " << row.threads << ", \"quantize_included\": "
        << (row.quantizeIncluded ? "true" : "false")
        << ", \"dfp_gops\": " << jsonNumber(row.dfpGops)
        << ", \"onednn_gops\": " << jsonNumber(row.onednnGops)
        << ", \"ratio\": " << jsonNumber(row.ratio)
        << ", \"peak_fraction\": " << jsonNumber(row.peakFraction)
        << ", \"onednn_fp32_peak_fraction\": "
        << jsonNumber(row.onednnPeakFraction)
        << ", \"relative_error\": " << jsonNumber(row.relativeError)
        << ", \"pairs\": " << row.pairs
        << ", \"note\": " << jsonString(row.note) << "}"
        << (i + 1 < rows.size() ? "," : "") << "\n";
  }
  out << "]\n";
  out.close();
  if (!out)
    return Status::error("cannot write summary JSON file '" + path + "'");
  return Status::success();
}

} // namespace dfp::bench
