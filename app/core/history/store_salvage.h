// Copies whatever can still be read from a damaged history file into a fresh store: every
// conversation and message row that SQLite can return, keeping ids so the message trees stay
// intact. Reading stops at a damaged page and resumes further on, so one bad page costs the
// rows on it, not the rest of the file. The damaged file is opened read-only and never
// changed.
#pragma once

#include "history/store_options.h"

#include <QSqlDatabase>
#include <QString>

namespace glm::history {

class StoreSalvage {
public:
    // Returns how many conversations were recovered into target (a migrated, empty store).
    static int copyReadableRows(const QString& damagedPath, QSqlDatabase& target,
                                const StoreOptions& options);
};

} // namespace glm::history
