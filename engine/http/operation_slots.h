// OperationSlots: how many expensive operations of one kind may run at once per
// key and in all — a tenant's editor operations (validate, diagram, scenario
// run, deploy, reload), or password checks server-wide (one key). Past the limit a
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
  // At most `per_tenant` for one key and `total` (0: no bound but per_tenant) for all keys together.
  explicit OperationSlots(int per_tenant, int total = 0) : per_tenant_(per_tenant), total_(total) {}

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
    if (used >= per_tenant_ || (total_ > 0 && used_total_ >= total_)) return Slot();
    ++used;
    ++used_total_;
    return Slot(this, tenant);
  }

  int per_tenant() const { return per_tenant_; }
  int total() const { return total_; }

 private:
  void Release(const std::string& tenant) {
    std::lock_guard<std::mutex> lock(mu_);
    --used_[tenant];
    --used_total_;
  }

  const int per_tenant_;
  const int total_;
  int used_total_ = 0;
  std::mutex mu_;
  std::map<std::string, int> used_;
};

}  // namespace kasane::http
