#ifndef DFP_RUNTIME_CHECKPOINT_BYTEWRITER_H
#define DFP_RUNTIME_CHECKPOINT_BYTEWRITER_H

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace dfp::runtime {

/// Appends little-endian values to a byte buffer.
class ByteWriter {
public:
  explicit ByteWriter(std::vector<uint8_t> &bytes) : bytes_(bytes) {}

  void raw(const void *data, size_t size) {
    const auto *begin = static_cast<const uint8_t *>(data);
    bytes_.insert(bytes_.end(), begin, begin + size);
  }
  template <typename T> void value(T v) { raw(&v, sizeof(T)); }
  void string(const std::string &text) {
    value(uint32_t(text.size()));
    raw(text.data(), text.size());
  }

private:
  std::vector<uint8_t> &bytes_;
};

} // namespace dfp::runtime

#endif // DFP_RUNTIME_CHECKPOINT_BYTEWRITER_H
