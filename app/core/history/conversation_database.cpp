#include "history/conversation_database.h"

#include <QFile>

namespace glm::history {

ConversationDatabase::ConversationDatabase(const StoreOptions& options)
    : m_options(options), m_store(StoreOpener::open(options)) {
    if (!m_store.connectionName.isEmpty())
        m_db = QSqlDatabase::database(m_store.connectionName, false);
}

ConversationDatabase::~ConversationDatabase() {
    m_db = QSqlDatabase(); // the connection can only be removed once no handle refers to it
    StoreOpener::close(m_store);
}

void ConversationDatabase::requestIntegrityCheck() const {
    if (m_store.mode != StoreMode::Persistent) return;
    QFile marker(StoreOpener::checkMarkerPath(m_store.path));
    if (marker.open(QIODevice::WriteOnly)) marker.write("integrity check requested\n");
}

} // namespace glm::history
