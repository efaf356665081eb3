// Escaping of untrusted text for Graphviz DOT.
#pragma once

#include <string>
#include <string_view>

namespace kasane {

// Contents of a DOT double-quoted string (IDs, tooltips, plain labels): escapes
// '"' and '\', turns line breaks into the "\n" escape and drops other control
// characters. The result never ends the string early nor forms an escape
// sequence other than \\, \" and \n.
std::string DotQuoted(std::string_view text);

// Text inside an HTML-like label <...>: escapes &, <, >, " and ' as entities,
// turns line breaks into <BR/> and drops other control characters.
std::string DotHtml(std::string_view text);

}  // namespace kasane
