// Start-up of the SQLite store: path checks, connection settings, integrity check, migrations.
#include "open_database.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "schema.hpp"

namespace travelctl::core::store::sqlite {
namespace fs = std::filesystem;

std::string absolute_path(const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  return ec ? path : abs.lexically_normal().string();
}

namespace {

// 'text', built by append: GCC 12 warns falsely (-Wrestrict) on "'" + std::string&&.
std::string quoted(const std::string& text) {
  return std::string(1, '\'').append(text).append(1, '\'');
}

// Problems SQLite would report vaguely ("unable to open database file"), named precisely first.
std::string check_path(const std::string& path) {
  if (path.empty()) {
    return "store.path is empty";
  }
  std::error_code ec;
  const fs::path file(path);
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  const auto dir_status = fs::status(dir, ec);
  if (ec || !fs::exists(dir_status)) {
    return "directory " + quoted(dir.string()) + " does not exist";
  }
  if (!fs::is_directory(dir_status)) {
    return quoted(dir.string()) + " is not a directory";
  }
  const auto file_status = fs::status(file, ec);
  if (!ec && fs::is_directory(file_status)) {
    return "it is a directory, not a database file";
  }
  if (!ec && fs::exists(file_status) && ::access(path.c_str(), R_OK | W_OK) != 0) {
    return std::string("the file is not readable and writable by this user (") +
           std::strerror(errno) + ")";
  }
  // SQLite writes -wal and -shm files beside the database.
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    return "directory " + quoted(dir.string()) + " is not writable (" + std::strerror(errno) +
           "); SQLite needs to create the -wal and -shm files there";
  }
  return "";
}

std::string describe_failure(const SqliteFailure& failure) {
  switch (failure.code() & 0xff) {
    case SQLITE_NOTADB:
      return "not a SQLite database";
    case SQLITE_CORRUPT:
      return std::string("the database is corrupt (") + failure.what() + ")";
    default:
      return failure.what();
  }
}

void configure(Connection& db, const StoreOptions& options) {
  db.set_busy_timeout(static_cast<int>(options.busy_timeout.count()));
  // Reading the journal mode reads the header: a file that is not a database fails here.
  const std::string mode = db.scalar_text("PRAGMA journal_mode = WAL");
  if (mode != "wal") {
    throw SqliteFailure(SQLITE_CANTOPEN, "cannot switch to WAL journal mode (got '" + mode + "')");
  }
  // FULL: in WAL mode every COMMIT syncs the WAL file before it returns, so a booking recorded
  // before its 201 survives a power loss or an OS crash, not only kill -9 (which NORMAL covers).
  // The cost is one fsync per transaction, shared by every operation of a group commit.
  db.exec("PRAGMA synchronous = FULL");
  // Keep the WAL from growing without bound after a burst (it is truncated to this on checkpoint).
  db.exec("PRAGMA journal_size_limit = 67108864");
  db.exec("PRAGMA foreign_keys = OFF");
  db.exec("PRAGMA trusted_schema = OFF");
}

void check_integrity(Connection& db) {
  Query q = db.query("PRAGMA quick_check(5)");
  std::string problems;
  while (q.step()) {
    const std::string line = q.text(0);
    if (line != "ok") {
      problems += problems.empty() ? line : "; " + line;
    }
  }
  if (!problems.empty()) {
    throw SqliteFailure(SQLITE_CORRUPT, "integrity check failed: " + problems);
  }
}

}  // namespace

Expected<std::unique_ptr<Connection>, std::string> open_database(const StoreOptions& options) {
  const std::string shown = "store " + quoted(absolute_path(options.path)) + ": ";
  if (std::string problem = check_path(options.path); !problem.empty()) {
    return unexpected(shown + problem);
  }
  try {
    auto db = Connection::open(options.path, /*create=*/true);
    configure(*db, options);
    if (db->read_only()) {
      return unexpected(shown + "opened read-only (check the file's permissions and mount)");
    }
    if (options.check_integrity_on_open) {
      check_integrity(*db);
    }
    if (std::string problem = migrate(*db); !problem.empty()) {
      return unexpected(shown + problem);
    }
    return db;
  } catch (const SqliteFailure& failure) {
    return unexpected(shown + describe_failure(failure));
  }
}

}  // namespace travelctl::core::store::sqlite
