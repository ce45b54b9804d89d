#include "Csv.h"

#include "dfp/runtime/AtomicFile.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

namespace dfp::train {

int NumericTable::column(const std::string &name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name)
      return int(i);
  return -1;
}

std::string formatCsvLine(const std::vector<double> &values) {
  std::string line;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i)
      line += ',';
    if (std::isnan(values[i])) {
      line += "nan";
      continue;
    }
    char cell[40];
    std::snprintf(cell, sizeof cell, "%.9g", values[i]);
    line += cell;
  }
  return line + "\n";
}

std::string formatCsvHeader(const std::vector<std::string> &columns) {
  std::string line;
  for (size_t i = 0; i < columns.size(); ++i)
    line += (i ? "," : "") + columns[i];
  return line + "\n";
}

namespace {
std::vector<std::string> splitCells(const std::string &line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream stream(line);
  while (std::getline(stream, cell, ','))
    cells.push_back(cell);
  if (!line.empty() && line.back() == ',')
    cells.push_back("");
  return cells;
}
} // namespace

Status readNumericCsv(const std::string &path, NumericTable &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status::error(path + ": cannot open: " + std::strerror(errno));
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  // Only complete lines count: a killed writer may leave half a row.
  size_t end = text.rfind('\n');
  text = end == std::string::npos ? "" : text.substr(0, end + 1);
  std::istringstream lines(text);
  std::string line;
  NumericTable table;
  if (!std::getline(lines, line) || line.empty())
    return Status::error(path + ": no header line");
  table.columns = splitCells(line);
  for (int number = 2; std::getline(lines, line); ++number) {
    std::vector<std::string> cells = splitCells(line);
    if (cells.size() != table.columns.size())
      return Status::error(path + ":" + std::to_string(number) + ": " +
                           std::to_string(cells.size()) +
                           " cells, the header "
                           "names " +
                           std::to_string(table.columns.size()));
    std::vector<double> row;
    for (const std::string &cell : cells) {
      char *cellEnd = nullptr;
      double value = std::strtod(cell.c_str(), &cellEnd);
      if (cell.empty() || *cellEnd != '\0')
        return Status::error(path + ":" + std::to_string(number) + ": '" +
                             cell + "' is not a number");
      row.push_back(value);
    }
    table.rows.push_back(std::move(row));
  }
  out = std::move(table);
  return Status::success();
}

Status CsvWriter::open(const std::string &path,
                       const std::vector<std::string> &columns,
                       const std::vector<std::vector<double>> &rows) {
  std::string text = formatCsvHeader(columns);
  for (const std::vector<double> &row : rows)
    text += formatCsvLine(row);
  if (Status s = runtime::writeFileAtomically(path, text.data(), text.size());
      !s)
    return s;
  path_ = path;
  width_ = columns.size();
  out_.close();
  out_.clear();
  out_.open(path, std::ios::binary | std::ios::app);
  if (!out_)
    return Status::error(
        path + ": cannot open for appending: " + std::strerror(errno));
  return Status::success();
}

Status CsvWriter::append(const std::vector<double> &values) {
  if (values.size() != width_)
    return Status::error(path_ + ": a row of " + std::to_string(values.size()) +
                         " values under " + std::to_string(width_) +
                         " columns");
  out_ << formatCsvLine(values);
  if (!out_)
    return Status::error(path_ + ": write failed");
  return Status::success();
}

Status CsvWriter::flush() {
  out_.flush();
  if (!out_)
    return Status::error(path_ + ": write failed");
  return Status::success();
}

} // namespace dfp::train
