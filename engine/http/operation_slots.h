// OperationSlots: how many expensive operations of one kind may run at once per
// key — a tenant's editor operations (validate, diagram, scenario run,
// deploy, reload), or password checks server-wide (one key). Past the limit a
// request is answered at once (429 or 503 with Retry-After) instead of
// waiting, so no kind of work takes every server thread and case work and
// /healthz keep answering. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>

namespace kasane::http {

class OperationSlots {
 public:
  explicit OperationSlots(int per_tenant) : per_tenant_(per_tenant) {}

  // Held while the operation runs; empty (false) when the tenant had none left.
  class Slot {
   public:
    Slot() = default;
    Slot(OperationSlots* owner, std::string tenant) : owner_(owner), tenant_(std::move(tenant)) {}
    Slot(Slot&& other) noexcept : owner_(other.owner_), tenant_(std::move(other.tenant_)) { other.owner_ = nullptr; }
    Slot& operator=(Slot&&) = delete;
    Slot(const Slot&) = delete;
    ~Slot() {
      if (owner_ != nullptr) owner_->Release(tenant_);
    }
    explicit operator bool() const { return owner_ != nullptr; }

   private:
    OperationSlots* owner_ = nullptr;
    std::string tenant_;
  };

  Slot TryAcquire(const std::string& tenant) {
    std::lock_guard<std::mutex> lock(mu_);
    int& used = used_[tenant];
    if (used >= per_tenant_) return Slot();
    ++used;
    return Slot(this, tenant);
  }

  int per_tenant() const { return per_tenant_; }

 private:
  void Release(const std::string& tenant) {
    std::lock_guard<std::mutex> lock(mu_);
    --used_[tenant];
  }

  const int per_tenant_;
  std::mutex mu_;
  std::map<std::string, int> used_;
};

}  // namespace kasane::http
