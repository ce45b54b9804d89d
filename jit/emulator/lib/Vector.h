#ifndef DFP_EMULATOR_VECTOR_H
#define DFP_EMULATOR_VECTOR_H

#include <cstdint>
#include <cstring>

namespace dfp::emu {

constexpr unsigned kVectorBytes = 64;

/// One 512-bit vector register (or a value of up to that width), little endian.
struct alignas(64) Vec {
  uint8_t bytes[kVectorBytes] = {};

  template <typename T> T get(unsigned lane) const {
    T value;
    std::memcpy(&value, bytes + lane * sizeof(T), sizeof(T));
    return value;
  }
  template <typename T> void set(unsigned lane, T value) {
    std::memcpy(bytes + lane * sizeof(T), &value, sizeof(T));
  }
};

template <typename To, typename From> To bitCast(From from) {
  static_assert(sizeof(To) == sizeof(From));
  To to;
  std::memcpy(&to, &from, sizeof(To));
  return to;
}

} // namespace dfp::emu

#endif // DFP_EMULATOR_VECTOR_H
