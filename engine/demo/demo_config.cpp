#include "demo/demo_config.h"

#include <openssl/rand.h>

#include <array>
#include <string_view>

namespace kasane::demo {
namespace {

struct TownSpec {
  const char* id;
  const char* name_ja;
  const char* name_en;
  const char* outreach;       // the outreach sub-flow its flow spawns
  const char* participation;  // the participation sub-flow its flow spawns
};

// Every town's flow extends national, which spawns the outreach and
// participation sub-flows: a tenant must deploy both for those spawns to
// resolve. Fussa and Toyonaka spawn their own (extending the shared ones with
// the town's agencies), so their staff can act on the child cases.
constexpr TownSpec kTowns[] = {
    {"maibara", "米原市", "Maibara City", "outreach", "participation"},
    {"sakata", "酒田市", "Sakata City", "outreach", "participation"},
    {"toyonaka", "豊中市", "Toyonaka City", "toyonaka-outreach", "toyonaka-participation"},
    {"fussa", "福生市", "Fussa City", "fussa-outreach", "fussa-participation"},
    {"nagaokakyo", "長岡京市", "Nagaokakyo City", "outreach", "participation"},
};

struct AccountSpec {
  const char* tenant;
  const char* suffix;  // username is "<tenant>-<suffix>"
  const char* role;
  const char* agency;  // an agency of the town's flow that holds the role; "" for account roles
  const char* name;    // fictional
};

// One person per role that someone logs in with. Agencies are chosen so the
// demo cases (demo_seeds_*.cpp) reach these people's task lists. Sakata runs
// no 支援会議, outreach or participation support in FY2023, so it has no such staff.
constexpr AccountSpec kAccounts[] = {
    {"maibara", "intake", "intake_agency", "fukushi_seisaku", "佐藤 美咲"},
    {"maibara", "takikan", "takikan", "takikan_jimukyoku", "鈴木 健一"},
    {"maibara", "support", "support_agency", "chiiki_houkatsu", "高橋 由美"},
    {"maibara", "shienkaigi", "shien_kaigi", "shien_kaigi_body", "田中 直樹"},
    {"maibara", "jusoukaigi", "jusou_kaigi", "jusou_kaigi_body", "伊藤 恵"},
    {"maibara", "outreach", "outreach_worker", "outreach_team", "渡辺 翔太"},
    {"maibara", "participation", "participation_worker", "sanka_shien_team", "山本 さくら"},
    {"maibara", "kyougitai", "resource_council", "ichisou_kyougitai", "中村 誠"},
    {"maibara", "admin", kTenantAdminRole, "", "小林 明美"},
    {"maibara", "auditor", kAuditorRole, "", "加藤 浩"},

    {"sakata", "intake", "intake_agency", "sakata_city_hall", "吉田 真由美"},
    {"sakata", "takikan", "takikan", "takikan_jimukyoku", "山田 大輔"},
    {"sakata", "support", "support_agency", "chiiki_houkatsu", "佐々木 愛"},
    {"sakata", "jusoukaigi", "jusou_kaigi", "jusou_kaigi_body", "山口 修"},
    {"sakata", "admin", kTenantAdminRole, "", "松本 千尋"},
    {"sakata", "auditor", kAuditorRole, "", "井上 隆"},

    {"toyonaka", "intake", "intake_agency", "chiiki_houkatsu", "木村 香織"},
    {"toyonaka", "takikan", "takikan", "chiiki_kyousei_ka", "林 拓也"},
    {"toyonaka", "lead", "jimukyoku_lead", "chiiki_kyousei_ka", "斎藤 亜紀"},
    {"toyonaka", "toukatsu", "toukatsu", "fukushi_bu_jichou", "清水 正樹"},
    {"toyonaka", "support", "support_agency", "shougai_fukushi_ka", "山崎 舞"},
    {"toyonaka", "shienkaigi", "shien_kaigi", "takikan_suishin_kaigi", "森 和也"},
    {"toyonaka", "jusoukaigi", "jusou_kaigi", "takikan_suishin_kaigi", "池田 礼子"},
    {"toyonaka", "outreach", "outreach_worker", "shakyo_chiiki_fukushi", "橋本 陽介"},
    {"toyonaka", "participation", "participation_worker", "kurashi_shien_ka", "阿部 裕子"},
    {"toyonaka", "admin", kTenantAdminRole, "", "石川 学"},
    {"toyonaka", "auditor", kAuditorRole, "", "山下 久美子"},

    {"fussa", "intake", "intake_agency", "fukushi_sogo_soudan", "中島 彩"},
    {"fussa", "suishinin", "suishinin", "fukushi_sogo_soudan", "石井 康弘"},
    {"fussa", "takikan", "takikan", "takikan_jimukyoku", "小川 奈々"},
    {"fussa", "support", "support_agency", "kaigo_fukushi", "前田 剛"},
    {"fussa", "shienkaigi", "shien_kaigi", "shien_kaigi_body", "岡田 由紀"},
    {"fussa", "jusoukaigi", "jusou_kaigi", "jusou_kaigi_body", "長谷川 豊"},
    {"fussa", "outreach", "outreach_worker", "takikan_jimukyoku", "藤田 美穂"},
    {"fussa", "participation", "participation_worker", "shakyo_coordinator", "後藤 亮"},
    {"fussa", "admin", kTenantAdminRole, "", "近藤 智子"},
    {"fussa", "auditor", kAuditorRole, "", "村上 聡"},

    {"nagaokakyo", "intake", "intake_agency", "nandemo_soudan", "遠藤 優子"},
    {"nagaokakyo", "takikan", "takikan", "takikan_jimukyoku", "青木 翼"},
    {"nagaokakyo", "support", "support_agency", "chiiki_houkatsu", "坂本 陽子"},
    {"nagaokakyo", "shienkaigi", "shien_kaigi", "shien_kaigi_body", "福田 哲也"},
    {"nagaokakyo", "jusoukaigi", "jusou_kaigi", "jusou_kaigi_body", "太田 真理"},
    {"nagaokakyo", "outreach", "outreach_worker", "outreach_team", "西村 悠"},
    {"nagaokakyo", "participation", "participation_worker", "sanka_shien_team", "藤井 綾"},
    {"nagaokakyo", "admin", kTenantAdminRole, "", "金子 修一"},
    {"nagaokakyo", "auditor", kAuditorRole, "", "三浦 佳代"},
};

// Letters and digits that cannot be mistaken for one another when read aloud
// or copied by hand.
constexpr std::string_view kPasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

}  // namespace

Result<std::string> RandomPassword(size_t length) {
  // Bytes at or above the largest multiple of the alphabet size are dropped,
  // so every character is equally likely.
  const size_t n = kPasswordAlphabet.size();
  const size_t limit = 256 - 256 % n;
  std::string out;
  std::array<unsigned char, 64> buf{};
  while (out.size() < length) {
    if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1) {
      return Status::Internal("the random generator failed (RAND_bytes)");
    }
    for (unsigned char b : buf) {
      if (out.size() == length) break;
      if (b < limit) out.push_back(kPasswordAlphabet[b % n]);
    }
  }
  return out;
}

Result<DemoConfig> NewDemoConfig(const DemoPaths& paths) {
  DemoConfig c;
  c.server.bind = "127.0.0.1";
  c.server.port = 8080;
  c.server.db_path = paths.dir + "/kasane.db";
  c.server.workflows_dir = paths.workflows_dir;
  c.server.plugins_dir = paths.plugins_dir;
  for (const TownSpec& t : kTowns) {
    c.server.tenants.push_back({t.id, t.name_ja, t.name_en, {t.id, t.outreach, t.participation}});
  }
  for (const AccountSpec& a : kAccounts) {
    Result<std::string> password = RandomPassword();
    if (!password.ok()) return password.status();
    DemoAccount account;
    account.user = {a.tenant, std::string(a.tenant) + "-" + a.suffix, "", a.role, a.agency, a.name};
    account.password = std::move(*password);
    c.accounts.push_back(std::move(account));
  }
  return c;
}

ServerConfig ServerConfigWithUsers(const DemoConfig& config) {
  ServerConfig server = config.server;
  server.users.clear();
  for (const DemoAccount& a : config.accounts) server.users.push_back(a.user);
  return server;
}

}  // namespace kasane::demo
