#include "demo/demo_cases.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "calendar/business_calendar.h"
#include "demo_fixture.h"
#include "store/sqlite/open_sqlite.h"

namespace kasane::demo {
namespace {

// The states each town's demo cases are meant to stand in (main workflow only).
const std::map<std::string, std::multiset<std::string>>& IntendedStates() {
  static const std::map<std::string, std::multiset<std::string>> kStates = {
      {"maibara", {"intake", "shien_kaigi", "assessment", "support", "closed"}},
      {"sakata", {"intake", "referred", "plan_draft", "monitoring", "returned"}},
      {"toyonaka", {"emergency", "referred", "assessment", "support", "returned"}},
      {"fussa", {"suishinin_review", "plan_draft", "conference", "support", "returned"}},
      {"nagaokakyo", {"intake", "handled_by_agency", "support", "closed", "referred"}},
  };
  return kStates;
}

Timestamp At(const char* text) {
  Timestamp t = 0;
  EXPECT_TRUE(ParseTimestamp(text, &t)) << text;
  return t;
}

std::vector<CaseRecord> CasesOf(Store* store, const std::string& tenant, const std::string& workflow) {
  CaseFilter f;
  f.tenant = tenant;
  f.workflow = workflow;
  f.limit = 1000;
  Result<std::vector<CaseRecord>> cases = store->ListCases(f);
  EXPECT_TRUE(cases.ok()) << cases.status().ToString();
  return cases.ok() ? *cases : std::vector<CaseRecord>{};
}

std::vector<std::string> EventNames(Store* store, CaseId id) {
  std::vector<std::string> names;
  Result<std::vector<EventRecord>> history = store->History(id);
  EXPECT_TRUE(history.ok());
  if (history.ok()) {
    for (const EventRecord& e : *history) names.push_back(e.event);
  }
  return names;
}

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Seeding must work whatever day `kasane demo init` runs: a Monday, a Sunday
// inside the year-end closure, the day after Golden Week.
class DemoCasesTest : public DemoFixture, public ::testing::WithParamInterface<const char*> {
 protected:
  void SetUp() override {
    now_ = At(GetParam());
    Deploy(now_);
  }
  Result<std::vector<SeededCase>> Seed() {
    return SeedDemoCases(store_.get(), registry_.get(), config_.server.tenants, Users(), now_);
  }
  Timestamp now_ = 0;
};

TEST_P(DemoCasesTest, EveryTownHasCasesInTheIntendedStates) {
  Result<std::vector<SeededCase>> seeded = Seed();
  ASSERT_TRUE(seeded.ok()) << seeded.status().ToString();
  for (const TenantConfig& t : config_.server.tenants) {
    SCOPED_TRACE(t.id);
    std::multiset<std::string> states;
    for (const CaseRecord& c : CasesOf(store_.get(), t.id, t.id)) states.insert(c.state);
    EXPECT_EQ(states, IntendedStates().at(t.id));
    EXPECT_GE(std::set<std::string>(states.begin(), states.end()).size(), 3u);
    EXPECT_GE(states.size(), 4u);
    EXPECT_LE(states.size(), 6u);
  }
  // What SeedDemoCases reports is what the store holds.
  ASSERT_EQ(seeded->size(), 25u);
  for (const SeededCase& s : *seeded) {
    Result<CaseRecord> c = store_->GetCase(s.id);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->tenant, s.tenant);
    EXPECT_EQ(c->state, s.state);
    EXPECT_FALSE(s.summary.empty());
  }
}

TEST_P(DemoCasesTest, EventsLieInThePastMonthsInOrder) {
  ASSERT_TRUE(Seed().ok());
  BusinessCalendar calendar;
  const Timestamp earliest = now_ - int64_t{kDemoHistoryDays} * 24 * 3600;
  std::set<CivilDate> days;
  for (const TenantConfig& t : config_.server.tenants) {
    for (const std::string& wf : t.workflows) {
      for (const CaseRecord& c : CasesOf(store_.get(), t.id, wf)) {
        Result<std::vector<EventRecord>> history = store_->History(c.id);
        ASSERT_TRUE(history.ok());
        Timestamp previous = 0;
        for (const EventRecord& e : *history) {
          EXPECT_LE(e.at, now_) << e.event;
          EXPECT_GE(e.at, earliest) << e.event;
          EXPECT_GE(e.at, previous) << e.event;
          previous = e.at;
          days.insert(JstDate(e.at));
          if (e.at < now_) {
            EXPECT_TRUE(calendar.IsBusinessDay(JstDate(e.at))) << FormatJst(e.at);
          }
        }
      }
    }
  }
  EXPECT_GT(days.size(), 30u) << "events should be spread over the months, not bunched";
}

INSTANTIATE_TEST_SUITE_P(Dates, DemoCasesTest,
                         ::testing::Values("2026-03-02T12:00", "2027-01-03T10:00", "2027-05-06T08:30"));

// The remaining checks do not depend on the day: seeded once, on a Monday.
class SeededDemoTest : public DemoFixture {
 protected:
  void SetUp() override {
    Deploy(now_);
    Result<std::vector<SeededCase>> seeded =
        SeedDemoCases(store_.get(), registry_.get(), config_.server.tenants, Users(), now_);
    ASSERT_TRUE(seeded.ok()) << seeded.status().ToString();
  }
  const Timestamp now_ = At("2026-03-02T12:00");
};

TEST_F(SeededDemoTest, TheShowcaseSituationsAreThere) {
  // 米原市: shared at the 支援会議 with no consent asked.
  bool shared_without_consent = false;
  for (const CaseRecord& c : CasesOf(store_.get(), "maibara", "maibara")) {
    if (c.state != "shien_kaigi") continue;
    shared_without_consent = Has(EventNames(store_.get(), c.id), "share_at_shien_kaigi") &&
                             c.data.find("consent_share") == nullptr;
  }
  EXPECT_TRUE(shared_without_consent);
  // 福生市: consent recorded after the referral, then put to the meeting.
  bool consent_recorded = false;
  for (const CaseRecord& c : CasesOf(store_.get(), "fussa", "fussa")) {
    const Value* consent = c.data.find("consent_share");
    if (Has(EventNames(store_.get(), c.id), "record_consent") && consent != nullptr && consent->is_bool() &&
        consent->as_bool() && c.state == "conference") {
      consent_recorded = true;
    }
  }
  EXPECT_TRUE(consent_recorded);
  // Returned to the referrer (つなぎもどし) in three towns.
  for (const char* town : {"sakata", "toyonaka", "fussa"}) {
    size_t returned = 0;
    for (const CaseRecord& c : CasesOf(store_.get(), town, town)) returned += c.state == "returned" ? 1u : 0u;
    EXPECT_EQ(returned, 1u) << town;
  }
  // Sub-flows run as linked child cases, in the town's own sub-flow where it has one.
  std::vector<CaseRecord> children = CasesOf(store_.get(), "fussa", "fussa-outreach");
  ASSERT_EQ(children.size(), 1u);
  EXPECT_EQ(children[0].state, "pre_consent_work");
  EXPECT_NE(children[0].parent_id, 0);
  children = CasesOf(store_.get(), "fussa", "fussa-participation");
  ASSERT_EQ(children.size(), 1u);
  EXPECT_EQ(children[0].state, "follow_up");
  children = CasesOf(store_.get(), "toyonaka", "toyonaka-outreach");
  ASSERT_EQ(children.size(), 1u);
  EXPECT_EQ(children[0].state, "pre_consent_work");
  EXPECT_TRUE(CasesOf(store_.get(), "fussa", "outreach").empty());
  EXPECT_TRUE(CasesOf(store_.get(), "toyonaka", "outreach").empty());
  children = CasesOf(store_.get(), "maibara", "participation");
  ASSERT_EQ(children.size(), 1u);
  EXPECT_EQ(children[0].state, "matching");
}

// Child-case steps in Fussa and Toyonaka are taken by the towns' own accounts.
TEST_F(SeededDemoTest, ChildCaseStepsAreTakenByTheTownsAccounts) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"fussa", "fussa-outreach"}, {"fussa", "fussa-participation"}, {"toyonaka", "toyonaka-outreach"}};
  const std::map<std::string, std::string> worker_event = {
      {"record_pre_consent", "outreach"}, {"assess", "participation"}, {"plan", "participation"},
      {"match", "participation"}};
  for (const auto& [tenant, workflow] : cases) {
    SCOPED_TRACE(workflow);
    size_t by_account = 0;
    for (const CaseRecord& c : CasesOf(store_.get(), tenant, workflow)) {
      Result<std::vector<EventRecord>> history = store_->History(c.id);
      ASSERT_TRUE(history.ok());
      for (const EventRecord& e : *history) {
        auto it = worker_event.find(e.event);
        if (it == worker_event.end()) continue;
        EXPECT_EQ(e.actor, tenant + "-" + it->second) << e.event;
        ++by_account;
      }
    }
    EXPECT_GT(by_account, 0u);
  }
}

TEST_F(SeededDemoTest, ActorsAreTheDemoAccountsWhereOneFits) {
  std::set<std::string> usernames;
  for (const DemoAccount& a : config_.accounts) usernames.insert(a.user.username);
  std::set<std::string> actors;
  for (const CaseRecord& c : CasesOf(store_.get(), "toyonaka", "toyonaka")) {
    Result<std::vector<EventRecord>> history = store_->History(c.id);
    ASSERT_TRUE(history.ok());
    for (const EventRecord& e : *history) actors.insert(e.actor);
  }
  for (const char* name : {"toyonaka-intake", "toyonaka-takikan", "toyonaka-lead", "toyonaka-toukatsu",
                           "toyonaka-jusoukaigi", "toyonaka-shienkaigi", "toyonaka-support"}) {
    EXPECT_EQ(actors.count(name), 1u) << name;
  }
  EXPECT_EQ(actors.count("staff:choju_anshin_ka"), 1u) << "staff without an account act under their agency";
}

TEST_F(SeededDemoTest, EachActionIsInTheAuditLog) {
  Result<AuditVerification> v = store_->VerifyAudit("");
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->problem;
  EXPECT_EQ(v->tenants.size(), 5u);
  AuditFilter f;
  f.tenant = "nagaokakyo";
  f.action = "case.create";
  f.limit = 1000;
  Result<std::vector<AuditEntry>> created = store_->ListAudit(f);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->size(), CasesOf(store_.get(), "nagaokakyo", "nagaokakyo").size());
}

TEST_F(DemoFixture, TenantsWithoutSeedsAreLeftEmpty) {
  const Timestamp now = At("2026-03-02T12:00");
  Deploy(now);
  std::vector<TenantConfig> tenants = {config_.server.tenants[1]};  // sakata only
  tenants.push_back({"elsewhere", "どこか", "Elsewhere", {"national"}});
  Result<std::vector<SeededCase>> seeded = SeedDemoCases(store_.get(), registry_.get(), tenants, Users(), now);
  ASSERT_TRUE(seeded.ok()) << seeded.status().ToString();
  EXPECT_EQ(seeded->size(), 5u);
  EXPECT_TRUE(CasesOf(store_.get(), "maibara", "maibara").empty());
  EXPECT_EQ(CasesOf(store_.get(), "sakata", "sakata").size(), 5u);
}

TEST_F(DemoFixture, SeedingFailsLoudlyWhenAFlowIsNotDeployed) {
  const Timestamp now = At("2026-03-02T12:00");
  Deploy(now);
  std::vector<TenantConfig> tenants = {{"maibara", "米原市", "Maibara", {"maibara"}}};
  Result<std::unique_ptr<Store>> empty = OpenSqliteStore(":memory:");
  ASSERT_TRUE(empty.ok());
  WorkflowRegistry nothing_deployed(empty->get(), LoaderOptionsFor(config_.server));
  Result<std::vector<SeededCase>> seeded = SeedDemoCases(empty->get(), &nothing_deployed, tenants, Users(), now);
  ASSERT_FALSE(seeded.ok());
  EXPECT_NE(seeded.status().message().find("maibara"), std::string::npos) << seeded.status().ToString();
}

}  // namespace
}  // namespace kasane::demo
