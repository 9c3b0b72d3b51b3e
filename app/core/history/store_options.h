// How the conversation store is set up. The app passes its data directory; tests pass a
// QTemporaryDir.
#pragma once

#include <QString>

namespace glm::history {

struct StoreOptions {
    QString dataDirectory; // created if missing
    QString fileName = QStringLiteral("chats.sqlite");
    int busyTimeoutMs = 3000;    // how long to wait for another program's lock
    int replyCheckpointMs = 500; // a streaming reply is written at least this often
    int trashRetentionDays = 30; // deleted conversations stay restorable this long
    // Files smaller than this get an integrity check on every open (a few ms); larger ones
    // only after an unclean exit or a damaged page (store_opener.h).
    qint64 alwaysCheckBelowBytes = qint64(32) << 20;
    // SQLite's max_page_count for the history file (0: no limit). Caps the file size; tests
    // simulate a full disk with it.
    qint64 maxPageCount = 0;
};

} // namespace glm::history
