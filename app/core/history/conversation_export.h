// Conversations to files people can keep and move: Markdown (to read; the current branch of
// each conversation) and JSON (a complete backup: every branch, settings and stats), whose
// schema is documented in docs/conversation-json.md. Pure functions: no database, no files.
#pragma once

#include "history/conversation_types.h"

#include <QByteArray>

namespace glm::history {

enum class ExportFormat { Markdown, Json };

inline constexpr int kJsonArchiveVersion = 1;
inline constexpr char kJsonArchiveFormat[] = "glm-chat-conversations";

QByteArray exportJson(const QList<ConversationRecord>& records, qint64 exportedAtMs,
                      const QString& appVersion);
QString exportMarkdown(const QList<ConversationRecord>& records);

// Times in exported files: ISO 8601 in UTC with milliseconds ("2024-05-01T08:30:00.000Z").
QString isoTime(qint64 msSinceEpoch);

} // namespace glm::history
