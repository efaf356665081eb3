#include "store/sqlite/sqlite_store.h"

#include <initializer_list>
#include <set>
#include <string_view>
#include <utility>

#include "store/sqlite/row_writes.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/store_statements.h"

namespace kasane {

using sqlite::ReadCaseRow;
using sqlite::ReadDefinitionRow;
using sqlite::ReadEventRow;
using sqlite::ReadTaskRow;
using sqlite::ReadTimerRow;
using sqlite::Statement;
using sqlite::StatementScope;
using sqlite::StoreStatements;
using sqlite::Transaction;

namespace {

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

// Members after applying `changes` to none, in the order GetCase reads them back.
std::vector<Member> MembersFrom(const std::vector<MembershipChange>& changes) {
  std::set<std::pair<std::string, std::string>> set;
  for (const MembershipChange& m : changes) {
    if (m.remove) {
      set.erase({m.agency, m.relation});
    } else {
      set.insert({m.agency, m.relation});
    }
  }
  std::vector<Member> out;
  for (const auto& [agency, relation] : set) out.push_back(Member{agency, relation});
  return out;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path, const StoreOptions& options) {
  KASANE_RETURN_IF_ERROR(sqlite::ValidateStoreOptions(options));
  Result<sqlite::DbHandle> db = sqlite::OpenDatabase(path);
  if (!db.ok()) return db.status();
  KASANE_RETURN_IF_ERROR(sqlite::ConfigureConnection(db->get(), options));
  KASANE_RETURN_IF_ERROR(sqlite::MigrateSchema(db->get()));
  auto stmts = std::make_unique<StoreStatements>();
  KASANE_RETURN_IF_ERROR(stmts->PrepareAll(db->get()));
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db).value(), std::move(stmts)));
}

SqliteStore::SqliteStore(sqlite::DbHandle db, std::unique_ptr<StoreStatements> stmts)
    : db_(std::move(db)), stmts_(std::move(stmts)) {}

SqliteStore::~SqliteStore() = default;

// ---------------------------------------------------------------- definitions

Result<DefinitionVersionId> SqliteStore::SaveDefinitionVersion(const StoredDefinition& def) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction txn(stmts_->begin_write, stmts_->commit, stmts_->rollback);
  KASANE_RETURN_IF_ERROR(txn.Begin());
  {
    StatementScope find(stmts_->find_definition);
    find->BindText(1, def.tenant);
    find->BindText(2, def.content_hash);
    Result<bool> row = find->Step();
    if (!row.ok()) return row.status();
    if (*row) return find->ColumnInt(0);  // already deployed: the guard ends the transaction
  }
  DefinitionVersionId id = 0;
  {
    StatementScope ins(stmts_->insert_definition);
    ins->BindText(1, def.tenant);
    ins->BindText(2, def.workflow);
    ins->BindText(3, def.content_hash);
    ins->BindText(4, def.bundle);
    ins->BindInt(5, def.deployed_at);
    ins->BindText(6, def.deployed_by);
    KASANE_RETURN_IF_ERROR(ins->Run());
    id = ins->LastInsertRowId();
  }
  KASANE_RETURN_IF_ERROR(txn.Commit());
  return id;
}

Result<StoredDefinition> SqliteStore::LoadDefinitionVersion(DefinitionVersionId id) {
  std::lock_guard<std::mutex> lock(mu_);
  StatementScope s(stmts_->load_definition);
  s->BindInt(1, id);
  Result<bool> row = s->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("definition version " + std::to_string(id) + " not found");
  return ReadDefinitionRow(*s);
}

Result<std::vector<StoredDefinition>> SqliteStore::ListDefinitionVersions(const std::string& tenant,
                                                                          const std::string& workflow) {
  std::lock_guard<std::mutex> lock(mu_);
  StatementScope s(stmts_->list_definitions);
  s->BindText(1, tenant);
  s->BindText(2, workflow);
  return sqlite::CollectRows(*s, ReadDefinitionRow);
}

// ---------------------------------------------------------------------- cases

Status SqliteStore::LoadMembersLocked(CaseRecord* c) {
  StatementScope s(stmts_->select_members);
  s->BindInt(1, c->id);
  c->members.clear();
  for (;;) {
    Result<bool> row = s->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::OK();
    c->members.push_back(Member{s->ColumnText(0), s->ColumnText(1)});
  }
}

Result<CaseRecord> SqliteStore::LoadCaseLocked(CaseId id) {
  Result<CaseRecord> c = Status::NotFound("case " + std::to_string(id) + " not found");
  {
    StatementScope s(stmts_->select_case);
    s->BindInt(1, id);
    Result<bool> row = s->Step();
    if (!row.ok()) return row.status();
    if (!*row) return c;
    c = ReadCaseRow(*s);
    if (!c.ok()) return c;
  }
  KASANE_RETURN_IF_ERROR(LoadMembersLocked(&c.value()));
  return c;
}

Result<int64_t> SqliteStore::CaseVersionLocked(CaseId id) {
  StatementScope s(stmts_->case_version);
  s->BindInt(1, id);
  Result<bool> row = s->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("case " + std::to_string(id) + " not found");
  return s->ColumnInt(0);
}

Status SqliteStore::InsertEventLocked(EventRecord* e) {
  Status st = sqlite::WriteEventRow(stmts_->insert_event, *e, e->case_id, e->seq, e->payload.ToJson(),
                                    e->decisions.ToJson(), e->idempotency_key);
  if (st.code() == Status::Code::kAlreadyExists || st.code() == Status::Code::kInvalidArgument) {
    // The insert triggers (and, behind them, the unique indexes) refuse a
    // duplicate; say which one, in the caller's terms.
    const std::string& msg = st.message();
    if (msg.find("idempotency") != std::string::npos) {
      return Status::AlreadyExists("case " + std::to_string(e->case_id) +
                                   " already has an event with idempotency key '" + e->idempotency_key + "'");
    }
    if (msg.find("append-only") != std::string::npos || st.code() == Status::Code::kAlreadyExists) {
      return Status::Corruption("case " + std::to_string(e->case_id) + " already has event seq " +
                                std::to_string(e->seq) + " although its version is lower (" + msg + ")");
    }
  }
  KASANE_RETURN_IF_ERROR(st);
  e->id = stmts_->insert_event.LastInsertRowId();
  return Status::OK();
}

Status SqliteStore::WriteChangesLocked(CaseId id, const ChangeSet& changes, const std::string& from_state,
                                       std::optional<int64_t> consumed_timer, Timestamp now) {
  const sqlite::ChangeRowStatements st{stmts_->insert_member,       stmts_->delete_member,
                                       stmts_->close_tasks,         stmts_->insert_task,
                                       stmts_->delete_state_timers, stmts_->delete_named_timer,
                                       stmts_->delete_consumed_timer, stmts_->schedule_timer};
  return sqlite::WriteChangeRows(st, id, changes, from_state, consumed_timer, now);
}

Result<CaseRecord> SqliteStore::CreateCase(const NewCase& c) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction txn(stmts_->begin_write, stmts_->commit, stmts_->rollback);
  KASANE_RETURN_IF_ERROR(txn.Begin());
  Result<CaseRecord> rec = InsertCaseLocked(c, c.parent_id);
  if (!rec.ok()) return rec;
  if (c.audit) {
    AuditEntry e = *c.audit;
    e.case_id = rec->id;
    Result<AuditEntry> audited = AppendAuditLocked(e);
    if (!audited.ok()) return audited.status();
  }
  KASANE_RETURN_IF_ERROR(txn.Commit());
  return rec;
}

Result<CaseRecord> SqliteStore::InsertCaseLocked(const NewCase& c, CaseId parent_id) {
  CaseRecord rec;
  rec.parent_id = parent_id;
  rec.tenant = c.tenant;
  rec.workflow = c.workflow;
  rec.definition_version = c.definition_version;
  rec.state = c.state;
  rec.version = 1;
  rec.data = c.data;
  rec.created_at = c.now;
  rec.updated_at = c.now;
  {
    const std::string data = c.data.ToJson();
    StatementScope s(stmts_->insert_case);
    s->BindText(1, c.tenant);
    s->BindText(2, c.workflow);
    s->BindInt(3, c.definition_version);
    s->BindText(4, c.state);
    s->BindText(5, data);
    s->BindInt(6, c.now);
    s->BindOptionalInt(7, parent_id == 0 ? std::nullopt : std::optional<int64_t>(parent_id));
    KASANE_RETURN_IF_ERROR(s->Run());
    rec.id = s->LastInsertRowId();
  }
  EventRecord event = c.event;
  event.case_id = rec.id;
  event.seq = 1;
  KASANE_RETURN_IF_ERROR(InsertEventLocked(&event));
  KASANE_RETURN_IF_ERROR(WriteChangesLocked(rec.id, c.changes, std::string(), std::nullopt, c.now));
  rec.members = MembersFrom(c.changes.memberships);
  return rec;
}

Result<std::vector<CaseRecord>> SqliteStore::Children(CaseId parent) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction txn(stmts_->begin_read, stmts_->commit, stmts_->rollback);
  KASANE_RETURN_IF_ERROR(txn.Begin());
  StatementScope s(stmts_->children);
  s->BindInt(1, parent);
  Result<std::vector<CaseRecord>> out = ReadCasesLocked(*s);
  if (!out.ok()) return out;
  KASANE_RETURN_IF_ERROR(txn.Commit());
  return out;
}

Result<std::vector<CaseRecord>> SqliteStore::ReadCasesLocked(Statement& s) {
  Result<std::vector<CaseRecord>> out = sqlite::CollectRows(s, ReadCaseRow);
  if (!out.ok()) return out;
  for (CaseRecord& c : *out) KASANE_RETURN_IF_ERROR(LoadMembersLocked(&c));
  return out;
}

Result<CaseRecord> SqliteStore::GetCase(CaseId id) {
  std::lock_guard<std::mutex> lock(mu_);
  // One read transaction: the row and its members come from the same snapshot.
  Transaction txn(stmts_->begin_read, stmts_->commit, stmts_->rollback);
  KASANE_RETURN_IF_ERROR(txn.Begin());
  Result<CaseRecord> c = LoadCaseLocked(id);
  if (!c.ok()) return c;
  KASANE_RETURN_IF_ERROR(txn.Commit());
  return c;
}

Result<std::vector<CaseRecord>> SqliteStore::ListCases(const CaseFilter& filter) {
  if (filter.tenant.empty()) return Status::InvalidArgument("ListCases: a tenant is required");
  if (filter.limit <= 0) {
    return Status::InvalidArgument("ListCases: limit must be positive, got " + std::to_string(filter.limit));
  }
  std::lock_guard<std::mutex> lock(mu_);
  Transaction txn(stmts_->begin_read, stmts_->commit, stmts_->rollback);
  KASANE_RETURN_IF_ERROR(txn.Begin());

  Statement* stmt = nullptr;
  if (!filter.member_agency.empty()) {
    stmt = &stmts_->list_for_member;
  } else if (filter.workflow.empty()) {
    stmt = filter.state.empty() ? &stmts_->list_by_tenant : &stmts_->list_by_tenant_state;
  } else {
    stmt = filter.state.empty() ? &stmts_->list_by_workflow : &stmts_->list_by_workflow_state;
  }
  StatementScope s(*stmt);
  // Parameters a shape does not use are still in range (the highest is ?5).
  s->BindText(1, filter.tenant);
  s->BindText(2, filter.workflow);
  s->BindText(3, filter.state);
  s->BindInt(4, filter.after_id);
  s->BindInt(5, filter.limit);
  if (!filter.member_agency.empty()) s->BindText(6, filter.member_agency);
  Result<std::vector<CaseRecord>> out = ReadCasesLocked(*s);
  if (!out.ok()) return out;
  KASANE_RETURN_IF_ERROR(txn.Commit());
  return out;
}

Result<int64_t> SqliteStore::CountCases() {
  std::lock_guard<std::mutex> lock(mu_);
  StatementScope s(stmts_->count_cases);
  Result<bool> row = s->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("count cases returned no row");
  return s->ColumnInt(0);
}

Result<CommitResult> SqliteStore::Commit(const CommitRequest& req) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction txn(stmts_->begin_write, stmts_->commit, stmts_->rollback);
  KASANE_RETURN_IF_ERROR(txn.Begin());

  CommitResult out;
  CaseRecord& c = out.case_after;
  c.id = req.case_id;
  c.state = req.to_state;
  c.version = req.expected_version + 1;
  c.data = req.data;
  c.updated_at = req.now;
  {
    const std::string data = req.data.ToJson();
    StatementScope s(stmts_->update_case);
    s->BindText(1, req.to_state);
    s->BindText(2, data);
    s->BindInt(3, req.now);
    s->BindInt(4, req.case_id);
    s->BindInt(5, req.expected_version);
    Result<bool> row = s->Step();
    if (!row.ok()) return row.status();
    if (!*row) {
      Result<int64_t> stored = CaseVersionLocked(req.case_id);
      if (!stored.ok()) return stored.status();
      return Status::Conflict("case " + std::to_string(req.case_id) + " was changed by someone else (version " +
                              std::to_string(*stored) + ", expected " + std::to_string(req.expected_version) +
                              "); reload and try again");
    }
    c.tenant = s->ColumnText(0);
    c.workflow = s->ColumnText(1);
    c.definition_version = s->ColumnInt(2);
    c.created_at = s->ColumnInt(3);
    KASANE_RETURN_IF_ERROR(s->Run());
  }
  out.event = req.event;
  out.event.case_id = req.case_id;
  out.event.seq = c.version;
  KASANE_RETURN_IF_ERROR(InsertEventLocked(&out.event));
  KASANE_RETURN_IF_ERROR(WriteChangesLocked(req.case_id, req.changes, req.from_state, req.consumed_timer, req.now));
  for (const NewCase& child : req.spawned) {
    Result<CaseRecord> created = InsertCaseLocked(child, req.case_id);
    if (!created.ok()) return created.status();
    out.spawned.push_back(std::move(created).value());
  }
  KASANE_RETURN_IF_ERROR(LoadMembersLocked(&c));
  if (req.audit) {
    AuditEntry e = *req.audit;
    e.case_id = req.case_id;
    Result<AuditEntry> audited = AppendAuditLocked(e);
    if (!audited.ok()) return audited.status();
  }
  KASANE_RETURN_IF_ERROR(txn.Commit());
  return out;
}

// ------------------------------------------------------------ journal and work

Result<std::optional<EventRecord>> SqliteStore::FindEventByIdempotencyKey(CaseId id, const std::string& key) {
  if (key.empty()) return std::optional<EventRecord>();
  std::lock_guard<std::mutex> lock(mu_);
  StatementScope s(stmts_->find_event_by_key);
  s->BindInt(1, id);
  s->BindText(2, key);
  Result<bool> row = s->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<EventRecord>();
  Result<EventRecord> e = ReadEventRow(*s);
  if (!e.ok()) return e.status();
  return std::optional<EventRecord>(std::move(e).value());
}

Result<std::vector<EventRecord>> SqliteStore::History(CaseId id) {
  std::lock_guard<std::mutex> lock(mu_);
  StatementScope s(stmts_->history);
  s->BindInt(1, id);
  return sqlite::CollectRows(*s, ReadEventRow);
}

Result<std::vector<TaskRecord>> SqliteStore::Tasks(CaseId id, bool open_only) {
  std::lock_guard<std::mutex> lock(mu_);
  StatementScope s(open_only ? stmts_->tasks_open : stmts_->tasks_all);
  s->BindInt(1, id);
  return sqlite::CollectRows(*s, ReadTaskRow);
}

Result<std::vector<TaskRecord>> SqliteStore::ListTasks(const TaskFilter& filter) {
  if (filter.tenant.empty() || filter.agency.empty()) {
    return Status::InvalidArgument("ListTasks: a tenant and an agency are required");
  }
  if (filter.limit <= 0) {
    return Status::InvalidArgument("ListTasks: limit must be positive, got " + std::to_string(filter.limit));
  }
  std::lock_guard<std::mutex> lock(mu_);
  StatementScope s(stmts_->tasks_inbox);
  s->BindText(1, filter.tenant);
  s->BindText(2, filter.agency);
  s->BindText(3, filter.role);
  s->BindInt(4, filter.after_id);
  s->BindInt(5, filter.limit);
  return sqlite::CollectRows(*s, ReadTaskRow);
}

Result<std::vector<TimerRecord>> SqliteStore::PendingTimers(CaseId id) {
  std::lock_guard<std::mutex> lock(mu_);
  StatementScope s(stmts_->pending_timers);
  s->BindInt(1, id);
  return sqlite::CollectRows(*s, ReadTimerRow);
}

Result<std::vector<TimerRecord>> SqliteStore::DueTimers(Timestamp now, int limit) {
  if (limit <= 0) return Status::InvalidArgument("DueTimers: limit must be positive, got " + std::to_string(limit));
  std::lock_guard<std::mutex> lock(mu_);
  StatementScope s(stmts_->due_timers);
  s->BindInt(1, now);
  s->BindInt(2, limit);
  return sqlite::CollectRows(*s, ReadTimerRow);
}

Status SqliteStore::PostponeTimer(int64_t timer_row_id, Timestamp not_before) {
  std::lock_guard<std::mutex> lock(mu_);
  StatementScope s(stmts_->postpone_timer);
  s->BindInt(1, timer_row_id);
  s->BindInt(2, not_before);
  KASANE_RETURN_IF_ERROR(s->Run());
  if (s->Changes() == 0) return Status::NotFound("timer " + std::to_string(timer_row_id) + " is no longer pending");
  return Status::OK();
}

Status SqliteStore::DeleteTimer(int64_t timer_row_id) {
  std::lock_guard<std::mutex> lock(mu_);
  StatementScope s(stmts_->delete_timer);
  s->BindInt(1, timer_row_id);
  return s->Run();
}

// ---------------------------------------------------------------- diagnostics

Status SqliteStore::CheckIntegrity() {
  std::lock_guard<std::mutex> lock(mu_);
  Result<Statement> s = sqlite::Prepare(db_.get(), "PRAGMA integrity_check", "integrity check");
  if (!s.ok()) return s.status();
  std::vector<std::string> lines;
  for (;;) {
    Result<bool> row = s->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    lines.push_back(s->ColumnText(0));
  }
  if (lines.size() == 1 && lines[0] == "ok") return Status::OK();
  std::string msg = "database integrity check failed:";
  for (const std::string& line : lines) msg += "\n  " + line;
  return Status::Corruption(std::move(msg));
}

Result<std::string> SqliteStore::PragmaValue(std::string_view name) {
  if (name.empty()) return Status::InvalidArgument("pragma name is empty");
  for (char ch : name) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_')) {
      return Status::InvalidArgument(Cat({"not a pragma name: '", name, "'"}));
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  const std::string op = Cat({"read pragma ", name});
  Result<Statement> s = sqlite::Prepare(db_.get(), Cat({"PRAGMA ", name}), op);
  if (!s.ok()) return s.status();
  Result<bool> row = s->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound(op + ": no value");
  return s->ColumnText(0);
}

Result<std::vector<SqliteStore::QueryPlan>> SqliteStore::ExplainStatements() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<QueryPlan> out;
  for (const StoreStatements::Entry& e : stmts_->Catalog()) {
    if (!e.explain) continue;
    QueryPlan plan;
    plan.statement = e.name;
    plan.sql = sqlite3_sql(e.stmt->get());  // the text actually prepared
    plan.crosses_cases = e.crosses_cases;
    Result<Statement> s = sqlite::Prepare(db_.get(), "EXPLAIN QUERY PLAN " + plan.sql, Cat({"explain ", e.name}));
    if (!s.ok()) return s.status();
    for (;;) {
      Result<bool> row = s->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      plan.steps.push_back(s->ColumnText(3));  // columns: id, parent, notused, detail
    }
    out.push_back(std::move(plan));
  }
  return out;
}

}  // namespace kasane
