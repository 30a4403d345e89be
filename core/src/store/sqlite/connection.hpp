// A thin RAII layer over one sqlite3 connection: prepared-statement cache, typed binding and
// reading. Used only by the store's own thread; SQL errors are thrown as SqliteFailure and turned
// into StoreError at the job boundary (db_thread.cpp), so statement code reads straight.
#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "travelctl/core/store/records.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace travelctl::core::store::sqlite {

/// A failed SQLite call: the result code and SQLite's message.
class SqliteFailure : public std::exception {
 public:
  SqliteFailure(int code, std::string message) : code_(code), message_(std::move(message)) {}
  int code() const { return code_; }  ///< extended result code
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  int code_;
  std::string message_;
};

/// Maps an SQLite result code to the store's error kinds.
StoreError::Code error_code_for(int sqlite_code);
StoreError to_store_error(const SqliteFailure& failure);

/// One use of a cached prepared statement; reset and unbound when it goes out of scope.
class Query {
 public:
  Query(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Query& bind(int index, int64_t value);
  Query& bind(int index, std::string_view text);
  Query& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Query& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Query& bind(int index, const std::optional<std::string>& text);  ///< nullopt binds NULL
  Query& bind_blob(int index, std::string_view bytes);
  Query& bind_null(int index);

  /// Advances; true when a row is available.
  bool step();
  /// Runs to completion, ignoring rows.
  void run();

  bool is_null(int column) const;
  int64_t integer(int column) const;
  std::string text(int column) const;  ///< "" for NULL
  std::optional<std::string> optional_text(int column) const;
  std::string blob(int column) const;  ///< raw bytes

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

/// One connection. Not thread-safe: owned by one thread at a time.
class Connection {
 public:
  /// Opens (creating if allowed) the file; throws SqliteFailure.
  static std::unique_ptr<Connection> open(const std::string& path, bool create);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// A prepared statement from the cache (prepared on first use); `sql` must be a literal.
  Query query(const char* sql);
  /// Runs one or more statements without parameters.
  void exec(const char* sql);
  /// The single text value of a one-row query ("" if none), e.g. a PRAGMA answer.
  std::string scalar_text(const char* sql);
  int64_t scalar_int(const char* sql);
  int64_t changes() const;
  bool in_transaction() const;
  bool read_only() const;
  void set_busy_timeout(int milliseconds);
  sqlite3* raw() const { return db_; }

  /// Throws the current error of the connection, prefixed with `context`.
  [[noreturn]] void fail(int code, std::string_view context) const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  // Keyed by the address of the SQL text: callers pass string literals (static storage).
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
};

}  // namespace travelctl::core::store::sqlite
