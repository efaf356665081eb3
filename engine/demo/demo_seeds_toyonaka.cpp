// 豊中市: the secretariat screens against Figure 4, its lead gathers members,
// the chief convenes the merged meeting; emergencies skip the secretariat
// (tests/scenarios/toyonaka/). Outreach runs in Toyonaka's own sub-flow
// (toyonaka-outreach) as the 社協's 地域共生推進員.
#include "demo/demo_seeds.h"

namespace kasane::demo {

TownSeed ToyonakaSeed() {
  TownSeed t;
  t.tenant = "toyonaka";
  t.workflow = "toyonaka";
  t.actors = {
      {"houkatsu", "intake_agency", "chiiki_houkatsu"},
      {"choju", "intake_agency", "choju_anshin_ka"},
      {"jimukyoku", "takikan", "chiiki_kyousei_ka"},
      {"lead", "jimukyoku_lead", "chiiki_kyousei_ka"},
      {"jichou", "toukatsu", "fukushi_bu_jichou"},
      {"kaigi", "jusou_kaigi", "takikan_suishin_kaigi"},
      {"shien", "shien_kaigi", "takikan_suishin_kaigi"},
      {"shougai", "support_agency", "shougai_fukushi_ka"},
      {"csw", "outreach_worker", "shakyo_chiiki_fukushi"},  // 社協 地域共生推進員 (toyonaka-outreach)
  };

  t.cases.push_back({"高齢の母親へのあざと息子による年金の取り上げ（緊急対応中）", 4, "houkatsu",
                     R"({"consultation_date": "$today", "consultation_source": "support_agency",
                         "main_complaint": "訪問時、高齢の母親にあざがあり、同居の息子が年金を管理して渡していない",
                         "categories": ["elderly", "abuse"], "urgency": "danger"})",
                     {{0, "houkatsu", "start_emergency",
                       R"({"urgency": "danger", "emergency_risks": ["life", "property", "human_rights"],
                           "emergency_judgement_note": "身体的虐待と経済的虐待の疑い。直ちに安全の確保が必要"})"},
                      {0, "houkatsu", "request_cooperation",
                       R"({"cooperation_agencies": [{"agency": "choju_anshin_ka", "request": "やむを得ない事由による措置の検討"},
                                                    {"agency": "hoken_yobou_ka", "request": "息子の精神保健相談"}]})"}},
                     "emergency"});

  t.cases.push_back({"40代のひきこもりの息子と認知症が進む70代の母（図4で整理・支援会議で共有）", 12, "houkatsu",
                     R"({"consultation_date": "$today", "consultation_source": "family",
                         "main_complaint": "ひきこもりの40代の息子と、認知症が進む70代の母の二人暮らし",
                         "categories": ["hikikomori", "elderly", "p8050"]})",
                     {{2, "houkatsu", "refer",
                       R"({"referral_reason": "母の介護と息子の支援を担う機関がなく、連携の構築が難しい",
                           "referral_grounds": ["linkage_hard", "joint_meeting"], "existing_linkage_considered": true})"},
                      {3, "jimukyoku", "screen",
                       R"({"fig4_targets": "multiple", "fig4_no_division": true, "fig4_multiple_issues": true})"},
                      {1, "jimukyoku", "request_shien_kaigi", ""},
                      {1, "shien", "share_at_shien_kaigi",
                       R"({"shien_kaigi_date": "$today",
                           "shien_kaigi_attendees": [{"agency": "chiiki_kyousei_ka"}, {"agency": "choju_anshin_ka"},
                                                     {"agency": "chiiki_houkatsu"}],
                           "shien_kaigi_decision": "本人同意は得られていない。息子への関わり方と母の見守りの分担を共有",
                           "shien_kaigi_confidentiality": true})"}},
                     "referred"});

  t.cases.push_back({"高齢の夫婦と精神疾患が疑われる40代の娘（事務局メンバーを参集・アセスメント中）", 35, "choju",
                     R"({"consultation_date": "$today", "consultation_source": "support_agency",
                         "main_complaint": "高齢の夫婦の介護と、同居する40代の娘の精神疾患の疑い",
                         "categories": ["elderly", "disabled"]})",
                     {{1, "choju", "refer",
                       R"({"referral_reason": "介護と娘の医療・障害福祉の課題が重なる",
                           "referral_grounds": ["joint_meeting"], "existing_linkage_considered": true})"},
                      {4, "jimukyoku", "accept",
                       R"({"fig4_targets": "multiple", "fig4_several_divisions": true, "fig4_multiple_issues": true})"},
                      {3, "lead", "select_members",
                       R"({"secretariat_members": [{"agency": "choju_anshin_ka", "reason": "夫婦の介護"},
                                                   {"agency": "shougai_fukushi_ka", "reason": "娘の障害福祉"}]})"}},
                     "assessment"});

  t.cases.push_back({"父のアルコール依存・母の介護・子の障害とDV（支援実施・モニタリング中・父へのアウトリーチ）", 110, "houkatsu",
                     R"({"consultation_date": "$today", "consultation_source": "support_agency",
                         "main_complaint": "家族それぞれにアルコール依存、障害、DV、介護の課題があるが本人たちに困り感がない",
                         "categories": ["elderly", "disabled", "abuse"]})",
                     {{2, "houkatsu", "refer",
                       R"({"referral_reason": "複数の支援機関が関わるが中心となる機関がなく、支援方針がばらばら",
                           "referral_grounds": ["sharing_stalled", "joint_meeting"], "existing_linkage_considered": true})"},
                      {3, "jimukyoku", "accept",
                       R"({"fig4_targets": "multiple", "fig4_several_divisions": true, "fig4_multiple_issues": true})"},
                      {2, "lead", "select_members",
                       R"({"secretariat_members": [{"agency": "choju_anshin_ka", "reason": "親の介護"},
                                                   {"agency": "shougai_fukushi_ka", "reason": "子の障害"},
                                                   {"agency": "fukushi_jimusho_honcho", "reason": "世帯の生活"}]})"},
                      {9, "jimukyoku", "draft_plan",
                       R"({"assessment_summary": "父のアルコール依存、母の介護、子の障害とDV。家族全体へのアプローチが必要",
                           "agency_inputs": [{"agency": "chiiki_houkatsu", "information": "母は要介護1。父の飲酒で介護が不安定"},
                                             {"agency": "shougai_fukushi_ka", "information": "子は障害福祉サービス利用中"}]})"},
                      {1, "jimukyoku", "update_plan", R"({"plan_goals": "家族全体の安全を確保し、父の治療と母の介護を安定させる"})"},
                      {0, "jimukyoku", "request_meeting", ""},
                      {6, "jichou", "convene_jusou",
                       R"({"meeting_date": "$today+7",
                           "meeting_attendees": [{"agency": "chiiki_kyousei_ka"}, {"agency": "choju_anshin_ka"},
                                                 {"agency": "shougai_fukushi_ka"}, {"agency": "fukushi_jimusho_honcho"},
                                                 {"agency": "chiiki_houkatsu", "admitted": true}]})"},
                      {7, "kaigi", "agree",
                       R"({"meeting_decision": "支援方針と役割分担を決定。主担当は地域包括支援センター",
                           "plan_roles": [{"agency": "chiiki_houkatsu", "role": "母の介護サービスの調整と見守り"},
                                          {"agency": "shougai_fukushi_ka", "role": "子の障害福祉サービスとDV被害の相談"},
                                          {"agency": "fukushi_jimusho_honcho", "role": "世帯の生活の安定"}],
                           "lead_agency": "chiiki_houkatsu"})"},
                      {3, "jimukyoku", "start_outreach", ""},
                      {0, "csw", "start_work", "", "toyonaka-outreach"},
                      {4, "csw", "record_pre_consent",
                       R"({"gathered_information": "父は断酒会への参加を拒否。地域包括支援センターの訪問時に短時間なら話す",
                           "approach": "母の介護の相談を入口に、父と顔を合わせる機会をつくる"})",
                       "toyonaka-outreach"},
                      {7, "jimukyoku", "record_monitoring",
                       R"({"monitoring_date": "$today", "monitoring_note": "父が専門医療機関を受診。母のデイサービス週2回"})"},
                      {21, "shougai", "record_monitoring",
                       R"({"monitoring_date": "$today", "monitoring_note": "子は通所を再開。DVの相談は継続中"})"}},
                     "support"});

  t.cases.push_back({"支援を拒む独居の高齢者（図4 C1・連携調整を助言しつなぎもどし）", 50, "choju",
                     R"({"consultation_date": "$today", "consultation_source": "support_agency",
                         "main_complaint": "独居の高齢者が支援を拒否している", "categories": ["elderly"],
                         "household_members": [{"name": "千里 正（仮名）", "relation": "本人", "age": 84,
                                                "attribute": "elderly", "responsible_division": "長寿安心課"}]})",
                     {{1, "choju", "refer",
                       R"({"referral_reason": "支援を拒否しており、関係機関との調整がうまくいかない",
                           "referral_grounds": ["linkage_hard"], "existing_linkage_considered": true,
                           "coordination_problem": true})"},
                      {2, "jimukyoku", "screen",
                       R"({"fig4_targets": "single", "fig4_no_division": false, "fig4_services_available": true,
                           "fig4_multiple_issues": false})"},
                      {0, "jimukyoku", "consult_on_coordination",
                       R"({"coordination_advice": "長寿安心課と地域包括支援センターで訪問の役割を整理し、サービス利用の働きかけを続ける",
                           "coordination_advice_date": "$today"})"},
                      {1, "jimukyoku", "return_to_referrer", R"({"return_reason": "担当部局（長寿安心課）のみで対応可能"})"}},
                     "returned"});
  return t;
}

}  // namespace kasane::demo
