// Confidentiality over HTTP with the national flow: membership, the 支援会議
// (Art. 106-6: shared without consent, visible only to its attendees) and the
// 重層的支援会議 (sharing needs the person's recorded consent).
#include <gtest/gtest.h>

#include <string>

#include "api_test_util.h"
#include "http_fixture.h"

namespace kasane::http::testing {
namespace {

class ConfidentialityTest : public HttpServerTest {
 protected:
  void Configure(ServerConfig* config) override {
    config->workflows_dir = std::string(KASANE_SOURCE_DIR) + "/workflows";
    config->plugins_dir = std::string(KASANE_SOURCE_DIR) + "/plugins";
    config->tenants.push_back({"nat", "国の標準", "National", {"national", "outreach", "participation"}});
    AddUser("nat", "window", "intake_agency", "shien_kikan", "窓口");
    AddUser("nat", "houkatsu", "intake_agency", "chiiki_houkatsu", "地域包括");
    AddUser("nat", "kosodate", "intake_agency", "riyousha_shien", "子育て");
    AddUser("nat", "coord", "takikan", "takikan_jimukyoku", "多機関協働");
    AddUser("nat", "shien", "shien_kaigi", "shien_kaigi_body", "支援会議事務局");
    AddUser("nat", "kaigi", "jusou_kaigi", "jusou_kaigi_body", "重層的支援会議事務局");
  }

  std::string CasePath(int64_t id, const std::string& rest = "") {
    return "/api/v1/cases/" + std::to_string(id) + rest;
  }
  HttpResult Fire(const Client& who, int64_t id, const std::string& body) {
    return Call(who, "POST", CasePath(id, "/events"), body);
  }
  static Value DataOf(const HttpResult& r) {
    const Value body = BodyOf(r);
    const Value* data = body.find("data");
    return data != nullptr ? *data : Value();
  }
};

TEST_F(ConfidentialityTest, SupportMeetingRecordsAreSeenOnlyByTheirAttendees) {
  const Client window = As("nat", "window");
  const Client shien = As("nat", "shien");
  const Client houkatsu = As("nat", "houkatsu");
  const Client kosodate = As("nat", "kosodate");
  HttpResult created = Call(window, "POST", "/api/v1/cases",
                            R"({"workflow":"national","state":"latent","data":{"information_source":"minsei_iin",)"
                            R"("concern":"雨戸が閉まったまま","latent_consent":"not_asked"}})");
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t id = IntAt(BodyOf(created), "id");

  // The support meeting's secretariat is not a member until it is asked to meet.
  EXPECT_API_PROBLEM(Call(shien, "GET", CasePath(id)), 404, "not_found");
  ASSERT_EQ(Fire(window, id, R"({"event":"request_shien_kaigi"})").status, 201);
  ASSERT_EQ(Call(shien, "GET", CasePath(id)).status, 200);

  HttpResult shared = Fire(shien, id,
                           R"({"event":"share_at_shien_kaigi","payload":{"shien_kaigi_date":"2024-04-05",)"
                           R"("shien_kaigi_attendees":[{"agency":"chiiki_houkatsu"},{"agency":"outreach_team"}],)"
                           R"("shien_kaigi_decision":"地域包括が訪問する","shien_kaigi_confidentiality":true}})");
  ASSERT_EQ(shared.status, 201) << shared.body;

  // An attendee sees the meeting's record and nothing else of the case.
  HttpResult attendee = Call(houkatsu, "GET", CasePath(id));
  ASSERT_EQ(attendee.status, 200) << attendee.body;
  EXPECT_EQ(StringAt(BodyOf(attendee), "visibility"), "meeting_only");
  EXPECT_EQ(StringAt(DataOf(attendee), "shien_kaigi_decision"), "地域包括が訪問する");
  EXPECT_EQ(attendee.body.find("雨戸"), std::string::npos) << attendee.body;
  const Value history = BodyOf(Call(houkatsu, "GET", CasePath(id, "/history")));
  ASSERT_EQ(history.find("events")->as_array().size(), 1u);
  EXPECT_EQ(StringAt(history.find("events")->as_array()[0], "event"), "share_at_shien_kaigi");
  const Value meetings = BodyOf(Call(houkatsu, "GET", CasePath(id, "/meetings")));
  ASSERT_EQ(meetings.find("meetings")->as_array().size(), 1u);
  EXPECT_TRUE(BodyOf(Call(houkatsu, "GET", CasePath(id, "/actions"))).find("actions")->as_array().empty());
  HttpResult act = Fire(houkatsu, id, R"({"event":"engage","payload":{"main_complaint":"x"}})");
  EXPECT_API_PROBLEM(act, 403, "forbidden");

  // The intake window (a full member that did not attend) does not see what was shared.
  HttpResult member = Call(window, "GET", CasePath(id));
  ASSERT_EQ(member.status, 200);
  EXPECT_EQ(StringAt(BodyOf(member), "visibility"), "full");
  EXPECT_EQ(StringAt(DataOf(member), "concern"), "雨戸が閉まったまま");
  EXPECT_EQ(member.body.find("地域包括が訪問する"), std::string::npos) << member.body;
  HttpResult window_history = Call(window, "GET", CasePath(id, "/history"));
  EXPECT_EQ(window_history.body.find("地域包括が訪問する"), std::string::npos);
  EXPECT_TRUE(BodyOf(Call(window, "GET", CasePath(id, "/meetings"))).find("meetings")->as_array().empty());
  HttpResult search = Call(window, "GET", "/api/v1/cases?q=%E8%A8%AA%E5%95%8F");  // 訪問
  EXPECT_TRUE(BodyOf(search).find("cases")->as_array().empty()) << "search must not see hidden fields";

  // An agency with no part in the case sees nothing.
  EXPECT_API_PROBLEM(Call(kosodate, "GET", CasePath(id)), 404, "not_found");
  EXPECT_TRUE(BodyOf(Call(kosodate, "GET", "/api/v1/cases")).find("cases")->as_array().empty());
}

TEST_F(ConfidentialityTest, TheMultiLayeredMeetingNeedsRecordedConsentAndThenSharesWithItsMembers) {
  const Client window = As("nat", "window");
  const Client coord = As("nat", "coord");
  const Client kaigi = As("nat", "kaigi");
  const Client kosodate = As("nat", "kosodate");
  auto open_case = [&](bool consent) {
    HttpResult c = Call(window, "POST", "/api/v1/cases",
                        R"({"workflow":"national","state":"intake","data":{"main_complaint":"介護と子育て","categories":["double_care"]}})");
    EXPECT_EQ(c.status, 201) << c.body;
    const int64_t id = IntAt(BodyOf(c), "id");
    HttpResult r = Fire(window, id,
                        std::string(R"({"event":"refer","payload":{"referral_reason":"ダブルケア","consent_share":)") +
                            (consent ? "true" : "false") + "}}");
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(Fire(coord, id, R"({"event":"accept","payload":{"screening_result":"target"}})").status, 201);
    EXPECT_EQ(Fire(coord, id, R"({"event":"draft_plan","payload":{"assessment_summary":"一人で抱えている"}})").status,
              201);
    return id;
  };
  const std::string convene =
      R"({"event":"convene_jusou","payload":{"plan_goals":"負担を減らす",)"
      R"("plan_roles":[{"agency":"riyousha_shien","role":"子育て支援"},{"agency":"chiiki_houkatsu","role":"介護"}],)"
      R"("lead_agency":"chiiki_houkatsu"}})";

  const int64_t refused = open_case(false);
  HttpResult no_consent = Fire(coord, refused, convene);
  EXPECT_API_PROBLEM(no_consent, 422, "guard_denied");
  EXPECT_NE(no_consent.body.find("本人同意"), std::string::npos) << no_consent.body;
  EXPECT_API_PROBLEM(Call(kaigi, "GET", CasePath(refused)), 404, "not_found");

  const int64_t id = open_case(true);
  ASSERT_EQ(Fire(coord, id, convene).status, 201);
  EXPECT_API_PROBLEM(Call(kosodate, "GET", CasePath(id)), 404, "not_found");
  HttpResult agreed = Fire(kaigi, id,
                           R"({"event":"agree","payload":{"meeting_date":"2024-04-30","meeting_decision":"プランは適切",)"
                           R"("meeting_attendees":[{"agency":"riyousha_shien"}]}})");
  ASSERT_EQ(agreed.status, 201) << agreed.body;
  HttpResult now = Call(kosodate, "GET", CasePath(id));
  ASSERT_EQ(now.status, 200) << now.body;
  EXPECT_EQ(StringAt(BodyOf(now), "visibility"), "full");
  EXPECT_EQ(StringAt(DataOf(now), "main_complaint"), "介護と子育て");
  const Value meetings = BodyOf(Call(kosodate, "GET", CasePath(id, "/meetings")));
  ASSERT_FALSE(meetings.find("meetings")->as_array().empty());
  EXPECT_EQ(StringAt(meetings.find("meetings")->as_array().back(), "meeting"), "jusou_kaigi");
}

}  // namespace
}  // namespace kasane::http::testing
