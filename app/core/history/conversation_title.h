// The title a new conversation gets from its first message, until the user renames it.
#pragma once

#include <QString>

namespace glm::history {

inline constexpr int kMaxTitleLength = 200;

// The first non-empty line, whitespace collapsed, Markdown line markers (#, >, -, *) dropped,
// cut to about 50 characters at a word boundary where the script has words.
QString titleFromMessage(const QString& text);

// A title the user typed: trimmed, one line, at most kMaxTitleLength characters; empty when
// nothing is left (the caller refuses it).
QString cleanTitle(const QString& title);

} // namespace glm::history
