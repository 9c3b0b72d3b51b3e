// Helper of tst_store_crash: writes a conversation through ConversationStore exactly as the
// chat controller does, then streams a reply forever, until the test kills it with SIGKILL.
// It reports on stdout what it has done:
//   committed <message id>     after the store confirmed a message (addUserMessage, finishReply)
//   streaming <message id>     the reply that will be cut off
//   progress <characters>      after each updateReply call with that much text
// The reply is "w000000 w000001 ...": 8 characters per chunk, so any prefix can be checked.
#include "history/conversation_store.h"

#include <QCoreApplication>
#include <QTimer>
#include <cstdio>

using namespace glm::history;

namespace {

void say(const QString& line) {
    std::fputs(qPrintable(line + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}

QString chunk(int i) {
    return QStringLiteral("w%1 ").arg(i, 6, 10, QLatin1Char('0'));
}

class Writer : public QObject {
public:
    Writer(ConversationStore* store, int turns) : m_store(store), m_turns(turns) {}

    void start() {
        m_store->createConversation(QStringLiteral("crash-test-model"), {}, this,
                                    [this](const StoreResult<Conversation>& c) {
                                        if (!c.ok()) fail(c.error);
                                        m_conversation = c.value.id;
                                        nextTurn(0);
                                    });
    }

private:
    void fail(const StoreError& error) {
        say(QStringLiteral("error %1").arg(error.detail));
        QCoreApplication::exit(2);
    }

    void nextTurn(int turn) {
        const bool last = turn == m_turns;
        const QString question =
            last ? QStringLiteral("final question") : QStringLiteral("question %1").arg(turn);
        m_store->addUserMessage(
            m_conversation, m_leaf, question, this,
            [this, turn, last](const StoreResult<Message>& m) {
                if (!m.ok()) return fail(m.error);
                say(QStringLiteral("committed %1").arg(m.value.id));
                m_store->beginAssistantReply(
                    m_conversation, m.value.id, QStringLiteral("crash-test-model"), this,
                    [this, turn, last](const StoreResult<Message>& reply) {
                        if (!reply.ok()) return fail(reply.error);
                        m_leaf = reply.value.id;
                        if (last) return stream(reply.value.id);
                        m_store->finishReply(
                            reply.value.id, QStringLiteral("answer %1").arg(turn),
                            MessageState::Complete, {}, {}, this,
                            [this, turn](const StoreResult<Message>& done) {
                                if (!done.ok()) return fail(done.error);
                                say(QStringLiteral("committed %1").arg(done.value.id));
                                nextTurn(turn + 1);
                            });
                    });
            });
    }

    void stream(qint64 reply) {
        say(QStringLiteral("streaming %1").arg(reply));
        auto* timer = new QTimer(this);
        connect(timer, &QTimer::timeout, this, [this, reply] {
            m_text += chunk(m_chunks++);
            m_store->updateReply(reply, m_text);
            say(QStringLiteral("progress %1").arg(m_text.size()));
        });
        timer->start(10); // ~100 tokens a second, faster than any GLM on a real GPU
    }

    ConversationStore* m_store;
    int m_turns;
    qint64 m_conversation = 0;
    qint64 m_leaf = 0;
    QString m_text;
    int m_chunks = 0;
};

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: store_crash_writer DATA_DIR TURNS\n");
        return 1;
    }
    StoreOptions options;
    options.dataDirectory = QString::fromLocal8Bit(argv[1]);
    ConversationStore store(options);
    Writer writer(&store, QByteArray(argv[2]).toInt());
    QObject::connect(&store, &ConversationStore::readyChanged, &writer,
                     [&writer] { writer.start(); });
    return app.exec();
}
