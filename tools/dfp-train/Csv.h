#ifndef DFP_TRAIN_CSV_H
#define DFP_TRAIN_CSV_H

#include "dfp/reference/Status.h"

#include <fstream>
#include <string>
#include <vector>

namespace dfp::train {

/// A CSV file of numbers under a header line of column names.
struct NumericTable {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;

  /// Index of `name` in `columns`, or -1.
  int column(const std::string &name) const;
};

/// Numbers with 9 significant digits (exact for floats), "nan" for NaN.
std::string formatCsvLine(const std::vector<double> &values);
std::string formatCsvHeader(const std::vector<std::string> &columns);

/// Reads a table written by CsvWriter. Errors name the file and line: a
/// missing header, a cell that is not a number, a row of the wrong width.
/// A last line without its newline (a run killed mid-write) is dropped.
Status readNumericCsv(const std::string &path, NumericTable &out);

/// Writes a header and rows, then appends rows; flush() pushes them to the
/// file. open() replaces the file atomically, so a run resumed from a
/// checkpoint can first put back the rows it keeps.
class CsvWriter {
public:
  Status open(const std::string &path, const std::vector<std::string> &columns,
              const std::vector<std::vector<double>> &rows = {});
  Status append(const std::vector<double> &values);
  Status flush();

private:
  std::string path_;
  size_t width_ = 0;
  std::ofstream out_;
};

} // namespace dfp::train

#endif // DFP_TRAIN_CSV_H
