// 福生市: the window never refuses (it turns to its 推進員); the common form
// records consent; the 重層的支援会議 needs it, the 支援会議 and pre-consent
// outreach do not; participation only on the meeting's judgement
// (tests/scenarios/fussa/). Child steps run in Fussa's own sub-flows
// (fussa-outreach, fussa-participation) as Fussa's staff.
#include "demo/demo_seeds.h"

namespace kasane::demo {

TownSeed FussaSeed() {
  TownSeed t;
  t.tenant = "fussa";
  t.workflow = "fussa";
  t.actors = {
      {"window", "intake_agency", "fukushi_sogo_soudan"},
      {"shougai_window", "intake_agency", "shougai_fukushi"},
      {"coordinator", "takikan", "takikan_jimukyoku"},
      {"shien", "shien_kaigi", "shien_kaigi_body"},
      {"meeting", "jusou_kaigi", "jusou_kaigi_body"},
      {"kaigo", "support_agency", "kaigo_fukushi"},
      {"outreach", "outreach_worker", "takikan_jimukyoku"},      // the coordinators run outreach
      {"worker", "participation_worker", "shakyo_coordinator"},  // the 社協's coordinator
  };

  t.cases.push_back({"夫の借金と自分の体調、どこに相談すればよいかわからない（推進員に相談）", 3, "window",
                     R"({"consultation_date": "$today", "consultation_source": "person",
                         "main_complaint": "夫の借金の督促が続き、自分も体調を崩している。どこに相談すればよいかわからない",
                         "categories": ["needy", "other"]})",
                     {{0, "window", "escalate",
                       R"({"escalation_reason": "unknown_destination", "escalation_note": "借金の整理と通院の相談先を一緒に考えたい"})"}},
                     "suishinin_review"});

  t.cases.push_back({"障害のある兄と高齢の母、ごみで埋まった家（同意なし・支援会議で共有・同意前のアウトリーチ）", 45,
                     "shougai_window",
                     R"({"consultation_date": "$today", "consultation_source": "resident",
                         "main_complaint": "障害のある兄と高齢の母の二人暮らしで家がごみで埋まっている",
                         "categories": ["disabled", "elderly", "gomi_yashiki"]})",
                     {{2, "shougai_window", "refer",
                       R"({"consultation_content": "兄（50代・知的障害）と母（80代）。室内にごみが堆積",
                           "referral_reason": "障害・介護・住環境の課題が重なり複数の支援関係機関につなぐ必要がある",
                           "consent_share": false})"},
                      {4, "coordinator", "accept", R"({"screening_result": "target"})"},
                      {8, "coordinator", "draft_plan",
                       R"({"assessment_summary": "兄の障害福祉サービス未利用、母の介護、住環境", "role_split_desirable": true})"},
                      {3, "coordinator", "request_shien_kaigi", ""},
                      {3, "shien", "share_at_shien_kaigi",
                       R"({"shien_kaigi_date": "$today",
                           "shien_kaigi_attendees": [{"agency": "shougai_fukushi"}, {"agency": "kaigo_fukushi"},
                                                     {"agency": "takikan_jimukyoku"}],
                           "shien_kaigi_decision": "同意取得に向けた関わり方と見守りの分担を整理",
                           "shien_kaigi_confidentiality": true})"},
                      {1, "coordinator", "start_outreach", ""},
                      {0, "coordinator", "start_work", "", "fussa-outreach"},
                      {7, "outreach", "record_pre_consent",
                       R"({"gathered_information": "民生委員から生活状況を聴取", "watch_network": "民生委員と介護福祉課で週1回の見守り"})",
                       "fussa-outreach"}},
                     "plan_draft"});

  t.cases.push_back({"就職活動がうまくいかない40代の男性と母の介護（後から同意を記録・会議へ）", 28, "window",
                     R"({"consultation_date": "$today", "consultation_source": "person",
                         "main_complaint": "就職活動がうまくいかず家計が苦しい。母の介護も始まった",
                         "categories": ["working_age_other", "elderly", "needy"]})",
                     {{1, "window", "refer",
                       R"({"consultation_content": "40代の男性。離職後1年。同居の母（70代）が要介護認定を申請中",
                           "referral_reason": "就労・家計・介護の課題が重なる", "consent_share": false})"},
                      {3, "coordinator", "accept", R"({"screening_result": "target"})"},
                      {7, "coordinator", "draft_plan",
                       R"({"assessment_summary": "本人の就労と家計、母の介護の段取り", "role_split_desirable": true})"},
                      {5, "coordinator", "record_consent", R"({"consent_share": true})"},
                      {1, "coordinator", "convene_jusou",
                       R"({"plan_goals": "本人が就労を再開し、母の介護サービスを整える",
                           "plan_roles": [{"agency": "jiritsu_soudan", "role": "就労支援と家計改善"},
                                          {"agency": "kaigo_fukushi", "role": "母の介護保険サービスの調整"}],
                           "lead_agency": "jiritsu_soudan"})"}},
                     "conference"});

  t.cases.push_back({"離職後ずっと家にいる30代の息子と母（支援実施中・参加支援のマッチング）", 100, "window",
                     R"({"consultation_date": "$today", "consultation_source": "family",
                         "main_complaint": "30代の息子が離職後ずっと家にいる", "categories": ["hikikomori", "elderly"]})",
                     {{2, "window", "refer",
                       R"({"consultation_content": "息子（30代）が3年間外出しない。母（70代）の介護も始まる",
                           "referral_reason": "息子の社会参加と母の介護の両方に支援が必要", "consent_share": true})"},
                      {3, "coordinator", "accept", R"({"screening_result": "target"})"},
                      {9, "coordinator", "draft_plan",
                       R"({"assessment_summary": "息子の社会参加と母の介護", "role_split_desirable": true})"},
                      {6, "coordinator", "convene_jusou",
                       R"({"plan_goals": "息子が社会とつながり、母の介護が整う",
                           "plan_roles": [{"agency": "fukushi_sogo_soudan", "role": "息子の相談"},
                                          {"agency": "kaigo_fukushi", "role": "母の介護"}],
                           "lead_agency": "fukushi_sogo_soudan", "needs_participation": true})"},
                      {0, "meeting", "agree",
                       R"({"meeting_date": "$today",
                           "meeting_attendees": [{"agency": "fukushi_sogo_soudan", "member": true},
                                                 {"agency": "kaigo_fukushi", "member": true}],
                           "meeting_decision": "プランに合意。主担当は福祉総合相談窓口"})"},
                      {14, "meeting", "start_participation",
                       R"({"meeting_date": "$today", "meeting_decision": "息子に参加支援が必要と判断", "participation_decided": true})"},
                      {5, "worker", "assess", R"({"participation_needs": "人と話すのは苦手だが、植物の世話が好き"})",
                       "fussa-participation"},
                      {7, "worker", "plan", R"({"participation_goal": "週1回、地域の花壇づくりに参加する"})",
                       "fussa-participation"},
                      {10, "worker", "match",
                       R"({"host_organisation": "地域の花壇ボランティアの会（架空）", "menu": "花壇の手入れ", "start_date": "$today+7"})",
                       "fussa-participation"},
                      {12, "kaigo", "record_monitoring",
                       R"({"monitoring_date": "$today", "monitoring_note": "母はデイサービスを週1回利用開始。息子は花壇づくりに参加予定"})"}},
                     "support"});

  t.cases.push_back({"就労の悩み（つなぎ先を整理してつなぎもどし）", 60, "shougai_window",
                     R"({"consultation_date": "$today", "consultation_source": "person",
                         "main_complaint": "障害者手帳はないが、仕事が長続きしない", "categories": ["working_age_other"]})",
                     {{2, "shougai_window", "refer",
                       R"({"consultation_content": "20代。就職しても数か月で辞めてしまう", "referral_reason": "つなぎ先がわからない",
                           "consent_share": true})"},
                      {3, "coordinator", "accept", R"({"screening_result": "target"})"},
                      {5, "coordinator", "return_to_referrer",
                       R"({"return_reason": "自立相談支援機関の就労支援につなぐよう整理した"})"}},
                     "returned"});
  return t;
}

}  // namespace kasane::demo
