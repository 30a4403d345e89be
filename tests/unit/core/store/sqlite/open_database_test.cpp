// Start-up errors of the SQLite store: every unusable path or file is refused with its path and
// cause, never opened half-way.
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "support/temp_dir.hpp"
#include "travelctl/core/store/store.hpp"
#include "unit/core/store/store_fixture.hpp"

using travelctl::test::TempDir;
namespace store = travelctl::core::store;
using Catch::Matchers::Contains;

namespace {

store::StoreOptions options_for(const std::string& path) {
  store::StoreOptions o;
  o.path = path;
  o.purge_interval = std::chrono::milliseconds(0);
  return o;
}

std::string open_error(const std::string& path) {
  auto opened = store::open_store(options_for(path));
  if (opened.has_value()) {
    return "(opened)";
  }
  return opened.error();
}

void raw_sql(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
  INFO((error ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

// A store with enough rows to span many pages, closed (so the WAL is checkpointed into the file).
void make_store_with_rows(const std::string& path) {
  auto opened = store::open_store(options_for(path));
  REQUIRE(opened.has_value());
  boost::asio::io_context ioc;
  for (int i = 0; i < 300; ++i) {
    auto r = travelctl::test::run_awaitable(
        ioc, opened.value()->record_booking(
                 {"booking-" + std::to_string(i) + std::string(40, 'x'), "acme", {}}));
    REQUIRE(r.has_value());
  }
}

// Opens `path` as another user (nobody) in a child process and returns the error text.
std::string open_error_as_nobody(const std::string& path) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    std::string text;
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) {
      text = "(setuid failed)";
    } else {
      text = open_error(path);
    }
    [[maybe_unused]] auto n = ::write(fds[1], text.data(), text.size());
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string text;
  char buffer[512];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) {
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return text;
}

}  // namespace

TEST_CASE("Store open: a missing directory is named", "[core]") {
  TempDir dir;
  const auto path = dir.file("missing/sub/travelctl.db");
  auto error = open_error(path);
  CHECK_THAT(error, Contains(path));
  CHECK_THAT(error, Contains("does not exist"));
}

TEST_CASE("Store open: a parent that is a file, or a path that is a directory, is refused",
          "[core]") {
  TempDir dir;
  std::ofstream(dir.file("plain")) << "x";
  CHECK_THAT(open_error(dir.file("plain/travelctl.db")), Contains("is not a directory"));
  CHECK_THAT(open_error(dir.path().string()), Contains("is a directory"));
  CHECK_THAT(open_error(""), Contains("store.path is empty"));
}

TEST_CASE("Store open: a file that is not a database is refused with its path", "[core]") {
  TempDir dir;
  const auto path = dir.file("notes.db");
  {
    std::ofstream out(path);
    for (int i = 0; i < 200; ++i) {
      out << "this is a text file, not an SQLite database\n";
    }
  }
  auto error = open_error(path);
  CHECK_THAT(error, Contains(path));
  CHECK_THAT(error, Contains("not a SQLite database"));
  // Refused without being modified.
  std::ifstream in(path);
  std::string first_line;
  std::getline(in, first_line);
  CHECK(first_line == "this is a text file, not an SQLite database");
}

TEST_CASE("Store open: a corrupt database is refused", "[core]") {
  TempDir dir;
  const auto path = dir.file("corrupt.db");
  make_store_with_rows(path);
  {
    // Page 1 (header and schema) stays intact; the pages after it become garbage.
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(4096 + 100);
    const std::string garbage(3 * 4096, '\xa5');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  auto error = open_error(path);
  CHECK_THAT(error, Contains(path));
  CHECK_THAT(error, Contains("corrupt"));
}

TEST_CASE("Store open: a truncated database header is refused", "[core]") {
  TempDir dir;
  const auto path = dir.file("truncated.db");
  make_store_with_rows(path);
  ::truncate(path.c_str(), 50);
  auto error = open_error(path);
  CHECK_THAT(error, Contains(path));
  CHECK(error != "(opened)");
}

TEST_CASE("Store open: another application's database is not taken over", "[core]") {
  TempDir dir;
  const auto path = dir.file("other.db");
  raw_sql(path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
  CHECK_THAT(open_error(path), Contains("not a travelctl store"));
  const auto tagged = dir.file("tagged.db");
  raw_sql(tagged, "PRAGMA application_id = 42");
  CHECK_THAT(open_error(tagged), Contains("application_id is 42"));
}

TEST_CASE("Store open: a file from a newer travelctl is refused", "[core]") {
  TempDir dir;
  const auto path = dir.file("newer.db");
  make_store_with_rows(path);
  raw_sql(path, "PRAGMA user_version = 99");
  CHECK_THAT(open_error(path), Contains("newer travelctl (schema version 99"));
}

TEST_CASE("Store open: an unwritable file or directory is refused", "[core]") {
  TempDir dir;
  ::chmod(dir.path().c_str(), 0755);
  const auto existing = dir.file("existing.db");
  make_store_with_rows(existing);
  ::chmod(existing.c_str(), 0444);
  const auto fresh = dir.file("fresh.db");
  if (::geteuid() == 0) {
    // root may write anywhere: check as the unprivileged `nobody`, as a service would run.
    ::chmod(existing.c_str(), 0644);
    auto on_file = open_error_as_nobody(existing);
    CHECK_THAT(on_file, Contains(existing));
    CHECK_THAT(on_file, Contains("not readable and writable"));
    auto on_dir = open_error_as_nobody(fresh);
    CHECK_THAT(on_dir, Contains(fresh));
    CHECK_THAT(on_dir, Contains("is not writable"));
  } else {
    auto on_file = open_error(existing);
    CHECK_THAT(on_file, Contains(existing));
    CHECK_THAT(on_file, Contains("not readable and writable"));
    ::chmod(dir.path().c_str(), 0555);
    auto on_dir = open_error(fresh);
    ::chmod(dir.path().c_str(), 0755);
    CHECK_THAT(on_dir, Contains("is not writable"));
  }
}

TEST_CASE("Store open: reopening migrates nothing and keeps the schema version", "[core]") {
  TempDir dir;
  const auto path = dir.file("store.db");
  make_store_with_rows(path);
  make_store_with_rows(path);  // the same rows again: ownership records are idempotent
  auto reopened = store::open_store(options_for(path));
  REQUIRE(reopened.has_value());
  reopened.value().reset();
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM bookings", -1, &stmt, nullptr);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  CHECK(sqlite3_column_int(stmt, 0) == 300);
  sqlite3_finalize(stmt);
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))) == "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}
