// ApiContext: what request handlers share, taken from the App the server
// serves. Owned by the server; every pointer outlives it. The members are
// thread-safe (CaseService, AuditLog, WorkflowRegistry, TimerScheduler, Clock,
// SessionTable, LoginThrottle) or
// read-only after start (config, dummy_hash).
#pragma once

#include <string>

#include "app/config.h"
#include "http/operation_slots.h"
#include "http/login_throttle.h"
#include "http/sessions.h"
#include "runtime/audit_log.h"
#include "runtime/case_service.h"
#include "runtime/clock.h"
#include "runtime/timer_scheduler.h"
#include "runtime/workflow_registry.h"

namespace kasane::http {

struct ApiContext {
  const ServerConfig* config = nullptr;
  CaseService* cases = nullptr;  // every read and write of a case
  AuditLog* audit = nullptr;     // entries that are not part of a case read or write
  WorkflowRegistry* registry = nullptr;
  const TimerScheduler* scheduler = nullptr;  // its metrics for GET /metrics
  const Clock* clock = nullptr;
  SessionTable* sessions = nullptr;
  LoginThrottle* throttle = nullptr;          // per account
  LoginThrottle* address_throttle = nullptr;  // per client address, before any password is hashed
  OperationSlots* editor_slots = nullptr;        // per tenant: validate, diagram, scenarios, deploy, reload
  OperationSlots* hash_slots = nullptr;          // server-wide (key ""): password checks
  // A hash no password matches, with the users' iteration count: checked for
  // unknown users so that a login takes as long whether the user exists or not.
  std::string dummy_hash;
};

}  // namespace kasane::http
