// ApiContext: what request handlers share. Owned by the server; every pointer
// outlives it. The members are thread-safe (Store, WorkflowRegistry, Engine, Clock,
// SessionTable, LoginThrottle) or
// read-only after start (config, dummy_hash).
#pragma once

#include <string>

#include "http/config.h"
#include "http/login_throttle.h"
#include "http/sessions.h"
#include "runtime/clock.h"
#include "runtime/engine.h"
#include "runtime/workflow_registry.h"
#include "store/store.h"

namespace kasane::http {

struct ApiContext {
  const ServerConfig* config = nullptr;
  Store* store = nullptr;
  WorkflowRegistry* registry = nullptr;
  Engine* engine = nullptr;
  const Clock* clock = nullptr;
  SessionTable* sessions = nullptr;
  LoginThrottle* throttle = nullptr;
  // A hash no password matches, with the users' iteration count: checked for
  // unknown users so that a login takes as long whether the user exists or not.
  std::string dummy_hash;
};

}  // namespace kasane::http
