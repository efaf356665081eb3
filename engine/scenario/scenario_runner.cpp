#include "scenario/scenario_runner.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>

#include "runtime/case_service.h"
#include "runtime/timer_runner.h"
#include "scenario/expectations.h"
#include "scenario/workflow_cache.h"
#include "store/sqlite/open_sqlite.h"
#include "util/text.h"

namespace fs = std::filesystem;

namespace kasane {
namespace {

constexpr const char* kTenant = "scenario";

class ScenarioExecution {
 public:
  ScenarioExecution(const Scenario& sc, LoadedWorkflow workflow, std::vector<LoadedWorkflow> spawnable)
      : sc_(sc), workflow_(std::move(workflow)), spawnable_(std::move(spawnable)) {}

  Status Run(std::string* failed_step) {
    auto store = OpenSqliteStore(":memory:");
    if (!store.ok()) return store.status();
    store_ = std::move(*store);
    clock_ = std::make_unique<ManualClock>(sc_.start);
    calendar_ = std::make_unique<BusinessCalendar>();
    registry_ = std::make_unique<WorkflowRegistry>(store_.get(), LoaderOptions{});
    engine_ = std::make_unique<Engine>(store_.get(), registry_.get(), clock_.get(), calendar_.get());
    // Steps act through the case service, exactly as the server's requests do.
    service_ = std::make_unique<CaseService>(store_.get(), registry_.get(), engine_.get(), clock_.get());
    auto deployed = registry_->Deploy(kTenant, workflow_, "scenario", sc_.start);
    if (!deployed.ok()) return deployed.status();
    for (const LoadedWorkflow& wf : spawnable_) {
      auto child = registry_->Deploy(kTenant, wf, "scenario", sc_.start);
      if (!child.ok()) return child.status();
    }

    for (size_t i = 0; i < sc_.steps.size(); ++i) {
      const ScenarioStep& step = sc_.steps[i];
      Status s = RunStep(step);
      if (!s.ok()) {
        *failed_step = step.pos.ToString() + ": step " + std::to_string(i + 1) + " (" + step.Describe() + ")";
        return s;
      }
    }
    return Status::OK();
  }

 private:
  Status RunStep(const ScenarioStep& step) {
    Status outcome;
    switch (step.kind) {
      case ScenarioStep::Kind::kCreate: outcome = DoCreate(step); break;
      case ScenarioStep::Kind::kFire: outcome = DoFire(step); break;
      case ScenarioStep::Kind::kAdvance: KASANE_RETURN_IF_ERROR(DoAdvance(step)); break;
      case ScenarioStep::Kind::kExpect: break;
    }
    KASANE_RETURN_IF_ERROR(CheckOutcome(step, outcome));
    return CheckExpectation(step);
  }

  static Status CheckOutcome(const ScenarioStep& step, const Status& outcome) {
    if (!step.expect_error) {
      if (outcome.ok()) return Status::OK();
      return Status::InvalidArgument("unexpected error: " + outcome.ToString());
    }
    const ExpectedError& want = *step.expect_error;
    if (outcome.ok()) return Status::InvalidArgument("expected error " + want.code + " but the step succeeded");
    if (!want.code.empty() && outcome.code_name() != want.code)
      return Status::InvalidArgument("expected error " + want.code + ", got " + outcome.ToString());
    if (!want.message.empty() && outcome.message().find(want.message) == std::string::npos)
      return Status::InvalidArgument("expected the error message to contain '" + want.message + "', got " +
                                     outcome.ToString());
    return Status::OK();
  }

  // A scenario's users act as the server's would: tenant and membership checked.
  Result<Actor> ActorOf(const ScenarioStep& step) const { return NamedActor(step.actor); }

  // "main" names a created case; "main/participation" the newest child of it of that workflow.
  Result<CaseId> CaseOf(const ScenarioStep& step) const {
    std::string name = step.case_name, child_workflow;
    if (auto slash = name.find('/'); slash != std::string::npos) {
      child_workflow = name.substr(slash + 1);
      name = name.substr(0, slash);
    }
    auto it = cases_.find(name);
    if (it == cases_.end()) return Status::InvalidArgument("no case named '" + name + "' was created yet");
    if (child_workflow.empty()) return it->second;
    auto children = store_->Children(it->second);
    if (!children.ok()) return children.status();
    for (auto c = children->rbegin(); c != children->rend(); ++c)
      if (c->workflow == child_workflow) return c->id;
    return Status::InvalidArgument("case '" + name + "' has no child of workflow '" + child_workflow + "'");
  }

  Status DoCreate(const ScenarioStep& step) {
    auto actor = ActorOf(step);
    if (!actor.ok()) return actor.status();
    CreateRequest req{kTenant, workflow_.definition->id, step.initial_state, *actor, step.data};
    auto created = service_->Create(*actor, std::move(req));
    if (!created.ok()) return created.status();
    cases_[step.case_name] = created->record().id;
    return Status::OK();
  }

  Status DoFire(const ScenarioStep& step) {
    auto actor = ActorOf(step);
    if (!actor.ok()) return actor.status();
    auto id = CaseOf(step);
    if (!id.ok()) return id.status();
    auto view = service_->Read(*actor, *id, "");
    if (!view.ok()) return view.status();
    FireRequest req;
    req.event = step.event;
    req.payload = step.data;
    return service_->Fire(*actor, *view, std::move(req)).status();
  }

  // Moves the clock, firing timers as they fall due (timers a timer arms fire too).
  Status DoAdvance(const ScenarioStep& step) {
    Timestamp target = clock_->Now();
    if (step.advance_to) {
      target = *step.advance_to;
    } else {
      Duration d;
      std::string err;
      if (!ParseDuration(step.advance, &d, &err)) return Status::InvalidArgument(err);
      target = calendar_->DueAfter(clock_->Now(), d);
    }
    if (target < clock_->Now()) return Status::InvalidArgument("cannot move the clock backwards");
    for (int round = 0; round < 1000; ++round) {
      auto next = NextTimerDue();
      if (!next.ok()) return next.status();
      if (*next == 0 || *next > target) break;
      clock_->Set(std::max(clock_->Now(), *next));
      auto ran = RunDueTimers(engine_.get());
      if (!ran.ok()) return ran.status();
      if (ran->failed > 0) return ran->first_failure;  // a scenario has no later run to retry in
    }
    clock_->Set(target);
    return Status::OK();
  }

  Result<Timestamp> NextTimerDue() {
    auto due = store_->DueTimers(std::numeric_limits<Timestamp>::max(), 1);
    if (!due.ok()) return due.status();
    return due->empty() ? Timestamp{0} : due->front().due_at;
  }

  Status CheckExpectation(const ScenarioStep& step) {
    const Expectation& e = step.expect;
    if (!e.any()) return Status::OK();
    auto id = CaseOf(step);
    if (!id.ok()) return id.status();
    auto c = store_->GetCase(*id);
    if (!c.ok()) return c.status();
    if (e.state && c->state != *e.state)
      return Status::InvalidArgument("expected state '" + *e.state + "', got '" + c->state + "'");
    if (e.data.is_object()) {
      for (const auto& [key, want] : e.data.as_object()) {
        const Value* got = c->data.find(key);
        if (want.is_null() ? got != nullptr : (!got || !(*got == want)))
          return Status::InvalidArgument("expected data." + key + " = " + want.ToJson() + ", got " +
                                         (got ? got->ToJson() : std::string("(absent)")));
      }
    }
    KASANE_RETURN_IF_ERROR(CheckTasks(*id, e));
    KASANE_RETURN_IF_ERROR(CheckTimers(*id, e));
    KASANE_RETURN_IF_ERROR(CheckMembers(*c, e));
    KASANE_RETURN_IF_ERROR(CheckHistoryAndDecisions(*id, e));
    KASANE_RETURN_IF_ERROR(CheckChildren(*id, e));
    KASANE_RETURN_IF_ERROR(CheckVisibility(*c, e));
    return CheckActions(step, *id);
  }

  Result<Actor> NamedActor(const std::string& name) const {
    auto it = sc_.actors.find(name);
    if (it == sc_.actors.end()) return Status::InvalidArgument("unknown actor '" + name + "'");
    Actor actor = it->second;
    actor.tenant = kTenant;
    return actor;
  }

  // visible_to, hidden_from, shown_fields, hidden_fields: the case as each actor would read it.
  Status CheckVisibility(const CaseRecord& c, const Expectation& e) {
    if (e.visible_to.empty() && e.hidden_from.empty() && e.shown_fields.empty() && e.hidden_fields.empty())
      return Status::OK();
    // The case as `name` reads it; nullopt when they are told there is no such case.
    auto view_of = [&](const std::string& name) -> Result<std::optional<CaseView>> {
      auto actor = NamedActor(name);
      if (!actor.ok()) return actor.status();
      auto view = service_->Read(*actor, c.id, "");
      if (view.ok()) return std::optional<CaseView>(std::move(*view));
      if (view.status().code() == Status::Code::kNotFound) return std::optional<CaseView>();
      return view.status();
    };
    auto visibility_of = [&](const std::string& name) -> Result<Visibility> {
      auto view = view_of(name);
      if (!view.ok()) return view.status();
      return *view ? (*view)->visibility() : Visibility::kNone;
    };
    for (const auto& [name, how] : e.visible_to) {
      auto v = visibility_of(name);
      if (!v.ok()) return v.status();
      if (*v == Visibility::kNone || (!how.empty() && how != VisibilityName(*v)))
        return Status::InvalidArgument("expected the case to be visible to " + name +
                                       (how.empty() ? std::string() : " (" + how + ")") + ", but it is " +
                                       VisibilityName(*v) + " to them");
    }
    for (const auto& name : e.hidden_from) {
      auto v = visibility_of(name);
      if (!v.ok()) return v.status();
      if (*v != Visibility::kNone)
        return Status::InvalidArgument("expected the case to be hidden from " + name + ", but it is " +
                                       VisibilityName(*v) + " to them");
    }
    auto seen_data = [&](const std::string& name) -> Result<Value> {
      auto view = view_of(name);
      if (!view.ok()) return view.status();
      return *view ? (*view)->data() : Value(Object{});
    };
    for (const auto& [name, fields] : e.shown_fields) {
      auto data = seen_data(name);
      if (!data.ok()) return data.status();
      for (const auto& f : fields)
        if (data->find(f) == nullptr)
          return Status::InvalidArgument("expected " + name + " to see field '" + f + "', but it is " +
                                         (c.data.find(f) ? "hidden from them" : "not set on the case"));
    }
    for (const auto& [name, fields] : e.hidden_fields) {
      auto data = seen_data(name);
      if (!data.ok()) return data.status();
      for (const auto& f : fields)
        if (data->find(f) != nullptr)
          return Status::InvalidArgument("expected field '" + f + "' to be hidden from " + name + ", but they see it");
    }
    return Status::OK();
  }

  Status CheckChildren(CaseId id, const Expectation& e) {
    if (e.children.is_null() && e.no_children.is_null()) return Status::OK();
    auto children = store_->Children(id);
    if (!children.ok()) return children.status();
    Array actual;
    for (const auto& c : *children) {
      Object o;
      o["workflow"] = Value(c.workflow);
      o["state"] = Value(c.state);
      actual.emplace_back(std::move(o));
    }
    KASANE_RETURN_IF_ERROR(CheckList("child case", e.children, Value(actual), false));
    return CheckList("child case", e.no_children, Value(actual), true);
  }

  Status CheckTasks(CaseId id, const Expectation& e) {
    if (e.tasks.is_null() && e.no_tasks.is_null()) return Status::OK();
    auto tasks = store_->Tasks(id, true);
    if (!tasks.ok()) return tasks.status();
    Array actual;
    for (const auto& t : *tasks) actual.push_back(TaskToValue(t));
    KASANE_RETURN_IF_ERROR(CheckList("task", e.tasks, Value(actual), false));
    return CheckList("task", e.no_tasks, Value(actual), true);
  }

  Status CheckTimers(CaseId id, const Expectation& e) {
    if (e.timers.is_null() && e.no_timers.is_null()) return Status::OK();
    auto timers = store_->PendingTimers(id);
    if (!timers.ok()) return timers.status();
    Array actual;
    for (const auto& t : *timers) actual.push_back(TimerToValue(t));
    KASANE_RETURN_IF_ERROR(CheckList("timer", e.timers, Value(actual), false));
    return CheckList("timer", e.no_timers, Value(actual), true);
  }

  static Status CheckMembers(const CaseRecord& c, const Expectation& e) {
    Array actual;
    for (const auto& m : c.members) {
      Object o;
      o["agency"] = Value(m.agency);
      o["relation"] = Value(m.relation);
      actual.emplace_back(std::move(o));
    }
    return CheckList("member", e.members, Value(actual), false);
  }

  Status CheckHistoryAndDecisions(CaseId id, const Expectation& e) {
    if (e.history.empty() && e.decisions.is_null()) return Status::OK();
    auto history = store_->History(id);
    if (!history.ok()) return history.status();
    if (!e.history.empty()) {
      std::vector<std::string> names;
      for (const auto& ev : *history) names.push_back(ev.event);
      if (names != e.history) {
        std::string got;
        for (const auto& n : names) got += (got.empty() ? "" : ", ") + n;
        return Status::InvalidArgument("expected history differs; got [" + got + "]");
      }
    }
    if (e.decisions.is_object()) {
      for (const auto& [key, want] : e.decisions.as_object()) {
        const Value* latest = nullptr;
        for (const auto& ev : *history)
          if (ev.decisions.is_array())
            for (const auto& d : ev.decisions.as_array())
              if (const Value* k = d.find("key"); k && k->is_string() && k->as_string() == key) latest = d.find("value");
        if (!latest || !(*latest == want))
          return Status::InvalidArgument("expected decision " + key + " = " + want.ToJson() + ", got " +
                                         (latest ? latest->ToJson() : std::string("(none)")));
      }
    }
    return Status::OK();
  }

  Status CheckActions(const ScenarioStep& step, CaseId id) {
    const Expectation& e = step.expect;
    if (e.available.empty() && e.unavailable.empty()) return Status::OK();
    auto actor = ActorOf(step);
    if (!actor.ok()) return actor.status();
    auto actions = engine_->AvailableActions(id, *actor);
    if (!actions.ok()) return actions.status();
    auto find = [&](const std::string& ev) -> const AvailableAction* {
      for (const auto& a : *actions)
        if (a.event == ev) return &a;
      return nullptr;
    };
    for (const auto& ev : e.available) {
      const AvailableAction* a = find(ev);
      if (!a || !a->allowed)
        return Status::InvalidArgument("expected '" + ev + "' to be available" +
                                       (a ? ", but: " + a->reason : std::string(", but it is not offered")));
    }
    for (const auto& [ev, fragment] : e.unavailable) {
      const AvailableAction* a = find(ev);
      if (a && a->allowed) return Status::InvalidArgument("expected '" + ev + "' to be unavailable");
      if (a && !fragment.empty() && a->reason.find(fragment) == std::string::npos)
        return Status::InvalidArgument("expected the reason for '" + ev + "' to contain '" + fragment + "', got '" +
                                       a->reason + "'");
    }
    return Status::OK();
  }

  const Scenario& sc_;
  LoadedWorkflow workflow_;
  std::vector<LoadedWorkflow> spawnable_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<ManualClock> clock_;
  std::unique_ptr<BusinessCalendar> calendar_;
  std::unique_ptr<WorkflowRegistry> registry_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<CaseService> service_;
  std::map<std::string, CaseId> cases_;
};

std::vector<std::string> ExpandScenarioPaths(const std::vector<std::string>& paths, std::vector<std::string>* errors) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::recursive_directory_iterator(p, ec)) {
        auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) found.push_back(entry.path().string());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      errors->push_back(p + ": error: no such file or directory");
    }
  }
  return files;
}

}  // namespace

ScenarioReport RunScenarioPaths(const std::vector<std::string>& paths, const ScenarioRunOptions& options) {
  ScenarioReport report;
  WorkflowCache cache(options);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.time_budget_ms);
  for (const auto& file : ExpandScenarioPaths(paths, &report.errors)) {
    std::vector<std::string> errors;
    auto scenarios = ParseScenarioFile(file, &errors);
    if (!scenarios.ok()) {
      report.errors.insert(report.errors.end(), errors.begin(), errors.end());
      continue;
    }
    for (const auto& sc : *scenarios) {
      ScenarioOutcome outcome{file, sc.id, false, ""};
      if (options.time_budget_ms > 0 && std::chrono::steady_clock::now() >= deadline) {
        outcome.failure = sc.pos.ToString() + ": not run: the run's time limit of " +
                          std::to_string(options.time_budget_ms) + " ms was reached";
        report.outcomes.push_back(outcome);
        continue;
      }
      auto workflow = cache.Get(sc, file);
      if (!workflow.ok()) {
        outcome.failure = sc.pos.ToString() + ": " + workflow.status().message();
      } else {
        std::string where;
        auto spawnable = cache.SpawnTargets(*workflow);
        Status s = spawnable.ok() ? ScenarioExecution(sc, *workflow, *spawnable).Run(&where) : spawnable.status();
        outcome.passed = s.ok();
        if (!s.ok()) outcome.failure = where + ": " + s.message();
      }
      report.outcomes.push_back(outcome);
    }
  }
  for (const auto& o : report.outcomes) (o.passed ? report.passed : report.failed)++;
  report.failed += static_cast<int>(report.errors.size());
  return report;
}

}  // namespace kasane
