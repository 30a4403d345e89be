// Test helper: a stand-in HTTP server whose every answer is scripted, including misbehaviour
// (reset, silence, raw bytes), and which records the requests it received.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace travelctl::test {

struct RecordedRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  ///< names lower-cased
  std::string body;
  std::string header(const std::string& lower_name) const;
};

struct ScriptedReply {
  enum class Kind {
    respond,  ///< an HTTP response (status, headers, body), connection kept alive
    reset,    ///< close with a TCP reset (SO_LINGER 0) without answering
    hang,     ///< say nothing for `delay`, then close
    raw,      ///< write `raw` bytes as they are, then close
  };
  Kind kind = Kind::respond;
  unsigned status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string raw;
  std::chrono::milliseconds delay{0};  ///< before answering (respond) or before closing (hang)

  static ScriptedReply json(unsigned status, std::string body);
};

using Script = std::function<ScriptedReply(const RecordedRequest&)>;

/// Listens on 127.0.0.1 (port chosen by the system) on its own thread until destroyed.
class ScriptedServer {
 public:
  explicit ScriptedServer(Script script);
  ~ScriptedServer();
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  uint16_t port() const;
  /// Every request received so far, in arrival order.
  std::vector<RecordedRequest> requests() const;
  void set_script(Script script);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace travelctl::test
