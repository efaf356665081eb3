// 米原市: division windows take consultations; half-visible problems go to the
// 支援会議; compound cases go to the contracted 社協 and the 重層的支援会議
// (tests/scenarios/maibara/).
#include "demo/demo_seeds.h"

namespace kasane::demo {

TownSeed MaibaraSeed() {
  TownSeed t;
  t.tenant = "maibara";
  t.workflow = "maibara";
  t.actors = {
      {"window", "intake_agency", "fukushi_seisaku"},
      {"houkatsu", "intake_agency", "chiiki_houkatsu"},
      {"houkatsu_support", "support_agency", "chiiki_houkatsu"},
      {"coordinator", "takikan", "takikan_jimukyoku"},
      {"shien", "shien_kaigi", "shien_kaigi_body"},
      {"meeting", "jusou_kaigi", "jusou_kaigi_body"},
      {"worker", "participation_worker", "sanka_shien_team"},
  };

  t.cases.push_back({"一人暮らしの80代女性の安否が心配（民生委員から・受付したばかり）", 3, "window",
                     R"({"consultation_date": "$today", "consultation_source": "minsei_iin",
                         "consultation_content": "民生委員から。郵便物がたまり、近所の人も最近姿を見ていない",
                         "main_complaint": "一人暮らしの高齢者の安否と生活の様子が心配",
                         "categories": ["elderly", "isolation"], "urgency": "high", "area": "山東地域",
                         "household_members": [{"name": "伊吹 ハナ（仮名）", "relation": "本人", "age": 84,
                                                "attribute": "elderly"}]})",
                     {{0, "window", "route", ""}},
                     "intake"});

  t.cases.push_back({"80代の母と50代のひきこもりの息子（8050）— 同意なしで支援会議に共有", 40, "window",
                     R"({"consultation_date": "$today", "consultation_source": "family",
                         "consultation_content": "近くに住む親族から。母の通院が途絶えがちで、息子は家族以外と話さない",
                         "main_complaint": "50代の息子が20年以上ひきこもり、80代の母の年金だけで暮らしている",
                         "categories": ["p8050", "hikikomori", "elderly"], "urgency": "normal",
                         "household_members": [
                           {"name": "醒井 トミ（仮名）", "relation": "母", "age": 83, "attribute": "elderly"},
                           {"name": "醒井 一郎（仮名）", "relation": "子", "age": 54, "attribute": "hikikomori"}]})",
                     {{1, "window", "bring_to_shien_kaigi",
                       R"({"shien_kaigi_reason": "母の受診の中断と光熱費の滞納がうかがえる。本人・家族とも相談を望まず、同意は得られていない"})"},
                      {9, "shien", "share_at_shien_kaigi",
                       R"({"shien_kaigi_date": "$today",
                           "shien_kaigi_attendees": [{"agency": "fukushi_seisaku"}, {"agency": "chiiki_houkatsu"},
                                                     {"agency": "konkyu_soudan"}],
                           "shien_kaigi_decision": "母の受診と滞納の情報を共有。地域包括が母を訪問し、困窮窓口が家計相談の声かけをする",
                           "shien_kaigi_roles": [{"agency": "chiiki_houkatsu", "role": "母の受診状況の確認と訪問"},
                                                 {"agency": "konkyu_soudan", "role": "滞納の確認と家計相談の声かけ"}],
                           "shien_kaigi_urgent": false, "shien_kaigi_confidentiality": true})"}},
                     "shien_kaigi"});

  t.cases.push_back({"祖母の介護・母の就労・長女の不登校が重なる三世代世帯（アセスメント中）", 25, "window",
                     R"({"consultation_date": "$today", "consultation_source": "support_agency",
                         "main_complaint": "祖母の介護、母の就労の不安定、中学生の長女の不登校が重なっている",
                         "categories": ["elderly", "child", "needy"], "urgency": "normal"})",
                     {{2, "window", "refer",
                       R"({"referral_reason": "介護・就労・教育の課題が重なり、一つの窓口では対応が難しい", "consent_share": true})"},
                      {6, "coordinator", "accept",
                       R"({"screening_result": "target", "screening_basis": "世帯に複数の課題があり、複数分野の支援が必要"})"}},
                     "assessment"});

  t.cases.push_back({"離職後3年外出しない30代の息子と通院が必要な70代の父（支援実施中・参加支援）", 95, "window",
                     R"({"consultation_date": "$today", "consultation_source": "family",
                         "main_complaint": "30代の息子が離職後3年ほぼ外出せず、70代の父は通院の付き添いが必要",
                         "categories": ["hikikomori", "elderly"], "urgency": "normal"})",
                     {{3, "window", "refer",
                       R"({"referral_reason": "父の介護予防と息子の社会参加を合わせて支える必要がある", "consent_share": true})"},
                      {5, "coordinator", "accept", R"({"screening_result": "target"})"},
                      {12, "coordinator", "draft_plan",
                       R"({"assessment_summary": "父は要支援1で通院に付き添いが必要。息子は家族以外との会話がほとんどない",
                           "agency_inputs": [{"agency": "chiiki_houkatsu", "information": "父は要支援1。通院の付き添いが必要"},
                                             {"agency": "wakamono_aozora", "information": "息子がルームの見学に関心を示した"}],
                           "role_split_desirable": true})"},
                      {2, "coordinator", "invite_departments", R"({"jusou_invitees": ["bu_fukushi", "bu_hoken", "bu_iryou"]})"},
                      {7, "coordinator", "convene_jusou",
                       R"({"plan_goals": "父の通院と生活を整え、息子が少しずつ社会とつながる",
                           "plan_roles": [{"agency": "chiiki_houkatsu", "role": "父の介護予防と通院の支援"},
                                          {"agency": "wakamono_aozora", "role": "息子の居場所づくりと就労準備"}],
                           "lead_agency": "chiiki_houkatsu", "needs_participation": true, "plan_status": "draft"})"},
                      {0, "meeting", "agree",
                       R"({"meeting_date": "$today",
                           "meeting_attendees": [{"agency": "takikan_jimukyoku", "member": true},
                                                 {"agency": "chiiki_houkatsu", "member": true},
                                                 {"agency": "wakamono_aozora", "member": true}],
                           "meeting_decision": "プラン案のとおり決定。主担当は地域包括支援センター"})"},
                      {0, "meeting", "start_participation", ""},
                      {6, "worker", "assess",
                       R"({"participation_needs": "人と話すのは苦手だが、パソコン作業には関心がある", "strengths": "几帳面で約束を守る"})",
                       "participation"},
                      {8, "worker", "plan", R"({"participation_goal": "週1回、若者自立ルームのパソコン講座に参加する"})",
                       "participation"},
                      {14, "houkatsu_support", "record_monitoring",
                       R"({"monitoring_date": "$today", "monitoring_note": "父の通院は付き添いで安定。息子は参加支援のプランづくりに応じている"})"}},
                     "support"});

  t.cases.push_back({"中山間地域の高齢夫婦の介護と買い物困難（終結・評価済み）", 150, "houkatsu",
                     R"({"consultation_date": "$today", "consultation_source": "person",
                         "main_complaint": "高齢の夫婦の介護と、買い物・通院の移動手段がない",
                         "categories": ["elderly", "needy"], "urgency": "normal"})",
                     {{2, "houkatsu", "refer", R"({"referral_reason": "介護と移動手段、家計の課題が重なる", "consent_share": true})"},
                      {4, "coordinator", "accept", R"({"screening_result": "target"})"},
                      {10, "coordinator", "draft_plan",
                       R"({"assessment_summary": "夫は要介護2、妻も膝の痛みで外出が難しい。収入は年金のみ"})"},
                      {7, "coordinator", "convene_jusou",
                       R"({"plan_goals": "介護サービスの導入と買い物の手段の確保、家計の見直し",
                           "plan_roles": [{"agency": "chiiki_houkatsu", "role": "介護サービスの調整"},
                                          {"agency": "konkyu_soudan", "role": "家計の見直し"}],
                           "lead_agency": "chiiki_houkatsu"})"},
                      {0, "meeting", "agree",
                       R"({"meeting_date": "$today", "meeting_decision": "プラン決定。主担当は地域包括支援センター",
                           "resource_gaps": [{"description": "中山間地域の買い物の移動手段", "escalate_to": "1層協議体"}]})"},
                      {30, "houkatsu_support", "monitor", ""},
                      {1, "houkatsu_support", "record_monitoring",
                       R"({"monitoring_date": "$today", "monitoring_note": "デイサービス週2回と移動販売の利用が定着"})"},
                      {20, "coordinator", "propose_closure",
                       R"({"support_settled": true, "monitoring_note": "介護サービスと家計相談が定着"})"},
                      {14, "meeting", "close",
                       R"({"closure_meeting_date": "$today", "closure_date": "$today", "closure_reason": "settled",
                           "closure_evaluation": "介護サービスが定着し家計も安定。移動手段は引き続き地域の課題"})"}},
                     "closed"});
  return t;
}

}  // namespace kasane::demo
