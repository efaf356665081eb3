#include "definition/merge_extends.h"

#include <algorithm>

namespace kasane {
namespace {

// Replacing an inherited entry is the rule; a form written with `merge: true`
// is merged into the base's instead. Returns whether it merged.
template <typename T>
bool MergeInto(T*, T*, std::vector<Diagnostic>*) {
  return false;
}

template <>
bool MergeInto(Form* base, Form* child, std::vector<Diagnostic>* diags) {
  if (!child->merge) return false;
  for (const std::string& id : child->removed_fields) {
    auto gone = std::remove_if(base->fields.begin(), base->fields.end(), [&](const Field& f) { return f.id == id; });
    if (gone == base->fields.end())
      diags->push_back({child->pos, "cannot remove field '" + id + "': the base form '" + base->id + "' has none"});
    base->fields.erase(gone, base->fields.end());
  }
  for (Field& field : child->fields) {
    auto it = std::find_if(base->fields.begin(), base->fields.end(), [&](const Field& f) { return f.id == field.id; });
    if (it == base->fields.end()) {
      base->fields.push_back(std::move(field));
    } else {
      *it = std::move(field);
    }
  }
  if (!child->label.empty()) base->label = child->label;
  base->pos = child->pos;
  return true;
}

template <typename T>
void MergeSection(DraftSection<T>* base, DraftSection<T>* child, const std::string& kind,
                  const std::string& base_id, std::vector<Diagnostic>* diags) {
  for (const IdRef& r : child->removed) {
    auto it = std::find_if(base->items.begin(), base->items.end(), [&](const T& t) { return IdOf(t) == r.id; });
    if (it == base->items.end()) {
      diags->push_back({r.pos, "cannot remove " + kind + " '" + r.id + "': base '" + base_id + "' has no " + kind +
                                   " '" + r.id + "'"});
      continue;
    }
    base->items.erase(it);
  }
  for (T& item : child->items) {
    auto it = std::find_if(base->items.begin(), base->items.end(),
                           [&](const T& t) { return IdOf(t) == IdOf(item); });
    if (it == base->items.end()) {
      base->items.push_back(std::move(item));
    } else if (!MergeInto(&*it, &item, diags)) {
      *it = std::move(item);
    }
  }
  if (child->present) {
    base->present = true;
    base->pos = child->pos;
  }
}

// Drops `state` from the inherited transitions.
void PruneState(std::vector<TransitionDraft>* transitions, const std::string& state) {
  for (TransitionDraft& t : *transitions) {
    auto& from = t.transition.from;
    for (size_t i = from.size(); i-- > 0;) {
      if (from[i] != state) continue;
      from.erase(from.begin() + static_cast<std::ptrdiff_t>(i));
      t.from_pos.erase(t.from_pos.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  std::erase_if(*transitions, [&](const TransitionDraft& t) {
    return t.transition.to == state || (!t.from_all && t.transition.from.empty());
  });
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool Overlaps(const TransitionDraft& base, const TransitionDraft& child) {
  if (child.from_all) return true;
  for (const std::string& s : child.transition.from) {
    if (base.from_all ? !Contains(base.except, s) : base.transition.From(s)) return true;
  }
  return false;
}

// Takes the child's source states out of `base`; returns true when nothing is left.
bool Subtract(TransitionDraft* base, const TransitionDraft& child) {
  if (child.from_all) return true;
  if (base->from_all) {
    for (const std::string& s : child.transition.from)
      if (!Contains(base->except, s)) base->except.push_back(s);
    return false;
  }
  auto& from = base->transition.from;
  for (size_t i = from.size(); i-- > 0;) {
    if (!child.transition.From(from[i])) continue;
    from.erase(from.begin() + static_cast<std::ptrdiff_t>(i));
    base->from_pos.erase(base->from_pos.begin() + static_cast<std::ptrdiff_t>(i));
  }
  return from.empty();
}

std::string FromText(const TransitionDraft& t) {
  if (t.from_all) return "any state";
  std::string out;
  for (const auto& s : t.transition.from) out += (out.empty() ? "'" : ", '") + s + "'";
  return out.empty() ? "no state" : out;
}

// Applies one `replaces` or `remove` entry to the inherited transitions not
// yet dropped; returns the index of the first one it matched, or -1.
std::ptrdiff_t TakeOver(std::vector<TransitionDraft>* inherited, std::vector<bool>* dropped,
                        const TransitionDraft& child, const std::string& event) {
  std::ptrdiff_t first = -1;
  for (size_t i = 0; i < inherited->size(); ++i) {
    TransitionDraft& base = (*inherited)[i];
    if ((*dropped)[i] || base.transition.event != event || !Overlaps(base, child)) continue;
    if (first < 0) first = static_cast<std::ptrdiff_t>(i);
    if (Subtract(&base, child)) (*dropped)[i] = true;
  }
  return first;
}

void MergeTransitions(DefinitionDraft* base, DefinitionDraft* child, std::vector<Diagnostic>* diags) {
  std::vector<TransitionDraft> inherited = std::move(base->transitions);
  std::vector<bool> dropped(inherited.size(), false);
  // Replacements go just before the first inherited transition they matched.
  std::vector<std::vector<TransitionDraft>> inserted(inherited.size() + 1);
  std::vector<TransitionDraft> appended;
  for (TransitionDraft& t : child->transitions) {
    // Without an event or source states there is nothing to match (already reported).
    const bool unmatchable = t.transition.event.empty() || (!t.from_all && t.transition.from.empty());
    if (t.remove && unmatchable) continue;
    if (unmatchable) t.replaces.clear();
    if (t.remove) {
      if (TakeOver(&inherited, &dropped, t, t.transition.event) < 0)
        diags->push_back({t.transition.pos, "'remove' matches no inherited transition on '" + t.transition.event +
                                                "' from " + FromText(t)});
      continue;
    }
    if (t.replaces.empty()) {
      appended.push_back(std::move(t));
      continue;
    }
    std::ptrdiff_t at = TakeOver(&inherited, &dropped, t, t.replaces);
    if (at < 0) {
      diags->push_back({t.replaces_pos, "'replaces: " + t.replaces + "' matches no inherited transition on '" +
                                            t.replaces + "' from " + FromText(t)});
      at = static_cast<std::ptrdiff_t>(inherited.size());
    }
    t.replaces.clear();
    inserted[static_cast<size_t>(at)].push_back(std::move(t));
  }
  std::vector<TransitionDraft>& out = base->transitions;
  out.clear();
  for (size_t i = 0; i <= inherited.size(); ++i) {
    for (TransitionDraft& t : inserted[i]) out.push_back(std::move(t));
    if (i < inherited.size() && !dropped[i]) out.push_back(std::move(inherited[i]));
  }
  for (TransitionDraft& t : appended) out.push_back(std::move(t));
  if (child->has_transitions) {
    base->has_transitions = true;
    base->transitions_pos = child->transitions_pos;
  }
}

void MergePlugins(DefinitionDraft* base, DefinitionDraft* child) {
  for (PluginDraft& p : child->plugins) {
    auto it = std::find_if(base->plugins.begin(), base->plugins.end(),
                           [&](const PluginDraft& b) { return b.use.name == p.use.name; });
    if (it == base->plugins.end()) {
      base->plugins.push_back(std::move(p));
    } else if (!p.use.config.is_null()) {
      *it = std::move(p);
    }
  }
}

void MergeSettings(Value* base, Value* child) {
  if (!child->is_object()) return;
  if (!base->is_object()) {
    *base = std::move(*child);
    return;
  }
  for (auto& [key, value] : child->as_object()) (*base)[key] = std::move(value);
}

}  // namespace

DefinitionDraft MergeExtends(DefinitionDraft base, DefinitionDraft child, std::vector<Diagnostic>* diags) {
  const std::string base_id = base.id;
  base.file = child.file;
  base.pos = child.pos;
  base.id = child.id;
  base.id_pos = child.id_pos;
  base.extends = child.extends;
  base.extends_pos = child.extends_pos;
  if (child.has_title) {
    base.has_title = true;
    base.title = child.title;
  }
  if (child.has_description) {
    base.has_description = true;
    base.description = child.description;
  }
  MergeSettings(&base.settings, &child.settings);

  for (const IdRef& r : child.states.removed)
    if (FindDraft(base.states.items, r.id) != nullptr) PruneState(&base.transitions, r.id);
  MergeSection(&base.roles, &child.roles, "role", base_id, diags);
  MergeSection(&base.agencies, &child.agencies, "agency", base_id, diags);
  MergeSection(&base.forms, &child.forms, "form", base_id, diags);
  MergeSection(&base.states, &child.states, "state", base_id, diags);
  MergeSection(&base.meetings, &child.meetings, "meeting", base_id, diags);
  MergeTransitions(&base, &child, diags);
  MergePlugins(&base, &child);
  base.graph_incomplete = base.graph_incomplete || child.graph_incomplete;
  return base;
}

void DropInheritanceOps(DefinitionDraft* draft, std::vector<Diagnostic>* diags) {
  auto removals = [&](auto* section, const char* kind) {
    for (const IdRef& r : section->removed)
      diags->push_back({r.pos, "'" + r.id + ": ~' removes an inherited " + kind +
                                   ", but this definition has no 'extends'"});
    section->removed.clear();
  };
  removals(&draft->roles, "role");
  removals(&draft->agencies, "agency");
  removals(&draft->forms, "form");
  removals(&draft->states, "state");
  removals(&draft->meetings, "meeting");
  for (TransitionDraft& t : draft->transitions) {
    if (t.remove)
      diags->push_back({t.transition.pos, "'remove: true' drops an inherited transition, but this definition has "
                                          "no 'extends'"});
    if (!t.replaces.empty()) {
      diags->push_back({t.replaces_pos, "'replaces' takes the place of an inherited transition, but this definition "
                                        "has no 'extends'"});
      t.replaces.clear();
    }
  }
  std::erase_if(draft->transitions, [](const TransitionDraft& t) { return t.remove; });
}

void ExpandWildcards(DefinitionDraft* draft) {
  for (TransitionDraft& t : draft->transitions) {
    if (!t.from_all) continue;
    t.transition.from.clear();
    t.from_pos.clear();
    for (const StateDraft& s : draft->states.items) {
      if (s.state.final || Contains(t.except, s.state.id)) continue;
      t.transition.from.push_back(s.state.id);
      t.from_pos.push_back(t.from_key_pos);
    }
  }
  std::erase_if(draft->transitions, [](const TransitionDraft& t) { return t.from_all && t.transition.from.empty(); });
}

}  // namespace kasane
