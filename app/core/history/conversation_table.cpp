#include "history/conversation_table.h"

#include "history/conversation_title.h"
#include "history/sql_support.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace glm::history {

namespace {
QString settingsText(const QJsonObject& settings) {
    return QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Compact));
}

QJsonObject settingsFrom(const QString& text) {
    // A value that is not a JSON object (hand-edited, damaged) reads as no settings.
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    return document.isObject() ? document.object() : QJsonObject();
}

StoreError notFound(qint64 id) {
    return StoreError::make(StoreErrorKind::NotFound, QStringLiteral("conversation %1").arg(id));
}
} // namespace

const QString& ConversationTable::selectColumns() {
    static const QString columns =
        QStringLiteral("c.id, c.uuid, c.title, c.model, c.created_at, c.updated_at, c.pinned, "
                       "c.settings, c.current_leaf_id");
    return columns;
}

Conversation ConversationTable::fromQuery(const QSqlQuery& query, int first) {
    Conversation c;
    c.id = query.value(first + 0).toLongLong();
    c.uuid = query.value(first + 1).toString();
    c.title = query.value(first + 2).toString();
    c.model = query.value(first + 3).toString();
    c.createdMs = query.value(first + 4).toLongLong();
    c.updatedMs = query.value(first + 5).toLongLong();
    c.pinned = query.value(first + 6).toInt() != 0;
    c.settings = settingsFrom(query.value(first + 7).toString());
    c.currentLeafId = query.value(first + 8).toLongLong();
    return c;
}

StoreResult<Conversation>
ConversationTable::create(const QString& model, const QJsonObject& settings, const QString& title) {
    using R = StoreResult<Conversation>;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    StoreError error;
    QSqlQuery insert = sql::prepare(m_db,
                                    QStringLiteral("INSERT INTO conversations (uuid, title, model, "
                                                   "created_at, updated_at, pinned, settings)"
                                                   " VALUES (?, ?, ?, ?, ?, 0, ?)"),
                                    &error);
    if (error) return R::failure(error);
    insert.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
    insert.addBindValue(sql::text(cleanTitle(title)));
    insert.addBindValue(sql::text(model));
    insert.addBindValue(now);
    insert.addBindValue(now);
    insert.addBindValue(settingsText(settings));
    if ((error = sql::exec(insert))) return R::failure(error);
    return get(insert.lastInsertId().toLongLong());
}

StoreResult<Conversation> ConversationTable::get(qint64 id) {
    using R = StoreResult<Conversation>;
    StoreError error;
    QSqlQuery query = sql::prepare(
        m_db,
        QStringLiteral("SELECT %1 FROM conversations c WHERE c.id = ? AND c.deleted_at IS NULL")
            .arg(selectColumns()),
        &error);
    if (error) return R::failure(error);
    query.addBindValue(id);
    if ((error = sql::exec(query))) return R::failure(error);
    if (!query.next()) {
        error = StoreError::fromSql(query.lastError());
        return R::failure(error ? error : notFound(id));
    }
    return R::success(fromQuery(query));
}

StoreResult<QList<Conversation>> ConversationTable::page(const ConversationSortKey& after,
                                                         int limit) {
    using R = StoreResult<QList<Conversation>>;
    StoreError error;
    // The row-value comparison lets SQLite seek into conversations_sidebar instead of counting
    // its way past the rows already shown.
    QSqlQuery query =
        sql::prepare(m_db,
                     QStringLiteral("SELECT %1 FROM conversations c WHERE c.deleted_at IS NULL AND "
                                    "(c.pinned, c.updated_at, c.id) < (?, ?, ?)"
                                    " ORDER BY c.pinned DESC, c.updated_at DESC, c.id DESC LIMIT ?")
                         .arg(selectColumns()),
                     &error);
    if (error) return R::failure(error);
    query.addBindValue(after.pinned ? 1 : 0);
    query.addBindValue(after.updatedMs);
    query.addBindValue(after.id);
    query.addBindValue(qMax(1, limit));
    if ((error = sql::exec(query))) return R::failure(error);
    QList<Conversation> rows;
    while (query.next()) rows.append(fromQuery(query));
    if ((error = StoreError::fromSql(query.lastError()))) return R::failure(error);
    return R::success(rows);
}

StoreResult<qint64> ConversationTable::count() {
    StoreResult<QVariant> n = sql::scalar(
        m_db, QStringLiteral("SELECT count(*) FROM conversations WHERE deleted_at IS NULL"));
    if (!n.ok()) return StoreResult<qint64>::failure(n.error);
    return StoreResult<qint64>::success(n.value.toLongLong());
}

StoreResult<QList<qint64>> ConversationTable::liveIds() {
    using R = StoreResult<QList<qint64>>;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT id FROM conversations WHERE deleted_at IS NULL"
                                   " ORDER BY pinned DESC, updated_at DESC, id DESC")))
        return R::failure(StoreError::fromSql(query.lastError()));
    QList<qint64> ids;
    while (query.next()) ids.append(query.value(0).toLongLong());
    if (StoreError error = StoreError::fromSql(query.lastError())) return R::failure(error);
    return R::success(ids);
}

StoreResult<Conversation> ConversationTable::updateColumn(qint64 id, const QString& column,
                                                          const QVariant& value) {
    using R = StoreResult<Conversation>;
    StoreError error;
    QSqlQuery update = sql::prepare(
        m_db,
        QStringLiteral("UPDATE conversations SET %1 = ? WHERE id = ? AND deleted_at IS NULL")
            .arg(column),
        &error);
    if (error) return R::failure(error);
    update.addBindValue(value.typeId() == QMetaType::QString ? QVariant(sql::text(value.toString()))
                                                             : value);
    update.addBindValue(id);
    if ((error = sql::exec(update))) return R::failure(error);
    if (update.numRowsAffected() == 0) return R::failure(notFound(id));
    return get(id);
}

StoreResult<Conversation> ConversationTable::rename(qint64 id, const QString& title) {
    const QString clean = cleanTitle(title);
    if (clean.isEmpty())
        return StoreResult<Conversation>::failure(StoreError::make(
            StoreErrorKind::InvalidInput, QStringLiteral("a title cannot be empty")));
    return updateColumn(id, QStringLiteral("title"), clean);
}

StoreResult<Conversation> ConversationTable::setPinned(qint64 id, bool pinned) {
    return updateColumn(id, QStringLiteral("pinned"), pinned ? 1 : 0);
}

StoreResult<Conversation> ConversationTable::setModel(qint64 id, const QString& model) {
    return updateColumn(id, QStringLiteral("model"), model);
}

StoreResult<Conversation> ConversationTable::setSettings(qint64 id, const QJsonObject& settings) {
    return updateColumn(id, QStringLiteral("settings"), settingsText(settings));
}

StoreError ConversationTable::trash(qint64 id) {
    StoreError error;
    QSqlQuery update = sql::prepare(
        m_db,
        QStringLiteral(
            "UPDATE conversations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL"),
        &error);
    if (error) return error;
    update.addBindValue(QDateTime::currentMSecsSinceEpoch());
    update.addBindValue(id);
    if ((error = sql::exec(update))) return error;
    return update.numRowsAffected() == 0 ? notFound(id) : StoreError();
}

StoreResult<Conversation> ConversationTable::restore(qint64 id) {
    using R = StoreResult<Conversation>;
    StoreError error;
    QSqlQuery update = sql::prepare(
        m_db,
        QStringLiteral(
            "UPDATE conversations SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL"),
        &error);
    if (error) return R::failure(error);
    update.addBindValue(id);
    if ((error = sql::exec(update))) return R::failure(error);
    if (update.numRowsAffected() == 0) return R::failure(notFound(id));
    return get(id);
}

StoreError ConversationTable::purge(qint64 id) {
    StoreError error;
    QSqlQuery remove =
        sql::prepare(m_db, QStringLiteral("DELETE FROM conversations WHERE id = ?"), &error);
    if (error) return error;
    remove.addBindValue(id);
    if ((error = sql::exec(remove))) return error;
    return remove.numRowsAffected() == 0 ? notFound(id) : StoreError();
}

} // namespace glm::history
