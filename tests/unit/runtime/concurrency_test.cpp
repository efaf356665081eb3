// Many threads on the same cases at once: caseworkers firing, the timer
// scheduler, deploys and readers of the registry. Run under ThreadSanitizer by
// the test command (scripts/test.sh); here it checks that nothing is lost or
// done twice.
#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "runtime/case_service.h"
#include "runtime/timer_scheduler.h"
#include "runtime_fixture.h"

namespace kasane::testing {
namespace {

class ConcurrencyTest : public RuntimeTest {
 protected:
  void SetUp() override {
    // A file, as in production: WAL and the store's own locking.
    path_ = std::filesystem::temp_directory_path() / ("kasane_concurrency_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    RuntimeTest::SetUp();
    engine_.reset();
    registry_.reset();
    auto store = OpenSqliteStore(path_.string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    registry_ = std::make_unique<WorkflowRegistry>(store_.get(), RuntimeLoaderOptions());
    engine_ = std::make_unique<Engine>(store_.get(), registry_.get(), clock_.get(), &calendar_);
    version1_ = Deploy(FixturePath("runtime/flow.yaml"));
  }
  void TearDown() override {
    engine_.reset();
    registry_.reset();
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  std::filesystem::path path_;
};

TEST_F(ConcurrencyTest, CaseworkersTheTimerAndDeploysAtOnceLoseNothingAndDoNothingTwice) {
  constexpr int kCases = 4;
  constexpr int kThreads = 6;
  constexpr int kNotesPerThread = 40;
  std::vector<CaseId> cases;
  for (int i = 0; i < kCases; ++i) {
    cases.push_back(NewCase(Data({{"main_complaint", Value("x")}, {"issues", Value(5)}})));
    ASSERT_TRUE(Fire(cases.back(), "refer", Window()).ok());
  }
  clock_->Advance(30 * 86400);  // every case's reminder is due

  CaseService service(store_.get(), registry_.get(), engine_.get(), clock_.get());
  TimerScheduler scheduler(engine_.get(), {std::chrono::milliseconds(1), 2});
  scheduler.Start();
  std::atomic<int> notes{0};
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kNotesPerThread; ++i) {
        // Through the case service, as a request would: read (audited), then fire (audited with the change).
        const CaseId id = cases[static_cast<size_t>((t + i) % kCases)];
        auto view = service.Read(Csw(), id, "case.read", "before note");
        if (!view.ok()) continue;
        FireRequest req;
        req.event = "note";
        if (service.Fire(Csw(), *view, req).ok()) ++notes;
      }
    });
  }
  std::thread reader([&] {  // the console listing definitions while they change
    while (!done) {
      auto active = registry_->Active("t1", "flow");
      if (active.ok()) (void)registry_->ByVersion(active->first);
    }
  });
  std::thread deployer([&] {
    for (int i = 0; i < 5; ++i) {
      std::vector<Diagnostic> diags;
      auto loaded = LoadWorkflowFile(FixturePath("runtime/flow.yaml"), RuntimeLoaderOptions(), &diags);
      if (!loaded.ok()) continue;
      std::vector<std::pair<std::string, LoadedWorkflow>> batch;
      batch.emplace_back("t1", std::move(*loaded));
      (void)registry_->DeployAll(std::move(batch), "admin", clock_->Now(), WorkflowRegistry::Origin::kEditor);
    }
  });
  for (std::thread& th : threads) th.join();
  deployer.join();
  for (int i = 0; i < 500 && scheduler.metrics().fired < kCases; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  scheduler.Stop();
  done = true;
  reader.join();

  EXPECT_EQ(notes.load(), kThreads * kNotesPerThread) << "a conflict is retried, never lost";
  EXPECT_EQ(scheduler.metrics().fired, kCases);
  int64_t events = 0;
  for (CaseId id : cases) {
    auto history = store_->History(id);
    ASSERT_TRUE(history.ok());
    int reminds = 0;
    for (const EventRecord& e : *history) reminds += e.event == "remind" ? 1 : 0;
    EXPECT_EQ(reminds, 1) << "case " << id;
    auto c = store_->GetCase(id);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->version, static_cast<int64_t>(history->size())) << "case " << id;
    events += static_cast<int64_t>(history->size());
  }
  EXPECT_EQ(events, kCases * 3 + kThreads * kNotesPerThread);  // create, refer, remind + the notes
  AuditFilter fires;
  fires.tenant = "t1";
  fires.action = "case.fire";
  fires.limit = 1000;
  EXPECT_EQ(store_->ListAudit(fires)->size(), static_cast<size_t>(kThreads * kNotesPerThread));
  fires.action = "case.read";
  EXPECT_EQ(store_->ListAudit(fires)->size(), static_cast<size_t>(kThreads * kNotesPerThread));
  auto verified = store_->VerifyAudit("t1");
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok) << verified->problem;
}

}  // namespace
}  // namespace kasane::testing
