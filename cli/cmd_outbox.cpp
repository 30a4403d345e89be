// `travelctl outbox`: opens the store as `serve` would, runs one Store call at a time on a local
// io_context, prints the result and maps failures to exit codes.
#include "cmd_outbox.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cmd_outbox_view.hpp"
#include "terminal.hpp"
#include "travelctl/core/config/load.hpp"
#include "travelctl/core/store/store.hpp"

namespace travelctl::cli {
namespace {

namespace asio = boost::asio;
namespace config = core::config;
namespace store = core::store;

// A store open for one command, or the exit code and message of why not.
struct OpenedStore {
  std::unique_ptr<store::Store> store;
  int exit_code = kExitOk;
};

// The configuration is read (syntax and types), not validated: on-call may lack the secrets that
// validation requires (they live in serve's environment), and only `store` matters here.
OpenedStore open_outbox_store(const OutboxStoreOptions& o, const char* command) {
  std::string text;
  if (!o.config_file.empty() && !config::read_text_file(o.config_file, text)) {
    std::fprintf(stderr, "outbox %s: %s: cannot read the file\n", command, o.config_file.c_str());
    return {nullptr, kExitUsage};
  }
  config::Config cfg;
  config::Diagnostics diag;
  const bool readable = config::read_config(text, config::process_environment(), cfg, diag);
  if (!readable || !diag.ok()) {
    std::fprintf(stderr, "outbox %s: the configuration has problems:\n", command);
    for (const auto& p : diag.errors()) {
      std::fprintf(stderr, "  %s\n", config::to_string(p).c_str());
    }
    return {nullptr, kExitUsage};
  }
  if (!o.store.empty()) {
    cfg.store.path = o.store;
  }
  store::StoreOptions options;
  options.kind = cfg.store.kind;
  (cfg.store.kind == "redis" ? options.url : options.path) = cfg.store.path;
  // serve owns retention: the tools never purge.
  options.purge_interval = std::chrono::milliseconds(0);
  // serve runs the integrity check at its start; here it would read the whole file (every
  // idempotency body, a week of delivered entries) for every command while serve uses it: 1.6 s
  // for a 640 MB store against 0.25 s for a whole `list --dead`. Damage SQLite meets in the pages
  // a command reads still fails it (exit 3).
  options.check_integrity_on_open = false;
  // The tools read an existing store; opening a mistyped path must not create an empty one.
  std::error_code ec;
  if (options.kind == "sqlite" && !std::filesystem::exists(options.path, ec)) {
    std::fprintf(stderr,
                 "error: store '%s': no such file (serve creates it at its first start; check "
                 "--store, --config and TRAVELCTL_STORE_PATH)\n",
                 std::filesystem::absolute(options.path, ec).lexically_normal().c_str());
    return {nullptr, kExitRuntime};
  }
  auto opened = store::open_store(options);
  if (!opened) {
    std::fprintf(stderr, "error: %s\n", opened.error().c_str());
    return {nullptr, kExitRuntime};
  }
  return {std::move(*opened), kExitOk};
}

// Runs one store operation to completion on `ioc` (this thread); an exception, which the store
// does not throw by contract, becomes an internal error.
template <class T>
store::Result<T> await_result(asio::io_context& ioc, store::Store::Task<T> task) {
  std::optional<store::Result<T>> out;
  std::exception_ptr thrown;
  asio::co_spawn(
      ioc,
      [&out, task = std::move(task)]() mutable -> asio::awaitable<void> {
        out.emplace(co_await std::move(task));
      },
      [&thrown](std::exception_ptr e) { thrown = e; });
  ioc.restart();
  ioc.run();
  if (!out) {
    std::string why = "the operation did not finish";
    try {
      if (thrown) {
        std::rethrow_exception(thrown);
      }
    } catch (const std::exception& e) {
      why = e.what();
    }
    return core::unexpected(store::StoreError{store::StoreError::Code::internal, why});
  }
  return std::move(*out);
}

int store_failure(const store::Store& db, const char* what, const store::StoreError& error) {
  std::fprintf(stderr, "error: store %s: %s failed: %s (%s)\n", db.describe().c_str(), what,
               error.message.c_str(), store::to_string(error.code));
  return kExitRuntime;
}

void add_store_options(CLI::App* cmd, OutboxStoreOptions& o) {
  cmd->add_option("--store", o.store,
                  "SQLite store file (default: store.path of --config, overridden by "
                  "TRAVELCTL_STORE_PATH, else travelctl.db)");
  cmd->add_option("--config", o.config_file, "configuration file whose store to open (JSON)");
}

std::string client_suffix(const std::string& client) {
  return client.empty() ? "" : " of client " + client;
}

// Why `retry ID` changed nothing: the entry is unknown, or not dead.
int explain_no_retry(asio::io_context& ioc, store::Store& db, const std::string& id) {
  auto entry = await_result(ioc, db.outbox_get(id));
  if (!entry) {
    return store_failure(db, "reading the entry", entry.error());
  }
  if (!entry->has_value()) {
    std::fprintf(stderr, "outbox retry: no outbox entry with id '%s'\n", id.c_str());
  } else if ((*entry)->state == store::OutboxState::delivered) {
    std::fprintf(stderr, "outbox retry: '%s' was delivered at %s; only dead entries are retried\n",
                 id.c_str(), outbox_view::utc((*entry)->updated_at, false).c_str());
  } else {
    std::fprintf(stderr,
                 "outbox retry: '%s' is pending (%d attempt(s) so far), not dead: %s; only dead "
                 "entries are retried\n",
                 id.c_str(), (*entry)->attempts,
                 (*entry)->client_id ? "it is still being delivered"
                                     : "it waits for its booking's owner to be known");
  }
  return kExitUsage;
}

}  // namespace

int run_outbox_list(const OutboxListOptions& o) {
  asio::io_context ioc;  // outlives the store (Store's shutdown order)
  auto opened = open_outbox_store(o.where, "list");
  if (!opened.store) {
    return opened.exit_code;
  }
  store::Store& db = *opened.store;
  store::OutboxFilter filter;
  filter.state = o.dead ? store::OutboxState::dead : store::parse_outbox_state(o.state);
  if (!o.client.empty()) {
    filter.client_id = o.client;
  }
  filter.limit = o.limit + 1;  // one more than shown tells whether the list was cut
  auto entries = await_result(ioc, db.outbox_list(filter));
  if (!entries) {
    return store_failure(db, "listing the outbox", entries.error());
  }
  const bool cut = static_cast<int>(entries->size()) > o.limit;
  if (cut) {
    entries->resize(static_cast<std::size_t>(o.limit));
  }
  if (o.format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& e : *entries) {
      out.push_back(outbox_view::to_json(e));
    }
    std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  } else {
    auto stats = await_result(ioc, db.outbox_stats(std::chrono::system_clock::now()));
    if (!stats) {
      return store_failure(db, "counting the outbox", stats.error());
    }
    std::cout << (entries->empty() ? "no outbox entries match\n"
                                   : outbox_view::render_table(*entries, colour_wanted()))
              << outbox_view::render_stats(*stats);
  }
  std::cout.flush();
  if (cut) {
    std::fprintf(stderr, "outbox list: showing the oldest %d; more match (raise --limit)\n",
                 o.limit);
  }
  return kExitOk;
}

int run_outbox_show(const OutboxShowOptions& o) {
  asio::io_context ioc;  // outlives the store (Store's shutdown order)
  auto opened = open_outbox_store(o.where, "show");
  if (!opened.store) {
    return opened.exit_code;
  }
  store::Store& db = *opened.store;
  auto entry = await_result(ioc, db.outbox_get(o.id));
  if (!entry) {
    return store_failure(db, "reading the entry", entry.error());
  }
  if (!entry->has_value()) {
    std::fprintf(stderr, "outbox show: no outbox entry with id '%s' (ids are the events' ids)\n",
                 o.id.c_str());
    return kExitUsage;
  }
  if (o.format == "json") {
    std::cout << outbox_view::to_json(**entry).dump(
                     2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              << '\n';
  } else {
    std::cout << outbox_view::render_details(**entry, colour_wanted(), stdout_is_tty());
  }
  std::cout.flush();
  return kExitOk;
}

int run_outbox_retry(const OutboxRetryOptions& o) {
  if (o.id.empty() && !o.dead) {
    std::fprintf(stderr, "outbox retry: give either an entry ID or --dead (see --help)\n");
    return kExitUsage;
  }
  asio::io_context ioc;  // outlives the store (Store's shutdown order)
  auto opened = open_outbox_store(o.where, "retry");
  if (!opened.store) {
    return opened.exit_code;
  }
  store::Store& db = *opened.store;
  const auto now = std::chrono::system_clock::now();
  if (o.dead) {
    std::optional<std::string> client;
    if (!o.client.empty()) {
      client = o.client;
    }
    auto count = await_result(ioc, db.outbox_retry_dead(client, now));
    if (!count) {
      return store_failure(db, "retrying dead entries", count.error());
    }
    if (*count == 0) {
      std::printf("no dead entries%s to retry\n", client_suffix(o.client).c_str());
    } else {
      std::printf("retried %lld dead entr%s%s: pending again, due now, attempts reset\n",
                  static_cast<long long>(*count), *count == 1 ? "y" : "ies",
                  client_suffix(o.client).c_str());
    }
    return kExitOk;
  }
  auto retried = await_result(ioc, db.outbox_retry(o.id, now));
  if (!retried) {
    return store_failure(db, "retrying the entry", retried.error());
  }
  if (!*retried) {
    return explain_no_retry(ioc, db, o.id);
  }
  std::printf("retried %s: dead -> pending, due now, attempts reset\n", o.id.c_str());
  return kExitOk;
}

void add_outbox_command(CLI::App& app, int& exit_code) {
  auto* outbox = app.add_subcommand(
      "outbox",
      "On-call tools for the webhook outbox: list entries, show one, retry dead ones (safe while "
      "serve runs on the same store)");
  outbox->require_subcommand(1);

  auto list = std::make_shared<OutboxListOptions>();
  auto* list_cmd = outbox->add_subcommand(
      "list", "List outbox entries, oldest first, with the outbox counts in a footer line");
  add_store_options(list_cmd, list->where);
  auto* dead = list_cmd->add_flag("--dead", list->dead, "only dead entries (= --state dead)");
  list_cmd->add_option("--state", list->state, "only entries in this state")
      ->check(CLI::IsMember({"pending", "delivered", "dead"}))
      ->excludes(dead);
  list_cmd->add_option("--client", list->client, "only this client's entries");
  list_cmd->add_option("--limit", list->limit, "at most this many entries")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  list_cmd->add_option("--format", list->format, "table (default) or json (an array)")
      ->check(CLI::IsMember({"table", "json"}));
  list_cmd->callback([list, &exit_code] { exit_code = run_outbox_list(*list); });

  auto show = std::make_shared<OutboxShowOptions>();
  auto* show_cmd = outbox->add_subcommand(
      "show", "Show every field of one entry, with its payload; exit 2 if the id is unknown");
  add_store_options(show_cmd, show->where);
  show_cmd->add_option("id", show->id, "the entry's id (= the event id = webhook-id)")->required();
  show_cmd->add_option("--format", show->format, "table (default) or json")
      ->check(CLI::IsMember({"table", "json"}));
  show_cmd->callback([show, &exit_code] { exit_code = run_outbox_show(*show); });

  auto retry = std::make_shared<OutboxRetryOptions>();
  auto* retry_cmd = outbox->add_subcommand(
      "retry",
      "Make a dead entry pending again (due now, attempts reset): `retry ID`, or every dead entry "
      "with `retry --dead [--client C]`; exit 2 if ID is unknown or not dead");
  add_store_options(retry_cmd, retry->where);
  auto* retry_dead =
      retry_cmd->add_flag("--dead", retry->dead, "retry every dead entry (of --client, if given)");
  retry_cmd->add_option("id", retry->id, "the dead entry's id")->excludes(retry_dead);
  retry_cmd->add_option("--client", retry->client, "with --dead: only this client's entries")
      ->needs(retry_dead);
  retry_cmd->callback([retry, &exit_code] { exit_code = run_outbox_retry(*retry); });
}

}  // namespace travelctl::cli
