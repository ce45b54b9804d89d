#ifndef DFP_RUNTIME_CHECKPOINT_BYTEREADER_H
#define DFP_RUNTIME_CHECKPOINT_BYTEREADER_H

#include "dfp/reference/Status.h"

#include <cstdint>
#include <cstring>
#include <string>

namespace dfp::runtime {

/// Reads little-endian values from a byte range; every read is checked
/// against the bytes left, so a corrupt count can never cause an
/// out-of-bounds read or a huge allocation.
class ByteReader {
public:
  ByteReader(const uint8_t *bytes, size_t size, std::string source)
      : cursor_(bytes), end_(bytes + size), source_(std::move(source)) {}

  size_t remaining() const { return size_t(end_ - cursor_); }

  Status error(const std::string &problem) const {
    return Status::error(source_ + ": " + problem);
  }

  Status raw(void *out, size_t size, const char *what) {
    if (size > remaining())
      return error(std::string("corrupt checkpoint: ") + what + " needs " +
                   std::to_string(size) + " bytes, only " +
                   std::to_string(remaining()) + " left");
    if (size != 0) // memcpy wants valid pointers even for no bytes
      std::memcpy(out, cursor_, size);
    cursor_ += size;
    return Status::success();
  }

  template <typename T> Status value(T &out, const char *what) {
    return raw(&out, sizeof(T), what);
  }

  Status string(std::string &out, const char *what) {
    uint32_t length = 0;
    if (Status status = value(length, what); !status.ok())
      return status;
    if (length > remaining())
      return error(std::string("corrupt checkpoint: ") + what + " of " +
                   std::to_string(length) + " bytes exceeds the " +
                   std::to_string(remaining()) + " bytes left");
    out.assign(reinterpret_cast<const char *>(cursor_), length);
    cursor_ += length;
    return Status::success();
  }

  /// Checks that `count` items of at least `minItemBytes` each can fit.
  Status checkCount(uint64_t count, size_t minItemBytes, const char *what) {
    if (count > remaining() / minItemBytes)
      return error(std::string("corrupt checkpoint: ") + what + " count " +
                   std::to_string(count) + " cannot fit in the " +
                   std::to_string(remaining()) + " bytes left");
    return Status::success();
  }

private:
  const uint8_t *cursor_;
  const uint8_t *end_;
  std::string source_;
};

} // namespace dfp::runtime

#endif // DFP_RUNTIME_CHECKPOINT_BYTEREADER_H
