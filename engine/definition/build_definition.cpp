#include "definition/build_definition.h"

namespace kasane {

Definition BuildDefinition(DefinitionDraft&& draft) {
  Definition def;
  def.id = std::move(draft.id);
  def.title = std::move(draft.title);
  def.extends = std::move(draft.extends);
  def.description = std::move(draft.description);
  def.settings = draft.settings.is_null() ? Value(Object{}) : std::move(draft.settings);
  def.roles = std::move(draft.roles.items);
  def.forms = std::move(draft.forms.items);
  for (AgencyDraft& a : draft.agencies.items) def.agencies.push_back(std::move(a.agency));
  for (StateDraft& s : draft.states.items) def.states.push_back(std::move(s.state));
  for (TransitionDraft& t : draft.transitions) def.transitions.push_back(std::move(t.transition));
  for (PluginDraft& p : draft.plugins) def.plugins.push_back(std::move(p.use));
  def.meetings = std::move(draft.meetings.items);
  return def;
}

}  // namespace kasane
