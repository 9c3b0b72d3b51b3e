#include "history/conversation_import.h"

#include "history/conversation_export.h"
#include "history/conversation_title.h"
#include "history/search_query.h"
#include "history/sql_support.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>
#include <QUuid>
#include <cmath>

namespace glm::history {

namespace {

// The translation context of these messages (lupdate reads ImportText::tr).
struct ImportText {
    Q_DECLARE_TR_FUNCTIONS(ConversationImport)
};

StoreError invalid(const QString& why) {
    return StoreError::make(StoreErrorKind::InvalidInput, why);
}

// Conversations without a usable uuid get one derived from their content, so importing the
// same file twice still finds the duplicate.
const QUuid kContentNamespace = QUuid(QStringLiteral("{6f1c3a52-2d0e-4c61-9d6b-0a7f4c1e9b33}"));

std::optional<qint64> parseTime(const QJsonValue& value) {
    if (!value.isString()) return std::nullopt;
    const QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!time.isValid()) return std::nullopt;
    return time.toMSecsSinceEpoch();
}

std::optional<qint64> wholeNumber(const QJsonValue& value) {
    if (!value.isDouble()) return std::nullopt;
    const double d = value.toDouble();
    if (!std::isfinite(d) || d < 0 || d > 9.0e15 || d != std::floor(d)) return std::nullopt;
    return qint64(d);
}

GenerationStats parseStats(const QJsonObject& o) {
    GenerationStats s;
    s.promptTokens = wholeNumber(o.value(QStringLiteral("prompt_tokens")));
    s.completionTokens = wholeNumber(o.value(QStringLiteral("completion_tokens")));
    const QJsonValue tps = o.value(QStringLiteral("tokens_per_second"));
    if (tps.isDouble() && std::isfinite(tps.toDouble()) && tps.toDouble() >= 0)
        s.tokensPerSecond = tps.toDouble();
    s.firstTokenMs = wholeNumber(o.value(QStringLiteral("first_token_ms")));
    s.durationMs = wholeNumber(o.value(QStringLiteral("duration_ms")));
    return s;
}

// Parses one conversation; returns the reason when it is not usable.
QString parseConversation(const QJsonObject& o, ConversationRecord* record) {
    Conversation& c = record->conversation;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!o.value(QStringLiteral("messages")).isArray())
        return ImportText::tr("it has no \"messages\" list");
    c.title = cleanTitle(o.value(QStringLiteral("title")).toString());
    c.model = o.value(QStringLiteral("model")).toString();
    c.createdMs = parseTime(o.value(QStringLiteral("created_at"))).value_or(now);
    c.updatedMs = parseTime(o.value(QStringLiteral("updated_at"))).value_or(c.createdMs);
    c.pinned = o.value(QStringLiteral("pinned")).toBool(false);
    c.settings = o.value(QStringLiteral("settings")).toObject();

    QSet<qint64> ids;
    for (const QJsonValue& value : o.value(QStringLiteral("messages")).toArray()) {
        const QJsonObject mo = value.toObject();
        Message m;
        const std::optional<qint64> id = wholeNumber(mo.value(QStringLiteral("id")));
        if (!id || *id == 0 || ids.contains(*id))
            return ImportText::tr("a message has a missing or repeated \"id\"");
        m.id = *id;
        const QJsonValue parent = mo.value(QStringLiteral("parent"));
        if (!parent.isNull() && !parent.isUndefined()) {
            const std::optional<qint64> parentId = wholeNumber(parent);
            if (!parentId || !ids.contains(*parentId))
                return ImportText::tr("message %1 names a parent that does not come before it")
                    .arg(m.id);
            m.parentId = *parentId;
        }
        const std::optional<MessageRole> role =
            roleFromString(mo.value(QStringLiteral("role")).toString());
        if (!role) return ImportText::tr("message %1 has an unknown role").arg(m.id);
        m.role = *role;
        if (!mo.value(QStringLiteral("content")).isString())
            return ImportText::tr("message %1 has no text").arg(m.id);
        m.content = mo.value(QStringLiteral("content")).toString();
        const QJsonValue state = mo.value(QStringLiteral("state"));
        m.state = state.isUndefined()
                      ? MessageState::Complete
                      : stateFromString(state.toString()).value_or(MessageState::Interrupted);
        if (m.state == MessageState::Streaming) m.state = MessageState::Interrupted;
        m.createdMs = parseTime(mo.value(QStringLiteral("created_at"))).value_or(c.createdMs);
        m.model = mo.value(QStringLiteral("model")).toString();
        m.error = mo.value(QStringLiteral("error")).toString();
        m.stats = parseStats(mo.value(QStringLiteral("stats")).toObject());
        // Files from before thinking was kept apart have neither key: the reply has none.
        m.thinking = mo.value(QStringLiteral("thinking")).toString();
        m.thinkingMs = wholeNumber(mo.value(QStringLiteral("thinking_ms")));
        ids.insert(m.id);
        record->messages.append(m);
    }
    const QJsonValue leaf = o.value(QStringLiteral("current_leaf"));
    if (const std::optional<qint64> leafId = wholeNumber(leaf); leafId && ids.contains(*leafId))
        c.currentLeafId = *leafId;

    const QUuid uuid = QUuid::fromString(o.value(QStringLiteral("uuid")).toString());
    if (!uuid.isNull()) {
        c.uuid = uuid.toString(QUuid::WithoutBraces);
    } else {
        QJsonObject withoutUuid = o;
        withoutUuid.remove(QStringLiteral("uuid"));
        c.uuid = QUuid::createUuidV5(kContentNamespace,
                                     QJsonDocument(withoutUuid).toJson(QJsonDocument::Compact))
                     .toString(QUuid::WithoutBraces);
    }
    return {};
}

StoreResult<bool> uuidPresent(QSqlDatabase& db, const QString& uuid) {
    StoreError error;
    QSqlQuery query =
        sql::prepare(db, QStringLiteral("SELECT 1 FROM conversations WHERE uuid = ?"), &error);
    if (error) return StoreResult<bool>::failure(error);
    query.addBindValue(uuid);
    if ((error = sql::exec(query))) return StoreResult<bool>::failure(error);
    return StoreResult<bool>::success(query.next());
}

StoreError insertRecord(QSqlDatabase& db, const ConversationRecord& record) {
    const Conversation& c = record.conversation;
    StoreError error;
    QSqlQuery conversation =
        sql::prepare(db,
                     QStringLiteral("INSERT INTO conversations (uuid, title, model, created_at, "
                                    "updated_at, pinned, settings)"
                                    " VALUES (?, ?, ?, ?, ?, ?, ?)"),
                     &error);
    if (error) return error;
    conversation.addBindValue(c.uuid);
    conversation.addBindValue(sql::text(c.title));
    conversation.addBindValue(sql::text(c.model));
    conversation.addBindValue(c.createdMs);
    conversation.addBindValue(c.updatedMs);
    conversation.addBindValue(c.pinned ? 1 : 0);
    conversation.addBindValue(
        QString::fromUtf8(QJsonDocument(c.settings).toJson(QJsonDocument::Compact)));
    if ((error = sql::exec(conversation))) return error;
    const qint64 conversationId = conversation.lastInsertId().toLongLong();

    QSqlQuery message = sql::prepare(
        db,
        QStringLiteral(
            "INSERT INTO messages (conversation_id, parent_id, role, content, search_text, state,"
            " created_at, model, error, prompt_tokens, completion_tokens, tokens_per_second,"
            " first_token_ms, duration_ms, thinking, thinking_ms)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        &error);
    if (error) return error;
    auto nullable = [](const auto& v) { return v ? QVariant(*v) : QVariant(); };
    QHash<qint64, qint64> newId;
    for (const Message& m : record.messages) {
        message.addBindValue(conversationId);
        message.addBindValue(m.parentId == 0 ? QVariant() : QVariant(newId.value(m.parentId)));
        message.addBindValue(roleToString(m.role));
        message.addBindValue(sql::text(m.content));
        message.addBindValue(separateIdeographs(m.content));
        message.addBindValue(stateToString(m.state));
        message.addBindValue(m.createdMs);
        message.addBindValue(sql::text(m.model));
        message.addBindValue(sql::text(m.error));
        message.addBindValue(nullable(m.stats.promptTokens));
        message.addBindValue(nullable(m.stats.completionTokens));
        message.addBindValue(nullable(m.stats.tokensPerSecond));
        message.addBindValue(nullable(m.stats.firstTokenMs));
        message.addBindValue(nullable(m.stats.durationMs));
        message.addBindValue(sql::text(m.thinking));
        message.addBindValue(nullable(m.thinkingMs));
        if ((error = sql::exec(message))) return error;
        newId.insert(m.id, message.lastInsertId().toLongLong());
    }
    if (c.currentLeafId == 0) return {};
    QSqlQuery leaf = sql::prepare(
        db, QStringLiteral("UPDATE conversations SET current_leaf_id = ? WHERE id = ?"), &error);
    if (error) return error;
    leaf.addBindValue(newId.value(c.currentLeafId));
    leaf.addBindValue(conversationId);
    return sql::exec(leaf);
}

} // namespace

StoreResult<ParsedArchive> parseJsonArchive(const QByteArray& data) {
    using R = StoreResult<ParsedArchive>;
    if (data.size() > kMaxArchiveBytes)
        return R::failure(invalid(ImportText::tr("the file is larger than 1 GiB")));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return R::failure(invalid(ImportText::tr("the file is not valid JSON (%1 at byte %2)")
                                      .arg(parseError.errorString())
                                      .arg(parseError.offset)));
    const QJsonObject root = document.object();
    if (root.value(QStringLiteral("format")).toString() != QLatin1String(kJsonArchiveFormat))
        return R::failure(
            invalid(ImportText::tr("the file is not a GLM Chat conversation export")));
    const std::optional<qint64> version = wholeNumber(root.value(QStringLiteral("version")));
    if (!version || *version < 1)
        return R::failure(invalid(ImportText::tr("the file has no valid format version")));
    if (*version > kJsonArchiveVersion)
        return R::failure(
            invalid(ImportText::tr(
                        "the file was written by a newer GLM Chat (format version %1; this version "
                        "reads up to %2). Update GLM Chat to import it.")
                        .arg(*version)
                        .arg(kJsonArchiveVersion)));
    if (!root.value(QStringLiteral("conversations")).isArray())
        return R::failure(invalid(ImportText::tr("the file has no \"conversations\" list")));

    ParsedArchive archive;
    const QJsonArray conversations = root.value(QStringLiteral("conversations")).toArray();
    for (qsizetype i = 0; i < conversations.size(); ++i) {
        ConversationRecord record;
        const QString problem = conversations[i].isObject()
                                    ? parseConversation(conversations[i].toObject(), &record)
                                    : ImportText::tr("it is not a JSON object");
        if (!problem.isEmpty()) {
            ++archive.rejected;
            archive.problems.append(
                ImportText::tr("Conversation %1 was skipped: %2.").arg(i + 1).arg(problem));
            continue;
        }
        archive.records.append(record);
    }
    return R::success(archive);
}

StoreResult<ImportReport> importRecords(QSqlDatabase& db, const ParsedArchive& archive) {
    using R = StoreResult<ImportReport>;
    ImportReport report;
    report.rejected = archive.rejected;
    report.problems = archive.problems;
    sql::Transaction transaction(db);
    if (transaction.beginError()) return R::failure(transaction.beginError());
    for (const ConversationRecord& record : archive.records) {
        StoreResult<bool> present = uuidPresent(db, record.conversation.uuid);
        if (!present.ok()) return R::failure(present.error);
        if (present.value) {
            ++report.duplicates;
            continue;
        }
        if (StoreError error = insertRecord(db, record)) return R::failure(error);
        ++report.imported;
    }
    if (StoreError error = transaction.commit()) return R::failure(error);
    return R::success(report);
}

} // namespace glm::history
