#include "conversation_sections.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace glm::ui {

QString conversationSection(qint64 updatedMs, bool pinned, const QDate& today) {
    auto tr = [](const char* text, const char* comment = nullptr) {
        return QCoreApplication::translate("ConversationSections", text, comment);
    };
    if (pinned) return tr("Pinned");
    const QDate day = QDateTime::fromMSecsSinceEpoch(updatedMs).date();
    const qint64 daysAgo = day.daysTo(today);
    if (daysAgo <= 0) return tr("Today"); // also a clock that was ahead
    if (daysAgo == 1) return tr("Yesterday");
    if (daysAgo < 7) return tr("Previous 7 days");
    // Translators: a month heading, in QLocale date format ("yyyy年M月" in Chinese).
    return QLocale().toString(day, tr("MMMM yyyy", "month section heading"));
}

} // namespace glm::ui
