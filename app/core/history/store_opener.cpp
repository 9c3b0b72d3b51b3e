#include "history/store_opener.h"

#include "history/history_log.h"
#include "history/sql_support.h"
#include "history/store_salvage.h"
#include "history/store_schema.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

namespace glm::history {

namespace {

// The translation context of these messages (lupdate reads StoreText::tr).
struct StoreText {
    Q_DECLARE_TR_FUNCTIONS(ConversationStore)
};

QString lostOnQuit() {
    return StoreText::tr("Chats of this session will not be kept after GLM Chat quits.");
}

QString joinSentences(const QString& a, const QString& b) {
    if (a.isEmpty()) return b;
    if (b.isEmpty()) return a;
    return a + QLatin1Char(' ') + b;
}

// Everything done to a connection before the store uses it. Reads first, so that a file that
// is not a database, is locked or is newer is recognised before anything is written.
StoreError prepareConnection(QSqlDatabase& db, const StoreOptions& options, bool inMemory,
                             bool checkIntegrity, bool limitSize) {
    StoreResult<QVariant> tables =
        sql::scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master"));
    if (!tables.ok()) return tables.error;
    StoreResult<int> version = schema::readVersion(db);
    if (!version.ok()) return version.error;
    if (version.value > schema::kCurrentVersion)
        return StoreError::make(StoreErrorKind::NewerVersion, QString::number(version.value));
    if (checkIntegrity) {
        StoreResult<QVariant> check = sql::scalar(db, QStringLiteral("PRAGMA quick_check"));
        if (!check.ok()) return check.error;
        if (check.value.toString() != QLatin1String("ok"))
            return StoreError::make(StoreErrorKind::Corrupt, check.value.toString());
    }
    if (!inMemory) {
        // WAL: readers never block the writer, and a commit is one append (crash-safe).
        if (StoreError error = sql::exec(db, QStringLiteral("PRAGMA journal_mode = WAL")))
            return error;
        // FULL: a committed message survives a power cut too, not only a crash of the app.
        if (StoreError error = sql::exec(db, QStringLiteral("PRAGMA synchronous = FULL")))
            return error;
    }
    if (StoreError error = sql::exec(db, QStringLiteral("PRAGMA foreign_keys = ON"))) return error;
    if (limitSize && options.maxPageCount > 0)
        if (StoreError error = sql::exec(
                db, QStringLiteral("PRAGMA max_page_count = %1").arg(options.maxPageCount)))
            return error;
    if (StoreError error = schema::migrate(db)) return error;
    // A reply still streaming was cut off by a crash: keep its text, say it was interrupted.
    if (StoreError error = sql::exec(
            db,
            QStringLiteral("UPDATE messages SET state = 'interrupted' WHERE state = 'streaming'")))
        return error;
    const qint64 cutoff =
        QDateTime::currentMSecsSinceEpoch() - qint64(options.trashRetentionDays) * 86'400'000;
    return sql::exec(
        db,
        QStringLiteral("DELETE FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at < %1")
            .arg(cutoff));
}

struct Attempt {
    QString connectionName;
    StoreError error;
};

Attempt attempt(const QString& path, const StoreOptions& options, bool checkIntegrity,
                bool limitSize) {
    const bool inMemory = path == QLatin1String(":memory:");
    StoreResult<QString> name = StoreOpener::connect(path, options, false);
    if (!name.ok()) return {{}, name.error};
    StoreError error;
    {
        QSqlDatabase db = QSqlDatabase::database(name.value, false);
        error = prepareConnection(db, options, inMemory, checkIntegrity, limitSize);
    }
    if (error) {
        StoreOpener::disconnect(name.value);
        return {{}, error};
    }
    return {name.value, {}};
}

// Renames the file and its WAL/shared-memory companions aside. A left-over -wal next to a new
// file would be replayed into it, so failing to move it aborts the whole move.
QString moveAside(const QString& path) {
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString target = path + QStringLiteral(".damaged-") + stamp;
    for (int n = 2; QFileInfo::exists(target) || QFileInfo::exists(target + QStringLiteral("-wal"));
         ++n)
        target = path + QStringLiteral(".damaged-%1-%2").arg(stamp).arg(n);
    if (!QFile::rename(path, target)) return {};
    for (const char* suffix : {"-wal", "-shm"}) {
        if (!QFileInfo::exists(path + suffix)) continue;
        if (!QFile::rename(path + suffix, target + suffix)) {
            QFile::rename(target, path); // put it back rather than split a file from its WAL
            return {};
        }
    }
    return target;
}

OpenedStore inMemory(const StoreOptions& options, const QString& primaryPath, const QString& why) {
    OpenedStore store;
    store.primaryPath = primaryPath;
    store.mode = StoreMode::InMemory;
    store.notice = joinSentences(why, lostOnQuit());
    Attempt memory = attempt(QStringLiteral(":memory:"), options, false, false);
    store.connectionName = memory.connectionName; // empty only if the SQLite driver is missing
    if (memory.error) store.notice = joinSentences(store.notice, memory.error.userText());
    return store;
}

// Opens a copy of an existing history that cannot be written in place, so the user still sees
// and searches it; falls back to memory when there is nothing to copy or copying fails.
OpenedStore temporaryCopy(const StoreOptions& options, const QString& path, const QString& why) {
    if (!QFileInfo(path).isFile() || QFileInfo(path).size() == 0)
        return inMemory(options, path, why);
    auto scratch = std::make_shared<QTemporaryDir>(QDir::tempPath() +
                                                   QStringLiteral("/glm-chat-history-XXXXXX"));
    const QString copy = scratch->filePath(QFileInfo(path).fileName());
    const bool copied = scratch->isValid() && QFile::copy(path, copy) &&
                        (!QFileInfo::exists(path + QStringLiteral("-wal")) ||
                         QFile::copy(path + QStringLiteral("-wal"), copy + QStringLiteral("-wal")));
    if (!copied) return inMemory(options, path, why);
    // QFile::copy keeps the source's permissions, and the copy must be writable.
    for (const QString& file : {copy, copy + QStringLiteral("-wal")})
        if (QFileInfo::exists(file))
            QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner);
    Attempt opened = attempt(copy, options, false, false);
    if (opened.error) return inMemory(options, path, why);
    OpenedStore store;
    store.connectionName = opened.connectionName;
    store.path = copy;
    store.primaryPath = path;
    store.mode = StoreMode::TemporaryCopy;
    store.scratch = scratch;
    store.notice = joinSentences(why, lostOnQuit());
    return store;
}

QString lockedText(const QString& path) {
    return StoreText::tr(
               "Your chat history (%1) is in use by another program, perhaps another GLM Chat "
               "window. It was left untouched; close the other program and restart GLM Chat.")
        .arg(QDir::toNativeSeparators(path));
}

QString unwritableText(const QString& path, const StoreError& error) {
    return StoreText::tr(
               "GLM Chat cannot write your chat history %1 (%2). Check the permissions of the "
               "file and its folder, or free disk space, and restart GLM Chat.")
        .arg(QDir::toNativeSeparators(path), error.detail);
}

OpenedStore openAt(const StoreOptions& options, const QString& path, bool allowSibling);

OpenedStore recoverDamaged(const StoreOptions& options, const QString& path,
                           const StoreError& damage) {
    const QString aside = moveAside(path);
    qCWarning(lcHistory).noquote()
        << QStringLiteral("history file %1 is damaged (%2), moved aside as %3")
               .arg(path, damage.detail,
                    aside.isEmpty() ? QStringLiteral("(nothing: the move failed)") : aside);
    if (aside.isEmpty())
        return temporaryCopy(
            options, path,
            StoreText::tr("Your chat history file %1 is damaged (%2) and could not be moved "
                          "aside.")
                .arg(QDir::toNativeSeparators(path), damage.detail));
    Attempt fresh = attempt(path, options, false, true);
    if (fresh.error)
        return inMemory(
            options, path,
            StoreText::tr("Your chat history file was damaged; it was kept as %1, but a new "
                          "one could not be created (%2).")
                .arg(QDir::toNativeSeparators(aside), fresh.error.detail));
    OpenedStore store;
    store.connectionName = fresh.connectionName;
    store.path = path;
    store.primaryPath = path;
    store.mode = StoreMode::Persistent;
    store.movedAsidePath = aside;
    {
        QSqlDatabase db = QSqlDatabase::database(fresh.connectionName, false);
        store.recoveredConversations = StoreSalvage::copyReadableRows(aside, db, options);
    }
    qCWarning(lcHistory).noquote() << "history salvaged:" << store.recoveredConversations
                                   << "conversation(s) recovered from" << aside;
    store.notice =
        store.recoveredConversations > 0
            ? StoreText::tr("Your chat history file was damaged. It was kept as %1, and %2 "
                            "conversation(s) were recovered from it.")
                  .arg(QDir::toNativeSeparators(aside))
                  .arg(store.recoveredConversations)
            : StoreText::tr("Your chat history file was damaged and nothing could be recovered "
                            "from it. It was kept as %1; GLM Chat starts with an empty history.")
                  .arg(QDir::toNativeSeparators(aside));
    return store;
}

OpenedStore openAt(const StoreOptions& options, const QString& path, bool allowSibling) {
    const bool check = QFileInfo(path).size() < options.alwaysCheckBelowBytes ||
                       QFileInfo::exists(StoreOpener::checkMarkerPath(path)) ||
                       QFileInfo::exists(path + QStringLiteral("-wal"));
    Attempt opened = attempt(path, options, check, true);
    if (!opened.error) {
        QFile::remove(StoreOpener::checkMarkerPath(path));
        OpenedStore store;
        store.connectionName = opened.connectionName;
        store.path = path;
        store.primaryPath = path;
        store.mode = StoreMode::Persistent;
        return store;
    }
    const StoreError& error = opened.error;
    qCWarning(lcHistory).noquote()
        << "history file" << path << "could not be opened as is:" << error.detail;
    switch (error.kind) {
    case StoreErrorKind::Busy:
        return inMemory(options, path, lockedText(path));
    case StoreErrorKind::Corrupt: {
        OpenedStore store = recoverDamaged(options, path, error);
        QFile::remove(StoreOpener::checkMarkerPath(path));
        return store;
    }
    case StoreErrorKind::NewerVersion: {
        const QFileInfo info(path);
        const QString sibling = info.dir().filePath(QStringLiteral("%1.v%2.%3")
                                                        .arg(info.completeBaseName())
                                                        .arg(schema::kCurrentVersion)
                                                        .arg(info.suffix()));
        const QString why =
            StoreText::tr(
                "Your chat history %1 was saved by a newer version of GLM Chat (format %2; this "
                "version reads up to %3). It was left untouched for that version.")
                .arg(QDir::toNativeSeparators(path), error.detail)
                .arg(schema::kCurrentVersion);
        if (!allowSibling) return inMemory(options, path, why);
        OpenedStore store = openAt(options, sibling, false);
        store.notice =
            joinSentences(why, store.mode == StoreMode::Persistent
                                   ? StoreText::tr("This version keeps its chats separately in %1.")
                                         .arg(QDir::toNativeSeparators(sibling))
                                   : store.notice);
        return store;
    }
    case StoreErrorKind::ReadOnly:
    case StoreErrorKind::CannotOpen:
    case StoreErrorKind::DiskFull:
        return temporaryCopy(options, path, unwritableText(path, error));
    default:
        return temporaryCopy(options, path,
                             StoreText::tr("Your chat history %1 could not be opened: %2.")
                                 .arg(QDir::toNativeSeparators(path), error.detail));
    }
}

} // namespace

QString StoreOpener::checkMarkerPath(const QString& databasePath) {
    return databasePath + QStringLiteral(".check");
}

StoreResult<QString> StoreOpener::connect(const QString& path, const StoreOptions& options,
                                          bool readOnly) {
    static QAtomicInt counter;
    const QString name = QStringLiteral("glm-history-%1").arg(counter.fetchAndAddRelaxed(1));
    StoreError error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        if (!db.isValid()) {
            error = StoreError::make(
                StoreErrorKind::Other,
                QStringLiteral("Qt's SQLite driver is missing (install libqt6sql6-sqlite)"));
        } else {
            db.setDatabaseName(path);
            QString connectOptions =
                QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(options.busyTimeoutMs);
            if (readOnly) connectOptions += QStringLiteral(";QSQLITE_OPEN_READONLY");
            db.setConnectOptions(connectOptions);
            if (!db.open()) {
                error = StoreError::fromSql(db.lastError());
                if (error.kind == StoreErrorKind::Other) error.kind = StoreErrorKind::CannotOpen;
            }
        }
    }
    if (error) {
        QSqlDatabase::removeDatabase(name);
        return StoreResult<QString>::failure(error);
    }
    return StoreResult<QString>::success(name);
}

void StoreOpener::disconnect(const QString& connectionName) {
    if (connectionName.isEmpty()) return;
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        if (db.isOpen()) db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

namespace {

void logOpened(const OpenedStore& store) {
    switch (store.mode) {
    case StoreMode::Persistent:
        qCInfo(lcHistory).noquote() << "history opened:" << store.path;
        break;
    case StoreMode::TemporaryCopy:
        qCWarning(lcHistory).noquote()
            << "history opened as a temporary copy" << store.path << "of" << store.primaryPath;
        break;
    case StoreMode::InMemory:
        qCWarning(lcHistory).noquote()
            << QStringLiteral("history kept in memory only (for %1)").arg(store.primaryPath);
        break;
    }
    if (!store.notice.isEmpty())
        qCWarning(lcHistory).noquote() << "history notice:" << store.notice;
}

OpenedStore openStore(const StoreOptions& options) {
    if (options.dataDirectory.isEmpty())
        return inMemory(options, {}, StoreText::tr("No folder was given for the chat history."));
    const QString path = QDir(options.dataDirectory).filePath(options.fileName);
    if (!QDir().mkpath(options.dataDirectory))
        return inMemory(
            options, path,
            StoreText::tr("GLM Chat cannot create the folder %1 for your chat history. Check "
                          "that it is writable.")
                .arg(QDir::toNativeSeparators(options.dataDirectory)));
    return openAt(options, path, true);
}

} // namespace

OpenedStore StoreOpener::open(const StoreOptions& options) {
    OpenedStore store = openStore(options);
    logOpened(store);
    return store;
}

void StoreOpener::close(OpenedStore& store) {
    if (!store.connectionName.isEmpty()) {
        // Lets SQLite refine its query plans from what this session asked (cheap).
        QSqlDatabase db = QSqlDatabase::database(store.connectionName, false);
        if (db.isOpen()) QSqlQuery(db).exec(QStringLiteral("PRAGMA optimize"));
    }
    disconnect(store.connectionName);
    store.connectionName.clear();
    store.scratch.reset();
}

} // namespace glm::history
