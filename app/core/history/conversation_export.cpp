#include "history/conversation_export.h"

#include "history/message_index.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace glm::history {

namespace {

// The translation context of these messages (lupdate reads ExportText::tr).
struct ExportText {
    Q_DECLARE_TR_FUNCTIONS(ConversationExport)
};

QJsonValue optionalNumber(const std::optional<qint64>& v) {
    return v ? QJsonValue(double(*v)) : QJsonValue();
}
QJsonValue optionalNumber(const std::optional<double>& v) {
    return v ? QJsonValue(*v) : QJsonValue();
}

QJsonObject statsObject(const GenerationStats& s) {
    QJsonObject stats;
    auto put = [&stats](const char* key, const QJsonValue& value) {
        if (!value.isNull()) stats.insert(QLatin1String(key), value);
    };
    put("prompt_tokens", optionalNumber(s.promptTokens));
    put("completion_tokens", optionalNumber(s.completionTokens));
    put("tokens_per_second", optionalNumber(s.tokensPerSecond));
    put("first_token_ms", optionalNumber(s.firstTokenMs));
    put("duration_ms", optionalNumber(s.durationMs));
    return stats;
}

// Messages get ids 1..n in the file (parents first), independent of database row ids.
QJsonObject conversationObject(const ConversationRecord& record) {
    const Conversation& c = record.conversation;
    const MessageIndex index(record.messages);
    QHash<qint64, int> fileId;
    QJsonArray messages;
    for (const Message& m : index.topologicalOrder()) {
        const int id = int(fileId.size()) + 1;
        fileId.insert(m.id, id);
        QJsonObject message{
            {QStringLiteral("id"), id},
            {QStringLiteral("parent"),
             fileId.contains(m.parentId) ? QJsonValue(fileId.value(m.parentId)) : QJsonValue()},
            {QStringLiteral("role"), roleToString(m.role)},
            {QStringLiteral("content"), m.content},
            {QStringLiteral("state"), stateToString(m.state)},
            {QStringLiteral("created_at"), isoTime(m.createdMs)},
        };
        if (!m.model.isEmpty()) message.insert(QStringLiteral("model"), m.model);
        if (!m.error.isEmpty()) message.insert(QStringLiteral("error"), m.error);
        const QJsonObject stats = statsObject(m.stats);
        if (!stats.isEmpty()) message.insert(QStringLiteral("stats"), stats);
        if (!m.thinking.isEmpty()) message.insert(QStringLiteral("thinking"), m.thinking);
        if (m.thinkingMs) message.insert(QStringLiteral("thinking_ms"), double(*m.thinkingMs));
        messages.append(message);
    }
    const qint64 leaf = index.thread(c).conversation.currentLeafId;
    return QJsonObject{
        {QStringLiteral("uuid"), c.uuid},
        {QStringLiteral("title"), c.title},
        {QStringLiteral("model"), c.model},
        {QStringLiteral("created_at"), isoTime(c.createdMs)},
        {QStringLiteral("updated_at"), isoTime(c.updatedMs)},
        {QStringLiteral("pinned"), c.pinned},
        {QStringLiteral("settings"), c.settings},
        {QStringLiteral("current_leaf"),
         fileId.contains(leaf) ? QJsonValue(fileId.value(leaf)) : QJsonValue()},
        {QStringLiteral("messages"), messages},
    };
}

QString localTime(qint64 ms) {
    return QLocale::c().toString(QDateTime::fromMSecsSinceEpoch(ms),
                                 QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString roleHeading(const Message& m) {
    switch (m.role) {
    case MessageRole::System:
        return ExportText::tr("System");
    case MessageRole::User:
        return ExportText::tr("You");
    case MessageRole::Assistant:
        return m.model.isEmpty() ? ExportText::tr("Assistant")
                                 : ExportText::tr("Assistant (%1)").arg(m.model);
    }
    return {};
}

QString stateNote(const Message& m) {
    switch (m.state) {
    case MessageState::Interrupted:
        return ExportText::tr("*The reply was interrupted here.*");
    case MessageState::Error:
        return m.error.isEmpty() ? ExportText::tr("*The reply failed.*")
                                 : ExportText::tr("*The reply failed: %1*").arg(m.error);
    case MessageState::Streaming:
        return ExportText::tr("*The reply was still being written.*");
    case MessageState::Complete:
        return {};
    }
    return {};
}

// A reasoning model's thinking, as a quote above its answer.
QString thinkingQuote(const Message& m) {
    if (m.thinking.trimmed().isEmpty()) return {};
    const QString heading = m.thinkingMs ? ExportText::tr("*Thought for %1 s:*")
                                               .arg(qMax<qint64>(1, (*m.thinkingMs + 500) / 1000))
                                         : ExportText::tr("*Thinking (unfinished):*");
    QString quote = QStringLiteral("> %1\n>\n").arg(heading);
    for (const QString& line : m.thinking.trimmed().split(QLatin1Char('\n')))
        quote += line.isEmpty() ? QStringLiteral(">\n") : QStringLiteral("> %1\n").arg(line);
    return quote + QLatin1Char('\n');
}

} // namespace

QString isoTime(qint64 msSinceEpoch) {
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

QByteArray exportJson(const QList<ConversationRecord>& records, qint64 exportedAtMs,
                      const QString& appVersion) {
    QJsonArray conversations;
    for (const ConversationRecord& record : records)
        conversations.append(conversationObject(record));
    const QJsonObject root{
        {QStringLiteral("format"), QLatin1String(kJsonArchiveFormat)},
        {QStringLiteral("version"), kJsonArchiveVersion},
        {QStringLiteral("exported_at"), isoTime(exportedAtMs)},
        {QStringLiteral("app_version"), appVersion},
        {QStringLiteral("conversations"), conversations},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString exportMarkdown(const QList<ConversationRecord>& records) {
    QStringList parts;
    for (const ConversationRecord& record : records) {
        const ConversationThread thread = MessageIndex(record.messages).thread(record.conversation);
        const Conversation& c = record.conversation;
        QString text =
            QStringLiteral("# %1\n\n")
                .arg(c.title.isEmpty() ? ExportText::tr("Untitled conversation") : c.title);
        if (!c.model.isEmpty()) text += ExportText::tr("- Model: %1\n").arg(c.model);
        text += ExportText::tr("- Created: %1\n- Last activity: %2\n")
                    .arg(localTime(c.createdMs), localTime(c.updatedMs));
        for (const ThreadMessage& tm : thread.messages) {
            const Message& m = tm.message;
            text += QStringLiteral("\n## %1\n\n").arg(roleHeading(m));
            text += thinkingQuote(m);
            text += m.content.trimmed();
            text += QLatin1Char('\n');
            const QString note = stateNote(m);
            if (!note.isEmpty()) text += QStringLiteral("\n%1\n").arg(note);
        }
        parts.append(text);
    }
    return parts.join(QStringLiteral("\n---\n\n"));
}

} // namespace glm::history
