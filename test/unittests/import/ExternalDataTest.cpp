// External data must resolve to a regular file inside the model's
// directory, reached without symbolic links, with one hard link, and the
// offset and length must lie within the file.
#include "OnnxModels.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace dfp::testing {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

void writeFile(const std::string &path, size_t bytes) {
  std::ofstream file(path, std::ios::binary);
  std::string data(bytes, '\0');
  file.write(data.data(), static_cast<std::streamsize>(data.size()));
}

/// A Conv model whose 1x1x3x3 weight `w` (36 bytes) lives at `location`.
onnx::ModelProto externalConvModel(const std::string &location,
                                   const std::string &offset = "",
                                   const std::string &length = "") {
  onnx::ModelProto model = emptyModel();
  onnx::GraphProto &graph = *model.mutable_graph();
  addInput(graph, "x", {1, 1, 4, 4});
  onnx::TensorProto &weight = *graph.add_initializer();
  weight.set_name("w");
  weight.set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t dim : {1, 1, 3, 3})
    weight.add_dims(dim);
  weight.set_data_location(onnx::TensorProto::EXTERNAL);
  auto add = [&](const std::string &key, const std::string &value) {
    onnx::StringStringEntryProto *entry = weight.add_external_data();
    entry->set_key(key);
    entry->set_value(value);
  };
  add("location", location);
  if (!offset.empty())
    add("offset", offset);
  if (!length.empty())
    add("length", length);
  addNode(graph, "Conv", {"x", "w"}, {"y"});
  addOutput(graph, "y", {1, 1, 2, 2});
  return model;
}

/// A fresh directory holding the model directory `model/`. (MLIR's flags
/// disable exceptions here, so support/TempDirectory.h cannot be used.)
class ExternalDataTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "dfp-import-XXXXXX");
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    rootPath = pattern;
    fs::create_directory(modelDir());
  }
  void TearDown() override {
    std::error_code ignored;
    if (!rootPath.empty())
      fs::remove_all(rootPath, ignored);
  }
  std::string file(const std::string &name) const {
    return rootPath + "/" + name;
  }
  std::string modelDir() const { return file("model"); }
  std::string importFrom(const onnx::ModelProto &model) {
    return importError(model, {}, modelDir());
  }
  std::string rootPath;
};

TEST_F(ExternalDataTest, FileInsideTheDirectoryLoads) {
  writeFile(modelDir() + "/weights.bin", 36);
  EXPECT_EQ(importFrom(externalConvModel("weights.bin")), "");
  fs::create_directory(modelDir() + "/data");
  writeFile(modelDir() + "/data/w.bin", 100);
  EXPECT_EQ(importFrom(externalConvModel("./data/w.bin", "64", "36")), "");
}

TEST_F(ExternalDataTest, DotDotIsRefused) {
  writeFile(file("outside.bin"), 36);
  EXPECT_THAT(importFrom(externalConvModel("../outside.bin")),
              HasSubstr("external data of tensor 'w': location "
                        "'../outside.bin' contains '..'"));
}

TEST_F(ExternalDataTest, AbsolutePathIsRefused) {
  writeFile(file("outside.bin"), 36);
  EXPECT_THAT(importFrom(externalConvModel(file("outside.bin"))),
              HasSubstr("is an absolute path"));
}

TEST_F(ExternalDataTest, SymbolicLinkOutIsRefused) {
  writeFile(file("outside.bin"), 36);
  fs::create_symlink(file("outside.bin"), modelDir() + "/link.bin");
  EXPECT_THAT(importFrom(externalConvModel("link.bin")),
              HasSubstr("goes through symbolic link"));
}

TEST_F(ExternalDataTest, SymbolicLinkedDirectoryIsRefused) {
  fs::create_directory(file("elsewhere"));
  writeFile(file("elsewhere/w.bin"), 36);
  fs::create_directory_symlink(file("elsewhere"), modelDir() + "/sub");
  EXPECT_THAT(importFrom(externalConvModel("sub/w.bin")),
              HasSubstr("goes through symbolic link"));
}

TEST_F(ExternalDataTest, HardLinkIsRefused) {
  writeFile(file("outside.bin"), 36);
  ASSERT_EQ(
      ::link(file("outside.bin").c_str(), (modelDir() + "/hard.bin").c_str()),
      0);
  EXPECT_THAT(importFrom(externalConvModel("hard.bin")),
              HasSubstr("'hard.bin' has 2 hard links (only 1 is accepted)"));
}

TEST_F(ExternalDataTest, DirectoryIsNotAFile) {
  fs::create_directory(modelDir() + "/dir.bin");
  EXPECT_THAT(importFrom(externalConvModel("dir.bin")),
              HasSubstr("is not a regular file"));
}

TEST_F(ExternalDataTest, MissingFile) {
  EXPECT_THAT(importFrom(externalConvModel("absent.bin")),
              HasSubstr("location 'absent.bin'"));
}

TEST_F(ExternalDataTest, OffsetPastTheEnd) {
  writeFile(modelDir() + "/w.bin", 36);
  EXPECT_THAT(importFrom(externalConvModel("w.bin", "37")),
              HasSubstr("offset 37 is past the end of 'w.bin' (36 bytes)"));
}

TEST_F(ExternalDataTest, OffsetPlusLengthPastTheEnd) {
  writeFile(modelDir() + "/w.bin", 40);
  EXPECT_THAT(importFrom(externalConvModel("w.bin", "8", "36")),
              HasSubstr("offset 8 + length 36 is past the end of 'w.bin' "
                        "(40 bytes)"));
}

TEST_F(ExternalDataTest, HugeOffsetDoesNotOverflow) {
  writeFile(modelDir() + "/w.bin", 36);
  EXPECT_THAT(importFrom(externalConvModel("w.bin", "999999999999999999",
                                           "999999999999999999")),
              HasSubstr("is past the end"));
  EXPECT_THAT(importFrom(externalConvModel("w.bin", "-1")),
              HasSubstr("'offset' is '-1', not a non-negative integer"));
}

TEST_F(ExternalDataTest, LengthMustMatchTheTensor) {
  writeFile(modelDir() + "/w.bin", 100);
  EXPECT_THAT(importFrom(externalConvModel("w.bin", "0", "40")),
              HasSubstr("length 40 does not match the 36 bytes"));
}

TEST_F(ExternalDataTest, RefusedWithoutAModelDirectory) {
  EXPECT_THAT(importError(externalConvModel("w.bin")),
              HasSubstr("not allowed for a model without a directory"));
}

} // namespace
} // namespace dfp::testing
