#include "viewmodels/conversation_sections.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace glm::ui {

namespace {
// The translation context of these headings (lupdate reads SectionsText::tr).
struct SectionsText {
    Q_DECLARE_TR_FUNCTIONS(ConversationSections)
};
} // namespace

QString conversationSection(qint64 updatedMs, bool pinned, const QDate& today) {
    if (pinned) return SectionsText::tr("Pinned");
    const QDate day = QDateTime::fromMSecsSinceEpoch(updatedMs).date();
    const qint64 daysAgo = day.daysTo(today);
    if (daysAgo <= 0) return SectionsText::tr("Today"); // also a clock that was ahead
    if (daysAgo == 1) return SectionsText::tr("Yesterday");
    if (daysAgo < 7) return SectionsText::tr("Previous 7 days");
    // Translators: a month heading, in QLocale date format ("yyyy年M月" in Chinese).
    return QLocale().toString(day, SectionsText::tr("MMMM yyyy", "month section heading"));
}

} // namespace glm::ui
