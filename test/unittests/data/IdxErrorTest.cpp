#include "IdxWriter.h"
#include "TempDirectory.h"

#include "dfp/runtime/FashionMnist.h"
#include "dfp/runtime/IdxFile.h"
#include "dfp/runtime/ImageDataset.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace dfp::runtime {
namespace {

using ::testing::HasSubstr;
using namespace dfp::testing;

class IdxErrorTest : public ::testing::Test {
protected:
  std::string images() const { return dir.file("images.gz"); }
  std::string labels() const { return dir.file("labels.gz"); }

  /// Loads the pair and expects an error naming `path` and `problem`.
  void expectLoadError(const std::string &path, const std::string &problem) {
    ImageDataset dataset;
    Status status = loadIdxImageDataset(images(), labels(), 10, dataset);
    ASSERT_FALSE(status.ok());
    EXPECT_THAT(status.message(), HasSubstr(path));
    EXPECT_THAT(status.message(), HasSubstr(problem));
  }

  /// Cuts the images file to `size` bytes.
  void truncateImages(uintmax_t size) {
    std::filesystem::resize_file(images(), size);
  }

  TempDirectory dir;
};

TEST_F(IdxErrorTest, WellFormedFilesLoad) {
  writeImageSet(images(), labels(), 7, 3, 5, 10);
  ImageDataset dataset;
  Status status = loadIdxImageDataset(images(), labels(), 10, dataset);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(dataset.count, 7);
  EXPECT_EQ(dataset.height, 3);
  EXPECT_EQ(dataset.width, 5);
  for (size_t i = 0; i < dataset.pixels.size(); ++i)
    ASSERT_EQ(dataset.pixels[i], i % 251);
  for (size_t i = 0; i < dataset.labels.size(); ++i)
    ASSERT_EQ(dataset.labels[i], i % 10);
}

TEST_F(IdxErrorTest, UncompressedFilesLoadToo) {
  writePlainFile(images(),
                 idxBytes(idxMagic(3), {2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8}));
  writePlainFile(labels(), idxBytes(idxMagic(1), {2}, {3, 4}));
  ImageDataset dataset;
  Status status = loadIdxImageDataset(images(), labels(), 10, dataset);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(dataset.pixels, (std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST_F(IdxErrorTest, MissingFileIsNamed) {
  writeImageSet(images(), labels(), 4, 2, 2, 10);
  std::filesystem::remove(labels());
  expectLoadError(labels(), "cannot open");
}

TEST_F(IdxErrorTest, BadMagicIsReported) {
  writeImageSet(images(), labels(), 4, 2, 2, 10);
  writeGzipFile(images(),
                idxBytes(0x00000804, {4, 2, 2, 1}, std::vector<uint8_t>(16)));
  expectLoadError(images(), "bad IDX magic number 0x00000804, expected "
                            "0x00000803");
}

TEST_F(IdxErrorTest, LabelsWithImageRankAreRejected) {
  writeImageSet(images(), labels(), 4, 2, 2, 10);
  writeGzipFile(labels(), idxBytes(idxMagic(3), {4, 1, 1}, {1, 2, 3, 4}));
  expectLoadError(labels(), "expected 0x00000801");
}

TEST_F(IdxErrorTest, CountMismatchIsReported) {
  writeImageSet(images(), labels(), 3, 2, 2, 10);
  writeGzipFile(labels(), idxBytes(idxMagic(1), {4}, {0, 1, 2, 3}));
  expectLoadError(labels(),
                  "holds 4 labels but " + images() + " holds 3 images");
}

TEST_F(IdxErrorTest, LabelOutOfRangeIsReported) {
  writeImageSet(images(), labels(), 3, 2, 2, 10);
  writeGzipFile(labels(), idxBytes(idxMagic(1), {3}, {0, 10, 2}));
  expectLoadError(labels(), "label 10 of sample 1");
}

TEST_F(IdxErrorTest, HugeDimensionsFailBeforeAllocating) {
  writeImageSet(images(), labels(), 3, 2, 2, 10);
  writeGzipFile(images(), idxBytes(idxMagic(3),
                                   {0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}, {}));
  expectLoadError(images(), "IDX dimensions 4294967295x4294967295x4294967295 "
                            "exceed the limit");
}

TEST_F(IdxErrorTest, LimitIsConfigurable) {
  writeImageSet(images(), labels(), 3, 4, 4, 10);
  IdxArray array;
  EXPECT_TRUE(readIdxFile(images(), 3, array, 48).ok());
  Status status = readIdxFile(images(), 3, array, 47);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("exceed the limit of 47 bytes"));
}

TEST_F(IdxErrorTest, DataShorterThanDimensionsIsTruncation) {
  writeImageSet(images(), labels(), 3, 2, 2, 10);
  writeGzipFile(images(),
                idxBytes(idxMagic(3), {3, 28, 28}, std::vector<uint8_t>(100)));
  expectLoadError(images(), "truncated: file ends inside the IDX data (100 of "
                            "2352 bytes)");
}

TEST_F(IdxErrorTest, HeaderCutShortIsTruncation) {
  writeImageSet(images(), labels(), 3, 2, 2, 10);
  writeGzipFile(images(), {0x00, 0x00, 0x08, 0x03, 0x00, 0x00});
  expectLoadError(images(), "truncated: file ends inside the IDX dimensions");
}

TEST_F(IdxErrorTest, TrailingDataIsReported) {
  writeImageSet(images(), labels(), 3, 2, 2, 10);
  writeGzipFile(images(),
                idxBytes(idxMagic(3), {3, 2, 2}, std::vector<uint8_t>(13)));
  expectLoadError(images(), "trailing data");
}

TEST_F(IdxErrorTest, TruncatedGzipStreamIsDetected) {
  writeImageSet(images(), labels(), 50, 28, 28, 10);
  truncateImages(std::filesystem::file_size(images()) / 2);
  expectLoadError(images(), "truncated gzip stream");
}

TEST_F(IdxErrorTest, MissingGzipTrailerIsDetected) {
  writeImageSet(images(), labels(), 50, 28, 28, 10);
  // The last 8 bytes hold the CRC and length; the data itself is complete.
  truncateImages(std::filesystem::file_size(images()) - 4);
  expectLoadError(images(), "truncated gzip stream");
}

TEST_F(IdxErrorTest, CorruptGzipStreamIsDetected) {
  writeImageSet(images(), labels(), 50, 28, 28, 10);
  std::vector<uint8_t> bytes = readPlainFile(images());
  for (size_t i = bytes.size() / 3; i < bytes.size() / 3 + 8; ++i)
    bytes[i] ^= 0x5A;
  writePlainFile(images(), bytes);
  expectLoadError(images(), "corrupt gzip stream");
}

TEST_F(IdxErrorTest, CorruptStoredDataFailsTheCrc) {
  // Incompressible pixels are stored verbatim: a flipped byte decodes fine
  // and only the CRC in the gzip trailer can catch it.
  std::vector<uint8_t> pixels(4 * 28 * 28);
  uint32_t state = 1;
  for (uint8_t &pixel : pixels)
    pixel = uint8_t((state = state * 1664525u + 1013904223u) >> 24);
  writeGzipFile(images(), idxBytes(idxMagic(3), {4, 28, 28}, pixels));
  writeGzipFile(labels(), idxBytes(idxMagic(1), {4}, {0, 1, 2, 3}));
  std::vector<uint8_t> bytes = readPlainFile(images());
  bytes[bytes.size() / 2] ^= 0x01;
  writePlainFile(images(), bytes);
  expectLoadError(images(), "corrupt gzip stream: incorrect data check");
}

TEST_F(IdxErrorTest, FashionMnistLoaderWantsTwentyEightSquare) {
  writeImageSet(fashionMnistImagesPath(dir.path(), DatasetSplit::Test),
                fashionMnistLabelsPath(dir.path(), DatasetSplit::Test), 4, 27,
                28, 10);
  ImageDataset dataset;
  Status status = loadFashionMnist(dir.path(), DatasetSplit::Test, dataset);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("t10k-images-idx3-ubyte.gz: images "
                                          "are 27x28"));
}

} // namespace
} // namespace dfp::runtime
