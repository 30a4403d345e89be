// The Store base: in-process waiting for idempotency keys and the outbox, and the body hash.
#include "travelctl/core/store/store.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "waiter_registry.hpp"

namespace travelctl::core::store {
namespace asio = boost::asio;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// The NUL cannot occur in a client id, so (client, key) pairs never collide.
std::string idempotency_waiter_key(const std::string& client_id, const std::string& key) {
  std::string out = "idem";
  out += '\0';
  out += client_id;
  out += '\0';
  out += key;
  return out;
}

const std::string kOutboxWaiterKey = std::string("outbox", 6) + '\0';

}  // namespace

Store::Store(const StoreOptions& options)
    : waiters_(std::make_unique<WaiterRegistry>()),
      clock_(options.clock),
      wait_poll_(std::max(options.wait_poll, std::chrono::milliseconds(1))) {
  if (!clock_) {
    clock_ = [] { return std::chrono::system_clock::now(); };
  }
}

Store::~Store() = default;

void Store::notify_idempotency(const std::string& client_id, const std::string& key) {
  waiters_->notify(idempotency_waiter_key(client_id, key));
}

void Store::notify_outbox() {
  outbox_pending_.store(true);
  waiters_->notify(kOutboxWaiterKey);
}

Store::Task<BeginResult> Store::idempotency_begin_or_wait(std::string client_id, std::string key,
                                                          std::string body_hash,
                                                          std::chrono::milliseconds max_wait) {
  const auto executor = co_await asio::this_coro::executor;
  const auto deadline = std::chrono::steady_clock::now() + max_wait;
  const std::string waiter_key = idempotency_waiter_key(client_id, key);
  for (;;) {
    // Register before looking, so that a completion between the look and the wait still wakes us.
    auto waiter = waiters_->add(waiter_key, executor);
    // A named task, not a call inside the co_await operand (see and_then in sqlite_store.cpp).
    auto task = idempotency_begin(client_id, key, body_hash, clock_());
    Result<BeginResult> result = co_await std::move(task);
    const auto now = std::chrono::steady_clock::now();
    if (!result.has_value() || result->outcome != BeginOutcome::in_progress || now >= deadline) {
      waiters_->remove(waiter_key, waiter);
      co_return result;
    }
    waiter->timer.expires_after(
        std::min<std::chrono::steady_clock::duration>(wait_poll_, deadline - now));
    if (!waiter->notified) {
      co_await waiter->timer.async_wait(kNoThrow);
    }
    waiters_->remove(waiter_key, waiter);
  }
}

asio::awaitable<void> Store::outbox_wait(std::chrono::milliseconds max_wait) {
  const auto executor = co_await asio::this_coro::executor;
  auto waiter = waiters_->add(kOutboxWaiterKey, executor);
  if (!outbox_pending_.exchange(false)) {
    waiter->timer.expires_after(max_wait);
    if (!waiter->notified) {
      co_await waiter->timer.async_wait(kNoThrow);
    }
    outbox_pending_.store(false);
  }
  waiters_->remove(kOutboxWaiterKey, waiter);
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xf];
  }
  return out;
}

}  // namespace travelctl::core::store
