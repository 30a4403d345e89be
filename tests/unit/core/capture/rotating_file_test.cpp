#include "travelctl/core/capture/rotating_file.hpp"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/temp_dir.hpp"

using travelctl::core::capture::RotatingFile;
using travelctl::core::capture::RotatingFileOptions;
using travelctl::test::TempDir;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string line(int i) {
  std::string s = "{\"n\":" + std::to_string(i) + ",\"pad\":\"";
  s.append(80 - s.size() - 3, 'x');
  return s + "\"}\n";  // 80 bytes
}

}  // namespace

TEST_CASE("Capture file: rotates by size, keeps N files, never splits a line", "[core]") {
  TempDir dir;
  const std::string path = dir.file("capture.ndjson");
  auto file = RotatingFile::open({path, 400, 2});
  REQUIRE(file);
  for (int i = 0; i < 20; ++i) {
    (*file)->append_line(line(i));  // 5 lines of 80 bytes fit in 400
  }
  (*file)->close();
  CHECK((*file)->lines_written() == 20);
  CHECK((*file)->rotations() == 3);
  CHECK((*file)->bytes_written() == 1600);
  // Newest in FILE, then FILE.1, FILE.2; the first five lines went with the oldest file.
  std::string expected_now, expected_1, expected_2;
  for (int i = 15; i < 20; ++i) {
    expected_now += line(i);
  }
  for (int i = 10; i < 15; ++i) {
    expected_1 += line(i);
  }
  for (int i = 5; i < 10; ++i) {
    expected_2 += line(i);
  }
  CHECK(read(path) == expected_now);
  CHECK(read(path + ".1") == expected_1);
  CHECK(read(path + ".2") == expected_2);
  CHECK_FALSE(std::filesystem::exists(path + ".3"));
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);  // passenger traffic: readable by its owner only
}

TEST_CASE("Capture file: a line over the limit gets a file of its own", "[core]") {
  TempDir dir;
  const std::string path = dir.file("c.ndjson");
  auto file = RotatingFile::open({path, 100, 5});
  REQUIRE(file);
  const std::string big = std::string(300, 'b') + "\n";
  (*file)->append_line(line(0));
  (*file)->append_line(big);
  (*file)->append_line(line(1));
  (*file)->close();
  CHECK(read(path + ".2") == line(0));
  CHECK(read(path + ".1") == big);
  CHECK(read(path) == line(1));
  CHECK((*file)->rotations() == 2);
}

TEST_CASE("Capture file: appends to an existing file and counts its size", "[core]") {
  TempDir dir;
  const std::string path = dir.file("c.ndjson");
  std::ofstream(path) << line(0) << line(1) << line(2);
  auto file = RotatingFile::open({path, 320, 1});
  REQUIRE(file);
  (*file)->append_line(line(3));  // 320 bytes: fits
  (*file)->append_line(line(4));  // would be 400: rotates
  (*file)->close();
  CHECK(read(path + ".1") == line(0) + line(1) + line(2) + line(3));
  CHECK(read(path) == line(4));
}

TEST_CASE("Capture file: no rotation with max 0, keep 0 keeps no old file", "[core]") {
  TempDir dir;
  {
    auto file = RotatingFile::open({dir.file("a"), 0, 3});
    REQUIRE(file);
    for (int i = 0; i < 50; ++i) {
      (*file)->append_line(line(i));
    }
    (*file)->close();
    CHECK((*file)->rotations() == 0);
    CHECK(read(dir.file("a")).size() == 50 * 80);
  }
  {
    auto file = RotatingFile::open({dir.file("b"), 160, 0});
    REQUIRE(file);
    for (int i = 0; i < 5; ++i) {
      (*file)->append_line(line(i));
    }
    (*file)->close();
    CHECK((*file)->rotations() == 2);
    CHECK(read(dir.file("b")) == line(4));
    CHECK_FALSE(std::filesystem::exists(dir.file("b.1")));
  }
}

TEST_CASE("Capture file: a file that cannot be opened is an error naming it", "[core]") {
  auto file = RotatingFile::open({"/nonexistent-dir/capture.ndjson", 0, 1});
  REQUIRE_FALSE(file);
  CHECK(file.error().find("/nonexistent-dir/capture.ndjson") != std::string::npos);
}
