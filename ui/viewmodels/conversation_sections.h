// The sidebar's group headings: Pinned, Today, Yesterday, Previous 7 days, then one per month.
#pragma once

#include <QDate>
#include <QString>

namespace glm::ui {

// The heading of a conversation last active at updatedMs (local time), seen on `today`.
QString conversationSection(qint64 updatedMs, bool pinned, const QDate& today);

} // namespace glm::ui
