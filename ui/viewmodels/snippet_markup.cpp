#include "viewmodels/snippet_markup.h"

#include "history/conversation_types.h"

namespace glm::ui {

QString snippetToStyledText(const QString& snippet) {
    QString out;
    out.reserve(snippet.size() + 32);
    bool open = false;
    QString run;
    auto flush = [&] {
        out += run.toHtmlEscaped();
        run.clear();
    };
    for (QChar c : snippet) {
        if (c == history::kHighlightStart && !open) {
            flush();
            out += QStringLiteral("<b>");
            open = true;
        } else if (c == history::kHighlightEnd && open) {
            flush();
            out += QStringLiteral("</b>");
            open = false;
        } else if (c != history::kHighlightStart && c != history::kHighlightEnd) {
            run += c;
        }
    }
    flush();
    if (open) out += QStringLiteral("</b>");
    return out;
}

} // namespace glm::ui
