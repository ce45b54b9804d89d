#ifndef DFP_TEST_DATA_IDXWRITER_H
#define DFP_TEST_DATA_IDXWRITER_H

#include <cstdint>
#include <string>
#include <vector>

namespace dfp::testing {

/// An IDX file image: big-endian magic and dimensions, then `data`.
std::vector<uint8_t> idxBytes(uint32_t magic, const std::vector<uint32_t> &dims,
                              const std::vector<uint8_t> &data);

/// The magic of an unsigned-byte IDX array of `rank` dimensions.
uint32_t idxMagic(int rank);

void writeGzipFile(const std::string &path, const std::vector<uint8_t> &bytes);
void writePlainFile(const std::string &path, const std::vector<uint8_t> &bytes);
std::vector<uint8_t> readPlainFile(const std::string &path);

/// Writes a gzip images file (count x rows x cols, pixel i = i % 251) and a
/// labels file (label i = i % classes).
void writeImageSet(const std::string &imagesPath, const std::string &labelsPath,
                   uint32_t count, uint32_t rows, uint32_t cols, int classes);

} // namespace dfp::testing

#endif // DFP_TEST_DATA_IDXWRITER_H
