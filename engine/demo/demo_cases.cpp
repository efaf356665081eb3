#include "demo/demo_cases.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "calendar/business_calendar.h"
#include "demo/demo_seeds.h"
#include "runtime/clock.h"
#include "runtime/engine.h"

namespace kasane::demo {
namespace {

constexpr int64_t kMinute = 60;
constexpr int64_t kDay = 24 * 3600;

// "$today", "$today+N", "$today-N" in any string of `v` become dates relative to `today`.
Value ExpandDates(const Value& v, const CivilDate& today) {
  if (v.is_string()) {
    const std::string& s = v.as_string();
    if (s.rfind("$today", 0) != 0) return v;
    const int64_t offset = s.size() > 6 ? std::strtoll(s.c_str() + 6, nullptr, 10) : 0;
    return Value(FormatDate(AddDays(today, offset)));
  }
  if (v.is_array()) {
    Array out;
    for (const Value& item : v.as_array()) out.push_back(ExpandDates(item, today));
    return Value(std::move(out));
  }
  if (v.is_object()) {
    Object out;
    for (const auto& [key, item] : v.as_object()) out[key] = ExpandDates(item, today);
    return Value(std::move(out));
  }
  return v;
}

Result<Value> Payload(const std::string& json, Timestamp at) {
  if (json.empty()) return Value(Object{});
  Result<Value> v = ParseJson(json);
  if (!v.ok()) return v.status().WithContext("demo payload");
  return ExpandDates(*v, JstDate(at));
}

// Walks the demo timeline: office hours on business days, never past `now`.
class Timeline {
 public:
  Timeline(const BusinessCalendar* calendar, Timestamp now) : calendar_(calendar), now_(now) {}

  Timestamp Start(int days_ago, int minute) {
    at_ = 0;
    return Move(AddDays(JstDate(now_), -days_ago), minute);
  }
  Timestamp Next(int days, int minute) {
    if (days == 0) return Clamp(at_ + 30 * kMinute);
    return Move(AddDays(JstDate(at_), days), minute);
  }

 private:
  // The business day on or after `date`, or the one before when that would be past now.
  Timestamp Move(const CivilDate& date, int minute) {
    const int64_t office_time = 9 * 3600 + (30 + minute % 360) * kMinute;
    Timestamp t = JstMidnight(calendar_->AddBusinessDays(date, 0)) + office_time;
    if (t > now_) t = JstMidnight(calendar_->AddBusinessDays(date, -1)) + office_time;
    return Clamp(t);
  }
  Timestamp Clamp(Timestamp t) {
    at_ = std::max(at_, std::min(t, now_));
    return at_;
  }

  const BusinessCalendar* calendar_;
  Timestamp now_;
  Timestamp at_ = 0;
};

class Seeder {
 public:
  Seeder(Store* store, WorkflowRegistry* registry, const std::vector<UserConfig>& users, Timestamp now)
      : store_(store),
        users_(users),
        clock_(now),
        timeline_(&calendar_, now),
        engine_(store, registry, &clock_, &calendar_) {}

  Status SeedTown(const TownSeed& town, std::vector<SeededCase>* out) {
    for (const SeedActor& a : town.actors) actors_[a.key] = ActorFor(town.tenant, a);
    for (size_t i = 0; i < town.cases.size(); ++i) {
      const SeedCase& c = town.cases[i];
      Result<CaseId> id = Seed(town, c, static_cast<int>(i));
      if (!id.ok()) return id.status().WithContext(town.tenant + " case '" + c.summary + "'");
      out->push_back({town.tenant, *id, c.state, c.summary});
    }
    actors_.clear();
    return Status::OK();
  }

 private:
  Actor ActorFor(const std::string& tenant, const SeedActor& a) const {
    for (const UserConfig& u : users_) {
      if (u.tenant == tenant && u.role == a.role && u.agency == a.agency) return {u.username, a.role, a.agency, tenant};
    }
    return {"staff:" + a.agency, a.role, a.agency, tenant};
  }

  Result<Actor> Find(const std::string& key) const {
    auto it = actors_.find(key);
    if (it == actors_.end()) return Status::Internal("no demo actor '" + key + "'");
    return it->second;
  }

  Result<CaseId> Seed(const TownSeed& town, const SeedCase& c, int index) {
    clock_.Set(timeline_.Start(c.days_ago, index * 23));
    Result<Actor> actor = Find(c.actor);
    if (!actor.ok()) return actor.status();
    Result<Value> data = Payload(c.data, clock_.Now());
    if (!data.ok()) return data.status();
    CreateRequest req{town.tenant, town.workflow, c.initial_state, *actor, std::move(*data), std::nullopt};
    req.audit = AuditEntryFor(town.tenant, *actor, "case.create", "create");
    Result<CaseRecord> created = engine_.Create(req);
    if (!created.ok()) return created.status().WithContext("create");

    for (size_t i = 0; i < c.steps.size(); ++i) {
      const SeedStep& step = c.steps[i];
      clock_.Set(timeline_.Next(step.days, static_cast<int>(i) * 41 + index * 7));
      KASANE_RETURN_IF_ERROR(Fire(town.tenant, created->id, step).WithContext(step.event));
    }
    Result<CaseRecord> final_case = store_->GetCase(created->id);
    if (!final_case.ok()) return final_case.status();
    if (final_case->state != c.state) {
      return Status::Internal("ended in state '" + final_case->state + "', meant to reach '" + c.state + "'");
    }
    return created->id;
  }

  Status Fire(const std::string& tenant, CaseId case_id, const SeedStep& step) {
    Result<Actor> actor = Find(step.actor);
    if (!actor.ok()) return actor.status();
    CaseId target = case_id;
    if (!step.child.empty()) {
      Result<std::vector<CaseRecord>> children = store_->Children(case_id);
      if (!children.ok()) return children.status();
      target = 0;
      for (const CaseRecord& child : *children) {
        if (child.workflow == step.child) target = child.id;  // oldest first: the last match is the newest
      }
      if (target == 0) return Status::Internal("no child case of workflow '" + step.child + "'");
    }
    Result<Value> payload = Payload(step.payload, clock_.Now());
    if (!payload.ok()) return payload.status();
    FireRequest req;
    req.case_id = target;
    req.event = step.event;
    req.actor = *actor;
    req.payload = std::move(*payload);
    req.audit = AuditEntryFor(tenant, *actor, "case.fire", step.event);
    return engine_.Fire(req).status();
  }

  // The audit entry an auditor would find had this been done through the API;
  // the store writes it with the change (case_id filled in).
  AuditEntry AuditEntryFor(const std::string& tenant, const Actor& actor, const std::string& action,
                           const std::string& detail) {
    AuditEntry e;
    e.tenant = tenant;
    e.at = clock_.Now();
    e.actor = actor.id;
    e.role = actor.role;
    e.action = action;
    e.detail = detail;
    return e;
  }

  Store* store_;
  const std::vector<UserConfig>& users_;
  BusinessCalendar calendar_;
  ManualClock clock_;
  Timeline timeline_;
  Engine engine_;
  std::map<std::string, Actor> actors_;
};

}  // namespace

Result<std::vector<SeededCase>> SeedDemoCases(Store* store, WorkflowRegistry* registry,
                                              const std::vector<TenantConfig>& tenants,
                                              const std::vector<UserConfig>& users, Timestamp now) {
  const std::vector<TownSeed> towns = {MaibaraSeed(), SakataSeed(), ToyonakaSeed(), FussaSeed(), NagaokakyoSeed()};
  Seeder seeder(store, registry, users, now);
  std::vector<SeededCase> out;
  for (const TenantConfig& tenant : tenants) {
    for (const TownSeed& town : towns) {
      if (town.tenant != tenant.id) continue;
      KASANE_RETURN_IF_ERROR(seeder.SeedTown(town, &out));
    }
  }
  return out;
}

}  // namespace kasane::demo
