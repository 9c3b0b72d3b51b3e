// Gathers streamed reply text so that the UI is updated at most ~30 times a second however fast
// the model decodes. The worker's thread is busy inside the engine while a reply is generated (no
// event loop, so no timers): the decision is made on each new piece. A piece is sent at once when
// the last send was at least `interval` ago, otherwise it is held and goes out with a later piece
// or with flush() at the end. So text is late by at most max(interval, time between two tokens).
#pragma once

#include <QString>
#include <chrono>
#include <functional>

namespace glm::app {

class TokenCoalescer {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    using Sink = std::function<void(const QString& text)>;

    static constexpr std::chrono::milliseconds kDefaultInterval{33};

    explicit TokenCoalescer(Sink sink, std::chrono::milliseconds interval = kDefaultInterval,
                            Clock clock = {});

    // Adds a piece of text; sends everything held when the interval has passed.
    void push(const QString& piece);
    // Sends whatever is held (the end of a reply).
    void flush();
    // Forgets held text without sending it, and allows the next piece to go out at once.
    void reset();

    int sends() const { return sends_; }

private:
    void send();

    Sink sink_;
    std::chrono::milliseconds interval_;
    Clock clock_;
    QString pending_;
    std::chrono::steady_clock::time_point lastSend_{};
    bool sentBefore_ = false;
    int sends_ = 0;
};

} // namespace glm::app
