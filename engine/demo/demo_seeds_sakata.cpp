// 酒田市 (FY2023 transition): the 社協's CSWs take referrals from support
// agencies, or citizens' consultations through 社協 channels when staff decide
// to; the agencies deliver the plan (tests/scenarios/sakata/). No 支援会議.
#include "demo/demo_seeds.h"

namespace kasane::demo {

TownSeed SakataSeed() {
  TownSeed t;
  t.tenant = "sakata";
  t.workflow = "sakata";
  t.actors = {
      {"city", "intake_agency", "sakata_city_hall"},
      {"houkatsu", "intake_agency", "chiiki_houkatsu"},
      {"shakyo", "intake_agency", "sakata_shakyo"},
      {"csw", "takikan", "takikan_jimukyoku"},
      {"meeting", "jusou_kaigi", "jusou_kaigi_body"},
      {"houkatsu_support", "support_agency", "chiiki_houkatsu"},
      {"jiritsu", "support_agency", "jiritsu_soudan"},
  };

  t.cases.push_back({"近所付き合いがなく一人暮らしが不安（本人が社協に来所・受付したばかり）", 2, "shakyo",
                     R"({"consultation_date": "$today", "consultation_source": "person", "area": "other",
                         "main_complaint": "近所付き合いがなく、一人で暮らすのが不安", "categories": ["isolation"]})",
                     {{0, "shakyo", "route", ""}},
                     "intake"});

  t.cases.push_back({"一人暮らしの高齢者宅にごみがたまっている（民生委員から・スクリーニング待ち）", 8, "shakyo",
                     R"({"consultation_date": "$today", "consultation_source": "minsei_iin", "area": "niida",
                         "main_complaint": "一人暮らしの高齢者宅にごみがたまり、近隣から心配の声",
                         "categories": ["elderly", "gomi_yashiki"]})",
                     {{1, "shakyo", "refer",
                       R"({"referral_reason": "ごみの堆積と介護の必要が重なる", "consent_share": true,
                           "shakyo_channel_accepted": true})"}},
                     "referred"});

  t.cases.push_back({"高齢の父と無職の娘の生活（プラン案を作成中）", 30, "city",
                     R"({"consultation_date": "$today", "consultation_source": "support_agency", "area": "other",
                         "main_complaint": "高齢の父の介護と、離職した娘の生活費", "categories": ["elderly", "needy"]})",
                     {{2, "city", "refer",
                       R"({"referral_reason": "介護と生活困窮が重なり市の単独の課では対応が難しい",
                           "agency_case_review": "庁内のケース検討で多機関協働が必要と判断", "consent_share": true})"},
                      {5, "csw", "accept", R"({"screening_result": "target"})"},
                      {9, "csw", "draft_plan",
                       R"({"assessment_summary": "父は要介護1。娘は離職後に体調を崩し、家計は父の年金のみ",
                           "agency_inputs": [{"agency": "jiritsu_soudan", "information": "娘は家計相談を希望"}]})"}},
                     "plan_draft"});

  t.cases.push_back({"80代の母の介護と50代の息子の失業（各機関が支援・モニタリング中）", 120, "city",
                     R"({"consultation_date": "$today", "consultation_source": "support_agency", "area": "other",
                         "main_complaint": "80代の母の介護と50代の息子の失業", "categories": ["elderly", "needy", "p8050"]})",
                     {{2, "city", "refer", R"({"referral_reason": "介護と生活困窮が重なる", "consent_share": true})"},
                      {4, "csw", "accept", R"({"screening_result": "target"})"},
                      {10, "csw", "draft_plan",
                       R"({"assessment_summary": "母は要介護2、息子は失業中で家計が母の年金のみ",
                           "agency_inputs": [{"agency": "chiiki_houkatsu", "information": "介護サービス未利用"}]})"},
                      {7, "csw", "convene_jusou",
                       R"({"plan_goals": "母の介護サービスを整え、息子の就労と家計を立て直す",
                           "plan_roles": [{"agency": "chiiki_houkatsu", "role": "母の介護サービスの調整"},
                                          {"agency": "jiritsu_soudan", "role": "息子の就労支援と家計改善"}],
                           "plan_status": "draft"})"},
                      {0, "meeting", "agree",
                       R"({"meeting_date": "$today",
                           "meeting_attendees": [{"agency": "chiiki_houkatsu", "member": true},
                                                 {"agency": "jiritsu_soudan", "member": true},
                                                 {"agency": "takikan_jimukyoku", "member": true}],
                           "meeting_decision": "プラン案のとおり決定"})"},
                      {28, "houkatsu_support", "monitor", ""},
                      {3, "jiritsu", "record_monitoring",
                       R"({"monitoring_date": "$today", "monitoring_note": "息子は職業訓練に通所開始。母はデイサービス週2回"})"}},
                     "monitoring"});

  t.cases.push_back({"認知症の夫を介護する妻の疲弊（会議の判断でつなぎもどし）", 60, "houkatsu",
                     R"({"consultation_date": "$today", "consultation_source": "support_agency", "area": "other",
                         "main_complaint": "認知症の夫を介護する妻の疲弊", "categories": ["elderly", "double_care"]})",
                     {{1, "houkatsu", "refer", R"({"referral_reason": "介護者の負担と孫の世話が重なる", "consent_share": true})"},
                      {4, "csw", "accept", R"({"screening_result": "target"})"},
                      {8, "csw", "draft_plan", R"({"assessment_summary": "課題の中心は介護負担"})"},
                      {6, "csw", "convene_jusou",
                       R"({"plan_goals": "介護負担の軽減",
                           "plan_roles": [{"agency": "chiiki_houkatsu", "role": "介護サービスの調整"},
                                          {"agency": "riyousha_shien", "role": "孫の保育"}]})"},
                      {0, "meeting", "return_to_referrer",
                       R"({"meeting_date": "$today",
                           "meeting_attendees": [{"agency": "chiiki_houkatsu", "member": true},
                                                 {"agency": "takikan_jimukyoku", "member": true}],
                           "meeting_decision": "課題の中心は介護であり、地域包括支援センターが引き続き主担当として支援すべき案件"})"}},
                     "returned"});
  return t;
}

}  // namespace kasane::demo
