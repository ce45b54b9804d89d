#ifndef DFP_TRAIN_UNITTESTS_TEMPDIR_H
#define DFP_TRAIN_UNITTESTS_TEMPDIR_H

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace dfp::train {

/// A fresh directory per test, removed afterwards.
class TempDirTest : public ::testing::Test {
protected:
  void SetUp() override {
    const ::testing::TestInfo *info =
        ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = (std::filesystem::temp_directory_path() /
            ("dfp-train-test-" + std::to_string(::getpid()) + "-" +
             info->test_suite_name() + "-" + info->name()))
               .string();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string path(const std::string &name) const { return dir_ + "/" + name; }

  static std::string readText(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)),
                       std::istreambuf_iterator<char>());
  }
  static void writeText(const std::string &path, const std::string &text) {
    std::ofstream(path, std::ios::binary) << text;
  }

  std::string dir_;
};

} // namespace dfp::train

#endif // DFP_TRAIN_UNITTESTS_TEMPDIR_H
