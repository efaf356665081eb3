// 長岡京市: the existing window handles what it can; complex cases go to the
// secretariat; the support policy is decided at the 支援会議 (no consent) or
// at the 重層的支援会議 (consent) (tests/scenarios/nagaokakyo/).
#include "demo/demo_seeds.h"

namespace kasane::demo {

TownSeed NagaokakyoSeed() {
  TownSeed t;
  t.tenant = "nagaokakyo";
  t.workflow = "nagaokakyo";
  t.actors = {
      {"nandemo", "intake_agency", "nandemo_soudan"},
      {"shakyo_window", "intake_agency", "sougou_seikatsu_shien"},
      {"houkatsu", "intake_agency", "chiiki_houkatsu"},
      {"houkatsu_support", "support_agency", "chiiki_houkatsu"},
      {"kyouiku", "intake_agency", "kyouiku_shien_center"},
      {"secretariat", "takikan", "takikan_jimukyoku"},
      {"shien", "shien_kaigi", "shien_kaigi_body"},
      {"policy_meeting", "jusou_kaigi", "shien_kaigi_body"},  // the 支援会議 deciding the policy
      {"meeting", "jusou_kaigi", "jusou_kaigi_body"},
  };

  t.cases.push_back({"乳児の育児と実母の介護が重なるダブルケア（受付したばかり）", 1, "nandemo",
                     R"({"consultation_date": "$today", "consultation_source": "person",
                         "main_complaint": "乳児の育児と実母の介護が重なり、眠れない日が続いている",
                         "categories": ["double_care", "pregnancy_childcare", "elderly"], "urgency": "normal"})",
                     {{0, "nandemo", "route", ""}},
                     "intake"});

  t.cases.push_back({"子どもが不登校（教育支援センターが担当窓口として対応）", 20, "shakyo_window",
                     R"({"consultation_date": "$today", "consultation_source": "family",
                         "main_complaint": "小学5年の子どもが2か月学校に行けていない", "categories": ["school_refusal"]})",
                     {{0, "shakyo_window", "route", ""},
                      {2, "kyouiku", "handle_at_window", R"({"handling_window": "教育支援センター（適応指導教室）"})"}},
                     "handled_by_agency"});

  t.cases.push_back({"ごみがあふれた家に住む高齢者（同意なし・支援会議で方針を決定し支援中）", 70, "houkatsu",
                     R"({"consultation_date": "$today", "consultation_source": "resident",
                         "main_complaint": "ごみがあふれた家に住む高齢者", "categories": ["elderly", "gomi_yashiki", "self_neglect"]})",
                     {{1, "houkatsu", "refer", R"({"referral_reason": "本人が支援を拒んでいる", "consent_share": false})"},
                      {4, "secretariat", "accept", R"({"screening_result": "target"})"},
                      {7, "secretariat", "draft_plan", R"({"assessment_summary": "セルフネグレクトとごみ屋敷"})"},
                      {1, "secretariat", "update_plan",
                       R"({"plan_goals": "見守りを続け、関係をつくる",
                           "plan_roles": [{"agency": "chiiki_houkatsu", "role": "訪問と見守り"}], "lead_agency": "chiiki_houkatsu"})"},
                      {3, "secretariat", "convene_shien_kaigi", ""},
                      {7, "policy_meeting", "agree",
                       R"({"policy_meeting": "shien_kaigi", "meeting_date": "$today",
                           "meeting_decision": "本人同意は得られていない。地域包括が見守りを続け、関係づくりを優先する"})"}},
                     "support"});

  t.cases.push_back({"母の介護と兄のひきこもり、本人の就労（重層的支援会議で評価し終結）", 140, "nandemo",
                     R"({"consultation_date": "$today", "consultation_source": "person",
                         "main_complaint": "母の介護と兄のひきこもり、本人の就労の継続", "categories": ["p8050", "employment_support"]})",
                     {{2, "nandemo", "refer", R"({"referral_reason": "複雑化・複合化しており解決が困難", "consent_share": true})"},
                      {3, "secretariat", "accept", R"({"screening_result": "target"})"},
                      {8, "secretariat", "draft_plan", R"({"assessment_summary": "世帯全体で介護・ひきこもり・就労の課題"})"},
                      {6, "secretariat", "convene_jusou",
                       R"({"plan_goals": "母の介護サービス導入と兄の社会参加、本人の就労継続",
                           "plan_roles": [{"agency": "chiiki_houkatsu", "role": "介護サービスの調整"},
                                          {"agency": "nandemo_soudan", "role": "兄への関わりと就労支援"}],
                           "lead_agency": "nandemo_soudan"})"},
                      {0, "meeting", "agree",
                       R"({"policy_meeting": "jusou_kaigi", "meeting_date": "$today",
                           "meeting_decision": "役割分担を決定。主担当は福祉なんでも相談室"})"},
                      {35, "houkatsu_support", "monitor", ""},
                      {1, "houkatsu_support", "record_monitoring",
                       R"({"monitoring_date": "$today", "monitoring_note": "母はショートステイを定期利用。兄は居場所に月2回参加"})"},
                      {21, "secretariat", "propose_closure",
                       R"({"support_settled": true, "monitoring_note": "各機関の支援が定着"})"},
                      {14, "meeting", "close",
                       R"({"closure_meeting_date": "$today", "closure_date": "$today", "closure_reason": "settled",
                           "closure_evaluation": "介護と兄の居場所、本人の就労がそれぞれ定着した"})"}},
                     "closed"});

  t.cases.push_back({"精神疾患のある母の世話で欠席が続く高校生（ヤングケアラー・スクリーニング待ち）", 6, "nandemo",
                     R"({"consultation_date": "$today", "consultation_source": "support_agency",
                         "main_complaint": "高校生が精神疾患のある母の世話で欠席が続いている", "categories": ["young_carer", "pupil"]})",
                     {{1, "nandemo", "refer",
                       R"({"referral_reason": "教育・医療・福祉の支援を合わせて考える必要がある", "consent_share": true})"}},
                     "referred"});
  return t;
}

}  // namespace kasane::demo
