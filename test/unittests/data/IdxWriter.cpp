#include "IdxWriter.h"

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <zlib.h>

namespace dfp::testing {

uint32_t idxMagic(int rank) { return 0x0800u | uint32_t(rank); }

std::vector<uint8_t> idxBytes(uint32_t magic, const std::vector<uint32_t> &dims,
                              const std::vector<uint8_t> &data) {
  std::vector<uint8_t> bytes;
  auto put32 = [&](uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8)
      bytes.push_back(uint8_t(value >> shift));
  };
  put32(magic);
  for (uint32_t dim : dims)
    put32(dim);
  bytes.insert(bytes.end(), data.begin(), data.end());
  return bytes;
}

void writeGzipFile(const std::string &path, const std::vector<uint8_t> &bytes) {
  gzFile file = gzopen(path.c_str(), "wb");
  if (!file)
    throw std::runtime_error("cannot create " + path);
  if (!bytes.empty() &&
      gzwrite(file, bytes.data(), unsigned(bytes.size())) != int(bytes.size()))
    throw std::runtime_error("cannot write " + path);
  if (gzclose(file) != Z_OK)
    throw std::runtime_error("cannot close " + path);
}

void writePlainFile(const std::string &path,
                    const std::vector<uint8_t> &bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char *>(bytes.data()),
            std::streamsize(bytes.size()));
  if (!out)
    throw std::runtime_error("cannot write " + path);
}

std::vector<uint8_t> readPlainFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void writeImageSet(const std::string &imagesPath, const std::string &labelsPath,
                   uint32_t count, uint32_t rows, uint32_t cols, int classes) {
  std::vector<uint8_t> pixels(size_t(count) * rows * cols);
  for (size_t i = 0; i < pixels.size(); ++i)
    pixels[i] = uint8_t(i % 251);
  std::vector<uint8_t> labels(count);
  for (uint32_t i = 0; i < count; ++i)
    labels[i] = uint8_t(i % uint32_t(classes));
  writeGzipFile(imagesPath, idxBytes(idxMagic(3), {count, rows, cols}, pixels));
  writeGzipFile(labelsPath, idxBytes(idxMagic(1), {count}, labels));
}

} // namespace dfp::testing
