#include "Json.h"
#include "Summary.h"
#include "TempDir.h"

#include <cmath>

using namespace dfp;
using namespace dfp::train;

namespace {

using JsonTest = TempDirTest;

TEST_F(JsonTest, EscapesAndNumbers) {
  EXPECT_EQ(jsonString("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(jsonNumber(0.5), "0.5");
  EXPECT_EQ(jsonNumber(NAN), "null");
  EXPECT_EQ(jsonNumber(INFINITY), "null");
  EXPECT_EQ(jsonArray({"1", "\"x\""}), "[1, \"x\"]");
}

TEST_F(JsonTest, ObjectParsesBack) {
  std::string text = JsonObject()
                         .add("name", "a \"quoted\" name")
                         .add("count", int64_t(-3))
                         .add("ratio", 0.25)
                         .add("flag", true)
                         .add("missing", NAN)
                         .addRaw("list", "[1, {\"x\": [2, 3]}, \"s\"]")
                         .str();
  std::map<std::string, std::string> members;
  ASSERT_TRUE(parseJsonScalars(text, "t.json", members).ok()) << text;
  EXPECT_EQ(members["name"], "a \"quoted\" name");
  EXPECT_EQ(members["count"], "-3");
  EXPECT_EQ(members["ratio"], "0.25");
  EXPECT_EQ(members["flag"], "true");
  EXPECT_EQ(members["missing"], "null");
  EXPECT_EQ(members.count("list"), 0u);
}

TEST_F(JsonTest, ParseErrorsNameSourceAndOffset) {
  std::map<std::string, std::string> members;
  for (const char *bad : {"", "[1]", "{\"a\" 1}", "{\"a\": }", "{\"a\": 1",
                          "{\"a\": [1, }", "{\"a\": \"x}", "{} x"}) {
    Status status = parseJsonScalars(bad, "s.json", members);
    ASSERT_FALSE(status.ok()) << bad;
    EXPECT_NE(status.message().find("s.json: invalid JSON at byte"),
              std::string::npos)
        << status.message();
  }
}

TEST_F(JsonTest, SummaryHasTheRequiredKeysFirst) {
  RunSummary summary;
  summary.settings.precision = "fp32";
  summary.complete = true;
  summary.steps = 10;
  summary.settings.batch = 32;
  summary.trainSeconds = 4;
  summary.skippedSteps = 1;
  summary.epochs = {{1, 0.9, 0.8, 0.7, 2, 160, 1},
                    {2, 0.6, 0.5, 0.75, 2, 160, 0}};
  ASSERT_TRUE(writeSummary(path("summary.json"), summary).ok());
  std::map<std::string, std::string> members;
  ASSERT_TRUE(readSummaryScalars(path("summary.json"), members).ok());
  EXPECT_EQ(members["precision"], "fp32");
  EXPECT_EQ(members["epochs"], "2");
  EXPECT_EQ(members["test_accuracy"], "0.75");
  EXPECT_EQ(members["final_train_loss"], "0.6");
  EXPECT_EQ(members["train_seconds"], "4");
  EXPECT_EQ(members["images_per_s"], "80");
  EXPECT_EQ(members["skipped_steps"], "1");
  EXPECT_EQ(members["complete"], "true");
  EXPECT_NE(members["lr_schedule"].find("cosine"), std::string::npos);
  std::string text = readText(path("summary.json"));
  EXPECT_EQ(text.find("\"precision\""), 4u); // the first member
}

TEST_F(JsonTest, SummaryBeforeTheFirstEpochHasNullAccuracy) {
  RunSummary summary;
  std::map<std::string, std::string> members;
  ASSERT_TRUE(parseJsonScalars(summaryJson(summary), "s", members).ok());
  EXPECT_EQ(members["test_accuracy"], "null");
  EXPECT_EQ(members["epochs"], "0");
  EXPECT_EQ(members["complete"], "false");
}

} // namespace
