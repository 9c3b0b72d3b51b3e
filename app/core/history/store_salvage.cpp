#include "history/store_salvage.h"

#include "history/conversation_types.h"
#include "history/search_query.h"
#include "history/sql_support.h"
#include "history/store_opener.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>
#include <functional>

namespace glm::history {

namespace {

using Row = QHash<QString, QVariant>;

const QStringList kConversationColumns = {
    QStringLiteral("id"),        QStringLiteral("uuid"),       QStringLiteral("title"),
    QStringLiteral("model"),     QStringLiteral("created_at"), QStringLiteral("updated_at"),
    QStringLiteral("pinned"),    QStringLiteral("settings"),   QStringLiteral("current_leaf_id"),
    QStringLiteral("deleted_at")};

const QStringList kMessageColumns = {QStringLiteral("id"),
                                     QStringLiteral("conversation_id"),
                                     QStringLiteral("parent_id"),
                                     QStringLiteral("role"),
                                     QStringLiteral("content"),
                                     QStringLiteral("state"),
                                     QStringLiteral("created_at"),
                                     QStringLiteral("prompt_tokens"),
                                     QStringLiteral("completion_tokens"),
                                     QStringLiteral("model"),
                                     QStringLiteral("error"),
                                     QStringLiteral("tokens_per_second"),
                                     QStringLiteral("first_token_ms"),
                                     QStringLiteral("duration_ms"),
                                     QStringLiteral("thinking"),
                                     QStringLiteral("thinking_ms")};

// The wanted columns the damaged file has (its schema version may be older than ours).
QStringList readableColumns(QSqlDatabase& source, const QString& table, const QStringList& wanted) {
    QSqlQuery info(source);
    QSet<QString> present;
    if (info.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table)))
        while (info.next()) present.insert(info.value(1).toString());
    QStringList columns;
    for (const QString& column : wanted)
        if (present.contains(column)) columns.append(column);
    return columns;
}

// True when a read starting at id `from` gets past its first row without an error.
bool readableFrom(QSqlDatabase& source, const QString& table, qint64 from) {
    QSqlQuery probe(source);
    probe.setForwardOnly(true);
    if (!probe.prepare(
            QStringLiteral("SELECT id FROM %1 WHERE id >= ? ORDER BY id LIMIT 1").arg(table)))
        return false;
    probe.addBindValue(from);
    if (!probe.exec()) return false;
    probe.next();
    return probe.lastError().type() == QSqlError::NoError;
}

// The smallest id after `failing` from which reading works again: gallop forward, then bisect,
// so a damaged page costs the rows on it and no more. 0 when nothing further can be read.
// (Starting "at" an id matters: the first row of the next good page is found by its own id.)
qint64 nextReadableStart(QSqlDatabase& source, const QString& table, qint64 failing) {
    qint64 low = failing, high = 0;
    for (qint64 step = 1;; step *= 2) {
        if (low > std::numeric_limits<qint64>::max() - step || step > (qint64(1) << 60)) return 0;
        if (readableFrom(source, table, low + step)) {
            high = low + step;
            break;
        }
        low += step;
    }
    while (high - low > 1) {
        const qint64 middle = low + (high - low) / 2;
        (readableFrom(source, table, middle) ? high : low) = middle;
    }
    return high;
}

// Calls sink for every row that can be read, in id order, skipping over damaged pages.
void readRows(QSqlDatabase& source, const QString& table, const QStringList& columns,
              const std::function<void(const Row&)>& sink) {
    if (!columns.contains(QStringLiteral("id"))) return;
    const QString statement = QStringLiteral("SELECT %1 FROM %2 WHERE id >= ? ORDER BY id")
                                  .arg(columns.join(u','), table);
    qint64 from = 0; // row ids start at 1
    constexpr int kMaxDamagedAreas = 1000;
    for (int damaged = 0; damaged < kMaxDamagedAreas; ++damaged) {
        QSqlQuery query(source);
        query.setForwardOnly(true);
        if (!query.prepare(statement)) return; // the schema itself cannot be read
        query.addBindValue(from);
        qint64 last = from - 1;
        if (query.exec()) {
            while (query.next()) {
                Row row;
                for (int i = 0; i < columns.size(); ++i) row.insert(columns[i], query.value(i));
                last = row.value(QStringLiteral("id")).toLongLong();
                sink(row);
            }
            if (query.lastError().type() == QSqlError::NoError) return; // reached the end
        }
        from = nextReadableStart(source, table, qMax<qint64>(last + 1, 0));
        if (from == 0) return;
    }
}

QVariant orDefault(const Row& row, const QString& column, const QVariant& fallback) {
    const QVariant value = row.value(column);
    if (value.isNull())
        return fallback.typeId() == QMetaType::QString ? QVariant(sql::text(fallback.toString()))
                                                       : fallback;
    return value;
}

bool insertConversation(QSqlDatabase& target, const Row& row) {
    QSqlQuery insert(target);
    insert.prepare(
        QStringLiteral("INSERT INTO conversations (id, uuid, title, model, created_at, updated_at, "
                       "pinned, settings,"
                       " current_leaf_id, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    QString uuid = row.value(QStringLiteral("uuid")).toString();
    if (QUuid::fromString(uuid).isNull()) uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const qint64 created = orDefault(row, QStringLiteral("created_at"), 0).toLongLong();
    insert.addBindValue(row.value(QStringLiteral("id")));
    insert.addBindValue(uuid);
    insert.addBindValue(sql::text(orDefault(row, QStringLiteral("title"), QString()).toString()));
    insert.addBindValue(sql::text(orDefault(row, QStringLiteral("model"), QString()).toString()));
    insert.addBindValue(created);
    insert.addBindValue(orDefault(row, QStringLiteral("updated_at"), created).toLongLong());
    insert.addBindValue(orDefault(row, QStringLiteral("pinned"), 0).toInt() != 0 ? 1 : 0);
    insert.addBindValue(
        orDefault(row, QStringLiteral("settings"), QStringLiteral("{}")).toString());
    insert.addBindValue(row.value(QStringLiteral("current_leaf_id")));
    insert.addBindValue(row.value(QStringLiteral("deleted_at")));
    if (insert.exec()) return true;
    // A duplicate uuid (the damage may have duplicated a row): give this copy its own identity.
    insert.bindValue(1, QUuid::createUuid().toString(QUuid::WithoutBraces));
    return insert.exec();
}

bool insertMessage(QSqlDatabase& target, const Row& row) {
    QSqlQuery insert(target);
    insert.prepare(QStringLiteral(
        "INSERT INTO messages (id, conversation_id, parent_id, role, content, search_text, state,"
        " created_at, prompt_tokens, completion_tokens, model, error, tokens_per_second,"
        " first_token_ms, duration_ms, thinking, thinking_ms)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    QString state = row.value(QStringLiteral("state")).toString();
    if (!stateFromString(state) || state == QLatin1String("streaming"))
        state = QStringLiteral("interrupted");
    const QString role = row.value(QStringLiteral("role")).toString();
    if (!roleFromString(role)) return false;
    insert.addBindValue(row.value(QStringLiteral("id")));
    insert.addBindValue(row.value(QStringLiteral("conversation_id")));
    insert.addBindValue(row.value(QStringLiteral("parent_id")));
    insert.addBindValue(role);
    const QString content =
        sql::text(orDefault(row, QStringLiteral("content"), QString()).toString());
    insert.addBindValue(content);
    insert.addBindValue(separateIdeographs(content));
    insert.addBindValue(state);
    insert.addBindValue(orDefault(row, QStringLiteral("created_at"), 0).toLongLong());
    for (const char* column : {"prompt_tokens", "completion_tokens"})
        insert.addBindValue(row.value(QLatin1String(column)));
    insert.addBindValue(sql::text(orDefault(row, QStringLiteral("model"), QString()).toString()));
    insert.addBindValue(sql::text(orDefault(row, QStringLiteral("error"), QString()).toString()));
    for (const char* column : {"tokens_per_second", "first_token_ms", "duration_ms"})
        insert.addBindValue(row.value(QLatin1String(column)));
    insert.addBindValue(
        sql::text(orDefault(row, QStringLiteral("thinking"), QString()).toString()));
    insert.addBindValue(row.value(QStringLiteral("thinking_ms")));
    return insert.exec();
}

} // namespace

int StoreSalvage::copyReadableRows(const QString& damagedPath, QSqlDatabase& target,
                                   const StoreOptions& options) {
    StoreResult<QString> source = StoreOpener::connect(damagedPath, options, true);
    if (!source.ok()) return 0;
    int recovered = 0;
    {
        QSqlDatabase db = QSqlDatabase::database(source.value, false);
        sql::Transaction transaction(target);
        if (!transaction.beginError()) {
            QSet<qint64> conversations;
            readRows(db, QStringLiteral("conversations"),
                     readableColumns(db, QStringLiteral("conversations"), kConversationColumns),
                     [&](const Row& row) {
                         if (insertConversation(target, row))
                             conversations.insert(row.value(QStringLiteral("id")).toLongLong());
                     });
            readRows(db, QStringLiteral("messages"),
                     readableColumns(db, QStringLiteral("messages"), kMessageColumns),
                     [&](const Row& row) {
                         if (conversations.contains(
                                 row.value(QStringLiteral("conversation_id")).toLongLong()))
                             insertMessage(target, row);
                     });
            // Rows lost on damaged pages leave dangling references: make those messages roots
            // and let the store pick the newest leaf.
            sql::exec(target, QStringLiteral(
                                  "UPDATE messages SET parent_id = NULL WHERE parent_id IS NOT NULL"
                                  " AND parent_id NOT IN (SELECT id FROM messages)"));
            sql::exec(target,
                      QStringLiteral(
                          "UPDATE conversations SET current_leaf_id = NULL WHERE current_leaf_id"
                          " NOT IN (SELECT id FROM messages)"));
            if (!transaction.commit().isError()) recovered = int(conversations.size());
        }
    }
    StoreOpener::disconnect(source.value);
    return recovered;
}

} // namespace glm::history
