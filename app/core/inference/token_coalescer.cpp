#include "inference/token_coalescer.h"

#include <utility>

namespace glm::app {

TokenCoalescer::TokenCoalescer(Sink sink, std::chrono::milliseconds interval, Clock clock)
    : sink_(std::move(sink)), interval_(interval), clock_(std::move(clock)) {
    if (!clock_) clock_ = [] { return std::chrono::steady_clock::now(); };
}

void TokenCoalescer::push(const QString& piece) {
    if (piece.isEmpty()) return;
    pending_ += piece;
    // The first piece goes out at once: the time to the first visible token is what users feel.
    if (!sentBefore_ || clock_() - lastSend_ >= interval_) send();
}

void TokenCoalescer::flush() {
    if (!pending_.isEmpty()) send();
}

void TokenCoalescer::reset() {
    pending_.clear();
    sentBefore_ = false;
}

void TokenCoalescer::send() {
    QString text;
    std::swap(text, pending_);
    lastSend_ = clock_();
    sentBefore_ = true;
    ++sends_;
    sink_(text);
}

} // namespace glm::app
