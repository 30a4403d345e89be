// The sqlite3 RAII layer: opening, statement cache, binding, reading, error mapping.
#include "connection.hpp"

#include <sqlite3.h>

#include <cstring>

namespace travelctl::core::store::sqlite {

StoreError::Code error_code_for(int sqlite_code) {
  switch (sqlite_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StoreError::Code::busy;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return StoreError::Code::corrupt;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
    case SQLITE_PERM:
      return StoreError::Code::io;
    case SQLITE_CONSTRAINT:
      return StoreError::Code::conflict;
    default:
      return StoreError::Code::internal;
  }
}

StoreError to_store_error(const SqliteFailure& failure) {
  return StoreError{error_code_for(failure.code()), failure.what()};
}

Query::~Query() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

namespace {
void check_bind(sqlite3* db, int rc) {
  if (rc != SQLITE_OK) {
    throw SqliteFailure(rc, std::string("bind: ") + sqlite3_errmsg(db));
  }
}
}  // namespace

Query& Query::bind(int index, int64_t value) {
  check_bind(db_, sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Query& Query::bind(int index, std::string_view text) {
  check_bind(db_, sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                      SQLITE_UTF8));
  return *this;
}

Query& Query::bind(int index, const std::optional<std::string>& text) {
  return text ? bind(index, std::string_view(*text)) : bind_null(index);
}

Query& Query::bind_blob(int index, std::string_view bytes) {
  // A zero-length blob must still be a blob, not NULL: SQLite needs a non-null pointer for that.
  static const char kEmpty = 0;
  check_bind(db_, sqlite3_bind_blob64(stmt_, index, bytes.empty() ? &kEmpty : bytes.data(),
                                      bytes.size(), SQLITE_TRANSIENT));
  return *this;
}

Query& Query::bind_null(int index) {
  check_bind(db_, sqlite3_bind_null(stmt_, index));
  return *this;
}

bool Query::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  throw SqliteFailure(sqlite3_extended_errcode(db_), sqlite3_errmsg(db_));
}

void Query::run() {
  while (step()) {
  }
}

bool Query::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

int64_t Query::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Query::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  const int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
           : std::string();
}

std::optional<std::string> Query::optional_text(int column) const {
  if (is_null(column)) {
    return std::nullopt;
  }
  return text(column);
}

std::string Query::blob(int column) const {
  const void* p = sqlite3_column_blob(stmt_, column);
  const int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

std::unique_ptr<Connection> Connection::open(const std::string& path, bool create) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) |
                    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const int sys = db ? sqlite3_system_errno(db) : 0;
    if (sys != 0) {
      message += std::string(" (") + std::strerror(sys) + ")";
    }
    sqlite3_close_v2(db);
    throw SqliteFailure(rc, message);
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (auto& [sql, stmt] : statements_) {
    sqlite3_finalize(stmt);
  }
  sqlite3_close_v2(db_);
}

Query Connection::query(const char* sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      fail(rc, "prepare");
    }
    it = statements_.emplace(sql, stmt).first;
  }
  return Query(db_, it->second);
}

void Connection::exec(const char* sql) {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    fail(rc, "");
  }
}

std::string Connection::scalar_text(const char* sql) {
  Query q = query(sql);
  return q.step() ? q.text(0) : std::string();
}

int64_t Connection::scalar_int(const char* sql) {
  Query q = query(sql);
  return q.step() ? q.integer(0) : 0;
}

int64_t Connection::changes() const { return sqlite3_changes64(db_); }

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

bool Connection::read_only() const { return sqlite3_db_readonly(db_, "main") == 1; }

void Connection::set_busy_timeout(int milliseconds) { sqlite3_busy_timeout(db_, milliseconds); }

void Connection::fail(int code, std::string_view context) const {
  std::string message(context);
  if (!message.empty()) {
    message += ": ";
  }
  message += sqlite3_errmsg(db_);
  const int primary = sqlite3_extended_errcode(db_) & 0xff;
  const int sys = sqlite3_system_errno(db_);
  if (sys != 0 &&
      (primary == SQLITE_CANTOPEN || primary == SQLITE_IOERR || primary == SQLITE_READONLY ||
       primary == SQLITE_PERM || primary == SQLITE_FULL)) {
    message += std::string(" (") + std::strerror(sys) + ")";
  }
  throw SqliteFailure(sqlite3_extended_errcode(db_) ? sqlite3_extended_errcode(db_) : code,
                      message);
}

}  // namespace travelctl::core::store::sqlite
