#include "history/store_error.h"

#include <QCoreApplication>
#include <QSqlError>

namespace glm::history {

namespace {
// SQLite primary result codes (sqlite3.h); Qt reports them, possibly extended, as text.
constexpr int kSqlitePerm = 3;
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteReadOnly = 8;
constexpr int kSqliteIoErr = 10;
constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteFull = 13;
constexpr int kSqliteCantOpen = 14;
constexpr int kSqliteConstraint = 19;
constexpr int kSqliteNotADb = 26;

// The translation context of these messages (lupdate reads StoreText::tr).
struct StoreText {
    Q_DECLARE_TR_FUNCTIONS(ConversationStore)
};
} // namespace

StoreError StoreError::fromSql(const QSqlError& error) {
    if (error.type() == QSqlError::NoError) return {};
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) &
                     0xff; // extended codes keep the primary in the low byte
    StoreErrorKind kind = StoreErrorKind::Other;
    if (ok) {
        switch (code) {
        case kSqliteBusy:
        case kSqliteLocked:
            kind = StoreErrorKind::Busy;
            break;
        case kSqliteFull:
            kind = StoreErrorKind::DiskFull;
            break;
        case kSqliteReadOnly:
        case kSqlitePerm:
            kind = StoreErrorKind::ReadOnly;
            break;
        case kSqliteCorrupt:
        case kSqliteNotADb:
            kind = StoreErrorKind::Corrupt;
            break;
        case kSqliteCantOpen:
            kind = StoreErrorKind::CannotOpen;
            break;
        case kSqliteIoErr:
            kind = StoreErrorKind::Io;
            break;
        case kSqliteConstraint:
            kind = StoreErrorKind::InvalidInput;
            break;
        default:
            break;
        }
    }
    QString detail = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    if (ok) detail += QStringLiteral(" (SQLite code %1)").arg(error.nativeErrorCode());
    return {kind, detail};
}

QString StoreError::userText() const {
    switch (kind) {
    case StoreErrorKind::None:
        return {};
    case StoreErrorKind::Busy:
        return StoreText::tr(
            "The chat history is in use by another program (perhaps another GLM Chat "
            "window). Close it and try again.");
    case StoreErrorKind::DiskFull:
        return StoreText::tr(
            "The disk is full, so chats cannot be saved right now. Free some space; "
            "GLM Chat keeps trying.");
    case StoreErrorKind::ReadOnly:
        return StoreText::tr(
            "The chat history cannot be written (the file or its folder is read-only). "
            "Check its permissions.");
    case StoreErrorKind::Corrupt:
        return StoreText::tr(
            "The chat history file is damaged. Restart GLM Chat to recover what can be "
            "recovered; the damaged file is kept.");
    case StoreErrorKind::CannotOpen:
        return StoreText::tr(
            "The chat history file cannot be opened. Check that its folder exists and "
            "is accessible.");
    case StoreErrorKind::NewerVersion:
        return StoreText::tr("The chat history was written by a newer version of GLM Chat.");
    case StoreErrorKind::NotFound:
        return StoreText::tr("That conversation or message no longer exists.");
    case StoreErrorKind::InvalidInput:
        return StoreText::tr("The data is not valid: %1").arg(detail);
    case StoreErrorKind::Io:
        return StoreText::tr("Reading or writing the chat history failed (%1). Check the disk.")
            .arg(detail);
    case StoreErrorKind::Other:
        return StoreText::tr("The chat history reported an error: %1").arg(detail);
    }
    return detail;
}

} // namespace glm::history
