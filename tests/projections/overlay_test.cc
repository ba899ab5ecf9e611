// A run's overlay of state changes: the last write of each key wins, read
// back at once, and comes out in key order whatever order it went in.
#include "projections/overlay.h"

#include <map>
#include <optional>
#include <random>
#include <span>
#include <string>

#include "gtest/gtest.h"

namespace keeper::projections {
namespace {

using Model = std::map<std::string, std::optional<std::string>>;

Model FromSorted(std::span<const Overlay::Change> changes) {
  Model out;
  std::string previous;
  for (size_t i = 0; i < changes.size(); ++i) {
    const std::string key(changes[i].key);
    if (i > 0) {
      EXPECT_LT(previous, key) << "not in order, or repeated";
    }
    previous = key;
    out[key] = changes[i].deleted
                   ? std::nullopt
                   : std::optional<std::string>(changes[i].value);
  }
  return out;
}

// Random writes over keys that share prefixes, are prefixes of each other,
// hold 0x00 and 0xff bytes, and come in order or not; reading (or not)
// between writes.
void CheckRandomRun(bool reads, uint32_t seed) {
  std::mt19937 random(seed);
  Overlay overlay;
  Model model;
  const std::string stems[] = {
      "", "a", "ab", "abc", std::string("a\0b", 3), "\xff", "zz", "a\xff"};
  for (int n = 0; n < 5000; ++n) {
    std::string key = stems[random() % std::size(stems)];
    if (random() % 3 != 0)
      key += std::to_string(random() % (n % 7 == 0 ? 5 : 400));
    if (random() % 2 == 0) key += std::to_string(n);  // ascending, mostly
    if (random() % 5 == 0) {
      overlay.Delete(key);
      model[key] = std::nullopt;
    } else {
      const std::string value(random() % 3 == 0 ? 100000 : random() % 20,
                              static_cast<char>('a' + n % 26));
      overlay.Put(key, value);
      model[key] = value;
    }
    if (reads && random() % 4 == 0) {
      const std::string probe =
          stems[random() % std::size(stems)] + std::to_string(random() % 400);
      const Overlay::Change* change = overlay.Find(probe);
      auto it = model.find(probe);
      ASSERT_EQ(change != nullptr, it != model.end()) << probe;
      if (change != nullptr) {
        EXPECT_EQ(change->deleted, !it->second.has_value());
        if (!change->deleted) {
          EXPECT_EQ(change->value, *it->second);
        }
      }
    }
  }
  Model prefixed;
  for (const auto& [key, value] : model) {
    if (key.starts_with("ab")) prefixed[key] = value;
  }
  EXPECT_EQ(FromSorted(overlay.WithPrefix("ab")), prefixed);
  EXPECT_EQ(FromSorted(overlay.Sort()), model);
}

TEST(OverlayTest, LastWriteWinsInKeyOrderWithoutReads) {
  for (uint32_t seed = 1; seed <= 5; ++seed) CheckRandomRun(false, seed);
}

TEST(OverlayTest, LastWriteWinsInKeyOrderWithReads) {
  for (uint32_t seed = 1; seed <= 5; ++seed) CheckRandomRun(true, seed);
}

TEST(OverlayTest, ReadsSeeWritesMadeBeforeAndAfterTheFirstRead) {
  Overlay overlay;
  overlay.Put("k", "1");
  overlay.Put("k", "2");  // not indexed yet: a second change of k
  ASSERT_NE(overlay.Find("k"), nullptr);
  EXPECT_EQ(overlay.Find("k")->value, "2");
  overlay.Delete("k");
  EXPECT_TRUE(overlay.Find("k")->deleted);
  overlay.Put("j", "3");
  EXPECT_EQ(overlay.Find("j")->value, "3");
  EXPECT_EQ(overlay.Find("i"), nullptr);
  const std::span<const Overlay::Change> sorted = overlay.Sort();
  ASSERT_EQ(sorted.size(), 2u);
  EXPECT_EQ(sorted[0].key, "j");
  EXPECT_EQ(sorted[1].key, "k");
  EXPECT_TRUE(sorted[1].deleted);
  overlay.Clear();
  EXPECT_TRUE(overlay.empty());
  EXPECT_EQ(overlay.Find("k"), nullptr);
  EXPECT_EQ(overlay.bytes(), 0u);
}

// Sorting in place moves the changes: reads after it still find each key's
// last write, and writes after it still win.
TEST(OverlayTest, ReadsAndWritesAfterSortingSeeTheLastWrites) {
  Overlay overlay;
  overlay.Put("c", "1");
  ASSERT_NE(overlay.Find("c"), nullptr);  // indexed at its first position
  overlay.Put("b", "2");
  overlay.Put("a", "3");
  overlay.Put("c", "4");
  ASSERT_EQ(overlay.Sort().size(), 3u);
  ASSERT_NE(overlay.Find("a"), nullptr);
  EXPECT_EQ(overlay.Find("a")->value, "3");
  EXPECT_EQ(overlay.Find("c")->value, "4");
  overlay.Put("a", "5");
  overlay.Delete("b");
  const Model model = {{"a", "5"}, {"b", std::nullopt}, {"c", "4"}};
  EXPECT_EQ(FromSorted(overlay.Sort()), model);
  Overlay writes_only;  // never read: no index, changes appended
  writes_only.Put("y", "1");
  writes_only.Put("x", "2");
  ASSERT_EQ(writes_only.Sort().size(), 2u);
  writes_only.Put("y", "3");
  EXPECT_EQ(FromSorted(writes_only.Sort()), (Model{{"x", "2"}, {"y", "3"}}));
}

}  // namespace
}  // namespace keeper::projections
