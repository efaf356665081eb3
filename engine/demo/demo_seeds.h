// The demo cases as data, one function per town (demo_seeds_<town>.cpp).
// Events, roles, agencies and payload fields follow the town's flow exactly,
// as its scenarios under tests/scenarios/<town>/ do. Everything about the
// households is fictional.
#pragma once

#include <string>
#include <vector>

namespace kasane::demo {

// Someone who acts in the demo cases: a role held at an agency.
struct SeedActor {
  std::string key;
  std::string role;
  std::string agency;
};

// One event. Payloads are JSON; a string value "$today", "$today+N" or
// "$today-N" becomes that date (YYYY-MM-DD, JST) at the time of the event.
struct SeedStep {
  int days = 0;           // calendar days after the previous event (0: half an hour later)
  std::string actor;      // a SeedActor key
  std::string event;
  std::string payload;    // JSON object; empty for none
  std::string child;      // fire on the newest child case of this workflow; empty: the case itself
};

struct SeedCase {
  std::string summary;  // one line, Japanese
  int days_ago = 0;     // when the case is created, in days before now
  std::string actor;    // who creates it
  std::string data;     // JSON object: the initial state's form
  std::vector<SeedStep> steps;
  std::string state;    // where the case must end up
  std::string initial_state = "intake";
};

struct TownSeed {
  std::string tenant;
  std::string workflow;
  std::vector<SeedActor> actors;
  std::vector<SeedCase> cases;
};

TownSeed MaibaraSeed();
TownSeed SakataSeed();
TownSeed ToyonakaSeed();
TownSeed FussaSeed();
TownSeed NagaokakyoSeed();

}  // namespace kasane::demo
