// Turns a search snippet (plain text with kHighlightStart/kHighlightEnd around matches) into
// Qt StyledText for a QML Text: the text is escaped first, so a message can never inject markup.
#pragma once

#include <QString>

namespace glm::ui {

QString snippetToStyledText(const QString& snippet);

} // namespace glm::ui
