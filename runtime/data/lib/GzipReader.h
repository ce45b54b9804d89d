#ifndef DFP_RUNTIME_DATA_GZIPREADER_H
#define DFP_RUNTIME_DATA_GZIPREADER_H

#include "dfp/reference/Status.h"

#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>
#include <zlib.h>

namespace dfp::runtime {

/// Reads a gzip file (or a plain one, recognised by the missing gzip magic)
/// through zlib's inflate, with errors that name the path. Unlike gzread, it
/// reports a stream cut anywhere, even inside the CRC/length trailer.
class GzipReader {
public:
  explicit GzipReader(std::string path);
  ~GzipReader();
  GzipReader(const GzipReader &) = delete;
  GzipReader &operator=(const GzipReader &) = delete;

  Status open();
  /// Reads exactly `size` bytes; `what` names them in the error.
  Status readExact(void *buffer, size_t size, const char *what);
  /// Fails unless the data ends here and the gzip trailer checks out.
  Status expectEnd();

  Status error(const std::string &problem) const;

private:
  /// Decompresses (or copies) up to `size` bytes; `produced` 0 means the
  /// data ended cleanly.
  Status readSome(unsigned char *out, size_t size, size_t &produced);
  Status inflateSome(unsigned char *out, size_t size, size_t &produced);
  /// Refills the input buffer; false at the end of the file.
  Status refill(bool &gotInput);

  std::string path_;
  FILE *file_ = nullptr;
  bool gzip_ = false;
  bool inflating_ = false;
  bool memberEnded_ = false;
  z_stream stream_{};
  std::vector<unsigned char> input_;
};

} // namespace dfp::runtime

#endif // DFP_RUNTIME_DATA_GZIPREADER_H
